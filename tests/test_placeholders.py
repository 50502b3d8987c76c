"""Block placeholders (issue 17 §1): ``{{p 正文 }}`` expanded at compile time.

The expanded templates render exactly what the loops written out in the template
rendered (byte for byte, every shipped template, every 署名 mode); an unknown name is
refused with a suggestion by lint and render alike; escaping, limits and located errors
hold inside an expansion; a staff member's restyle of 一级标题 reaches the headings.
"""

from __future__ import annotations

import copy
import io
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import docx
import pytest
from lxml import etree

from doctemplates.context import DocumentContext
from doctemplates.errors import TemplateLimitError, TemplateSyntaxError, UndefinedVariableError
from doctemplates.fieldnames import with_chinese_names
from doctemplates.kinds import FORMAT_TEMPLATES, template_resource
from doctemplates.layout import body, closing
from doctemplates.layout.textwidth import date_width_twips
from doctemplates.lint import lint_template
from doctemplates.package import Member, read_package, write_package
from doctemplates.render import RenderLimits, Template
from tests.docxbuild import open_docx
from tests.layout.contexts import context as _context
from tests.shipped import sample_contexts

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def context(**options: Any) -> dict[str, Any]:
    """A document context with the Chinese names the shipped lines use (a kind adds them)."""
    return with_chinese_names(_context(**options), DocumentContext)  # type: ignore[return-value]


_PLACEHOLDER = re.compile(r"\{\{p (\w+) \}\}")


def _loops() -> dict[str, Callable[[], list[etree._Element]]]:
    """The blocks as the builder wrote them into templates before placeholders."""
    from doctemplates.layout import header
    from pingyi_docs.rectification import task_table_block

    return {
        "发文机关标志": header.mark_block,
        "纪要标志": header.minutes_mark,
        "正文": body.body_loop,
        "附件说明": body.attachment_note,
        "出席人员": body.attendance,
        "署名": closing.signature_block,
        "附注": closing.note,
        "附件页": closing.annex_pages,
        "版记": closing.banji,
        "信函版记": lambda: closing.banji(lines=False, printer=False),
        "任务表": task_table_block,
    }


def written_out(template: bytes) -> bytes:
    """``template`` with each placeholder paragraph replaced by the loops it stands for,
    in the main part and the headers (the 信函's 标志 is in its first-page header)."""
    members = read_package(template)
    loops = _loops()
    for part in [n for n in members if re.fullmatch(r"word/(document|header\d+)\.xml", n)]:
        root = etree.fromstring(members[part])
        texts = ["".join(p.itertext()) for p in root.iter(f"{W}p")]
        if "{{p 段落组结束 }}" in texts:  # paragraph groups live in the 正文 expansion only
            loops.pop(
                "正文", None
            )  # (tests/pingyi/test_summary_template.py: as the written-out loop)
        for paragraph in list(root.iter(f"{W}p")):
            match = _PLACEHOLDER.fullmatch("".join(paragraph.itertext()))
            if match and match.group(1) in loops:
                for element in loops[match.group(1)]():
                    paragraph.addprevious(copy.deepcopy(element))
                paragraph.getparent().remove(paragraph)  # type: ignore[union-attr]
        members[part] = etree.tostring(root, encoding="UTF-8", standalone=True)
    return write_package([Member.deflate(name, data) for name, data in members.items()])


def _joint_rows() -> list[dict[str, Any]]:
    rows = closing.joint_seal_rows(3, date_width_twips("2026年11月23日"))
    names = iter(["示例市科学技术局", "示例市财政局", "示例市教育局"])
    return [{"cells": [{"pos": p, "seal": "", "name": next(names)} for p in row]} for row in rows]


def _document_contexts() -> list[dict[str, Any]]:
    joint = context(mode="seal")
    joint["signature"]["seal_rows"] = _joint_rows()
    attendance = [{"label": "出席", "names": "张明、李华"}, {"label": "请假", "names": "王芳"}]
    return [
        c
        for c in (
            context(mode="seal", annexes=2),
            joint,
            context(mode="stamp", attachments=1, annexes=1, record=False),
            context(mode="plain", attachments=0, attendance=attendance),
            context(mode="seal", signature=None, note=None),
            context(mode="seal", organs=("示例市科学技术局", "示例市财政局")),  # joint 标志
        )
    ]


def _shipped() -> list[tuple[str, Path, list[dict[str, Any]]]]:
    cases = [
        (f"document-{fmt}", template_resource("doctemplates", name), _document_contexts())
        for fmt, name in FORMAT_TEMPLATES.items()
    ]
    for kind, ctx in sample_contexts():
        cases += [
            (f"{kind.name}-{fmt}", kind.template_path(fmt), [ctx]) for fmt in sorted(kind.templates)
        ]
    return cases


SHIPPED = _shipped()


def test_every_shipped_template_is_covered() -> None:
    assert len(SHIPPED) == 12


@pytest.mark.parametrize(("name", "path", "contexts"), SHIPPED, ids=[c[0] for c in SHIPPED])
def test_expanded_template_renders_what_the_written_out_loops_rendered(
    name: str, path: Path, contexts: list[dict[str, Any]]
) -> None:
    template = path.read_bytes()
    assert _PLACEHOLDER.search(open_docx(template).element.xml), "the template uses placeholders"
    expanded, loops = Template.load(template), Template.load(written_out(template))
    for ctx in contexts:
        assert expanded.render(ctx) == loops.render(ctx)


def _replaced(name: str, placeholder: str, paragraphs: tuple[str, ...], header: bool) -> bytes:
    """Shipped template ``name`` with its paragraph ``placeholder`` (in the main part, or in
    the first-page header) replaced by ``paragraphs``."""
    document = docx.Document(str(template_resource("doctemplates", name)))
    part = document.sections[0].first_page_header if header else document
    anchor = next(p for p in part.paragraphs if p.text == placeholder)
    for text in paragraphs:
        anchor.insert_paragraph_before(text)
    anchor._p.getparent().remove(anchor._p)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _template(*paragraphs: str) -> bytes:
    """The shipped 文件 template with its 正文 placeholder replaced by ``paragraphs``."""
    return _replaced("wenjian.docx", "{{p 正文 }}", paragraphs, header=False)


@pytest.mark.parametrize(
    ("typed", "suggestion"),
    [("{{p 正问 }}", "正文"), ("{{p bdy }}", "body"), ("{{p 署明 }}", "署名")],
)
def test_unknown_placeholder_is_refused_with_a_suggestion_by_lint_and_render(
    typed: str, suggestion: str
) -> None:
    data = _template(typed)
    with pytest.raises(TemplateSyntaxError) as raised:
        Template.load(data)
    error = raised.value
    assert f"是否应为 {suggestion}？" in error.message
    assert (error.part, error.tag, error.paragraph) == ("word/document.xml", typed, typed)
    findings = [
        f for f in lint_template(data, context_type=DocumentContext) if f.severity == "error"
    ]
    assert [(f.location.part, f.message, f.location.tag) for f in findings] == [
        ("word/document.xml", error.message, typed)
    ]


def test_unknown_chinese_name_without_a_close_one_lists_the_known() -> None:
    with pytest.raises(TemplateSyntaxError, match="未知的块占位符.*可用：.*正文"):
        Template.load(_template("{{p 甲乙丙丁 }}"))


def test_a_bare_english_variable_keeps_docxtpls_meaning() -> None:
    """``{{p xml }}`` far from every placeholder name prints the variable's XML, as in docxtpl."""
    from markupsafe import Markup

    tpl = Template.load(_template("{{p extra_paragraph }}"))
    xml = Markup("<w:p><w:r><w:t>整段内容</w:t></w:r></w:p>")
    texts = [p.text for p in open_docx(tpl.render(context(extra_paragraph=xml))).paragraphs]
    assert "整段内容" in texts


def test_markup_and_tags_in_data_print_literally_inside_an_expansion() -> None:
    hostile = '<w:t>x</w:t>{{ 1+1 }}{% if true %}&amp;"'
    ctx = context(paragraphs=1)
    ctx["body"] = [{"kind": "paragraph", "level": 0, "label": "", "heading": "", "text": hostile}]
    ctx["signature"]["names"] = ["</w:t></w:r></w:p><w:p>"]
    document = open_docx(
        Template.load(template_resource("doctemplates", "wenjian.docx")).render(ctx)
    )
    texts = [p.text for p in document.paragraphs]
    assert hostile in texts
    assert any("</w:t></w:r></w:p><w:p>" in t for t in texts)


def test_an_error_inside_an_expansion_names_the_placeholder() -> None:
    ctx = context()
    ctx["body"] = [{"kind": "paragraph", "level": 0, "label": "", "heading": ""}]  # no text
    with pytest.raises(UndefinedVariableError) as raised:
        Template.load(template_resource("doctemplates", "wenjian.docx")).render(ctx)
    assert (raised.value.paragraph, raised.value.tag) == ("{{p 正文 }}", "{{p 正文 }}")


def test_resource_limits_hold_inside_an_expansion() -> None:
    ctx = context(paragraphs=0)
    ctx["body"] = [
        {"kind": "paragraph", "level": 0, "label": "", "heading": "", "text": "甲"}
    ] * 500
    tpl = Template.load(template_resource("doctemplates", "wenjian.docx"))
    with pytest.raises(TemplateLimitError) as raised:
        tpl.render(ctx, limits=RenderLimits(max_iterations=100))
    assert raised.value.paragraph == "{{p 正文 }}"


def test_a_template_of_placeholders_only_is_bounded() -> None:
    from doctemplates.render.placeholders import MAX_EXPANSIONS

    data = _template(*["{{p 署名 }}"] * (MAX_EXPANSIONS + 1))
    with pytest.raises(TemplateLimitError, match="块占位符超过") as raised:
        Template.load(data)
    assert raised.value.part == "word/document.xml"
    assert _PLACEHOLDER.fullmatch(raised.value.tag or "")
    findings = lint_template(data, context_type=DocumentContext)
    assert [(f.rule, f.message) for f in findings if f.severity == "error"] == [
        ("limit", raised.value.message)
    ]
    shipped = read_package(template_resource("doctemplates", "wenjian.docx").read_bytes())
    others = len(_PLACEHOLDER.findall(shipped["word/document.xml"].decode())) - 1  # all but 正文
    Template.load(_template(*["{{p 署名 }}"] * (MAX_EXPANSIONS - others)))  # up to the bound


def _heading_styles(data: bytes) -> set[tuple[str, str]]:
    """(style id, style name) of the paragraphs holding a level-1 heading text."""
    document = open_docx(data)
    return {
        (p.style.style_id, p.style.name) for p in document.paragraphs if p.text == "一、总体要求"
    }


def test_staff_restyle_of_the_heading_reaches_every_rendered_heading() -> None:
    """python-docx as staff's Word: 一级标题 set to 楷体, its id renamed (LibreOffice renames
    ids when it saves); the expanded headings carry the template's own style."""
    document = docx.Document(str(template_resource("doctemplates", "wenjian.docx")))
    style = document.styles["一级标题"]
    style.font.name = "楷体"
    style.element.rPr.rFonts.set(f"{W}eastAsia", "楷体")
    style.element.set(f"{W}styleId", "Style25")
    buffer = io.BytesIO()
    document.save(buffer)
    rendered = Template.load(buffer.getvalue()).render(context())
    assert _heading_styles(rendered) == {("Style25", "一级标题")}
    styles = open_docx(rendered).styles
    assert styles["一级标题"].element.rPr.rFonts.get(f"{W}eastAsia") == "楷体"


def test_every_block_names_only_styles_the_shipped_templates_define() -> None:
    """A style name the template lacks would fall back to Normal without a word."""
    from doctemplates.placeholders import EXPANDERS
    from doctemplates.render.placeholders import known_names, style_ids
    from pingyi_docs.placeholders import EXPANDERS as PINGYI

    blocks = {**EXPANDERS, **PINGYI}
    assert set(blocks) <= set(known_names())  # both registered through the entry points
    for _, path, _ in SHIPPED:
        names = set(style_ids(read_package(path.read_bytes())["word/styles.xml"]))
        for placeholder, expander in blocks.items():
            used = set(re.findall(r'<w:(?:pStyle|rStyle|tblStyle) w:val="([^"]*)"', expander()))
            assert used <= names, (path.name, placeholder, used - names)


# --- the 信函's 标志: a placeholder in the first-page header part ---------------------

_LETTER = "xinhan.docx"


def _letter_header(*paragraphs: str) -> bytes:
    """The shipped 信函 template with ``paragraphs`` put in place of its header's 标志."""
    return _replaced(_LETTER, "{{p 发文机关标志 }}", paragraphs, header=True)


def _header_texts(data: bytes) -> list[str]:
    section = open_docx(data).sections[0]
    part = section.first_page_header
    texts = [p.text for p in part.paragraphs]
    return texts + [c.text for t in part.tables for row in t.rows for c in row.cells]


def test_the_letter_mark_is_a_placeholder_in_the_first_page_header() -> None:
    members = read_package(template_resource("doctemplates", _LETTER).read_bytes())
    headers = {n: x.decode() for n, x in members.items() if n.startswith("word/header")}
    assert [n for n, x in headers.items() if "{{p 发文机关标志 }}" in x] == ["word/header1.xml"]
    assert "{%p" not in "".join(headers.values())  # no control paragraph left in the header


@pytest.mark.parametrize("organs", [1, 2])
def test_markup_in_an_organ_name_prints_literally_in_the_letter_header(organs: int) -> None:
    hostile = '<w:t>甲</w:t>{{ 1+1 }}&"'
    ctx = context(organs=(hostile, "示例市财政局")[:organs])
    ctx["header"]["mark_suffix"] = ""
    rendered = Template.load(template_resource("doctemplates", _LETTER)).render(ctx)
    assert any(hostile in text for text in _header_texts(rendered))


def test_an_unknown_placeholder_in_the_header_is_refused_there_by_lint_and_render() -> None:
    typed = "{{p 发文机关标忐 }}"
    data = _letter_header(typed)
    with pytest.raises(TemplateSyntaxError) as raised:
        Template.load(data)
    error = raised.value
    assert "是否应为 发文机关标志？" in error.message
    assert (error.part, error.tag) == ("word/header1.xml", typed)
    findings = [
        f for f in lint_template(data, context_type=DocumentContext) if f.severity == "error"
    ]
    assert [(f.location.part, f.message) for f in findings] == [("word/header1.xml", error.message)]


def test_an_error_inside_the_header_expansion_names_the_placeholder_and_the_part() -> None:
    ctx = context()
    del ctx["header"]["organs"]  # read by the expanded 标志 only
    with pytest.raises(UndefinedVariableError) as raised:
        Template.load(template_resource("doctemplates", _LETTER)).render(ctx)
    error = raised.value
    assert (error.part, error.paragraph) == ("word/header1.xml", "{{p 发文机关标志 }}")


def test_placeholders_in_a_header_are_bounded_like_the_body() -> None:
    from doctemplates.render.placeholders import MAX_EXPANSIONS

    with pytest.raises(TemplateLimitError, match="块占位符超过") as raised:
        Template.load(_letter_header(*["{{p 发文机关标志 }}"] * (MAX_EXPANSIONS + 1)))
    assert raised.value.part == "word/header1.xml"
    Template.load(_letter_header(*["{{p 发文机关标志 }}"] * MAX_EXPANSIONS))
