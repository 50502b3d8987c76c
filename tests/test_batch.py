"""Batch generation: records → documents, manifest, resume, per-row errors, bad input."""

from __future__ import annotations

import csv
import hashlib
import json
from pathlib import Path

import openpyxl
import pytest
from typer.testing import CliRunner

from doctemplates.batch import InlineExecutor, make_name, render_many
from doctemplates.cli import app
from doctemplates.errors import DataError
from doctemplates.model import OfficialDocument
from doctemplates.records import read_records
from tests.docxbuild import body_text, make_template

runner = CliRunner()
HEADER = ["标题", "发文机关", "发文字号", "signature.date"]


def _rows(n: int) -> list[list[object]]:
    return [
        [f"关于第{i}项工作的通知", "示例市科学技术局", f"示科发〔2026〕{i}号", "2026-11-23"]
        for i in range(1, n + 1)
    ]


def _xlsx(path: Path, header: list[str], rows: list[list[object]]) -> Path:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    book.save(path)
    return path


def _csv(
    path: Path, header: list[str], rows: list[list[object]], encoding: str = "utf-8-sig"
) -> Path:
    with path.open("w", encoding=encoding, newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(header)
        writer.writerows(rows)
    return path


@pytest.fixture
def template(tmp_path: Path) -> Path:
    path = tmp_path / "t.docx"
    path.write_bytes(
        make_template(["{{ header.doc_number }}", "{{ title }}", "{{ signature.date }}"])
    )
    return path


def _batch(*args: str) -> object:
    return runner.invoke(app, ["batch", "document", *args])


def test_records_map_chinese_and_english_headers(tmp_path: Path) -> None:
    records = list(read_records(_xlsx(tmp_path / "r.xlsx", HEADER, _rows(3)), OfficialDocument))
    assert [r.row for r in records] == [2, 3, 4]
    assert records[0].data == {
        "title": "关于第1项工作的通知",
        "organs": "示例市科学技术局",
        "doc_number": "示科发〔2026〕1号",
        "signature": {"date": "2026-11-23"},
    }


@pytest.mark.parametrize("encoding", ["utf-8-sig", "utf-8", "gb18030"])
def test_csv_encodings(tmp_path: Path, encoding: str) -> None:
    records = list(
        read_records(_csv(tmp_path / "r.csv", HEADER, _rows(2), encoding), OfficialDocument)
    )
    assert records[1].data["title"] == "关于第2项工作的通知"


def test_batch_renders_every_row_with_manifest(tmp_path: Path, template: Path) -> None:
    out = tmp_path / "out"
    result = _batch(
        str(_xlsx(tmp_path / "r.xlsx", HEADER, _rows(5))),
        "-o",
        str(out),
        "--template",
        str(template),
        "--name",
        "{发文字号}-{标题}",
        "--jobs",
        "1",
    )
    assert result.exit_code == 0, result.output
    lines = [
        json.loads(line)
        for line in (out / "manifest.jsonl").read_text(encoding="utf-8").splitlines()
    ]
    # a "writing" line claims each name before a worker writes it, a finished line follows
    assert [m["row"] for m in lines if m.get("state") == "writing"] == [2, 3, 4, 5, 6]
    manifest = [m for m in lines if "sha256" in m]
    assert [m["row"] for m in manifest] == [2, 3, 4, 5, 6]
    for entry in manifest:
        data = (out / entry["output"]).read_bytes()
        assert hashlib.sha256(data).hexdigest() == entry["sha256"]
    assert manifest[0]["output"] == "示科发〔2026〕1号-关于第1项工作的通知.docx"
    assert body_text((out / manifest[2]["output"]).read_bytes()) == [
        "示科发〔2026〕3号",
        "关于第3项工作的通知",
        "2026年11月23日",
    ]
    assert not (out / "errors.csv").exists()


def test_bad_row_reported_others_rendered(tmp_path: Path, template: Path) -> None:
    rows = _rows(6)
    rows[3][3] = "2021-02-30"  # spreadsheet row 5
    out = tmp_path / "out"
    result = _batch(
        str(_xlsx(tmp_path / "r.xlsx", HEADER, rows)),
        "-o",
        str(out),
        "--template",
        str(template),
        "--jobs",
        "1",
    )
    assert result.exit_code == 1
    assert "第 5 行" in result.stderr and "2021-02-30" in result.stderr
    assert "第 5 行，D 列「signature.date」：日期无效" in result.stderr
    errors = list(csv.reader((out / "errors.csv").read_text(encoding="utf-8-sig").splitlines()))
    assert errors[0] == ["行号", "列", "表头", "字段", "原因"]
    assert errors[1][:4] == ["5", "D", "signature.date", "signature.date"]
    assert "日期无效" in errors[1][4]
    assert sorted(p.name for p in out.glob("*.docx")) == [
        "00002.docx",
        "00003.docx",
        "00004.docx",
        "00006.docx",
        "00007.docx",
    ]


def test_second_run_refused_then_resume_skips(tmp_path: Path, template: Path) -> None:
    records = str(_xlsx(tmp_path / "r.xlsx", HEADER, _rows(4)))
    out = tmp_path / "out"
    args = [records, "-o", str(out), "--template", str(template), "--jobs", "1"]
    assert _batch(*args).exit_code == 0
    first = {p.name: p.read_bytes() for p in out.glob("*.docx")}
    refused = _batch(*args)
    assert refused.exit_code == 2 and "--resume" in refused.stderr
    (out / "00003.docx").unlink()
    resumed = _batch(*args, "--resume")
    assert resumed.exit_code == 0 and "跳过 3 份" in resumed.stderr
    assert {p.name: p.read_bytes() for p in out.glob("*.docx")} == first


def test_process_pool_equals_inline(tmp_path: Path, template: Path) -> None:
    records = _xlsx(tmp_path / "r.xlsx", HEADER, _rows(40))
    inline = render_many(
        "document",
        read_records(records, OfficialDocument),
        tmp_path / "a",
        executor=InlineExecutor(),
        template=template,
    )
    pooled = render_many(
        "document", read_records(records, OfficialDocument), tmp_path / "b", template=template
    )
    assert [(r.row, r.sha256) for r in inline] == [(r.row, r.sha256) for r in pooled]
    assert all(r.ok for r in pooled)


@pytest.mark.parametrize(
    ("header", "rows", "expected"),
    [
        (["发文机关", "signature.date"], _rows(1), "缺少必填列：标题"),
        (HEADER, [], "只有表头"),
        (["标题", None, "发文机关"], _rows(1), "B 列表头为空（可能是合并单元格"),
    ],
)
def test_header_problems_listed_before_rendering(
    tmp_path: Path, template: Path, header: list, rows: list, expected: str
) -> None:
    out = tmp_path / "out"
    result = _batch(
        str(_xlsx(tmp_path / "r.xlsx", header, rows)), "-o", str(out), "--template", str(template)
    )
    assert result.exit_code == 2
    assert expected in result.stderr
    assert not out.exists() or not any(out.iterdir())


def test_empty_spreadsheet(tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    book.save(tmp_path / "empty.xlsx")
    with pytest.raises(DataError, match="空表格"):
        list(read_records(tmp_path / "empty.xlsx", OfficialDocument))


def test_name_pattern_outside_dir_refused(tmp_path: Path, template: Path) -> None:
    out = tmp_path / "out"
    result = _batch(
        str(_xlsx(tmp_path / "r.xlsx", HEADER, _rows(2))),
        "-o",
        str(out),
        "--template",
        str(template),
        "--name",
        "../{标题}",
    )
    assert result.exit_code == 2 and "输出目录" in result.stderr
    assert not (tmp_path / "关于第1项工作的通知.docx").exists()


def test_unsupported_extension(tmp_path: Path) -> None:
    (tmp_path / "r.txt").write_text("x", encoding="utf-8")
    result = _batch(str(tmp_path / "r.txt"), "-o", str(tmp_path / "out"))
    assert result.exit_code == 2 and "不支持的记录文件类型" in result.stderr


def test_duplicate_names_disambiguated(tmp_path: Path, template: Path) -> None:
    rows = _rows(3)
    for row in rows:
        row[0] = "同名通知"
    out = tmp_path / "out"
    assert (
        _batch(
            str(_xlsx(tmp_path / "r.xlsx", HEADER, rows)),
            "-o",
            str(out),
            "--template",
            str(template),
            "--name",
            "{标题}",
            "-j",
            "1",
        ).exit_code
        == 0
    )
    assert sorted(p.name for p in out.glob("*.docx")) == [
        "同名通知-2.docx",
        "同名通知-3.docx",
        "同名通知.docx",
    ]


@pytest.mark.parametrize(
    ("raw", "safe"),
    [
        ("a/b\\c", "a_b_c"),
        ("x" * 300, "x" * 80),
        ("NUL", "_NUL"),
        ("  .hidden. ", "hidden"),
        ("第1号:案由?", "第1号_案由"),
    ],
)
def test_make_name(raw: str, safe: str) -> None:
    assert make_name(raw) == safe


def test_defaults_merged_under_each_row(tmp_path: Path, template: Path) -> None:
    defaults = tmp_path / "defaults.yaml"
    defaults.write_text(
        "kind: document\norgans: 示例市科学技术局\nsignature: {date: 2026-11-20}\n",
        encoding="utf-8",
    )
    rows = [["关于甲的通知", "示科发〔2026〕1号"], ["关于乙的通知", "示科发〔2026〕2号"]]
    records = _xlsx(tmp_path / "r.xlsx", ["标题", "发文字号"], rows)
    out = tmp_path / "out"
    result = _batch(
        str(records),
        "-o",
        str(out),
        "--template",
        str(template),
        "--defaults",
        str(defaults),
        "-j",
        "1",
    )
    assert result.exit_code == 0, result.output
    assert body_text((out / "00003.docx").read_bytes()) == [
        "示科发〔2026〕2号",
        "关于乙的通知",
        "2026年11月20日",
    ]


@pytest.mark.skipif(
    __import__("shutil").which("soffice") is None, reason="LibreOffice (soffice) 未安装"
)
def test_batch_pdf_beside_each_docx(tmp_path: Path, template: Path) -> None:
    import pdfplumber

    out = tmp_path / "out"
    result = _batch(
        str(_xlsx(tmp_path / "r.xlsx", HEADER, _rows(3))),
        "-o",
        str(out),
        "--template",
        str(template),
        "--pdf",
        "-j",
        "1",
    )
    assert result.exit_code == 0, result.output
    for stem in ("00002", "00003", "00004"):
        with pdfplumber.open(out / f"{stem}.pdf") as pdf:
            assert f"关于第{int(stem) - 1}项工作的通知" in pdf.pages[0].extract_text().replace(
                " ", ""
            )
