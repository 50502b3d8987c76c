"""Page setup (§1), odd/even page numbers (§5) and the 信函 first page (§6)."""

from __future__ import annotations

from docx.document import Document
from docx.oxml.ns import qn
from docx.section import Section
from docx.shared import Mm
from lxml import etree

from doctemplates.gbt9704 import geometry as g
from doctemplates.layout import calibration as cal
from doctemplates.layout.oxml import el, need
from doctemplates.layout.paragraphs import para, run

__all__ = ["page_number_paragraphs", "setup_page", "setup_footers"]


def setup_page(section: Section) -> None:
    """A4, GB/T 9704 margins, a 22-line document grid (§1)."""
    section.page_width = Mm(g.PAGE_WIDTH_MM)
    section.page_height = Mm(g.PAGE_HEIGHT_MM)
    sect = section._sectPr
    need(sect, "w:pgSz").set(qn("w:w"), str(g.mm_to_twips(g.PAGE_WIDTH_MM)))
    need(sect, "w:pgSz").set(qn("w:h"), str(g.mm_to_twips(g.PAGE_HEIGHT_MM)))
    margins = el(
        "w:pgMar",
        top=g.mm_to_twips(g.MARGIN_TOP_MM),
        right=g.mm_to_twips(g.MARGIN_RIGHT_MM),
        bottom=g.mm_to_twips(g.MARGIN_BOTTOM_MM),
        left=g.mm_to_twips(g.MARGIN_LEFT_MM),
        header=g.mm_to_twips(cal.HEADER_DISTANCE_MM),
        footer=g.mm_to_twips(cal.FOOTER_DISTANCE_MM),
        gutter=0,
    )
    sect.replace(need(sect, "w:pgMar"), margins)
    # LibreOffice 7.4 mis-sizes "linesAndChars" cells (every glyph takes two),
    # so the grid is "lines" only; 28 字 per line come from −0.25 pt tracking.
    grid = el("w:docGrid", type="lines", linePitch=g.LINE_PITCH_TWIPS)
    old = sect.find(qn("w:docGrid"))
    if old is not None:
        sect.remove(old)
    sect.append(grid)


def _page_field() -> list[etree._Element]:
    """``PAGE`` as a complex field (begin / instr / separate / result / end)."""
    begin = el("w:r", el("w:fldChar", fldCharType="begin"))
    instr = el("w:r")
    text = el("w:instrText")
    text.text = " PAGE "
    text.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
    instr.append(text)
    sep = el("w:r", el("w:fldChar", fldCharType="separate"))
    end = el("w:r", el("w:fldChar", fldCharType="end"))
    return [begin, instr, sep, run("1"), end]


def page_number_paragraphs(*, odd: bool) -> list[etree._Element]:
    """``— N —`` in 四号 宋体, odd right / even left one 字 in, 7 mm below the 版心 (§5)."""
    ind = el("w:ind", left=0 if odd else g.zi(1), right=g.zi(1) if odd else 0, firstLine=0)
    number = para(
        "页码",
        run("— "),
        *_page_field(),
        run(" —"),
        ppr=[
            el(
                "w:spacing",
                before=0,
                after=0,
                line=g.pt_to_twips(cal.PAGE_NUMBER_LINE_PT),
                lineRule="exact",
            ),
            ind,
            el("w:jc", val="right" if odd else "left"),
        ],
    )
    # Glyph top = paper bottom − footer distance − spacer − line + offset = 262 + 7 mm.
    spacer_mm = (
        g.PAGE_HEIGHT_MM
        - cal.FOOTER_DISTANCE_MM
        - (g.BAN_XIN_BOTTOM_MM + g.PAGE_NUMBER_BELOW_BAN_XIN_MM)
        - g.pt_to_mm(cal.PAGE_NUMBER_LINE_PT)
        + cal.PAGE_NUMBER_GLYPH_OFFSET_MM
    )
    spacer = para(
        "页码",
        ppr=[
            el(
                "w:spacing",
                before=0,
                after=0,
                line=max(g.mm_to_twips(spacer_mm), g.pt_to_twips(cal.MIN_LINE_PT)),
                lineRule="exact",
            )
        ],
    )
    return [number, spacer]


def _fill(part_element: etree._Element, children: list[etree._Element]) -> None:
    for child in list(part_element):
        part_element.remove(child)
    for child in children:
        part_element.append(child)


def setup_footers(
    document: Document,
    *,
    first_header: list[etree._Element] | None = None,
    first_footer: list[etree._Element] | None = None,
) -> None:
    """Odd/even page-number footers; optional distinct first page (信函, §6)."""
    section = document.sections[0]
    document.settings.odd_and_even_pages_header_footer = True
    _fill(section.footer._element, page_number_paragraphs(odd=True))
    _fill(section.even_page_footer._element, page_number_paragraphs(odd=False))
    if first_header is not None or first_footer is not None:
        section.different_first_page_header_footer = True
        _fill(section.first_page_header._element, first_header or [para(None)])
        _fill(section.first_page_footer._element, first_footer or [para(None)])
