"""Chinese names of template variables (issue 17 §2): one table, both languages, same values."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest
from docx import Document

from doctemplates.assemble import data_for_kind
from doctemplates.data import KIND_KEY, data_dir, load_data
from doctemplates.fieldnames import chinese_paths, fields, with_chinese_names
from doctemplates.kinds import available_kinds, get_kind
from doctemplates.lint import lint_template
from doctemplates.render import Template
from tests.docxbuild import body_text

SAMPLES = sorted((Path(__file__).resolve().parent.parent / "samples").glob("*.yaml"))
CONTEXT_TYPES = sorted(
    {k.context_type for k in available_kinds().values() if k.context_type},
    key=lambda t: t.__name__,
)


def _prepared(sample: Path) -> Any:
    data = load_data(sample)
    kind = get_kind(str(data.get(KIND_KEY, "document")))
    with data_dir(sample.parent):
        return kind.prepare(data_for_kind(kind, data))


@pytest.mark.parametrize("context_type", CONTEXT_TYPES, ids=lambda t: t.__name__)
def test_every_variable_has_a_chinese_name(context_type: type) -> None:
    unnamed = [f.path for f in fields(context_type) if not f.name]
    assert unnamed == [], "这些变量的注释没有以中文名开头"
    top = [f.chinese for f in fields(context_type) if f.chinese and "." not in f.chinese]
    assert len(top) == len(set(top))  # one top-level name, one value


def test_the_names_staff_expect() -> None:
    paths = chinese_paths(get_kind("document").context_type)  # type: ignore[arg-type]
    expected = {
        "发文字号": "header.doc_number",
        "成文日期": "signature.date",
        "署名": "signature.names",
        "版记.抄送": "record.cc",
        "正文[].标题": "body[].heading",
    }
    assert {cn: paths[cn] for cn in expected} == expected
    assert {f.chinese: f.path for f in fields(get_kind("document").context_type)}[  # type: ignore[arg-type]
        "主送"
    ] == "recipients"


@pytest.mark.parametrize("sample", SAMPLES, ids=lambda p: p.stem)
def test_sample_output_is_byte_identical_with_the_chinese_names(sample: Path) -> None:
    prepared = _prepared(sample)
    template = Template.load(prepared.template_path)
    named = with_chinese_names(prepared.context, prepared.kind.context_type)
    assert prepared.render(template) == template.render(named)


@pytest.mark.parametrize("sample", SAMPLES, ids=lambda p: p.stem)
def test_chinese_and_english_names_resolve_to_the_same_values(sample: Path) -> None:
    prepared = _prepared(sample)
    context_type = prepared.kind.context_type
    ctx = with_chinese_names(prepared.context, context_type)
    for chinese, english in chinese_paths(context_type).items():
        if "[]" in english:
            continue
        assert _at(ctx, chinese) == _at(ctx, english), chinese


def _at(ctx: Any, path: str) -> Any:
    for piece in path.split("."):
        if ctx is None:
            return None
        ctx = ctx.get(piece)
    return ctx


def test_a_template_in_chinese_renders_as_the_english_one() -> None:
    prepared = _prepared(next(p for p in SAMPLES if p.stem == "notice"))
    lines = {
        "en": [
            "{{ header.doc_number }}｜{{ title }}｜{{ recipients }}",
            "{%p for p in body %}",
            "{{ p.label }}{{ p.heading }}{{ p.text }}",
            "{%p endfor %}",
            "{{ signature.names|join('、') }}｜{{ signature.date }}",
        ],
        "cn": [
            "{{ 发文字号 }}｜{{ 标题 }}｜{{ 主送 }}",
            "{%p for 段 in 正文 %}",
            "{{ 段.序数 }}{{ 段.标题 }}{{ 段.正文 }}",
            "{%p endfor %}",
            "{{ 署名|join('、') }}｜{{ 成文日期 }}",
        ],
    }
    texts, codes = {}, {}
    for lang, paras in lines.items():
        doc = Document()
        for text in paras:
            doc.add_paragraph(text)
        out = io.BytesIO()
        doc.save(out)
        data = out.getvalue()
        found = lint_template(data, context_type=prepared.kind.context_type)
        codes[lang] = [f.rule for f in found]  # optional values printed unguarded: warned
        texts[lang] = body_text(prepared.render(Template.load(data)))
    assert texts["cn"] == texts["en"]
    assert codes["cn"] == codes["en"] and "unknown-variable" not in codes["cn"]
    assert prepared.document.title.replace("\n", "") in "".join(texts["cn"]).replace("\n", "")


@pytest.mark.parametrize(("typed", "suggestion"), [("标提", "标题"), ("发文字后", "发文字号")])
def test_lint_suggests_the_chinese_name(typed: str, suggestion: str) -> None:
    doc = Document()
    doc.add_paragraph(f"{{{{ {typed} }}}}")
    out = io.BytesIO()
    doc.save(out)
    (finding,) = lint_template(out.getvalue(), context_type=get_kind("document").context_type)
    assert f"是否应为 {suggestion}？" in finding.message
