"""``python -m doctemplates.layout build OUTDIR`` — write the four templates."""

from __future__ import annotations

import sys
from pathlib import Path

from doctemplates.layout.builder import TEMPLATE_FILES, build_template


def main(argv: list[str] | None = None) -> int:
    """Entry point; returns the exit status."""
    args = sys.argv[1:] if argv is None else argv
    if len(args) != 2 or args[0] != "build":
        print("用法 (usage): python -m doctemplates.layout build OUTDIR", file=sys.stderr)
        return 2
    out = Path(args[1])
    out.mkdir(parents=True, exist_ok=True)
    for fmt, name in TEMPLATE_FILES.items():
        target = out / name
        tmp = target.with_suffix(".tmp")
        tmp.write_bytes(build_template(fmt))
        tmp.replace(target)
        print(f"{fmt}格式 → {target}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
