"""Reading user data files (YAML / JSON).  读取数据文件。

Errors name the file and the line and column: syntax errors from the parser's
mark, validation errors by finding the field path in the file again
(:meth:`DataFile.explain`: ``通知.yaml：第 12 行第 9 列，body 第 3 项的 heading：
不能为空``).  Parser messages are worded in Chinese, never quoted in English.
Sizes, nesting, integer digits and YAML alias expansion are bounded
(:class:`~doctemplates.inputs.Limits`): hostile data gets a Chinese sentence,
never a ``RecursionError`` or ``MemoryError``.

Positions of field paths are :mod:`doctemplates.datalocate`, bounded parsing
and the Chinese parser messages :mod:`doctemplates.dataparse`, paths and
``data:`` URIs in the data :mod:`doctemplates.datarefs`; this module reads a file.
"""

from __future__ import annotations

import contextlib
import json
import sys
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
from doctemplates.datalocate import json_index, path_parts, people_path, problems_of, yaml_mark
from doctemplates.dataparse import (
    check_tree,
    json_reason,
    parse_json_value,
    scan_yaml,
    too_deep,
    yaml_error_mark,
    yaml_loader,
    yaml_reason,
)
from doctemplates.datarefs import (
    MAX_DATA_URI_BYTES as MAX_DATA_URI_BYTES,
)
from doctemplates.datarefs import data_dir, decode_data_uri, is_data_uri, resolve_path
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
        parts = path_parts(path)
        if not parts:
            return None
        with contextlib.suppress(Exception):  # positions are a help: never an error of their own
            if self.fmt == "json":
                index = json_index(self.text, parts)
                if index is not None:
                    line = self.text.count("\n", 0, index) + 1
                    return line, index - self.text.rfind("\n", 0, index)
                return None
            mark = yaml_mark(self.text, parts)
            if mark is not None:
                return mark.line + 1, mark.column + 1
        return None

    def explain(self, error: DataError) -> DataError:
        """``error`` with each field path located in the file and written for people.

        ``signature.date: 日期无效`` becomes ``x.yaml：第 9 行第 9 列，signature.date：
        日期无效``; list items are counted from 1 (``body 第 3 项的 heading``).
        """
        problems = problems_of(error)
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
            scan_yaml(text, name, limits)
            data = yaml.load(text, Loader=yaml_loader(name, limits))  # noqa: S506 - SafeLoader subclass
            check_tree(data, name, limits)
    except json.JSONDecodeError as exc:
        raise DataError(
            f"{name} 第 {exc.lineno} 行第 {exc.colno} 列：JSON 格式错误：{json_reason(exc.msg)}"
        ) from exc
    except yaml.MarkedYAMLError as exc:
        trap = _alias_trap(exc, text)
        if trap:
            raise DataError(f"{name} {trap}") from exc
        mark = yaml_error_mark(exc)
        where = f" 第 {mark.line + 1} 行第 {mark.column + 1} 列" if mark else ""
        if "nesting depth" in str(exc.problem):  # libyaml's own bound (1000)
            raise LimitError(f"{name}{where}：{too_deep(limits)}") from exc
        reason = yaml_reason(exc, text)
        raise DataError(f"{name}{where}：YAML 格式错误：{reason}") from exc
    except yaml.YAMLError as exc:
        raise DataError(f"{name}：YAML 格式错误：{yaml_reason(exc, text)}") from exc
    except RecursionError as exc:
        raise LimitError(f"{name} {too_deep(limits)}") from exc
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
