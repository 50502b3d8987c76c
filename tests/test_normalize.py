"""Load-time normalisation of office-suite artefacts (issue 12, defect 8).

Artefacts found by saving the shipped templates with LibreOffice and validating
(see tests/test_word_compat.py): wrapped negatives (``w:charSpace="4294950911"``),
``w:val="true"`` on on/off-only elements, a paragraph's ``w:sectPr`` before its
``w:pStyle``.  Fixed by parsed value, reported, and gone from rendered documents.
"""

from __future__ import annotations

import io
import zipfile

from hypothesis import given
from hypothesis import strategies as st
from lxml import etree

from doctemplates.render import Template
from doctemplates.render.normalize import (
    ON_OFF_ONLY,
    SIGNED_ATTRIBUTES,
    normalize_package,
    normalize_part,
)
from tests.docxbuild import make_template

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
DECL = b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'


def _doc(body: str) -> bytes:
    return DECL + f'<w:document xmlns:w="{W}"><w:body>{body}</w:body></w:document>'.encode()


def _attr(xml: bytes, local: str, attr: str) -> str | None:
    node = etree.fromstring(xml).find(f".//{{{W}}}{local}")
    return None if node is None else node.get(f"{{{W}}}{attr}")


@given(st.integers(min_value=-(2**31), max_value=-1))
def test_wrapped_negative_becomes_the_negative_it_wraps(value: int) -> None:
    xml = _doc(f'<w:sectPr><w:docGrid w:type="lines" w:charSpace="{value + 2**32}"/></w:sectPr>')
    fixed, fixes = normalize_part("word/document.xml", xml)
    assert _attr(fixed, "docGrid", "charSpace") == str(value)
    assert [(f.element, f.attribute, f.new) for f in fixes] == [
        ("w:docGrid", "w:charSpace", str(value))
    ]
    assert fixed.startswith(DECL)


@given(st.integers(min_value=-(2**31), max_value=2**31 - 1))
def test_values_in_range_are_left_byte_for_byte(value: int) -> None:
    xml = _doc(
        f'<w:p><w:pPr><w:ind w:left="{value}"/><w:spacing w:line="{value}"/></w:pPr></w:p>'
        f'<w:sectPr><w:docGrid w:charSpace="{value}"/></w:sectPr>'
    )
    assert normalize_part("word/document.xml", xml) == (xml, [])


def test_every_signed_attribute_is_fixed_and_unsigned_ones_are_not() -> None:
    wrapped = str(2**32 - 5)
    for local, attrs in SIGNED_ATTRIBUTES.items():
        for attr in attrs:
            xml = _doc(f'<w:p><w:pPr><w:{local} w:{attr}="{wrapped}"/></w:pPr></w:p>')
            fixed, fixes = normalize_part("word/document.xml", xml)
            assert _attr(fixed, local, attr) == "-5", (local, attr)
            assert len(fixes) == 1
    # pgMar@left and a font size are unsigned: a big value is wrong but not a wrap
    xml = _doc(f'<w:sectPr><w:pgMar w:left="{wrapped}"/><w:sz w:val="{wrapped}"/></w:sectPr>')
    assert normalize_part("word/document.xml", xml) == (xml, [])
    # beyond 32 bits nothing is guessed
    xml = _doc(f'<w:sectPr><w:docGrid w:charSpace="{2**32}"/></w:sectPr>')
    assert normalize_part("word/document.xml", xml) == (xml, [])


def test_on_off_only_values() -> None:
    for local in sorted(ON_OFF_ONLY):
        for given_value, wanted in (("true", "on"), ("1", "on"), ("false", "off"), ("0", "off")):
            xml = _doc(
                f'<w:tbl><w:tr><w:trPr><w:{local} w:val="{given_value}"/></w:trPr></w:tr></w:tbl>'
            )
            fixed, fixes = normalize_part("word/document.xml", xml)
            assert _attr(fixed, local, "val") == wanted
            assert fixes[0].describe().endswith(f"已修正为 {wanted}")
    # already valid, or an ordinary on/off element (w:b accepts true): untouched
    for body in ('<w:cantSplit w:val="on"/>', "<w:cantSplit/>", '<w:b w:val="true"/>'):
        xml = _doc(f"<w:p><w:r><w:rPr>{body}</w:rPr></w:r></w:p>")
        assert normalize_part("word/document.xml", xml) == (xml, [])


def test_section_break_moves_to_the_end_of_the_paragraph_properties() -> None:
    xml = _doc(
        '<w:p><w:pPr><w:sectPr><w:type w:val="nextPage"/></w:sectPr>'
        '<w:pStyle w:val="Normal"/><w:spacing w:line="20"/><w:rPr/></w:pPr></w:p>'
    )
    fixed, fixes = normalize_part("word/document.xml", xml)
    ppr = etree.fromstring(fixed).find(f".//{{{W}}}pPr")
    assert [etree.QName(c).localname for c in ppr] == ["pStyle", "spacing", "rPr", "sectPr"]
    assert "w:sectPr 位于 w:pStyle 之前" in fixes[0].describe()
    # with a w:pPrChange the section break goes right before it
    xml = _doc(
        '<w:p><w:pPr><w:sectPr/><w:jc w:val="left"/><w:pPrChange w:id="1" w:author="a">'
        "<w:pPr/></w:pPrChange></w:pPr></w:p>"
    )
    ppr = etree.fromstring(normalize_part("p.xml", xml)[0]).find(f".//{{{W}}}pPr")
    assert [etree.QName(c).localname for c in ppr] == ["jc", "sectPr", "pPrChange"]
    # the body's own sectPr (last in w:body) is not a paragraph's
    xml = _doc('<w:p/><w:sectPr><w:docGrid w:type="lines"/></w:sectPr>')
    assert normalize_part("word/document.xml", xml) == (xml, [])


def test_tags_and_text_survive_normalisation() -> None:
    xml = _doc(
        '<w:p><w:r><w:t xml:space="preserve">{{ a &gt; b and c == "x" }} 甲&amp;乙</w:t></w:r></w:p>'
        '<!--{% if false %}--><w:sectPr><w:docGrid w:charSpace="4294950911"/></w:sectPr>'
    )
    fixed, _ = normalize_part("word/document.xml", xml)
    text = etree.fromstring(fixed).findtext(f".//{{{W}}}t")
    assert text == '{{ a > b and c == "x" }} 甲&乙'
    assert b"<!--{% if false %}-->" in fixed


def test_not_xml_and_other_parts_are_left_alone() -> None:
    broken = b'<w:document w:charSpace="4294950911"'
    assert normalize_part("word/document.xml", broken) == (broken, [])
    members = {"word/media/image1.png": b'="4294950911"', "word/document.xml": _doc("")}
    result = normalize_package(members)
    assert dict(result) == members and result.fixes == []


def _with_artefacts(data: bytes) -> bytes:
    """The .docx with LibreOffice's artefacts written into its document part."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            content = source.read(info)
            if info.filename == "word/document.xml":
                content = content.replace(
                    b"<w:sectPr",
                    b'<w:tbl><w:tr><w:trPr><w:cantSplit w:val="true"/></w:trPr><w:tc><w:p/>'
                    b"</w:tc></w:tr></w:tbl><w:sectPr",
                    1,
                ).replace(b"</w:sectPr>", b'<w:docGrid w:charSpace="4294950911"/></w:sectPr>')
            target.writestr(info, content)
    return out.getvalue()


def test_rendered_document_carries_no_artefact() -> None:
    template = _with_artefacts(make_template(["{{ title }}"]))
    assert b'w:charSpace="4294950911"' in zipfile.ZipFile(io.BytesIO(template)).read(
        "word/document.xml"
    )
    rendered = Template.load(template).render({"title": "关于示例的通知"})
    document = zipfile.ZipFile(io.BytesIO(rendered)).read("word/document.xml")
    assert b"4294950911" not in document and b'w:charSpace="-16385"' in document
    assert b'<w:cantSplit w:val="on"/>' in document
    assert "关于示例的通知".encode() in document
