"""Reading records for batch generation (XLSX / CSV / JSONL).  读取批量数据。

Records stream one at a time (memory does not grow with the file).  Column
headers — and JSONL keys — map to model fields by English name or Chinese title
(the ``title`` in the JSON Schema); dotted headers (``signature.date``) build
nested values.  A column that is no field is ignored with a warning (logged
under ``doctemplates.records``) unless ``strict_columns``.  Of a workbook, the
first sheet whose header matches is read, or the one named by ``sheet``.
Every problem names the file and the row as the spreadsheet shows it
(header = row 1) and the column by letter and header (``G 列「答复日期」``).
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import io
import itertools
import json
import logging
import re
import warnings
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
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
            if field_path is None or _blank(value):
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
                return _column_letter(index), header
            if inside is None and field_path.startswith(path + "."):
                inside = (
                    _column_letter(index),
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
        index, sheet_name, many = _choose_sheet(source, data, limits, model, provided, sheet)
        reader = _xlsx_reader(source, data, limits, index)
    else:
        reader = _READERS[fmt](source, limits)
    total = _count(fmt, reader())  # the whole-file check: raises DataError, keeps a count
    if fmt == "jsonl":
        return RecordFile(
            source, fmt, total, _guarded(source, _jsonl_records(source, reader(), limits, model))
        )
    label = f"{source.name} 工作表「{sheet_name}」" if fmt == "xlsx" and many else source.name
    records, columns = _mapped(label, reader(), model, provided, limits, strict_columns)
    return RecordFile(source, fmt, total, _guarded(source, records), sheet_name, columns)


def _count(fmt: str, rows: Iterator[tuple[int, tuple[Any, ...]]]) -> int:
    """Records among the rows: non-blank rows after the header (every line of JSONL)."""
    count = 0
    for row, values in rows:
        if fmt == "jsonl" or (row > 1 and not all(_blank(v) for v in values)):
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


#: Lone surrogates: undecodable bytes kept by ``surrogateescape`` or ``\ud800`` in JSON.
_BAD_TEXT = re.compile("[\ud800-\udfff]")


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
    cells = [str(c).strip() if not _blank(c) else "" for c in header]
    while cells and not cells[-1]:
        cells.pop()
    problems: list[str] = []
    fields: list[str | None] = []
    ignored: list[str] = []
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
        field_path = lookup.get(cell.lower()) or _dotted(cell, model)
        if field_path is None:
            if strict:
                problems.append(f"未知列「{cell}」（第 {_column_letter(index)} 列）")
            else:
                ignored.append(f"{_column_letter(index)} 列「{cell}」")
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


Rows = Callable[[], Iterator[tuple[int, tuple[Any, ...]]]]


def _xlsx_reader(path: Path, data: bytes, limits: Limits, index: int) -> Rows:
    """Rows of sheet ``index`` as they are in the file (the declared dimension is ignored)."""

    def rows() -> Iterator[tuple[int, tuple[Any, ...]]]:
        book = _open_book(path, data)
        try:
            yield from _sheet_rows(path.name, book, book.worksheets[index], limits)
        finally:
            book.close()

    return rows


def _choose_sheet(
    path: Path,
    data: bytes,
    limits: Limits,
    model: type[BaseModel],
    provided: frozenset[str],
    wanted: str | None,
) -> tuple[int, str, bool]:
    """The sheet to read (index, name, whether the book has several), named or numbered,
    else the first whose header matches.

    A header matches when it maps at least one field and misses no required
    column; notes or empty sheets in front are passed over.
    """
    book = _open_book(path, data)
    try:
        names = [sheet.title for sheet in book.worksheets]
        many = len(names) > 1
        if wanted is not None:
            return (*_named_sheet(path, names, wanted), many)
        if not many:
            return 0, names[0], many
        first_problem: str | None = None
        for index, sheet in enumerate(book.worksheets):
            header = next(iter(_sheet_rows(path.name, book, sheet, limits)), None)
            if header is None or header[0] != 1 or not header[1]:
                continue
            label = f"{path.name} 工作表「{sheet.title}」"
            try:
                mapping = column_map(header[1], model, label, provided=provided)
            except DataError as exc:
                first_problem = first_problem or exc.message
                continue
            if any(f is not None for f in mapping.fields):
                if index:
                    _log.info(
                        "%s：读取第 %d 个工作表「%s」（前面的表头不相符）",
                        path.name,
                        index + 1,
                        sheet.title,
                    )
                return index, sheet.title, many
    finally:
        book.close()
    listed = "、".join(f"「{n}」" for n in names)
    raise DataError(
        f"{path.name} 中没有表头相符的工作表（共 {len(names)} 个：{listed}）"
        + (f"；{first_problem}" if first_problem else "")
        + "；可用 --sheet 名称或序号 指定工作表",
        row=1,
    )


def _named_sheet(path: Path, names: list[str], wanted: str) -> tuple[int, str]:
    """``--sheet``: a sheet's name, else its number counted from 1."""
    if wanted in names:
        return names.index(wanted), wanted
    text = wanted.strip()
    if text.isdecimal() and 1 <= int(text) <= len(names):
        return int(text) - 1, names[int(text) - 1]
    listed = "、".join(f"{i}「{n}」" for i, n in enumerate(names, 1))
    raise DataError(f"{path.name} 中没有工作表「{wanted}」（有：{listed}；可写名称或序号）")


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


def _sheet_rows(
    name: str, book: Any, sheet: Any, limits: Limits
) -> Iterator[tuple[int, tuple[Any, ...]]]:
    # openpyxl's read-only rows pad every gap up to the *declared* dimension (one
    # cell at XFD1048576 means 17 billion cells); its parser, used here directly,
    # yields only the rows and cells that are in the file, so limits apply first.
    from openpyxl.worksheet._reader import WorkSheetParser

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
    bytes stays UTF-8: those rows become errors (``surrogateescape``).  Only a
    file that is neither (UTF-16 …) is handed to ``charset-normalizer``
    (:func:`_guess_encoding`).  Not the library for everything: this rule is as
    fast on UTF-8 and 3–5× faster on GB18030 (benchmarks/csv_encoding_bench.py),
    and the library gives up on a UTF-8 file with one bad byte, where this
    rule keeps every other row.
    """
    utf8 = codecs.getincrementaldecoder("utf-8")()
    gbk = codecs.getincrementaldecoder("gb18030")()
    utf8_ok = gbk_ok = True
    with open_regular(path, limits.records_bytes, "记录文件") as fh:
        while (chunk := fh.read(1 << 20)) and (utf8_ok or gbk_ok):
            utf8_ok = utf8_ok and _decodes(utf8, chunk)
            gbk_ok = gbk_ok and _decodes(gbk, chunk)
    utf8_ok = utf8_ok and _decodes(utf8, b"", final=True)
    gbk_ok = gbk_ok and _decodes(gbk, b"", final=True)
    if utf8_ok:
        return "utf-8-sig"
    if _mostly_utf8(path, limits):  # a few bad bytes in a UTF-8 file: those rows fail
        return "utf-8-sig"
    if gbk_ok:
        return "gb18030"
    return _guess_encoding(path, limits) or "utf-8-sig"


def _decodes(decoder: codecs.IncrementalDecoder, chunk: bytes, *, final: bool = False) -> bool:
    try:
        decoder.decode(chunk, final=final)
    except UnicodeDecodeError:
        return False
    return True


def _mostly_utf8(path: Path, limits: Limits) -> bool:
    """At least as many good non-ASCII UTF-8 characters as undecodable bytes (a second
    pass, only for files that are not clean UTF-8; counted by codecs, not regexes)."""
    good = bad = 0
    utf8 = codecs.getincrementaldecoder("utf-8")(errors="surrogateescape")
    with open_regular(path, limits.records_bytes, "记录文件") as fh:
        while chunk := fh.read(1 << 20):
            good, bad = _tally(utf8.decode(chunk), good, bad)
    good, bad = _tally(utf8.decode(b"", final=True), good, bad)
    return bool(good) and bad <= good


def _tally(text: str, good: int, bad: int) -> tuple[int, int]:
    """Non-ASCII characters and undecodable bytes (lone surrogates) of ``text``, added."""
    non_ascii = len(text) - len(text.encode("ascii", "ignore"))
    undecodable = len(text) - len(text.encode("utf-8", "ignore").decode("utf-8"))
    return good + non_ascii - undecodable, bad + undecodable


#: Files larger than this are not guessed at (the library reads them whole, slowly).
_GUESS_BYTES = 16 * 1024 * 1024


def _guess_encoding(path: Path, limits: Limits) -> str | None:
    """charset-normalizer's encoding for a file that is neither UTF-8 nor GB18030, if the
    whole file decodes with it; None otherwise (the file is then read as UTF-8, bad rows
    becoming row errors)."""
    from charset_normalizer import from_bytes

    data = read_regular(path, min(limits.records_bytes, _GUESS_BYTES), "记录文件")
    best = from_bytes(data).best()
    if best is None or best.encoding is None:
        return None
    try:
        data.decode(best.encoding)
    except (UnicodeDecodeError, LookupError):
        return None
    _log.info("%s 不是 UTF-8 或 GBK 编码，按 %s 读取", path.name, best.encoding)
    return "utf-16" if best.encoding.startswith("utf_16") else best.encoding


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
    path: Path,
    rows: Iterator[tuple[int, tuple[Any, ...]]],
    limits: Limits,
    model: type[BaseModel],
) -> Iterator[Record]:
    for number, (line,) in rows:
        if line is None:
            yield Record(
                number,
                {},
                f"{path.name} 第 {number} 行超过 {human_bytes(limits.line_bytes)}（见 --limit line-bytes）",
            )
            continue
        record = _jsonl_record(path, number, line, limits)
        yield Record(record.row, map_keys(record.data, model)) if record.error is None else record


_READERS: dict[str, Callable[[Path, Limits], Rows]] = {
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
