"""§7.2 版头 checks of a PDF: the red 标志 and its place, the red 分隔线, 信函 double lines,
the 命令（令）令号 (§10.2)."""

from __future__ import annotations

from collections.abc import Iterator

from doctemplates.check.measure import Line, PageInfo, Rule
from doctemplates.check.pdf.view import (
    LEFT,
    PITCH_MM,
    TOL,
    Check,
    PdfView,
    content,
    find_mark,
    fmt_mm,
)
from doctemplates.check.rules import finding
from doctemplates.findings import Finding, Location
from doctemplates.gbt9704 import geometry as g
from doctemplates.gbt9704 import tolerances as tol
from doctemplates.gbt9704.patterns import ORDER_NUMBER

__all__ = ["CHECKS"]


def _red_rules(first: PageInfo, mark: Line) -> list[Rule]:
    """Long red rules under the 标志."""
    return [
        r for r in first.rules if r.is_red and r.length > tol.RED_RULE_MIN_MM and r.y > mark.bottom
    ]


def mark(view: PdfView) -> Iterator[Finding]:
    """§7.2.4, §10.1: page 1 has a red 标志 at its format's height; the lines under it."""
    if not view.format.has_mark or not view.pages:
        return
    found = find_mark(view.pages)
    if found is None:
        yield finding(
            "mark-color",
            "首页未找到发文机关标志",
            Location(page=1),
            expected="红色发文机关标志",
            actual="无",
        )
        return
    loc = Location(page=1, text=found.text)
    if not found.is_red:
        yield finding("mark-color", "发文机关标志应为红色", loc, expected="红色", actual="非红色")
    want, below = view.format.mark_top_mm, view.format.mark_below_ban_xin_mm
    if abs(found.top - want) > TOL:
        where = "距纸张上边缘" if below is None else f"距纸张上边缘（版心下 {below:g} mm）"
        yield finding(
            "mark-position",
            f"发文机关标志上边缘应{where} {want:.0f} mm",
            loc,
            expected=fmt_mm(want),
            actual=fmt_mm(found.top),
        )
    reds = _red_rules(view.pages[0], found)
    if view.format.letterhead:
        yield from _letter_lines(view.pages[0], found, reds)
    elif view.format.order_number:  # 命令（令）: no red line (§10.2)
        yield from _order_lines(view.pages[0], found)
    else:
        yield from _red_line(view.pages[0], found, reds)


def _order_lines(page: PageInfo, mark: Line) -> Iterator[Finding]:
    """§10.2 命令（令）: the 令号 under the 标志, the text two blank lines under the 令号.

    The gap is measured top to top: the 令号's line and the blank lines, at the grid pitch
    or — on a page tightened to keep the 署名 with the text (§7.3.5.5) — down to 85 % of it.
    """
    below = [ln for ln in content(page) if ln.top > mark.bottom and not ln.is_red]
    if not below:
        return
    number, rest = below[0], below[1:]
    if not ORDER_NUMBER.match(number.text.strip().replace(" ", "")):
        yield finding(
            "order-number",
            "命令（令）格式标志下应为令号（如“第18号”）",
            Location(page=page.number, text=number.text),
            expected="第N号",
            actual=number.text.strip(),
        )
        return
    want = (g.ORDER_BLANK_LINES + 1) * PITCH_MM
    if rest:
        gap = rest[0].top - number.top
        if not want * g.SIGNATURE_FIT_MIN_PITCH - TOL <= gap <= want + TOL:
            yield finding(
                "order-number",
                "命令（令）格式令号下空二行编排正文",
                Location(page=page.number, text=rest[0].text),
                expected=fmt_mm(want),
                actual=fmt_mm(gap),
            )


def _red_line(first: PageInfo, mark: Line, reds: list[Rule]) -> Iterator[Finding]:
    """§7.2.7: the red 分隔线 is as wide as the 版心, 4 mm under the 发文字号."""
    if not reds:
        yield finding(
            "red-line",
            "首页未找到发文字号下的红色分隔线",
            Location(page=1),
            expected=f"红线 {g.BAN_XIN_WIDTH_MM:.0f} mm",
            actual="无",
        )
        return
    rule = min(reds, key=lambda r: r.y)
    # the 文号 line: text between the 标志 and the rule that is not part of a (joint, red) 标志
    above = [
        ln for ln in first.lines if ln.bottom < rule.y and ln.top > mark.bottom and not ln.is_red
    ]
    number = max(above, key=lambda ln: ln.bottom) if above else None
    rloc = Location(page=1, text=number.text if number else None, element="红色分隔线")
    if abs(rule.x0 - LEFT) > TOL or abs(rule.length - g.BAN_XIN_WIDTH_MM) > TOL:
        yield finding(
            "red-line",
            f"红色分隔线应与版心等宽（自 x = {LEFT:g} mm 起，长 {g.BAN_XIN_WIDTH_MM:g} mm）",
            rloc,
            expected=f"x = {LEFT:.0f} mm，长 {g.BAN_XIN_WIDTH_MM:.0f} mm",
            actual=f"x = {rule.x0:.1f} mm，长 {rule.length:.1f} mm",
        )
    if number is not None and abs(rule.y - number.bottom - g.RED_LINE_BELOW_NUMBER_MM) > TOL:
        yield finding(
            "red-line",
            f"红色分隔线应在发文字号之下 {g.RED_LINE_BELOW_NUMBER_MM:g} mm",
            rloc,
            expected=fmt_mm(g.RED_LINE_BELOW_NUMBER_MM),
            actual=fmt_mm(rule.y - number.bottom),
        )


def _letter_lines(first: PageInfo, mark: Line, reds: list[Rule]) -> Iterator[Finding]:
    """§10.1: 170 mm double lines, 4 mm under the (last) 标志 line and 20 mm above the foot."""
    if not reds:
        yield finding(
            "letter-lines",
            "信函格式首页未找到红色双线",
            Location(page=1),
            expected="上、下红色双线",
            actual="无",
        )
        return
    bad = [r for r in reds if abs(r.length - g.LETTER_LINE_LENGTH_MM) > TOL]
    if bad:
        yield finding(
            "letter-lines",
            f"信函格式双线长应为 {g.LETTER_LINE_LENGTH_MM:g} mm",
            Location(page=1, element="红色双线"),
            expected=fmt_mm(g.LETTER_LINE_LENGTH_MM),
            actual=fmt_mm(bad[0].length),
        )
    upper = min(r.y for r in reds)
    lower = max(r.y for r in reds)
    # a joint 信函 stacks its organs (§10.1 as §7.2.4): the line is under the last of them
    stack = [ln for ln in first.lines if ln.is_red and mark.top <= ln.top < upper]
    last = max(stack, key=lambda ln: ln.bottom, default=mark)
    gap = upper - last.bottom
    if abs(gap - g.LETTER_LINE_GAP_MM) > TOL:
        yield finding(
            "letter-lines",
            f"信函格式上双线应在发文机关标志（联合行文为其最后一行）下 {g.LETTER_LINE_GAP_MM:g} mm",
            Location(page=1, text=last.text),
            expected=fmt_mm(g.LETTER_LINE_GAP_MM),
            actual=fmt_mm(gap),
        )
    want = g.PAGE_HEIGHT_MM - g.LETTER_BOTTOM_LINE_MM
    if abs(lower - want) > TOL or lower - upper < tol.LETTER_LINES_APART_MM:
        yield finding(
            "letter-lines",
            f"信函格式下双线应距纸张下边缘 {g.LETTER_BOTTOM_LINE_MM:g} mm",
            Location(page=1, element="红色双线"),
            expected=fmt_mm(want),
            actual=fmt_mm(lower),
        )


CHECKS: tuple[Check, ...] = (mark,)
