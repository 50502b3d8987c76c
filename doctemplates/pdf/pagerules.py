"""Two-pass page rules: convert, measure the PDF, adjust the .docx, convert again.

页面规则（两遍排版）。A rule is a :data:`~doctemplates.pdf.convert.PageRule`:
``(docx, pdf) -> revised docx | None``.  Rules only touch what the project's
layout writes (the 版记 floating table; the 署名 chain,
:mod:`~doctemplates.pdf.signature_fit`), so other documents pass unchanged.

The 版记 is found by what survives an office-suite save (issue 12, defect 5):
a floating table pinned to the bottom of the 版心 (``w:tblpYSpec="bottom"``)
whose paragraphs use the style *named* 版记.  Style ids are not used: a plain
open/save in LibreOffice renames ``Banji`` to ``Style35`` but keeps the name,
the bottom anchor and the table (tests/test_roundtrip.py saves every shipped
template with LibreOffice and compares the PDFs).
"""

from __future__ import annotations

import io

from lxml import etree
from pypdf import PdfReader

from doctemplates.gbt9704.styles import style_id
from doctemplates.pdf._opc import W, main_part, parse_xml, related_parts, w
from doctemplates.pdf.signature_fit import SignatureFit
from doctemplates.render.package import Member, read_package, write_package

__all__ = ["DEFAULT_PAGE_RULES", "banji_on_even_page", "banji_table"]

_BANJI = "版记"  # the style *name* the layout gives the 版记 paragraphs
style_id(_BANJI)  # KeyError at import if the layout ever renames it
_MARKER = "doctemplates-banji-page"
# An empty paragraph that starts a new page (``w:pageBreakBefore``); its bookmark name
# marks the rule as applied.  LibreOffice anchors the floating table to the paragraph
# before it, so the 版记 goes to the new page with it.  A page break *inside* a paragraph
# (``w:br``) would cost a line on the page before: on a full page that line moved to a
# blank page of its own and the 版记 to the page after (§7.3.5.5 fills pages up).
_BREAK = (
    f'<w:p xmlns:w="{W}"><w:pPr><w:pageBreakBefore/><w:spacing w:before="0" w:after="0"/>'
    f'</w:pPr><w:bookmarkStart w:id="90417" w:name="{_MARKER}"/><w:bookmarkEnd w:id="90417"/></w:p>'
)


def _style_ids(styles: bytes | None, name: str) -> frozenset[str]:
    """Ids of the paragraph styles called ``name`` in styles.xml (whatever the ids)."""
    if styles is None:
        return frozenset()
    ids = set()
    for style in parse_xml(styles, "styles").iter(w("style")):
        label = style.find(w("name"))
        named = label is not None and label.get(w("val")) == name
        if named and style.get(w("type")) == "paragraph":
            ids.add(style.get(w("styleId")) or "")
    return frozenset(ids)


def banji_table(root: etree._Element, banji_ids: frozenset[str]) -> etree._Element | None:
    """The 版记 table of a document: the last bottom-anchored floating table in 版记 style."""
    found = None
    for table in root.iter(w("tbl")):
        anchor = table.find(f"{w('tblPr')}/{w('tblpPr')}")
        if anchor is None or anchor.get(w("tblpYSpec")) != "bottom":
            continue
        styles = {node.get(w("val")) for node in table.iter(w("pStyle"))}
        if styles & banji_ids:
            found = table
    return found


def banji_on_even_page(docx: bytes, pdf: bytes) -> bytes | None:
    """版记 on an even page (GB/T 9704 practice; GB/T 33476.2 requires it).

    When the PDF has an odd number of pages, a page break goes before the 版记
    table so that the 版记 sits at the foot of the next, even page.
    """
    if len(PdfReader(io.BytesIO(pdf)).pages) % 2 == 0:
        return None
    parts = read_package(docx)
    main = main_part(parts)
    if main not in parts or _MARKER.encode() in parts[main]:
        return None
    styles = related_parts(parts, main, "styles")
    ids = _style_ids(parts[styles[0]] if styles else None, _BANJI)
    root = parse_xml(parts[main], main)
    table = banji_table(root, ids)
    if table is None:
        return None
    table.addprevious(etree.fromstring(_BREAK))
    parts[main] = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
    return write_package([Member.deflate(name, content) for name, content in parts.items()])


#: Rules every conversion applies unless told otherwise, in this order: 署名 and 成文日期
#: on the page of the last body text (§7.3.5.5; it may change the page count), then the
#: 版记 on an even page.
DEFAULT_PAGE_RULES = (SignatureFit(), banji_on_even_page)
