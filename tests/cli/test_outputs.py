"""Outputs do what they look like: kind by extension, ``-o -``, everything checked first (issue 18)."""

from __future__ import annotations

import io
import sys
from pathlib import Path

import docx
import pytest

from doctemplates.pdf import soffice_path
from tests.cli.run import NOTICE, one_sentence, run, run_bytes

needs_soffice = pytest.mark.skipif(soffice_path() is None, reason="LibreOffice is not installed")
TITLE = "关于开展示例工作的通知"


@pytest.fixture
def d(tmp_path: Path) -> Path:
    (tmp_path / "n.yaml").write_text(NOTICE, encoding="utf-8")
    return tmp_path


def _texts(data: bytes) -> list[str]:
    return [p.text for p in docx.Document(io.BytesIO(data)).paragraphs if p.text.strip()]


@needs_soffice
def test_pdf_extension_writes_a_pdf(d: Path) -> None:
    pdfplumber = pytest.importorskip("pdfplumber")
    result = run("render", "document", "n.yaml", "-o", "方案.pdf", cwd=d)
    assert result.code == 0, result.stderr
    assert result.err_lines[-1] == "已生成 方案.pdf"
    data = (d / "方案.pdf").read_bytes()
    assert data.startswith(b"%PDF-")
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        text = "".join(page.extract_text() or "" for page in pdf.pages).replace("\n", "")
        assert TITLE in text and "做好示例工作。" in text
        assert round(pdf.pages[0].width * 25.4 / 72) == 210  # A4
    assert sorted(p.name for p in d.iterdir()) == ["n.yaml", "方案.pdf"]  # no .docx beside it


@pytest.mark.parametrize("name", ["通知.doc", "通知", "通知.wps", "通知.docx.txt"])
def test_unknown_extension_refused(d: Path, name: str) -> None:
    result = run("render", "document", "n.yaml", "-o", name, cwd=d)
    assert result.code == 2
    line = one_sentence(result)
    assert "不支持的输出类型" in line and ".docx、.pdf、.ofd" in line
    assert sorted(p.name for p in d.iterdir()) == ["n.yaml"]


def test_dash_writes_the_docx_to_standard_output(d: Path) -> None:
    code, out, err = run_bytes("render", "document", "n.yaml", "-o", "-", cwd=d)
    assert code == 0, err
    assert not (d / "-").exists()
    assert _texts(out)[:1] == ["示科发〔2026〕7号"] or TITLE in _texts(out)
    assert run("render", "document", "n.yaml", "-o", "file.docx", cwd=d).code == 0
    assert (d / "file.docx").read_bytes() == out  # same input, same bytes
    refused = run("render", "document", "n.yaml", "-o", "-", "--pdf", cwd=d)
    assert refused.code == 2 and "-o 通知.pdf" in one_sentence(refused)


def test_every_target_checked_before_any_is_written(d: Path) -> None:
    (d / "n.pdf").write_bytes(b"%PDF- the user's own")
    result = run("render", "document", "n.yaml", "-o", "n.docx", "--pdf", cwd=d)
    assert result.code == 1
    assert "n.pdf" in one_sentence(result) and "已存在" in result.stderr
    assert not (d / "n.docx").exists()  # today: n.docx written, then the PDF refused
    assert (d / "n.pdf").read_bytes() == b"%PDF- the user's own"


def test_font_dir_checked_before_writing(d: Path) -> None:
    result = run(
        "render", "document", "n.yaml", "-o", "n.docx", "--pdf", "--font-dir", "/nope", cwd=d
    )
    assert result.code == 2
    assert "字体文件夹不存在：/nope" in one_sentence(result)
    assert sorted(p.name for p in d.iterdir()) == ["n.yaml"]


def test_missing_output_folder_refused_first(d: Path) -> None:
    result = run("render", "document", "n.yaml", "-o", "没有的目录/n.docx", cwd=d)
    assert result.code == 1 and "输出目录不存在" in one_sentence(result)


def test_pdf_without_libreoffice_fails_and_writes_nothing(d: Path) -> None:
    empty = d / "bin"
    empty.mkdir()
    for args in (["-o", "n.docx", "--pdf"], ["-o", "n.pdf"], ["-o", "n.docx", "--watermark", "稿"]):
        result = run("render", "document", "n.yaml", *args, cwd=d, PATH=str(empty))
        assert result.code == 1, (args, result.stderr)  # today: exit 0 after "未生成 PDF"
        line = one_sentence(result)
        assert "LibreOffice" in line and "请先安装" in line
        assert sorted(p.name for p in d.iterdir()) == ["bin", "n.yaml"]


@needs_soffice
def test_docx_and_pdf_together_then_force(d: Path) -> None:
    first = run("render", "document", "n.yaml", "-o", "n.docx", "--pdf", cwd=d)
    assert first.code == 0, first.stderr
    assert (d / "n.pdf").read_bytes().startswith(b"%PDF-")
    assert TITLE in _texts((d / "n.docx").read_bytes())
    again = run("render", "document", "n.yaml", "-o", "n.docx", "--pdf", cwd=d)
    assert again.code == 1 and "n.docx" in one_sentence(again)
    assert run("render", "document", "n.yaml", "-o", "n.docx", "--pdf", "--force", cwd=d).code == 0


# -- without the [pdf] extra -----------------------------------------------------------------
HIDE_PDF_EXTRA = """\
import importlib.abc, sys
class Hide(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path=None, target=None):
        if name.split(".")[0] in {"pypdf", "pdfplumber", "pdfminer", "reportlab"}:
            raise ModuleNotFoundError(f"No module named {name!r}", name=name)
        return None
sys.meta_path.insert(0, Hide())
sys.argv[0] = "doctemplates"
from doctemplates.cli import main
main()
"""


def _without_extra(d: Path, *args: str) -> tuple[int, str, str]:
    import subprocess

    from tests.cli.run import env

    script = d / "no_pdf_extra.py"
    script.write_text(HIDE_PDF_EXTRA, encoding="utf-8")
    done = subprocess.run(
        [sys.executable, str(script), *args], cwd=d, capture_output=True, env=env(d), timeout=300
    )
    return done.returncode, done.stdout.decode(), done.stderr.decode()


def test_without_pdf_extra_docx_works_pdf_says_what_to_install(d: Path) -> None:
    code, _, err = _without_extra(d, "render", "document", "n.yaml", "-o", "n.docx")
    assert code == 0, err
    code, out, err = _without_extra(d, "check", "n.docx")
    assert code in (0, 1) and "Traceback" not in err and "n.docx" in out
    for args in (
        ["render", "document", "n.yaml", "-o", "m.docx", "--pdf"],
        ["render", "document", "n.yaml", "-o", "m.pdf"],
        ["doctor"],
        ["check", "x.pdf"],
    ):
        code, _, err = _without_extra(d, *args)
        assert code == 1, (args, err)
        assert "Traceback" not in err and "ModuleNotFoundError" not in err, err
        assert "pip install 'doctemplates[pdf]'" in err, err
    assert not (d / "m.docx").exists() and not (d / "m.pdf").exists()


def test_batch_pdf_without_libreoffice_refused_before_any_document(d: Path) -> None:
    (d / "r.csv").write_text(
        "标题,发文机关,署名和成文日期.成文日期\n关于甲的通知,示例市科学技术局,2026-11-23\n", "utf-8"
    )
    empty = d / "bin"
    empty.mkdir()
    result = run("batch", "document", "r.csv", "-o", "out", "--pdf", cwd=d, PATH=str(empty))
    assert result.code == 1 and "LibreOffice" in one_sentence(result)
    assert not (d / "out").exists()
    missing_fonts = run(
        "batch", "document", "r.csv", "-o", "out", "--pdf", "--font-dir", "无", cwd=d
    )
    assert missing_fonts.code == 2 and "字体文件夹不存在：无" in one_sentence(missing_fonts)
    assert not (d / "out").exists()
