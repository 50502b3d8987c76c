"""Font mapping for PDF output on Linux (字体映射).

``fonts.conf`` maps the GB/T 9704 face names the templates use (方正小标宋简体,
仿宋_GB2312, 楷体_GB2312, 黑体, 宋体 and their English aliases) to free faces and
includes the system configuration, so fonts the user installed still win when
they carry the real names.  Run LibreOffice under :func:`fontconfig_env`.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from collections.abc import Mapping
from pathlib import Path

__all__ = [
    "FONTS_CONF",
    "FREE_FACE_FILES",
    "fc_pattern",
    "fc_query",
    "fontconfig_env",
    "project_font_dirs",
]

FONTS_CONF = Path(__file__).with_name("fonts.conf")
#: The free faces ``.ci/system-deps.sh`` extracts from Debian's texlive-lang-chinese .deb.
FREE_FACE_FILES = (
    "FandolFang-Regular.otf",  # 仿宋
    "FandolSong-Bold.otf",  # 小标宋
    "FandolSong-Regular.otf",  # 宋体
    "FandolKai-Regular.otf",  # 楷体
    "FandolHei-Regular.otf",  # 黑体 (after Noto Sans CJK SC)
    "FandolHei-Bold.otf",
)


def project_font_dirs() -> tuple[Path, ...]:
    """The folders fonts.conf lists for the free faces: system-wide, then per user (XDG)."""
    data_home = Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share")
    return (Path("/usr/local/share/doctemplates/fonts"), data_home / "doctemplates" / "fonts")


def fontconfig_env(base: dict[str, str] | None = None) -> dict[str, str]:
    """Return an environment whose ``FONTCONFIG_FILE`` is the project mapping.

    ``base`` defaults to :data:`os.environ`; the result is a new dict.

    >>> fontconfig_env({})["FONTCONFIG_FILE"].endswith("fonts.conf")
    True
    """
    env = dict(os.environ if base is None else base)
    env["FONTCONFIG_FILE"] = str(FONTS_CONF)
    return env


def fc_pattern(family: str) -> str:
    """``family`` as an fc-match pattern: ``-``, ``:``, ``,`` and ``\\`` escaped.

    Unescaped, ``FZXiaoBiaoSong-B05S`` would read as family ``FZXiaoBiaoSong``, size ``B05S``.

    >>> fc_pattern("FZXiaoBiaoSong-B05S")
    'FZXiaoBiaoSong\\\\-B05S'
    """
    return re.sub(r"([\\\-:,])", r"\\\1", family)


def fc_query(face: str, fmt: str, env: Mapping[str, str]) -> str | None:
    """What ``fc-match -f fmt`` prints for ``face`` under ``env``; None without fontconfig.

    The one place the project asks fontconfig about a face (metrics, the PDF
    font mapping and the font report).
    """
    exe = shutil.which("fc-match")
    if exe is None:
        return None
    try:
        return subprocess.run(
            [exe, "-f", fmt, fc_pattern(face)],
            env=dict(env),
            capture_output=True,
            text=True,
            timeout=30,
        ).stdout
    except (OSError, subprocess.SubprocessError):
        return None
