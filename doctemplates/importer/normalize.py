"""The normalisations an import may apply, each listed and switchable.  规范化规则。

No character of a draft is changed except by one of these rules, and each
change is reported with its source paragraph.  ``--no-normalize RULE`` turns a
rule off; an element that cannot be represented without the rule (a 文号 in
square brackets, a ``1、`` label) then stays in the body as written and the
report says so.

>>> fullwidth_punctuation("根据要求,现通知如下:9:30 在 www.example.cn 集合(地点另告)")
'根据要求，现通知如下：9:30 在 www.example.cn 集合（地点另告）'
>>> fullwidth_punctuation("增长 3.5%,达到 1,200 亿元.详见 V2.0 版.")
'增长 3.5%，达到 1,200 亿元。详见 V2.0 版。'
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = ["RULES", "Rule", "fullwidth_punctuation", "is_cjk", "rule_ids"]


@dataclass(frozen=True)
class Rule:
    """One normalisation: id (for ``--no-normalize``), Chinese name, what it does."""

    id: str
    title: str
    does: str
    switchable: bool = True


RULES: tuple[Rule, ...] = (
    Rule(
        "whitespace",
        "首尾空白",
        "去掉段落首尾的空格、全角空格和制表符（缩进由样式给出），去掉 XML 不能容纳的控制字符",
        switchable=False,
    ),
    Rule(
        "punctuation",
        "半角标点",
        "中文文字中的半角标点 , : ; ? ! ( ) 改为全角 ，：；？！（），汉字后的句点 . 改为 。，"
        "其旁的空格一并去掉；数字、网址、电子邮箱、时间（9:30）、小数和外文中的不改",
    ),
    Rule(
        "label", "层次序数写法", "“1、”“1．”“(一)”“一.”等改为“1.”“（一）”“一、”，序数后的空格去掉"
    ),
    Rule("renumber", "层次序数连续", "跳号或重号的序数按位置重新编号（一、二、四、→一、二、三、）"),
    Rule("heading-number", "标题序数", "Markdown 标题、Word 标题样式没有序数的，按层级加上序数"),
    Rule("leading-zeros", "前导零", "序数、发文字号序号和日期中的前导零去掉（01→1）"),
    Rule(
        "doc-number",
        "发文字号",
        "发文字号的年份括号 [] () （） 改为六角括号〔〕，去掉“第”和空格；只用于发文字号一行，正文中引用的文号照原样",
    ),
    Rule(
        "date",
        "日期数字",
        "成文日期“二〇二〇年四月二十日”改用阿拉伯数字“2020年4月20日”（GB/T 9704-2012）",
    ),
    Rule("unwrap", "折行合并", "从 PDF 等复制、按固定宽度折行的段落合并为一段"),
    Rule("title-lines", "标题合并", "分两三行书写的标题合并为一行"),
)


def rule_ids() -> list[str]:
    """Ids of the rules that can be switched off."""
    return [rule.id for rule in RULES if rule.switchable]


# --------------------------------------------------------------------------- 标点

_CJK_RANGES = (
    (0x2E80, 0x2FDF),  # radicals
    (0x3000, 0x303F),  # CJK symbols and punctuation
    (0x3040, 0x30FF),  # kana
    (0x3400, 0x4DBF),
    (0x4E00, 0x9FFF),
    (0xF900, 0xFAFF),
    (0xFE30, 0xFE4F),  # CJK compatibility forms
    (0xFF01, 0xFF60),  # full-width forms
    (0x20000, 0x2FA1F),
)
_CJK_EXTRA = set("“”‘’—…×·")
_HALF_TO_FULL = {",": "，", ":": "：", ";": "；", "?": "？", "!": "！", "(": "（", ")": "）"}
_PROTECTED = re.compile(
    r"(?:https?|ftp)://[^\s，。；、）]+"
    r"|www\.[A-Za-z0-9.-]+(?:/[^\s，。；、）]*)?"
    r"|[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}"
    r"|\d{1,2}:\d{2}(?::\d{2})?"
    r"|\d[\d,.]*\d"
)


def is_cjk(char: str) -> bool:
    """A Chinese character or full-width punctuation mark.

    >>> is_cjk("中"), is_cjk("，"), is_cjk("a"), is_cjk("1")
    (True, True, False, False)
    """
    if len(char) != 1:
        return False
    if char in _CJK_EXTRA:
        return True
    code = ord(char)
    return any(low <= code <= high for low, high in _CJK_RANGES)


def _neighbour(text: str, index: int, step: int) -> str:
    """The nearest non-space character from ``index`` in direction ``step``."""
    index += step
    while 0 <= index < len(text) and text[index] in " \t":
        index += step
    return text[index] if 0 <= index < len(text) else ""


def _paren_pairs(text: str) -> dict[int, int]:
    """Matching half-width parentheses: position of ``(`` ↔ position of ``)``."""
    pairs: dict[int, int] = {}
    stack: list[int] = []
    for index, char in enumerate(text):
        if char == "(":
            stack.append(index)
        elif char == ")" and stack:
            opening = stack.pop()
            pairs[opening] = index
            pairs[index] = opening
    return pairs


def _chinese_context(text: str, index: int, pairs: dict[int, int]) -> bool:
    char = text[index]
    before, after = _neighbour(text, index, -1), _neighbour(text, index, 1)
    if char in "()" and index in pairs:
        start, end = sorted((index, pairs[index]))
        inner = text[start + 1 : end]
        return (
            any(is_cjk(c) for c in inner)
            or is_cjk(_neighbour(text, start, -1))
            or is_cjk(_neighbour(text, end, 1))
        )
    return is_cjk(before) or is_cjk(after)


def fullwidth_punctuation(text: str) -> str:
    """Half-width ``, : ; ? ! ( )`` in Chinese text → full width (rule ``punctuation``).

    Numbers (``1,200`` ``3.5``), times (``9:30``), URLs, e-mail addresses and
    Latin text keep theirs; spaces beside a converted mark are dropped.
    """
    if not any(char in _HALF_TO_FULL or char == "." for char in text):
        return text
    protected = [False] * len(text)
    for match in _PROTECTED.finditer(text):
        for index in range(match.start(), match.end()):
            protected[index] = True
    pairs = _paren_pairs(text)
    out: list[str] = []
    converted: set[int] = set()
    for index, char in enumerate(text):
        if char in _HALF_TO_FULL and not protected[index] and _chinese_context(text, index, pairs):
            out.append(_HALF_TO_FULL[char])
            converted.add(index)
        elif char == "." and not protected[index] and _sentence_stop(text, index, out):
            out.append("。")
            converted.add(index)
        else:
            out.append(char)
    return _drop_spaces(out, converted)


def _sentence_stop(text: str, index: int, done: list[str]) -> bool:
    """A half-width full stop ending a Chinese sentence: after a Chinese character (as
    already converted), before the end, a space, a closing quote or a Chinese character."""
    before = done[-1] if done else ""
    after = text[index + 1] if index + 1 < len(text) else ""
    return (
        bool(before)
        and is_cjk(before)
        and before not in "（〔《“‘【"
        and (not after or after in " ”’）" or is_cjk(after))
        and after != "."
    )


def _drop_spaces(chars: list[str], converted: set[int]) -> str:
    """Spaces right before or after a converted (now full-width) mark go."""
    keep = []
    for index, char in enumerate(chars):
        if char == " " and (
            _touches(chars, index, -1, converted) or _touches(chars, index, 1, converted)
        ):
            continue
        keep.append(char)
    return "".join(keep)


def _touches(chars: list[str], index: int, step: int, converted: set[int]) -> bool:
    while 0 <= index < len(chars) and chars[index] == " ":
        index += step
    return index in converted
