"""PDF checks on LibreOffice output (measured, mm): clean documents and layout faults."""

from __future__ import annotations

import pytest

from doctemplates.check.pdf import check_pages, detect_pdf_format
from doctemplates.check.rules import rule
from tests.check.builders import sample
from tests.check.conftest import GOOD_PDFS
from tests.check.corpus import PDF_CASES

pytestmark = pytest.mark.pdf


def _rules(findings, *, keep_even=False):
    return sorted(f.rule for f in findings if keep_even or f.rule != "banji-even")


@pytest.mark.parametrize("name", list(GOOD_PDFS))
def test_good_pdfs_clean(pdf_pages, name):
    """No errors; the only possible warning is the odd 版记 page (practice, §7.4)."""
    pages, fmt = pdf_pages[name]
    # the generic 纪要 context keeps the 标志 suffix 文件, so it reads as a 文件
    assert detect_pdf_format(pages) == ("文件" if name == "template 纪要" else fmt)
    findings = check_pages(pages, fmt)
    assert _rules(findings) == [], [str(f) for f in findings]
    for f in findings:
        assert f.severity == "warning"


def test_banji_even_warning_and_the_rule_that_fixes_it(tmp_path):
    """samples/notice.yaml ends on page 5: without the page rule the 版记 page is odd
    (a warning, not an error); the default two-pass rule moves it to page 6."""
    from doctemplates.check.measure import measure_pdf
    from doctemplates.pdf import PdfOptions, convert

    docx = sample("notice")
    odd = tmp_path / "odd.pdf"
    odd.write_bytes(convert(docx, PdfOptions(page_rules=())).pdf)
    pages = measure_pdf(odd)
    assert [(f.rule, f.severity, f.location.page) for f in check_pages(pages, "文件")] == [
        ("banji-even", "warning", 5)
    ]
    result = convert(docx)
    even = tmp_path / "even.pdf"
    even.write_bytes(result.pdf)
    assert (result.pages, result.passes) == (6, 2)
    assert check_pages(measure_pdf(even), "文件") == []


@pytest.mark.parametrize("name", list(PDF_CASES))
def test_wrong_pdf(pdf_pages, name):
    pages, fmt = pdf_pages[name]
    findings = check_pages(pages, fmt)
    assert _rules(findings) == sorted(PDF_CASES[name][2]), [str(f) for f in findings]
    for f in findings:
        assert f.clause == rule(f.rule).clause and f.location.page is not None


def test_measured_values(pdf_pages):
    """A moved 版记 reports where it is, in mm."""
    pages, _ = pdf_pages["black 标志, 版记 mid-page"]
    (f,) = [f for f in check_pages(pages, "文件") if f.rule == "banji-bottom"]
    assert f.expected == "262.0 mm" and f.actual.endswith(" mm") and f.actual != f.expected


def _letter_page(organs: int, line_under: int) -> list:
    """A measured 信函 page 1: ``organs`` stacked red 标志 lines from 30 mm, the upper
    double line 4 mm under 标志 line number ``line_under`` (1-based), the lower at 277 mm."""
    from doctemplates.check.measure import Line, PageInfo, Rule

    red = frozenset({(1.0, 0.0, 0.0)})
    marks = [
        Line(name, 30 + 14.8 * i, 44.8 + 14.8 * i, 47.0, 165.0, 42.0, frozenset(), red)
        for i, name in enumerate(("示例市科学技术局", "示例市财政局", "示例市教育局")[:organs])
    ]
    upper = marks[line_under - 1].bottom + 4
    rules = [Rule(21.0, 191.0, y, 0.5, (1.0, 0.0, 0.0)) for y in (upper, 277.0)]
    number = Line(
        "示科函〔2026〕7号", upper + 3, upper + 8.6, 150, 184, 16.0, frozenset(), frozenset()
    )
    return [PageInfo(1, [*marks, number], rules)]


@pytest.mark.parametrize("organs", [1, 2, 3])
def test_letter_double_line_measured_from_the_last_mark_line(organs: int) -> None:
    """§10.1: the upper double line is 4 mm under the last line of a joint 信函's stack; a
    line 4 mm under the first organ (crossing the others) is an error."""
    from doctemplates.check.pdf import PdfView, header

    assert list(header.mark(PdfView.of(_letter_page(organs, organs), "信函"))) == []
    if organs > 1:
        (found,) = header.mark(PdfView.of(_letter_page(organs, 1), "信函"))
        assert found.rule == "letter-lines" and found.location.text == "示例市财政局"
