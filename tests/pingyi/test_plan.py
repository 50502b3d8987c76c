"""工作实施方案: title, opening, four parts, phase spans, ordering rules."""

from __future__ import annotations

import pytest

from doctemplates.errors import DataError
from pingyi_docs.plan import KIND
from tests.pingyi.conftest import headings, sample, texts


def test_title_and_opening() -> None:
    ctx = KIND.context(sample("plan"))
    assert (
        ctx["title"].replace("\n", "")
        == "示例市科学技术局关于迎接2026年度市人大常委会科技创新工作评议的工作实施方案"
    )
    assert ctx["header"]["doc_number"] == "示科发〔2026〕5号"
    # The opening sentence is the template's wording (pingyi_docs/templates/plan.docx).
    assert ctx["basis"].startswith("《示例市人大常委会关于开展2026年度科技创新工作评议的实施方案》")
    assert ctx["purpose"] == (
        "认真做好迎接市人大常委会专项评议各项工作，确保评议有序推进、取得实效，推动全市科技创新工作提质增效"
    )
    assert texts(ctx)[0] == "一、指导思想"
    assert ctx["signature"]["date"] == "2026年4月8日"
    assert ctx["record"]["cc"] == "示例市人大常委会教科文卫工委，示例市人民政府办公室"


def test_full_title_accepted_and_subject_trimmed() -> None:
    data = {**sample("plan"), "subject": None, "title": "关于迎接评议的工作实施方案"}
    assert KIND.context(data)["title"].replace("\n", "") == "关于迎接评议的工作实施方案"
    data = {**sample("plan"), "subject": "关于迎接评议的工作实施方案"}
    assert (
        KIND.context(data)["title"].replace("\n", "")
        == "示例市科学技术局关于迎接评议的工作实施方案"
    )


def test_parts_in_order_with_phase_spans() -> None:
    top = [h for h in headings(KIND.context(sample("plan"))) if h[1] == "、"]
    assert top == ["一、指导思想", "二、评议内容", "三、评议步骤和方式", "四、评议要求"]
    phases = [h for h in headings(KIND.context(sample("plan"))) if h.startswith("（")]
    assert phases == [
        "（一）准备阶段（4月）",
        "（二）调研阶段（4月至6月）",
        "（三）评议阶段（7月）",
        "（四）整改阶段（8月至11月）",
    ]


def test_contents_numbered_and_punctuated() -> None:
    lines = texts(KIND.context(sample("plan")))
    start = lines.index("二、评议内容")
    items = lines[start + 1 : start + 7]
    assert items[0] == "1.科技创新政策的制定和落实情况；"
    assert items[-1] == "6.科技专项资金的分配、使用和绩效管理情况。"


def test_xun_spans() -> None:
    data = {**sample("plan"), "span_style": "xun"}
    phases = KIND.context(data)["phases"]
    assert phases[0]["span"] == "4月上旬至中旬"


def _phase_error(data: dict) -> DataError:
    with pytest.raises(DataError) as err:
        KIND.validate(data)
    return err.value


def test_overlapping_phase_refused() -> None:
    data = sample("plan")
    data["phases"][2]["start"] = "2026-06-15"
    err = _phase_error(data)
    assert err.field == "phases[2].start"
    assert "上一阶段“调研阶段”的结束日期2026年6月30日" in str(err)


def test_end_before_start_refused() -> None:
    data = sample("plan")
    data["phases"][1]["end"] = "2026-04-01"
    err = _phase_error(data)
    assert str(err).startswith("phases[1].end: 结束日期2026年4月1日早于开始日期2026年4月21日")


def test_phase_outside_plan_year_refused() -> None:
    data = sample("plan")
    data["phases"][3]["end"] = "2027-01-15"
    err = _phase_error(data)
    assert str(err).startswith("phases[3].end: 2027年1月15日不在方案年度2026年内")


def test_doc_number_year_must_match_date() -> None:
    err = _phase_error({**sample("plan"), "doc_number": "示科发〔2025〕5号"})
    assert err.field == "doc_number"


def test_title_or_subject_required() -> None:
    data = sample("plan")
    del data["subject"]
    assert _phase_error(data).field == "subject"
