"""§5 page checks of a PDF (页面): margins and the 版心, lines per page, characters per line."""

from __future__ import annotations

from collections.abc import Iterator

from doctemplates.check.measure import Line, PageInfo
from doctemplates.check.pdf.view import (
    BOTTOM,
    LEFT,
    PITCH_MM,
    RIGHT,
    TOL,
    TOP,
    ZI_MM,
    Check,
    Hit,
    PdfView,
    body_size,
    content,
    fmt_mm,
    once,
)
from doctemplates.check.textforms import is_date_like
from doctemplates.findings import Finding
from doctemplates.gbt9704 import geometry as g
from doctemplates.gbt9704 import tolerances as tol
from doctemplates.gbt9704.patterns import width_units

__all__ = ["CHECKS", "FIT_LINES"]

#: Lines a signature page may hold when its pitch is tightened to the limit (§7.3.5.5).
FIT_LINES = int(g.LINES_PER_PAGE / g.SIGNATURE_FIT_MIN_PITCH)
_HANGING = "。，、；：！？”’）》"  # marks a line may let hang past the right edge


def _sides(page: PageInfo, left: list[Hit], right: list[Hit]) -> None:
    """The left edge of wrapped body lines and the right edge of full lines."""
    lines = content(page)
    full = [
        ln
        for ln in lines
        if body_size(ln) and ln.x1_core - ln.x0 > tol.FULL_LINE_SHARE * g.BAN_XIN_WIDTH_MM
    ]
    wrapped = [
        ln
        for prev, ln in zip(lines, lines[1:], strict=False)
        if body_size(prev) and body_size(ln) and prev.x1_core > RIGHT - ZI_MM - TOL
    ]
    if wrapped:
        edge = min(wrapped, key=lambda ln: ln.x0)
        if abs(edge.x0 - LEFT) > TOL:
            left.append((page.number, edge, fmt_mm(edge.x0)))
    over = next((ln for ln in full if ln.x1_core > RIGHT + TOL), None)
    if over is not None:
        right.append((page.number, over, fmt_mm(over.x1_core)))


def _ends(page: PageInfo, top: list[Hit], above: list[Hit], below: list[Hit]) -> None:
    """The first line at the 版心 top (on a full page) and no text above or below the 版心."""
    lines = content(page)
    head = lines[0]
    if head.top < TOP - TOL:
        above.append((page.number, head, fmt_mm(head.top)))
    full_page = sum(body_size(ln) for ln in lines) >= tol.FULL_PAGE_LINES
    if full_page and head.top > TOP + PITCH_MM - tol.FIRST_LINE_SLACK_MM + TOL:
        top.append((page.number, head, fmt_mm(head.top)))
    low = [ln for ln in lines if ln.bottom > BOTTOM + TOL]
    if low:
        below.append((page.number, low[0], fmt_mm(low[0].bottom)))


def margins(view: PdfView) -> Iterator[Finding]:
    """§5.2.1: text starts at the 订口, stays inside the 版心, fills it from its top edge."""
    left: list[Hit] = []
    right: list[Hit] = []
    top: list[Hit] = []
    above: list[Hit] = []
    below: list[Hit] = []
    for page in view.portrait:
        _sides(page, left, right)
        letterhead = view.format.letterhead and page.number == 1
        if content(page) and not letterhead:
            _ends(page, top, above, below)
    yield from once(left, "page-margins", f"正文左缘应在订口 {LEFT:g} mm 处", fmt_mm(LEFT))
    yield from once(
        right,
        "page-margins",
        f"正文右缘超出版心（右边距 {g.MARGIN_RIGHT_MM:g} mm）",
        f"≤ {fmt_mm(RIGHT)}",
    )
    yield from once(
        above, "page-margins", f"文字超出版心上边缘（天头 {TOP:g} mm）", f"≥ {fmt_mm(TOP)}"
    )
    yield from once(
        top,
        "page-margins",
        f"整页正文的首行应从版心上边缘（天头 {TOP:g} mm）开始",
        f"{fmt_mm(TOP)} 至 {fmt_mm(TOP + PITCH_MM - tol.FIRST_LINE_SLACK_MM)}（字顶）",
    )
    yield from once(
        below,
        "page-margins",
        f"文字超出版心下边缘（下边距 {g.MARGIN_BOTTOM_MM:g} mm）",
        f"≤ {fmt_mm(BOTTOM)}",
    )


def _max_lines(page: PageInfo, body: list[Line]) -> int:
    """22 lines; on the page of the 成文日期, more when no two lines are closer than the
    tightened pitch §7.3.5.5 allows (:mod:`doctemplates.pdf.signature_fit`)."""
    if not any(is_date_like(ln.text.strip()) for ln in content(page)):
        return g.LINES_PER_PAGE
    closest = min((b.top - a.top for a, b in zip(body, body[1:], strict=False)), default=PITCH_MM)
    tight = closest >= g.SIGNATURE_FIT_MIN_PITCH * PITCH_MM - tol.SIGNATURE_FIT_SLACK_MM
    return FIT_LINES if tight else g.LINES_PER_PAGE


def _too_wide(page: PageInfo, body: list[Line]) -> Hit | None:
    """The first body line of more than 28 字 (a closing mark may hang past the edge)."""
    for ln in body:
        core = ln.text.strip()
        if core and core[-1] in _HANGING and ln.x1 > RIGHT:
            core = core[:-1]
        units = width_units(core)
        if units > g.CHARS_PER_LINE + tol.EPSILON:
            return (page.number, ln, f"{units:g} 字")
    return None


def grid(view: PdfView) -> Iterator[Finding]:
    """§5.2.3: at most 22 lines a page (more on a tightened signature page), 28 字 a line."""
    rows: list[Hit] = []
    wide: list[Hit] = []
    for page in view.portrait:
        body = [
            ln
            for ln in content(page)
            if body_size(ln) and ln.top >= TOP - TOL and ln.bottom <= BOTTOM + TOL
        ]
        if len(body) > _max_lines(page, body):
            rows.append((page.number, body[0], f"{len(body)} 行"))
        hit = _too_wide(page, body)
        if hit is not None:
            wide.append(hit)
    yield from once(
        rows,
        "page-grid",
        f"每面不应超过 {g.LINES_PER_PAGE} 行（署名页为容下署名收紧行距时不超过 {FIT_LINES} 行，"
        f"行距不小于标准的 {g.SIGNATURE_FIT_MIN_PITCH:.0%}，§7.3.5.5）",
        f"≤ {g.LINES_PER_PAGE} 行",
    )
    yield from once(
        wide, "grid-chars", f"每行不应超过 {g.CHARS_PER_LINE} 字", f"≤ {g.CHARS_PER_LINE} 字"
    )


_SIDE = {"left": "左侧", "right": "右侧", "top": "上方", "bottom": "下方"}


def landscape_heads(view: PdfView) -> Iterator[Finding]:
    """§8: a landscape table's head at the binding side (odd) / outer edge (even) — the left.

    A page turned upright shows by its glyphs (``PageInfo.head``, from their matrices); a
    page left wide and upright leaves the turn to the printer: a warning.
    """
    wrong: list[Hit] = []
    wide: list[Hit] = []
    for page in view.pages:
        if not page.landscape or page.head is None:
            continue
        want = g.landscape_head_side(page.number)
        if page.head == "top":
            wide.append((page.number, None, "横向页面"))
        elif page.head != want:
            wrong.append((page.number, None, f"表头朝{_SIDE[page.head]}"))
    where = "单页码在订口一侧、双页码在切口一侧"
    left = _SIDE[g.landscape_head_side(1)]
    yield from once(wrong, "landscape-head", f"横排表格的表头应{where}", f"表头朝{left}")
    yield from once(
        wide,
        "landscape-page",
        f"横排表格页仍是横向页面，表头朝向取决于打印设置（应转为纵向，表头{where}）",
        f"纵向页面，表头朝{left}",
    )


CHECKS: tuple[Check, ...] = (margins, grid, landscape_heads)
