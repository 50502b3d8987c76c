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


def test_overlapping_phases_allowed() -> None:
    """A real plan prepares in April while its survey runs from April to June."""
    data = sample("plan")
    data["phases"][1]["start"] = "2026-04-10"  # overlaps 准备阶段 (4月1日—4月20日)
    lines = texts(KIND.context(data))
    assert "（一）准备阶段（4月）" in lines and "（二）调研阶段（4月至6月）" in lines


def test_phase_span_as_text_and_paragraph_after_tasks() -> None:
    data = sample("plan")
    first = data["phases"][0]
    del first["start"], first["end"]
    first["span"] = "7月上旬"
    first["closing"] = ["以上工作由局办公室牵头。"]
    lines = texts(KIND.context(data))
    assert "（一）准备阶段（7月上旬）" in lines
    after = lines.index("以上工作由局办公室牵头。")
    assert lines[after - 1].startswith("4.") and lines[after + 1].startswith("（二）")


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"span": "4月", "start": "2026-04-01"}, "只填一种"),
        ({"start": None, "end": None}, "需要填写起止日期"),
    ],
)
def test_phase_time_given_once(change: dict, message: str) -> None:
    data = sample("plan")
    data["phases"][0].update(change)
    data["phases"][0] = {k: v for k, v in data["phases"][0].items() if v is not None}
    with pytest.raises(DataError, match=message):
        KIND.validate(data)


def test_added_sections_and_closing_paragraphs() -> None:
    data = sample("plan")
    data["requirements_closing"] = ["各处室要按要求抓好落实。"]
    data["sections"] = [
        {
            "heading": "保障措施",
            "points": ["加强经费保障。经费列入预算。"],
            "closing": ["特此安排。"],
        },
        {"heading": "工作分工", "paragraphs": ["由局办公室牵头。"], "after": "guiding"},
    ]
    lines = texts(KIND.context(data))
    top = [line for line in lines if "、" in line[:3]]
    assert top == [
        "一、指导思想",
        "二、工作分工",
        "三、评议内容",
        "四、评议步骤和方式",
        "五、评议要求",
        "六、保障措施",
    ]
    assert lines[lines.index("六、保障措施") - 1] == "各处室要按要求抓好落实。"
    assert lines[-1] == "特此安排。"


def test_end_before_start_refused() -> None:
    data = sample("plan")
    data["phases"][1]["end"] = "2026-04-01"
    err = _phase_error(data)
    assert str(err).startswith("phases[1].end: 结束日期2026年4月1日早于开始日期2026年4月21日")


def test_phase_outside_plan_year_refused() -> None:
    data = sample("plan")
    data["phases"][2]["end"] = "2027-01-15"
    err = _phase_error(data)
    assert str(err).startswith("phases[2].end: 2027年1月15日不在方案年度2026年内")


def test_doc_number_year_must_match_date() -> None:
    err = _phase_error({**sample("plan"), "doc_number": "示科发〔2025〕5号"})
    assert err.field == "doc_number"


def test_title_or_subject_required() -> None:
    data = sample("plan")
    del data["subject"]
    assert _phase_error(data).field == "subject"
