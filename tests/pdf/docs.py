"""Small CJK .docx documents for the PDF tests, built in code."""

from __future__ import annotations

import io

import docx
from docx.enum.text import WD_BREAK
from docx.oxml.ns import qn
from docx.shared import Pt

__all__ = ["cjk_docx"]

BODY = "为深入贯彻落实工作部署，进一步加强和改进评议工作，结合本地实际，制定本实施方案。"


def _face(run, face: str) -> None:
    run.font.name = face
    run._element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), face)


def cjk_docx(
    marker: str = "",
    *,
    pages: int = 1,
    body_face: str = "仿宋_GB2312",
    title_face: str = "黑体",
    paragraphs_per_page: int = 6,
) -> bytes:
    """A .docx of ``pages`` pages: a 黑体 title line and 仿宋_GB2312 body text.

    ``marker`` is written on every page so tests can find each document's text.
    """
    document = docx.Document()
    for page in range(pages):
        heading = document.add_paragraph()
        run = heading.add_run(f"第{page + 1}页 {marker}".strip())
        _face(run, title_face)
        run.font.size = Pt(16)
        for _ in range(paragraphs_per_page):
            run = document.add_paragraph().add_run(BODY)
            _face(run, body_face)
            run.font.size = Pt(16)
        if page + 1 < pages:
            run.add_break(WD_BREAK.PAGE)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
