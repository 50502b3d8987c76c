"""Assertions shared by the reliability tests.  可靠性测试共用的断言。"""

from __future__ import annotations

import io
import re
from collections.abc import Iterable

import docx
from docx.oxml.ns import qn

from doctemplates.errors import DocTemplatesError
from doctemplates.render.environment import clean_text

_CJK = re.compile("[\u3400-\u9fff\U00020000-\U0002ffff]")


def has_cjk(text: str) -> bool:
    return bool(_CJK.search(text))


def assert_chinese_error(error: BaseException) -> None:
    """A deliberate error whose message is Chinese (never a bare Python exception)."""
    assert isinstance(error, DocTemplatesError), f"bare {type(error).__name__}: {error}"
    assert has_cjk(str(error)), f"message without Chinese: {error}"


def squash(text: str) -> str:
    """``text`` as it must appear in the document: XML-invalid characters and all
    whitespace removed (line breaks become <w:br/>, tabs <w:tab/>)."""
    return "".join(clean_text(text).split())


def document_text(data: bytes) -> str:
    """Every ``w:t`` of the main document part, read back with python-docx, squashed."""
    document = docx.Document(io.BytesIO(data))
    return "".join("".join((t.text or "").split()) for t in document.element.body.iter(qn("w:t")))


def missing_texts(data: bytes, expected: Iterable[str]) -> list[str]:
    """The expected values (squashed) that the rendered document does not contain."""
    text = document_text(data)
    return [value for value in expected if squash(value) not in text]
