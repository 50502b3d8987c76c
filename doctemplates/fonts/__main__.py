"""``python -m doctemplates.fonts build`` — rewrite ``fonts.conf`` from the alias table."""

from __future__ import annotations

import sys

from doctemplates.fonts import FONTS_CONF
from doctemplates.fonts.conf import fonts_conf


def main(argv: list[str] | None = None) -> int:
    """Entry point; returns the exit status."""
    args = sys.argv[1:] if argv is None else argv
    if args != ["build"]:
        print("用法 (usage): python -m doctemplates.fonts build", file=sys.stderr)
        return 2
    tmp = FONTS_CONF.with_suffix(".tmp")
    tmp.write_text(fonts_conf(), encoding="utf-8")
    tmp.replace(FONTS_CONF)
    print(f"字体映射 → {FONTS_CONF}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
