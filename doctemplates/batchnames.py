"""Output file names of a batch: safe, unique, from a pattern.  批量输出的文件名。

Split from :mod:`doctemplates.batch` (issue 14).
"""

from __future__ import annotations

import re
import string
import unicodedata
from typing import Any

import pathvalidate
import pathvalidate.handler

from doctemplates.batchtypes import BatchError
from doctemplates.errors import DataError
from doctemplates.records import Record

_MAX_NAME = 80  # characters of a generated stem
#: UTF-8 bytes of a generated stem: with "-NNNN", ".docx" or ".pdf" it stays far below
#: the 255-byte NAME_MAX of Linux, macOS and Windows file systems.
_MAX_NAME_BYTES = 200
_MAX_PATTERN_BYTES = 1000


#: Unicode categories never kept in a name: controls (C0, C1 incl. U+0085), format
#: characters (bidi overrides such as U+202E, zero-width), surrogates, and the line and
#: paragraph separators U+2028/U+2029.
_DROP_CATEGORIES = frozenset({"Cc", "Cf", "Cs", "Zl", "Zp"})


# -- file names ----------------------------------------------------------------------------
class _Namer:
    """Safe, unique file names from a pattern such as ``{提案号}-{案由}``.

    The pattern is parsed like :meth:`str.format` (``{{`` and ``}}`` are literal
    braces); an unbalanced brace, a conversion (``!r``) or a format spec is a
    usage error rather than text taken literally.
    """

    def __init__(self, pattern: str | None, model: Any) -> None:
        self.lookup = {key: key for key in model.model_fields} | {
            info.title: key for key, info in model.model_fields.items() if info.title
        }
        self.used: set[str] = set()
        self.parts = _parse_pattern(pattern, self.lookup) if pattern else None

    def name(self, record: Record) -> str:
        stem = self._fill(record) if self.parts is not None else f"{record.row:05d}"
        stem = make_name(stem) or f"{record.row:05d}"
        candidate, n = stem, 1
        while candidate.lower() in self.used:
            n += 1
            candidate = f"{stem}-{n}"
        self.used.add(candidate.lower())
        return candidate + ".docx"

    def _fill(self, record: Record) -> str:
        out: list[str] = []
        for literal, key in self.parts or ():
            out.append(literal)
            if key is None:
                continue
            if key in ("行号", "row"):
                out.append(str(record.row))
                continue
            field = self.lookup[key]
            value = record.data.get(field)
            if value in (None, ""):
                raise DataError(f"文件名需要的字段 {key} 为空", field=field, row=record.row)
            out.append(_short(value))
        return "".join(out)


def _short(value: Any) -> str:
    """A field value as name text, bounded before any work on it (a value may be 1 MB)."""
    if isinstance(value, int) and not isinstance(value, bool) and abs(value) >= 10**_MAX_NAME:
        return "_"  # no 5,000-digit numbers in names (nor their slow conversion)
    return str(value)[: 4 * _MAX_NAME]


def _parse_pattern(pattern: str, lookup: dict[str, str]) -> list[tuple[str, str | None]]:
    """``"{提案号}-{案由}"`` → ``[("", "提案号"), ("-", "案由")]``; usage errors in Chinese."""
    if len(pattern.encode("utf-8", "surrogatepass")) > _MAX_PATTERN_BYTES:
        raise BatchError(f"文件名模式过长（上限 {_MAX_PATTERN_BYTES} 字节）")
    if "/" in pattern or "\\" in pattern or ".." in pattern:
        raise BatchError(f"文件名模式 {pattern} 含有路径分隔符或“..”，输出文件只能写在输出目录中")
    try:
        parsed = list(string.Formatter().parse(pattern))
    except ValueError as exc:
        raise BatchError(
            f"文件名模式 {pattern} 中的花括号不配对（字段写作 {{标题}}，花括号本身写作 {{{{ 和 }}}}）"
        ) from exc
    parts: list[tuple[str, str | None]] = []
    for literal, key, spec, conversion in parsed:
        if key is not None and (spec or conversion):
            raise BatchError(
                f"文件名模式中的 {{{key}{'!' + conversion if conversion else ''}{':' + spec if spec else ''}}} 不能带格式说明，只写字段名"
            )
        if key is not None and key not in lookup and key not in ("行号", "row"):
            raise BatchError(
                f"文件名模式中的 {{{key}}} 不是字段名（可用：{'、'.join(sorted(lookup))}）"
            )
        parts.append((literal, key))
    return parts


def make_name(text: str) -> str:
    """A file-name stem safe on Windows, macOS and Linux.  生成安全的文件名。

    Control, format (bidi), separator and surrogate characters are dropped;
    the stem is at most 80 characters and 200 UTF-8 bytes, cut at a character.

    >>> make_name('../第1号:关于<科技>的提案?')
    '第1号_关于_科技_的提案'
    >>> make_name("CON"), make_name("COM¹")
    ('_CON', '_COM¹')
    >>> make_name("a\u202eexe.docx\u2028b")
    'aexe.docxb'
    >>> len(make_name("𠀀" * 90).encode())
    200
    """
    text = unicodedata.normalize("NFC", text[: 4 * _MAX_NAME])
    # pathvalidate knows the characters file systems refuse, not bidi overrides or
    # zero-width characters that disguise a name: those are dropped here first.
    text = "".join(ch for ch in text if unicodedata.category(ch) not in _DROP_CATEGORIES)
    text = pathvalidate.sanitize_filename(
        text.replace("..", "_"),
        replacement_text="_",
        platform="universal",
        max_len=_MAX_NAME_BYTES,  # UTF-8 bytes, cut at a character
        reserved_name_handler=pathvalidate.handler.ReservedNameHandler.as_is,  # see below
    )
    text = re.sub(r"_+", "_", text).strip(" ._")[:_MAX_NAME].rstrip(" ._")
    if _reserved(text):  # after the last cut (``CON.docx`` cut to ``CON``)
        text = "_" + text
    return text


def _reserved(stem: str) -> bool:
    """A Windows device name (``CON``, ``COM¹``, ``nul.txt`` …), as pathvalidate knows them."""
    try:
        pathvalidate.validate_filename(stem.split(".")[0] or "_", platform="windows")
    except pathvalidate.ValidationError as exc:
        return exc.reason == pathvalidate.error.ErrorReason.RESERVED_NAME
    return False
