"""Regenerate the before/after pictures of docs/导入与排版.md from the real pipeline.

Before: each draft of samples/drafts as LibreOffice shows it (a text or Markdown
draft opened as plain text).  After: the same draft through ``doctemplates
format`` (import → GB/T 9704 template), converted to PDF by the project.

Usage: .venv/bin/python docs/make_import_images.py   (needs LibreOffice and pdftoppm)
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

from doctemplates.data import data_dir
from doctemplates.importer import import_file
from doctemplates.kinds import get_kind
from doctemplates.pdf import convert_file

ROOT = Path(__file__).resolve().parent.parent
IMAGES = ROOT / "docs" / "images"
DRAFTS = {"通知草稿.txt": "draft-txt", "讲话草稿.md": "draft-md", "请示草稿.docx": "draft-docx"}


def png(pdf: Path, page: int, target: Path) -> None:
    stem = target.with_suffix("")
    subprocess.run(
        ["pdftoppm", "-png", "-r", "50", "-f", str(page), "-l", str(page), "-singlefile"]
        + [str(pdf), str(stem)],
        check=True,
    )


def before_pdf(draft: Path, work: Path) -> Path:
    """The draft as an office suite opens it (Markdown and text as plain text)."""
    source = work / (draft.stem + (".docx" if draft.suffix == ".docx" else ".txt"))
    shutil.copy(draft, source)
    profile = (work / "profile").as_uri()
    subprocess.run(
        ["soffice", f"-env:UserInstallation={profile}", "--headless", "--convert-to", "pdf"]
        + ["--outdir", str(work), str(source)],
        check=True,
        capture_output=True,
        timeout=180,
    )
    return work / f"{draft.stem}.pdf"


def after_pdf(draft: Path, work: Path) -> Path:
    result = import_file(draft)
    media = work / f"{draft.stem}-media"
    result.write_media(media)
    with data_dir(media):
        document = get_kind("document").render(result.model)
    target = work / f"{draft.stem}-formatted.docx"
    target.write_bytes(document)
    return convert_file(target, work / f"{draft.stem}-formatted.pdf", overwrite=True)


def main() -> None:
    IMAGES.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        for name, stem in DRAFTS.items():
            draft = ROOT / "samples" / "drafts" / name
            png(before_pdf(draft, work), 1, IMAGES / f"{stem}-before.png")
            after = after_pdf(draft, work)
            for page in (1, 2):
                png(after, page, IMAGES / f"{stem}-after{page}.png")
    print("\n".join(str(p.relative_to(ROOT)) for p in sorted(IMAGES.glob("draft-*.png"))))


if __name__ == "__main__":
    main()
