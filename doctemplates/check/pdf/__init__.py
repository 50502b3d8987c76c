"""GB/T 9704 checks of a PDF, measured in millimetres (PDF 版式检查), cut by clause.

Each module lists its checks in ``CHECKS``; :data:`CHECKS` is all of them in
the order findings are reported.  A check takes a read-only
:class:`~.view.PdfView` (pages measured by :mod:`doctemplates.check.measure`)
and yields findings.  Tolerance ± 1 mm.

>>> [c.__name__ for c in CHECKS]
['margins', 'grid', 'landscape_heads', 'mark', 'first_page_body', 'signature_pages', 'title_breaks', 'banji', 'page_numbers', 'blank_page_numbers']
>>> check_pages([], "讲话")
[]
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from doctemplates.check.measure import PageInfo, measure_pdf
from doctemplates.check.pdf import body, closing, footer, header, page
from doctemplates.check.pdf.view import Check, PdfView, find_mark
from doctemplates.errors import DataError
from doctemplates.findings import Finding
from doctemplates.gbt9704 import tolerances as tol
from doctemplates.gbt9704.formats import FORMAT_NAMES, FORMATS, format_of_mark

__all__ = ["CHECKS", "Check", "PdfView", "check_pages", "check_pdf", "detect_pdf_format"]

CHECKS: tuple[Check, ...] = (
    *page.CHECKS,
    *header.CHECKS,
    *body.CHECKS,
    *closing.CHECKS,
    *footer.CHECKS,
)


def detect_pdf_format(pages: Sequence[PageInfo]) -> str:
    """文件 / 信函 / 讲话 / 纪要 / 命令, guessed from page 1."""
    mark = find_mark(pages)
    if mark is None:
        return next(f for f in FORMATS.values() if not f.has_mark).name
    long_red = [r for r in pages[0].rules if r.is_red and r.length > tol.LETTER_RULE_MIN_MM]
    if mark.top < tol.LETTER_MARK_MAX_TOP_MM and long_red:
        return next(f for f in FORMATS.values() if f.letterhead).name
    # 文件, or 纪要 / 命令 by a 标志 line's ending (a joint 令's suffix is a line of its own)
    marks = [ln for ln in pages[0].lines if ln.is_red and ln.size >= tol.MARK_MIN_PT]
    default = format_of_mark("").name
    found = {format_of_mark(ln.text).name for ln in marks or [mark]} - {default}
    return found.pop() if len(found) == 1 else default


def check_pages(pages: Sequence[PageInfo], fmt: str | None = None) -> list[Finding]:
    """Findings for already measured pages (``fmt`` guessed when None)."""
    try:
        view = PdfView.of(pages, fmt or detect_pdf_format(pages))
    except KeyError:
        raise DataError(
            f"未知格式 {fmt!r}（可选：{'、'.join(FORMAT_NAMES)}）", field="format"
        ) from None
    return [f for check in CHECKS for f in check(view)]


def check_pdf(path: str | Path, fmt: str | None = None) -> list[Finding]:
    """All PDF findings of ``path`` (``fmt`` 文件 / 信函 / 讲话 / 纪要, guessed when None)."""
    return check_pages(measure_pdf(path), fmt)
