"""Optional lines without tags (render.optional): a one-field paragraph goes when empty."""

from __future__ import annotations

import io
from typing import Any

import docx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from doctemplates.context import DocumentContext
from doctemplates.errors import UndefinedVariableError
from doctemplates.lint import lint_template
from doctemplates.render import Template
from tests.docxbuild import body_text, make_template

LINES = ["标题", "{{ subtitle }}", "", "{{ recipients }}", "（{{ note }}）", "完"]
BASE = {"subtitle": "副", "recipients": "甲：", "note": "注"}


@pytest.fixture(scope="module")
def lines_tpl() -> Template:
    return Template.load(make_template(LINES))


def _text(tpl: Template, **values: Any) -> list[str]:
    return body_text(tpl.render({**BASE, **values}))


def test_present_values_print_every_line(lines_tpl: Template) -> None:
    assert _text(lines_tpl) == ["标题", "副", "", "甲：", "（注）", "完"]


@pytest.mark.parametrize("empty", [None, "", [], {}])
def test_an_empty_field_drops_its_line_and_fixed_text(lines_tpl: Template, empty: Any) -> None:
    assert _text(lines_tpl, note=empty) == ["标题", "副", "", "甲：", "完"]
    assert _text(lines_tpl, subtitle=empty) == ["标题", "", "甲：", "（注）", "完"]


def test_the_blank_line_above_goes_with_its_line(lines_tpl: Template) -> None:
    """§7.3.1: the blank line above 主送 exists only with 主送."""
    assert _text(lines_tpl, recipients=None) == ["标题", "副", "（注）", "完"]


def test_zero_is_a_value(lines_tpl: Template) -> None:
    assert _text(lines_tpl, note=0)[4] == "（0）"


def test_two_fields_or_an_expression_keep_the_line() -> None:
    tpl = Template.load(make_template(["{{ a }}{{ b }}", "{{ a or '' }}", "{{ a|default('') }}"]))
    assert body_text(tpl.render({"a": "", "b": ""})) == ["", "", ""]
    with pytest.raises(Exception, match="None"):
        tpl.render({"a": None, "b": "乙"})  # the rule does not hide a None among values


def test_table_cells_keep_their_paragraph() -> None:
    tpl = Template.load(make_template(["{{ a }}"], table=[["{{ a }}", "x"]]))
    document = docx.Document(io.BytesIO(tpl.render({"a": ""})))
    assert [p.text for p in document.paragraphs] == []
    assert [c.text for c in document.tables[0].rows[0].cells] == ["", "x"]


def test_loop_items_that_are_empty_are_left_out() -> None:
    tpl = Template.load(make_template(["{%p for t in items %}", "{{ t }}", "{%p endfor %}"]))
    assert body_text(tpl.render({"items": ["甲", "", None, "乙"]})) == ["甲", "乙"]


def test_misspelt_field_is_still_an_error_named_in_its_paragraph() -> None:
    tpl = Template.load(make_template(["前", "", "（{{ notte }}）"]))
    with pytest.raises(UndefinedVariableError) as err:
        tpl.render({"note": "注"})
    assert err.value.paragraph == "（{{ notte }}）"


def test_lint_agrees_a_guarded_line_needs_no_if_and_reports_a_misspelling_once() -> None:
    clean = make_template(["{{ subtitle }}", "", "{{ recipients }}", "（{{ note }}）"])
    assert [
        f for f in lint_template(clean, context_type=DocumentContext) if f.severity != "info"
    ] == []
    unguarded = make_template(["副标题：{{ subtitle }}{{ title }}"])
    codes = [f.rule for f in lint_template(unguarded, context_type=DocumentContext)]
    assert "optional-unguarded" in codes
    misspelt = make_template(["", "{{ subtitel }}"])
    found = [
        f for f in lint_template(misspelt, context_type=DocumentContext) if f.severity == "error"
    ]
    assert [(f.rule, f.location.text) for f in found] == [("unknown-variable", "{{ subtitel }}")]


def test_chinese_names_in_the_shipped_title_block() -> None:
    from doctemplates.kinds import get_kind

    kind = get_kind("document")
    data = {
        "organs": "示例市科学技术局",
        "title": "关于开展检查的通知",
        "body": [{"paragraphs": ["特此通知。"]}],
        "signature": {"names": "示例市科学技术局", "date": "2026-04-20"},
    }
    with_subtitle = body_text(
        kind.render({**data, "subtitle": "（试行）", "recipients": ["各区县"]})
    )
    bare = body_text(kind.render(data))
    assert "（试行）" in with_subtitle and "各区县：" in with_subtitle
    assert "（试行）" not in bare and len(with_subtitle) - len(bare) == 3  # 副标题, blank, 主送


@settings(max_examples=60, deadline=None)
@given(st.one_of(st.none(), st.text(max_size=5), st.lists(st.integers(), max_size=1)))
def test_deterministic_and_dropped_exactly_when_empty(value: Any) -> None:
    tpl = _ONE
    if isinstance(value, list) and value:
        value = "x"  # a list is not printable text; only its emptiness matters here
    first = tpl.render({"v": value})
    assert first == tpl.render({"v": value})
    lines = body_text(first)
    assert (lines == ["前", "后"]) == (value in (None, "", []))


_ONE = Template.load(make_template(["前", "《{{ v }}》", "后"]))


def test_a_none_group_on_the_path_drops_the_line_a_misspelt_one_fails() -> None:
    tpl = Template.load(make_template(["前", "日期：{{ signature.date }}", "后"]))
    assert body_text(tpl.render({"signature": None})) == ["前", "后"]
    assert (
        body_text(tpl.render({"signature": {"date": "2026年4月20日"}}))[1] == "日期：2026年4月20日"
    )
    with pytest.raises(UndefinedVariableError):
        Template.load(make_template(["{{ signatur.date }}"])).render({"signature": None})


def test_the_number_line_is_one_paragraph_with_or_without_signers() -> None:
    from doctemplates.kinds import get_kind

    kind = get_kind("document")
    data = {
        "organs": "示例市科学技术局",
        "doc_number": "示科发〔2026〕3号",
        "title": "关于开展检查的请示",
        "body": [{"paragraphs": ["妥否，请批示。"]}],
        "signature": {"names": "示例市科学技术局", "date": "2026-04-20"},
    }
    for signers, line in (
        ([], "示科发〔2026〕3号"),
        (["张三"], "\t示科发〔2026〕3号\t签发人：张三"),
    ):
        document = docx.Document(io.BytesIO(kind.render({**data, "signers": signers})))
        (number,) = [p for p in document.paragraphs if "示科发" in p.text]
        assert number.text == line
        align = number.paragraph_format.alignment
        assert (align is not None and align.name == "LEFT") is bool(signers)
