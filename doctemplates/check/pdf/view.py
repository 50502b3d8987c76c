"""What every PDF check reads (PDF 检查视图): the measured pages, the format, shared measures.

Positions are millimetres from the top-left paper corner
(:mod:`doctemplates.check.measure`); expected values come from
:mod:`doctemplates.gbt9704.geometry`, tolerances from
:mod:`doctemplates.gbt9704.tolerances`.

>>> view = PdfView.of([], "信函")
>>> view.format.letterhead, view.portrait
(True, ())
>>> fmt_mm(37)
'37.0 mm'
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass

from doctemplates.check.measure import Line, PageInfo
from doctemplates.check.rules import finding
from doctemplates.findings import Finding, Location
from doctemplates.gbt9704 import geometry as g
from doctemplates.gbt9704 import tolerances as tol
from doctemplates.gbt9704.formats import Format, get_format

__all__ = [
    "BOTTOM",
    "LEFT",
    "PITCH_MM",
    "RIGHT",
    "TOL",
    "TOP",
    "ZI_MM",
    "Check",
    "Hit",
    "PdfView",
    "body_size",
    "content",
    "find_mark",
    "fmt_mm",
    "is_page_number",
    "once",
]

TOL = tol.POSITION_MM
ZI_MM = g.twips_to_mm(g.ZI_TWIPS)
PITCH_MM = g.twips_to_mm(g.LINE_PITCH_TWIPS)
TOP = g.MARGIN_TOP_MM
LEFT = g.MARGIN_LEFT_MM
RIGHT = g.PAGE_WIDTH_MM - g.MARGIN_RIGHT_MM
BOTTOM = g.BAN_XIN_BOTTOM_MM
_PAGE_NO = re.compile(r"^[—–\-－―]\s*\d+\s*[—–\-－―]$")


@dataclass(frozen=True)
class PdfView:
    """A measured PDF as the checks see it (read-only)."""

    pages: tuple[PageInfo, ...]
    #: The portrait pages: landscape table pages (§8) have their own, rotated geometry,
    #: so the portrait margin, grid and page-number positions do not apply to them.
    portrait: tuple[PageInfo, ...]
    format: Format

    @classmethod
    def of(cls, pages: Sequence[PageInfo], fmt: str | Format) -> PdfView:
        """The view of ``pages`` checked as format ``fmt``."""
        return cls(tuple(pages), tuple(p for p in pages if not p.landscape), get_format(fmt))


#: A check: the view in, findings out.
Check = Callable[[PdfView], Iterator[Finding]]
#: A problem seen on a page: page number, the line (if any), what was measured.
Hit = tuple[int, Line | None, str]


def fmt_mm(v: float) -> str:
    """A length as findings show it."""
    return f"{v:.1f} mm"


def is_page_number(line: Line) -> bool:
    """``— 3 —`` below the 版心."""
    return _PAGE_NO.match(line.text.strip()) is not None and line.top > BOTTOM - TOL


def content(page: PageInfo) -> list[Line]:
    """The lines of a page with text, page numbers left out."""
    return [ln for ln in page.lines if not is_page_number(ln) and ln.text.strip()]


def body_size(line: Line) -> bool:
    """A line of 三号 text."""
    return abs(line.size - g.SIZE_SAN_HAO) < tol.BODY_SIZE_PT


def find_mark(pages: Sequence[PageInfo]) -> Line | None:
    """The 标志: the topmost red or large line in the upper part of page 1."""
    if not pages:
        return None
    cands = [
        ln
        for ln in pages[0].lines
        if (ln.is_red or ln.size >= tol.MARK_MIN_PT) and ln.top < tol.MARK_SEARCH_BOTTOM_MM
    ]
    return min(cands, key=lambda ln: ln.top) if cands else None


def once(hits: list[Hit], rule_id: str, message: str, expected: str) -> Iterator[Finding]:
    """One finding for a problem seen on several pages (first page as location)."""
    if not hits:
        return
    page, line, actual = hits[0]
    pages = sorted({h[0] for h in hits})
    listed = "、".join(map(str, pages[:8]))
    more = f"（共 {len(pages)} 页：第{listed}页）" if len(pages) > 1 else ""
    where = Location(page=page, text=line.text if line else None)
    yield finding(rule_id, message + more, where, expected=expected, actual=actual)
