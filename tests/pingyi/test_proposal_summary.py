"""提案办理总结: figures derived from the records, never typed."""

from __future__ import annotations

from pathlib import Path

import pytest

from doctemplates.errors import DataError
from pingyi_docs.proposal_stats import percent
from pingyi_docs.proposal_summary import KIND
from pingyi_docs.proposals import read_records
from tests.docxbuild import body_text
from tests.pingyi.conftest import SAMPLES, headings, sample, texts

SHEET = SAMPLES / "proposals.xlsx"


def _records() -> list[dict]:
    return [r.model_dump(exclude_none=True) for r in read_records(SHEET)]


def _lines(data: dict) -> list[str]:
    """The rendered paragraphs (the figure sentences are the template's)."""
    return body_text(KIND.render(data))


def _inline(records: list[dict]) -> dict:
    data = sample("proposal-summary")
    del data["records_file"]
    return {**data, "records": records}


def test_parts_in_order() -> None:
    ctx = KIND.context(sample("proposal-summary"))
    assert ctx["title"].replace("\n", "") == "示例市科学技术局2026年度政协提案办理工作总结"
    top = [h for h in headings(ctx) if h[1] == "、"]
    assert top == ["一、办理情况", "二、主要做法", "三、存在的不足", "四、下一步工作"]


def test_figures_from_the_sample_sheet() -> None:
    stats = KIND.context(sample("proposal-summary"))["stats"]
    assert stats["total"] == 32
    assert stats["roles"] == {"主办": 21, "协办": 5, "分办": 6}
    assert [(c["code"], c["count"], c["share"]) for c in stats["categories"]] == [
        ("A", 11, "42.3%"),
        ("B", 11, "42.3%"),
        ("C", 4, "15.4%"),
    ]
    assert (stats["replied"], stats["replied_rate"]) == (31, "96.9%")
    assert (stats["on_time"], stats["on_time_rate"]) == (29, "90.6%")
    assert [r["number"] for r in stats["late"]] == [36, 55, 85]
    assert stats["fields"][:2] == [
        {"name": "平台建设", "count": 6},
        {"name": "成果转化", "count": 6},
    ]
    assert (stats["satisfied"], stats["feedback"], stats["satisfaction_rate"]) == (25, 26, "96.2%")


def test_sentences_carry_the_figures() -> None:
    lines = _lines(sample("proposal-summary"))
    situation = lines[lines.index("一、办理情况") + 1 : lines.index("二、主要做法")]
    assert situation[0].startswith(
        "2026年，示例市科学技术局共承办政协提案32件，其中主办21件、协办5件、分办6件。"
        "提案主要涉及平台建设（6件）、成果转化（6件）"
    )
    assert situation[1] == (
        "截至2026年11月25日，已办复31件，办复率96.9%，其余1件正在办理；按期办复29件，按期办复率90.6%。"
    )
    assert situation[2].startswith(
        "从办理结果看，在已明确办理结果类别的26件提案中，A类（所提问题已经解决或基本解决）11件，占42.3%；"
    )


def test_changing_one_record_changes_the_summary() -> None:
    records = _records()
    before = KIND.context(_inline(records))
    text_before = _lines(_inline(records))
    records[-1]["category"] = "C"  # No. 88: A → C
    records[0]["role"] = "分办"  # No. 3: 主办 → 分办
    after = KIND.context(_inline(records))
    assert before["stats"]["roles"]["主办"] - 1 == after["stats"]["roles"]["主办"]
    assert [c["count"] for c in after["stats"]["categories"]] == [10, 11, 5]
    text_after = _lines(_inline(records))
    assert text_after != text_before
    assert "主办20件、协办5件、分办7件" in "".join(text_after)


def test_all_replied_wording() -> None:
    records = [r for r in _records() if "replied" in r]
    lines = _lines(_inline(records))
    assert any(
        line.startswith("截至2026年11月25日，31件提案已全部办复，办复率100.0%；") for line in lines
    )


def test_records_from_yaml_equal_records_from_sheet() -> None:
    assert (
        KIND.context(_inline(_records()))["stats"]
        == KIND.context(sample("proposal-summary"))["stats"]
    )


@pytest.mark.parametrize(
    ("index", "change", "field"),
    [
        (4, {"category": "D"}, "records[4].category"),
        (5, {"number": 3}, "records[5].number"),
        (6, {"replied": "2026-12-01"}, "records[6].replied"),
    ],
)
def test_record_rules(index: int, change: dict, field: str) -> None:
    records = _records()
    records[index].update(change)
    with pytest.raises(DataError) as err:
        KIND.validate(_inline(records))
    assert err.value.field == field


def test_records_and_file_exclusive() -> None:
    with pytest.raises(DataError) as err:
        KIND.validate({**sample("proposal-summary"), "records": _records()[:1]})
    assert err.value.field == "records_file"
    data = sample("proposal-summary")
    del data["records_file"]
    with pytest.raises(DataError) as err:
        KIND.validate(data)
    assert err.value.field == "records"


def test_bad_sheet_row_reported(tmp_path: Path) -> None:
    from openpyxl import load_workbook

    book = load_workbook(SHEET)
    book.active["D7"] = "主持"  # row 7: 办理方式
    path = tmp_path / "bad.xlsx"
    book.save(path)
    with pytest.raises(DataError) as err:
        KIND.validate({**sample("proposal-summary"), "records_file": str(path)})
    assert err.value.row == 7
    assert "列“办理方式”" in str(err.value)


def test_percent_rounds_half_up() -> None:
    assert percent(1, 8) == "12.5%"
    assert percent(1, 16) == "6.3%"  # 6.25 → 6.3 (not banker's 6.2)


def test_headings_and_order_are_data() -> None:
    data = sample("proposal-summary")
    data["parts"] = ["situation", "practices", "next_steps"]
    data["headings"] = {"situation": "办理工作基本情况", "next_steps": "下一步主要工作"}
    del data["shortcomings"]
    top = [h for h in headings(KIND.context(data)) if h[1] == "、"]
    assert top == ["一、办理工作基本情况", "二、主要做法", "三、下一步主要工作"]


def test_part_listed_but_empty_is_refused() -> None:
    data = sample("proposal-summary")
    del data["shortcomings"]
    with pytest.raises(DataError, match="shortcomings"):
        KIND.validate(data)


def test_typed_counts_without_records_and_no_session() -> None:
    data = sample("proposal-summary")
    del data["records_file"], data["session"]
    data["counts"] = {"total": 12, "sponsored": 8, "assisted": 4}
    ctx = KIND.context(data)
    lines = _lines(data)
    assert lines[lines.index("一、办理情况") + 1] == (
        "2026年，示例市科学技术局共承办政协提案12件，其中主办8件、协办4件。"
    )
    assert ctx["session"] is None and ctx["stats"]["total"] == 12
    assert any(t.startswith("根据提案交办会要求") for t in lines)


def test_typed_count_contradicting_records_names_both() -> None:
    data = sample("proposal-summary")
    data["counts"] = {"total": 30}
    with pytest.raises(DataError) as err:
        KIND.validate(data)
    assert err.value.field == "counts.total"
    assert "30" in str(err.value) and "32" in str(err.value)


def test_section_without_figures() -> None:
    data = sample("proposal-summary")
    del data["records_file"]
    data["situation"] = ["全年共承办提案若干件，均已按期办复。"]
    lines = texts(KIND.context(data))
    assert lines[lines.index("一、办理情况") + 1] == "全年共承办提案若干件，均已按期办复。"


def test_no_figures_and_no_text_is_refused() -> None:
    data = sample("proposal-summary")
    del data["records_file"]
    with pytest.raises(DataError, match="counts"):
        KIND.validate(data)
