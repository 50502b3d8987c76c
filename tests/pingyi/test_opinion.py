"""审议意见书: title, 主送, parts, computed reply deadline."""

from __future__ import annotations

import pytest

from doctemplates.errors import DataError
from pingyi_docs.opinion import KIND
from tests.pingyi.conftest import headings, sample, texts


def test_title_recipient_parts() -> None:
    ctx = KIND.context(sample("opinion"))
    assert (
        ctx["title"].replace("\n", "") == "示例市人大常委会关于市科学技术局科技创新工作的审议意见"
    )
    assert ctx["recipients"] == "示例市人民政府："
    top = [h for h in headings(ctx) if h[1] == "、"]
    assert top == ["一、基本评价", "二、存在的问题", "三、意见和建议"]
    assert "（四）政策落实存在“最后一公里”问题。" in headings(ctx)
    # The opening sentence is the template's wording (pingyi_docs/templates/opinion.docx).
    assert ctx["meeting_date"] == "2026年7月28日"
    assert ctx["meeting"] == "示例市第十七届人民代表大会常务委员会第二十三次会议"
    assert texts(ctx)[0] == "一、基本评价"


def test_deadline_computed_from_date() -> None:
    ctx = KIND.context(sample("opinion"))
    assert ctx["deadline"] == "2026年11月10日"
    # The closing request is the template's wording; it reads these values.
    assert (ctx["government"], ctx["organ"]) == ("示例市人民政府", "示例市人大常委会")
    ctx = KIND.context({**sample("opinion"), "months": 2, "date": "2026-08-31", "record": None})
    assert ctx["deadline"] == "2026年10月31日"
    ctx = KIND.context({**sample("opinion"), "months": 6, "date": "2026-08-31", "record": None})
    assert ctx["deadline_iso"] == "2027-02-28"


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"meeting_date": "2026-08-20"}, "meeting_date"),
        ({"months": 0}, "months"),
        ({"doc_number": "示人常发〔2025〕14号"}, "doc_number"),
        ({"problems": []}, "problems"),
        ({"date": "2026-08-31"}, "record.print_date"),
    ],
)
def test_cross_field_rules(change: dict, field: str) -> None:
    with pytest.raises(DataError) as err:
        KIND.validate({**sample("opinion"), **change})
    assert err.value.field == field
