"""Styles parts kept between documents of one template (issue 20 §2).  同模板文档共用样式部件的处理结果。

The LibreOffice copy (:func:`~doctemplates.pdf.punctuation.for_libreoffice`) and the
font report (:func:`~doctemplates.pdf.fontreport.requested_faces`) keep what they made of
a styles part for the next document with the same part.  A document must come out
byte for byte as it would with nothing kept, whatever was kept before it.
"""

from __future__ import annotations

import pytest

from doctemplates.package import Member, read_package, write_package
from doctemplates.pdf import fontreport, punctuation
from doctemplates.pdf.fontreport import requested_faces
from doctemplates.pdf.punctuation import for_libreoffice
from tests.pdf.docs import cjk_docx


def _forget() -> None:
    punctuation._styles_memo.cache_clear()
    punctuation._deflated_memo.cache_clear()
    fontreport._faces_memo.cache_clear()


def _with_styles(document: bytes, old: bytes, new: bytes) -> bytes:
    parts = read_package(document)
    assert old in parts["word/styles.xml"]
    parts["word/styles.xml"] = parts["word/styles.xml"].replace(old, new, 1)
    return write_package([Member.deflate(name, body) for name, body in parts.items()])


def _fresh(document: bytes) -> tuple[bytes, list[str]]:
    _forget()
    return for_libreoffice(document), requested_faces(document)


def test_kept_styles_give_the_same_copy_and_faces() -> None:
    first, second = cjk_docx("甲"), cjk_docx("乙", pages=2, body_face="楷体_GB2312")
    # a styles part that differs from the first document's only inside: not a hit
    other = _with_styles(
        cjk_docx("丙"), b"<w:rFonts w:asciiTheme=", b'<w:rFonts w:ascii="Arial" w:asciiTheme='
    )
    expected = {doc: _fresh(doc) for doc in (first, second, other)}
    _forget()
    for doc in (first, second, other, first, other, second):
        assert (for_libreoffice(doc), requested_faces(doc)) == expected[doc]
    assert punctuation._styles_memo.cache_info().hits >= 4
    assert fontreport._faces_memo.cache_info().hits >= 4
    assert "Arial" in expected[other][1] and "Arial" not in expected[first][1]


def test_large_styles_parts_are_not_kept(monkeypatch: pytest.MonkeyPatch) -> None:
    document = cjk_docx("丁")
    expected = _fresh(document)
    monkeypatch.setattr(punctuation, "_MEMO_MAX", 100)
    monkeypatch.setattr(fontreport, "_MEMO_MAX", 100)
    _forget()
    assert (for_libreoffice(document), requested_faces(document)) == expected
    assert punctuation._styles_memo.cache_info().currsize == 0
    assert fontreport._faces_memo.cache_info().currsize == 0
