"""Type 1 font programs → Type 2 (CFF) charstrings.  Type 1 字体程序转换。

LibreOffice 7.x embeds the CFF-based CJK faces (Noto Serif/Sans CJK) as classic
Type 1 programs (``FontFile``, eexec-encrypted, glyphs named ``cidNNNNN``).
OFD embeds OpenType fonts, so each glyph is re-encoded as a Type 2 charstring.

Written by hand on purpose: fontTools' ``t1Lib`` does the same job but spends
~0.6 s on the fonts of one six-page document (pure-Python eexec and PostScript
tokenising), as long as LibreOffice takes for the PDF itself (measured in
``docs/ofd.md``).  Here eexec decryption is a vectorised linear-recurrence scan
(numpy) and charstrings are translated operator by operator; the outlines are
copied exactly, hints are dropped (OFD readers rasterise with their own hinting).
Glyphs using operators this translator does not know (``callsubr``, ``seac``,
``callothersubr``…) go through fontTools' :class:`T1CharString` and a
:class:`T2CharStringPen` instead — slower, but any valid Type 1 font converts.
The translation itself is :mod:`.charstrings`; this module parses and decrypts.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np

from doctemplates.ofd.charstrings import CACHE as CACHE  # read by benchmarks/ofd_bench.py
from doctemplates.ofd.charstrings import to_type2, to_type2_any
from doctemplates.ofd.errors import OfdFontError

__all__ = ["Type1Font", "decrypt", "parse_type1", "to_type2", "to_type2_any"]

_EEXEC_KEY = 55665
_CHARSTRING_KEY = 4330
_A, _C = 52845, 22719
_MASK = 0xFFFF
#: Bounds against hostile programs.  上限。
MAX_PROGRAM = 32 * 1024 * 1024
MAX_GLYPHS = 65535


def _power_table() -> np.ndarray:
    """``A ** k mod 2**16`` for k < 2**14 (the multiplicative order of A divides 2**14)."""
    table = np.empty(1 << 14, dtype=np.uint64)
    value = 1
    for k in range(1 << 14):
        table[k] = value
        value = value * _A & _MASK
    return table


_POWERS: np.ndarray | None = None


def _table() -> np.ndarray:
    global _POWERS
    if _POWERS is None:
        _POWERS = _power_table()
    return _POWERS


def _powers(exponents: np.ndarray) -> np.ndarray:
    powers: np.ndarray = _table()[exponents & ((1 << 14) - 1)]
    return powers


def _powers_from_zero(n: int) -> np.ndarray:
    """``A ** i`` for i < n: the period-2**14 table repeated."""
    return np.resize(_table().astype(np.uint32), n)


def decrypt(data: bytes, key: int, starts: list[int] | None = None) -> bytes:
    """Type 1 decryption (eexec or charstring) of ``data``, restarting ``key`` at each start.

    The cipher state follows ``r[i+1] = A·(c[i] + r[i]) + C (mod 2**16)``, a
    linear recurrence in ``r`` whose inputs are all known (the ciphertext), so
    it is computed as a prefix scan instead of a byte loop.

    >>> decrypt(bytes([0x10, 0xBF, 0x31, 0x70]), 4330)[:2]
    b'\\x00\\x00'
    """
    n = len(data)
    if n == 0:
        return b""
    u32 = np.uint32
    c = np.frombuffer(data, dtype=np.uint8).astype(u32)
    scan = (c * u32(_A) + u32(_C)) & u32(_MASK)  # scan[j] = sum_{k<=j} A^(j-k) d[k]
    shift, factor = 1, _A
    tmp = np.empty(n, dtype=u32)
    while shift < n:  # values stay below 2**32: 65535 * 65535 + 65535 < 2**32
        np.multiply(scan[:-shift], u32(factor), out=tmp[shift:])
        tmp[shift:] += scan[shift:]
        np.bitwise_and(tmp[shift:], u32(_MASK), out=scan[shift:])
        factor = factor * factor & _MASK
        shift *= 2
    if not starts:
        power = _powers_from_zero(n)
        before = np.zeros(n, dtype=u32)
    else:
        marks = np.zeros(n, dtype=np.int64)
        marks[np.asarray(starts, dtype=np.int64)] = np.asarray(starts, dtype=np.int64)
        begin = np.maximum.accumulate(marks)
        power = _powers(np.arange(n, dtype=np.int64) - begin).astype(u32)
        before = scan[np.maximum(begin - 1, 0)] * (begin > 0)
    previous = np.empty(n, dtype=u32)
    previous[0] = 0
    previous[1:] = scan[:-1]
    # r[i] = A^(i-s)·key + T[i-1] - A^(i-s)·T[s-1]  (mod 2**16) for i in a segment starting at s
    minus = (u32(0) - power * before) & u32(_MASK)  # unsigned wrap-around
    r = (power * u32(key) + previous + minus) & u32(_MASK)
    plain = (c ^ (r >> u32(8))).astype(np.uint8)
    return plain.tobytes()


@dataclass
class Type1Font:
    """What the OpenType wrapper needs from a Type 1 program.  Type 1 字体。"""

    name: str  # FontName
    family: str | None
    weight: str | None
    bbox: tuple[float, float, float, float]
    matrix: tuple[float, ...]
    encoding: dict[int, str]  # code → glyph name (built-in encoding)
    charstrings: dict[str, bytes]  # glyph name → decrypted Type 1 charstring (lenIV removed)
    subrs: list[bytes]
    fs_type: int | None = None


_CLEAR_NAME = re.compile(rb"/FontName\s*/([^\s/\[\]{}()<>%]+)")
_CLEAR_FAMILY = re.compile(rb"/FamilyName\s*\(([^)]*)\)")
_CLEAR_WEIGHT = re.compile(rb"/Weight\s*\(([^)]*)\)")
_CLEAR_BBOX = re.compile(rb"/FontBBox\s*[{\[]([^}\]]*)[}\]]")
_CLEAR_MATRIX = re.compile(rb"/FontMatrix\s*\[([^\]]*)\]")
_HEX = re.compile(rb"[0-9a-fA-F]{4}")
_HEX_RUN = re.compile(rb"[0-9a-fA-F\s]*")
_ENCODING_ENTRY = re.compile(rb"dup\s+(\d+)\s*/([^\s/\[\]{}()<>%]+)\s+put")
_STANDARD_ENCODING = re.compile(rb"/Encoding\s+StandardEncoding\s+def")
_LENIV = re.compile(rb"/lenIV\s+(\d+)")
_CHARSTRINGS = re.compile(rb"/CharStrings\s+\d+\s+dict\s+dup\s+begin")
_GLYPH = re.compile(rb"/([^\s/\[\]{}()<>%]+)\s+(\d+)\s+(?:RD|-\|)\s")
_SUBRS = re.compile(rb"/Subrs\s+(\d+)\s+array")
_SUBR = re.compile(rb"dup\s+(\d+)\s+(\d+)\s+(?:RD|-\|)\s")


def _numbers(raw: bytes | None) -> tuple[float, ...]:
    if raw is None:
        return ()
    try:
        return tuple(float(x) for x in raw.split())
    except ValueError:
        return ()


def parse_type1(program: bytes, name_hint: str = "") -> Type1Font:
    """Parse a PDF ``FontFile`` (cleartext + eexec-encrypted binary part)."""
    if len(program) > MAX_PROGRAM:
        raise OfdFontError(f"字体 {name_hint} 的程序过大（{len(program)} 字节）")
    marker = program.find(b"eexec")
    if not program.startswith(b"%!") or marker < 0:
        raise OfdFontError(f"字体 {name_hint} 不是有效的 Type 1 字体程序")
    clear = program[:marker]
    start = marker + len(b"eexec")
    while start < len(program) and program[start] in b" \t\r\n":
        start += 1
    binary = program[start:]
    if _HEX.fullmatch(binary[:4]):  # hexadecimal eexec part (rare in PDF)
        digits = re.sub(rb"\s", b"", _HEX_RUN.match(binary)[0])  # type: ignore[index]
        binary = bytes.fromhex(digits[: len(digits) // 2 * 2].decode())
    private = decrypt(binary, _EEXEC_KEY)[4:]
    lenient = _LENIV.search(private)
    len_iv = int(lenient[1]) if lenient else 4
    charstrings, subrs = _read_binaries(private, name_hint)
    return Type1Font(
        name=_text(_CLEAR_NAME.search(clear)) or name_hint,
        family=_text(_CLEAR_FAMILY.search(clear)),
        weight=_text(_CLEAR_WEIGHT.search(clear)),
        bbox=_bbox(_numbers(_group(_CLEAR_BBOX.search(clear)))),
        matrix=_numbers(_group(_CLEAR_MATRIX.search(clear))) or (0.001, 0, 0, 0.001, 0, 0),
        encoding=_encoding(clear),
        charstrings=_decrypt_all(charstrings, len_iv),
        subrs=list(_decrypt_all(dict(enumerate(subrs)), len_iv).values()),
    )


def _group(match: re.Match[bytes] | None) -> bytes | None:
    return match[1] if match else None


def _text(match: re.Match[bytes] | None) -> str | None:
    return match[1].decode("latin-1") if match else None


def _bbox(values: tuple[float, ...]) -> tuple[float, float, float, float]:
    if len(values) != 4:
        return (0.0, -200.0, 1000.0, 900.0)
    return (values[0], values[1], values[2], values[3])


def _encoding(clear: bytes) -> dict[int, str]:
    if _STANDARD_ENCODING.search(clear):
        from fontTools.encodings.StandardEncoding import StandardEncoding

        return {i: n for i, n in enumerate(StandardEncoding) if n != ".notdef"}
    return {
        int(code): name.decode("latin-1")
        for code, name in _ENCODING_ENTRY.findall(clear)
        if int(code) < 256
    }


def _read_binaries(private: bytes, name_hint: str) -> tuple[dict[str, bytes], list[bytes]]:
    subrs: list[bytes] = []
    found = _SUBRS.search(private)
    pos = 0
    if found:
        count = min(int(found[1]), MAX_GLYPHS)
        subrs = [b""] * count
        pos = found.end()
        for _ in range(count):
            entry = _SUBR.search(private, pos)
            if entry is None or (_CHARSTRINGS.search(private, pos, entry.start()) is not None):
                break
            index, size = int(entry[1]), int(entry[2])
            if index < count:
                subrs[index] = private[entry.end() : entry.end() + size]
            pos = entry.end() + size
    head = _CHARSTRINGS.search(private, pos)
    if head is None:
        raise OfdFontError(f"字体 {name_hint} 的 Type 1 程序中没有字形（CharStrings）")
    glyphs: dict[str, bytes] = {}
    pos = head.end()
    while len(glyphs) <= MAX_GLYPHS:
        entry = _GLYPH.match(private, _skip_space(private, pos))
        if entry is None:
            break
        size = int(entry[2])
        glyphs[entry[1].decode("latin-1")] = private[entry.end() : entry.end() + size]
        pos = entry.end() + size
        pos = _skip_token(private, pos)  # ND / |-
    return glyphs, subrs


def _skip_space(data: bytes, pos: int) -> int:
    while pos < len(data) and data[pos] in b" \t\r\n":
        pos += 1
    return pos


def _skip_token(data: bytes, pos: int) -> int:
    pos = _skip_space(data, pos)
    while pos < len(data) and data[pos] not in b" \t\r\n/":
        pos += 1
    return pos


def _decrypt_all(items: dict[str, bytes] | dict[int, bytes], len_iv: int) -> dict:  # type: ignore[type-arg]
    keys = list(items)
    blobs = [items[k] for k in keys]  # type: ignore[index]
    starts, offset = [], 0
    for blob in blobs:
        starts.append(offset)
        offset += len(blob)
    joined = decrypt(
        b"".join(blobs), _CHARSTRING_KEY, [s for s, b in zip(starts, blobs, strict=True) if b]
    )
    return {k: joined[s + len_iv : s + len(b)] for k, s, b in zip(keys, starts, blobs, strict=True)}
