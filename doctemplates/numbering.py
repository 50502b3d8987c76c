"""Chinese numerals and GB/T 9704 structure numbering.  中文数字与结构层次序数。

GB/T 9704-2012 §7.3.3 numbers the levels of a document's body as
``一、`` → ``（一）`` → ``1.`` → ``（1）``.  Numbers are always computed from the
position of a section in the tree, never stored, so inserting a section
renumbers everything after it.

>>> cn_number(110)
'一百一十'
>>> cn_year(2020)
'二〇二〇'
>>> [label(level, 11) for level in (1, 2, 3, 4)]
['十一、', '（十一）', '11.', '（11）']
>>> tree = [{"heading": "指导思想", "paragraphs": ["坚持……"]},
...         {"heading": "工作措施", "children": [
...             {"heading": "强化组织领导", "run_in": True, "paragraphs": ["为了做好……"]}]}]
>>> for item in number_sections(tree):
...     print(item.kind, item.path, item.full_heading + item.text)
heading body[0] 一、指导思想
paragraph body[0].paragraphs[0] 坚持……
heading body[1] 二、工作措施
runin body[1].children[0] （一）强化组织领导。为了做好……
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Literal

from doctemplates.errors import NumberingError

__all__ = [
    "MAX_CN_NUMBER",
    "MAX_LEVEL",
    "NumberedParagraph",
    "cn_number",
    "cn_year",
    "label",
    "number_sections",
    "split_label",
]

MAX_CN_NUMBER = 99_999
"""Largest number :func:`cn_number` writes.  可转换的最大数。"""

MAX_LEVEL = 4
"""GB/T 9704 defines four structure levels.  结构层次最多四级。"""

# cn2an writes 零 for a zero digit; years are written digit by digit with 〇 (U+3007).
_YEAR_DIGITS = "〇一二三四五六七八九"
_CN_DIGITS = "零一二三四五六七八九"
_CN_UNITS = ("", "十", "百", "千", "万")

_RUN_IN_END = ("。", "！", "？")

Kind = Literal["heading", "paragraph", "runin", "block"]

# A structure number typed in front of a heading (手工输入的序号), in every form users
# type: 一、 一. （一） (一) 1. 1． 1、 1） （1） (1), full-width digits, numbers above ten.
_CN = "一二三四五六七八九十百零〇"
_DIGIT = "0-9０-９"
_TYPED_LABEL = re.compile(
    rf"(?P<core>[（(][ 　]*(?:[{_CN}]{{1,5}}|[{_DIGIT}]{{1,3}})[ 　]*[)）][、.．]?"
    rf"|[{_CN}]{{1,5}}(?P<cn_sep>[、.．])"
    rf"|[{_DIGIT}]{{1,3}}(?P<sep>[、.．)）]))[ 　\t]*"
)
_DIGITS = "0123456789０１２３４５６７８９"
_NEXT_CN = re.compile(rf"[{_CN}]+")
_NEXT_DIGITS = re.compile(rf"[{_DIGIT}]+")
# What follows the second number of a list such as 一、二季度 / 三、四月份 / 1、2月: a unit
# of time or a counter.  一、十字路口改造 and 1、5G基站建设 are labels before a heading.
_LIST_UNITS = "季月年日号周旬项个次批期届级类"


def _check_int(value: object, what: str) -> int:
    """Return ``value`` if it is a real ``int`` (not ``bool``), else raise."""
    if isinstance(value, bool) or not isinstance(value, int):
        raise NumberingError(f"{what}应为整数，而不是 {value!r}（{type(value).__name__}）")
    return value


def cn_number(n: int) -> str:
    """Write ``n`` (0–99999) in Chinese numerals.  中文小写数字。

    >>> [cn_number(n) for n in (0, 10, 11, 20, 101, 1001)]
    ['零', '十', '十一', '二十', '一百零一', '一千零一']
    >>> cn_number(99999)
    '九万九千九百九十九'
    >>> cn_number(100000)
    Traceback (most recent call last):
    ...
    doctemplates.errors.NumberingError: 数字 100000 超出范围，应在 0 至 99999 之间
    """
    _check_int(n, "数字")
    if not 0 <= n <= MAX_CN_NUMBER:
        raise NumberingError(f"数字 {n} 超出范围，应在 0 至 {MAX_CN_NUMBER} 之间")
    return _small_cn(n)


def _small_cn(n: int) -> str:
    """``cn2an.an2cn(n, "low")`` for 0 ≤ n ≤ 99999, by hand: importing cn2an builds all
    its patterns and takes 0.3 s, more than a one-document render may take (issue 20 §3);
    tests/test_numbering.py compares the two on the whole range.

    >>> [_small_cn(n) for n in (0, 7, 10, 15, 110, 1010, 10001, 20300)]
    ['零', '七', '十', '十五', '一百一十', '一千零一十', '一万零一', '二万零三百']
    """
    if n == 0:
        return _CN_DIGITS[0]
    digits = str(n)
    out: list[str] = []
    zero = False  # a zero digit waiting for a non-zero one after it
    for place, digit in zip(range(len(digits) - 1, -1, -1), map(int, digits), strict=True):
        if digit == 0:
            zero = True
            continue
        if zero and out:
            out.append(_CN_DIGITS[0])
        zero = False
        out.append(_CN_DIGITS[digit] + _CN_UNITS[place])
    text = "".join(out)
    return text[1:] if 10 <= n < 20 else text  # 十五, not 一十五


def cn_year(year: int) -> str:
    """Write a year digit by digit with 〇.  年份的中文写法。

    Written by hand: cn2an's ``direct`` mode writes 零, not the 〇 used in dates.

    >>> cn_year(2020), cn_year(1999)
    ('二〇二〇', '一九九九')
    """
    _check_int(year, "年份")
    if not 1 <= year <= 9999:
        raise NumberingError(f"年份 {year} 超出范围，应在 1 至 9999 之间")
    return "".join(_YEAR_DIGITS[int(digit)] for digit in str(year))


def label(level: int, n: int) -> str:
    """The structure number of the ``n``-th section at ``level``.  层次序数。

    >>> label(1, 1), label(2, 10), label(3, 21), label(4, 2)
    ('一、', '（十）', '21.', '（2）')
    >>> label(5, 1)
    Traceback (most recent call last):
    ...
    doctemplates.errors.NumberingError: 层次 5 无效，应为 1 至 4（一、（一）1.（1））
    """
    _check_int(level, "层次")
    _check_int(n, "序号")
    if not 1 <= level <= MAX_LEVEL:
        raise NumberingError(f"层次 {level} 无效，应为 1 至 {MAX_LEVEL}（一、（一）1.（1））")
    if n < 1:
        raise NumberingError(f"序号 {n} 无效，应从 1 开始")
    if level == 1:
        return f"{cn_number(n)}、"
    if level == 2:
        return f"（{cn_number(n)}）"
    if level == 3:
        return f"{n}."
    return f"（{n}）"


def split_label(text: str) -> tuple[str, str]:
    """Split a structure number typed in front of a heading off it.  分离手工输入的序号。

    Returns ``(label, rest)``; ``label`` is ``""`` when ``text`` does not start
    with one.  The engine numbers headings itself (:func:`number_sections`), so
    a typed number would be doubled (``一、一、标题``); the model drops it and says so.

    Text that starts with a number that is not a label is kept whole: a decimal
    (``1.5倍``), a year or a name (``2026年工作要点``, ``5G基站建设``) and a list of
    numbers (``一、二季度``, ``1、2月份``: the 、 joins two numbers).

    >>> split_label("一、总体要求")
    ('一、', '总体要求')
    >>> split_label("（十一）学习到位")
    ('（十一）', '学习到位')
    >>> split_label("１．强化组织领导。为了……")
    ('１．', '强化组织领导。为了……')
    >>> split_label("(3) 细化措施")
    ('(3) ', '细化措施')
    >>> [split_label(t)[0] for t in ("2026年工作要点", "5G基站建设", "1.5倍", "一、二季度")]
    ['', '', '', '']
    >>> split_label("一、2026年工作要点")
    ('一、', '2026年工作要点')
    """
    match = _TYPED_LABEL.match(text)
    if match is None:
        return "", text
    rest = text[match.end() :]
    spaced = match.end() > match.end("core")
    if not spaced and _number_goes_on(match, rest):
        return "", text
    return match.group(0), rest


def _number_goes_on(match: re.Match[str], rest: str) -> bool:
    """Whether the text right after the separator continues a number, not a heading.

    ``1.5倍`` (a decimal), ``一、二季度`` / ``1、2月`` (a 、 between two small numbers
    of one kind, the second larger, then a unit or the end: a list).  ``一、2026年``,
    ``1、2026年``, ``一、十字路口改造``, ``一、百年大计`` and ``1、5G基站建设`` are labels.

    >>> [_number_goes_on(_TYPED_LABEL.match(t), t[2:]) for t in ("一、二季度", "一、十字路口")]
    [True, False]
    """
    if match["sep"] in (".", "．"):
        return rest[:1] in _DIGITS
    if match["cn_sep"] == "、":
        first, following = match.group(0)[:-1], _NEXT_CN.match(rest)
        if following is None or len(following[0]) > 2 or "〇" in following[0]:
            return False
        return _is_list(_cn_value(first), _cn_value(following[0]), rest[following.end() :])
    if match["sep"] == "、":
        first, following = match.group(0)[:-1], _NEXT_DIGITS.match(rest)
        if following is None or len(following[0]) > 2:
            return False
        value = int(following[0].translate(_FULL_DIGITS))
        return _is_list(int(first.translate(_FULL_DIGITS)), value, rest[following.end() :])
    return False


_FULL_DIGITS = str.maketrans("０１２３４５６７８９", "0123456789")


def _cn_value(text: str) -> int | None:
    import cn2an  # only for typed Chinese numbers: the import takes 0.3 s

    try:
        value = cn2an.cn2an(text, "strict")
    except (ValueError, KeyError):
        return None
    return int(value)


def _is_list(first: int | None, second: int | None, after: str) -> bool:
    """``first、second`` then a unit (or nothing): two numbers of a list, not a label."""
    if first is None or second is None or second <= first:
        return False
    return not after or after[0] in _LIST_UNITS


@dataclass(frozen=True, slots=True)
class NumberedParagraph:
    """One output paragraph of a numbered section tree.  编号后的段落。

    ``kind`` is ``"heading"`` (a numbered heading on its own line),
    ``"runin"`` (a numbered heading followed by text in the same paragraph,
    e.g. ``1.强化组织领导。为了做好……``) or ``"paragraph"`` (plain text, no
    label).  ``path`` names the input node, e.g. ``body[1].children[0]``.

    >>> NumberedParagraph("heading", 1, "一、", "指导思想", "", "body[0]").full_heading
    '一、指导思想'
    """

    kind: Kind
    level: int
    label: str
    heading: str
    text: str
    path: str
    block: object | None = None  # 表格或图片（kind == "block"）

    @property
    def full_heading(self) -> str:
        """Label and heading together (empty for plain paragraphs).  带序数的标题。"""
        return self.label + self.heading


def _field(node: object, name: str, default: Any) -> Any:
    """Read ``name`` from a dict or an object; ``None`` counts as missing."""
    value = node.get(name) if isinstance(node, Mapping) else getattr(node, name, None)
    return default if value is None else value


def _heading(node: object, path: str) -> str | None:
    heading = _field(node, "heading", None)
    if heading is None:
        return None
    if not isinstance(heading, str):
        raise NumberingError(
            f"标题应为文字，而不是 {type(heading).__name__}", field=f"{path}.heading"
        )
    return heading.strip() or None


def _list(node: object, name: str, path: str) -> list[Any]:
    value = _field(node, name, [])
    if isinstance(value, str | bytes) or not isinstance(value, Sequence):
        raise NumberingError(f"应为列表，而不是 {type(value).__name__}", field=f"{path}.{name}")
    return list(value)


def _is_block(item: object) -> bool:
    """A table (``rows``) or a picture (``image``) among a section's paragraphs."""
    keys = ("rows", "image")
    if isinstance(item, Mapping):
        return any(key in item for key in keys)
    return any(getattr(item, key, None) is not None for key in keys)


def _paragraphs(node: object, path: str) -> list[Any]:
    paragraphs = _list(node, "paragraphs", path)
    for i, text in enumerate(paragraphs):
        if not (isinstance(text, str) or _is_block(text)):
            raise NumberingError(
                f"段落应为文字、表格或图片，而不是 {type(text).__name__}",
                field=f"{path}.paragraphs[{i}]",
            )
    return paragraphs


def _plain(item: object, level: int, path: str) -> NumberedParagraph:
    if isinstance(item, str):
        return NumberedParagraph("paragraph", level, "", "", item, path)
    return NumberedParagraph("block", level, "", "", "", path, item)


def _run_in_heading(heading: str) -> str:
    """A run-in heading ends with a full stop.  段内标题以句号结尾。"""
    return heading if heading.endswith(_RUN_IN_END) else heading + "。"


def _node_items(node: object, level: int, number: int, path: str) -> Iterator[NumberedParagraph]:
    """Items of one node (not its children); ``number`` is 0 for an unnumbered group."""
    heading = _heading(node, path)
    paragraphs = _paragraphs(node, path)
    plain = [_plain(item, level, f"{path}.paragraphs[{i}]") for i, item in enumerate(paragraphs)]
    if heading is None:
        yield from plain
    elif _field(node, "run_in", False):
        first = paragraphs[0] if paragraphs and isinstance(paragraphs[0], str) else ""
        yield NumberedParagraph(
            "runin", level, label(level, number), _run_in_heading(heading), first, path
        )
        yield from plain[1:] if paragraphs and isinstance(paragraphs[0], str) else plain
    else:
        yield NumberedParagraph("heading", level, label(level, number), heading, "", path)
        yield from plain


def _walk(nodes: Sequence[object], level: int, path: str) -> Iterator[NumberedParagraph]:
    number = 0
    for i, node in enumerate(nodes):
        node_path = f"{path}[{i}]"
        numbered = _heading(node, node_path) is not None
        if numbered and level > MAX_LEVEL:
            raise NumberingError("层次超过四级（一、（一）1.（1）），无法编号", field=node_path)
        if numbered and _field(node, "restart", False):
            number = 0  # 重新编号：a second run of （一）（二） under the same parent
        if numbered:
            number += 1
        yield from _node_items(node, level, number, node_path)
        yield from _walk(_list(node, "children", node_path), level + 1, f"{node_path}.children")


def number_sections(sections: Sequence[object], *, path: str = "body") -> list[NumberedParagraph]:
    """Number a section tree and flatten it.  为结构层次编号并展开为段落。

    Each node is a dict or an object with ``heading`` (``None`` or blank for an
    unnumbered group of paragraphs), ``paragraphs``, ``children``, ``run_in``
    and ``restart``.  Top-level nodes are level 1.  Only nodes with a heading
    take a number; a node with a heading deeper than level 4 is refused.

    Two shapes real documents need (see README, “层次序数”):

    * **skipping a level** — an unnumbered node's children are one level
      deeper, so ``一、`` followed directly by ``1.`` is a node whose child is
      a headless group holding the ``1.`` points;
    * **restarting** — ``restart`` makes a node count from 1 again (a second
      run of ``（一）（二）`` under the same parent, after a plain paragraph).

    >>> skip = [{"heading": "总体要求", "children": [{"children": [{"heading": "目标"}]}]}]
    >>> [item.full_heading for item in number_sections(skip)]
    ['一、总体要求', '1.目标']
    >>> again = [{"heading": "任务", "children": [{"heading": "甲"}, {"paragraphs": ["……"]},
    ...                                        {"heading": "乙", "restart": True}]}]
    >>> [item.full_heading or item.text for item in number_sections(again)]
    ['一、任务', '（一）甲', '……', '（一）乙']

    >>> items = number_sections([{"paragraphs": ["前言"]}, {"heading": "总则"}])
    >>> [(item.kind, item.full_heading or item.text) for item in items]
    [('paragraph', '前言'), ('heading', '一、总则')]
    """
    if isinstance(sections, str | bytes) or not isinstance(sections, Sequence):
        raise NumberingError(f"应为列表，而不是 {type(sections).__name__}", field=path)
    return list(_walk(sections, 1, path))
