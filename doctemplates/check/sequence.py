"""结构层次序数 sequence check (§7.3.3): forms, gaps, level jumps, inversions.

>>> [f.rule for f in check_numbering([(0, "一、甲"), (1, "三、乙")])]
['numbering-sequence']
>>> [f.rule for f in check_numbering([(0, "一、甲"), (1, "（一）乙"), (2, "1.丙"), (3, "（一）丁")])]
['numbering-level']
>>> check_numbering([(0, "一、甲"), (1, "（一）乙"), (2, "二、丙"), (3, "（一）丁")])
[]
"""

from __future__ import annotations

from collections.abc import Iterable

from doctemplates.check.rules import finding
from doctemplates.check.textforms import parse_label
from doctemplates.findings import Finding, Location
from doctemplates.numbering import label as make_label

__all__ = ["check_numbering"]

_NAMES = {1: "一、", 2: "（一）", 3: "1.", 4: "（1）"}


def _show(level: int, n: int) -> str:
    try:
        return make_label(level, n)
    except Exception:  # numbers beyond the numeral range
        return f"{_NAMES[level]}#{n}"


def check_numbering(paragraphs: Iterable[tuple[int, str]]) -> list[Finding]:
    """Findings for the labels starting ``(index, text)`` paragraphs of one body."""
    out: list[Finding] = []
    counters = {1: 0, 2: 0, 3: 0, 4: 0}
    depth = 0
    base: int | None = None
    for index, text in paragraphs:
        lab = parse_label(text)
        if lab is None:
            continue
        loc = Location(paragraph=index, text=text)
        if lab.problem:
            out.append(
                finding(
                    "numbering-form",
                    lab.problem,
                    loc,
                    expected=_show(lab.level, lab.number),
                    actual=lab.text,
                )
            )
        level, n = lab.level, lab.number
        if base is None:
            base = level
            depth = level - 1
        expected = counters[level] + 1
        prev_depth = depth
        if level > max(depth, base - 1) + 1:
            parent = _NAMES[depth] if depth else "正文开头"
            out.append(
                finding(
                    "numbering-skip",
                    f"“{lab.text}”越级：直接位于“{parent}”层级之下，缺少“{_NAMES[level - 1]}”层级",
                    loc,
                    expected=_NAMES[level - 1] if level > 1 else _NAMES[1],
                    actual=lab.text,
                )
            )
        elif n == expected:
            pass
        elif n == 1 and counters[level] >= 1 and prev_depth > level:
            out.append(
                finding(
                    "numbering-level",
                    f"“{lab.text}”出现在“{_NAMES[prev_depth]}”层级之下，层级倒置"
                    "（应为 一、→（一）→1.→（1））",
                    loc,
                    expected=_show(level, expected),
                    actual=lab.text,
                )
            )
        else:
            what = "跳号" if n > expected else "重号或倒序"
            out.append(
                finding(
                    "numbering-sequence",
                    f"层次序数{what}：上一个同级序数之后应为“{_show(level, expected)}”",
                    loc,
                    expected=_show(level, expected),
                    actual=lab.text,
                )
            )
        counters[level] = n
        for deeper in range(level + 1, 5):
            counters[deeper] = 0
        depth = level
    return out
