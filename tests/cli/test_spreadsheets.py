"""A spreadsheet from a colleague works: extra columns, notes sheets, errors by column (issue 18)."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import docx
import openpyxl
import pytest

from doctemplates.model import OfficialDocument
from doctemplates.records import open_records
from tests.cli.run import one_sentence, run, run_in_terminal

ROOT = Path(__file__).resolve().parents[2]
DEFAULTS = ROOT / "samples" / "batch" / "reply-defaults.yaml"


def _sample_rows() -> list[list[object]]:
    sheet = openpyxl.load_workbook(ROOT / "samples" / "proposals.xlsx").worksheets[0]
    return [[cell.value for cell in row] for row in sheet.iter_rows()]


def colleague_book(path: Path, *, notes: bool = True, extra: bool = True) -> Path:
    """The sample proposals as a colleague sends them: a notes sheet in front, a 备注 column,
    and on row 32 the 答复日期 (column G) typed as a number."""
    rows = _sample_rows()
    book = openpyxl.Workbook()
    first = book.active
    if notes:
        first.title = "填表说明"
        first.append(["本表由办公室整理。答复日期请按 2026-05-17 的格式填写。"])
        data = book.create_sheet("提案")
    else:
        first.title = "提案"
        data = first
    data.append(rows[0] + (["备注", "录入人"] if extra else []))
    for row in rows[1:]:
        data.append(row + (["无", "王明"] if extra else []))
    assert data.cell(row=1, column=7).value == "答复日期"
    data.cell(row=32, column=7).value = 20260517
    book.save(path)
    return path


def _batch(d: Path, *extra: str) -> tuple[int, str, str]:
    result = run(
        "batch", "proposal-reply", "提案.xlsx", "--defaults", DEFAULTS, "-o", "out", "-j", "2", *extra,
        cwd=d,
    )  # fmt: skip
    return result.code, result.stdout, result.stderr


def test_extra_columns_ignored_with_a_warning_notes_sheet_skipped(tmp_path: Path) -> None:
    colleague_book(tmp_path / "提案.xlsx")
    code, _, err = _batch(tmp_path)
    assert code == 1, err  # row 32 fails, the others are made
    lines = [line for line in err.splitlines() if line.strip()]
    assert lines[0] == (
        "警告：提案.xlsx 工作表「提案」 中有 2 列不是字段，已忽略：K 列「备注」、L 列「录入人」"
        "（如需拒绝这样的表格，命令行加 --strict-columns）"
    )
    made = sorted((tmp_path / "out").glob("*.docx"))
    assert len(made) == 31
    text = "\n".join(p.text for p in docx.Document(made[0]).paragraphs)
    assert "示例市科学技术局" in text and "无" not in text.split("\n")  # 备注 did not leak in


def test_row_error_names_the_sheets_own_header_and_column_letter(tmp_path: Path) -> None:
    colleague_book(tmp_path / "提案.xlsx")
    code, _, err = _batch(tmp_path)
    assert code == 1
    assert re.search(
        r"^第 32 行，G 列「答复日期」：日期无效：20260517 是一个数字，不是日期", err, re.M
    ), err
    assert "replied" not in err  # the English field name is for errors.csv's programmers' column
    rows = list(csv.reader(io.StringIO((tmp_path / "out" / "errors.csv").read_text("utf-8-sig"))))
    assert rows[0] == ["行号", "列", "表头", "字段", "原因"]
    assert rows[1][:4] == ["32", "G", "答复日期", "replied"]
    assert rows[1][4].startswith("日期无效：20260517 是一个数字")


def test_strict_columns_refuses_naming_them(tmp_path: Path) -> None:
    colleague_book(tmp_path / "提案.xlsx")
    result = run(
        "batch", "proposal-reply", "提案.xlsx", "--defaults", DEFAULTS, "-o", "out", "--strict-columns",
        cwd=tmp_path,
    )  # fmt: skip
    assert result.code == 2
    line = one_sentence(result)
    assert "未知列「备注」（第 K 列）" in line and "未知列「录入人」（第 L 列）" in line
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize("sheet", ["提案", "2"])
def test_sheet_by_name_or_number(tmp_path: Path, sheet: str) -> None:
    colleague_book(tmp_path / "提案.xlsx", extra=False)
    code, _, err = _batch(tmp_path, "--sheet", sheet)
    assert code == 1 and "第 32 行，G 列「答复日期」" in err
    assert len(list((tmp_path / "out").glob("*.docx"))) == 31


def test_sheet_that_does_not_exist_lists_them(tmp_path: Path) -> None:
    colleague_book(tmp_path / "提案.xlsx")
    code, _, err = _batch(tmp_path, "--sheet", "汇总")
    assert code == 2
    assert "没有工作表「汇总」（有：1「填表说明」、2「提案」；可写名称或序号）" in err
    (tmp_path / "r.csv").write_text("标题\n关于甲的通知\n", encoding="utf-8")
    result = run("batch", "document", "r.csv", "-o", "out", "--sheet", "1", cwd=tmp_path)
    assert result.code == 2 and "--sheet 只用于 Excel 文件" in one_sentence(result)


def test_no_matching_sheet_says_so(tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    book.active.title = "说明"
    book.active.append(["只有说明"])
    book.create_sheet("空白")
    book.save(tmp_path / "提案.xlsx")
    code, _, err = _batch(tmp_path)
    assert code == 2
    assert "没有表头相符的工作表（共 2 个：「说明」、「空白」）" in err and "--sheet" in err


def test_record_count_from_the_whole_file_check(tmp_path: Path) -> None:
    book = colleague_book(tmp_path / "提案.xlsx")
    from pingyi_docs.proposal_reply import KIND

    source = open_records(book, KIND.model, provided=frozenset(KIND.model.model_fields))
    assert (source.total, source.sheet) == (32, "提案")
    assert source.columns is not None and source.columns.ignored == (
        "K 列「备注」",
        "L 列「录入人」",
    )
    assert len(list(source)) == 32


def test_jsonl_keys_in_chinese_or_english(tmp_path: Path) -> None:
    lines = [
        {
            "标题": "关于甲项工作的通知",
            "发文机关": "示例市科学技术局",
            "署名和成文日期": {"成文日期": "2026-11-23"},
        },
        {
            "title": "关于乙项工作的通知",
            "organs": "示例市科学技术局",
            "signature": {"date": "2026-11-24"},
        },
        {
            "标题": "关于丙项工作的通知",
            "发文机关": "示例市科学技术局",
            "署名和成文日期": {"成文日期": "2026-02-30"},
        },
    ]
    (tmp_path / "r.jsonl").write_text(
        "".join(json.dumps(line, ensure_ascii=False) + "\n" for line in lines), encoding="utf-8"
    )
    result = run("batch", "document", "r.jsonl", "-o", "out", "-j", "1", cwd=tmp_path)
    assert result.code == 1
    assert "第 3 行，字段 signature.date：日期无效：2026-02-30" in result.stderr
    titles = [
        next(p.text for p in docx.Document(path).paragraphs if p.text.startswith("关于"))
        for path in sorted((tmp_path / "out").glob("*.docx"))
    ]
    assert titles == ["关于甲项工作的通知", "关于乙项工作的通知"]


def test_progress_bar_shows_total_percentage_and_time_left(tmp_path: Path) -> None:
    """On a terminal (a pseudo-terminal here) the bar knows the total before the first document."""
    rows = "".join(f"关于第{i}项工作的通知,示例市科学技术局,2026-11-23\n" for i in range(1, 41))
    (tmp_path / "r.csv").write_text("标题,发文机关,署名和成文日期.成文日期\n" + rows, "utf-8")
    code, screen = run_in_terminal(
        "batch", "document", "r.csv", "-o", "out", "-j", "1", cwd=tmp_path
    )
    plain = re.sub(r"\x1b\[[0-9;?]*[A-Za-z]", "", screen)
    assert code == 0, plain
    assert "/?" not in plain  # today: 240/?
    assert re.search(r"生成中.*\b\d+/40\b.*\b\d+%.*剩余.*\d:\d\d:\d\d", plain), plain
    assert re.search(r"40/40.*100%", plain), plain
    assert "完成：生成 40 份，跳过 0 份，失败 0 份" in plain


def test_library_logs_the_ignored_columns(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    (tmp_path / "r.csv").write_text(
        "标题,发文机关,备注\n关于甲的通知,示例市科学技术局,急\n", "utf-8"
    )
    with caplog.at_level("WARNING", logger="doctemplates"):
        source = open_records(tmp_path / "r.csv", OfficialDocument)
    assert [r.name for r in caplog.records] == ["doctemplates.records"]
    assert "C 列「备注」" in caplog.records[0].getMessage()
    assert next(iter(source)).data == {"title": "关于甲的通知", "organs": "示例市科学技术局"}


@pytest.mark.parametrize("encoding", ["utf-8-sig", "gb18030", "utf-16"])
def test_csv_in_the_encodings_offices_save(tmp_path: Path, encoding: str) -> None:
    """UTF-8 and GBK decided on every byte; anything else (UTF-16) by charset-normalizer."""
    text = "标题,发文机关,署名和成文日期.成文日期\n关于甲项工作的通知,示例市科学技术局,2026-11-23\n"
    (tmp_path / "r.csv").write_bytes(text.encode(encoding))
    result = run("batch", "document", "r.csv", "-o", "out", "-j", "1", cwd=tmp_path)
    assert result.code == 0, result.stderr
    paragraphs = [p.text for p in docx.Document(tmp_path / "out" / "00002.docx").paragraphs]
    assert "关于甲项工作的通知" in paragraphs
