"""Normalisation rules: half-width punctuation, labels.  Each change is a listed rule."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from doctemplates.importer.labels import typed_label
from doctemplates.importer.normalize import RULES, fullwidth_punctuation, rule_ids
from tests.reliability.settings import fuzz_settings


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("各区科技局,局属各单位:", "各区科技局，局属各单位："),
        ("相关县(市、区)、功能区", "相关县（市、区）、功能区"),
        ("准备阶段(4月)", "准备阶段（4月）"),
        ("生产总值(GDP)增长", "生产总值（GDP）增长"),
        ("上午9:30在会议室", "上午9:30在会议室"),
        ("共1,268家,增长12.3%", "共1,268家，增长12.3%"),
        ("详见 https://kj.example.gov.cn/a,b 下载", "详见 https://kj.example.gov.cn/a,b 下载"),
        ("邮箱 zhengce@example.gov.cn.", "邮箱 zhengce@example.gov.cn."),
        ("f(x) = x, y", "f(x) = x, y"),
        ("Hello, world: (test)", "Hello, world: (test)"),
        ("要求如下: 一是", "要求如下：一是"),
        ("完成目标.下一步", "完成目标。下一步"),
        ("版本 V2.0 发布", "版本 V2.0 发布"),
        ("是否可行?请批示!", "是否可行？请批示！"),
    ],
)
def test_punctuation(text: str, expected: str) -> None:
    assert fullwidth_punctuation(text) == expected


_FULL = {",": "，", ":": "：", ";": "；", "?": "？", "!": "！", "(": "（", ")": "）", ".": "。"}


def _only_listed_changes(before: str, after: str) -> bool:
    """``after`` is ``before`` with listed marks made full-width and spaces beside them dropped."""
    i = j = 0
    while i < len(before):
        if j < len(after) and (after[j] == before[i] or after[j] == _FULL.get(before[i])):
            i, j = i + 1, j + 1
        elif before[i] == " ":
            i += 1
        else:
            return False
    return j == len(after)


@fuzz_settings()
@given(st.text(alphabet="中文科技局,:;?!().1209 abcx@/", max_size=40))
def test_punctuation_changes_nothing_else(text: str) -> None:
    assert _only_listed_changes(text, fullwidth_punctuation(text))


@pytest.mark.parametrize(
    ("typed", "level", "number", "standard"),
    [
        ("一、总则", 1, 1, "一、"),
        ("十一、其他", 1, 11, "十一、"),
        ("一.总则", 1, 1, "一、"),
        ("(一)准备", 2, 1, "（一）"),
        ("（十二）其他", 2, 12, "（十二）"),
        ("1、成立专班", 3, 1, "1."),
        ("1．成立专班", 3, 1, "1."),
        ("12. 其他", 3, 12, "12."),
        ("(3)细则", 4, 3, "（3）"),
        ("3)细则", 4, 3, "（3）"),
        ("01.目标", 3, 1, "1."),
    ],
)
def test_typed_labels(typed: str, level: int, number: int, standard: str) -> None:
    found = typed_label(typed)
    assert found is not None
    assert (found.level, found.number, found.standard) == (level, number, standard)


@pytest.mark.parametrize(
    "text", ["2026年工作要点", "5G基站建设", "1.5倍", "一是加强领导", "3", "第一，"]
)
def test_not_labels(text: str) -> None:
    assert typed_label(text) is None


def test_rules_are_listed_and_switchable() -> None:
    ids = [rule.id for rule in RULES]
    assert len(ids) == len(set(ids))
    assert "whitespace" not in rule_ids()  # the template indents; it cannot be kept
    assert {"punctuation", "label", "doc-number", "leading-zeros", "date"} <= set(rule_ids())


def test_docs_list_every_rule() -> None:
    from pathlib import Path

    page = (Path(__file__).resolve().parents[2] / "docs" / "导入与排版.md").read_text("utf-8")
    for rule in RULES:
        assert f"| `{rule.id}` | {rule.title} |" in page
