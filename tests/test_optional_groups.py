"""Paragraph groups worded in the template (段落组, render.groups) and the group rule of
optional lines (render.optional): staff write sentences, the engine places and omits them.

A group ``{{p 段落组 名称 }}`` … ``{{p 段落组结束 }}`` is cut out of the part and printed by
``{{p 正文 }}`` where a body item of kind ``region`` names it; a paragraph whose fields
all lie under one group of the data is left out when that group is empty.
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import docx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from doctemplates.context import DocumentContext
from doctemplates.errors import (
    TemplateLimitError,
    TemplateSecurityError,
    TemplateSyntaxError,
    UndefinedVariableError,
)
from doctemplates.fieldnames import with_chinese_names
from doctemplates.kinds import template_resource
from doctemplates.lint import lint_template
from doctemplates.render import Template, cache, groups, partcache
from doctemplates.render.optional import group_of
from tests.docxbuild import body_text, make_template
from tests.layout.contexts import context as _context

START, END = "{{p 段落组 甲组 }}", "{{p 段落组结束 }}"


def _template(*paragraphs: str, body: bool = True) -> bytes:
    """The shipped 文件 template with ``paragraphs`` before its ``{{p 正文 }}`` (which
    is removed when not ``body``)."""
    document = docx.Document(str(template_resource("doctemplates", "wenjian.docx")))
    anchor = next(p for p in document.paragraphs if p.text == "{{p 正文 }}")
    for text in paragraphs:
        anchor.insert_paragraph_before(text, style="正文")
    if not body:
        anchor._p.getparent().remove(anchor._p)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _region(name: str) -> dict[str, Any]:
    return {"kind": "region", "level": 1, "label": "", "heading": "", "text": name, "block": None}


def _paragraph(text: str) -> dict[str, Any]:
    return {
        "kind": "paragraph",
        "level": 1,
        "label": "",
        "heading": "",
        "text": text,
        "block": None,
    }


def _context_with(body: list[dict[str, Any]], **values: Any) -> dict[str, Any]:
    ctx = with_chinese_names(_context(mode="seal", attachments=0), DocumentContext)
    return {**ctx, "body": body, **values}


def _body(data: bytes) -> list[str]:
    """The paragraphs between the 主送 line and the 署名 block."""
    document = docx.Document(io.BytesIO(data))
    texts = [(p.style.name, p.text) for p in document.paragraphs]
    start = next(i for i, (s, _) in enumerate(texts) if s == "主送机关") + 1
    end = next(i for i, (s, _) in enumerate(texts) if s == "署名")
    return [t for _, t in texts[start:end] if t]


GROUP = (
    START,
    "第一句{{ 组.甲 }}。",
    "第二句{{ 组.乙 }}，{% if 组.丙 %}另有{{ 组.丙 }}{% endif %}。",
    END,
)


@pytest.fixture(scope="module")
def grouped() -> Template:
    return Template.load(_template(*GROUP))


# -- paragraph groups ----------------------------------------------------------------------
def test_a_group_prints_where_the_body_names_it_and_not_where_it_is_written(
    grouped: Template,
) -> None:
    body = [_paragraph("前文。"), _region("甲组"), _paragraph("后文。")]
    out = grouped.render(_context_with(body, 组={"甲": 1, "乙": 2, "丙": 3}))
    assert _body(out) == ["前文。", "第一句1。", "第二句2，另有3。", "后文。"]
    # the group's paragraphs keep the style written in the template
    document = docx.Document(io.BytesIO(out))
    assert {p.style.name for p in document.paragraphs if p.text.startswith("第")} == {"正文"}


def test_a_group_no_item_names_prints_nothing_and_an_item_no_group_answers_prints_nothing(
    grouped: Template,
) -> None:
    body = [_paragraph("前文。"), _region("乙组"), _paragraph("后文。")]
    assert _body(grouped.render(_context_with(body, 组=None))) == ["前文。", "后文。"]
    shipped = Template.load(template_resource("doctemplates", "wenjian.docx").read_bytes())
    assert _body(shipped.render(_context_with(body))) == ["前文。", "后文。"]


def test_a_group_printed_twice_and_in_order_of_the_body(grouped: Template) -> None:
    body = [_region("甲组"), _paragraph("中。"), _region("甲组")]
    out = _body(grouped.render(_context_with(body, 组={"甲": 1, "乙": 2, "丙": 0})))
    assert out == ["第一句1。", "第二句2，。", "中。", "第一句1。", "第二句2，。"]


def test_the_group_rule_inside_a_group_and_keep_with_next_on_the_last_printed(
    grouped: Template,
) -> None:
    """§7.3.5.5: a group that ends the body keeps its last printed paragraph with the 署名."""
    tpl = Template.load(_template(START, "总{{ 总数 }}件。", "办{{ 组.甲 }}件。", END))
    for value, last in (({"甲": 5}, "办5件。"), (None, "总3件。")):
        out = tpl.render(_context_with([_paragraph("前文。"), _region("甲组")], 总数=3, 组=value))
        document = docx.Document(io.BytesIO(out))
        kept = {p.text: bool(p.paragraph_format.keep_with_next) for p in document.paragraphs}
        assert _body(out)[-1] == last and kept[last]
        assert not kept["前文。"]
        if value:
            assert not kept["总3件。"]
    # not at the end of the body: nothing keeps
    out = tpl.render(_context_with([_region("甲组"), _paragraph("后文。")], 总数=3, 组={"甲": 5}))
    document = docx.Document(io.BytesIO(out))
    assert not any(p.paragraph_format.keep_with_next for p in document.paragraphs if "件" in p.text)


def test_english_markers() -> None:
    tpl = Template.load(_template("{{p group g }}", "英{{ 总数 }}。", "{{p endgroup }}"))
    assert _body(tpl.render(_context_with([_region("g")], 总数=1))) == ["英1。"]


@pytest.mark.parametrize(
    ("paragraphs", "message"),
    [
        ((START, "一", END, START, "二", END), "段落组 甲组 定义了两次"),
        ((START, "{{p 段落组 乙组 }}", "一", END, END), "段落组不能嵌套"),
        ((START, "一"), "后面缺少 {{p 段落组结束 }}"),
        (("一", END), "前面没有"),
    ],
    ids=["twice", "nested", "unclosed", "end-alone"],
)
def test_malformed_groups_are_refused_by_render_and_lint_alike(
    paragraphs: tuple[str, ...], message: str
) -> None:
    template = _template(*paragraphs)
    with pytest.raises(TemplateSyntaxError, match=message) as err:
        Template.load(template)
    assert err.value.paragraph and err.value.paragraph.startswith("{{p 段落组")
    errors = [f for f in lint_template(template, look=False) if f.severity == "error"]
    assert [f.message for f in errors] == [err.value.message]


def test_a_group_with_nowhere_to_print_is_refused_naming_it() -> None:
    template = _template(*GROUP, body=False)
    with pytest.raises(TemplateSyntaxError, match="段落组 甲组 没有印出的位置") as err:
        Template.load(template)
    assert err.value.paragraph == START
    errors = [f for f in lint_template(template, look=False) if f.severity == "error"]
    assert len(errors) == 1 and "段落组 甲组" in errors[0].message


def test_a_marker_inside_a_table_is_refused() -> None:
    template = make_template(["{{p 正文 }}"], table=[["{{p 段落组 甲组 }}", "x"]])
    with pytest.raises(TemplateSyntaxError, match="须单独成段"):
        Template.load(template)


def test_an_undefined_field_in_a_group_names_its_paragraph(grouped: Template) -> None:
    tpl = Template.load(_template(START, "第一句{{ 组.甲 }}。", "错在{{ 未定义 }}这里。", END))
    with pytest.raises(UndefinedVariableError) as err:
        tpl.render(_context_with([_region("甲组")], 组={"甲": 1}))
    assert err.value.paragraph == "错在{{ 未定义 }}这里。"


def test_values_in_a_group_are_escaped(grouped: Template) -> None:
    nasty = "<w:p>&\"'{{ x }}"
    out = grouped.render(_context_with([_region("甲组")], 组={"甲": nasty, "乙": "b", "丙": ""}))
    assert _body(out)[0] == f"第一句{nasty}。"


def test_the_group_text_is_part_of_the_cached_source_and_renders_deterministically(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Two templates that differ only in a group's wording: the compiled-template cache
    (keyed by the part's bytes) compiles each and gives each its own sentences; the same
    template again is a hit and renders the same bytes."""
    monkeypatch.setenv("DOCTEMPLATES_CACHE", str(tmp_path))
    monkeypatch.delenv("DOCTEMPLATES_NO_CACHE", raising=False)
    monkeypatch.setattr(partcache, "_STORE", cache.Store("compiled"))
    compiled: list[str] = []
    real = partcache.compile_source

    def counting(*args: Any, **kwargs: Any) -> Any:
        compiled.append(args[1])
        return real(*args, **kwargs)

    monkeypatch.setattr(partcache, "compile_source", counting)
    body = [_region("甲组")]
    first = Template.load(_template(START, "原文{{ 总数 }}。", END))
    misses = compiled.count("word/document.xml")
    second = Template.load(_template(START, "改后{{ 总数 }}。", END))
    assert compiled.count("word/document.xml") == misses + 1
    again = Template.load(_template(START, "原文{{ 总数 }}。", END))
    assert compiled.count("word/document.xml") == misses + 1  # a hit
    assert _body(first.render(_context_with(body, 总数=1))) == ["原文1。"]
    assert _body(second.render(_context_with(body, 总数=1))) == ["改后1。"]
    assert again.render(_context_with(body, 总数=1)) == first.render(_context_with(body, 总数=1))


def test_the_sandbox_holds_in_a_group() -> None:
    tpl = Template.load(_template(START, "坏{{ 组.__class__ }}。", END))
    with pytest.raises(TemplateSecurityError) as err:
        tpl.render(_context_with([_region("甲组")], 组={"a": 1}))
    assert err.value.paragraph == "坏{{ 组.__class__ }}。"


def test_the_spliced_source_is_bounded(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(groups, "MAX_SPLICED", 100)
    template = _template(START, "长" * 200, END)
    with pytest.raises(TemplateLimitError, match="段落组展开后"):
        Template.load(template)


# -- the group rule ------------------------------------------------------------------------
RULE = [
    "前",
    "截至{{ g.日期 }}，{% if g.全部 %}全部{% else %}已办{{ g.件数 }}件{% endif %}。",
    "后",
]


@pytest.fixture(scope="module")
def rule_tpl() -> Template:
    return Template.load(make_template(RULE))


@pytest.mark.parametrize("empty", [None, "", [], {}])
def test_a_paragraph_of_one_group_goes_when_the_group_is_empty(
    rule_tpl: Template, empty: Any
) -> None:
    assert body_text(rule_tpl.render({"g": empty})) == ["前", "后"]


def test_a_paragraph_of_one_group_is_printed_when_the_group_has_a_value(rule_tpl: Template) -> None:
    values = {"g": {"日期": "2026年11月25日", "全部": False, "件数": 0}}
    assert body_text(rule_tpl.render(values)) == ["前", "截至2026年11月25日，已办0件。", "后"]


@pytest.mark.parametrize(
    "line",
    [
        "{{ a.x }}和{{ b.y }}",  # two groups
        "{{ a.x }}{{ a.y or '' }}",  # an expression
        "{{ a.x }}{{ a.y|default('') }}",  # a filter
        "{% set z = 1 %}{{ a.x }}{{ a.y }}",  # another tag
        "{{ a.x }}{% if b %}{{ a.y }}{% endif %}",  # an if that reads another name
    ],
)
def test_other_paragraphs_are_always_printed(line: str) -> None:
    tpl = Template.load(make_template(["前", line, "后"]))
    assert group_of(f"<w:p><w:r><w:t>{line}</w:t></w:r></w:p>") is None
    with pytest.raises(Exception, match="None|undefined|未定义"):
        body_text(tpl.render({"a": None, "b": None}))  # printed: it reads into None


def test_loop_variables_of_the_paragraph_do_not_count() -> None:
    line = "{{ g.n }}：{% for r in g.rows %}{{ r.name }}{% if not loop.last %}、{% endif %}{% endfor %}"
    tpl = Template.load(make_template(["前", line, "后"]))
    assert body_text(tpl.render({"g": None})) == ["前", "后"]
    rows = [{"name": "甲"}, {"name": "乙"}]
    assert body_text(tpl.render({"g": {"n": 2, "rows": rows}})) == ["前", "2：甲、乙", "后"]


def test_the_group_is_the_longest_shared_path() -> None:
    tpl = Template.load(make_template(["{{ a.b.c }}-{{ a.b.d }}", "尾"]))
    assert body_text(tpl.render({"a": {"b": None}})) == ["尾"]
    assert body_text(tpl.render({"a": None})) == ["尾"]  # a group on the path is None too
    assert body_text(tpl.render({"a": {"b": {"c": 1, "d": 2}}})) == ["1-2", "尾"]


def test_a_paragraph_beyond_the_bounds_is_printed_not_parsed() -> None:
    many = "".join(f"{{{{ g.f{k} }}}}" for k in range(100))
    assert group_of(f"<w:p><w:r><w:t>{many}</w:t></w:r></w:p>") is None
    deep = "{% if " + "(" * 600 + "g.x" + ")" * 600 + " %}{% endif %}{{ g.y }}"
    assert group_of(f"<w:p><w:r><w:t>{deep}</w:t></w:r></w:p>") is None


def test_lint_sees_the_group_rule_as_a_guard() -> None:
    """signature (署名和成文日期) may be None: its fields printed together need no if."""
    line = "{{ 署名和成文日期.成文日期 }}（{{ 署名和成文日期.署名 }}）"
    template = make_template(["前", line])
    found = lint_template(template, context_type=DocumentContext, look=False)
    assert [f for f in found if f.severity != "info"] == []


@settings(max_examples=40, deadline=None)
@given(
    st.one_of(
        st.none(),
        st.just(""),
        st.just([]),
        st.just({}),
        st.fixed_dictionaries(
            {
                "日期": st.text(min_size=1, max_size=5),
                "全部": st.booleans(),
                "件数": st.integers(0, 9),
            }
        ),
    )
)
def test_dropped_exactly_when_empty_and_deterministic(value: Any) -> None:
    tpl = Template.load(make_template(RULE))
    first = tpl.render({"g": value})
    assert first == tpl.render({"g": value})
    assert (len(body_text(first)) == 2) == (value in (None, "", [], {}))


def test_a_paragraph_reading_the_group_itself_guards_it_by_hand() -> None:
    """``{% if p %}{{ p }}{% endif %}印发``: the fixed text is printed without ``p``."""
    tpl = Template.load(
        make_template(["{% if p %}{{ p }}{% endif %}印发", "{% if g %}{{ g.a }}{% endif %}尾"])
    )
    assert body_text(tpl.render({"p": None, "g": None})) == ["印发", "尾"]


def test_markers_on_different_levels_are_refused() -> None:
    """An open marker in a content control and its end outside would cut the part apart."""
    source = (
        "<w:body>\n<w:sdt><w:sdtContent>{{ 段落组 甲组 }}\n<w:p/></w:sdtContent></w:sdt>"
        "{{ 段落组结束 }}</w:body>"
    )
    with pytest.raises(TemplateSyntaxError, match="须在同一层"):
        groups.cut(source, "word/document.xml")
