"""Build the staff-editable docxtpl templates (模板生成).

``build_template("文件")`` returns the bytes of a .docx whose look lives in
named styles and whose fields are docxtpl tags reading the context contract
documented in :mod:`doctemplates.layout`.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable

import docx
from docx.document import Document
from lxml import etree

from doctemplates.layout import body, closing, header
from doctemplates.layout._package import deterministic_zip
from doctemplates.layout.page import setup_footers, setup_page
from doctemplates.layout.paragraphs import para
from doctemplates.layout.styles import install_styles

__all__ = ["FORMATS", "TEMPLATE_FILES", "build_template"]

_FIXED_TIME = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)


def _closing() -> list[etree._Element]:
    return [
        *body.attachment_note(),
        *closing.signature_block(),
        *closing.note(),
        *closing.annex_pages(),
        *closing.banji(),
    ]


def _document() -> list[etree._Element]:
    """文件格式 (§2, §3, §4)."""
    return [*header.document_header(), *body.title_block(), *body.body_loop(), *_closing()]


def _letter() -> list[etree._Element]:
    """信函格式 (§6): 文号 flush right under the double line, title two lines below."""
    number = para("发文字号", "{{ header.doc_number or '' }}")
    from doctemplates.layout.oxml import el

    pp = number.find(el("w:pPr").tag)
    pp.append(el("w:pBdr", el("w:bottom", val="nil")))  # no red line under a 信函 文号
    pp.append(el("w:jc", val="right"))
    return [number, *body.title_block(), *body.body_loop(), *_closing()]


def _speech() -> list[etree._Element]:
    """讲话稿 (spec §7): no header."""
    return [*body.speech_title(), *body.body_loop(), *_closing()]


def _minutes() -> list[etree._Element]:
    """纪要格式 (§6)."""
    return [
        *header.minutes_header(),
        *body.title_block(),
        *body.attendance(),
        *body.body_loop(),
        *_closing(),
    ]


FORMATS: dict[str, Callable[[], list[etree._Element]]] = {
    "文件": _document,
    "信函": _letter,
    "讲话": _speech,
    "纪要": _minutes,
}
TEMPLATE_FILES: dict[str, str] = {
    "文件": "wenjian.docx",
    "信函": "xinhan.docx",
    "讲话": "jianghua.docx",
    "纪要": "jiyao.docx",
}


def _fill_body(document: Document, elements: list[etree._Element]) -> None:
    body_el = document.element.body
    sect = body_el.sectPr
    for child in list(body_el):
        if child is not sect:
            body_el.remove(child)
    for item in elements:
        sect.addprevious(item)
    sect.addprevious(para(None))  # last paragraph: anchors the floating 版记


def _fix_properties(document: Document, fmt: str) -> None:
    props = document.core_properties
    props.author = "doctemplates"
    props.last_modified_by = "doctemplates"
    props.title = f"公文模板（{fmt}格式）"
    props.created = _FIXED_TIME.replace(tzinfo=None)
    props.modified = _FIXED_TIME.replace(tzinfo=None)
    props.revision = 1


def build_template(fmt: str) -> bytes:
    """The docxtpl template for ``fmt`` ("文件", "信函", "讲话", "纪要") as .docx bytes."""
    try:
        make = FORMATS[fmt]
    except KeyError:
        raise ValueError(f"未知格式 {fmt!r}（可选：{'、'.join(FORMATS)}）") from None
    document = docx.Document()
    install_styles(document.styles.element)
    setup_page(document.sections[0])
    _fill_body(document, make())
    if fmt == "信函":
        setup_footers(
            document,
            first_header=header.letter_page_header(),
            first_footer=[header.letter_footer_line()],
        )
    else:
        setup_footers(document)
    _fix_properties(document, fmt)
    buf = io.BytesIO()
    document.save(buf)
    return deterministic_zip(buf.getvalue())
