"""Lint: each broken template yields exactly its finding; safe loading refuses the malicious ones."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from doctemplates.cli import app
from doctemplates.context import DocumentContext
from doctemplates.errors import TemplateError, TemplateSecurityError
from doctemplates.lint import LintError, lint_template
from doctemplates.render import Template
from tests.docxbuild import body_text, make_template
from tests.fixtures.templates import BROKEN, split_runs

runner = CliRunner()


@pytest.mark.parametrize("name", sorted(BROKEN))
def test_each_broken_template_has_exactly_its_finding(name: str) -> None:
    data, code = BROKEN[name]
    problems = [
        f for f in lint_template(data, context_type=DocumentContext) if f.severity != "info"
    ]
    assert [f.rule for f in problems] == [code], problems
    assert problems[0].message  # one Chinese sentence
    assert problems[0].location.part


def test_unknown_variable_suggests_closest() -> None:
    data, _ = BROKEN["unknown_variable"]
    (finding,) = lint_template(data, context_type=DocumentContext)
    assert "signatur.date" in finding.message and "signature.date" in finding.message
    where = finding.location
    assert where.text == "日期：{{ signatur.date }}" and where.tag == "{{ signatur.date }}"
    assert str(where).startswith("正文「日期：")


def test_loop_variables_resolved_against_context() -> None:
    data = make_template(
        [
            "{%p for p in body %}",
            "{{ p.label }}{{ p.headng }}{{ p.text.strip() }}",
            "{%p endfor %}",
            "{{ loop_free }}",
        ]
    )
    messages = [f.message for f in lint_template(data, context_type=DocumentContext)]
    assert len(messages) == 2
    assert "body.headng" in messages[0] and "body.heading" in messages[0]
    assert "loop_free" in messages[1]


def test_split_tag_is_repaired_and_reported() -> None:
    data = split_runs("标题：{{ ti", "tle }}")
    findings = lint_template(data, context_type=DocumentContext)
    assert [(f.rule, f.severity) for f in findings] == [("split-tag", "info")]
    assert body_text(Template.load(data).render({"title": "示例"})) == ["标题：示例"]


def test_smart_quotes_repaired() -> None:
    data = make_template(["{{ d|date(“chinese”) }}"])
    assert [f.rule for f in lint_template(data)] == ["smart-quote"]
    assert body_text(Template.load(data).render({"d": "2020-04-20"})) == ["二〇二〇年四月二十日"]


def test_syntax_error_names_tag_and_paragraph() -> None:
    data, _ = BROKEN["stray_endfor"]
    (finding,) = lint_template(data)
    assert "多余的 {% endfor %}" in finding.message and finding.location.tag == "{% endfor %}"


def test_header_part_named() -> None:
    data = make_template(["正文"], header="{{ header.doc_numbr }}")
    (finding,) = lint_template(data, context_type=DocumentContext)
    assert finding.location.part == "word/header1.xml"
    assert str(finding.location).startswith("页眉1")


def test_clean_template_has_no_findings() -> None:
    data = make_template(
        ["{{ title }}", "{%p for p in body %}", "{{ p.label }}{{ p.heading }}", "{%p endfor %}"],
        header="{{ header.doc_number or '' }}",
    )
    assert lint_template(data, context_type=DocumentContext) == []


@pytest.mark.parametrize("data", [b"not a zip", make_template(["x"])[:100]])
def test_not_a_template(data: bytes) -> None:
    with pytest.raises(LintError):
        lint_template(data)


@pytest.mark.parametrize(
    ("name", "error"), [("macro", TemplateSecurityError), ("xxe", TemplateSecurityError)]
)
def test_loading_malicious_templates_refused(name: str, error: type[Exception]) -> None:
    with pytest.raises(error):
        Template.load(BROKEN[name][0])


def test_zip_bomb_refused() -> None:
    import io
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("word/document.xml", b"<a/>" + b" " * (50 * 1024 * 1024))
    with pytest.raises(TemplateError, match="压缩比|过大"):
        Template.load(buffer.getvalue())


def test_cli_exit_codes_and_json(tmp_path: Path) -> None:
    clean = tmp_path / "clean.docx"
    clean.write_bytes(make_template(["{{ title }}"]))
    broken = tmp_path / "broken.docx"
    broken.write_bytes(BROKEN["unknown_variable"][0])
    junk = tmp_path / "junk.docx"
    junk.write_bytes(b"junk")
    assert runner.invoke(app, ["lint", str(clean), "--kind", "document"]).exit_code == 0
    result = runner.invoke(app, ["lint", str(broken), "--kind", "document", "--json"])
    assert result.exit_code == 1
    report = json.loads(result.stdout)
    assert report["errors"] == 1 and report["file"] == str(broken)
    assert report["findings"][0]["rule"] == "unknown-variable"
    assert report["findings"][0]["location"]["part"] == "word/document.xml"
    text = runner.invoke(app, ["lint", str(broken), "--kind", "document"])
    assert "signature.date" in text.stdout and "正文" in text.stdout
    assert runner.invoke(app, ["lint", str(junk)]).exit_code == 2


def _edited_shipped(  # type: ignore[no-untyped-def]
    edit, package: str = "doctemplates", name: str = "wenjian.docx"
) -> bytes:
    import io

    import docx

    from doctemplates.kinds import template_resource

    document = docx.Document(str(template_resource(package, name)))
    edit(document)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def test_new_user_retypes_field_name_in_the_middle() -> None:
    def retype(document) -> None:  # type: ignore[no-untyped-def]
        paragraph = next(p for p in document.paragraphs if p.text == "{{ 标题 }}")
        paragraph.runs[0].text = "{{ 标"
        paragraph.add_run("提 }}")

    problems = [
        f
        for f in lint_template(_edited_shipped(retype), context_type=DocumentContext)
        if f.severity != "info"
    ]
    assert [(f.location.text, f.location.tag) for f in problems] == [("{{ 标提 }}", "{{ 标提 }}")]
    assert "是否应为 标题" in problems[0].message


def test_new_user_pastes_smart_quotes() -> None:
    def paste(document) -> None:  # type: ignore[no-untyped-def]
        paragraph = next(p for p in document.paragraphs if "or ''" in p.text)
        for run in paragraph.runs:
            run.text = run.text.replace("or ''", "or ‘’")

    data = _edited_shipped(paste)
    assert {f.severity for f in lint_template(data, context_type=DocumentContext)} == {"info"}
    Template.load(data)  # repaired: compiles


def test_new_user_deletes_endfor_line() -> None:
    # (the shipped 文件 template has no control paragraph left; the 审议意见书's opening
    # keeps a {%p for %} … {%p else %} … {%p endfor %}: its {%p endfor %} is deleted)
    def delete(document) -> None:  # type: ignore[no-untyped-def]
        paragraph = next(p for p in document.paragraphs if p.text.strip() == "{%p endfor %}")
        paragraph._p.getparent().remove(paragraph._p)

    from pingyi_docs.opinion import OpinionKind

    (finding,) = lint_template(
        _edited_shipped(delete, "pingyi_docs", "opinion.docx"),
        context_type=OpinionKind.context_type,
    )
    assert finding.location.tag.startswith("{% for ") and "缺少 {% endfor %}" in finding.message
