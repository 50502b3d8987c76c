"""PDF checks on LibreOffice output (measured, mm): clean documents and layout faults."""

from __future__ import annotations

import pytest

from doctemplates.check.pdf import check_pages, detect_pdf_format
from doctemplates.check.rules import rule
from tests.check.conftest import GOOD_PDFS
from tests.check.corpus import PDF_CASES

pytestmark = pytest.mark.pdf


def _rules(findings, *, keep_even=False):
    return sorted(f.rule for f in findings if keep_even or f.rule != "banji-even")


@pytest.mark.parametrize("name", list(GOOD_PDFS))
def test_good_pdfs_clean(pdf_pages, name):
    """No errors; the only possible warning is the odd 版记 page (practice, §7.4)."""
    pages, fmt = pdf_pages[name]
    assert detect_pdf_format(pages) == ("文件" if fmt == "纪要" else fmt)
    findings = check_pages(pages, fmt)
    assert _rules(findings) == [], [str(f) for f in findings]
    for f in findings:
        assert f.severity == "warning"


def test_banji_even_warning(pdf_pages):
    """samples/notice.yaml ends on page 5: 版记 on an odd page is a warning, not an error."""
    pages, fmt = pdf_pages["sample notice"]
    findings = check_pages(pages, fmt)
    assert [(f.rule, f.severity, f.location.page) for f in findings] == [
        ("banji-even", "warning", len(pages))
    ]


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
