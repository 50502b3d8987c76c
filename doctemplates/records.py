"""Reading records for batch generation (XLSX / CSV / JSONL).  读取批量数据。

Records stream one at a time (memory does not grow with the file).  Column
headers map to model fields by English name or Chinese title (the ``title`` in
the JSON Schema); dotted headers (``signature.date``) build nested values.
Every problem names the file and the row as the spreadsheet shows it
(header = row 1) and the column.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from doctemplates.errors import DataError

__all__ = ["ColumnMap", "Record", "column_map", "read_records", "record_format"]

_FORMATS = {".xlsx": "xlsx", ".xlsm": "xlsx", ".csv": "csv", ".jsonl": "jsonl"}


@dataclass(frozen=True)
class Record:
    """One input record.  一条记录：``row`` 为表格中显示的行号（表头为第 1 行）。"""

    row: int
    data: dict[str, Any]
    error: str | None = None  # a record that could not be read (the others still go on)


@dataclass(frozen=True)
class ColumnMap:
    """Header → field path mapping of one file.  表头与字段的对应关系。"""

    fields: tuple[str | None, ...]  # one per column; None = empty trailing column
    headers: tuple[str, ...]

    def to_record(self, row: int, values: tuple[Any, ...]) -> Record:
        data: dict[str, Any] = {}
        for field, value in zip(self.fields, values, strict=False):
            if field is None or _blank(value):
                continue
            _put(data, field.split("."), _cell(value))
        return Record(row, data)


def record_format(path: Path) -> str:
    fmt = _FORMATS.get(path.suffix.lower())
    if fmt is None:
        raise DataError(f"不支持的记录文件类型：{path.name}（应为 .xlsx、.csv 或 .jsonl）")
    return fmt


def read_records(
    path: str | Path, model: type[BaseModel], *, provided: frozenset[str] = frozenset()
) -> Iterator[Record]:
    """Stream the records of ``path`` for ``model``; header problems raise before any record.

    ``provided`` names fields given elsewhere (shared defaults): not required as columns.
    """
    source = Path(path)
    fmt = record_format(source)
    if not source.is_file():
        raise DataError(f"找不到记录文件：{source}")
    if fmt == "jsonl":
        return _read_jsonl(source)
    rows = _xlsx_rows(source) if fmt == "xlsx" else _csv_rows(source)
    return _mapped(source, rows, model, provided)


def _mapped(
    source: Path,
    rows: Iterator[tuple[int, tuple[Any, ...]]],
    model: type[BaseModel],
    provided: frozenset[str],
) -> Iterator[Record]:
    first = next(rows, None)
    if first is None:
        raise DataError(f"{source.name} 是空表格，没有表头和数据")
    mapping = column_map(first[1], model, source.name, provided=provided)
    rows = _non_empty(rows)
    head = next(rows, None)
    if head is None:
        raise DataError(f"{source.name} 只有表头，没有数据行")
    return _records(mapping, head, rows)


def _records(
    mapping: ColumnMap,
    head: tuple[int, tuple[Any, ...]],
    rows: Iterator[tuple[int, tuple[Any, ...]]],
) -> Iterator[Record]:
    yield mapping.to_record(*head)
    for row, values in rows:
        yield mapping.to_record(row, values)


def _non_empty(
    rows: Iterator[tuple[int, tuple[Any, ...]]],
) -> Iterator[tuple[int, tuple[Any, ...]]]:
    return ((row, values) for row, values in rows if not all(_blank(v) for v in values))


def column_map(
    header: tuple[Any, ...],
    model: type[BaseModel],
    name: str = "表格",
    *,
    provided: frozenset[str] = frozenset(),
) -> ColumnMap:
    """Map header cells to field paths; unknown, empty or missing required columns raise together."""
    lookup = _field_lookup(model)
    cells = [str(c).strip() if not _blank(c) else "" for c in header]
    while cells and not cells[-1]:
        cells.pop()
    problems: list[str] = []
    fields: list[str | None] = []
    for index, cell in enumerate(cells, 1):
        if not cell:
            problems.append(
                f"第 {_column_letter(index)} 列表头为空（可能是合并单元格，请取消合并并为每列填写表头）"
            )
            fields.append(None)
            continue
        if cell in IGNORED_COLUMNS and cell.lower() not in lookup:
            fields.append(None)
            continue
        field = lookup.get(cell.lower()) or (
            cell if "." in cell and cell.split(".")[0] in model.model_fields else None
        )
        if field is None:
            problems.append(f"未知列「{cell}」（第 {_column_letter(index)} 列）")
        fields.append(field)
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
    return ColumnMap(tuple(fields), tuple(cells))


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


def _xlsx_rows(path: Path) -> Iterator[tuple[int, tuple[Any, ...]]]:
    from openpyxl import load_workbook

    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for damaged files
        raise DataError(f"无法读取 Excel 文件 {path.name}：{exc}") from exc
    sheet = book.worksheets[0]

    def rows() -> Iterator[tuple[int, tuple[Any, ...]]]:
        try:
            for index, values in enumerate(sheet.iter_rows(values_only=True), 1):
                yield index, tuple(values)
        finally:
            book.close()

    return rows()


def _csv_rows(path: Path) -> Iterator[tuple[int, tuple[Any, ...]]]:
    encoding = _csv_encoding(path)

    def rows() -> Iterator[tuple[int, tuple[Any, ...]]]:
        with path.open(encoding=encoding, newline="") as fh:
            reader = csv.reader(fh)
            for values in reader:
                yield reader.line_num, tuple(values)

    return rows()


def _csv_encoding(path: Path) -> str:
    """UTF-8 (with or without BOM), else GB18030 — what Chinese Excel writes."""
    with path.open("rb") as fh:
        sample = fh.read(1 << 20)
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            sample.decode(encoding)
        except UnicodeDecodeError as exc:
            if encoding == "utf-8-sig" and exc.start > len(sample) - 4:
                return encoding  # a character cut by the sample boundary
            continue
        return encoding
    raise DataError(f"{path.name} 的编码无法识别（应为 UTF-8 或 GBK/GB18030）")


def _read_jsonl(path: Path) -> Iterator[Record]:
    with path.open(encoding="utf-8-sig") as fh:
        for number, line in enumerate(fh, 1):
            if line.strip():
                yield _jsonl_record(path, number, line)


def _jsonl_record(path: Path, number: int, line: str) -> Record:
    try:
        data = json.loads(line)
    except json.JSONDecodeError as exc:
        return Record(
            number, {}, f"{path.name} 第 {number} 行第 {exc.colno} 列 JSON 格式错误：{exc.msg}"
        )
    if not isinstance(data, dict):
        return Record(number, {}, f"{path.name} 第 {number} 行应为 JSON 对象")
    return Record(number, data)


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


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _column_letter(index: int) -> str:
    letters = ""
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters
