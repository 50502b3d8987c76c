"""Two-pass page rules: convert, measure the PDF, adjust the .docx, convert again.

页面规则（两遍排版）。A rule is a :data:`~doctemplates.pdf.convert.PageRule`:
``(docx, pdf) -> revised docx | None``.  Rules only touch what the project's
layout writes (the 版记 floating table), so other documents pass unchanged.
"""

from __future__ import annotations

import io

from pypdf import PdfReader

from doctemplates.layout.styles import style_id
from doctemplates.render.package import Member, read_package, write_package

__all__ = ["DEFAULT_PAGE_RULES", "banji_on_even_page"]

_DOCUMENT = "word/document.xml"
_BOTTOM_ANCHOR = 'w:tblpYSpec="bottom"'
_BANJI_STYLE = f'w:val="{style_id("版记")}"'  # the 版记 paragraph style of the layout
_MARKER = "doctemplates-banji-page"
# A paragraph holding only a page break; its bookmark name marks the rule as applied.
_BREAK = (
    f'<w:p><w:pPr><w:spacing w:before="0" w:after="0"/></w:pPr>'
    f'<w:bookmarkStart w:id="90417" w:name="{_MARKER}"/><w:bookmarkEnd w:id="90417"/>'
    f'<w:r><w:br w:type="page"/></w:r></w:p>'
    # LibreOffice anchors the floating table to the paragraph before it: give it one
    # on the new page.
    '<w:p><w:pPr><w:spacing w:before="0" w:after="0"/></w:pPr></w:p>'
)


def banji_on_even_page(docx: bytes, pdf: bytes) -> bytes | None:
    """版记 on an even page (GB/T 9704 practice; GB/T 33476.2 requires it).

    When the PDF has an odd number of pages, a page break goes before the 版记
    table so that the 版记 sits at the foot of the next, even page.
    """
    if len(PdfReader(io.BytesIO(pdf)).pages) % 2 == 0:
        return None
    parts = read_package(docx)
    xml = parts[_DOCUMENT].decode("utf-8")
    start = _banji_table_start(xml)
    if start is None or _MARKER in xml:
        return None
    parts[_DOCUMENT] = (xml[:start] + _BREAK + xml[start:]).encode("utf-8")
    return write_package([Member.deflate(name, content) for name, content in parts.items()])


def _banji_table_start(xml: str) -> int | None:
    anchor = xml.rfind(_BOTTOM_ANCHOR)
    if anchor < 0:
        return None
    start = max(xml.rfind("<w:tbl>", 0, anchor), xml.rfind("<w:tbl ", 0, anchor))
    end = xml.find("</w:tbl>", anchor)
    if start < 0 or end < 0 or _BANJI_STYLE not in xml[start:end]:
        return None
    return start


#: Rules every conversion applies unless told otherwise.
DEFAULT_PAGE_RULES = (banji_on_even_page,)
