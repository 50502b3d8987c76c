"""Shared helpers of the importer tests: render an import and read its paragraphs back."""

from __future__ import annotations

import io
import tempfile
from typing import Any

import docx

from doctemplates.data import data_dir
from doctemplates.importer import ImportResult
from doctemplates.kinds import get_kind

#: Styles of the paragraphs that carry the body (正文 and the four heading levels).
BODY_STYLES = {"正文", "一级标题", "二级标题", "三级标题", "四级标题"}


def render(result: ImportResult) -> bytes:
    """The .docx of an import (pictures written to a scratch folder first)."""
    with tempfile.TemporaryDirectory() as folder:
        result.write_media(folder)
        with data_dir(folder):
            return get_kind("document").render(result.model)


def body_texts(document: bytes) -> list[str]:
    """Texts of the body paragraphs of a rendered document, as read back by python-docx."""
    doc = docx.Document(io.BytesIO(document))
    return [p.text for p in doc.paragraphs if p.style.name in BODY_STYLES and p.text.strip()]


def styled(document: bytes) -> list[tuple[str, str]]:
    """(style name, text) of every non-empty paragraph (a title without the engine's line breaks)."""
    doc = docx.Document(io.BytesIO(document))
    return [(p.style.name, unbroken(p)) for p in doc.paragraphs if p.text.strip()]


def unbroken(paragraph: Any) -> str:
    """Text of a paragraph; a 公文标题 is joined over the line breaks the engine chose (§7.3.1)."""
    return (
        paragraph.text.replace("\n", "") if paragraph.style.name == "公文标题" else paragraph.text
    )


def expected_body(result: ImportResult) -> list[str]:
    """The body texts the import promised (source after the listed normalisations)."""
    return [out for _where, _source, out in result.trace if out]


def outline(sections: list[dict[str, Any]], level: int = 1) -> list[tuple[int, str]]:
    """(level, heading) of every numbered section; unnumbered groups count as a level."""
    found: list[tuple[int, str]] = []
    for section in sections:
        if section.get("heading"):
            found.append((level, section["heading"]))
        found += outline(section.get("children", []), level + 1)
    return found
