"""§7.5 页码 checks of a PDF: on every page with text, 7 mm under the 版心, one 字 in; none on
the blank pages before the 版记 and on the 版记 page after them."""

from __future__ import annotations

import itertools
from collections.abc import Iterator, Sequence

from doctemplates.check.measure import PageInfo
from doctemplates.check.pdf.view import (
    BOTTOM,
    LEFT,
    RIGHT,
    TOL,
    ZI_MM,
    Check,
    Hit,
    PdfView,
    content,
    fmt_mm,
    is_page_number,
    once,
)
from doctemplates.findings import Finding
from doctemplates.gbt9704 import geometry as g
from doctemplates.gbt9704.patterns import BANJI_LINE

__all__ = ["CHECKS"]


def page_numbers(view: PdfView) -> Iterator[Finding]:
    """``— N —`` 7 mm under the 版心: odd pages one 字 from the right, even from the left;
    none on page 1 of a format that shows no number there (信函, §10.1)."""
    missing: list[Hit] = []
    vertical: list[Hit] = []
    odd: list[Hit] = []
    even: list[Hit] = []
    extra: list[Hit] = []
    want_top = BOTTOM + g.PAGE_NUMBER_BELOW_BAN_XIN_MM
    tail = {page.number for page in _unnumbered_tail(view.pages)}
    for page in view.portrait:
        nums = [ln for ln in page.lines if is_page_number(ln)]
        if not view.format.first_page_number and page.number == 1:
            if nums:
                extra.append((1, nums[0], nums[0].text))
            continue
        if page.number in tail:  # blank_page_numbers
            continue
        if not nums:
            if content(page):
                missing.append((page.number, None, "无"))
            continue
        ln = nums[0]
        if abs(ln.top - want_top) > TOL:
            vertical.append((page.number, ln, fmt_mm(ln.top)))
        if page.number % 2 and abs(ln.x1 - (RIGHT - ZI_MM)) > TOL:
            odd.append((page.number, ln, f"右缘 {fmt_mm(ln.x1)}"))
        if not page.number % 2 and abs(ln.x0 - (LEFT + ZI_MM)) > TOL:
            even.append((page.number, ln, f"左缘 {fmt_mm(ln.x0)}"))
    yield from once(missing, "page-number", "页面没有页码（— 1 —）", "— N —")
    yield from once(extra, "page-number", f"{view.format.name}格式首页不显示页码", "无页码")
    yield from once(
        vertical,
        "page-number",
        f"页码应位于版心下边缘之下 {g.PAGE_NUMBER_BELOW_BAN_XIN_MM:g} mm",
        fmt_mm(want_top),
    )
    yield from once(
        odd, "page-number", "单页码应居右，距版心右边缘一字", f"右缘 {fmt_mm(RIGHT - ZI_MM)}"
    )
    yield from once(
        even, "page-number", "双页码应居左，距版心左边缘一字", f"左缘 {fmt_mm(LEFT + ZI_MM)}"
    )


def _unnumbered_tail(pages: Sequence[PageInfo]) -> list[PageInfo]:
    """Blank pages right before the 版记 page, and that page when there are any (§7.5)."""
    if not pages or not any(BANJI_LINE.search(ln.text.strip()) for ln in content(pages[-1])):
        return []
    blanks = list(itertools.takewhile(lambda p: not content(p), reversed(pages[:-1])))
    return [*reversed(blanks), pages[-1]] if blanks else []


def blank_page_numbers(view: PdfView) -> Iterator[Finding]:
    """§7.5: no number on a blank page before the 版记, nor on the 版记 page after blanks."""
    numbered: list[Hit] = [
        (page.number, nums[0], nums[0].text)
        for page in _unnumbered_tail(view.pages)
        if (nums := [ln for ln in page.lines if is_page_number(ln)])
    ]
    yield from once(numbered, "blank-page-number", "版记前的空白页及其后的版记页不编页码", "无页码")


CHECKS: tuple[Check, ...] = (page_numbers, blank_page_numbers)
