"""Word drafts: numbering frozen as Word shows it, revisions, comments, tables, pictures."""

from __future__ import annotations

import io
from pathlib import Path

import docx
import pytest
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls

from doctemplates.errors import DataError
from doctemplates.importer import import_docx
from doctemplates.importer.docx import read_docx
from tests.importer.helpers import body_texts, expected_body, render, styled

DRAFTS = Path(__file__).resolve().parents[2] / "samples" / "drafts"


def _numbering(doc: docx.document.Document, xml: str) -> None:
    part = doc.part.numbering_part.element
    for child in list(part):
        part.remove(child)
    for child in parse_xml(f"<w:numbering {nsdecls('w')}>{xml}</w:numbering>"):
        part.append(child)


def _numbered(doc: docx.document.Document, text: str, num: int, ilvl: int = 0) -> None:
    p = doc.add_paragraph(text)
    p._p.get_or_add_pPr().append(
        parse_xml(
            f'<w:numPr {nsdecls("w")}><w:ilvl w:val="{ilvl}"/><w:numId w:val="{num}"/></w:numPr>'
        )
    )


def _lvl(ilvl: int, fmt: str, text: str, start: int = 1) -> str:
    return (
        f'<w:lvl w:ilvl="{ilvl}"><w:start w:val="{start}"/><w:numFmt w:val="{fmt}"/>'
        f'<w:lvlText w:val="{text}"/><w:suff w:val="nothing"/></w:lvl>'
    )


def _texts(doc: docx.document.Document) -> list[str]:
    out = io.BytesIO()
    doc.save(out)
    return [p.text for p in read_docx(out.getvalue()).paragraphs if not p.is_block]


def test_chinese_counting_levels_and_restart_after_parent() -> None:
    doc = docx.Document()
    _numbering(
        doc,
        '<w:abstractNum w:abstractNumId="1">'
        + _lvl(0, "chineseCounting", "%1、")
        + _lvl(1, "chineseCounting", "（%2）")
        + _lvl(2, "decimal", "%3.")
        + '</w:abstractNum><w:num w:numId="5"><w:abstractNumId w:val="1"/></w:num>',
    )
    for text, ilvl in [("甲", 0), ("乙", 1), ("丙", 2), ("丁", 2), ("戊", 0), ("己", 1)]:
        _numbered(doc, text, 5, ilvl)
    for n in range(9):
        _numbered(doc, f"项{n}", 5, 0)
    texts = _texts(doc)
    assert texts[:6] == ["一、甲", "（一）乙", "1.丙", "2.丁", "二、戊", "（一）己"]
    assert texts[-1] == "十一、项8"  # numbers above ten


def test_start_override_restarts_a_shared_list_and_style_numbering() -> None:
    doc = docx.Document()
    _numbering(
        doc,
        '<w:abstractNum w:abstractNumId="2">'
        + _lvl(0, "decimal", "%1、", start=1)
        + '</w:abstractNum><w:abstractNum w:abstractNumId="3">'
        + _lvl(0, "ideographDigital", "第%1条")
        + '</w:abstractNum><w:num w:numId="1"><w:abstractNumId w:val="2"/></w:num>'
        '<w:num w:numId="2"><w:abstractNumId w:val="2"/></w:num>'
        '<w:num w:numId="3"><w:abstractNumId w:val="2"/>'
        '<w:lvlOverride w:ilvl="0"><w:startOverride w:val="1"/></w:lvlOverride></w:num>'
        '<w:num w:numId="4"><w:abstractNumId w:val="3"/></w:num>',
    )
    _numbered(doc, "甲", 1)
    _numbered(doc, "乙", 2)  # another w:num of the same definition continues
    _numbered(doc, "丙", 3)  # startOverride restarts
    styles = doc.styles.element
    styles.append(
        parse_xml(
            f'<w:style {nsdecls("w")} w:type="paragraph" w:styleId="Tiao"><w:name w:val="条"/>'
            '<w:pPr><w:numPr><w:numId w:val="4"/></w:numPr></w:pPr></w:style>'
        )
    )
    doc.add_paragraph("丁", style="条")
    assert _texts(doc) == ["1、甲", "2、乙", "1、丙", "第一条丁"]


def test_revisions_accepted_comments_and_fields_dropped() -> None:
    doc = docx.Document()
    p = doc.add_paragraph("保留")
    p._p.append(
        parse_xml(f'<w:ins {nsdecls("w")} w:id="1" w:author="a"><w:r><w:t>插入</w:t></w:r></w:ins>')
    )
    p._p.append(
        parse_xml(
            f'<w:del {nsdecls("w")} w:id="2" w:author="a"><w:r><w:delText>删除</w:delText></w:r></w:del>'
        )
    )
    field = (
        f'<w:r {nsdecls("w")}><w:fldChar w:fldCharType="begin"/></w:r>'
        f"<w:r {nsdecls('w')}><w:instrText> PAGE </w:instrText></w:r>"
        f'<w:r {nsdecls("w")}><w:fldChar w:fldCharType="separate"/></w:r>'
        f"<w:r {nsdecls('w')}><w:t>结果</w:t></w:r>"
        f'<w:r {nsdecls("w")}><w:fldChar w:fldCharType="end"/></w:r>'
    )
    q = doc.add_paragraph("域")
    for run in parse_xml(f"<x {nsdecls('w')}>{field}</x>"):
        q._p.append(run)
    c = doc.add_paragraph("批注在此")
    doc.add_comment(c.runs, text="批注内容不进正文", author="b")
    out = io.BytesIO()
    doc.save(out)
    draft = read_docx(out.getvalue())
    assert [p.text for p in draft.paragraphs] == ["保留插入", "域结果", "批注在此"]
    assert any("批注已去掉" in n for n in draft.notes)
    assert any("保留 1 处插入，去掉 1 处删除" in n for n in draft.notes)


def test_sample_draft_keeps_table_and_picture() -> None:
    result = import_docx(DRAFTS / "请示草稿.docx")
    document = render(result)
    out = docx.Document(io.BytesIO(document))
    assert [[c.text for c in row.cells] for row in out.tables[0].rows][0] == [
        "序号",
        "用途",
        "金额（万元）",
    ]
    assert len(out.inline_shapes) == 1
    assert ("图片", "") in [(s, t) for s, t in styled(document)] or out.inline_shapes
    assert body_texts(document) == expected_body(result)
    assert result.data["doc_number"] == "示科发〔2026〕12号"
    assert result.data["signature"]["date"] == "2026-04-08"


@pytest.mark.parametrize(
    "data", [b"not a zip", b"PK\x03\x04broken", b""], ids=["text", "broken", "empty"]
)
def test_not_a_docx_is_a_clear_error(data: bytes) -> None:
    with pytest.raises(DataError):
        read_docx(data)


def test_entities_refused() -> None:
    import zipfile

    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr(
            "word/document.xml",
            '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><x>&e;</x>',
        )
    with pytest.raises(DataError, match="DTD"):
        read_docx(buf.getvalue())


@pytest.mark.parametrize("fmt", ["upperLetter", "lowerRoman", "chineseCounting", "decimal"])
def test_hostile_start_values_stay_small(fmt: str) -> None:
    doc = docx.Document()
    _numbering(
        doc,
        '<w:abstractNum w:abstractNumId="1">'
        + _lvl(0, fmt, "%1.", start=10**12)
        + '</w:abstractNum><w:num w:numId="1"><w:abstractNumId w:val="1"/></w:num>',
    )
    _numbered(doc, "甲", 1)
    (text,) = _texts(doc)
    assert len(text) < 40 and text.endswith(".甲")


def test_oversized_text_draft_is_refused() -> None:
    from doctemplates.importer.text import MAX_DRAFT_BYTES, decode

    with pytest.raises(DataError, match="过大"):
        decode(b"a" * (MAX_DRAFT_BYTES + 1))


def test_picture_names_from_the_draft_are_not_trusted() -> None:
    from doctemplates.importer.recognize import Options, recognise
    from doctemplates.importer.report import Report
    from doctemplates.importer.source import Draft, Picture, SourceParagraph

    paragraphs = [
        SourceParagraph("关于测试的通知", "第 1 段"),
        SourceParagraph("", "第 2 段", picture=Picture("..", b"x")),
        SourceParagraph("", "第 3 段", picture=Picture("a/../../b.PNG", b"y")),
        SourceParagraph("", "第 4 段", picture=Picture("x.p$g", b"z")),
    ]
    found = recognise(Draft(paragraphs), Options(), Report())
    assert sorted(found.media) == ["images/image1.bin", "images/image2.png", "images/image3.bin"]
