"""Pictures of the typography of docs/pdf.md (faces) and docs/标题断行.md (titles).

Renders page 1 of some samples through the real pipeline (kind → .docx → warm
LibreOffice pool → PDF → ``pdftoppm``) and writes ``docs/images/typography-<label>-<sample>.png``.
The "before" pictures were made with ``--label before`` at the commit before issue 16 §1–2;
``--label after`` (the default) shows the current faces and title breaks.

Usage: .venv/bin/python docs/make_typography_images.py [--label after] [--dpi 60]
(needs LibreOffice and pdftoppm)
"""

from __future__ import annotations

import argparse
import subprocess
import tempfile
from pathlib import Path

from doctemplates.assemble import data_for_kind
from doctemplates.data import KIND_KEY, data_dir, load_data
from doctemplates.kinds import get_kind
from doctemplates.pdf import to_pdf

ROOT = Path(__file__).resolve().parent.parent
IMAGES = ROOT / "docs" / "images"
SAMPLES = ("notice", "plan", "speech", "opinion")


def sample_pdf(name: str) -> bytes:
    """Page images come from the same path ``make demo`` takes."""
    sample = ROOT / "samples" / f"{name}.yaml"
    data = load_data(sample)
    kind = get_kind(str(data.get(KIND_KEY, "document")))
    with data_dir(sample.parent):
        model = kind.validate(data_for_kind(kind, data))
    return to_pdf(kind.render(model))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--label", default="after")
    parser.add_argument("--dpi", type=int, default=60)
    args = parser.parse_args()
    IMAGES.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        for name in SAMPLES:
            pdf = Path(tmp) / f"{name}.pdf"
            pdf.write_bytes(sample_pdf(name))
            target = IMAGES / f"typography-{args.label}-{name}"
            subprocess.run(
                ["pdftoppm", "-png", "-r", str(args.dpi), "-f", "1", "-l", "1", "-singlefile"]
                + [str(pdf), str(target)],
                check=True,
            )
            print(target.with_suffix(".png").relative_to(ROOT))


if __name__ == "__main__":
    main()
