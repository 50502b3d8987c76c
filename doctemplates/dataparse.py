"""Bounded parsing of YAML and JSON, and parser messages worded in Chinese.  有界解析与错误措辞。

The parser half of :mod:`doctemplates.data` (which re-exports
:func:`parse_json_value` and :func:`json_reason`): nesting, integer digits,
YAML alias expansion and lone surrogates are bounded by
:class:`~doctemplates.inputs.Limits` before or while the text is parsed.
"""

from __future__ import annotations

import json
import re
from typing import Any

import yaml

from doctemplates.errors import DataError
from doctemplates.inputs import DEFAULT_LIMITS, LimitError, Limits


class _Loader(yaml.SafeLoader):
    """Safe YAML loader that keeps dates as text.

    PyYAML turns ``2021-02-30`` into a date itself and fails with an English
    ValueError; left as text, the model's date parser reports it in Chinese
    with the field path.
    """


#: The event scan (:func:`scan_yaml`) uses libyaml's parser when PyYAML has it (fast).
EventLoader: type[Any] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

_Loader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


#: libyaml's and PyYAML's problem texts → Chinese (what the writer should change).
_YAML_REASONS = (
    (
        r"mapping values are not allowed",
        "这里不能出现「: 」：可能是这一行或上一行的缩进不对，或文字中含有「: 」（含冒号的文字请加引号）",
    ),
    (r"did not find expected key|expected <block end>", "缩进不一致：同一层的键要左对齐"),
    (
        r"did not find expected '-' indicator",
        "列表项的缩进不一致：同一列表的各项以「- 」开头并左对齐",
    ),
    (r"found unexpected end of stream", "文件意外结束：有引号或括号没有闭合"),
    (
        r"expected ',' or '\]'|did not find expected ',' or '\]'",
        "方括号列表 [ ] 没有闭合，或各项之间缺少逗号",
    ),
    (
        r"expected ',' or '\}'|did not find expected ',' or '\}'",
        "花括号 { } 没有闭合，或各项之间缺少逗号",
    ),
    (r"could not find expected ':'", "缺少「: 」：键和值之间要有冒号和一个空格"),
    (r"found undefined alias", "引用了没有定义的锚点（*名称 之前要有 &名称）"),
    (r"found duplicate anchor", "锚点名称重复"),
    (r"Unicode character escape", "双引号中的 \\u 转义无效（不能是单独的代理字符，如 \\ud800）"),
    (
        r"unknown escape character",
        "双引号中的反斜杠转义无效：Windows 路径请用单引号，或把 \\ 写成 \\\\",
    ),
    (r"document start", "数据结束后还有多余的内容（可能多了一个括号）"),
    (r"did not find expected node content|expected the node content", "这里缺少值"),
    (
        r"control characters are not allowed|special characters are not allowed",
        "含有不允许的控制字符",
    ),
    (r"could not determine a constructor", "不支持以 ! 开头的 YAML 标签"),
    (r"found unhashable key", "键不能是列表或映射"),
    (r"expected a mapping", "「<<」合并的应是映射"),
)


def yaml_error_mark(exc: yaml.MarkedYAMLError) -> Any:
    """Where the writer should look: the start of an unclosed quote or bracket, else the problem."""
    context = str(exc.context or "")
    if exc.context_mark is not None and (
        "quoted scalar" in context or "flow" in context or "simple key" in context
    ):
        return exc.context_mark
    return exc.problem_mark or exc.context_mark


def yaml_reason(exc: yaml.YAMLError, text: str) -> str:
    problem = str(getattr(exc, "problem", None) or exc)
    mark = getattr(exc, "problem_mark", None)
    if "cannot start any token" in problem or "tab character" in problem:
        char = text[mark.index] if mark is not None and mark.index < len(text) else ""
        if char == "\t":
            return "用了 Tab 键缩进或分隔：YAML 只能用空格"
        return (
            f"「{char}」不能这样开头：以 @、`、%、* 等开头的文字请加引号"
            if char
            else "有不能这样开头的字符"
        )
    return next(
        (zh for pattern, zh in _YAML_REASONS if re.search(pattern, problem)),
        "无法识别的写法（请对照示例检查缩进、冒号和引号）",
    )


_JSON_REASONS = (
    ("Expecting value", "这里缺少值（或多了一个逗号）"),
    ("Expecting ',' delimiter", "缺少逗号（或括号没有闭合）"),
    ("Expecting ':' delimiter", "键后面缺少冒号"),
    (
        "Expecting property name enclosed in double quotes",
        "键应写在双引号中（或最后一项后多了逗号）",
    ),
    ("Unterminated string", "引号没有闭合"),
    ("Invalid control character", "字符串中有控制字符（如直接换行），换行请写作 \\n"),
    ("Invalid \\uXXXX escape", "\\u 转义无效（应为 \\u 加四位十六进制数）"),
    ("Invalid \\escape", "反斜杠转义无效：Windows 路径中的 \\ 要写成 \\\\"),
    ("Extra data", "数据结束后还有多余的内容"),
    ("Illegal trailing comma", "最后一项后面多了逗号"),
)


def json_reason(message: str) -> str:
    """A :class:`json.JSONDecodeError` message (``msg``) in Chinese.

    >>> json_reason("Expecting ',' delimiter")
    '缺少逗号（或括号没有闭合）'
    """
    return next(
        (zh for prefix, zh in _JSON_REASONS if message.startswith(prefix)),
        "无法识别的写法（请检查引号、逗号和括号）",
    )


def too_deep(limits: Limits) -> str:
    return f"嵌套超过 {limits.depth} 层（上限，见 --limit depth）"


def _too_long(digits: int, limits: Limits) -> str:
    return f"整数有 {digits} 位，超过上限 {limits.int_digits} 位（见 --limit int-digits）"


def parse_json_value(text: str, name: str, *, limits: Limits = DEFAULT_LIMITS) -> Any:
    """``json.loads`` with bounded integers, depth and size; no lone surrogates.

    Raises :class:`json.JSONDecodeError` for syntax errors (the caller words
    them with its own location) and :class:`DataError` for the bounds.
    """
    try:
        data = json.loads(text, parse_int=_bounded_int(name, limits))
    except RecursionError as exc:
        raise LimitError(f"{name} {too_deep(limits)}") from exc
    check_tree(data, name, limits)
    return data


def _bounded_int(name: str, limits: Limits) -> Any:
    def bounded_int(literal: str) -> int:
        digits = len(literal.lstrip("-"))
        if digits > limits.int_digits:
            raise LimitError(f"{name} {_too_long(digits, limits)}")
        return int(literal)

    return bounded_int


def check_tree(data: Any, name: str, limits: Limits) -> None:
    """Depth, size and text of parsed data, walked without recursion.

    A lone surrogate (``"\\ud800"`` in JSON) is no text: refused here, with
    its path, instead of failing later when a file or a message is written.
    """
    stack: list[tuple[Any, int, str]] = [(data, 1, "")]
    count = 0
    while stack:
        value, depth, path = stack.pop()
        count += 1
        if count > limits.nodes:
            raise LimitError(f"{name} 含有超过 {limits.nodes} 个值（上限，见 --limit nodes）")
        if isinstance(value, str):
            if _SURROGATE.search(value):
                raise DataError(
                    f"{name} 中的文本含有单独的代理字符（不是有效的 Unicode）", field=path or None
                )
        elif isinstance(value, dict | list):
            if depth > limits.depth:
                raise LimitError(f"{name} {too_deep(limits)}", field=path or None)
            if isinstance(value, dict):
                for key, child in value.items():
                    key_text = str(key)
                    if _SURROGATE.search(key_text):
                        raise DataError(f"{name} 中的键含有单独的代理字符（不是有效的 Unicode）")
                    stack.append((child, depth + 1, f"{path}.{key_text}" if path else key_text))
            else:
                stack.extend((child, depth + 1, f"{path}[{i}]") for i, child in enumerate(value))


_SURROGATE = re.compile("[\ud800-\udfff]")


def _line(event: yaml.Event) -> int:
    """The line (1-based) an event starts on; 0 when the parser did not say."""
    return event.start_mark.line + 1 if event.start_mark else 0


def scan_yaml(text: str, name: str, limits: Limits) -> None:
    """Bound depth and expanded size from the event stream, before anything is built.

    PyYAML's composer recurses once per level, and aliases let a few lines
    stand for billions of values ("billion laughs"): both are measured on the
    parser's events, which come without recursion.
    """
    depth = count = 0
    anchors: dict[str, int] = {}
    open_nodes: list[tuple[str | None, int]] = []
    for event in yaml.parse(text, Loader=EventLoader):
        if isinstance(event, yaml.CollectionStartEvent):
            depth += 1
            if depth > limits.depth:
                raise LimitError(f"{name} 第 {_line(event)} 行{too_deep(limits)}")
            open_nodes.append((event.anchor, count))
            count += 1
        elif isinstance(event, yaml.CollectionEndEvent):
            depth -= 1
            anchor, before = open_nodes.pop()
            if anchor:
                anchors[anchor] = count - before
        elif isinstance(event, yaml.ScalarEvent):
            count += 1
            if event.anchor:
                anchors[event.anchor] = 1
        elif isinstance(event, yaml.AliasEvent):
            count += anchors.get(event.anchor or "", 1)
        if count > limits.nodes:
            line = _line(event)
            raise LimitError(
                f"{name} 第 {line} 行：展开后超过 {limits.nodes} 个值（上限，见 --limit nodes；可能是 YAML 别名炸弹）"
            )


def yaml_loader(name: str, limits: Limits) -> type[_Loader]:
    """The safe loader with integers bounded by ``limits.int_digits``."""

    class Bounded(_Loader):
        def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> Any:
            """A key written twice is an error (YAML would silently keep the last)."""
            seen: dict[str, Any] = {}
            for key_node, _value in node.value:
                key = str(key_node.value)
                if key_node.tag.endswith(":merge"):
                    continue
                if key in seen:
                    first, mark = seen[key], key_node.start_mark
                    raise DataError(
                        f"{name} 第 {mark.line + 1} 行第 {mark.column + 1} 列：键「{key}」重复"
                        f"（第 {first.line + 1} 行已有）；请删去其中一个"
                    )
                seen[key] = key_node.start_mark
            return super().construct_mapping(node, deep=deep)

    def construct_int(loader: yaml.SafeLoader, node: yaml.ScalarNode) -> Any:
        digits = sum(ch.isalnum() for ch in str(node.value))
        if digits > limits.int_digits:
            line = node.start_mark.line + 1
            raise LimitError(f"{name} 第 {line} 行：{_too_long(digits, limits)}")
        return yaml.SafeLoader.construct_yaml_int(loader, node)

    Bounded.add_constructor("tag:yaml.org,2002:int", construct_int)
    return Bounded
