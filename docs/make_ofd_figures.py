"""Figures and pictures of docs/ofd.md: every sample and a generated corpus, checked independently.

For each document: the PDF (project pipeline) → OFD (:func:`doctemplates.ofd.to_ofd`),
then ofdkit's text against pdfplumber's, ofd.js (headless Chromium) against
pdfplumber positions and poppler's page images.  Prints a Markdown table and
writes side-by-side pictures (PDF left, OFD right) to ``docs/images/ofd-*.png``.

The corpus adds, from the samples: the notice as 信函 and 纪要, the notice with a
seal (印章), the letter with a watermark, the plan as PDF/A-2b, the notice with a
附件 PDF appended.

Usage: python docs/make_ofd_figures.py   (needs LibreOffice, Chromium, npm)
"""

from __future__ import annotations

import io
import re
import statistics
import sys
import tempfile
import time
from pathlib import Path

import ofdkit
import pdfplumber

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from doctemplates.assemble import data_for_kind  # noqa: E402
from doctemplates.data import KIND_KEY, data_dir, load_data  # noqa: E402
from doctemplates.kinds import get_kind  # noqa: E402
from doctemplates.ofd import metadata_for_kind, to_ofd  # noqa: E402
from doctemplates.pdf import ConverterPool, PdfOptions, convert  # noqa: E402
from tests.layout.test_seal import red_disc_png  # noqa: E402
from tests.ofd import harness  # noqa: E402

MM = 25.4 / 72
PICTURES = {("notice", 0), ("rectification", 4), ("sealed", 3), ("watermark", 0)}


def _model(name: str, **update: object) -> tuple[object, object]:
    sample = ROOT / "samples" / f"{name}.yaml"
    data = load_data(sample)
    kind = get_kind(str(data.get(KIND_KEY, "document")))
    data = {**data_for_kind(kind, data), **update}
    with data_dir(sample.parent):
        return kind, kind.validate(data)


def corpus(tmp: Path) -> list[tuple[str, object, object, PdfOptions]]:
    seal = tmp / "seal.png"
    seal.write_bytes(red_disc_png())
    docs = []
    for sample in sorted((ROOT / "samples").glob("*.yaml")):
        docs.append((sample.stem, *_model(sample.stem), PdfOptions()))
    kind, notice = _model("notice")
    signature = notice.signature.model_copy(update={"seal_mode": "seal", "seal_image": str(seal)})  # type: ignore[attr-defined]
    docs += [
        ("notice-信函", *_model("notice", format="信函"), PdfOptions()),
        ("notice-纪要", *_model("notice", format="纪要"), PdfOptions()),
        ("sealed", kind, notice.model_copy(update={"signature": signature}), PdfOptions()),  # type: ignore[attr-defined]
        ("watermark", *_model("letter"), PdfOptions(watermark="征求意见稿")),
        ("plan-pdfa", *_model("plan"), PdfOptions(pdfa=True)),
    ]
    letter_kind, letter = _model("letter")
    docs.append(("notice+附件", kind, notice, PdfOptions(attachments=[letter_kind.render(letter)])))  # type: ignore[attr-defined]
    return docs


def check(name: str, pdf: bytes, ofd: bytes) -> dict[str, object]:
    with pdfplumber.open(io.BytesIO(pdf)) as doc:
        sizes = [(p.width * MM, p.height * MM) for p in doc.pages]
        texts = [re.sub(r"\s+", "", p.extract_text()) for p in doc.pages]
        chars = [
            [
                (c["text"], c["matrix"][4] * MM, (p.height - c["matrix"][5]) * MM)
                for c in p.chars
                if c["text"].strip()
            ]
            for p in doc.pages
        ]
    read = ofdkit.open(ofd)
    diffs = sum(
        re.sub(r"\s+", "", page.text()) != text
        and sorted(re.sub(r"\s+", "", page.text())) != sorted(text)
        for page, text in zip(read.pages, texts, strict=True)
    )
    shown = harness.render(ofd, sizes)
    errors = []
    for rendered, expected in zip(shown.chars, chars, strict=True):
        rendered = [c for c in rendered if c[0].strip()]
        errors += [
            ((a[1] - b[1]) ** 2 + (a[2] - b[2]) ** 2) ** 0.5
            for a, b in zip(rendered, expected, strict=True)
        ]
    images = harness.pdf_pages(pdf)
    mismatches = [harness.mismatch(a, b) for a, b in zip(images, shown.pages, strict=True)]
    for index, (left, right) in enumerate(zip(images, shown.pages, strict=True)):
        if (name, index) in PICTURES:
            harness.side_by_side(left, right).save(
                ROOT / "docs" / "images" / f"ofd-{name}-{index + 1}.png", optimize=True
            )
    return {
        "pages": len(sizes),
        "diffs": diffs,
        "chars": len(errors),
        "max": max(errors),
        "mean": statistics.mean(errors),
        "mismatch": max(mismatches),
    }


def main() -> None:
    rows = []
    with tempfile.TemporaryDirectory() as name, ConverterPool(size=2, timeout=120) as pool:
        pool.start()
        for doc_name, kind, model, options in corpus(Path(name)):
            result = convert(kind.render(model), options, pool=pool)  # type: ignore[attr-defined]
            meta = metadata_for_kind(kind, model)
            to_ofd(result.pdf, meta)  # warm
            start = time.perf_counter()
            ofd = to_ofd(result.pdf, meta)
            seconds = time.perf_counter() - start
            row = check(doc_name, result.pdf, ofd)
            row["ms_page"] = seconds * 1000 / row["pages"]  # type: ignore[operator]
            rows.append((doc_name, row))
            print(doc_name, row, file=sys.stderr)
    print(
        "| 文档 document | 页 pages | 文字不同的页 pages with text differences | 比较的字符 chars | 位置误差 max / mean (mm) | 像素差异（最差页）pixel mismatch, worst page | OFD 转换 ms/页 |"
    )
    print("|---|---:|---:|---:|---:|---:|---:|")
    for name, r in rows:
        print(
            f"| {name} | {r['pages']} | {r['diffs']} | {r['chars']} | {r['max']:.3f} / {r['mean']:.3f} "
            f"| {r['mismatch']:.2%} | {r['ms_page']:.0f} |"
        )
    pages = sum(r["pages"] for _, r in rows)  # type: ignore[misc]
    print(
        f"\n{len(rows)} documents, {pages} pages, {sum(r['diffs'] for _, r in rows)} pages with text differences, "  # type: ignore[misc]
        f"position error max {max(r['max'] for _, r in rows):.3f} mm, "  # type: ignore[type-var]
        f"mean {statistics.mean(r['mean'] for _, r in rows):.3f} mm"  # type: ignore[misc]
    )


if __name__ == "__main__":
    main()
