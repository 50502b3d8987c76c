"""提案办理总结: the 办理情况 sentences are worded in the template, the kind gives the figures.

The expected sentences are those the kind wrote in Python before (issue 17 §3): the
template must word them identically, for records, for typed counts and in any part order.
"""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import docx
import pytest

from doctemplates.render import Template
from pingyi_docs.proposal_summary import KIND, REGION, STANDARD_OPENING
from tests.docxbuild import body_text
from tests.pingyi.conftest import sample

TOTALS = (
    "2026年，示例市科学技术局共承办政协提案32件，其中主办21件、协办5件、分办6件。"
    "提案主要涉及平台建设（6件）、成果转化（6件）、企业培育（5件）、政策落实（5件）、"
    "资金管理（2件）、创新载体（2件）、人才引育（2件）、科技金融（2件）、科学普及（2件）等方面。"
)
REPLIED = (
    "截至2026年11月25日，已办复31件，办复率96.9%，其余1件正在办理；按期办复29件，按期办复率90.6%。"
)
CATEGORIES = (
    "从办理结果看，在已明确办理结果类别的26件提案中，A类（所提问题已经解决或基本解决）11件，"
    "占42.3%；B类（正在解决或已列入计划逐步解决）11件，占42.3%；"
    "C类（因目前条件限制或其他原因需以后解决）4件，占15.4%。"
)
SATISFACTION = "提案人反馈意见26件，其中满意和基本满意25件，满意率96.2%。"


def _situation(data: dict[str, Any], template: Template | None = None) -> list[str]:
    """The paragraphs under the 办理情况 heading, up to the next part's heading."""
    lines = body_text(KIND.prepare(data).render(template))
    start = next(i for i, t in enumerate(lines) if t.endswith("、办理情况"))
    end = next(i for i in range(start + 1, len(lines)) if lines[i][1:2] == "、")
    return lines[start + 1 : end]


def _counts(counts: dict[str, int]) -> dict[str, Any]:
    data = sample("proposal-summary")
    del data["records_file"]
    return {**data, "counts": counts}


def test_records_sentences_as_before() -> None:
    assert _situation(sample("proposal-summary")) == [TOTALS, REPLIED, CATEGORIES, SATISFACTION]


def test_all_replied_and_no_feedback() -> None:
    data = sample("proposal-summary")
    from pingyi_docs.proposals import read_records

    records = [
        r.model_dump(exclude_none=True, exclude={"satisfaction"})
        for r in read_records(data.pop("records_file"))
        if r.replied
    ]
    lines = _situation({**data, "records": records})
    assert lines[1].startswith("截至2026年11月25日，31件提案已全部办复，办复率100.0%；按期办复")
    assert len(lines) == 3  # no feedback: no satisfaction sentence
    assert not any("满意" in t for t in lines)


@pytest.mark.parametrize(
    ("counts", "expected"),
    [
        (
            {"total": 12, "sponsored": 8, "divided": 2},
            ["2026年，示例市科学技术局共承办政协提案12件，其中主办8件、分办2件。"],
        ),
        (
            {"total": 12, "replied": 11},
            [
                "2026年，示例市科学技术局共承办政协提案12件。",
                "截至2026年11月25日，已办复11件，办复率91.7%。",
            ],
        ),
        (
            {"total": 12, "sponsored": 6, "assisted": 4, "divided": 2, "replied": 12},
            [
                "2026年，示例市科学技术局共承办政协提案12件，其中主办6件、协办4件、分办2件。",
                "截至2026年11月25日，已办复12件，办复率100.0%。",
            ],
        ),
    ],
)
def test_counts_only_prints_the_typed_sentences(
    counts: dict[str, int], expected: list[str]
) -> None:
    assert _situation(_counts(counts)) == expected


def test_sentences_follow_the_part_order_and_the_text_after_them() -> None:
    data = sample("proposal-summary")
    data["parts"] = ["practices", "situation", "next_steps", "shortcomings"]
    data["situation"] = ["全年办理工作总体平稳。"]
    lines = body_text(KIND.render(data))
    heading = lines.index("二、办理情况")
    assert lines[heading + 1 : heading + 6] == [
        TOTALS,
        REPLIED,
        CATEGORIES,
        SATISFACTION,
        "全年办理工作总体平稳。",
    ]
    assert lines[heading + 6] == "三、下一步工作"


def test_the_body_marks_the_groups_opening_first_then_after_the_heading() -> None:
    body = KIND.context(sample("proposal-summary"))["body"]
    assert [item["kind"] for item in body[:3]] == ["region", "heading", "region"]
    assert [body[0]["text"], body[2]["text"]] == [STANDARD_OPENING, REGION]
    data = _counts({"total": 3})
    data["situation"], data["counts"] = ["文字。"], None
    data["opening"] = ["自拟开头。"]
    body = KIND.context(data)["body"]
    assert "region" not in [item["kind"] for item in body]
    assert (body[0]["kind"], body[0]["text"]) == ("paragraph", "自拟开头。")


def test_deterministic() -> None:
    data = sample("proposal-summary")
    assert KIND.render(data) == KIND.render(sample("proposal-summary"))


def _reworded(old: str, new: str) -> Template:
    """The shipped template with one fixed phrase retyped in a run, as Word would."""
    document = docx.Document(str(KIND.template_path("文件")))
    runs = [r for p in document.paragraphs for r in p.runs if old in r.text]
    assert len(runs) == 1, old
    runs[0].text = runs[0].text.replace(old, new)
    buffer = io.BytesIO()
    document.save(buffer)
    return Template.load(buffer.getvalue())


def test_staff_rewording_carries_through() -> None:
    template = _reworded("提案人反馈意见", "收到提案人反馈意见")
    lines = _situation(sample("proposal-summary"), template)
    assert lines[-1] == "收到" + SATISFACTION
    typed = _reworded("其余{{ 办复.在办 }}件正在办理", "尚有{{ 办复.在办 }}件在办")
    assert _situation(sample("proposal-summary"), typed)[1] == REPLIED.replace(
        "其余1件正在办理", "尚有1件在办"
    )


def test_template_words_the_sentences_with_chinese_names() -> None:
    document = docx.Document(str(KIND.template_path("文件")))
    text = "\n".join(p.text for p in document.paragraphs)
    for phrase in (
        "共承办政协提案{{ 承办总数 }}件",
        "办复率{{ 办复.办复率 }}",
        "满意率{{ 反馈.满意率 }}",
    ):
        assert phrase in text
    assert "stats." not in text and "figures." not in text
    assert "{%p" not in text  # no paragraph of control tags: groups and the group rule


# -- the template rebuilt on paragraph groups prints what the written-out loop printed --
#: (style, text, keep with next) of every paragraph, rendered by the template before it
#: was rebuilt on paragraph groups and the group rule (the body loop written out, the
#: sentences in {%p if %} pairs, the opening in for/else/endfor).
BEFORE = json.loads((Path(__file__).parent / "summary_before_groups.json").read_text("utf-8"))


def _variant(name: str) -> dict[str, Any]:
    data = sample("proposal-summary")
    counts = {
        "sum-counts-total": {"total": 12, "sponsored": 8, "divided": 2},
        "sum-counts-replied": {
            "total": 12,
            "sponsored": 6,
            "assisted": 4,
            "divided": 2,
            "replied": 11,
        },
        "sum-counts-last": {"total": 12, "replied": 12},
    }
    if name in counts:
        del data["records_file"]
        data["counts"] = counts[name]
    if name == "sum-reordered":
        data["parts"] = ["practices", "situation", "next_steps", "shortcomings"]
        data["situation"] = ["全年办理工作总体平稳。"]
    if name == "sum-no-situation":
        data["parts"] = ["practices", "next_steps"]
    if name in ("sum-situation-last", "sum-counts-last"):
        data["parts"] = ["practices", "situation"]
    if name == "sum-opening":
        data["opening"] = ["自拟开头第一段。", "自拟开头第二段。"]
        del data["session"]
    return data


@pytest.mark.parametrize("name", sorted(BEFORE))
def test_same_paragraphs_styles_and_keep_with_next_as_before(name: str) -> None:
    document = docx.Document(io.BytesIO(KIND.render(_variant(name))))
    rows = [
        [p.style.name, p.text, bool(p.paragraph_format.keep_with_next)] for p in document.paragraphs
    ]
    assert rows == BEFORE[name]


def test_the_last_printed_sentence_keeps_with_the_signature_when_it_ends_the_body() -> None:
    """§7.3.5.5: the 办理情况 group last in the body; the sentences printed depend on data."""
    for name, last in (("sum-situation-last", SATISFACTION), ("sum-counts-last", None)):
        document = docx.Document(io.BytesIO(KIND.render(_variant(name))))
        paragraphs = document.paragraphs
        end = next(i for i, p in enumerate(paragraphs) if p.style.name == "署名") - 1
        while not paragraphs[end].text:
            end -= 1
        kept = [p.text for p in paragraphs[: end + 1] if p.paragraph_format.keep_with_next]
        assert kept[-1] == paragraphs[end].text
        assert last is None or paragraphs[end].text == last
        assert sum(p.style.name == "正文" for p in paragraphs if p.text in kept) == 1


def test_the_template_has_no_control_paragraph_and_two_groups() -> None:
    document = docx.Document(str(KIND.template_path("文件")))
    texts = [p.text for p in document.paragraphs]
    assert not [t for t in texts if t.startswith("{%p")]
    assert [t for t in texts if t.startswith("{{p 段落组")] == [
        "{{p 段落组 标准开头 }}",
        "{{p 段落组结束 }}",
        "{{p 段落组 办理情况 }}",
        "{{p 段落组结束 }}",
    ]
    assert texts.count("{{p 正文 }}") == 1
