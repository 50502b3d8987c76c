"""Pictures of docs/版式细则.md (issue 16 §3–6): blank pages, landscape tables, seals, 命令.

Renders through the real pipeline (kind → .docx → warm LibreOffice pool → PDF with the page
rules and the landscape turn → ``pdftoppm``) and writes ``docs/images/layout-<name>.png``:

* ``blank-pages``: the 整改方案 sample's pages 7 and 8 (blank page and 版记 page, unnumbered);
* ``landscape``: its page 5, the 整改任务分解表 turned with its head to the left edge;
* ``joint-seals``: samples/notice.yaml issued by three organs with a seal each;
* ``order`` and ``order-stamp``: samples/order.yaml page 1, and its signature page with a
  signature-stamp picture.

The seal and stamp pictures are drawn here (a red disc, red stripes): no real seal.

Usage: .venv/bin/python docs/make_layout_images.py [--dpi 50]
(needs LibreOffice and pdftoppm)
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from doctemplates.cli import data_for_kind  # noqa: E402
from doctemplates.data import KIND_KEY, data_dir, load_data  # noqa: E402
from doctemplates.kinds import get_kind  # noqa: E402
from doctemplates.pdf import to_pdf  # noqa: E402
from tests.layout.test_seal import red_disc_png, stamp_png  # noqa: E402

IMAGES = ROOT / "docs" / "images"
JOINT = ["示例市科学技术局", "示例市财政局", "示例市教育局"]


def _pdf(name: str, tmp: Path, edit: dict[str, object] | None = None) -> Path:
    sample = ROOT / "samples" / f"{name}.yaml"
    data = load_data(sample)
    kind = get_kind(str(data.get(KIND_KEY, "document")))
    with data_dir(sample.parent):
        model = kind.validate({**data_for_kind(kind, data), **(edit or {})})
    out = tmp / f"{name}-{len(edit or {})}.pdf"
    out.write_bytes(to_pdf(kind.render(model)))
    return out


def _png(pdf: Path, first: int, last: int, target: str, dpi: int) -> None:
    """Pages ``first``–``last`` side by side, each framed in grey (blank pages show as pages)."""
    from PIL import Image, ImageOps  # pillow comes with reportlab (the watermark)

    stem = IMAGES / f"layout-{target}"
    pages = ["-f", str(first), "-l", str(last)]
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run(
            ["pdftoppm", "-png", "-r", str(dpi), *pages, str(pdf), f"{tmp}/p"], check=True
        )
        parts = [
            ImageOps.expand(Image.open(p).convert("RGB"), border=1, fill="#999999")
            for p in sorted(Path(tmp).glob("p-*.png"))
        ]
        gap = 8
        width = sum(p.width for p in parts) + gap * (len(parts) - 1)
        joined = Image.new("RGB", (width, max(p.height for p in parts)), "white")
        x = 0
        for part in parts:
            joined.paste(part, (x, 0))
            x += part.width + gap
        joined.save(stem.with_suffix(".png"))
    print(stem.with_suffix(".png").relative_to(ROOT))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--dpi", type=int, default=50)
    args = parser.parse_args()
    IMAGES.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as name:
        tmp = Path(name)
        rect = _pdf("rectification", tmp)
        _png(rect, 7, 8, "blank-pages", args.dpi)
        _png(rect, 5, 5, "landscape", args.dpi)
        seals = []
        for i in range(len(JOINT)):
            (tmp / f"seal{i}.png").write_bytes(red_disc_png())
            seals.append(str(tmp / f"seal{i}.png"))
        signature = {"date": "2026-11-20", "seal_mode": "seal", "seal_images": seals}
        joint = _pdf("notice", tmp, {"organs": JOINT, "signature": signature})
        _png(joint, 4, 4, "joint-seals", args.dpi)
        order = _pdf("order", tmp)
        _png(order, 1, 1, "order", args.dpi)
        (tmp / "stamp.png").write_bytes(stamp_png())
        stamp = {"names": ["林知远"], "signer_title": "市长", "date": "2026-11-25"}
        stamped = _pdf("order", tmp, {"signature": {**stamp, "seal_image": str(tmp / "stamp.png")}})
        _png(stamped, 2, 2, "order-stamp", args.dpi)


if __name__ == "__main__":
    main()
