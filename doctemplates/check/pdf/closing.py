"""§7.4 版记 checks of a PDF: on the last page, its last line at the foot of the 版心."""

from __future__ import annotations

from collections.abc import Iterator

from doctemplates.check.measure import Line, PageInfo
from doctemplates.check.pdf.view import BOTTOM, PITCH_MM, TOL, Check, PdfView, fmt_mm
from doctemplates.check.rules import finding
from doctemplates.findings import Finding, Location
from doctemplates.gbt9704 import geometry as g
from doctemplates.gbt9704 import tolerances as tol
from doctemplates.gbt9704.patterns import BANJI_LINE

__all__ = ["CHECKS"]


def _bottom(page: PageInfo, lines: list[Line]) -> Iterator[Finding]:
    """The last 版记 rule (or line) sits on the bottom edge of the 版心."""
    rules = [
        r
        for r in page.rules
        if not r.is_red and r.length > tol.FULL_LINE_SHARE * g.BAN_XIN_WIDTH_MM
    ]
    rules = [r for r in rules if r.y > min(ln.top for ln in lines) - PITCH_MM]
    if rules:
        bottom, what = max(r.y + r.thickness / 2 for r in rules), "版记末条分隔线"
        ok = abs(bottom - BOTTOM) <= TOL
    else:
        bottom, what = max(ln.bottom for ln in lines), "版记末行"
        ok = BOTTOM - PITCH_MM <= bottom <= BOTTOM + TOL
    if not ok:
        yield finding(
            "banji-bottom",
            f"{what}应位于版心下边缘（距纸张上边缘 {BOTTOM:.0f} mm）",
            Location(page=page.number, text=lines[-1].text),
            expected=fmt_mm(BOTTOM),
            actual=fmt_mm(bottom),
        )


def banji(view: PdfView) -> Iterator[Finding]:
    """§7.4: the 版记 is on the last page, at the foot of the 版心, preferably an even page."""
    hits = [(p, ln) for p in view.pages for ln in p.lines if BANJI_LINE.search(ln.text.strip())]
    if not hits:
        return
    last = view.pages[-1]
    on_pages = sorted({p.number for p, _ in hits})
    if on_pages != [last.number]:
        page, ln = next((p, ln) for p, ln in hits if p.number != last.number)
        yield finding(
            "banji-bottom",
            "版记应位于公文最后一页",
            Location(page=page.number, text=ln.text),
            expected=f"第{last.number}页",
            actual="、".join(f"第{n}页" for n in on_pages),
        )
    page = view.pages[on_pages[-1] - 1]
    lines = [ln for p, ln in hits if p is page]
    yield from _bottom(page, lines)
    if page.number % 2:
        yield finding(
            "banji-even",
            "版记页宜为偶数页（惯例；GB/T 33476.2 明确要求）",
            Location(page=page.number, text=lines[0].text),
            expected="偶数页",
            actual=f"第{page.number}页",
        )


CHECKS: tuple[Check, ...] = (banji,)
