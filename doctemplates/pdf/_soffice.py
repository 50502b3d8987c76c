"""Finding, confining and starting LibreOffice; the one-shot converters.  查找、隔离并启动 LibreOffice。

Every LibreOffice this project starts

- runs under a watchdog (:class:`Guarded`, :mod:`doctemplates.pdf._guard`) in
  its own process group, which dies with the parent, even after ``kill -9``;
- uses a user profile from a per-user cache folder (:class:`ProfileSlot`,
  ``~/.cache/doctemplates/libreoffice/slot-N``, locked while in use and reused
  across runs), with its ``TMPDIR`` inside the slot: nothing is left in
  ``$TMPDIR``;
- cannot fetch anything a document points at: the profile blocks links from
  untrusted documents (``BlockUntrustedRefererLinks``, which is what stops
  linked images over ``http:`` and ``file:``), never updates links, runs no
  macros and no Java, has an unreachable proxy; where ``unshare`` works it
  also runs in a network namespace of its own (no network at all).

The one-shot paths (one ``soffice --convert-to`` per call, or one call for many
files) are the fallback when no Python with ``uno`` is available, and the
baselines of ``benchmarks/pdf_bench.py``.

Split by responsibility (issue 14): the watched processes (:mod:`._officeproc`) and
the profile slots (:mod:`._profiles`); their names are imported from here.
"""

from __future__ import annotations

import contextlib
import functools
import os
import shutil
import subprocess
from collections.abc import Mapping, Sequence
from pathlib import Path
from xml.sax.saxutils import quoteattr

from doctemplates.pdf._officeproc import (
    Guarded,
    group_rss_mb,
    pipe_socket,
)
from doctemplates.pdf._profiles import ProfileSlot
from doctemplates.pdf.errors import PdfError, PdfTimeoutError, PdfUnavailableError

__all__ = [
    "LO_SETTINGS",
    "Guarded",
    "INSTALL_HINT",
    "ProfileSlot",
    "convert_many_oneshot",
    "convert_oneshot",
    "filter_spec",
    "group_rss_mb",
    "network_sandbox",
    "pipe_socket",
    "office_env",
    "prepare_profile",
    "require_soffice",
    "soffice_path",
    "soffice_version",
    "uno_python",
]

INSTALL_HINT = (
    "sudo apt-get install libreoffice-writer-nogui python3-uno "
    "fonts-noto-cjk fonts-arphic-ukai fonts-lxgw-wenkai"
)
_UNO_CANDIDATES = ("/usr/bin/python3", "/usr/lib/libreoffice/program/python", "python3")


def soffice_path() -> str | None:
    """The LibreOffice executable (``$DOCTEMPLATES_SOFFICE`` first), or None."""
    return (
        os.environ.get("DOCTEMPLATES_SOFFICE")
        or shutil.which("soffice")
        or shutil.which("libreoffice")
    )


def require_soffice() -> str:
    """The LibreOffice executable; :class:`PdfUnavailableError` when missing."""
    soffice = soffice_path()
    if soffice is None:
        raise PdfUnavailableError(f"未找到 LibreOffice，无法生成 PDF；请先安装：{INSTALL_HINT}")
    return soffice


@functools.cache
def soffice_version() -> str | None:
    """``LibreOffice 7.4.7.2 …`` as printed by ``soffice --version``, or None."""
    soffice = soffice_path()
    if soffice is None:
        return None
    try:
        out = subprocess.run(
            [soffice, "--version"], capture_output=True, text=True, timeout=60
        ).stdout
    except (OSError, subprocess.SubprocessError):
        return None
    return out.strip() or None


@functools.cache
def uno_python() -> str | None:
    """A Python interpreter that can ``import uno`` (``$DOCTEMPLATES_UNO_PYTHON`` first)."""
    env = os.environ.get("DOCTEMPLATES_UNO_PYTHON")
    for candidate in (env,) if env else _UNO_CANDIDATES:
        exe = shutil.which(candidate) or (candidate if os.path.exists(candidate) else None)
        if exe and _imports_uno(exe):
            return exe
    return None


def _imports_uno(python: str) -> bool:
    try:
        proc = subprocess.run(
            [python, "-c", "import uno"], capture_output=True, timeout=30, env=_clean_env()
        )
    except (OSError, subprocess.SubprocessError):
        return False
    return proc.returncode == 0


def _clean_env(base: Mapping[str, str] | None = None) -> dict[str, str]:
    """The environment without the venv's Python settings (for the system Python)."""
    env = dict(os.environ if base is None else base)
    for name in ("PYTHONHOME", "PYTHONPATH", "VIRTUAL_ENV", "PYTHONSTARTUP"):
        env.pop(name, None)
    return env


def filter_spec(pdfa: bool) -> str:
    """The ``--convert-to`` argument: plain PDF or PDF/A-2b."""
    if pdfa:
        return 'pdf:writer_pdf_Export:{"SelectPdfVersion":{"type":"long","value":"2"}}'
    return "pdf:writer_pdf_Export"


#: Profile settings written into every profile before LibreOffice starts
#: (``registrymodifications.xcu``): (path, name, type, value, why).
LO_SETTINGS: tuple[tuple[str, str, str, str, str], ...] = (
    # Linked graphics (r:link images in body, headers, VML) load through the
    # referer check: with this on, a document outside the trusted locations
    # (all of ours) loads no http:, https: or file: picture.  Verified by
    # tests/adversarial/test_files_network.py (the listener receives nothing).
    (
        "/org.openoffice.Office.Common/Security/Scripting",
        "BlockUntrustedRefererLinks",
        "boolean",
        "true",
        "外链图片",
    ),
    (
        "/org.openoffice.Office.Common/Security/Scripting",
        "MacroSecurityLevel",
        "int",
        "3",
        "宏：最高安全级别",
    ),
    (
        "/org.openoffice.Office.Common/Security/Scripting",
        "DisableMacrosExecution",
        "boolean",
        "true",
        "宏：一律不执行",
    ),
    (
        "/org.openoffice.Office.Common/Security/Scripting",
        "CheckDocumentEvents",
        "boolean",
        "true",
        "文档事件",
    ),
    # Writer: LinkUpdateModes NEVER (0); Calc (OLE sheets): ScLkUpdMode never (1).
    ("/org.openoffice.Office.Writer/Content/Update", "Link", "int", "0", "Writer 链接从不更新"),
    ("/org.openoffice.Office.Calc/Content/Update", "Link", "int", "1", "Calc 链接从不更新"),
    ("/org.openoffice.Office.Java/VirtualMachine", "Enable", "boolean", "false", "不启动 Java"),
    # Manual proxy on a closed local port, with no exception: whatever slips
    # through cannot reach a server (loopback included).
    ("/org.openoffice.Inet/Settings", "ooInetProxyType", "int", "2", "代理：手动"),
    ("/org.openoffice.Inet/Settings", "ooInetNoProxy", "string", "", "代理：无例外"),
    ("/org.openoffice.Inet/Settings", "ooInetHTTPProxyName", "string", "127.0.0.1", "代理"),
    ("/org.openoffice.Inet/Settings", "ooInetHTTPProxyPort", "int", "9", "代理"),
    ("/org.openoffice.Inet/Settings", "ooInetHTTPSProxyName", "string", "127.0.0.1", "代理"),
    ("/org.openoffice.Inet/Settings", "ooInetHTTPSProxyPort", "int", "9", "代理"),
    ("/org.openoffice.Inet/Settings", "ooInetFTPProxyName", "string", "127.0.0.1", "代理"),
    ("/org.openoffice.Inet/Settings", "ooInetFTPProxyPort", "int", "9", "代理"),
    ("/org.openoffice.Office.Common/Misc", "UseLocking", "boolean", "false", "不写锁文件"),
    ("/org.openoffice.Office.Common/Save/Document", "CreateBackup", "boolean", "false", "不写备份"),
    ("/org.openoffice.Office.Recovery/AutoSave", "Enabled", "boolean", "false", "不自动保存"),
    ("/org.openoffice.Office.Recovery/RecoveryInfo", "Enabled", "boolean", "false", "不写恢复信息"),
)
_UNREACHABLE_PROXY = "http://127.0.0.1:9"
_PROXY_VARS = ("http_proxy", "https_proxy", "ftp_proxy", "all_proxy")


def prepare_profile(profile: Path) -> None:
    """Write :data:`LO_SETTINGS` into ``profile`` (created if missing), keeping LibreOffice's own."""
    user = profile / "user"
    user.mkdir(parents=True, exist_ok=True, mode=0o700)
    target = user / "registrymodifications.xcu"
    ours = {(path, name) for path, name, *_ in LO_SETTINGS}
    kept: list[str] = []
    with contextlib.suppress(OSError, ValueError):
        from lxml import etree

        from doctemplates.inputs import safe_xml_parser

        root = etree.fromstring(target.read_bytes(), safe_xml_parser())
        for item in root:
            prop = item[0] if len(item) else None
            key = (
                item.get(f"{{{_OOR}}}path"),
                prop.get(f"{{{_OOR}}}name") if prop is not None else None,
            )
            if key not in ours:
                kept.append(etree.tostring(item, encoding="unicode"))
    items = [
        f'<item oor:path={quoteattr(path)}><prop oor:name={quoteattr(name)} oor:op="fuse">'
        f"<value>{value}</value></prop></item>"
        for path, name, _type, value, _why in LO_SETTINGS
    ]
    text = (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f'<oor:items xmlns:oor="{_OOR}" xmlns:xs="http://www.w3.org/2001/XMLSchema" '
        'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">\n'
        + "\n".join(kept + items)
        + "\n</oor:items>\n"
    )
    tmp = user / ".registrymodifications.xcu.tmp"
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, target)


_OOR = "http://openoffice.org/2001/registry"


def office_env(env: Mapping[str, str], scratch: Path) -> dict[str, str]:
    """LibreOffice's environment: temporary files in ``scratch``, an unreachable proxy."""
    out = {k: v for k, v in env.items() if k.lower() != "no_proxy"}
    for name in _PROXY_VARS:
        out[name] = out[name.upper()] = _UNREACHABLE_PROXY
    scratch.mkdir(parents=True, exist_ok=True, mode=0o700)
    out["TMPDIR"] = out["TMP"] = out["TEMP"] = str(scratch)
    return out


@functools.cache
def network_sandbox() -> tuple[str, ...]:
    """The prefix that runs a command without network (``unshare``), or ``()`` where not allowed.

    As root a new network namespace needs no more; otherwise a user namespace
    mapping the current user (so the UNO pipe, named after the uid, still
    matches).  The namespace has only a loopback that is down: not even
    127.0.0.1 answers.  Set ``DOCTEMPLATES_NO_NETNS=1`` to skip it.
    """
    exe = shutil.which("unshare")
    if exe is None or os.environ.get("DOCTEMPLATES_NO_NETNS"):
        return ()
    candidates: list[tuple[str, ...]] = [(exe, "--net")] if os.geteuid() == 0 else []
    candidates.append((exe, "--user", "--map-current-user", "--net"))
    for prefix in candidates:
        with contextlib.suppress(OSError, subprocess.SubprocessError):
            if subprocess.run([*prefix, "true"], capture_output=True, timeout=10).returncode == 0:
                return prefix
    return ()


def office_args(soffice: str, profile: Path) -> list[str]:
    """``soffice`` with its own user profile, headless and without first-start dialogs."""
    return [
        *network_sandbox(),
        soffice,
        f"-env:UserInstallation={profile.as_uri()}",
        "--headless",
        "--invisible",
        "--norestore",
        "--nologo",
    ]


def _command(soffice: str, profile: Path, outdir: Path, pdfa: bool) -> list[str]:
    return [
        *office_args(soffice, profile),
        "--convert-to",
        filter_spec(pdfa),
        "--outdir",
        str(outdir),
    ]


def convert_many_oneshot(
    sources: Sequence[Path],
    outdir: Path,
    *,
    env: Mapping[str, str],
    timeout: float,
    pdfa: bool = False,
    slot: ProfileSlot | None = None,
) -> list[Path]:
    """One ``soffice --convert-to pdf a.docx b.docx …`` call; the PDFs in ``outdir``.

    Source names must have distinct stems.  Raises :class:`PdfError` when any
    PDF is missing afterwards.  ``slot`` is the profile to use (one is taken
    from the cache and given back when None).
    """
    soffice = require_soffice()
    with contextlib.ExitStack() as stack:
        if slot is None:
            slot = stack.enter_context(ProfileSlot.acquire())
        prepare_profile(slot.profile)
        command = _command(soffice, slot.profile, outdir, pdfa) + [str(s) for s in sources]
        proc = Guarded(command, office_env(env, slot.scratch), stderr=True)
        try:
            code, detail = proc.wait(timeout)
        except subprocess.TimeoutExpired as exc:
            raise PdfTimeoutError(f"LibreOffice 转换超时（超过 {timeout:.0f} 秒）") from exc
        finally:
            proc.kill()
    results = [outdir / (Path(s).stem + ".pdf") for s in sources]
    missing = [r for r in results if not r.exists()]
    if missing:
        raise PdfError(
            f"LibreOffice 未能转换文档 {missing[0].stem}（退出码 {code}）：{detail[:200]}"
        )
    return results


def convert_oneshot(
    docx: bytes,
    *,
    env: Mapping[str, str],
    timeout: float,
    pdfa: bool = False,
    slot: ProfileSlot | None = None,
) -> bytes:
    """Convert .docx bytes with a cold ``soffice`` of its own (a cached profile)."""
    with contextlib.ExitStack() as stack:
        if slot is None:
            slot = stack.enter_context(ProfileSlot.acquire())
        work = slot.fresh_work()
        source = work / "document.docx"
        source.write_bytes(docx)
        (pdf,) = convert_many_oneshot(
            [source], work, env=env, timeout=timeout, pdfa=pdfa, slot=slot
        )
        try:
            return pdf.read_bytes()
        finally:
            slot.clear()
