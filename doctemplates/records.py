"""Reading records for batch generation (XLSX / CSV / JSONL).  读取批量数据。

Records stream one at a time (memory does not grow with the file).  Column
headers — and JSONL keys — map to model fields by English name or Chinese title
(the ``title`` in the JSON Schema); dotted headers (``signature.date``) build
nested values.  A column that is no field is ignored with a warning (logged
under ``doctemplates.records``) unless ``strict_columns``.  Of a workbook, the
first sheet whose header matches is read, or the one named by ``sheet``.
Every problem names the file and the row as the spreadsheet shows it
(header = row 1) and the column by letter and header (``G 列「答复日期」``).

Columns and records are :mod:`doctemplates.recordcolumns`, the readers of each
format :mod:`doctemplates.recordreaders`; this module opens a file and streams it.
"""

from __future__ import annotations

import itertools
import logging
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from doctemplates.errors import DataError
from doctemplates.inputs import (
    DEFAULT_LIMITS,
    Limits,
    open_zip,
    read_regular,
)
from doctemplates.recordcolumns import (
    IGNORED_COLUMNS as IGNORED_COLUMNS,
)
from doctemplates.recordcolumns import (
    ColumnMap,
    Record,
    column_letter,
    column_map,
    is_blank,
    map_keys,
)
from doctemplates.recordreaders import (
    READERS,
    choose_sheet,
    jsonl_records,
    xlsx_reader,
)
from doctemplates.recordreaders import (
    csv_encoding as csv_encoding,  # imported by tests/cli/test_spreadsheets.py
)

__all__ = [
    "ColumnMap",
    "Record",
    "RecordFile",
    "column_map",
    "map_keys",
    "open_records",
    "read_records",
    "record_format",
]

_log = logging.getLogger(__name__)

_FORMATS = {".xlsx": "xlsx", ".xlsm": "xlsx", ".csv": "csv", ".jsonl": "jsonl"}


@dataclass
class RecordFile:
    """A record file opened for a batch: its records, how many, and where they come from.

    ``total`` counts the records (data rows, or non-empty JSONL lines) from the
    whole-file check, so a progress bar knows it before the first document.
    """

    path: Path
    format: str  # xlsx / csv / jsonl
    total: int
    records: Iterator[Record] = field(repr=False)
    sheet: str | None = None  # 读取的工作表
    columns: ColumnMap | None = None  # None for JSONL

    def __iter__(self) -> Iterator[Record]:
        return self.records

    def __next__(self) -> Record:
        return next(self.records)


def record_format(path: Path) -> str:
    fmt = _FORMATS.get(path.suffix.lower())
    if fmt is None:
        raise DataError(f"不支持的记录文件类型：{path.name}（应为 .xlsx、.csv 或 .jsonl）")
    return fmt


def read_records(
    path: str | Path,
    model: type[BaseModel],
    *,
    provided: frozenset[str] = frozenset(),
    limits: Limits = DEFAULT_LIMITS,
    sheet: str | None = None,
    strict_columns: bool = False,
) -> Iterator[Record]:
    """Stream the records of ``path`` for ``model`` (see :func:`open_records`)."""
    return iter(
        open_records(
            path,
            model,
            provided=provided,
            limits=limits,
            sheet=sheet,
            strict_columns=strict_columns,
        )
    )


def open_records(
    path: str | Path,
    model: type[BaseModel],
    *,
    provided: frozenset[str] = frozenset(),
    limits: Limits = DEFAULT_LIMITS,
    sheet: str | None = None,
    strict_columns: bool = False,
) -> RecordFile:
    """Open ``path`` for ``model``: file problems raise before any record.

    The whole file is checked first (size, zip members, encoding, rows,
    columns, XML) and its records counted, so a batch never stops halfway
    for a problem of the file; a problem of one record (a bad byte, an
    over-long cell, a bad JSONL line) becomes that record's error and the
    others go on.  ``provided`` names fields given elsewhere (shared
    defaults): not required as columns.  ``sheet`` is a workbook sheet's name
    or number (from 1); by default the first sheet whose header matches.
    ``strict_columns`` refuses a column that is no field (else it is ignored
    with a warning).
    """
    source = Path(path)
    fmt = record_format(source)
    if sheet is not None and fmt != "xlsx":
        raise DataError(f"--sheet 只用于 Excel 文件（.xlsx），{source.name} 没有工作表")
    sheet_name, many = None, False
    if fmt == "xlsx":
        data = read_regular(source, limits.records_bytes, "记录文件")
        open_zip(data, limits, source.name).close()  # member sizes, ratios, no DTD
        index, sheet_name, many = choose_sheet(source, data, limits, model, provided, sheet)
        reader = xlsx_reader(source, data, limits, index)
    else:
        reader = READERS[fmt](source, limits)
    total = _count(fmt, reader())  # the whole-file check: raises DataError, keeps a count
    if fmt == "jsonl":
        return RecordFile(
            source, fmt, total, _guarded(source, jsonl_records(source, reader(), limits, model))
        )
    label = f"{source.name} 工作表「{sheet_name}」" if fmt == "xlsx" and many else source.name
    records, columns = _mapped(label, reader(), model, provided, limits, strict_columns)
    return RecordFile(source, fmt, total, _guarded(source, records), sheet_name, columns)


def _count(fmt: str, rows: Iterator[tuple[int, tuple[Any, ...]]]) -> int:
    """Records among the rows: non-blank rows after the header (every line of JSONL)."""
    count = 0
    for row, values in rows:
        if fmt == "jsonl" or (row > 1 and not all(is_blank(v) for v in values)):
            count += 1
    return count


def _guarded(source: Path, records: Iterator[Record]) -> Iterator[Record]:
    """Turn a failure while streaming (the file changed after the check) into a record error."""
    row = 1
    try:
        for record in records:
            row = record.row
            yield record
    except DataError as exc:
        if exc.row in (None, 1) and row == 1:
            raise
        yield Record(row + 1, {}, f"{source.name} 在第 {row} 行之后无法继续读取：{exc}")


def _mapped(
    name: str,
    rows: Iterator[tuple[int, tuple[Any, ...]]],
    model: type[BaseModel],
    provided: frozenset[str],
    limits: Limits,
    strict: bool,
) -> tuple[Iterator[Record], ColumnMap]:
    first = next(rows, None)
    if first is None or first[0] != 1:
        raise DataError(
            f"{name} 是空表格，没有表头和数据" if first is None else f"{name} 第 1 行（表头）为空"
        )
    header_problem = _row_problem(name, first[0], first[1], limits)
    if header_problem:
        raise DataError(header_problem, row=1)
    mapping = column_map(first[1], model, name, provided=provided, strict=strict)
    if mapping.ignored:
        _log.warning(
            "%s 中有 %d 列不是字段，已忽略：%s（如需拒绝这样的表格，命令行加 --strict-columns）",
            name,
            len(mapping.ignored),
            "、".join(mapping.ignored),
        )
    rows = _non_empty(rows)
    head = next(rows, None)
    if head is None:
        raise DataError(f"{name} 只有表头，没有数据行")
    return _records(name, mapping, head, rows, limits), mapping


def _records(
    name: str,
    mapping: ColumnMap,
    head: tuple[int, tuple[Any, ...]],
    rows: Iterator[tuple[int, tuple[Any, ...]]],
    limits: Limits,
) -> Iterator[Record]:
    for row, values in itertools.chain([head], rows):
        problem = _row_problem(name, row, values, limits, mapping.headers)
        yield Record(row, {}, problem) if problem else mapping.to_record(row, values)


def _non_empty(
    rows: Iterator[tuple[int, tuple[Any, ...]]],
) -> Iterator[tuple[int, tuple[Any, ...]]]:
    return ((row, values) for row, values in rows if not all(is_blank(v) for v in values))


def _row_problem(
    name: str, row: int, values: tuple[Any, ...], limits: Limits, headers: tuple[str, ...] = ()
) -> str | None:
    """An over-long cell or an undecodable byte: this row's error (the others go on)."""
    for index, value in enumerate(values, 1):
        if not isinstance(value, str):
            continue
        column = f"{column_letter(index)} 列" + (
            f"（{headers[index - 1]}）" if index <= len(headers) else ""
        )
        if len(value) > limits.cell_chars:
            return (
                f"{name} 的 {column}有 {len(value)} 个字，"
                f"超过上限 {limits.cell_chars}（见 --limit cell-chars）"
            )
        bad = _BAD_TEXT.search(value)
        if bad:
            return (
                f"{name} 的 {column}含有无法识别的字节或字符（U+{ord(bad.group()):04X}），"
                "请检查文件编码"
            )
    return None


#: Lone surrogates: undecodable bytes kept by ``surrogateescape`` or ``\ud800`` in JSON.
_BAD_TEXT = re.compile("[\ud800-\udfff]")
