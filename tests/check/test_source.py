"""``check FILE.pdf --source FILE.docx``: a PDF audited against its .docx (rule ``pdf-text``)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from doctemplates.check import check_file
from doctemplates.check.rules import rule
from doctemplates.cli import app
from doctemplates.errors import DataError
from doctemplates.package import Member, read_package, write_package
from doctemplates.pdf import PdfOptions, convert, soffice_path
from tests.check.builders import sample

pytestmark = [
    pytest.mark.pdf,
    pytest.mark.skipif(soffice_path() is None, reason="LibreOffice (soffice) 未安装"),
]


def _without_first(document: bytes, mark: str) -> bytes:
    parts = read_package(document)
    xml = parts["word/document.xml"].decode("utf-8")
    parts["word/document.xml"] = xml.replace(mark, "", 1).encode("utf-8")
    return write_package([Member.deflate(n, c) for n, c in parts.items()])


@pytest.fixture(scope="module")
def files(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """A notice .docx, its PDF, and the PDF of the notice with its first 、 lost."""
    folder = tmp_path_factory.mktemp("source")
    document = sample("notice")
    paths = {"docx": folder / "通知.docx", "pdf": folder / "通知.pdf", "lost": folder / "丢.pdf"}
    paths["docx"].write_bytes(document)
    paths["pdf"].write_bytes(convert(document).pdf)
    lost = convert(_without_first(document, "、"), PdfOptions(verify_text=False)).pdf
    paths["lost"].write_bytes(lost)
    return paths


def test_rule_in_the_table() -> None:
    assert rule("pdf-text").targets == frozenset({"pdf"})
    assert rule("pdf-text").severity == "error"


def test_matching_pdf_has_no_text_finding(files: dict[str, Path]) -> None:
    findings = check_file(files["pdf"], source=files["docx"])
    assert [f for f in findings if f.rule == "pdf-text"] == []


def test_lost_mark_is_a_finding_with_page_and_context(files: dict[str, Path]) -> None:
    findings = [f for f in check_file(files["lost"], source=files["docx"]) if f.rule == "pdf-text"]
    assert len(findings) == 1
    (found,) = findings
    assert (found.clause, found.severity, found.expected, found.actual) == (
        "§7",
        "error",
        "、",
        "—",
    )
    assert found.location.page is not None and "[、]" in found.message
    assert str(found).startswith(f"§7 [错误] 第{found.location.page}页：PDF 缺少文档中的文字：…")


def test_cli_source_option(files: dict[str, Path]) -> None:
    runner = CliRunner()
    good = runner.invoke(app, ["check", str(files["pdf"]), "--source", str(files["docx"])])
    assert good.exit_code == 0, good.output
    bad = runner.invoke(
        app, ["check", str(files["lost"]), "--source", str(files["docx"]), "--json"]
    )
    assert bad.exit_code == 1
    report = json.loads(bad.output)
    texts = [f for f in report["findings"] if f["rule"] == "pdf-text"]
    assert len(texts) == 1 and texts[0]["expected"] == "、"


def test_cli_source_refusals(files: dict[str, Path], tmp_path: Path) -> None:
    runner = CliRunner()
    on_docx = runner.invoke(app, ["check", str(files["docx"]), "--source", str(files["docx"])])
    assert on_docx.exit_code == 2 and "--source 只用于检查 PDF" in on_docx.output
    missing = runner.invoke(
        app, ["check", str(files["pdf"]), "--source", str(tmp_path / "无.docx")]
    )
    assert missing.exit_code == 2 and "无法读取" in missing.output
    assert "Traceback" not in on_docx.output + missing.output
    with pytest.raises(DataError, match="应为 .docx"):
        check_file(files["pdf"], source=files["pdf"])
