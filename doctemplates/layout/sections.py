"""Section breaks (分节): landscape pages for wide tables (§8).

A piece marks where a section ends with :func:`section_break`; after the page
and footers are set up, :func:`finish_sections` turns each mark into a full
``w:sectPr`` copied from the document's own (same footers, grid, odd/even
numbers), turned to A4 landscape where asked.  Only the first section keeps a
distinct first page.
"""

from __future__ import annotations

import copy
from collections.abc import Sequence

from docx.oxml.ns import qn
from lxml import etree

from doctemplates.gbt9704 import geometry as g
from doctemplates.layout import calibration as cal
from doctemplates.layout.oxml import dynamic, el, need, parent
from doctemplates.layout.paragraphs import control, para, run

__all__ = ["finish_sections", "landscape_pages", "section_break", "unless_new_page"]

_LANDSCAPE = "landscape"


def section_break(orientation: str = "portrait") -> etree._Element:
    """A tiny paragraph ending a section laid out ``orientation`` (portrait / landscape).

    It holds a space: LibreOffice drops an *empty* paragraph that only carries
    a section break and moves the break onto the paragraph before — a
    ``{%p %}`` control paragraph that rendering removes, break and all.
    """
    mark = el("w:sectPr", el("w:pgSz", orient=orientation))
    spacing = el(
        "w:spacing", before=0, after=0, line=g.pt_to_twips(cal.MIN_LINE_PT), lineRule="exact"
    )
    return para(None, run(" "), ppr=[spacing, mark])


def landscape_pages(
    content: Sequence[etree._Element], *, when: str | None = None
) -> list[etree._Element]:
    """``content`` on landscape pages of its own section, portrait before and after (§8).

    ``when`` is a Jinja condition (e.g. ``"landscape"``): when it is false the
    breaks vanish and ``content`` stays in the portrait flow.
    """
    before = section_break("portrait")
    # The empty paragraph opens the next section: LibreOffice would otherwise
    # anchor a floating table that follows (the 版记) in the landscape section.
    after = [section_break(_LANDSCAPE), para(None)]
    if when is None:
        return [before, *content, *after]
    return [
        control(f"if {when}"),
        before,
        control("endif"),
        *content,
        control(f"if {when}"),
        *after,
        control("endif"),
    ]


def unless_new_page(when: str) -> list[etree._Element]:
    """``w:pageBreakBefore`` off when ``when`` holds (a new section already starts a page).

    Put into a paragraph's ``w:pPr`` of a style with page-break-before (附件标识).
    """
    return dynamic(
        [el("w:pageBreakBefore")],
        f'<w:pageBreakBefore w:val="{{{{ 0 if {when} else 1 }}}}"/>',
    )


def _rotate(sect: etree._Element) -> None:
    size = need(sect, "w:pgSz")
    size.set(qn("w:w"), str(g.mm_to_twips(g.PAGE_HEIGHT_MM)))
    size.set(qn("w:h"), str(g.mm_to_twips(g.PAGE_WIDTH_MM)))
    size.set(qn("w:orient"), _LANDSCAPE)
    margins = need(sect, "w:pgMar")
    for side, mm in (
        ("top", g.LANDSCAPE_MARGIN_TOP_MM),
        ("right", g.LANDSCAPE_MARGIN_RIGHT_MM),
        ("bottom", g.LANDSCAPE_MARGIN_BOTTOM_MM),
        ("left", g.LANDSCAPE_MARGIN_LEFT_MM),
        ("footer", cal.LANDSCAPE_FOOTER_DISTANCE_MM),
    ):
        margins.set(qn(f"w:{side}"), str(g.mm_to_twips(mm)))


def _drop_title_page(sect: etree._Element) -> None:
    for node in sect.findall(qn("w:titlePg")):
        sect.remove(node)


def finish_sections(body: etree._Element) -> int:
    """Complete every :func:`section_break` mark in ``body``; returns how many there were."""
    final = need(body, "w:sectPr")
    marks = [
        s for s in body.iter(qn("w:sectPr")) if s is not final and parent(s).tag == qn("w:pPr")
    ]
    for index, mark in enumerate(marks):
        landscape = need(mark, "w:pgSz").get(qn("w:orient")) == _LANDSCAPE
        full = copy.deepcopy(final)
        if index:
            _drop_title_page(full)
        if landscape:
            _rotate(full)
        parent(mark).replace(mark, full)
    if marks:
        _drop_title_page(final)
    return len(marks)
