"""What fontconfig's answer about a face depends on, as one stamp (issue 20 §3).  字体配置状态。

:func:`doctemplates.fonts.metrics.face_metrics` asks ``fc-match`` which file a
face name resolves to: two processes (~20 ms) of a one-document ``render``.  The
answer depends only on fontconfig's configuration, the font folders it scans,
the environment it reads and fontconfig itself, so it can be kept in the signed
user cache under a stamp of exactly these — the way fontconfig decides whether
its own caches are current (a folder's modification time changes when a font is
added, removed or renamed in it):

* the configuration files, following ``<include>`` from the project mapping
  (:data:`~doctemplates.fonts.FONTS_CONF`) through the system's and the user's
  (``conf.d`` folders: every ``.conf`` in them) — path, size, mtime of each;
* every folder below each ``<dir>`` they name — path and mtime;
* the environment fontconfig reads (``FONTCONFIG_*``, ``FC_*``, ``HOME``, the XDG
  folders, the locale, whose language ranks faces) and the ``fc-match``
  executable (path, size, mtime: an upgrade).

Anything it cannot read with certainty (more than :data:`MAX_FILES` configuration
files or :data:`MAX_DIRS` font folders, an unreadable file) gives None: ask
fontconfig every time, as before.

>>> from doctemplates.fonts import fontconfig_env
>>> stamp = fontconfig_stamp(fontconfig_env())
>>> stamp is None or len(stamp) == 64
True
"""

from __future__ import annotations

import functools
import hashlib
import os
import re
import shutil
from collections.abc import Iterator, Mapping
from pathlib import Path

__all__ = ["MAX_DIRS", "MAX_FILES", "fontconfig_stamp"]

MAX_FILES = 400  # configuration files (Debian: about 60)
MAX_DIRS = 20_000  # font folders below the <dir> entries
_ENV = re.compile(r"FONTCONFIG_\w*|FC_\w*|HOME|XDG_\w*|LANG|LANGUAGE|LC_ALL|LC_CTYPE")
_ELEMENT = re.compile(r"<(include|dir)\b([^>]*)>([^<]*)</\1>")
_PREFIX = re.compile(r"""prefix\s*=\s*["']([^"']*)["']""")


class _Unsure(Exception):
    """The stamp cannot be taken with certainty: no caching."""


def fontconfig_stamp(env: Mapping[str, str]) -> str | None:
    """SHA-256 of what fontconfig's matching depends on under ``env`` (None: cannot tell)."""
    return _stamp(tuple(sorted((k, v) for k, v in env.items() if _ENV.fullmatch(k))))


@functools.cache
def _stamp(env: tuple[tuple[str, str], ...]) -> str | None:
    variables = dict(env)
    top = variables.get("FONTCONFIG_FILE")
    exe = shutil.which("fc-match")
    if not top or exe is None:
        return None
    h = hashlib.sha256(b"fontconfig 1\0")
    try:
        h.update(f"{env}\0{_identity(Path(exe))}\0".encode("utf-8", "surrogatepass"))
        dirs: list[Path] = []
        for line in _config_files(Path(top), variables, dirs):
            h.update(f"{line}\n".encode("utf-8", "surrogatepass"))
        count = 0
        for folder in dirs:
            for found in _folders(folder):
                count += 1
                if count > MAX_DIRS:
                    return None
                h.update(f"{found}\n".encode("utf-8", "surrogatepass"))
    except (_Unsure, OSError, UnicodeError):
        return None
    return h.hexdigest()


def _identity(path: Path) -> str:
    info = path.stat()
    return f"{path}:{info.st_size}:{info.st_mtime_ns}"


def _config_files(top: Path, env: Mapping[str, str], dirs: list[Path]) -> Iterator[str]:
    """The configuration files from ``top`` through its includes, each as path, size and
    mtime (a missing one: its name); the ``<dir>`` folders they name are added to ``dirs``."""
    pending, seen = [top], set()
    while pending:
        path = pending.pop(0)
        if path in seen:
            continue
        seen.add(path)
        if len(seen) > MAX_FILES:
            raise _Unsure
        if path.is_dir():
            yield _identity(path)
            pending[:0] = sorted(p for p in path.iterdir() if p.suffix == ".conf")
            continue
        if not path.is_file():
            yield f"{path} (missing)"  # created later: the stamp changes
            continue
        yield _identity(path)
        text = path.read_text(encoding="utf-8", errors="replace")
        found: list[Path] = []
        for element, attributes, value in _ELEMENT.findall(text):
            targets = _resolve(element, value.strip(), attributes, path.parent, env)
            (found if element == "include" else dirs).extend(targets)
        pending[:0] = found  # includes in document order, before the rest


def _resolve(
    element: str, value: str, attributes: str, here: Path, env: Mapping[str, str]
) -> list[Path]:
    """A file or folder name of the configuration as fontconfig may read it (a relative name:
    from the including file's folder and from fontconfig's own, both stamped)."""
    if not value:
        return []
    prefix = _PREFIX.search(attributes)
    home = env.get("HOME") or str(Path.home())
    if prefix and prefix.group(1) == "xdg":
        base = "XDG_DATA_HOME" if element == "dir" else "XDG_CONFIG_HOME"
        default = ".local/share" if base == "XDG_DATA_HOME" else ".config"
        return [Path(env.get(base) or Path(home) / default) / value]
    if value.startswith("~"):
        return [Path(home) / value[1:].lstrip("/")]
    path = Path(value)
    if path.is_absolute():
        return [path]
    config_dirs = (env.get("FONTCONFIG_PATH") or "/etc/fonts").split(os.pathsep)
    return [here / path, *(Path(d) / path for d in config_dirs if d)]


def _folders(top: Path) -> Iterator[str]:
    """Every folder below ``top`` (itself included) with its modification time."""
    if not top.is_dir():
        yield f"{top} (missing)"
        return
    for folder, subdirs, _files in os.walk(top):
        subdirs.sort()
        yield f"{folder}:{os.stat(folder).st_mtime_ns}"
