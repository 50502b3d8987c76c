"""Reading records for batch generation (XLSX / CSV / JSONL).  读取批量数据。

Records stream one at a time (memory does not grow with the file).  Column
headers map to model fields by English name or Chinese title (the ``title`` in
the JSON Schema); dotted headers (``signature.date``) build nested values.
Every problem names the file and the row as the spreadsheet shows it
(header = row 1) and the column.
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import io
import itertools
import json
import re
import warnings
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from doctemplates.data import parse_json_value
from doctemplates.errors import DataError
from doctemplates.inputs import (
    DEFAULT_LIMITS,
    LimitError,
    Limits,
    human_bytes,
    open_regular,
    open_zip,
    read_regular,
)

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
    path: str | Path,
    model: type[BaseModel],
    *,
    provided: frozenset[str] = frozenset(),
    limits: Limits = DEFAULT_LIMITS,
) -> Iterator[Record]:
    """Stream the records of ``path`` for ``model``; file problems raise before any record.

    The whole file is checked first (size, zip members, encoding, rows,
    columns, XML), so a batch never stops halfway for a problem of the file;
    a problem of one record (a bad byte, an over-long cell, a bad JSONL line)
    becomes that record's error and the others go on.  ``provided`` names
    fields given elsewhere (shared defaults): not required as columns.
    """
    source = Path(path)
    fmt = record_format(source)
    reader = _READERS[fmt](source, limits)
    for _ in reader():  # the whole-file check: raises DataError, yields nothing kept
        pass
    if fmt == "jsonl":
        return _guarded(source, _jsonl_records(source, reader(), limits))
    return _guarded(source, _mapped(source, reader(), model, provided, limits))


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
    source: Path,
    rows: Iterator[tuple[int, tuple[Any, ...]]],
    model: type[BaseModel],
    provided: frozenset[str],
    limits: Limits,
) -> Iterator[Record]:
    first = next(rows, None)
    if first is None or first[0] != 1:
        raise DataError(
            f"{source.name} 是空表格，没有表头和数据"
            if first is None
            else f"{source.name} 第 1 行（表头）为空"
        )
    header_problem = _row_problem(source.name, first[0], first[1], limits)
    if header_problem:
        raise DataError(header_problem, row=1)
    mapping = column_map(first[1], model, source.name, provided=provided)
    rows = _non_empty(rows)
    head = next(rows, None)
    if head is None:
        raise DataError(f"{source.name} 只有表头，没有数据行")
    return _records(source.name, mapping, head, rows, limits)


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
    return ((row, values) for row, values in rows if not all(_blank(v) for v in values))


def _row_problem(
    name: str, row: int, values: tuple[Any, ...], limits: Limits, headers: tuple[str, ...] = ()
) -> str | None:
    """An over-long cell or an undecodable byte: this row's error (the others go on)."""
    for index, value in enumerate(values, 1):
        if not isinstance(value, str):
            continue
        column = f"{_column_letter(index)} 列" + (
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


_NON_ASCII_TEXT = re.compile("[\u0080-\ud7ff\ue000-\U0010ffff]")
#: Lone surrogates: undecodable bytes kept by ``surrogateescape`` or ``\ud800`` in JSON.
_BAD_TEXT = re.compile("[\ud800-\udfff]")


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


Rows = Callable[[], Iterator[tuple[int, tuple[Any, ...]]]]


def _xlsx_reader(path: Path, limits: Limits) -> Rows:
    """Rows of the first sheet as they are in the file (the declared dimension is ignored)."""
    data = read_regular(path, limits.records_bytes, "记录文件")
    open_zip(data, limits, path.name).close()  # member sizes, ratios, no DTD

    def rows() -> Iterator[tuple[int, tuple[Any, ...]]]:
        book = _open_book(path, data)
        try:
            yield from _sheet_rows(path.name, book, limits)
        finally:
            book.close()

    return rows


def _open_book(path: Path, data: bytes) -> Any:
    from openpyxl import load_workbook

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for damaged files
        raise DataError(f"无法读取 Excel 文件 {path.name}：{_reason(exc)}") from exc
    if not book.worksheets:
        book.close()
        raise DataError(f"Excel 文件 {path.name} 中没有工作表")
    return book


def _sheet_rows(name: str, book: Any, limits: Limits) -> Iterator[tuple[int, tuple[Any, ...]]]:
    # openpyxl's read-only rows pad every gap up to the *declared* dimension (one
    # cell at XFD1048576 means 17 billion cells); its parser, used here directly,
    # yields only the rows and cells that are in the file, so limits apply first.
    from openpyxl.worksheet._reader import WorkSheetParser

    sheet = book.worksheets[0]
    row = 0
    try:
        with warnings.catch_warnings(), sheet._get_source() as src:
            warnings.simplefilter("ignore")
            parser = WorkSheetParser(
                src,
                sheet._shared_strings,
                data_only=True,
                epoch=book.epoch,
                date_formats=book._date_formats,
                timedelta_formats=book._timedelta_formats,
            )
            for row, cells in parser.parse():
                values = _cells(name, row, cells, limits)
                if values and row > limits.rows:
                    raise LimitError(_too_many_rows(name, row, limits))
                yield row, values
    except DataError:
        raise
    except Exception as exc:
        raise DataError(f"Excel 文件 {name} 第 {row + 1} 行附近无法读取：{_reason(exc)}") from exc


def _cells(name: str, row: int, cells: list[dict[str, Any]], limits: Limits) -> tuple[Any, ...]:
    found = {c["column"]: c["value"] for c in cells if not _blank(c["value"])}
    if not found:
        return ()
    last = max(found)
    if last > limits.columns:
        raise LimitError(
            f"{name} 第 {row} 行第 {_column_letter(last)} 列超出列数上限 {limits.columns}（见 --limit columns）"
        )
    return tuple(found.get(i) for i in range(1, last + 1))


def _too_many_rows(name: str, row: int, limits: Limits) -> str:
    return f"{name} 第 {row} 行超出行数上限 {limits.rows}（见 --limit rows）"


def _reason(exc: BaseException) -> str:
    text = str(exc).strip()
    return f"文件已损坏（{type(exc).__name__}{'：' + text[:200] if text else ''}）"


def _csv_reader(path: Path, limits: Limits) -> Rows:
    encoding = _csv_encoding(path, limits)

    def rows() -> Iterator[tuple[int, tuple[Any, ...]]]:
        with open_regular(path, limits.records_bytes, "记录文件") as raw:
            text = io.TextIOWrapper(raw, encoding=encoding, errors="surrogateescape", newline="")
            reader = csv.reader(text)
            count = 0
            try:
                for values in reader:
                    count += 1
                    if count > limits.rows:
                        raise LimitError(_too_many_rows(path.name, reader.line_num, limits))
                    if len(values) > limits.columns and any(
                        v.strip() for v in values[limits.columns :]
                    ):
                        raise LimitError(
                            f"{path.name} 第 {reader.line_num} 行有 {len(values)} 列，超出列数上限 {limits.columns}（见 --limit columns）"
                        )
                    yield reader.line_num, tuple(values[: limits.columns])
            except csv.Error as exc:
                raise DataError(
                    f"{path.name} 第 {reader.line_num} 行 CSV 格式错误：{_csv_reason(exc)}"
                ) from exc

    return rows


def _csv_reason(exc: csv.Error) -> str:
    text = str(exc)
    if "field larger than field limit" in text:
        return f"某个字段超过 {csv.field_size_limit():,} 个字符（CSV 读取器的上限）"
    return text


def _csv_encoding(path: Path, limits: Limits) -> str:
    """UTF-8 (with or without BOM), else GB18030 — what Chinese Excel writes — for the whole file.

    Decided on every byte, not a sample, so a bad byte after the first MiB
    cannot switch encodings halfway.  A file that is UTF-8 but for a few bad
    bytes stays UTF-8: those rows become errors (``surrogateescape``).
    (Hand-written rather than ``charset-normalizer``: only these two
    encodings are possible, and the choice must hold for every byte.)
    """
    good = bad = 0
    utf8 = codecs.getincrementaldecoder("utf-8")(errors="surrogateescape")
    gbk = codecs.getincrementaldecoder("gb18030")()
    gbk_ok = True
    with open_regular(path, limits.records_bytes, "记录文件") as fh:
        while chunk := fh.read(1 << 20):
            text = utf8.decode(chunk)
            bad += len(_BAD_TEXT.findall(text))
            good += len(_NON_ASCII_TEXT.findall(text))
            if gbk_ok:
                try:
                    gbk.decode(chunk)
                except UnicodeDecodeError:
                    gbk_ok = False
        bad += len(_BAD_TEXT.findall(utf8.decode(b"", final=True)))
        if gbk_ok:
            try:
                gbk.decode(b"", final=True)
            except UnicodeDecodeError:
                gbk_ok = False
    if bad == 0 or (bad <= good and good) or not gbk_ok:
        return "utf-8-sig"
    return "gb18030"


def _jsonl_reader(path: Path, limits: Limits) -> Rows:
    """Lines of a JSONL file as ``(line number, (raw bytes,))``; over-long lines cut."""

    def rows() -> Iterator[tuple[int, tuple[Any, ...]]]:
        with open_regular(path, limits.records_bytes, "记录文件") as fh:
            number = records = 0
            while True:
                line = fh.readline(limits.line_bytes + 1)
                if not line:
                    break
                number += 1
                if number == 1:
                    line = line.removeprefix(b"\xef\xbb\xbf")
                if len(line) > limits.line_bytes and not line.endswith(b"\n"):
                    while (more := fh.readline(1 << 20)) and not more.endswith(b"\n"):
                        pass
                    line = b""  # marks an over-long line
                    yield number, (None,)
                    continue
                if line.strip():
                    records += 1
                    if records > limits.rows:
                        raise LimitError(_too_many_rows(path.name, number, limits))
                    yield number, (line,)
            if records == 0:
                raise DataError(f"{path.name} 是空文件，没有记录")

    return rows


def _jsonl_records(
    path: Path, rows: Iterator[tuple[int, tuple[Any, ...]]], limits: Limits
) -> Iterator[Record]:
    for number, (line,) in rows:
        if line is None:
            yield Record(
                number,
                {},
                f"{path.name} 第 {number} 行超过 {human_bytes(limits.line_bytes)}（见 --limit line-bytes）",
            )
            continue
        yield _jsonl_record(path, number, line, limits)


_READERS: dict[str, Callable[[Path, Limits], Rows]] = {
    "xlsx": _xlsx_reader,
    "csv": _csv_reader,
    "jsonl": _jsonl_reader,
}


def _jsonl_record(path: Path, number: int, raw: bytes, limits: Limits) -> Record:
    where = f"{path.name} 第 {number} 行"
    try:
        line = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        return Record(number, {}, f"{where}第 {exc.start + 1} 字节不是有效的 UTF-8")
    try:
        data = parse_json_value(line, where, limits=limits)
    except json.JSONDecodeError as exc:
        return Record(number, {}, f"{where}第 {exc.colno} 列 JSON 格式错误：{exc.msg}")
    except DataError as exc:
        return Record(number, {}, str(exc))
    if not isinstance(data, dict):
        return Record(number, {}, f"{where}应为 JSON 对象")
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
