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
"""

from __future__ import annotations

import re
import struct
from dataclasses import dataclass

import numpy as np

from doctemplates.ofd.errors import OfdFontError

__all__ = ["Type1Font", "decrypt", "parse_type1", "to_type2"]

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


# -- charstring translation -------------------------------------------------------------------
_TOKENS = re.compile(
    rb"((?:[\x20-\xf6]|[\xf7-\xfe][\x00-\xff]|\xff[\x00-\xff]{4})*)(\x0c[\x00-\xff]|[\x00-\x1f])",
    re.DOTALL,
)
_PATH_OPS = {5, 6, 7, 8, 30, 31}
_HINTS = {1, 3, 1200, 1201, 1202}  # hstem vstem dotsection vstem3 hstem3


class _Fallback(Exception):
    pass


def _decode(operands: bytes) -> list[float]:
    values: list[float] = []
    i, n = 0, len(operands)
    while i < n:
        b = operands[i]
        if b <= 246:
            values.append(b - 139)
            i += 1
        elif b <= 250:
            values.append((b - 247) * 256 + operands[i + 1] + 108)
            i += 2
        elif b <= 254:
            values.append(-(b - 251) * 256 - operands[i + 1] - 108)
            i += 2
        else:
            values.append(struct.unpack(">i", operands[i + 1 : i + 5])[0])
            i += 5
    return values


def _encode(value: float) -> bytes:
    if value == int(value):
        v = int(value)
        if -107 <= v <= 107:
            return bytes((v + 139,))
        if 108 <= v <= 1131:
            v -= 108
            return bytes((247 + (v >> 8), v & 0xFF))
        if -1131 <= v <= -108:
            v = -v - 108
            return bytes((251 + (v >> 8), v & 0xFF))
        if -32768 <= v <= 32767:
            return b"\x1c" + struct.pack(">h", v)
    fixed = round(value * 65536)
    if not -(2**31) <= fixed < 2**31:
        raise _Fallback
    return b"\xff" + struct.pack(">i", fixed)


def _encode_all(values: list[float]) -> bytes:
    return b"".join(_encode(v) for v in values)


class _Glyph:
    """Translation state of one charstring."""

    def __init__(self) -> None:
        self.out = bytearray()
        self.stack: list[float] = []
        self.width = 0.0
        self.sbx = self.sby = 0.0
        self.started = False
        self.ended = False

    def token(self, operands: bytes, op_bytes: bytes) -> None:
        op = op_bytes[0] if len(op_bytes) == 1 else 1200 + op_bytes[1]
        stack = self.stack
        stack += _decode(operands)
        if op == 1212:  # div
            if len(stack) < 2 or stack[-1] == 0:
                raise _Fallback
            divisor = stack.pop()
            stack.append(stack.pop() / divisor)
        elif op in _HINTS or op == 9:  # hints and closepath: not needed in Type 2
            stack.clear()
        elif op == 13 and len(stack) >= 2:  # hsbw
            self.sbx, self.width = stack[0], stack[1]
            stack.clear()
        elif op == 1207 and len(stack) >= 4:  # sbw
            self.sbx, self.sby, self.width = stack[0], stack[1], stack[2]
            stack.clear()
        elif op in (21, 22, 4, 14) and not self.started:
            self.first(op)
        elif op in _MOVES or op in _PATH_OPS or op == 14:
            self.out += _encode_all(stack)
            self.out.append(op)
            stack.clear()
            self.ended = op == 14
        else:
            raise _Fallback

    def first(self, op: int) -> None:
        """The first stack-clearing operator carries the width; the side bearing moves the start."""
        stack, sbx, sby = self.stack, self.sbx, self.sby
        self.out += _encode(self.width)
        self.started = True
        if op == 21 and len(stack) >= 2:
            stack[0] += sbx
            stack[1] += sby
        elif op == 22 and stack:
            stack, op = ([stack[0] + sbx, sby], 21) if sby else ([stack[0] + sbx], 22)
        elif op == 4 and stack:
            stack, op = ([sbx, stack[0] + sby], 21) if sbx else ([stack[0] + sby], 4)
        self.out += _encode_all(stack)
        self.out.append(op)
        self.stack = []
        self.ended = op == 14


_MOVES = {21, 22, 4}
_NUMBER = rb"(?:[\x20-\xf6]|[\xf7-\xfe][\x00-\xff])"
#: After the first moveto: runs of path operators copied as they are (T1 and T2 encode
#: numbers -1131…1131 identically), closepath dropped, anything else token by token.
_AFTER_START = re.compile(
    rb"(?P<run>(?:" + _NUMBER + rb"*[\x04-\x08\x15\x16\x1e\x1f])+)|(?P<close>\x09)"
    rb"|(?P<other>(?:" + _NUMBER + rb"|\xff[\x00-\xff]{4})*(?:\x0c[\x00-\xff]|[\x00-\x1f]))",
    re.DOTALL,
)


def to_type2(charstring: bytes) -> tuple[bytes, float]:
    """Translate one decrypted Type 1 charstring to Type 2 bytecode; returns ``(bytecode, advance)``.

    Raises :class:`_Fallback` for operators other than paths, hints, ``hsbw``/``sbw``, ``div``
    and ``closepath`` (the caller then uses fontTools).
    """
    glyph = _Glyph()
    pos = 0
    for match in _TOKENS.finditer(charstring):
        glyph.token(match[1], match[2])
        pos = match.end()
        if glyph.started:
            break
    if glyph.started and not glyph.ended:
        for match in _AFTER_START.finditer(charstring, pos):
            kind = match.lastgroup
            if kind == "run" and not glyph.stack:
                glyph.out += match[0]
            elif kind == "close":
                glyph.stack.clear()
            else:
                for operands, op_bytes in _TOKENS.findall(match[0]):
                    glyph.token(operands, op_bytes)
            if glyph.ended:
                break
    if not glyph.started:
        glyph.first(14)
    elif not glyph.ended:
        glyph.out.append(14)
    return bytes(glyph.out), glyph.width


#: Translated glyphs by their decrypted Type 1 charstring: documents of one batch share most
#: glyphs.  The key is the outline program itself, so a hostile PDF cannot poison the entry
#: of another document's glyph.  Bounded; cleared when full.
_CACHE: dict[bytes, tuple[bytes, float]] = {}
_CACHE_LIMIT = 50_000


def to_type2_any(font: Type1Font, name: str) -> tuple[bytes, float]:
    """:func:`to_type2`, or fontTools' interpreter for glyphs it does not handle."""
    charstring = font.charstrings[name]
    cached = _CACHE.get(charstring)
    if cached is not None:
        return cached
    try:
        result = to_type2(charstring)
    except (_Fallback, IndexError, struct.error):
        return _via_fonttools(font, name)  # may use subroutines: not cached by its own bytes
    if len(_CACHE) >= _CACHE_LIMIT:
        _CACHE.clear()
    _CACHE[charstring] = result
    return result


def _via_fonttools(font: Type1Font, name: str) -> tuple[bytes, float]:
    from fontTools.misc.psCharStrings import T1CharString
    from fontTools.pens.t2CharStringPen import T2CharStringPen

    subrs = [T1CharString(s) for s in font.subrs]
    glyphs = {n: T1CharString(cs, subrs=subrs) for n, cs in font.charstrings.items()}
    for charstring in subrs:
        charstring.subrs = subrs
    glyph = glyphs[name]
    try:
        glyph.decompile()
        glyph.draw(_NullPen())  # sets .width
        pen = T2CharStringPen(glyph.width, glyphs)
        glyph.draw(pen)
    except Exception as exc:  # fontTools raises many kinds on a broken program
        raise OfdFontError(f"字体 {font.name} 的字形 {name} 无法读取：{exc}") from exc
    charstring = pen.getCharString()
    charstring.compile()
    return bytes(charstring.bytecode), float(glyph.width)


class _NullPen:
    def moveTo(self, pt: object) -> None: ...
    def lineTo(self, pt: object) -> None: ...
    def curveTo(self, *pts: object) -> None: ...
    def qCurveTo(self, *pts: object) -> None: ...
    def closePath(self) -> None: ...
    def endPath(self) -> None: ...
    def addComponent(self, name: object, transform: object) -> None: ...
