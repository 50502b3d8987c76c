"""Proposal records: XLSX reading with row numbers, sessions, deadlines."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import Workbook

from doctemplates.errors import DataError
from pingyi_docs.proposals import ProposalRecord, Session, read_records
from tests.pingyi.conftest import SAMPLES

HEADER = [
    "序号",
    "提案号",
    "案由",
    "提案人",
    "办理方式",
    "领域",
    "交办日期",
    "答复日期",
    "办理结果",
]


def _sheet(tmp_path: Path, rows: list[list[object]], header: list[str] = HEADER) -> Path:
    book = Workbook()
    book.active.append(header)
    for row in rows:
        book.active.append(row)
    path = tmp_path / "records.xlsx"
    book.save(path)
    return path


def test_sample_sheet_has_at_least_30_records() -> None:
    records = read_records(SAMPLES / "proposals.xlsx")
    assert len(records) >= 30
    assert len({r.number for r in records}) == len(records)


def test_english_headers_and_aliases(tmp_path: Path) -> None:
    header = ["number", "title", "proposer", "role", "field", "assigned", "category"]
    path = _sheet(
        tmp_path, [[1, "关于甲的建议", "甲委员", "会办", "科普", "2026-03-01", "b类"]], header
    )
    (record,) = read_records(path)
    assert (record.role, record.category) == ("协办", "B")


def test_bad_cell_names_spreadsheet_row_and_column(tmp_path: Path) -> None:
    good = [1, 1, "关于甲的建议", "甲", "主办", "科普", "2026-03-01", "2026-05-01", "A"]
    bad = [2, 2, "关于乙的建议", "乙", "主办", "科普", "2026-02-30", None, "A"]
    with pytest.raises(DataError) as err:
        read_records(_sheet(tmp_path, [good, bad]))
    assert err.value.row == 3
    assert err.value.field == "assigned"
    assert str(err.value).startswith("第 3 行：assigned: records.xlsx 列“交办日期”：日期无效")


def test_unknown_header_ignored_missing_named(tmp_path: Path) -> None:
    """A column that is no field is ignored (issue 18), so only the missing columns are named."""
    with pytest.raises(DataError, match="缺少必填列：案由") as err:
        read_records(_sheet(tmp_path, [], ["提案号", "提案名称"]))
    assert err.value.row == 1


def test_missing_file() -> None:
    with pytest.raises(DataError, match="找不到记录文件"):
        read_records("no/such.xlsx")


def test_deadline_three_months_after_assignment() -> None:
    record = ProposalRecord(
        number=1,
        title="关于甲的建议",
        proposer="甲",
        role="主办",
        field="科普",
        assigned="2026-03-20",
        replied="2026-06-20",
    )
    assert record.due().isoformat() == "2026-06-20"
    assert record.on_time()
    assert not record.model_copy(update={"replied": record.due().replace(day=21)}).on_time()


def test_reply_before_assignment_refused() -> None:
    from doctemplates.model import validate

    with pytest.raises(DataError) as err:
        validate(
            ProposalRecord,
            {
                "number": 1,
                "title": "甲",
                "proposer": "甲",
                "role": "主办",
                "field": "科普",
                "assigned": "2026-03-20",
                "replied": "2026-03-01",
            },
        )
    assert err.value.field == "replied"


@pytest.mark.parametrize(
    ("text", "full", "short"),
    [
        ("十五届五次", "市政协第十五届第五次会议", "市政协十五届五次会议"),
        (
            "示例市政协第十五届第五次会议",
            "示例市政协第十五届第五次会议",
            "示例市政协十五届五次会议",
        ),
        ("示例市政协 15届 5次", "示例市政协第十五届第五次会议", "示例市政协十五届五次会议"),
    ],
)
def test_session_text(text: str, full: str, short: str) -> None:
    session = Session.model_validate(text)
    assert (session.full, session.short) == (full, short)
    assert Session(body="市政协", term=15, meeting=5).short == "市政协十五届五次会议"
