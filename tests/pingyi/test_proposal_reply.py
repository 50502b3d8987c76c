"""提案答复函: title, opening, category, 会办意见, deadline flag, row → reply."""

from __future__ import annotations

import pytest

from doctemplates.errors import DataError
from doctemplates.render import Template
from pingyi_docs.proposal_reply import KIND
from pingyi_docs.proposals import read_records
from tests.docxbuild import body_text, make_template
from tests.pingyi.conftest import SAMPLES, sample, texts


def test_letter_context() -> None:
    ctx = KIND.context(sample("proposal-reply"))
    assert ctx["format"] == "信函"
    assert ctx["title"].replace("\n", "") == "关于示例市政协十五届五次会议第12号提案的答复"
    assert ctx["recipients"] == "许清和委员："
    # Opening, closing and contacts are the template's wording (proposal-reply.docx).
    assert ctx["proposal"] == {
        "number": 12,
        "title": "关于加快高校院所科技成果就地转化的建议",
        "proposer": "许清和",
    }
    assert texts(ctx)[0].startswith("您在提案中提出的")
    assert ctx["category"] == {
        "code": "B",
        "label": "B类",
        "meaning": "正在解决或已列入计划逐步解决",
    }
    assert ctx["header"]["signers"] == ["赵恒"]
    assert (ctx["contact"], ctx["phone"], ctx["note"]) == ("刘一帆", "0000-86001234", None)
    assert ctx["record"]["cc"] == "市政协提案委员会，市政府督查室"
    assert ctx["signature"]["names"] == ["示例市科学技术局"]
    assert ctx["signature"]["date"] == "2026年6月8日"
    assert (ctx["deadline"], ctx["late"], ctx["warnings"]) == ("2026年6月20日", False, [])


def test_late_reply_flagged_not_refused() -> None:
    ctx = KIND.context({**sample("proposal-reply"), "replied": "2026-06-21"})
    assert ctx["late"] is True
    assert ctx["warnings"] == ["第12号提案答复日期2026年6月21日晚于办理时限2026年6月20日"]


def test_assist_reply_is_a_huiban_opinion_to_the_lead_unit() -> None:
    data = {**sample("proposal-reply"), "role": "协办", "lead_unit": "示例市教育局"}
    del data["category"]
    ctx = KIND.context(data)
    assert ctx["title"].replace("\n", "") == "关于示例市政协十五届五次会议第12号提案的会办意见"
    assert ctx["recipients"] == "示例市教育局："
    assert ctx["category"] is None
    data.pop("lead_unit")
    with pytest.raises(DataError, match=r"^lead_unit: 协办（会办）意见需要填写主办单位"):
        KIND.validate(data)


def test_organisation_proposer_not_called_weiyuan() -> None:
    ctx = KIND.context({**sample("proposal-reply"), "proposer": "民盟示例市委"})
    assert ctx["recipients"] == "民盟示例市委："


def test_configurable_categories_and_cc() -> None:
    data = {
        **sample("proposal-reply"),
        "categories": {"甲": "已解决", "乙": "正在解决"},
        "category": "甲",
        "record": {"cc": ["示例市政协提案委员会"]},
    }
    ctx = KIND.context(data)
    assert ctx["category"]["label"] == "甲类"
    assert ctx["record"]["cc"] == "示例市政协提案委员会"
    with pytest.raises(DataError, match=r"^category: 办理结果类别“B”无效，应为甲、乙其一"):
        KIND.validate({**data, "category": "B"})


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"replied": None}, "replied"),
        ({"category": None}, "category"),
        ({"doc_number": "示科提复〔2025〕12号"}, "doc_number"),
    ],
)
def test_cross_field_rules(change: dict, field: str) -> None:
    with pytest.raises(DataError) as err:
        KIND.validate({**sample("proposal-reply"), **change})
    assert err.value.field == field


def test_sample_is_row_of_the_sheet() -> None:
    record = next(r for r in read_records(SAMPLES / "proposals.xlsx") if r.number == 12)
    data = sample("proposal-reply")
    assert {k: data[k] for k in ("title", "proposer", "role", "category")} == record.model_dump(
        include={"title", "proposer", "role", "category"}
    )
    letter = {k: v for k, v in data.items() if k not in type(record).model_fields}
    ctx = KIND.context({**record.model_dump(exclude_none=True), **letter})
    assert ctx["title"] == KIND.context(data)["title"]


def test_category_shown_in_template() -> None:
    tpl = Template.load(make_template(["{{ category.label }}", "{{ title }}", "{{ recipients }}"]))
    lines = body_text(KIND.render(sample("proposal-reply"), template=tpl))[:3]
    assert [line.replace("\n", "") for line in lines] == [
        "B类",
        "关于示例市政协十五届五次会议第12号提案的答复",
        "许清和委员：",
    ]
