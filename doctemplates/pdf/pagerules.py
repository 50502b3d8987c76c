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

import copy
import posixpath
import re

from lxml import etree

from doctemplates.gbt9704.styles import style_id
from doctemplates.package import Member, read_package, write_package
from doctemplates.pdf._opc import W, main_part, parse_xml, related_parts, w
from doctemplates.pdf._pdfium import PDFIUM_LOCK
from doctemplates.pdf.pdfview import pdf_view
from doctemplates.pdf.signature_fit import SignatureFit

__all__ = ["DEFAULT_PAGE_RULES", "banji_on_even_page", "banji_table", "unnumbered_tail"]

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


_R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PKG_RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
_CT = "http://schemas.openxmlformats.org/package/2006/content-types"
_FOOTER_TYPE = f"{_R}/footer"
_FOOTER_CT = "application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml"
_BLANK_FOOTER = "footer-unnumbered.xml"  # in the main part's folder
_OPENER = (
    f'<w:p xmlns:w="{W}"><w:pPr><w:spacing w:before="0" w:after="0" w:line="20"'
    ' w:lineRule="exact"/></w:pPr></w:p>'
)
_BLANK_FOOTER_XML = (
    f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:ftr xmlns:w="{W}"><w:p/></w:ftr>'
).encode()
# The printed page number "— N —" (§7.5), as a PDF text extractor returns it.
_PAGE_NUMBER = re.compile(r"[—－-]\s*\d+\s*[—－-]")
_SPACE = re.compile(r"\s+")


def _text(node: etree._Element) -> str:
    return "".join(t.text or "" for t in node.iter(w("t")))


def _has_content(node: etree._Element) -> bool:
    """Whether a body element shows anything (text, a picture, a table)."""
    if node.tag == w("tbl"):
        return True
    if node.tag != w("p"):
        return False
    if _text(node).strip():
        return True
    return any(True for tag in ("drawing", "pict", "object") for _ in node.iter(w(tag)))


def _only_banji(page_text: str, banji: etree._Element) -> bool:
    """Whether ``page_text`` (a PDF page) shows nothing but the 版记 and the page number."""
    shown = _SPACE.sub("", _PAGE_NUMBER.sub("", page_text))
    return bool(shown) and shown == _SPACE.sub("", _text(banji))


def _add_blank_footer(parts: dict[str, bytes], main: str) -> str:
    """Add an empty footer part related from ``main``; returns its relationship id."""
    folder = posixpath.dirname(main)
    name = posixpath.join(folder, _BLANK_FOOTER)
    rels_name = posixpath.join(folder, "_rels", posixpath.basename(main) + ".rels")
    rels = parse_xml(parts.get(rels_name) or f'<Relationships xmlns="{_PKG_RELS}"/>'.encode())
    taken = {rel.get("Id") for rel in rels}
    rid = next(
        f"rIdUnnumbered{n}" for n in range(len(taken) + 1) if f"rIdUnnumbered{n}" not in taken
    )
    etree.SubElement(
        rels, f"{{{_PKG_RELS}}}Relationship", Id=rid, Type=_FOOTER_TYPE, Target=_BLANK_FOOTER
    )
    parts[rels_name] = etree.tostring(rels, xml_declaration=True, encoding="UTF-8", standalone=True)
    types = parse_xml(parts["[Content_Types].xml"], "[Content_Types].xml")
    etree.SubElement(types, f"{{{_CT}}}Override", PartName=f"/{name}", ContentType=_FOOTER_CT)
    parts["[Content_Types].xml"] = etree.tostring(
        types, xml_declaration=True, encoding="UTF-8", standalone=True
    )
    parts[name] = _BLANK_FOOTER_XML
    return rid


def _unnumber(sect: etree._Element, rid: str) -> None:
    """The section ``sect`` ends shows no page number and no first-page header (§7.5)."""
    for node in sect.findall(w("footerReference")) + sect.findall(w("titlePg")):
        sect.remove(node)
    for node in sect.findall(w("headerReference")):
        if node.get(w("type")) == "first":
            sect.remove(node)
    for kind in ("first", "even", "default"):  # footer references come first in w:sectPr
        ref = etree.Element(w("footerReference"))
        ref.set(w("type"), kind)
        ref.set(f"{{{_R}}}id", rid)
        sect.insert(0, ref)


def unnumbered_tail(
    parts: dict[str, bytes], main: str, root: etree._Element, table: etree._Element
) -> bool:
    """The blank page before the 版记 and the 版记 page go into a section without page numbers.

    GB/T 9704 §7.5: blank pages before the 版记 page, and the 版记 page when blanks precede
    it, carry no page number.  Called when the 版记 is about to move to the next page off a
    page on which it stood alone: that page becomes blank.  The last section is given an
    empty footer for every page type (Word and LibreOffice both take a section's own
    ``w:footerReference``; a section without one would inherit the numbered footers), and
    when that section also holds body text, it is cut after the last paragraph that shows
    something (its ``w:pPr`` takes the section's old properties, so no line is added).
    Returns False, changing nothing, when the layout is not the project's (the 版记 is not
    in the last section, or a table ends the text).
    """
    body = root.find(w("body"))
    final = None if body is None else body.find(w("sectPr"))
    if body is None or final is None or table.getparent() is not body:
        return False
    children = list(body)
    start = 0
    for index, child in enumerate(children):
        if child.find(f"{w('pPr')}/{w('sectPr')}") is not None:
            start = index + 1
    at = children.index(table)
    if at < start:
        return False
    shown = [child for child in children[start:at] if _has_content(child)]
    if shown:
        last = shown[-1]
        if last.tag != w("p"):
            return False
        ppr = last.find(w("pPr"))
        if ppr is None:
            ppr = etree.Element(w("pPr"))
            last.insert(0, ppr)
        end = copy.deepcopy(final)
        change = ppr.find(w("pPrChange"))
        if change is None:
            ppr.append(end)
        else:
            change.addprevious(end)
        # the remaining pages are one section: a first-page footer would apply to its first
        for node in final.findall(w("titlePg")):
            final.remove(node)
        # The new section opens with this empty paragraph, the blank page's content: a page
        # break before the section's *first* paragraph is no break (LibreOffice, Word), so
        # without it the 版记 would stay on the odd page the section starts.
        last.addnext(etree.fromstring(_OPENER))
    _unnumber(final, _add_blank_footer(parts, main))
    return True


def banji_on_even_page(docx: bytes, pdf: bytes) -> bytes | None:
    """版记 on an even page (GB/T 9704 practice; GB/T 33476.2 requires it).

    When the PDF has an odd number of pages, a page break goes before the 版记
    table so that the 版记 sits at the foot of the next, even page.  When the 版记
    stood alone on the last page, that page is left blank and neither it nor the
    版记 page is numbered (§7.5, :func:`unnumbered_tail`).
    """
    with PDFIUM_LOCK:  # the PDF's shared view (pdfview): parsed once for every check
        view = pdf_view(pdf)
        count = view.count
        last = view.text(count - 1) if count % 2 else ""
    if count % 2 == 0:
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
    if _only_banji(last, table):
        unnumbered_tail(parts, main, root, table)
    table.addprevious(etree.fromstring(_BREAK))
    parts[main] = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
    return write_package([Member.deflate(name, content) for name, content in parts.items()])


#: Rules every conversion applies unless told otherwise, in this order: 署名 and 成文日期
#: on the page of the last body text (§7.3.5.5; it may change the page count), then the
#: 版记 on an even page.
DEFAULT_PAGE_RULES = (SignatureFit(), banji_on_even_page)
