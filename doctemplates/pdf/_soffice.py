"""Finding LibreOffice and the one-shot converters.  查找 LibreOffice；一次性转换。

The one-shot paths (one ``soffice --convert-to`` per call, or one call for many
files) are the fallback when no Python with ``uno`` is available, and the
baselines of ``benchmarks/pdf_bench.py``.
"""

from __future__ import annotations

import functools
import os
import shutil
import subprocess
import tempfile
from collections.abc import Mapping, Sequence
from pathlib import Path

from doctemplates.pdf.errors import PdfError, PdfTimeoutError, PdfUnavailableError

__all__ = [
    "INSTALL_HINT",
    "convert_many_oneshot",
    "convert_oneshot",
    "filter_spec",
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


def office_args(soffice: str, profile: Path) -> list[str]:
    """``soffice`` with its own user profile, headless and without first-start dialogs."""
    return [
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
) -> list[Path]:
    """One ``soffice --convert-to pdf a.docx b.docx …`` call; the PDFs in ``outdir``.

    Source names must have distinct stems.  Raises :class:`PdfError` when any
    PDF is missing afterwards.
    """
    soffice = require_soffice()
    with tempfile.TemporaryDirectory(prefix="doctemplates-lo-profile-") as profile:
        command = _command(soffice, Path(profile), outdir, pdfa) + [str(s) for s in sources]
        try:
            proc = subprocess.run(
                command, env=dict(env), capture_output=True, text=True, timeout=timeout
            )
        except subprocess.TimeoutExpired as exc:
            raise PdfTimeoutError(f"LibreOffice 转换超时（超过 {timeout:.0f} 秒）") from exc
    results = [outdir / (Path(s).stem + ".pdf") for s in sources]
    missing = [r for r in results if not r.exists()]
    if missing:
        detail = (proc.stderr or proc.stdout).strip()[:200]
        raise PdfError(f"LibreOffice 未能转换文档 {missing[0].stem}：{detail}")
    return results


def convert_oneshot(
    docx: bytes, *, env: Mapping[str, str], timeout: float, pdfa: bool = False
) -> bytes:
    """Convert .docx bytes with a cold ``soffice`` of its own (own profile)."""
    with tempfile.TemporaryDirectory(prefix="doctemplates-pdf-") as tmp:
        source = Path(tmp) / "document.docx"
        source.write_bytes(docx)
        (pdf,) = convert_many_oneshot([source], Path(tmp), env=env, timeout=timeout, pdfa=pdfa)
        return pdf.read_bytes()
