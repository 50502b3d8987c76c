"""Regenerate the overview pictures of docs/模板参考.md from the real pipeline.

The staff guide's pictures (docs/模板编写指南.md) come from docs/make_guide_images.py.

Usage: .venv/bin/python docs/make_images.py   (needs LibreOffice and pdftoppm)
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

from doctemplates.assemble import data_for_kind
from doctemplates.data import load_data
from doctemplates.kinds import get_kind, template_resource
from doctemplates.pdf import convert_file

ROOT = Path(__file__).resolve().parent.parent
IMAGES = ROOT / "docs" / "images"


def page_png(docx: Path, page: int, target: Path, work: Path) -> None:
    pdf = convert_file(docx, work / f"{docx.stem}.pdf", overwrite=True)
    stem = work / target.stem
    subprocess.run(["pdftoppm", "-png", "-r", "60", "-f", str(page), "-l", str(page), "-singlefile", str(pdf), str(stem)], check=True)
    shutil.move(f"{stem}.png", target)


def main() -> None:
    IMAGES.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        template = work / "template.docx"
        shutil.copy(template_resource("doctemplates", "wenjian.docx"), template)
        page_png(template, 1, IMAGES / "template-wenjian.png", work)
        data = load_data(ROOT / "samples" / "notice.yaml")
        kind = get_kind("document")
        notice = work / "notice.docx"
        notice.write_bytes(kind.render(data_for_kind(kind, data)))
        for page in (1, 2):
            page_png(notice, page, IMAGES / f"notice-page{page}.png", work)
    print("\n".join(str(p.relative_to(ROOT)) for p in sorted(IMAGES.glob("*.png"))))


if __name__ == "__main__":
    main()
