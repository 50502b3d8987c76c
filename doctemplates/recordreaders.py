"""Reading the rows of a record file: XLSX, CSV, JSONL.  读取记录文件的各行。

The reader half of :mod:`doctemplates.records`: each reader yields
``(row number as the spreadsheet shows it, cell values)`` and is bounded by
:class:`~doctemplates.inputs.Limits`; encodings of CSV are decided here.
"""

from __future__ import annotations

import codecs
import csv
import io
import json
import logging
import warnings
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from doctemplates.data import parse_json_value
from doctemplates.errors import DataError
from doctemplates.inputs import LimitError, Limits, human_bytes, open_regular, read_regular
from doctemplates.recordcolumns import Record, column_letter, column_map, is_blank, map_keys

_log = logging.getLogger("doctemplates.records")  # the logger users configure (records.py)

Rows = Callable[[], Iterator[tuple[int, tuple[Any, ...]]]]


def xlsx_reader(path: Path, data: bytes, limits: Limits, index: int) -> Rows:
    """Rows of sheet ``index`` as they are in the file (the declared dimension is ignored)."""

    def rows() -> Iterator[tuple[int, tuple[Any, ...]]]:
        book = _open_book(path, data)
        try:
            yield from _sheet_rows(path.name, book, book.worksheets[index], limits)
        finally:
            book.close()

    return rows


def choose_sheet(
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
    found = {c["column"]: c["value"] for c in cells if not is_blank(c["value"])}
    if not found:
        return ()
    last = max(found)
    if last > limits.columns:
        raise LimitError(
            f"{name} 第 {row} 行第 {column_letter(last)} 列超出列数上限 {limits.columns}（见 --limit columns）"
        )
    return tuple(found.get(i) for i in range(1, last + 1))


def _too_many_rows(name: str, row: int, limits: Limits) -> str:
    return f"{name} 第 {row} 行超出行数上限 {limits.rows}（见 --limit rows）"


def _reason(exc: BaseException) -> str:
    text = str(exc).strip()
    return f"文件已损坏（{type(exc).__name__}{'：' + text[:200] if text else ''}）"


def _csv_reader(path: Path, limits: Limits) -> Rows:
    encoding = csv_encoding(path, limits)

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


def csv_encoding(path: Path, limits: Limits) -> str:
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


def jsonl_records(
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


READERS: dict[str, Callable[[Path, Limits], Rows]] = {
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
