"""§7.2 版头 checks of a .docx: order, 份号, the red 标志, the 发文字号 and the red 分隔线."""

from __future__ import annotations

import re
from collections.abc import Iterator

from lxml import etree

from doctemplates.check.docx import props
from doctemplates.check.docx.page import fmt_mm
from doctemplates.check.docx.view import Check, DocxView, at
from doctemplates.check.ooxml import DocxFile, Para, paragraph_text, qn
from doctemplates.check.rules import finding
from doctemplates.check.structure import STYLE_ROLES, doc_number_text
from doctemplates.check.textforms import doc_number_problems
from doctemplates.findings import Finding, Location
from doctemplates.gbt9704 import geometry as g
from doctemplates.gbt9704 import tolerances as tol
from doctemplates.gbt9704.patterns import ORDER_NUMBER, is_red_hex
from doctemplates.gbt9704.styles import STYLES

__all__ = ["CHECKS", "is_drawn_red"]

#: The 版头 elements in the order §7.2 sets them.
_ORDER = ("copy", "classification", "urgency", "mark", "number")
_NAMES = dict(
    zip(_ORDER, ("份号", "密级和保密期限", "紧急程度", "发文机关标志", "发文字号"), strict=True)
)
_BODY_ROLES = frozenset({"title", "subtitle", "recipients", "body", "attendance"})
_CHAR_ROLES = {s.name: s.role for s in STYLES if s.kind == "character"}
#: Paragraphs around the 文号 line searched for a red line drawn as a shape.
_DRAWN_BEFORE, _DRAWN_AFTER = 6, 4


def _header(paras: tuple[Para, ...]) -> list[Para]:
    """Paragraphs of the 版头: everything before the title (or the body)."""
    out = []
    for p in paras:
        if p.role in _BODY_ROLES:
            break
        out.append(p)
    return out


def _elements(view: DocxView) -> list[Para]:
    """The recognised 版头 elements (份号 … 发文字号) before the title, 主送 or body."""
    out = []
    for p in view.paras:
        if p.role in ("title", "recipients", "body"):
            break
        if p.role in _ORDER:
            out.append(p)
    return out


def _own_text(doc: DocxFile, p: Para) -> str:
    """``p``'s text without runs in a 右上角标注 character style (flush right on line 1)."""
    parts = []
    for r in p.element.iter(qn("w:r")):
        name = doc.style_name(props.run_style(r))
        if name is None or _CHAR_ROLES.get(name) != "corner":
            parts.append(paragraph_text(r))
    return "".join(parts)


def order(view: DocxView) -> Iterator[Finding]:
    """§7.2.1–7.2.5: 份号 → 密级 → 紧急程度 → 标志 → 文号; the 份号 has six digits."""
    best, last = -1, None
    for p in _elements(view):
        rank = _ORDER.index(p.role)
        if rank < best and last is not None:
            yield finding(
                "header-order",
                f"“{_NAMES[p.role]}”应排在“{_NAMES[last.role]}”之前",
                at(p),
                expected="份号 → 密级 → 紧急程度 → 发文机关标志 → 发文字号",
                actual=f"{_NAMES[last.role]} → {_NAMES[p.role]}",
            )
        if rank > best:
            best, last = rank, p
        own = _own_text(view.doc, p).strip() if p.role == "copy" and p in view.texts else ""
        if own and not re.fullmatch(r"\d{6}", own):
            yield finding(
                "copy-number", "份号应为 6 位阿拉伯数字", at(p), expected="000001", actual=own
            )


def mark(view: DocxView) -> Iterator[Finding]:
    """§7.2.4: a red-header format (and a 命令, §10.2) has a 标志, and it is red."""
    if not (view.format.red_header or view.format.order_number):
        return
    marks = [p for p in _elements(view) if p.role == "mark"]
    if not marks:
        yield finding(
            "mark-color",
            "未找到发文机关标志",
            Location(element="版头"),
            expected="红色发文机关标志",
            actual="无",
        )
    for p in marks:
        colors = {view.doc.run_props(p, r).color for r in view.doc.text_runs(p)}
        bad = sorted(c or "auto" for c in colors if not is_red_hex(c))
        if bad:
            yield finding(
                "mark-color",
                "发文机关标志应为红色",
                at(p),
                expected=f"红色（如 {g.COLOR_RED}）",
                actual="、".join(bad),
            )


def _normal_number(text: str) -> str:
    from doctemplates.errors import DocTemplatesError
    from doctemplates.model import DocNumber

    try:
        return str(DocNumber.parse(text))
    except DocTemplatesError:
        return "机关代字〔2020〕2号"


def doc_number(view: DocxView) -> Iterator[Finding]:
    """§7.2.5: 机关代字〔年份〕序号号; a 命令's 令号 第N号 (§10.2)."""
    for p in _elements(view):
        if p.role != "number" or p not in view.texts:
            continue
        text = doc_number_text(p.text)
        if view.format.order_number:  # the 令号 stands where the 发文字号 would (§10.2)
            if text and not ORDER_NUMBER.match(text):
                yield finding(
                    "order-number",
                    "命令（令）格式标志下应为令号（如“第18号”）",
                    at(p),
                    expected="第N号",
                    actual=text,
                )
            continue
        problems = doc_number_problems(text) if text else []
        if problems:
            yield finding(
                "doc-number",
                "发文字号" + "；".join(problems),
                at(p),
                expected=_normal_number(text),
                actual=text,
            )


def _border_red(pbdr: etree._Element | None, side: str) -> bool | None:
    """True red, False present but not red, None absent."""
    b = props.border(pbdr, side)
    return None if b is None else is_red_hex(b.color)


def is_drawn_red(element: etree._Element) -> bool:
    """True when a drawing or VML shape in ``element`` is stroked or filled red."""
    xml = etree.tostring(element, encoding="unicode")
    if "<w:drawing" not in xml and "<w:pict" not in xml:
        return False
    colors = re.findall(r'srgbClr val="([0-9A-Fa-f]{6})"|strokecolor="#?([0-9A-Fa-f]{6})"', xml)
    return any(is_red_hex(a or b) for a, b in colors) or 'strokecolor="red"' in xml


def _line_below(view: DocxView, p: Para) -> bool | None:
    """The separator under ``p``: its bottom border or the next line's top border."""
    doc = view.doc
    state = _border_red(doc.para_ppr(p, "w:pBdr"), "bottom")
    nxt = next((q for q in view.paras[p.index + 1 :] if q.role != "blank" or q.text == ""), None)
    if state is None and nxt is not None:
        state = _border_red(doc.para_ppr(nxt, "w:pBdr"), "top")
    return state


def _number_slot(view: DocxView) -> Para | None:
    """The 发文字号 line when it holds no 文号: the red line is drawn under it all the same.

    The paragraph in the 发文字号 style after the 标志, else the last 版头 line
    after the 标志 with a separator under it.
    """
    header = _header(view.paras)
    marks = [k for k, p in enumerate(header) if p.role == "mark"]
    after = header[marks[-1] + 1 :] if marks else header
    styled = [p for p in after if STYLE_ROLES.get(p.style_name or "") == "number"]
    if styled:
        return styled[-1]
    lined = [p for p in after if _line_below(view, p) is not None]
    return lined[-1] if lined else None


def red_line(view: DocxView) -> Iterator[Finding]:
    """§7.2.7: a red line under the 发文字号 (its line, even without a 文号), 版心 wide."""
    if not view.format.red_header:
        return
    numbers = [p for p in _elements(view) if p.role == "number"]
    p = numbers[-1] if numbers else _number_slot(view)
    if p is None:
        if not any(is_drawn_red(q.element) for q in _header(view.paras)):
            yield finding(
                "red-line",
                "版头未找到发文字号下的红色分隔线",
                Location(element="版头"),
                expected="红色分隔线（发文字号行的段落下框线或线条）",
                actual="无",
            )
        return
    state = _line_below(view, p)
    window = view.paras[max(0, p.index - _DRAWN_BEFORE) : p.index + _DRAWN_AFTER]
    if state is None and not any(is_drawn_red(q.element) for q in window):
        yield finding(
            "red-line",
            "发文字号下没有红色分隔线",
            at(p),
            expected="红色分隔线（段落下框线或线条）",
            actual="无",
        )
    elif state is False:
        yield finding(
            "red-line", "发文字号下的分隔线不是红色", at(p), expected="红色", actual="非红色"
        )
    elif state:
        ind = view.doc.para_ppr(p, "w:ind")
        width = g.BAN_XIN_WIDTH_MM - (props.indent_mm(ind, "left") or 0.0)
        width -= props.indent_mm(ind, "right") or 0.0
        if abs(width - g.BAN_XIN_WIDTH_MM) > tol.POSITION_MM:
            yield finding(
                "red-line",
                "红色分隔线应与版心等宽",
                at(p),
                expected=fmt_mm(g.BAN_XIN_WIDTH_MM),
                actual=fmt_mm(width),
            )


CHECKS: tuple[Check, ...] = (order, mark, doc_number, red_line)
