"""``format`` on every sample draft gives a document that ``check`` passes (no error)."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from doctemplates.check import check_docx, exit_code
from doctemplates.cli import app
from doctemplates.importer import import_file
from tests.importer.helpers import body_texts, expected_body, render, unbroken

DRAFTS = sorted((Path(__file__).resolve().parents[2] / "samples" / "drafts").glob("*草稿.*"))


def test_there_are_three_kinds_of_draft() -> None:
    assert {p.suffix for p in DRAFTS} == {".txt", ".md", ".docx"}


@pytest.mark.parametrize("draft", DRAFTS, ids=lambda p: p.name)
def test_draft_formats_to_a_checked_document(draft: Path) -> None:
    result = import_file(draft)
    document = render(result)
    assert body_texts(document) == expected_body(result)
    findings = check_docx(document, date_style=result.model.date_style)
    assert exit_code(findings) == 0, [str(f) for f in findings]


@pytest.mark.parametrize("draft", DRAFTS, ids=lambda p: p.name)
def test_format_command(draft: Path, tmp_path: Path) -> None:
    target = tmp_path / "公文.docx"
    run = CliRunner().invoke(app, ["format", str(draft), "-o", str(target)])
    assert run.exit_code == 0, run.output
    assert target.read_bytes()[:2] == b"PK"
    assert "识别：" in run.output and "检查" in run.output or "共 0 个错误" in run.output


def test_import_command_writes_yaml_that_render_reads(tmp_path: Path) -> None:
    draft = next(p for p in DRAFTS if p.suffix == ".docx")
    data = tmp_path / "data.yaml"
    runner = CliRunner()
    run = runner.invoke(app, ["import", str(draft), "-o", str(data)])
    assert run.exit_code == 0, run.output
    assert (tmp_path / "images" / "image1.png").is_file()
    again = runner.invoke(app, ["import", str(draft), "-o", str(data)])
    assert again.exit_code == 1 and "已存在" in again.output  # never overwritten without --force
    out = tmp_path / "out.docx"
    rendered = runner.invoke(app, ["render", "document", str(data), "-o", str(out)])
    assert rendered.exit_code == 0, rendered.output
    assert body_texts(out.read_bytes()) == expected_body(import_file(draft))


def test_dry_run_writes_nothing(tmp_path: Path) -> None:
    draft = next(p for p in DRAFTS if p.suffix == ".txt")
    run = CliRunner().invoke(
        app, ["format", str(draft), "--dry-run", "-o", str(tmp_path / "x.docx")]
    )
    assert run.exit_code == 0
    assert "规范：" in run.output and not (tmp_path / "x.docx").exists()


def test_bad_draft_is_one_sentence(tmp_path: Path) -> None:
    bad = tmp_path / "坏.docx"
    bad.write_bytes(b"not a zip")
    run = CliRunner().invoke(app, ["format", str(bad), "-o", str(tmp_path / "x.docx")])
    assert run.exit_code == 1
    assert "错误" in run.output and "Traceback" not in run.output
    odd = tmp_path / "a.pdf"
    odd.write_bytes(b"%PDF")
    run = CliRunner().invoke(app, ["import", str(odd)])
    assert run.exit_code == 1 and "不支持的草稿类型" in run.output


def test_full_report_file(tmp_path: Path) -> None:
    draft = next(p for p in DRAFTS if p.suffix == ".docx")
    report = tmp_path / "报告.txt"
    run = CliRunner().invoke(app, ["import", str(draft), "--report", str(report)])
    assert run.exit_code == 0, run.output
    lines = report.read_text("utf-8").splitlines()
    assert any(line.startswith("[识别]") for line in lines)
    assert any("Word 自动编号“（一）”已冻结为文字" in line for line in lines)


def test_text_draft_every_line_comes_back() -> None:
    """Independent of the importer's own trace: each line of the .txt draft, normalised by
    the listed rules as this test applies them, is in the rendered document's text."""
    import io

    import docx

    from tests.importer.test_seeds import _normalised

    draft = next(p for p in DRAFTS if p.suffix == ".txt")
    document = render(import_file(draft))
    doc = docx.Document(io.BytesIO(document))
    rendered = "\n".join(unbroken(p).replace("\t", "") for p in doc.paragraphs)
    rendered += "\n" + "\n".join(c.text for t in doc.tables for r in t.rows for c in r.cells)
    # lines whose element the template writes in its own form (rules doc-number, date,
    # title-lines; the 附件说明 numbers; the 版记 line split into 印发机关 and 印发日期)
    special = {
        "示科发[2026]05号": "示科发〔2026〕5号",
        "二〇二六年四月二十日": "2026年4月20日",
        "关于开展2026年度科技创新政策": "关于开展2026年度科技创新政策宣传月活动的通知",
        "宣传月活动的通知": "关于开展2026年度科技创新政策宣传月活动的通知",
        "附件:1.宣传月活动安排表": "附件：1.宣传月活动安排表",
        "示例市科学技术局办公室 2026年4月21日印发": "2026年4月21日印发",
    }
    lines = [line.strip(" \u3000") for line in draft.read_text("utf-8").splitlines()]
    missing = [
        line for line in lines if line and special.get(line, _normalised(line)) not in rendered
    ]
    assert missing == []


def test_unknown_rule_is_a_usage_error() -> None:
    draft = next(p for p in DRAFTS if p.suffix == ".txt")
    run = CliRunner().invoke(app, ["import", str(draft), "--no-normalize", "typo"])
    assert run.exit_code == 2 and "未知的规范化规则" in run.output
