"""Parts proven well formed at load are not parsed after rendering (issue 20 §1),
and that shortcut never lets malformed XML, a DTD or markup from data through."""

from __future__ import annotations

import io
import zipfile

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree

from doctemplates.errors import DocTemplatesError, TemplateSecurityError
from doctemplates.render import Template, template
from tests.adversarial import templates_corpus as corpus
from tests.docxbuild import body_text, make_template

LOOP = ["{{ title }}", "{%p for p in paragraphs %}", "{{ p }}", "{%p endfor %}"]
ROWS = [["{%tr for r in rows %}", "", ""], ["{{ r.a }}", "{{ r.b }}", "{{ r.c }}"]]
ROWS += [["{%tr endfor %}", "", ""]]


def _document_xml(data: bytes) -> bytes:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return archive.read("word/document.xml")


def _document_part(tpl: Template) -> template._TemplatePart:
    (part,) = [
        p
        for p in tpl._parts
        if isinstance(p, template._TemplatePart) and p.name == "word/document.xml"
    ]
    return part


def _clean(text: str) -> str:
    """What a printed value looks like read back: invalid XML characters dropped."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return "".join(
        c
        for c in text
        if c in "\t\n" or ("\x20" <= c <= "\ud7ff" or "\ue000" <= c <= "\ufffd" or c > "\uffff")
    )


def test_loops_of_text_are_proven_at_load() -> None:
    tpl = Template.load(make_template(LOOP, table=ROWS))
    assert _document_part(tpl).proof is not None


@pytest.mark.parametrize(
    "paragraphs",
    [
        ["{{ x|safe }}"],  # raw XML from data: parsed after the render
        ["{% if y %}{{ x|safe }}{% endif %}"],
    ],
)
def test_raw_values_are_still_checked(paragraphs: list[str]) -> None:
    tpl = Template.load(make_template(paragraphs))
    with pytest.raises(DocTemplatesError):
        tpl.render({"x": '</w:t></w:r></w:p><!DOCTYPE d [<!ENTITY e "x">]><w:p>', "y": "1"})


def test_value_outside_text_with_a_line_break_is_checked() -> None:
    """A value directly in <w:p> is proven only while it prints no line break."""
    parts = corpus.members()
    corpus.insert_paragraph(parts, "word/document.xml", "<w:p>{{ x }}</w:p>")
    tpl = Template.load(corpus.package(parts))
    proof = _document_part(tpl).proof
    assert proof is not None and proof.loose
    etree.fromstring(_document_xml(tpl.render({"title": "t", "x": "一行"})))
    with pytest.raises(DocTemplatesError):
        tpl.render({"title": "t", "x": "两\n行"})  # </w:t><w:br/>… inside <w:p>: refused


def test_dtd_from_a_safe_value_is_refused_in_a_proven_part() -> None:
    parts = corpus.members()
    head, _, rest = corpus.text(parts, "word/document.xml").partition("?>")
    parts["word/document.xml"] = f"{head}?><!-- {{{{ x|safe }}}} -->{rest}".encode()
    tpl = Template.load(corpus.package(parts))
    with pytest.raises(TemplateSecurityError, match="DTD"):
        tpl.render({"title": "t", "x": '--><!DOCTYPE r [<!ENTITY e "x">]><!--'})


_PIECE = st.one_of(
    st.sampled_from(["]]>", "-->", "<![CDATA[", "&amp;", "<w:br/>", "\r\n"]),
    st.text(
        alphabet=st.one_of(
            st.sampled_from(list("<>&\"']\n\t\r-!?=/ ")),
            st.characters(codec="utf-8"),
            st.characters(max_codepoint=0x1F),
        ),
        max_size=12,
    ),
)
_TEXT = st.lists(_PIECE, max_size=4).map("".join)


@settings(max_examples=150, deadline=None)
@given(
    title=_TEXT,
    paragraphs=st.lists(_TEXT, max_size=5),
    rows=st.lists(st.tuples(_TEXT, _TEXT, _TEXT), max_size=4),
)
def test_proven_parts_render_well_formed_text_for_any_value(
    title: str, paragraphs: list[str], rows: list[tuple[str, str, str]]
) -> None:
    tpl = _PROVEN
    context = {
        "title": title,
        "paragraphs": paragraphs,
        "rows": [{"a": a, "b": b, "c": c} for a, b, c in rows],
    }
    data = tpl.render(context)
    root = etree.fromstring(_document_xml(data))  # parses: well formed, no DTD
    assert root.getroottree().docinfo.internalDTD is None
    kept = [_clean(t) for t in (title, *paragraphs) if t]  # empty: its line goes (optional)
    assert body_text(data)[: len(kept)] == kept


_PROVEN = Template.load(make_template(LOOP, table=ROWS))


def test_streamed_part_is_byte_identical_to_the_joined_one() -> None:
    """The large-document path deflates piece by piece: same bytes as one deflate."""
    from doctemplates.package import Member

    chunks = [("段落" * 3000).encode(), b"<w:p/>" * 5000, "结尾".encode()]
    streamed = template._deflate_chunks("word/document.xml", chunks)
    assert streamed == Member.deflate("word/document.xml", b"".join(chunks))


def test_same_input_gives_the_same_bytes() -> None:
    context = {"title": "标题", "paragraphs": ["一", "二"] * 3000, "rows": []}
    assert _PROVEN.render(context) == _PROVEN.render(context)
