"""One Finding and one writer for ``check`` and ``lint`` (issue 14).

The same problem — 正文 at 15 pt instead of 三号 — is made once in a template
(as staff would in Word's style dialog) and once in the document that template
gives; ``doctemplates lint`` and ``doctemplates check`` must report it as the same
finding and print both reports in the same shape, as text and as JSON.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from doctemplates.check import check_docx
from doctemplates.cli import app
from doctemplates.findings import Finding, Location, findings_json, format_findings
from doctemplates.lint import lint_template
from doctemplates.render import Template
from tests.docxbuild import replace_in_part
from tests.test_lint_look import SHIPPED, _body_15pt, _edit, _notice, _top_margin_30

runner = CliRunner()
DOC = Path(__file__).resolve().parents[1] / "docs" / "checks.md"

#: One printed finding: ``§clause [错误] 位置：message（应为…；实为…） <rule>``.
LINE = re.compile(r"^(§[\d.]+ )?\[(错误|警告|已修复)\] \S.*：.+ <[a-z0-9-]+>$")
#: The count line under them.
COUNT = re.compile(r"^.+：(未发现问题|共 \d+ 个错误，\d+ 个警告)(（\d+ 处已自动修复）)?。$")
FINDING_KEYS = {"rule", "clause", "severity", "message", "location", "expected", "actual"}
LOCATION_KEYS = {"page", "paragraph", "text", "element", "part", "tag", "display"}


@pytest.fixture(scope="module")
def broken(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """(template with 正文 at 15 pt, the document it renders)."""
    folder = tmp_path_factory.mktemp("findings")
    template = _edit(SHIPPED["document-文件"].read_bytes(), _body_15pt)
    kind, model = _notice()
    document = kind.render(model, template=Template.load(template))  # type: ignore[attr-defined]
    (folder / "模板.docx").write_bytes(template)
    (folder / "通知.docx").write_bytes(document)
    return folder / "模板.docx", folder / "通知.docx"


def _style_fonts(findings: list[Any]) -> list[Any]:
    return [f for f in findings if f.rule == "style-fonts"]


def test_check_and_lint_find_the_same_problem_as_the_same_finding(
    broken: tuple[Path, Path],
) -> None:
    template, document = broken
    (linted,) = _style_fonts(lint_template(template.read_bytes()))
    checked = _style_fonts(check_docx(document.read_bytes()))
    assert checked and type(linted) is Finding and all(type(f) is Finding for f in checked)
    same = [f for f in checked if f.message == linted.message]
    assert len(same) == 1, (linted, checked)
    (twin,) = same
    assert (linted.rule, linted.clause, linted.expected, linted.actual) == (
        twin.rule,
        twin.clause,
        twin.expected,
        twin.actual,
    )
    assert (linted.clause, linted.expected, linted.actual) == ("§5.2.2", "16 pt（三号）", "15 pt")
    # lint's finding is a warning (render does not refuse it) placed in the styles part
    assert (linted.severity, twin.severity) == ("warning", "error")
    assert linted.location.part == "word/styles.xml"


def _cli(*args: str) -> tuple[int, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, result.stdout


def test_both_commands_print_the_same_text_shape(broken: tuple[Path, Path]) -> None:
    template, document = broken
    code, linted = _cli("lint", str(template))
    assert code == 1
    code, checked = _cli("check", str(document))
    assert code == 1
    for printed, source in ((linted, template), (checked, document)):
        *lines, count = printed.rstrip("\n").split("\n")
        assert lines and all(LINE.match(line) for line in lines), lines
        assert COUNT.match(count) and count.startswith(f"{source}："), count
    said = (
        "[警告] 样式 正文（Zhengwen）：样式“正文”字号应为 16 pt（三号），实为 15 pt <style-fonts>"
    )
    assert f"§5.2.2 {said}" in linted.splitlines()
    assert f"§5.2.2 {said.replace('[警告]', '[错误]')}" in checked.splitlines()


def test_both_commands_print_the_same_json(broken: tuple[Path, Path]) -> None:
    template, document = broken
    code, linted = _cli("lint", str(template), "--json")
    assert code == 1
    code, checked = _cli("check", str(document), "--json")
    assert code == 1
    reports = [json.loads(linted), json.loads(checked)]
    for report, source in zip(reports, broken, strict=True):
        assert set(report) == {"file", "errors", "warnings", "infos", "findings"}
        assert report["file"] == str(source)
        severities = [f["severity"] for f in report["findings"]]
        assert [report["errors"], report["warnings"], report["infos"]] == [
            severities.count(s) for s in ("error", "warning", "info")
        ]
        for found in report["findings"]:
            assert set(found) == FINDING_KEYS and set(found["location"]) == LOCATION_KEYS
    (lint_one,) = [f for f in reports[0]["findings"] if f["rule"] == "style-fonts"]
    check_one = next(f for f in reports[1]["findings"] if f["message"] == lint_one["message"])
    keys = ("rule", "clause", "message", "expected", "actual")
    assert {k: lint_one[k] for k in keys} == {k: check_one[k] for k in keys}


def test_a_template_finding_prints_its_part_paragraph_and_tag() -> None:
    """Render's findings (no clause) in the same shape; JSON gives each value apart."""
    found = Finding(
        "unknown-variable",
        "",
        "error",
        "变量 titel 不在本文种的数据中，是否应为 title？",
        Location(part="word/header2.xml", text="标题：{{ titel }}", tag="{{ titel }}"),
    )
    text = format_findings([found], source="模板.docx")
    assert text == (
        "[错误] 页眉2「标题：{{ titel }}」标签 {{ titel }}："
        "变量 titel 不在本文种的数据中，是否应为 title？ <unknown-variable>\n"
        "模板.docx：共 1 个错误，0 个警告。"
    )
    (data,) = json.loads(findings_json([found]))["findings"]
    assert data["clause"] == "" and data["location"]["part"] == "word/header2.xml"
    assert data["location"]["tag"] == "{{ titel }}" and data["location"]["display"].startswith(
        "页眉2"
    )


def _docs_example(folder: Path) -> None:
    """docs/checks.md's example: 正文 15 pt, 天头 30 mm and ``{{ 标题 }}`` split in two runs."""

    def edit(doc: Any) -> None:
        _body_15pt(doc)
        _top_margin_30(doc)

    template = replace_in_part(
        _edit(SHIPPED["document-文件"].read_bytes(), edit),
        "word/document.xml",
        "{{ 标题 }}".encode(),
        "{{ 标</w:t></w:r><w:r><w:t>题 }}".encode(),
        count=1,
    )
    kind, model = _notice()
    document = kind.render(model, template=Template.load(template))  # type: ignore[attr-defined]
    (folder / "模板.docx").write_bytes(template)
    (folder / "通知.docx").write_bytes(document)


def test_docs_show_real_output(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The text and JSON examples in docs/checks.md are what the commands print."""
    _docs_example(tmp_path)
    monkeypatch.chdir(tmp_path)
    docs = DOC.read_text(encoding="utf-8")
    commands = (
        ["lint", "模板.docx", "--kind", "document"],
        ["check", "通知.docx"],
    )
    blocks = re.findall(r"```json\n(.*?)```", docs, re.S)
    assert len(blocks) == len(commands)
    for args, block in zip(commands, blocks, strict=True):
        _, printed = _cli(*args)
        assert f"```\n$ doctemplates {' '.join(args)}\n{printed}```" in docs, printed
        _, printed = _cli(*args, "--json")
        real = json.loads(printed)
        real["findings"] = real["findings"][:1]
        assert json.loads(block) == real
    assert "[已修复]" in docs and "[警告]" in docs and "[错误]" in docs


_text = st.text(st.characters(blacklist_categories=("Cs",)), max_size=30)
_opt = st.none() | _text
_locations = st.builds(
    Location,
    page=st.none() | st.integers(1, 500),
    paragraph=st.none() | st.integers(0, 5000),
    text=_opt,
    element=_opt,
    part=st.none() | st.sampled_from(["word/document.xml", "word/header2.xml", "word/styles.xml"]),
    tag=_opt,
)
_findings = st.builds(
    Finding,
    rule=st.from_regex(r"[a-z][a-z0-9-]{0,20}", fullmatch=True),
    clause=st.sampled_from(["", "§5.2.2", "§7.3.5.4"]),
    severity=st.sampled_from(["error", "warning", "info"]),
    message=_text,
    location=_locations,
    expected=_opt,
    actual=_opt,
)


@settings(max_examples=150, deadline=None)
@given(st.lists(_findings, max_size=5))
def test_the_writer_speaks_the_service_schema(findings: list[Finding]) -> None:
    """Whatever the findings, ``--json`` is what the service's Finding model describes."""
    pytest.importorskip("fastapi")
    from doctemplates.service.models import Finding as ServiceFinding

    report = json.loads(findings_json(findings))
    assert report["errors"] + report["warnings"] + report["infos"] == len(findings)
    for written, found in zip(report["findings"], findings, strict=True):
        model = ServiceFinding.model_validate(written)
        assert model.model_dump() == written
        assert written["location"]["display"] == str(found.location)
    lines = format_findings(findings).splitlines()
    assert len(lines) == len(findings) + 1  # one line a finding, whatever its text holds
