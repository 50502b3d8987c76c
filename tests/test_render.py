"""Rendering: escaping, cleaning, every part, determinism, errors, sandbox, threads."""

from __future__ import annotations

import io
import zipfile
from concurrent.futures import ThreadPoolExecutor

import pytest
from docx.shared import Mm
from docxtpl import InlineImage, RichText
from hypothesis import given, settings
from hypothesis import strategies as st

from doctemplates.errors import (
    DocTemplatesError,
    OutputExistsError,
    TemplateSecurityError,
    TemplateSyntaxError,
    UndefinedVariableError,
)
from doctemplates.render import Image, Template
from doctemplates.render.environment import clean_text
from tests.docxbuild import body_text, make_template, open_docx

LOOP = make_template(
    ["标题：{{ title }}", "{%p for s in items %}", "{{ loop.index }}.{{ s }}", "{%p endfor %}"],
    header="页眉 {{ organ }}",
    footer="页脚 {{ organ }}",
    title="{{ title }}",
    table=[["{%tr for r in rows %}", ""], ["{{ r.a }}", "{{ r.b }}"], ["{%tr endfor %}", ""]],
)
CTX = {
    "title": "关于示例的通知",
    "items": ["一", "二", "三"],
    "organ": "示例市科学技术局",
    "rows": [{"a": "甲", "b": 1}, {"a": "乙", "b": 2}],
}


@pytest.fixture(scope="module")
def loop_tpl() -> Template:
    return Template.load(LOOP)


def test_loops_headers_footers_properties(loop_tpl: Template) -> None:
    doc = open_docx(loop_tpl.render(CTX))
    assert [p.text for p in doc.paragraphs] == ["标题：关于示例的通知", "1.一", "2.二", "3.三"]
    assert [[c.text for c in row.cells] for row in doc.tables[0].rows] == [["甲", "1"], ["乙", "2"]]
    assert doc.sections[0].header.paragraphs[0].text == "页眉 示例市科学技术局"
    assert doc.sections[0].footer.paragraphs[0].text == "页脚 示例市科学技术局"
    assert doc.core_properties.title == "关于示例的通知"


def test_variables_lists_top_level_names(loop_tpl: Template) -> None:
    assert loop_tpl.variables() == {"title", "items", "organ", "rows"}


@pytest.mark.parametrize("value", ["A & B", "<w:p>", 'say "hi"', "it's", "]]>", "&amp;"])
def test_xml_specials_survive(loop_tpl: Template, value: str) -> None:
    text = body_text(loop_tpl.render({**CTX, "title": value}))
    assert text[0] == "标题：" + value


def test_control_characters_removed_and_newline_breaks(loop_tpl: Template) -> None:
    doc = open_docx(loop_tpl.render({**CTX, "title": "甲\x00乙\x1f丙\ufffe\n丁\r\n戊"}))
    assert doc.paragraphs[0].text == "标题：甲乙丙\n丁\n戊"
    assert len(doc.paragraphs[0]._p.xpath(".//w:br")) == 2
    assert doc.core_properties.title == "甲乙丙 丁 戊"


def test_deterministic_bytes(loop_tpl: Template) -> None:
    first = loop_tpl.render(CTX)
    assert first == loop_tpl.render(CTX) == Template.load(LOOP).render(CTX)
    with zipfile.ZipFile(io.BytesIO(first)) as archive:
        assert {info.date_time for info in archive.infolist()} == {(1980, 1, 1, 0, 0, 0)}
        assert archive.testzip() is None
        assert archive.namelist()[0] == "[Content_Types].xml"


def test_missing_variable_names_it() -> None:
    tpl = Template.load(make_template(["署名：{{ signature.name }}"]))
    with pytest.raises(UndefinedVariableError) as info:
        tpl.render({"signatur": {}})
    message = str(info.value)
    assert "signature" in message and "word/document.xml" in message
    assert info.value.tag == "{{ signature.name }}"
    assert info.value.paragraph == "署名：{{ signature.name }}"


def test_missing_field_names_it() -> None:
    tpl = Template.load(make_template(["署名：{{ signature.nmae }}"]))
    with pytest.raises(UndefinedVariableError, match="nmae"):
        tpl.render({"signature": {"name": "示例"}})


def test_error_in_header_names_part() -> None:
    tpl = Template.load(make_template(["正文"], header="{{ organ.missing }}"))
    with pytest.raises(UndefinedVariableError) as info:
        tpl.render({"organ": {}})
    assert info.value.part == "word/header1.xml"


@pytest.mark.parametrize(
    ("paragraphs", "tag", "words"),
    [
        (["{%p for x in xs %}", "{{ x }}"], "{%p for x in xs %}", "endfor"),
        (["文字", "{%p endfor %}"], "{% endfor %}", "多余"),
        (["{{ x|nosuchfilter }}"], "{{ x|nosuchfilter }}", "nosuchfilter"),
        (["{{ x ＋ 1 }}"], "{{ x ＋ 1 }}", "非法字符"),
    ],
)
def test_syntax_errors_say_where(paragraphs: list[str], tag: str, words: str) -> None:
    with pytest.raises(TemplateSyntaxError) as info:
        Template.load(make_template(paragraphs))
    assert info.value.part == "word/document.xml"
    assert words in str(info.value)
    assert info.value.tag is not None


SANDBOX_ESCAPES = [
    "{{ ''.__class__.__mro__ }}",
    "{{ cycler.__init__.__globals__ }}",
    "{{ joiner.__init__.__globals__.os }}",
    "{{ ''.__class__.__mro__[1].__subclasses__() }}",
    "{{ lipsum.__globals__['os'].popen('id').read() }}",
    "{{ namespace.__init__.__globals__ }}",
    "{{ self._TemplateReference__context }}",
    "{{ (''|attr('__class__')) }}",
    "{{ '{0.__class__}'.format(x) }}",
    "{{ 'a' * 100000000 }}",
    "{{ 10 ** 100000 }}",
]


@pytest.mark.parametrize("payload", SANDBOX_ESCAPES)
def test_sandbox_escape_refused(payload: str) -> None:
    tpl = Template.load(make_template([payload]))
    with pytest.raises(TemplateSecurityError) as info:
        tpl.render({"x": 1})
    assert info.value.part == "word/document.xml"


def test_filters_available() -> None:
    tpl = Template.load(
        make_template(
            [
                "{{ 11|cn_number }}|{{ 2020|cn_year }}|{{ d|date }}|{{ d|cn_date }}|{{ 2|label(2) }}|{{ n|doc_number }}"
            ]
        )
    )
    text = body_text(tpl.render({"d": "2020-04-20", "n": "钟科发[2020]第02号"}))[0]
    assert text == "十一|二〇二〇|2020年4月20日|二〇二〇年四月二十日|（二）|钟科发〔2020〕2号"


def test_filter_error_is_located() -> None:
    tpl = Template.load(make_template(["日期：{{ d|date }}"]))
    with pytest.raises(DocTemplatesError) as info:
        tpl.render({"d": "2021-02-30"})
    assert "2021-02-30" in str(info.value) and info.value.tag == "{{ d|date }}"


def test_render_to_is_atomic_and_no_clobber(loop_tpl: Template, tmp_path) -> None:
    out = tmp_path / "a.docx"
    loop_tpl.render_to(out, CTX)
    assert body_text(out.read_bytes())[0] == "标题：关于示例的通知"
    with pytest.raises(OutputExistsError):
        loop_tpl.render_to(out, {**CTX, "title": "新"})
    assert body_text(out.read_bytes())[0] == "标题：关于示例的通知"
    loop_tpl.render_to(out, {**CTX, "title": "新"}, overwrite=True)
    assert body_text(out.read_bytes())[0] == "标题：新"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.docx"]


def test_failed_render_writes_nothing(tmp_path) -> None:
    tpl = Template.load(make_template(["{{ nope }}"]))
    with pytest.raises(UndefinedVariableError):
        tpl.render_to(tmp_path / "x.docx", {})
    assert list(tmp_path.iterdir()) == []


def test_concurrent_renders_equal_sequential(loop_tpl: Template) -> None:
    contexts = [
        {**CTX, "title": f"第{i}号", "items": [str(j) for j in range(i % 7)]} for i in range(40)
    ]
    sequential = [loop_tpl.render(c) for c in contexts]
    with ThreadPoolExecutor(max_workers=8) as pool:
        assert list(pool.map(loop_tpl.render, contexts)) == sequential


def _png() -> bytes:
    import struct
    import zlib

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    raw = b"".join(b"\x00" + b"\xff\x00\x00" * 4 for _ in range(4))
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", struct.pack(">IIBBBBB", 4, 4, 8, 2, 0, 0, 0))
        + chunk(b"IDAT", zlib.compress(raw))
        + chunk(b"IEND", b"")
    )


def test_images_richtext_and_docxtpl_inline_image() -> None:
    tpl = Template.load(
        make_template(["印章：{{ seal }}", "{{r rich }}", "图：{{ legacy }}"], header="{{ seal }}")
    )
    ctx = {
        "seal": Image(io.BytesIO(_png()), width_mm=40),
        "rich": RichText("红字", color="FF0000", bold=True),
        "legacy": InlineImage(tpl, io.BytesIO(_png()), width=Mm(10)),
    }
    data = tpl.render(ctx)
    doc = open_docx(data)
    assert len(doc.inline_shapes) == 2
    assert doc.inline_shapes[0].width == Mm(40)
    assert "红字" in doc.paragraphs[1].text
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        media = [n for n in archive.namelist() if n.startswith("word/media/")]
        assert len(media) == 1  # same picture stored once
        ids = [
            el.get("id")
            for el in doc.element.body.iter(
                "{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}docPr"
            )
        ]
        assert len(set(ids)) == len(ids)
    assert data == tpl.render(
        {
            **ctx,
            "seal": Image(io.BytesIO(_png()), width_mm=40),
            "legacy": InlineImage(tpl, io.BytesIO(_png()), width=Mm(10)),
        }
    )


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=200))
def test_any_text_survives(value: str) -> None:
    tpl = _PROPERTY_TPL
    text = body_text(tpl.render({"v": value}))
    expected = "[" + clean_text(value) + "]" if value else ""  # empty: the line goes (optional)
    assert "\n".join(text) == expected


_PROPERTY_TPL = Template.load(make_template(["[{{ v }}]"]))


def test_literal_brace_escapes_in_template_only() -> None:
    tpl = Template.load(make_template(["写法：{_{ name }_} 与 {_% if %_}；值：{{ v }}"]))
    assert body_text(tpl.render({"v": "{_{ 用户数据 }_}"})) == [
        "写法：{{ name }} 与 {% if %}；值：{_{ 用户数据 }_}"
    ]


def test_corrupt_member_refused_with_chinese_message() -> None:
    import zipfile

    from doctemplates.errors import TemplateError

    data = bytearray(make_template(["{{ title }}"]))
    with zipfile.ZipFile(io.BytesIO(bytes(data))) as archive:
        info = archive.getinfo("word/document.xml")
    start = info.header_offset + 30 + len(info.filename) + len(info.extra) + 10
    data[start : start + 8] = b"\x00" * 8  # damage the deflate stream: CRC or zlib error
    with pytest.raises(TemplateError, match="已损坏|不是有效"):
        Template.load(bytes(data))
