"""Reading user data files (YAML / JSON).  读取数据文件。

Errors name the file and the line and column: syntax errors from the parser's
mark, validation errors by finding the field path in the file again
(:meth:`DataFile.explain`: ``通知.yaml：第 12 行第 9 列，body 第 3 项的 heading：
不能为空``).  Parser messages are worded in Chinese, never quoted in English.
Sizes, nesting, integer digits and YAML alias expansion are bounded
(:class:`~doctemplates.inputs.Limits`): hostile data gets a Chinese sentence,
never a ``RecursionError`` or ``MemoryError``.
"""

from __future__ import annotations

import base64
import binascii
import contextlib
import json
import re
import sys
from collections.abc import Iterator
from contextvars import ContextVar
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from doctemplates.access import (
    FileAccessError,
    check_file_access,
    file_access,
    file_access_allowed,
    set_file_access,
)
from doctemplates.errors import DataError
from doctemplates.inputs import DEFAULT_LIMITS, LimitError, Limits, human_bytes, read_regular

__all__ = [
    "KIND_KEY",
    "DataFile",
    "FileAccessError",
    "check_file_access",
    "data_dir",
    "decode_data_uri",
    "file_access",
    "file_access_allowed",
    "is_data_uri",
    "json_reason",
    "load_data",
    "people_path",
    "read_data",
    "parse_data",
    "parse_json_value",
    "resolve_path",
    "set_file_access",
]

#: Optional top-level key naming the kind a data file is for (samples use it).
KIND_KEY = "kind"
_SUFFIXES = {".yaml": "yaml", ".yml": "yaml", ".json": "json"}


class _Loader(yaml.SafeLoader):
    """Safe YAML loader that keeps dates as text.

    PyYAML turns ``2021-02-30`` into a date itself and fails with an English
    ValueError; left as text, the model's date parser reports it in Chinese
    with the field path.
    """


#: The event scan (:func:`_scan_yaml`) uses libyaml's parser when PyYAML has it (fast).
_EventLoader: type[Any] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

_Loader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


@dataclass(frozen=True)
class DataFile:
    """A parsed data file kept with its text, to point at lines again.  数据文件。"""

    data: dict[str, Any]
    name: str  # 文件名（或“标准输入”）
    text: str
    fmt: str  # yaml / json

    def position(self, path: str) -> tuple[int, int] | None:
        """(line, column) from 1 of a field path (``body[2].heading``) in the file.

        The deepest part of the path found counts (a missing field points at
        its parent); None when not even the first part is in the file.

        >>> DataFile({}, "x.yaml", "title: a\\nbody:\\n  - heading: b\\n", "yaml").position("body[0].heading")
        (3, 14)
        >>> DataFile({}, "x.json", '{"a": 1,\\n "body": [{"h": 2}]}', "json").position("body[0].h")
        (2, 17)
        """
        parts = _path_parts(path)
        if not parts:
            return None
        with contextlib.suppress(Exception):  # positions are a help: never an error of their own
            if self.fmt == "json":
                index = _json_index(self.text, parts)
                if index is not None:
                    line = self.text.count("\n", 0, index) + 1
                    return line, index - self.text.rfind("\n", 0, index)
                return None
            mark = _yaml_mark(self.text, parts)
            if mark is not None:
                return mark.line + 1, mark.column + 1
        return None

    def explain(self, error: DataError) -> DataError:
        """``error`` with each field path located in the file and written for people.

        ``signature.date: 日期无效`` becomes ``x.yaml：第 9 行第 9 列，signature.date：
        日期无效``; list items are counted from 1 (``body 第 3 项的 heading``).
        """
        problems = _problems(error)
        if not problems:
            return error
        parts = []
        for path, reason in problems:
            where = self.position(path) if path else None
            place = f"第 {where[0]} 行第 {where[1]} 列，" if where else ""
            parts.append(f"{place}{people_path(path)}：{reason}" if path else f"{place}{reason}")
        text = f"{self.name}：" + "；".join(parts).rstrip("。") + "。"
        explained = type(error)(text, row=error.row)
        explained.__cause__ = error
        return explained


def _problems(error: DataError) -> list[tuple[str | None, str]]:
    """(path, reason) of each problem a validation message lists (see ``model.validate``):
    the first is ``error.field``'s, the next ones start with ``path: ``."""
    if not error.field:
        return []
    first, *rest = error.message.rstrip("。").split("；")
    problems: list[tuple[str | None, str]] = [(error.field, first)]
    for piece in rest:
        match = _PATH_REASON.fullmatch(piece)
        if match:
            problems.append((match[1], match[2]))
        else:
            path, reason = problems[-1]
            problems[-1] = (path, f"{reason}；{piece}")
    return problems


_PATH = r"[A-Za-z_][A-Za-z0-9_]*(?:\[\d+\]|\.[A-Za-z_][A-Za-z0-9_]*)*"
_PATH_REASON = re.compile(rf"({_PATH}): (.*)", re.DOTALL)


def _path_parts(path: str) -> list[str | int]:
    """``body[2].heading`` → ``["body", 2, "heading"]``."""
    return [
        int(index) if index else name for name, index in re.findall(r"([^.\[\]]+)|\[(\d+)\]", path)
    ]


def people_path(path: str | None) -> str:
    """A field path as people count: ``body[2].heading`` → ``body 第 3 项的 heading``.

    >>> people_path("body[2].children[0].heading")
    'body 第 3 项的 children 第 1 项的 heading'
    >>> people_path("signature.date")
    'signature.date'
    """
    if not path:
        return ""
    text = re.sub(r"\[(\d+)\]", lambda m: f" 第 {int(m[1]) + 1} 项", path)
    return re.sub(r"(第 \d+ 项)\.", r"\1的 ", text)


def _yaml_mark(text: str, parts: list[str | int]) -> Any:
    """The mark of the deepest node of ``parts`` found in the YAML node tree."""
    node = yaml.compose(text, Loader=_EventLoader)
    found = None
    for part in parts:
        child = None
        if isinstance(node, yaml.MappingNode):
            child = next((value for key, value in node.value if str(key.value) == str(part)), None)
        elif isinstance(node, yaml.SequenceNode) and isinstance(part, int):
            child = node.value[part] if part < len(node.value) else None
        if child is None:
            break
        node = found = child
    return found.start_mark if found is not None else None


_JSON_SPACE = re.compile(r"[ \t\n\r]*")


def _json_index(text: str, parts: list[str | int]) -> int | None:
    """Where the deepest value of ``parts`` starts in a JSON text.

    Hand-written over the standard library's own scanner (``scanstring``,
    ``raw_decode``): :mod:`json` keeps no positions, and the one package that
    maps JSON pointers to lines (json-source-map) is unmaintained since 2022.
    Only the values on the path are walked into; the others are skipped.
    """
    decoder = json.JSONDecoder()
    index = _JSON_SPACE.match(text, 0).end()  # type: ignore[union-attr]
    found = None
    for part in parts:
        opening = text[index : index + 1]
        if opening == "{" and isinstance(part, str):
            located = _json_member(text, index, part, decoder)
        elif opening == "[" and isinstance(part, int):
            located = _json_item(text, index, part, decoder)
        else:
            located = None
        if located is None:
            break
        index = found = located
    return found


def _skip(text: str, index: int) -> int:
    return _JSON_SPACE.match(text, index).end()  # type: ignore[union-attr]


def _json_member(text: str, index: int, key: str, decoder: json.JSONDecoder) -> int | None:
    index = _skip(text, index + 1)
    while text[index : index + 1] == '"':
        name, index = json.decoder.scanstring(text, index + 1)  # type: ignore[attr-defined]
        index = _skip(text, _skip(text, index) + 1)  # the ':'
        if name == key:
            return index
        index = _skip(text, decoder.raw_decode(text, index)[1])
        if text[index : index + 1] != ",":
            return None
        index = _skip(text, index + 1)
    return None


def _json_item(text: str, index: int, wanted: int, decoder: json.JSONDecoder) -> int | None:
    index = _skip(text, index + 1)
    for _ in range(wanted):
        index = _skip(text, decoder.raw_decode(text, index)[1])
        if text[index : index + 1] != ",":
            return None
        index = _skip(text, index + 1)
    return index if text[index : index + 1] not in ("]", "") else None


def load_data(source: str | Path, *, limits: Limits = DEFAULT_LIMITS) -> dict[str, Any]:
    """Read a .yaml/.yml/.json file, or standard input for ``-`` (YAML or JSON).

    Only a regular file of at most ``limits.data_bytes`` is read (a FIFO or a
    symlink to a device is refused before reading); nesting, the number of
    values (YAML aliases expanded) and integer digits are bounded too.
    """
    return read_data(source, limits=limits).data


def read_data(source: str | Path, *, limits: Limits = DEFAULT_LIMITS) -> DataFile:
    """Like :func:`load_data`, keeping the text so that errors can name lines (:class:`DataFile`)."""
    if str(source) == "-":
        raw = sys.stdin.buffer.read(limits.data_bytes + 1)
        if len(raw) > limits.data_bytes:
            raise LimitError(f"标准输入超过数据大小上限 {human_bytes(limits.data_bytes)}")
        text = _decode(raw, "标准输入")
        shape = "json" if text.lstrip().startswith("{") else "yaml"  # for locating fields
        return DataFile(
            parse_data(text, "yaml", "标准输入", limits=limits), "标准输入", text, shape
        )
    path = Path(source)
    fmt = _SUFFIXES.get(path.suffix.lower())
    if fmt is None:
        raise DataError(
            f"不支持的数据文件类型：{path.name}（数据文件应以 .yaml、.yml 或 .json 结尾）"
        )
    raw = read_regular(path, limits.data_bytes, "数据文件")
    text = _decode(raw, f"数据文件 {path}")
    return DataFile(parse_data(text, fmt, str(path), limits=limits), str(path), text, fmt)


def _decode(raw: bytes, name: str) -> str:
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise DataError(f"{name} 不是 UTF-8 编码（第 {line} 行第 {exc.start + 1} 字节）") from exc


def parse_data(
    text: str, fmt: str, name: str, *, limits: Limits = DEFAULT_LIMITS
) -> dict[str, Any]:
    """Parse YAML or JSON text into a mapping; errors give line and column, in Chinese.

    >>> parse_data('{"a": [[[1]]]}', "json", "x.json", limits=Limits(depth=2))
    Traceback (most recent call last):
    ...
    doctemplates.inputs.LimitError: a[0]: x.json 嵌套超过 2 层（上限，见 --limit depth）
    >>> parse_data("title: 关于: 通知\\n", "yaml", "x.yaml")
    Traceback (most recent call last):
    ...
    doctemplates.errors.DataError: x.yaml 第 1 行第 10 列：YAML 格式错误：这里不能出现「: 」...
    """
    if not text.strip() or (fmt == "yaml" and _only_comments(text)):
        raise DataError(f"{name} 是空的，没有任何数据；请按 doctemplates schema 文种 的说明填写")
    try:
        if fmt == "json":
            data = parse_json_value(text, name, limits=limits)
        else:
            _scan_yaml(text, name, limits)
            data = yaml.load(text, Loader=_loader(name, limits))  # noqa: S506 - SafeLoader subclass
            _check_tree(data, name, limits)
    except json.JSONDecodeError as exc:
        raise DataError(
            f"{name} 第 {exc.lineno} 行第 {exc.colno} 列：JSON 格式错误：{json_reason(exc.msg)}"
        ) from exc
    except yaml.MarkedYAMLError as exc:
        trap = _alias_trap(exc, text)
        if trap:
            raise DataError(f"{name} {trap}") from exc
        mark = _yaml_error_mark(exc)
        where = f" 第 {mark.line + 1} 行第 {mark.column + 1} 列" if mark else ""
        if "nesting depth" in str(exc.problem):  # libyaml's own bound (1000)
            raise LimitError(f"{name}{where}：{_too_deep(limits)}") from exc
        reason = _yaml_reason(exc, text)
        raise DataError(f"{name}{where}：YAML 格式错误：{reason}") from exc
    except yaml.YAMLError as exc:
        raise DataError(f"{name}：YAML 格式错误：{_yaml_reason(exc, text)}") from exc
    except RecursionError as exc:
        raise LimitError(f"{name} {_too_deep(limits)}") from exc
    if data is None:
        raise DataError(f"{name} 是空的，没有任何数据；请按 doctemplates schema 文种 的说明填写")
    if not isinstance(data, dict):
        shape = "列表" if isinstance(data, list) else f"单个值（{_shown(data)}）"
        raise DataError(
            f"{name} 的顶层应为「键: 值」的映射（如 title: 关于……的通知），实际是{shape}"
        )
    return data


def _alias_trap(exc: yaml.MarkedYAMLError, text: str) -> str | None:
    """An unquoted value starting with ``*`` or ``&`` (``*镇市科技局``): YAML reads an alias/anchor."""
    scanning = exc.context in ("while scanning an alias", "while scanning an anchor")
    undefined = (exc.problem or "").startswith("found undefined alias")
    mark = exc.context_mark if scanning else exc.problem_mark
    if not (scanning or undefined) or mark is None:
        return None
    line = text.splitlines()[mark.line] if mark.line < len(text.splitlines()) else ""
    value = line[mark.column :].strip()
    char = value[:1] or "*"
    role = "别名（alias）" if char == "*" else "锚点（anchor）"
    return (
        f"第 {mark.line + 1} 行的值“{value}”以 {char} 开头：YAML 把 {char} 当作{role}的开始；"
        f'这个值需要加引号，如 "{value}"'
    )


def _only_comments(text: str) -> bool:
    return all(not line.strip() or line.lstrip().startswith("#") for line in text.splitlines())


def _shown(value: Any) -> str:
    text = str(value)
    return text if len(text) <= 20 else text[:19] + "…"


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


def _yaml_error_mark(exc: yaml.MarkedYAMLError) -> Any:
    """Where the writer should look: the start of an unclosed quote or bracket, else the problem."""
    context = str(exc.context or "")
    if exc.context_mark is not None and (
        "quoted scalar" in context or "flow" in context or "simple key" in context
    ):
        return exc.context_mark
    return exc.problem_mark or exc.context_mark


def _yaml_reason(exc: yaml.YAMLError, text: str) -> str:
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


def _too_deep(limits: Limits) -> str:
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
        raise LimitError(f"{name} {_too_deep(limits)}") from exc
    _check_tree(data, name, limits)
    return data


def _bounded_int(name: str, limits: Limits) -> Any:
    def bounded_int(literal: str) -> int:
        digits = len(literal.lstrip("-"))
        if digits > limits.int_digits:
            raise LimitError(f"{name} {_too_long(digits, limits)}")
        return int(literal)

    return bounded_int


def _check_tree(data: Any, name: str, limits: Limits) -> None:
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
                raise LimitError(f"{name} {_too_deep(limits)}", field=path or None)
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


def _scan_yaml(text: str, name: str, limits: Limits) -> None:
    """Bound depth and expanded size from the event stream, before anything is built.

    PyYAML's composer recurses once per level, and aliases let a few lines
    stand for billions of values ("billion laughs"): both are measured on the
    parser's events, which come without recursion.
    """
    depth = count = 0
    anchors: dict[str, int] = {}
    open_nodes: list[tuple[str | None, int]] = []
    for event in yaml.parse(text, Loader=_EventLoader):
        if isinstance(event, yaml.CollectionStartEvent):
            depth += 1
            if depth > limits.depth:
                raise LimitError(f"{name} 第 {_line(event)} 行{_too_deep(limits)}")
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


def _loader(name: str, limits: Limits) -> type[_Loader]:
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


_DATA_DIR: ContextVar[Path | None] = ContextVar("doctemplates_data_dir", default=None)


@contextlib.contextmanager
def data_dir(folder: str | Path) -> Iterator[None]:
    """Paths inside the data (e.g. ``records_file``) are relative to ``folder``.  数据文件所在目录。"""
    token = _DATA_DIR.set(Path(folder))
    try:
        yield
    finally:
        _DATA_DIR.reset(token)


def resolve_path(value: str | Path, *, field: str | None = None) -> Path:
    """A path written in user data: relative to the data file's folder, else to the
    current folder.  数据中的相对路径以数据文件所在目录为准。

    Where file access is off (:func:`set_file_access`, the HTTP service) every
    path is refused with :class:`FileAccessError` before anything is looked at.

    >>> with data_dir("/srv/data"):
    ...     str(resolve_path("/abs/x.xlsx")), resolve_path("no/such.xlsx").as_posix()
    ('/abs/x.xlsx', '/srv/data/no/such.xlsx')
    >>> with file_access(False):
    ...     resolve_path("/etc/passwd", field="signature.seal_image")
    Traceback (most recent call last):
    ...
    doctemplates.access.FileAccessError: signature.seal_image: 此处不能使用文件路径，...
    """
    check_file_access(field=field)
    path = Path(value)
    base = _DATA_DIR.get()
    if path.is_absolute() or base is None:
        return path
    candidate = base / path
    return candidate if candidate.exists() or not path.exists() else path


#: ``data:[<media type>][;base64],<data>`` (RFC 2397)
_DATA_URI = re.compile(r"data:(?P<type>[\w.+-]+/[\w.+-]+)?(?P<params>(?:;[^,;]*)*),", re.ASCII)
#: Largest decoded data URI (a seal picture is far smaller).
MAX_DATA_URI_BYTES = 8 * 1024 * 1024


def is_data_uri(value: object) -> bool:
    """Whether ``value`` is a ``data:`` URI (RFC 2397).

    >>> is_data_uri("data:image/png;base64,iVBORw0KGgo="), is_data_uri("/etc/seal.png")
    (True, False)
    """
    return isinstance(value, str) and value[:5].lower() == "data:"


def decode_data_uri(
    value: str, *, field: str | None = None, max_bytes: int = MAX_DATA_URI_BYTES
) -> tuple[str, bytes]:
    """(media type, content) of a ``data:`` URI; Chinese errors naming ``field``.

    >>> decode_data_uri("data:image/png;base64,aGVsbG8=")
    ('image/png', b'hello')
    >>> decode_data_uri("data:image/png;base64,@@", field="signature.seal_image")
    Traceback (most recent call last):
    ...
    doctemplates.errors.DataError: signature.seal_image: data: URI 的 base64 内容无效
    """
    match = _DATA_URI.match(value)
    if match is None:
        raise DataError("data: URI 格式不正确，应形如“data:image/png;base64,……”", field=field)
    payload = value[match.end() :]
    if (len(payload) * 3) // 4 > max_bytes:
        raise DataError(f"data: URI 的内容超过 {max_bytes // (1024 * 1024)} MiB", field=field)
    media = (match["type"] or "text/plain").lower()
    if "base64" not in [p.strip().lower() for p in match["params"].split(";")]:
        from urllib.parse import unquote_to_bytes

        return media, unquote_to_bytes(payload)
    try:
        return media, base64.b64decode(re.sub(r"\s+", "", payload), validate=True)
    except (binascii.Error, ValueError) as exc:
        raise DataError("data: URI 的 base64 内容无效", field=field) from exc
