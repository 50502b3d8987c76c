"""A paragraph group the kind never prints is refused by lint and by the kind's render
alike, with a suggestion: a misspelt ``{{p 段落组 办里情况 }}`` would otherwise print
nothing, and the 办理情况 sentences would silently vanish from the 提案办理总结.
"""

from __future__ import annotations

import io
from pathlib import Path

import docx
import pytest
from typer.testing import CliRunner

from doctemplates.cli import app
from doctemplates.errors import TemplateSyntaxError
from doctemplates.kinds import get_kind
from doctemplates.lint import lint_template
from doctemplates.render import Template
from pingyi_docs.proposal_summary import KIND, REGION, STANDARD_OPENING
from tests.docxbuild import body_text
from tests.pingyi.conftest import sample

MISSPELT = "办里情况"
SAID = (
    f"段落组 {MISSPELT} 不是本文种印出的段落组（本文种有：标准开头、办理情况），是否应为 办理情况？"
)


def template_with_group(old: str = REGION, new: str = MISSPELT) -> bytes:
    """The shipped 提案办理总结 template with one group renamed, as a staff member types it."""
    document = docx.Document(str(KIND.template_path("文件")))
    runs = [r for p in document.paragraphs for r in p.runs if f"段落组 {old}" in r.text]
    assert len(runs) == 1, [p.text for p in document.paragraphs if old in p.text]
    runs[0].text = runs[0].text.replace(old, new)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def test_the_kind_declares_the_groups_its_template_words() -> None:
    shipped = Template.load(KIND.template_path("文件"))
    assert shipped.groups() == {STANDARD_OPENING: "word/document.xml", REGION: "word/document.xml"}
    assert set(shipped.groups()) == set(KIND.groups)
    assert not [
        f
        for f in lint_template(KIND.template_path("文件").read_bytes(), groups=KIND.groups)
        if f.severity == "error"
    ]


def test_lint_names_a_misspelt_group_and_suggests_the_name() -> None:
    found = [
        f
        for f in lint_template(
            template_with_group(), context_type=KIND.context_type, groups=KIND.groups
        )
        if f.rule == "unknown-group"
    ]
    assert [(f.severity, f.message, f.location.tag) for f in found] == [
        ("error", SAID, f"{{{{p 段落组 {MISSPELT} }}}}")
    ]
    assert found[0].location.part == "word/document.xml"


def test_the_kinds_render_refuses_it_with_the_same_sentence() -> None:
    template = Template.load(template_with_group())
    before = body_text(KIND.render(sample("proposal-summary")))
    assert any(line.startswith("截至") for line in before)  # the sentence the typo would lose
    with pytest.raises(TemplateSyntaxError) as caught:
        KIND.prepare(sample("proposal-summary")).render(template)
    assert caught.value.message == SAID
    assert caught.value.tag == f"{{{{p 段落组 {MISSPELT} }}}}"
    assert "TemplateSyntaxError" in caught.value.describe()


def test_a_kind_without_groups_refuses_any_group() -> None:
    document = get_kind("document")
    assert document.groups == ()
    found = [
        f.message
        for f in lint_template(KIND.template_path("文件").read_bytes(), groups=document.groups)
        if f.rule == "unknown-group"
    ]
    assert found == [
        f"段落组 {name} 不是本文种印出的段落组（本文种没有段落组）" for name in KIND.groups
    ]


def test_without_a_kind_lint_does_not_judge_group_names() -> None:
    assert not [f for f in lint_template(template_with_group()) if f.rule == "unknown-group"]


def test_the_command_line_lint_reports_it(tmp_path: Path) -> None:
    target = tmp_path / "总结模板.docx"
    target.write_bytes(template_with_group(STANDARD_OPENING, "标准开投"))
    result = CliRunner().invoke(app, ["lint", str(target), "--kind", "proposal-summary"])
    assert result.exit_code == 1, result.stdout
    assert "段落组 标准开投 不是本文种印出的段落组" in result.stdout
    assert "是否应为 标准开头？" in result.stdout
    clean = tmp_path / "原模板.docx"
    clean.write_bytes(KIND.template_path("文件").read_bytes())
    ok = CliRunner().invoke(app, ["lint", str(clean), "--kind", "proposal-summary"])
    assert ok.exit_code == 0, ok.stdout
