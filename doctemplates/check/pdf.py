"""GB/T 9704 checks of a PDF, measured in millimetres (PDF 版式检查).

Positions come from :mod:`doctemplates.check.measure`; expected values from
:mod:`doctemplates.gbt9704.geometry`.  Tolerance ± 1 mm.
"""

from __future__ import annotations

import itertools
import re
from pathlib import Path

from doctemplates.check.findings import Finding, Location
from doctemplates.check.measure import Line, PageInfo, measure_pdf
from doctemplates.check.rules import finding
from doctemplates.check.textforms import is_date_like
from doctemplates.gbt9704 import geometry as g
from doctemplates.gbt9704 import tolerances as tol
from doctemplates.gbt9704.formats import format_of_mark, get_format
from doctemplates.gbt9704.patterns import BANJI_LINE, ORDER_NUMBER, width_units

__all__ = ["check_pages", "check_pdf", "detect_pdf_format"]

TOL = tol.POSITION_MM
ZI_MM = g.twips_to_mm(g.ZI_TWIPS)
PITCH_MM = g.twips_to_mm(g.LINE_PITCH_TWIPS)
TOP = g.MARGIN_TOP_MM
LEFT = g.MARGIN_LEFT_MM
RIGHT = g.PAGE_WIDTH_MM - g.MARGIN_RIGHT_MM
BOTTOM = g.BAN_XIN_BOTTOM_MM
MARK_TOP = g.MARGIN_TOP_MM + g.MARK_BELOW_BAN_XIN_MM
_PAGE_NO = re.compile(r"^[—–\-－―]\s*\d+\s*[—–\-－―]$")


def _mm(v: float) -> str:
    return f"{v:.1f} mm"


def _is_page_no(line: Line) -> bool:
    return _PAGE_NO.match(line.text.strip()) is not None and line.top > BOTTOM - TOL


def _content(page: PageInfo) -> list[Line]:
    return [ln for ln in page.lines if not _is_page_no(ln) and ln.text.strip()]


def _body_size(line: Line) -> bool:
    return abs(line.size - g.SIZE_SAN_HAO) < tol.BODY_SIZE_PT


def _mark(pages: list[PageInfo]) -> Line | None:
    if not pages:
        return None
    cands = [
        ln
        for ln in pages[0].lines
        if (ln.is_red or ln.size >= tol.MARK_MIN_PT) and ln.top < tol.MARK_SEARCH_BOTTOM_MM
    ]
    return min(cands, key=lambda ln: ln.top) if cands else None


def detect_pdf_format(pages: list[PageInfo]) -> str:
    """文件 / 信函 / 讲话 / 纪要 / 命令, guessed from page 1."""
    mark = _mark(pages)
    if mark is None:
        return "讲话"
    long_red = [r for r in pages[0].rules if r.is_red and r.length > tol.LETTER_RULE_MIN_MM]
    if mark.top < tol.LETTER_MARK_MAX_TOP_MM and long_red:
        return "信函"
    # 文件, or 纪要 / 命令 by a 标志 line's ending (a joint 令's suffix is a line of its own)
    marks = [ln for ln in pages[0].lines if ln.is_red and ln.size >= tol.MARK_MIN_PT]
    found = {format_of_mark(ln.text).name for ln in marks or [mark]} - {"文件"}
    return found.pop() if len(found) == 1 else "文件"


def _once(
    hits: list[tuple[int, Line | None, str]], rule_id: str, message: str, expected: str
) -> list[Finding]:
    """One finding for a problem seen on several pages (first page as location)."""
    if not hits:
        return []
    page, line, actual = hits[0]
    pages = sorted({h[0] for h in hits})
    more = f"（共 {len(pages)} 页：第{'、'.join(map(str, pages[:8]))}页）" if len(pages) > 1 else ""
    return [
        finding(
            rule_id,
            message + more,
            Location(page=page, text=line.text if line else None),
            expected=expected,
            actual=actual,
        )
    ]


# --- §5 page ------------------------------------------------------------------------
def _margins(pages: list[PageInfo], fmt: str) -> list[Finding]:
    left, right, top, above, below = [], [], [], [], []
    for page in pages:
        lines = _content(page)
        first_letter = fmt == "信函" and page.number == 1
        full = [
            ln
            for ln in lines
            if _body_size(ln) and ln.x1_core - ln.x0 > tol.FULL_LINE_SHARE * g.BAN_XIN_WIDTH_MM
        ]
        wrapped = [
            ln
            for prev, ln in zip(lines, lines[1:], strict=False)
            if _body_size(prev) and _body_size(ln) and prev.x1_core > RIGHT - ZI_MM - TOL
        ]
        if wrapped:
            edge = min(wrapped, key=lambda ln: ln.x0)
            if abs(edge.x0 - LEFT) > TOL:
                left.append((page.number, edge, _mm(edge.x0)))
        for ln in full:
            if ln.x1_core > RIGHT + TOL:
                right.append((page.number, ln, _mm(ln.x1_core)))
                break
        if not lines or first_letter:
            continue
        head = lines[0]
        if head.top < TOP - TOL:
            above.append((page.number, head, _mm(head.top)))
        body = [ln for ln in lines if _body_size(ln)]
        if (
            len(body) >= tol.FULL_PAGE_LINES
            and head.top > TOP + PITCH_MM - tol.FIRST_LINE_SLACK_MM + TOL
        ):
            top.append((page.number, head, _mm(head.top)))
        low = [ln for ln in lines if ln.bottom > BOTTOM + TOL]
        if low:
            below.append((page.number, low[0], _mm(low[0].bottom)))
    return (
        _once(left, "page-margins", f"正文左缘应在订口 {LEFT:g} mm 处", _mm(LEFT))
        + _once(
            right,
            "page-margins",
            f"正文右缘超出版心（右边距 {g.MARGIN_RIGHT_MM:g} mm）",
            f"≤ {_mm(RIGHT)}",
        )
        + _once(above, "page-margins", f"文字超出版心上边缘（天头 {TOP:g} mm）", f"≥ {_mm(TOP)}")
        + _once(
            top,
            "page-margins",
            f"整页正文的首行应从版心上边缘（天头 {TOP:g} mm）开始",
            f"{_mm(TOP)} 至 {_mm(TOP + PITCH_MM - tol.FIRST_LINE_SLACK_MM)}（字顶）",
        )
        + _once(
            below,
            "page-margins",
            f"文字超出版心下边缘（下边距 {g.MARGIN_BOTTOM_MM:g} mm）",
            f"≤ {_mm(BOTTOM)}",
        )
    )


def _grid(pages: list[PageInfo]) -> list[Finding]:
    rows, wide = [], []
    for page in pages:
        body = [
            ln
            for ln in _content(page)
            if _body_size(ln) and ln.top >= TOP - TOL and ln.bottom <= BOTTOM + TOL
        ]
        if len(body) > _max_lines(page, body):
            rows.append((page.number, body[0], f"{len(body)} 行"))
        for ln in body:
            core = ln.text.strip()
            if core and core[-1] in "。，、；：！？”’）》" and ln.x1 > RIGHT:
                core = core[:-1]
            units = width_units(core)
            if units > g.CHARS_PER_LINE + tol.EPSILON:
                wide.append((page.number, ln, f"{units:g} 字"))
                break
    return _once(
        rows,
        "page-grid",
        f"每面不应超过 {g.LINES_PER_PAGE} 行（署名页为容下署名收紧行距时不超过 {_FIT_LINES} 行，"
        f"行距不小于标准的 {g.SIGNATURE_FIT_MIN_PITCH:.0%}，§7.3.5.5）",
        f"≤ {g.LINES_PER_PAGE} 行",
    ) + _once(wide, "grid-chars", f"每行不应超过 {g.CHARS_PER_LINE} 字", f"≤ {g.CHARS_PER_LINE} 字")


#: Lines a signature page may hold when its pitch is tightened to the limit (§7.3.5.5).
_FIT_LINES = int(g.LINES_PER_PAGE / g.SIGNATURE_FIT_MIN_PITCH)


def _max_lines(page: PageInfo, body: list[Line]) -> int:
    """22 lines; on the page of the 成文日期, more when no two lines are closer than the
    tightened pitch §7.3.5.5 allows (:mod:`doctemplates.pdf.signature_fit`)."""
    if not any(is_date_like(ln.text.strip()) for ln in _content(page)):
        return g.LINES_PER_PAGE
    closest = min((b.top - a.top for a, b in zip(body, body[1:], strict=False)), default=PITCH_MM)
    tight = closest >= g.SIGNATURE_FIT_MIN_PITCH * PITCH_MM - tol.SIGNATURE_FIT_SLACK_MM
    return _FIT_LINES if tight else g.LINES_PER_PAGE


def _order_lines(page: PageInfo, mark: Line) -> list[Finding]:
    """命令（令）(§10.2): the 令号 two blank lines under the 标志, the text two under the 令号.

    Measured as in the 文件 header: the 令号 line's top three line pitches (less the
    标志's extra height) under the 标志's last line, the text's first line three pitches
    under the 令号.
    """
    below = [ln for ln in _content(page) if ln.top > mark.bottom and not ln.is_red]
    if not below:
        return []
    number, rest = below[0], below[1:]
    out = []
    if not ORDER_NUMBER.match(number.text.strip().replace(" ", "")):
        out.append(
            finding(
                "order-number",
                "命令（令）格式标志下应为令号（如“第18号”）",
                Location(page=page.number, text=number.text),
                expected="第N号",
                actual=number.text.strip(),
            )
        )
        return out
    want = (g.ORDER_BLANK_LINES + 1) * PITCH_MM  # the 令号's line and the blank lines
    if rest:
        gap = rest[0].top - number.top
        # a page tightened to keep the 署名 with the text (§7.3.5.5) may close it up to 85 %
        if not want * g.SIGNATURE_FIT_MIN_PITCH - TOL <= gap <= want + TOL:
            out.append(
                finding(
                    "order-number",
                    "命令（令）格式令号下空二行编排正文",
                    Location(page=page.number, text=rest[0].text),
                    expected=_mm(want),
                    actual=_mm(gap),
                )
            )
    return out


# --- §7.2 header ---------------------------------------------------------------------
def _header(pages: list[PageInfo], fmt: str) -> list[Finding]:
    if fmt not in ("文件", "纪要", "信函", "命令") or not pages:
        return []
    form = get_format(fmt)
    first = pages[0]
    mark = _mark(pages)
    if mark is None:
        return [
            finding(
                "mark-color",
                "首页未找到发文机关标志",
                Location(page=1),
                expected="红色发文机关标志",
                actual="无",
            )
        ]
    out: list[Finding] = []
    loc = Location(page=1, text=mark.text)
    if not mark.is_red:
        out.append(
            finding("mark-color", "发文机关标志应为红色", loc, expected="红色", actual="非红色")
        )
    want = form.mark_top_mm  # 72 mm; 纪要 72, 信函 30 from the paper top, 命令 57 (§10)
    if abs(mark.top - want) > TOL:
        below = form.mark_below_ban_xin_mm
        where = "距纸张上边缘" if below is None else f"距纸张上边缘（版心下 {below:g} mm）"
        out.append(
            finding(
                "mark-position",
                f"发文机关标志上边缘应{where} {want:.0f} mm",
                loc,
                expected=_mm(want),
                actual=_mm(mark.top),
            )
        )
    reds = [
        r for r in first.rules if r.is_red and r.length > tol.RED_RULE_MIN_MM and r.y > mark.bottom
    ]
    if fmt == "信函":
        return out + _letter_lines(first, mark, reds)
    if form.order_number:  # 命令（令）: no red line; 令号 and text two blank lines apart (§10.2)
        return out + _order_lines(first, mark)
    if not reds:
        return out + [
            finding(
                "red-line",
                "首页未找到发文字号下的红色分隔线",
                Location(page=1),
                expected=f"红线 {g.BAN_XIN_WIDTH_MM:.0f} mm",
                actual="无",
            )
        ]
    rule = min(reds, key=lambda r: r.y)
    # the 文号 line: text between the 标志 and the rule that is not part of a (joint, red) 标志
    above = [
        ln for ln in first.lines if ln.bottom < rule.y and ln.top > mark.bottom and not ln.is_red
    ]
    number = max(above, key=lambda ln: ln.bottom) if above else None
    rloc = Location(page=1, text=number.text if number else None, element="红色分隔线")
    if abs(rule.x0 - LEFT) > TOL or abs(rule.length - g.BAN_XIN_WIDTH_MM) > TOL:
        out.append(
            finding(
                "red-line",
                f"红色分隔线应与版心等宽（自 x = {LEFT:g} mm 起，长 {g.BAN_XIN_WIDTH_MM:g} mm）",
                rloc,
                expected=f"x = {LEFT:.0f} mm，长 {g.BAN_XIN_WIDTH_MM:.0f} mm",
                actual=f"x = {rule.x0:.1f} mm，长 {rule.length:.1f} mm",
            )
        )
    if number is not None and abs(rule.y - number.bottom - g.RED_LINE_BELOW_NUMBER_MM) > TOL:
        out.append(
            finding(
                "red-line",
                f"红色分隔线应在发文字号之下 {g.RED_LINE_BELOW_NUMBER_MM:g} mm",
                rloc,
                expected=_mm(g.RED_LINE_BELOW_NUMBER_MM),
                actual=_mm(rule.y - number.bottom),
            )
        )
    return out


def _letter_lines(first: PageInfo, mark: Line, reds: list) -> list[Finding]:
    if not reds:
        return [
            finding(
                "letter-lines",
                "信函格式首页未找到红色双线",
                Location(page=1),
                expected="上、下红色双线",
                actual="无",
            )
        ]
    out = []
    bad = [r for r in reds if abs(r.length - g.LETTER_LINE_LENGTH_MM) > TOL]
    if bad:
        out.append(
            finding(
                "letter-lines",
                f"信函格式双线长应为 {g.LETTER_LINE_LENGTH_MM:g} mm",
                Location(page=1, element="红色双线"),
                expected=_mm(g.LETTER_LINE_LENGTH_MM),
                actual=_mm(bad[0].length),
            )
        )
    upper = min(r.y for r in reds)
    lower = max(r.y for r in reds)
    # a joint 信函 stacks its organs (§10.1 as §7.2.4): the line is under the last of them
    stack = [ln for ln in first.lines if ln.is_red and mark.top <= ln.top < upper]
    last = max(stack, key=lambda ln: ln.bottom, default=mark)
    gap = upper - last.bottom
    if abs(gap - g.LETTER_LINE_GAP_MM) > TOL:
        out.append(
            finding(
                "letter-lines",
                f"信函格式上双线应在发文机关标志（联合行文为其最后一行）下 {g.LETTER_LINE_GAP_MM:g} mm",
                Location(page=1, text=last.text),
                expected=_mm(g.LETTER_LINE_GAP_MM),
                actual=_mm(gap),
            )
        )
    want = g.PAGE_HEIGHT_MM - g.LETTER_BOTTOM_LINE_MM
    if abs(lower - want) > TOL or lower - upper < tol.LETTER_LINES_APART_MM:
        out.append(
            finding(
                "letter-lines",
                f"信函格式下双线应距纸张下边缘 {g.LETTER_BOTTOM_LINE_MM:g} mm",
                Location(page=1, element="红色双线"),
                expected=_mm(want),
                actual=_mm(lower),
            )
        )
    return out


# --- §7.3 body --------------------------------------------------------------------------
def _first_page_body(pages: list[PageInfo]) -> list[Finding]:
    if not pages:
        return []
    lines = _content(pages[0])
    titles = [k for k, ln in enumerate(lines) if ln.size >= tol.TITLE_MIN_PT and not ln.is_red]
    if not titles:
        return []
    k = titles[0]
    while k + 1 < len(lines) and lines[k + 1].size >= tol.TITLE_MIN_PT:
        k += 1
    after = [ln for ln in lines[k + 1 :] if not BANJI_LINE.search(ln.text.strip())]
    colon = [i for i, ln in enumerate(after) if ln.text.strip().endswith(("：", ":"))]
    if colon and colon[0] + 1 < len(after):
        return []
    if any(
        abs(ln.x0 - (LEFT + g.PARAGRAPH_INDENT_ZI * ZI_MM)) <= tol.INDENT_MM and _body_size(ln)
        for ln in after
    ):
        return []
    return [
        finding(
            "first-page-body",
            "首页没有显示正文（主送机关过多时应移至版记）",
            Location(page=1, text=after[-1].text if after else lines[k].text),
            expected="首页有正文",
            actual="首页无正文",
        )
    ]


def _signature_pages(pages: list[PageInfo]) -> list[Finding]:
    out = []
    for page in pages[1:]:
        lines = [ln for ln in _content(page) if not BANJI_LINE.search(ln.text.strip())]
        if not lines:
            continue
        dates = [ln for ln in lines if is_date_like(ln.text.strip())]
        others = [
            ln
            for ln in lines
            if ln not in dates
            and not (
                ln.text.strip().startswith(("（", "(")) and ln.text.strip().endswith(("）", ")"))
            )
            and not (
                ln.x0 > LEFT + tol.SIGNATURE_LEFT_SHARE * g.BAN_XIN_WIDTH_MM
                and ln.units <= tol.SIGNATURE_MAX_ZI
            )
        ]
        if dates and not others:
            out.append(
                finding(
                    "signature-page",
                    "此页只有署名、成文日期或附注，没有正文（应调整行距字距使其与正文同页）",
                    Location(page=page.number, text=lines[0].text),
                    expected="署名、成文日期与正文同页",
                    actual="单独成页",
                )
            )
    return out


# --- §7.4 版记, §7.5 页码 ------------------------------------------------------------------
def _banji(pages: list[PageInfo]) -> list[Finding]:
    hits = [(page, ln) for page in pages for ln in page.lines if BANJI_LINE.search(ln.text.strip())]
    if not hits:
        return []
    out = []
    last = pages[-1]
    on_pages = sorted({p.number for p, _ in hits})
    if on_pages != [last.number]:
        page, ln = next((p, ln) for p, ln in hits if p.number != last.number)
        out.append(
            finding(
                "banji-bottom",
                "版记应位于公文最后一页",
                Location(page=page.number, text=ln.text),
                expected=f"第{last.number}页",
                actual="、".join(f"第{n}页" for n in on_pages),
            )
        )
    page = pages[on_pages[-1] - 1]
    lines = [ln for p, ln in hits if p is page]
    rules = [
        r
        for r in page.rules
        if not r.is_red and r.length > tol.FULL_LINE_SHARE * g.BAN_XIN_WIDTH_MM
    ]
    rules = [r for r in rules if r.y > min(ln.top for ln in lines) - PITCH_MM]
    if rules:
        bottom = max(r.y + r.thickness / 2 for r in rules)
        what = "版记末条分隔线"
    else:
        bottom = max(ln.bottom for ln in lines)
        what = "版记末行"
    ok = abs(bottom - BOTTOM) <= TOL if rules else BOTTOM - PITCH_MM <= bottom <= BOTTOM + TOL
    if not ok:
        out.append(
            finding(
                "banji-bottom",
                f"{what}应位于版心下边缘（距纸张上边缘 {BOTTOM:.0f} mm）",
                Location(page=page.number, text=lines[-1].text),
                expected=_mm(BOTTOM),
                actual=_mm(bottom),
            )
        )
    if page.number % 2:
        out.append(
            finding(
                "banji-even",
                "版记页宜为偶数页（惯例；GB/T 33476.2 明确要求）",
                Location(page=page.number, text=lines[0].text),
                expected="偶数页",
                actual=f"第{page.number}页",
            )
        )
    return out


def _unnumbered_tail(pages: list[PageInfo]) -> list[PageInfo]:
    """Blank pages right before the 版记 page, and that page when there are any (§7.5)."""
    if not pages or not any(BANJI_LINE.search(ln.text.strip()) for ln in _content(pages[-1])):
        return []
    blanks = list(itertools.takewhile(lambda p: not _content(p), reversed(pages[:-1])))
    return [*reversed(blanks), pages[-1]] if blanks else []


def _blank_page_numbers(pages: list[PageInfo]) -> list[Finding]:
    """A page number on a blank page before the 版记, or on the 版记 page after blanks (§7.5)."""
    numbered = [
        (page.number, nums[0], nums[0].text)
        for page in _unnumbered_tail(pages)
        if (nums := [ln for ln in page.lines if _is_page_no(ln)])
    ]
    return _once(numbered, "blank-page-number", "版记前的空白页及其后的版记页不编页码", "无页码")


def _page_numbers(pages: list[PageInfo], fmt: str) -> list[Finding]:
    missing, vertical, odd, even, extra = [], [], [], [], []
    tail = {page.number for page in _unnumbered_tail(pages)}
    for page in pages:
        nums = [ln for ln in page.lines if _is_page_no(ln)]
        if fmt == "信函" and page.number == 1:
            if nums:
                extra.append((1, nums[0], nums[0].text))
            continue
        if page.number in tail:  # _blank_page_numbers
            continue
        if not nums:
            if _content(page):
                missing.append((page.number, None, "无"))
            continue
        ln = nums[0]
        want_top = BOTTOM + g.PAGE_NUMBER_BELOW_BAN_XIN_MM
        if abs(ln.top - want_top) > TOL:
            vertical.append((page.number, ln, _mm(ln.top)))
        if page.number % 2 and abs(ln.x1 - (RIGHT - ZI_MM)) > TOL:
            odd.append((page.number, ln, f"右缘 {_mm(ln.x1)}"))
        if not page.number % 2 and abs(ln.x0 - (LEFT + ZI_MM)) > TOL:
            even.append((page.number, ln, f"左缘 {_mm(ln.x0)}"))
    return (
        _once(missing, "page-number", "页面没有页码（— 1 —）", "— N —")
        + _once(extra, "page-number", "信函格式首页不显示页码", "无页码")
        + _once(
            vertical,
            "page-number",
            f"页码应位于版心下边缘之下 {g.PAGE_NUMBER_BELOW_BAN_XIN_MM:g} mm",
            _mm(BOTTOM + g.PAGE_NUMBER_BELOW_BAN_XIN_MM),
        )
        + _once(odd, "page-number", "单页码应居右，距版心右边缘一字", f"右缘 {_mm(RIGHT - ZI_MM)}")
        + _once(even, "page-number", "双页码应居左，距版心左边缘一字", f"左缘 {_mm(LEFT + ZI_MM)}")
    )


# --- §7.3.1 标题回行 ---------------------------------------------------------------------
def _title_groups(page: PageInfo) -> list[list[Line]]:
    """Runs of 二号 black lines one line pitch apart: 标题, 附件标题 (as the reader sees them)."""
    groups: list[list[Line]] = []
    for ln in page.lines:
        if ln.is_red or abs(ln.size - g.SIZE_ER_HAO) >= tol.BODY_SIZE_PT or not ln.text.strip():
            continue
        if groups and ln.top - groups[-1][-1].top < PITCH_MM + TOL:
            groups[-1].append(ln)
        else:
            groups.append([ln])
    return [group for group in groups if len(group) > 1]


def _title_breaks(pages: list[PageInfo]) -> list[Finding]:
    """A 标题 line break inside a word (§7.3.1 词意完整; segmentation of layout.titles)."""
    from doctemplates.layout.titles import breaks_inside_words

    out = []
    for page in pages:
        if page.landscape:
            continue
        for group in _title_groups(page):
            for index in breaks_inside_words([ln.text for ln in group]):
                left, right = group[index].text.strip(), group[index + 1].text.strip()
                out.append(
                    finding(
                        "title-break",
                        "标题回行处把一个词拆在两行（应词意完整）",
                        Location(page=page.number, text=f"{left}/{right}"),
                        expected="在词与词之间回行",
                        actual=f"…{left[-3:]}/{right[:3]}…",
                    )
                )
    return out


# --- §8 横排表格 ---------------------------------------------------------------------------
_SIDE = {"left": "左侧", "right": "右侧", "top": "上方", "bottom": "下方"}


def _landscape_heads(pages: list[PageInfo]) -> list[Finding]:
    """A landscape table's head at the binding side (odd) / outer edge (even) (§8).

    A page turned upright shows by its glyphs (``PageInfo.head``, from their matrices); a
    page left wide and upright leaves the turn to the printer: a warning.
    """
    wrong, wide = [], []
    for page in pages:
        if not page.landscape or page.head is None:
            continue
        want = g.landscape_head_side(page.number)
        if page.head == "top":
            wide.append((page.number, None, "横向页面"))
        elif page.head != want:
            wrong.append((page.number, None, f"表头朝{_SIDE[page.head]}"))
    where = "单页码在订口一侧、双页码在切口一侧"
    return _once(
        wrong, "landscape-head", f"横排表格的表头应{where}", f"表头朝{_SIDE['left']}"
    ) + _once(
        wide,
        "landscape-page",
        f"横排表格页仍是横向页面，表头朝向取决于打印设置（应转为纵向，表头{where}）",
        f"纵向页面，表头朝{_SIDE['left']}",
    )


# --- entry points -------------------------------------------------------------------
def check_pages(pages: list[PageInfo], fmt: str | None = None) -> list[Finding]:
    """Findings for already measured pages."""
    fmt = fmt or detect_pdf_format(pages)
    # Landscape table pages (§8) have their own, rotated geometry: the portrait
    # margin, grid and page-number positions do not apply to them.
    portrait = [p for p in pages if not p.landscape]
    return (
        _margins(portrait, fmt)
        + _grid(portrait)
        + _header(pages, fmt)
        + _first_page_body(pages)
        + _signature_pages(pages)
        + _banji(pages)
        + _page_numbers(portrait, fmt)
        + _blank_page_numbers(pages)
        + _landscape_heads(pages)
        + _title_breaks(pages)
    )


def check_pdf(path: str | Path, fmt: str | None = None) -> list[Finding]:
    """All PDF findings of ``path`` (``fmt`` 文件 / 信函 / 讲话 / 纪要, guessed when None)."""
    return check_pages(measure_pdf(path), fmt)
