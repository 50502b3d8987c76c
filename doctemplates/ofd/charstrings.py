"""Type 1 charstrings → Type 2 (CFF) bytecode, glyph by glyph.  Type 1 字形程序转换为 Type 2。

The translation half of :mod:`.type1` (which parses and decrypts the program):
path operators are copied, hints dropped, and glyphs with operators this
translator does not know go through fontTools (see :mod:`.type1`).
"""

from __future__ import annotations

import re
import struct
from typing import TYPE_CHECKING

from doctemplates.ofd.errors import OfdFontError

if TYPE_CHECKING:
    from doctemplates.ofd.type1 import Type1Font

__all__ = ["to_type2", "to_type2_any"]

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
CACHE: dict[bytes, tuple[bytes, float]] = {}
_CACHE_LIMIT = 50_000


def to_type2_any(font: Type1Font, name: str) -> tuple[bytes, float]:
    """:func:`to_type2`, or fontTools' interpreter for glyphs it does not handle."""
    charstring = font.charstrings[name]
    cached = CACHE.get(charstring)
    if cached is not None:
        return cached
    try:
        result = to_type2(charstring)
    except (_Fallback, IndexError, struct.error):
        return _via_fonttools(font, name)  # may use subroutines: not cached by its own bytes
    if len(CACHE) >= _CACHE_LIMIT:
        CACHE.clear()
    CACHE[charstring] = result
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
