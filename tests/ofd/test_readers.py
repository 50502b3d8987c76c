"""Independent readers agree with the PDF (issue 21): ofdkit's text, ofd.js's pages.

* ofdkit (PyPI) opens every OFD and extracts exactly the PDF's text (pdfplumber),
  page by page, whitespace ignored, and every paragraph of the .docx appears in it.
* ofd.js (npm) renders every page in headless Chromium: every character within
  0.5 mm of its PDF position (pdfplumber), and the page image matches poppler's
  rendering of the PDF (:data:`MISMATCH_LIMIT`).  A copy of the OFD with its
  text moved by 0.5 mm must fail the same comparison, so the check can fail.
"""

from __future__ import annotations

import io
import re
import zipfile

import docx
import ofdkit
import pdfplumber
import pytest

from doctemplates.ofd import to_ofd
from tests.ofd import harness
from tests.ofd.conftest import SAMPLE_NAMES, Doc

MM = 25.4 / 72
#: Ink pixels of either image without ink in the other within 1 px (0.25 mm), as a share of
#: all ink pixels (at least 1 % of the page area, so a page holding only its page number is
#: not judged on a few dozen pixels).  Measured (docs/ofd.md): 0.5 %–1.0 % on text pages
#: (anti-aliasing of Skia vs. poppler, rules rounded to whole pixels), 2.8 % on the page with
#: the seal (the edge of a 42 mm disc resampled); text moved by 0.5 mm gives several times
#: the limit (test below).
MISMATCH_LIMIT = 0.05
POSITION_LIMIT_MM = 0.5

needs_viewer = pytest.mark.skipif(
    harness.chromium() is None or harness.ofdjs() is None,
    reason="Chromium or ofd.js (npm) is not available; .ci/system-deps.sh installs Chromium",
)


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _pdf_chars(
    pdf: bytes,
) -> tuple[list[tuple[float, float]], list[list[tuple[str, float, float]]]]:
    with pdfplumber.open(io.BytesIO(pdf)) as doc:
        sizes = [(p.width * MM, p.height * MM) for p in doc.pages]
        chars = [
            [(c["text"], c["matrix"][4] * MM, (p.height - c["matrix"][5]) * MM) for c in p.chars]
            for p in doc.pages
        ]
    return sizes, chars


def _documents(samples: dict[str, Doc], variants: dict[str, Doc]) -> list[Doc]:
    return [*samples.values(), *variants.values()]


def test_ofdkit_reads_the_text_of_every_document(
    samples: dict[str, Doc], variants: dict[str, Doc]
) -> None:
    for doc in _documents(samples, variants):
        ofd = ofdkit.open(to_ofd(doc.pdf, doc.metadata))
        assert not ofd.warnings, (doc.name, ofd.warnings)
        with pdfplumber.open(io.BytesIO(doc.pdf)) as pdf:  # both in reading order
            texts = [_squash(p.extract_text()) for p in pdf.pages]
            # landscape table pages turned upright (§8): text runs bottom to top
            turned = {
                n
                for n, p in enumerate(pdf.pages, 1)
                if any(abs(c["matrix"][2]) > 0.5 for c in p.chars)
            }
        assert len(ofd.pages) == len(texts)
        for number, (page, expected) in enumerate(zip(ofd.pages, texts, strict=True), 1):
            if doc.name == "watermark" or number in turned:  # the readers order it differently
                assert sorted(_squash(page.text())) == sorted(expected), f"{doc.name} page {number}"
            else:
                assert _squash(page.text()) == expected, f"{doc.name} page {number}"


def _missing(paragraphs: list[str], text: str) -> list[str]:
    # page numbers (— 1 —) sit between the two halves of a paragraph that breaks across pages
    text = re.sub(r"—\d+—", "", _squash(text))
    return [p for p in paragraphs if p and p not in text]


def test_ofd_text_holds_every_paragraph_of_the_docx(samples: dict[str, Doc]) -> None:
    """Every .docx paragraph is in the OFD, except where the PDF itself lost a character.

    (LibreOffice drops some line-end punctuation from the PDF's text layer, e.g. a “、”
    at the end of a line of the notice; that is the PDF's faithfulness, issue 12.)
    """
    for doc in samples.values():
        paragraphs = [_squash(p.text) for p in docx.Document(io.BytesIO(doc.docx)).paragraphs]
        with pdfplumber.open(io.BytesIO(doc.pdf)) as pdf:
            pdf_text = "".join(p.extract_text() for p in pdf.pages)
        ofd_text = ofdkit.open(to_ofd(doc.pdf)).text()
        assert _missing(paragraphs, ofd_text) == _missing(paragraphs, pdf_text), doc.name


def test_ofdkit_reads_the_metadata(samples: dict[str, Doc]) -> None:
    doc = samples["opinion"]
    info = ofdkit.open(to_ofd(doc.pdf, doc.metadata)).info
    assert info.title == doc.metadata.title and info.author == doc.metadata.author
    assert info.custom_data["文种"] == doc.metadata.kind_of_document()
    assert info.custom_data["发文机关"] == doc.metadata.author


def _compare(doc: Doc, ofd: bytes) -> tuple[float, float, float, int]:
    """(max position error mm, mean error mm, worst page mismatch, characters compared)."""
    sizes, pdf_chars = _pdf_chars(doc.pdf)
    rendered = harness.render(ofd, sizes)
    assert "OTS parsing error" not in rendered.console, rendered.console[-2000:]
    assert len(rendered.pages) == len(sizes)
    errors: list[float] = []
    for number, (shown, expected) in enumerate(zip(rendered.chars, pdf_chars, strict=True), 1):
        shown = [c for c in shown if c[0].strip()]
        expected = [c for c in expected if c[0].strip()]
        assert "".join(c[0] for c in shown) == "".join(c[0] for c in expected), (
            f"{doc.name} page {number}"
        )
        errors += [
            ((a[1] - b[1]) ** 2 + (a[2] - b[2]) ** 2) ** 0.5
            for a, b in zip(shown, expected, strict=True)
        ]
    pdf_pages = harness.pdf_pages(doc.pdf)
    worst = max(harness.mismatch(a, b) for a, b in zip(pdf_pages, rendered.pages, strict=True))
    return max(errors), sum(errors) / len(errors), worst, len(errors)


@needs_viewer
@pytest.mark.parametrize("name", [*SAMPLE_NAMES, "sealed", "watermark"])
def test_ofdjs_renders_like_the_pdf(
    name: str, samples: dict[str, Doc], variants: dict[str, Doc]
) -> None:
    doc = samples.get(name) or variants[name]
    worst_position, _, worst_page, count = _compare(doc, to_ofd(doc.pdf, doc.metadata))
    assert count > 0
    assert worst_position <= POSITION_LIMIT_MM
    assert worst_page <= MISMATCH_LIMIT


def _shifted(ofd: bytes, mm: float) -> bytes:
    """The same OFD with every TextCode moved ``mm`` to the right."""
    source = zipfile.ZipFile(io.BytesIO(ofd))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            data = source.read(info)
            if info.filename.endswith("Content.xml"):
                data = re.sub(
                    rb'<ofd:TextCode X="([-\d.]+)"',
                    lambda m: b'<ofd:TextCode X="%.3f"' % (float(m.group(1)) + mm),
                    data,
                )
            target.writestr(info.filename, data)
    return out.getvalue()


@needs_viewer
def test_the_comparison_catches_text_moved_by_half_a_millimetre(samples: dict[str, Doc]) -> None:
    doc = samples["letter"]
    worst_position, _, worst_page, _ = _compare(doc, _shifted(to_ofd(doc.pdf), 0.5))
    assert worst_position > POSITION_LIMIT_MM - 0.01
    assert worst_page > MISMATCH_LIMIT


def _broken_fonts(ofd: bytes) -> bytes:
    """The same OFD with every embedded font cut in half (a reader must reject them)."""
    source = zipfile.ZipFile(io.BytesIO(ofd))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            data = source.read(info)
            if info.filename.startswith("Doc_0/Res/font_"):
                data = data[: len(data) // 2]
            target.writestr(info.filename, data)
    return out.getvalue()


@needs_viewer
def test_the_comparison_needs_the_embedded_fonts(samples: dict[str, Doc]) -> None:
    """No system CJK face stands in: with unusable embedded fonts the pages do not match."""
    doc = samples["letter"]
    _, _, worst_page, _ = _compare(doc, _broken_fonts(to_ofd(doc.pdf)))
    assert worst_page > MISMATCH_LIMIT
