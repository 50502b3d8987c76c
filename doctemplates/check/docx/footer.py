"""Page furniture of a .docx: 页码 (§7.5) and the 信函 first-page red double lines (§10.1)."""

from __future__ import annotations

import re
from collections.abc import Iterator

from lxml import etree

from doctemplates.check.docx import props
from doctemplates.check.docx.view import Check, DocxView
from doctemplates.check.ooxml import DocxFile, Para, paragraph_text, qn
from doctemplates.check.rules import finding
from doctemplates.findings import Finding, Location
from doctemplates.gbt9704.patterns import is_red_hex

__all__ = ["CHECKS", "letterhead_lines"]

_PAGE_FORM = re.compile(r"^\s*—\s?\{PAGE\}\s?—\s*$")
_SIDES = (("default", "奇数页", "right"), ("even", "偶数页", "left"))


def _part(doc: DocxFile, tag: str, kind: str) -> etree._Element | None:
    rid = props.part_reference(doc.sect_pr, tag, kind)
    return None if rid is None else doc.related_part(rid)


def _field_pattern(p: etree._Element) -> str:
    """Paragraph text with a PAGE field shown as ``{PAGE}``."""
    out: list[str] = []
    depth = 0
    instr = ""
    for node in p.iter(qn("w:fldChar"), qn("w:instrText"), qn("w:t"), qn("w:fldSimple")):
        if node.tag == qn("w:fldSimple"):
            if "PAGE" in (props.attr(node, "w:instr") or "").upper():
                out.append("{PAGE}")
            continue
        if any(a.tag == qn("w:fldSimple") for a in node.iterancestors()):
            continue
        if node.tag == qn("w:fldChar"):
            t = props.attr(node, "w:fldCharType")
            if t == "begin":
                depth, instr = depth + 1, ""
            elif t == "end":
                depth -= 1
                out.append("{PAGE}" if re.search(r"\bPAGE\b", instr.upper()) else "")
        elif node.tag == qn("w:instrText"):
            instr += node.text or ""
        elif depth == 0:
            out.append(node.text or "")
    return "".join(out)


def _page_number(doc: DocxFile, kind: str, name: str, align: str) -> Iterator[Finding]:
    """The footer of ``kind`` holds ``— PAGE —`` aligned ``align``."""
    where = Location(element=f"{name}页脚")
    part = _part(doc, "w:footerReference", kind)
    if part is None:
        yield finding(
            "page-number",
            f"没有{name}页脚",
            Location(element=f"footerReference {kind}"),
            expected="— PAGE —",
            actual="无",
        )
        return
    paras = [p for p in part.iter(qn("w:p")) if "{PAGE}" in _field_pattern(p)]
    if not paras:
        first = part.find(f".//{qn('w:p')}")
        yield finding(
            "page-number",
            f"{name}页脚没有页码域（PAGE）",
            where,
            expected="— PAGE —",
            actual=(paragraph_text(first) if first is not None else "") or "空",
        )
        return
    pattern = _field_pattern(paras[0])
    if not _PAGE_FORM.match(pattern):
        yield finding(
            "page-number",
            f"{name}页码应写作“— 1 —”（页码两侧各一条一字线）",
            where,
            expected="— PAGE —",
            actual=pattern.replace("{PAGE}", "PAGE").strip(),
        )
    para = Para(-1, paras[0], "", props.para_style(paras[0]), None, False)
    got = props.jc_val(doc.para_ppr(para, "w:jc"))
    if got != align:
        side = "居右" if align == "right" else "居左"
        yield finding("page-number", f"{name}页码应{side}", where, expected=align, actual=got)


def page_numbers(view: DocxView) -> Iterator[Finding]:
    """§7.5: odd and even footers differ; ``— 1 —`` right on odd pages, left on even ones."""
    if not props.even_and_odd_headers(view.doc.settings):
        yield finding(
            "page-number",
            "没有启用“奇偶页不同”，奇偶页页码无法分居右、左",
            Location(element="word/settings.xml w:evenAndOddHeaders"),
            expected="w:evenAndOddHeaders",
            actual="无",
        )
    for kind, name, align in _SIDES:
        yield from _page_number(view.doc, kind, name, align)


def _has_red_line(part: etree._Element | None) -> bool:
    if part is None:
        return False
    for b in part.iter(qn("w:bottom"), qn("w:top")):
        parent = b.getparent()
        if (
            parent is not None
            and parent.tag == qn("w:pBdr")
            and is_red_hex(props.attr(b, "w:color"))
        ):
            return True
    xml = etree.tostring(part, encoding="unicode")
    return any(is_red_hex(c) for c in re.findall(r'srgbClr val="([0-9A-Fa-f]{6})"', xml))


def letterhead_lines(doc: DocxFile) -> Iterator[Finding]:
    """§10.1: a 信函's page 1 has its own header and footer, each with red double lines."""
    if not props.title_page(doc.sect_pr):
        yield finding(
            "letter-lines",
            "信函格式首页应使用单独的页眉页脚（首页不同）",
            Location(element="w:titlePg"),
            expected="首页不同",
            actual="无",
        )
        return
    for tag, name in (("w:headerReference", "首页页眉"), ("w:footerReference", "首页页脚")):
        if not _has_red_line(_part(doc, tag, "first")):
            yield finding(
                "letter-lines",
                f"信函格式{name}应有红色双线",
                Location(element=name),
                expected="红色双线",
                actual="无",
            )


def letterhead(view: DocxView) -> Iterator[Finding]:
    """§10.1 for the formats with a letterhead (信函)."""
    if view.format.letterhead:
        yield from letterhead_lines(view.doc)


CHECKS: tuple[Check, ...] = (page_numbers, letterhead)
