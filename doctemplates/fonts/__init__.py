"""Font mapping for PDF output on Linux (字体映射).

``fonts.conf`` maps the GB/T 9704 face names the templates use (方正小标宋简体,
仿宋_GB2312, 楷体_GB2312, 黑体, 宋体 and their English aliases) to free faces and
includes the system configuration, so fonts the user installed still win when
they carry the real names.  Run LibreOffice under :func:`fontconfig_env`.
"""

from __future__ import annotations

import os
from pathlib import Path

__all__ = ["FONTS_CONF", "fontconfig_env"]

FONTS_CONF = Path(__file__).with_name("fonts.conf")


def fontconfig_env(base: dict[str, str] | None = None) -> dict[str, str]:
    """Return an environment whose ``FONTCONFIG_FILE`` is the project mapping.

    ``base`` defaults to :data:`os.environ`; the result is a new dict.

    >>> fontconfig_env({})["FONTCONFIG_FILE"].endswith("fonts.conf")
    True
    """
    env = dict(os.environ if base is None else base)
    env["FONTCONFIG_FILE"] = str(FONTS_CONF)
    return env
