"""ToUnicode CMaps: character code → text.  字符码到 Unicode 的映射。

Written by hand: pdfminer's ``CMapParser`` reads the same syntax but takes
~8 ms for one 255-entry map (its general PostScript tokenizer), as much as all
other work on a page; ``bfchar`` and ``bfrange`` are all a ToUnicode CMap may
hold (PDF 32000-1 §9.10.3), so two regular expressions suffice.

>>> parse_tounicode(b"2 beginbfchar <01> <0030> <02> <D840DC00> endbfchar")
{1: '0', 2: '𠀀'}
>>> parse_tounicode(b"1 beginbfrange <10> <12> <4E00> endbfrange")
{16: '一', 17: '丁', 18: '丂'}
>>> parse_tounicode(b"1 beginbfrange <01> <02> [<0041> <0042>] endbfrange")
{1: 'A', 2: 'B'}
"""

from __future__ import annotations

import re

__all__ = ["parse_tounicode"]

_SECTION = re.compile(rb"beginbf(char|range)(.*?)endbf\1", re.DOTALL)
_HEX = rb"<\s*([0-9A-Fa-f\s]*)>"
_CHAR = re.compile(_HEX + rb"\s*" + _HEX)
_RANGE = re.compile(
    _HEX + rb"\s*" + _HEX + rb"\s*(?:" + _HEX + rb"|\[((?:\s*<[0-9A-Fa-f\s]*>)*)\s*\])"
)
_ITEM = re.compile(_HEX)
#: Bound on the codes one map may define (two-byte codes: 65,536).  上限。
MAX_CODES = 65536


def _code(raw: bytes) -> int:
    digits = re.sub(rb"\s", b"", raw)
    return int(digits, 16) if digits else 0


def _text(raw: bytes) -> str:
    digits = re.sub(rb"\s", b"", raw)
    if len(digits) % 4:
        digits = digits.rjust(len(digits) + 4 - len(digits) % 4, b"0")
    return bytes.fromhex(digits.decode()).decode("utf-16-be", errors="replace")


def parse_tounicode(data: bytes) -> dict[int, str]:
    """``{code: text}`` of a ToUnicode CMap stream."""
    mapping: dict[int, str] = {}
    for kind, body in _SECTION.findall(data):
        if kind == b"char":
            for code, text in _CHAR.findall(body):
                mapping[_code(code)] = _text(text)
        else:
            for low, high, start, items in _RANGE.findall(body):
                _add_range(mapping, _code(low), _code(high), start, items)
        if len(mapping) > MAX_CODES:
            break
    return mapping


def _add_range(mapping: dict[int, str], low: int, high: int, start: bytes, items: bytes) -> None:
    high = min(high, low + MAX_CODES)
    if items:
        for offset, item in enumerate(_ITEM.findall(items)):
            if low + offset > high:
                break
            mapping[low + offset] = _text(item)
        return
    first = _text(start)
    if not first:
        return
    head, last = first[:-1], ord(first[-1])
    for offset in range(high - low + 1):
        if last + offset > 0x10FFFF:
            break
        mapping[low + offset] = head + chr(last + offset)
