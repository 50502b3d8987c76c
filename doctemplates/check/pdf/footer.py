"""§7.5 页码 checks of a PDF: on every page with text, 7 mm under the 版心, one 字 in."""

from __future__ import annotations

from collections.abc import Iterator

from doctemplates.check.findings import Finding
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
from doctemplates.gbt9704 import geometry as g

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
    for page in view.portrait:
        nums = [ln for ln in page.lines if is_page_number(ln)]
        if not view.format.first_page_number and page.number == 1:
            if nums:
                extra.append((1, nums[0], nums[0].text))
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


CHECKS: tuple[Check, ...] = (page_numbers,)
