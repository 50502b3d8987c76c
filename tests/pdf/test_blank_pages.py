"""§7.5: a blank page before the 版记 and the 版记 page after it carry no page number.

The 版记-on-an-even-page rule moves a 版记 that stood alone on an odd last page to the
next page; the page it leaves is blank.  Both pages go into a section whose footers are
empty (:func:`doctemplates.pdf.pagerules.unnumbered_tail`).  The 整改方案 sample ends
with a landscape table section and its 版记 alone on page 7: before this rule its blank
page 7 was numbered ``— 7 —`` and its 版记 page ``— 8 —``.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from lxml import etree

from doctemplates.check.measure import Line, PageInfo, measure_pdf
from doctemplates.check.pdf import check_pages
from doctemplates.package import read_package
from doctemplates.pdf import PdfOptions, convert
from doctemplates.pdf._opc import w
from doctemplates.pdf.pagerules import banji_table, unnumbered_tail
from pingyi_docs.rectification import KIND
from tests.layout.contexts import context
from tests.layout.contexts import render as render_to
from tests.pdf.conftest import needs_soffice
from tests.pingyi.conftest import sample

R = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"


@pytest.fixture(scope="module")
def rectification(pool, tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    result = convert(bytes(KIND.render(sample("rectification"))), PdfOptions(), pool=pool)
    path = tmp_path_factory.mktemp("blank") / "rect.pdf"
    path.write_bytes(result.pdf)
    return result, measure_pdf(path)


def _numbers(page: PageInfo) -> list[str]:
    return [ln.text.strip() for ln in page.lines if ln.text.strip().startswith("—")]


@needs_soffice
def test_blank_page_and_banji_page_unnumbered(rectification) -> None:  # type: ignore[no-untyped-def]
    result, pages = rectification
    assert len(pages) == 8
    blank, banji = pages[-2], pages[-1]
    assert [ln.text for ln in blank.lines] == []  # not even "— 7 —"
    assert _numbers(banji) == [] and any("抄送" in ln.text for ln in banji.lines)
    assert [_numbers(p) for p in pages[:4]] == [[f"— {n} —"] for n in range(1, 5)]
    assert [p.landscape for p in pages[4:6]] == [
        True,
        True,
    ]  # numbered: tests/pdf/test_landscape.py
    findings = [f for f in check_pages(pages) if f.rule in {"page-number", "blank-page-number"}]
    assert findings == []
    # the .docx (what Word opens) says the same: the last section has empty footers only
    parts = read_package(result.docx)
    body = etree.fromstring(parts["word/document.xml"]).find(w("body"))
    final = body.find(w("sectPr"))
    refs = {ref.get(w("type")): ref.get(R) for ref in final.findall(w("footerReference"))}
    assert set(refs) == {"default", "even", "first"} and len(set(refs.values())) == 1
    footer = etree.fromstring(parts["word/footer-unnumbered.xml"])
    assert "".join(footer.itertext()) == "" and not list(footer.iter(w("fldChar")))


def test_cut_after_the_last_paragraph_that_shows_something(tmp_path: Path) -> None:
    """In a one-section document the pages after the last text become their own section,
    cut at the last paragraph that shows text (no line added)."""
    parts = read_package(render_to("文件", context(), tmp_path / "d.docx").read_bytes())
    root = etree.fromstring(parts["word/document.xml"])
    table = banji_table(root, frozenset({"Banji"}))
    numbered = _footers(parts, root.find(w("body")).find(w("sectPr")))
    assert len(numbered) == 2  # odd and even page numbers
    assert table is not None and unnumbered_tail(parts, "word/document.xml", root, table)
    body = root.find(w("body"))
    cut = [p for p in body.iter(w("p")) if p.find(f"{w('pPr')}/{w('sectPr')}") is not None]
    assert len(cut) == 1 and "".join(cut[0].itertext()).strip()  # a paragraph with text
    kept = cut[0].find(f"{w('pPr')}/{w('sectPr')}")
    assert _footers(parts, kept) == numbered  # the text's pages keep their numbers
    opener = cut[0].getnext()  # the blank page's one (empty, one-twip) paragraph
    assert opener is not None and opener.tag == w("p") and not "".join(opener.itertext())
    final = body.find(w("sectPr"))
    assert _footers(parts, final) == {"word/footer-unnumbered.xml"}
    assert final.find(w("titlePg")) is None
    assert b"footer-unnumbered.xml" in parts["[Content_Types].xml"]


def _footers(parts: dict[str, bytes], sect: etree._Element) -> set[str]:
    rels = etree.fromstring(parts["word/_rels/document.xml.rels"])
    targets = {r.get("Id"): "word/" + r.get("Target") for r in rels}
    return {targets[ref.get(R)] for ref in sect.findall(w("footerReference"))}


def _line(text: str, top: float) -> Line:
    return Line(text, top, top + 5.6, 150.0, 170.0, 16.0, frozenset(), frozenset())


def _page(number: int, *texts: str, numbered: bool = True) -> PageInfo:
    lines = [_line(t, 40 + 10 * i) for i, t in enumerate(texts)]
    label = f"— {number} —"
    if numbered:
        x0, x1 = (161.0, 178.0) if number % 2 else (33.6, 50.6)
        lines.append(Line(label, 269.0, 273.9, x0, x1, 14.0, frozenset(), frozenset()))
    return PageInfo(number, lines, [])


@pytest.mark.parametrize("blank_numbered", [True, False])
def test_check_numbered_blank_page(blank_numbered: bool) -> None:
    """check: a number on the blank page (or on the 版记 page after it) is an error (§7.5);
    the unnumbered pair is not a 'page without a number'."""
    from doctemplates.check.pdf import PdfView
    from doctemplates.check.pdf.footer import blank_page_numbers, page_numbers

    def _blank_page_numbers(pages):  # type: ignore[no-untyped-def]
        return list(blank_page_numbers(PdfView.of(pages, "文件")))

    def _page_numbers(pages, fmt):  # type: ignore[no-untyped-def]
        return list(page_numbers(PdfView.of(pages, fmt)))

    pages = [
        _page(1, "正文"),
        _page(2, numbered=blank_numbered),
        _page(3, numbered=False),
        _page(4, "抄送：示例市财政局。", numbered=blank_numbered),
    ]
    found = _blank_page_numbers(pages)
    assert [f.rule for f in found] == (["blank-page-number"] if blank_numbered else [])
    assert [f for f in _page_numbers(pages, "文件") if f.location.page > 1] == []
    # a 版记 page after a page with text keeps its number rule
    alone = [_page(1, "正文"), _page(2, "抄送：示例市财政局。", numbered=False)]
    assert _blank_page_numbers(alone) == [] and [f.rule for f in _page_numbers(alone, "文件")] == [
        "page-number"
    ]


@needs_soffice
def test_banji_pushed_off_a_full_page(pool) -> None:  # type: ignore[no-untyped-def]
    """One section: the 版记 did not fit under the 署名 on page 2 and stood alone on page 3.
    Page 3 becomes blank and the 版记 goes to page 4, neither numbered; pages 1–2 keep theirs.
    (Before: with the section cut but no opening paragraph, the page break at the new
    section's start was no break and the 版记 stayed on odd page 3.)"""
    from tests.corpus.matrix import all_cases

    (case,) = [c for c in all_cases() if c.id == "document-命令-08"]
    from doctemplates.kinds import get_kind

    result = convert(bytes(get_kind("document").render(case.data)), PdfOptions(), pool=pool)
    pages = measure_pdf(result.pdf)
    assert len(pages) == 4 and [ln.text for ln in pages[2].lines] == []
    assert _numbers(pages[3]) == [] and any("抄送" in ln.text for ln in pages[3].lines)
    assert [_numbers(p) for p in pages[:2]] == [["— 1 —"], ["— 2 —"]]
    assert [f for f in check_pages(pages) if f.severity == "error"] == []
