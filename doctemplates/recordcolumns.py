"""Records and their columns: header → field path, cell → value.  记录与表头映射。

The column half of :mod:`doctemplates.records` (which re-exports these names):
headers map to model fields by English name or Chinese title, dotted headers
build nested values, and a field path is shown back as ``G 列「答复日期」``.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel

from doctemplates.errors import DataError

__all__ = ["IGNORED_COLUMNS", "ColumnMap", "Record", "column_map", "map_keys"]


@dataclass(frozen=True)
class Record:
    """One input record.  一条记录：``row`` 为表格中显示的行号（表头为第 1 行）。"""

    row: int
    data: dict[str, Any]
    error: str | None = None  # a record that could not be read (the others still go on)


@dataclass(frozen=True)
class ColumnMap:
    """Header → field path mapping of one file.  表头与字段的对应关系。"""

    fields: tuple[str | None, ...]  # one per column; None = ignored or empty trailing column
    headers: tuple[str, ...]
    ignored: tuple[str, ...] = ()  # 未使用的列，如 “F 列「备注」”

    def to_record(self, row: int, values: tuple[Any, ...]) -> Record:
        data: dict[str, Any] = {}
        for field_path, value in zip(self.fields, values, strict=False):
            if field_path is None or is_blank(value):
                continue
            _put(data, field_path.split("."), _cell(value))
        return Record(row, data)

    def locate(self, path: str) -> tuple[str, str] | None:
        """(column letter, header) a field path came from, or None.

        >>> ColumnMap(("title", "signature.date"), ("标题", "成文日期")).locate("signature.date")
        ('B', '成文日期')
        >>> ColumnMap(("body",), ("正文",)).locate("body[2].heading")
        ('A', '正文')
        >>> ColumnMap(("title",), ("标题",)).locate("organs") is None
        True
        """
        inside = None
        for index, (field_path, header) in enumerate(
            zip(self.fields, self.headers, strict=False), 1
        ):
            if field_path is None:
                continue
            if path == field_path or path.startswith((field_path + ".", field_path + "[")):
                return column_letter(index), header
            if inside is None and field_path.startswith(path + "."):
                inside = (
                    column_letter(index),
                    header,
                )  # an error on signature, columns signature.*
        return inside

    def column(self, path: str) -> str | None:
        """The column of a field path as people see it: ``G 列「答复日期」``."""
        found = self.locate(path)
        return f"{found[0]} 列「{found[1]}」" if found else None

    def humanize(self, message: str) -> str:
        """Field paths after ``；`` in a validation message replaced by their columns.

        >>> ColumnMap(("replied",), ("答复日期",)).humanize("缺少必填字段；replied: 日期无效")
        '缺少必填字段；A 列「答复日期」：日期无效'
        """

        def column(match: re.Match[str]) -> str:
            where = self.column(match[1])
            return f"；{where}：" if where else match[0]

        return _INNER_PATH.sub(column, message)


#: ``；signature.date: `` inside a message that lists several problems (model.validate).
_INNER_PATH = re.compile(r"；([A-Za-z_][A-Za-z0-9_]*(?:\[\d+\]|\.[A-Za-z_][A-Za-z0-9_]*)*): ")


def column_map(
    header: tuple[Any, ...],
    model: type[BaseModel],
    name: str = "表格",
    *,
    provided: frozenset[str] = frozenset(),
    strict: bool = False,
) -> ColumnMap:
    """Map header cells to field paths; empty or missing required columns raise together.

    A column that is no field is ignored (listed in :attr:`ColumnMap.ignored`),
    or refused with the others when ``strict``.
    """
    lookup = _field_lookup(model)
    cells = [str(c).strip() if not is_blank(c) else "" for c in header]
    while cells and not cells[-1]:
        cells.pop()
    problems: list[str] = []
    fields: list[str | None] = []
    ignored: list[str] = []
    for index, cell in enumerate(cells, 1):
        if not cell:
            problems.append(
                f"第 {column_letter(index)} 列表头为空（可能是合并单元格，请取消合并并为每列填写表头）"
            )
            fields.append(None)
            continue
        if cell in IGNORED_COLUMNS and cell.lower() not in lookup:
            fields.append(None)
            continue
        field_path = lookup.get(cell.lower()) or _dotted(cell, model)
        if field_path is None:
            if strict:
                problems.append(f"未知列「{cell}」（第 {column_letter(index)} 列）")
            else:
                ignored.append(f"{column_letter(index)} 列「{cell}」")
        fields.append(field_path)
    missing = [
        f"{info.title or key}（{key}）"
        for key, info in model.model_fields.items()
        if info.is_required()
        and key not in provided
        and key not in {(f or "").split(".")[0] for f in fields}
    ]
    if missing:
        problems.append("缺少必填列：" + "、".join(missing))
    if problems:
        raise DataError(f"{name} 表头有误：" + "；".join(problems), row=1)
    return ColumnMap(tuple(fields), tuple(cells), tuple(ignored))


def _dotted(cell: str, model: type[BaseModel]) -> str | None:
    """``signature.date`` or ``署名和成文日期.成文日期`` → the dotted field path, or None."""
    if "." not in cell:
        return None
    parts: list[str] = []
    current: type[BaseModel] | None = model
    for part in cell.split("."):
        if current is None:
            return None
        key = _field_lookup(current).get(part.strip().lower())
        if key is None:
            return None
        parts.append(key)
        current = _inner_model(current.model_fields[key].annotation)
    return ".".join(parts)


def map_keys(values: Mapping[str, Any], model: type[BaseModel]) -> dict[str, Any]:
    """Keys written as Chinese titles (or aliases) → field names, nested models too.

    A key that is no field is kept as written (the model reports it).

    >>> from doctemplates.model import OfficialDocument
    >>> map_keys({"标题": "关于……的通知", "署名和成文日期": {"成文日期": "2026-04-20"}, "x": 1},
    ...          OfficialDocument)
    {'title': '关于……的通知', 'signature': {'date': '2026-04-20'}, 'x': 1}
    """
    lookup = _field_lookup(model)
    out: dict[str, Any] = {}
    for key, value in values.items():
        name = lookup.get(str(key).strip().lower(), key)
        info = model.model_fields.get(name)
        inner = _inner_model(info.annotation) if info is not None else None
        if inner is not None and isinstance(value, dict):
            value = map_keys(value, inner)
        elif inner is not None and isinstance(value, list):
            value = [map_keys(v, inner) if isinstance(v, dict) else v for v in value]
        out[name] = value
    return out


def _inner_model(annotation: Any) -> type[BaseModel] | None:
    from doctemplates.model import inner_model  # here: the CLI starts without the models

    return inner_model(annotation)


#: Columns spreadsheets often carry that are no field: ignored unless the model has them.
IGNORED_COLUMNS = ("序号",)


def _field_lookup(model: type[BaseModel]) -> dict[str, str]:
    lookup: dict[str, str] = {}
    for key, info in model.model_fields.items():
        lookup[key.lower()] = key
        if info.title:
            lookup[info.title.lower()] = key
        if info.alias:
            lookup[info.alias.lower()] = key
    return lookup


def _put(data: dict[str, Any], keys: list[str], value: Any) -> None:
    for key in keys[:-1]:
        data = data.setdefault(key, {})
    data[keys[-1]] = value


def _cell(value: Any) -> Any:
    if isinstance(value, dt.datetime):
        return value.date() if value.time() == dt.time() else value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str):
        return value.strip()
    return value


def is_blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def column_letter(index: int) -> str:
    letters = ""
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters
