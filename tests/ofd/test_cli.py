"""``render --ofd`` and ``batch --ofd`` (issue 21)."""

from __future__ import annotations

from pathlib import Path

import ofdkit
import pytest
from typer.testing import CliRunner

from doctemplates.cli import app
from doctemplates.pdf import soffice_path
from tests.test_batch import HEADER, _rows, _xlsx

pytestmark = pytest.mark.skipif(soffice_path() is None, reason="LibreOffice (soffice) 未安装")
SAMPLES = Path(__file__).resolve().parents[2] / "samples"
runner = CliRunner()


def test_render_ofd_with_the_kind_metadata(tmp_path: Path) -> None:
    out = tmp_path / "通知.docx"
    result = runner.invoke(
        app, ["render", "document", str(SAMPLES / "notice.yaml"), "-o", str(out), "--ofd"]
    )
    assert result.exit_code == 0, result.output
    assert not out.with_suffix(".pdf").exists()  # --ofd alone writes no PDF
    document = ofdkit.open(out.with_suffix(".ofd"))
    assert document.info.custom_data["发文字号"] == "示科发〔2026〕18号"
    assert document.info.custom_data["文种"] == "通知"
    assert "示例市科学技术局文件" in document.text().replace(" ", "")


def test_render_to_an_ofd_name_writes_only_the_ofd(tmp_path: Path) -> None:
    """``-o 通知.ofd``: the output kind follows the extension (issue 18); nothing else is left."""
    out = tmp_path / "通知.ofd"
    result = runner.invoke(
        app, ["render", "document", str(SAMPLES / "notice.yaml"), "-o", str(out)]
    )
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in tmp_path.iterdir()) == ["通知.ofd"]
    assert "示科发〔2026〕18号" in ofdkit.open(out).text().replace(" ", "")


def test_render_pdf_and_ofd_and_no_clobber(tmp_path: Path) -> None:
    out = tmp_path / "函.docx"
    args = ["render", "document", str(SAMPLES / "letter.yaml"), "-o", str(out), "--pdf", "--ofd"]
    assert runner.invoke(app, args).exit_code == 0
    assert out.with_suffix(".pdf").exists() and out.with_suffix(".ofd").exists()
    out.unlink()
    out.with_suffix(".pdf").unlink()
    before = out.with_suffix(".ofd").read_bytes()
    again = runner.invoke(app, args)
    assert again.exit_code == 1 and "已存在" in again.output
    assert out.with_suffix(".ofd").read_bytes() == before
    assert runner.invoke(app, [*args, "--force"]).exit_code == 0


def test_batch_ofd_beside_each_docx(tmp_path: Path) -> None:
    template = tmp_path / "t.docx"
    assert runner.invoke(app, ["new", str(template)]).exit_code == 0
    out = tmp_path / "out"
    records = _xlsx(tmp_path / "r.xlsx", HEADER, _rows(3))
    result = runner.invoke(
        app, ["batch", "document", str(records), "-o", str(out), "--ofd", "-j", "1"]
    )
    assert result.exit_code == 0, result.output
    for row in (2, 3, 4):
        path = out / f"{row:05d}.ofd"
        document = ofdkit.open(path)
        assert document.info.custom_data["文种"] == "通知"
        assert not (out / f"{row:05d}.pdf").exists()
