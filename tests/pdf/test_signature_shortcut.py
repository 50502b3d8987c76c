"""The signature rule's shortcut for documents without a 成文日期 (issue 20 §2).  无署名文档的快路径。

:meth:`~doctemplates.pdf.signature_fit_revise._Document.without_chain` lets the rule and
its report skip parsing a .docx that plainly has no style named 成文日期 and no mark of
an earlier pass.  It must never say so of a document the rule would act on or report on:
the parse it skips would have found no closing chain and no state.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from doctemplates.package import Member, read_package, write_package
from doctemplates.pdf import ConverterPool, PdfOptions, convert
from doctemplates.pdf._opc import parse_xml
from doctemplates.pdf.signature_fit import signature_fit_report
from doctemplates.pdf.signature_fit_docx import _chain, _Styles
from doctemplates.pdf.signature_fit_revise import _Document, _state
from tests.pdf.conftest import needs_soffice
from tests.pdf.docs import cjk_docx

ROOT = Path(__file__).resolve().parents[2]
SHIPPED = sorted(ROOT.glob("doctemplates/templates/*.docx")) + sorted(
    ROOT.glob("pingyi_docs/templates/*.docx")
)
DATE = "成文日期"


def _parsed_finds_nothing(data: bytes) -> bool:
    """What the skipped parse would have found: no document, or no chain and no state."""
    doc = _Document.read(data)
    return doc is None or (_state(doc.root) is None and _chain(doc.blocks) is None)


def _edit(data: bytes, part: str, old: bytes, new: bytes) -> bytes:
    parts = read_package(data)
    assert old in parts[part], f"{old!r} not in {part}"
    parts[part] = parts[part].replace(old, new, 1)
    return write_package([Member.deflate(name, body) for name, body in parts.items()])


def _documents() -> Iterator[tuple[str, bytes]]:
    yield "python-docx", cjk_docx("甲", pages=2)
    for path in SHIPPED:
        yield path.name, path.read_bytes()


@pytest.mark.parametrize(("name", "data"), list(_documents()), ids=lambda v: str(v)[:40])
def test_shortcut_only_where_the_parse_finds_nothing(name: str, data: bytes) -> None:
    if _Document.without_chain(data):
        assert _parsed_finds_nothing(data), name
    styles = read_package(data).get("word/styles.xml", b"")
    if DATE.encode() in styles:
        assert not _Document.without_chain(data), name  # a template with a 署名: parsed


def test_the_plain_document_without_a_signature_takes_it() -> None:
    assert _Document.without_chain(cjk_docx("乙"))


def test_hidden_spellings_are_parsed() -> None:
    plain = cjk_docx("丙")
    # the style name 成文日期 spelled with a character reference: found only by a parser
    renamed = _edit(
        plain, "word/styles.xml", b'w:val="Normal"/>', 'w:val="&#25104;文日期"/>'.encode()
    )
    assert not _Document.without_chain(renamed)
    styles = _Styles.read(parse_xml(read_package(renamed)["word/styles.xml"]))
    assert DATE in styles.names.values()
    # an earlier pass's mark in the document: its state is for the report to read
    marked = _edit(
        plain,
        "word/document.xml",
        b"<w:body>",
        b'<w:body><w:p><w:bookmarkStart w:id="1" w:name="doctemplates-signature-fit-kept"/>'
        b'<w:bookmarkEnd w:id="1"/></w:p>',
    )
    assert not _Document.without_chain(marked)
    # styles.xml in UTF-16: no spelling to read
    parts = read_package(plain)
    text = parts["word/styles.xml"].decode("utf-8").replace('encoding="UTF-8"', 'encoding="UTF-16"')
    parts["word/styles.xml"] = text.encode("utf-16")
    utf16 = write_package([Member.deflate(name, body) for name, body in parts.items()])
    assert not _Document.without_chain(utf16)


@needs_soffice
@pytest.mark.pdf
def test_rule_and_report_say_the_same_without_the_shortcut(
    pool: ConverterPool, monkeypatch: pytest.MonkeyPatch
) -> None:
    document = cjk_docx("丁", pages=3)
    fast = convert(document, PdfOptions(), pool=pool)
    monkeypatch.setattr(_Document, "without_chain", staticmethod(lambda data: False))
    slow = convert(document, PdfOptions(), pool=pool)
    assert (fast.passes, fast.pages, fast.docx) == (slow.passes, slow.pages, slow.docx)
    assert fast.signature_fit == slow.signature_fit
    assert fast.signature_fit is not None and fast.signature_fit.action == "none"
    monkeypatch.undo()
    assert signature_fit_report(fast.docx, fast.pdf, "tighten") == slow.signature_fit
