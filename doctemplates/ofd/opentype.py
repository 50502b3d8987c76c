"""A minimal OpenType (CFF) font writer for the embedded subsets.  生成 OpenType 字体。

Written by hand: fontTools' ``FontBuilder`` + ``TTFont.save`` produce the same
tables but took ~35 % of the whole OFD conversion (measured in docs/ofd.md:
table objects, CFF compile passes, table-module lookups), for fonts of a few
hundred ready-made Type 2 charstrings.  This writer lays out one name-keyed CFF
table (no subroutines, fixed-size offsets so one pass suffices) and the eight
small tables around it.  Its output is checked by fontTools (every glyph traced
in the tests) and by Chromium's font sanitizer (OTS) in the rendering tests.
"""

from __future__ import annotations

import struct
from collections.abc import Sequence
from dataclasses import dataclass

from fontTools.cffLib import cffStandardStrings

__all__ = ["CffFont", "build_cff_font"]

_STANDARD = {name: sid for sid, name in enumerate(cffStandardStrings)}
_FIXED_TIME = 3_029_529_600  # 2000-01-01 in seconds since 1904: deterministic bytes


@dataclass(frozen=True)
class CffFont:
    """What goes into one font.  字体内容。"""

    ps_name: str
    family: str
    bold: bool
    italic: bool
    glyphs: Sequence[str]  # glyph order, ".notdef" first
    charstrings: Sequence[bytes]  # Type 2, in glyph order
    advances: Sequence[int]  # font units, in glyph order
    cmap: dict[int, int]  # code point → glyph index
    bbox: tuple[int, int, int, int]
    ascent: int
    descent: int
    units_per_em: int = 1000
    fs_type: int = 0


def _index(items: Sequence[bytes]) -> bytes:
    if not items:
        return b"\x00\x00"
    offsets = [1]
    for item in items:
        offsets.append(offsets[-1] + len(item))
    size = (
        1
        if offsets[-1] < 0x100
        else 2
        if offsets[-1] < 0x10000
        else 3
        if offsets[-1] < 0x1000000
        else 4
    )
    packed = b"".join(o.to_bytes(size, "big") for o in offsets)
    return struct.pack(">HB", len(items), size) + packed + b"".join(items)


def _int(value: int) -> bytes:
    if -107 <= value <= 107:
        return bytes((value + 139,))
    if 108 <= value <= 1131:
        value -= 108
        return bytes((247 + (value >> 8), value & 0xFF))
    if -1131 <= value <= -108:
        value = -value - 108
        return bytes((251 + (value >> 8), value & 0xFF))
    if -32768 <= value <= 32767:
        return b"\x1c" + struct.pack(">h", value)
    return b"\x1d" + struct.pack(">i", value)


def _offset(value: int) -> bytes:
    return b"\x1d" + struct.pack(">i", value)  # always five bytes: offsets known in one pass


def _real(value: float) -> bytes:
    """A CFF real number (nibbles: digits, ``.`` A, ``E`` B, ``E-`` C, ``-`` E, end F)."""
    codes = {".": 0xA, "E": 0xB, "F": 0xC, "-": 0xE}
    text = repr(float(value)).upper().replace("E-", "F").replace("E+", "E")
    nibbles = [int(ch) if ch.isdigit() else codes[ch] for ch in text] + [0xF]
    if len(nibbles) % 2:
        nibbles.append(0xF)
    return b"\x1e" + bytes(nibbles[i] << 4 | nibbles[i + 1] for i in range(0, len(nibbles), 2))


def _cff(font: CffFont) -> bytes:
    strings: list[bytes] = []

    def sid(text: str) -> int:
        if text in _STANDARD:
            return _STANDARD[text]
        strings.append(text.encode("latin-1", "replace"))
        return len(_STANDARD) + len(strings) - 1

    header = b"\x01\x00\x04\x04"
    names = _index([font.ps_name.encode("latin-1", "replace")])
    style = "Bold" if font.bold else "Regular"
    info = _int(sid(f"{font.family} {style}")) + b"\x02" + _int(sid(font.family)) + b"\x03"
    info += _int(sid(style)) + b"\x04" + b"".join(_int(v) for v in font.bbox) + b"\x05"
    if font.units_per_em != 1000:
        scale = 1 / font.units_per_em
        info += b"".join(_real(v) for v in (scale, 0, 0, scale, 0, 0)) + b"\x0c\x07"
    charset = b"\x00" + b"".join(struct.pack(">H", sid(name)) for name in font.glyphs[1:])
    strings_index = _index(strings)
    charstrings = _index(list(font.charstrings))
    private = _int(0) + b"\x14" + _int(0) + b"\x15"  # defaultWidthX 0, nominalWidthX 0
    # Top DICT size is fixed once the string SIDs are known: offsets are 5-byte integers.
    top_size = len(info) + 3 * 5 + 3 + 5  # charset, CharStrings, Private (size + offset)
    top_index_size = len(_index([b"\x00" * top_size]))
    start = len(header) + len(names) + top_index_size + len(strings_index) + 2
    charset_at = start
    charstrings_at = charset_at + len(charset)
    private_at = charstrings_at + len(charstrings)
    top = info + _offset(charset_at) + b"\x0f" + _offset(charstrings_at) + b"\x11"
    top += _offset(len(private)) + _offset(private_at) + b"\x12"
    assert len(top) == top_size
    return (
        header
        + names
        + _index([top])
        + strings_index
        + b"\x00\x00"
        + charset
        + charstrings
        + private
    )


def _cmap(mapping: dict[int, int]) -> bytes:
    bmp = sorted((c, g) for c, g in mapping.items() if c <= 0xFFFF)
    segments: list[tuple[int, int, int]] = []  # start, end, delta
    for code, glyph in bmp:
        if segments and code == segments[-1][1] + 1 and glyph - code == segments[-1][2]:
            segments[-1] = (segments[-1][0], code, segments[-1][2])
        else:
            segments.append((code, code, glyph - code))
    segments.append((0xFFFF, 0xFFFF, 1))
    count = len(segments)
    search = 2 ** (count.bit_length() - 1)
    body = struct.pack(
        ">HHHH", count * 2, search * 2, search.bit_length() - 1, count * 2 - search * 2
    )
    body += b"".join(struct.pack(">H", end) for _, end, _ in segments) + b"\x00\x00"
    body += b"".join(struct.pack(">H", start) for start, _, _ in segments)
    body += b"".join(
        struct.pack(">h", (delta + 0x8000) % 0x10000 - 0x8000) for _, _, delta in segments
    )
    body += b"\x00\x00" * count  # idRangeOffset
    format4 = struct.pack(">HHH", 4, 6 + len(body), 0) + body
    subtables = [(3, 1, format4)]
    wide = sorted((c, g) for c, g in mapping.items() if c > 0xFFFF)
    if wide:
        groups = b"".join(struct.pack(">III", c, c, g) for c, g in sorted(mapping.items()))
        count12 = len(mapping)
        subtables.append(
            (3, 10, struct.pack(">HHIII", 12, 0, 16 + 12 * count12, 0, count12) + groups)
        )
    header = struct.pack(">HH", 0, len(subtables))
    offset = 4 + 8 * len(subtables)
    records, data = b"", b""
    for platform, encoding, table in subtables:
        records += struct.pack(">HHI", platform, encoding, offset + len(data))
        data += table
    return header + records + data


def _name(font: CffFont) -> bytes:
    style = "Bold" if font.bold else "Regular"
    entries = {
        1: font.family,
        2: style,
        3: f"doctemplates:{font.ps_name}",
        4: f"{font.family} {style}",
        5: "Version 1.000",
        6: font.ps_name,
    }
    records, data = b"", b""
    for name_id, text in entries.items():
        raw = text.encode("utf-16-be")
        records += struct.pack(">HHHHHH", 3, 1, 0x409, name_id, len(raw), len(data))
        data += raw
    return struct.pack(">HHH", 0, len(entries), 6 + 12 * len(entries)) + records + data


def _os2(font: CffFont) -> bytes:
    codes = sorted(font.cmap) or [0x20]
    selection = (0x20 if font.bold else 0x40) | (0x01 if font.italic else 0)
    upm = font.units_per_em
    average = round(sum(font.advances) / max(len(font.advances), 1))
    return struct.pack(
        ">HhHHHhhhhhhhhhhh10sIIII4sHHHhhhHHIIhhHHH",
        4, average, 700 if font.bold else 400, 5, font.fs_type,
        upm * 65 // 100, upm * 60 // 100, 0, upm * 7 // 100,  # subscript size, offset
        upm * 65 // 100, upm * 60 // 100, 0, upm * 35 // 100,  # superscript size, offset
        upm * 5 // 100, upm * 26 // 100, 0,  # strikeout size, position, family class
        bytes(10), 0, 0, 0, 0, b"NONE", selection,
        min(codes[0], 0xFFFF), min(codes[-1], 0xFFFF),
        font.ascent, font.descent, 0, max(font.ascent, 0), max(-font.descent, 0),
        1 | (1 << 18) | (1 << 20), 0,  # code pages: Latin 1, simplified Chinese, traditional Chinese
        0, font.ascent * 7 // 10, 0, 0x20, 0,  # xHeight, capHeight, default, break, maxContext
    )  # fmt: skip


def _checksum(data: bytes) -> int:
    padded = data + b"\x00" * (-len(data) % 4)
    words: tuple[int, ...] = struct.unpack(f">{len(padded) // 4}I", padded)
    return sum(words) & 0xFFFFFFFF


def build_cff_font(font: CffFont) -> bytes:
    """The OpenType (``OTTO``) bytes of ``font``."""
    count = len(font.glyphs)
    x_min, y_min, x_max, y_max = font.bbox
    mac_style = (1 if font.bold else 0) | (2 if font.italic else 0)
    head = struct.pack(
        ">IIIIHHqqhhhhHHhhh",
        0x00010000, 0x00010000, 0, 0x5F0F3CF5, 0x000B, font.units_per_em,
        _FIXED_TIME, _FIXED_TIME, x_min, y_min, x_max, y_max, mac_style, 8, 2, 0, 0,
    )  # fmt: skip
    hhea = struct.pack(
        ">IhhhHhhhhhhhhhhhH",
        0x00010000, font.ascent, font.descent, 0, max(font.advances, default=0),
        x_min, 0, x_max, 1, 0, 0, 0, 0, 0, 0, 0, count,
    )  # fmt: skip
    tables = {
        "CFF ": _cff(font),
        "OS/2": _os2(font),
        "cmap": _cmap(font.cmap),
        "head": head,
        "hhea": hhea,
        "hmtx": b"".join(struct.pack(">Hh", max(a, 0), 0) for a in font.advances),
        "maxp": struct.pack(">IH", 0x00005000, count),
        "name": _name(font),
        "post": struct.pack(">IIhhIIIII", 0x00030000, 0, -100, 50, 0, 0, 0, 0, 0),
    }
    tags = sorted(tables)
    search = 2 ** (len(tags).bit_length() - 1)
    directory = struct.pack(
        ">4sHHHH",
        b"OTTO",
        len(tags),
        search * 16,
        search.bit_length() - 1,
        len(tags) * 16 - search * 16,
    )
    offset = len(directory) + 16 * len(tags)
    records, body = b"", b""
    for tag in tags:
        data = tables[tag]
        records += struct.pack(
            ">4sIII", tag.encode(), _checksum(data), offset + len(body), len(data)
        )
        body += data + b"\x00" * (-len(data) % 4)
    font_bytes = bytearray(directory + records + body)
    head_at = _table_offset(records, b"head")
    adjustment = (0xB1B0AFBA - _checksum(bytes(font_bytes))) & 0xFFFFFFFF
    font_bytes[head_at + 8 : head_at + 12] = struct.pack(">I", adjustment)
    return bytes(font_bytes)


def _table_offset(records: bytes, tag: bytes) -> int:
    for i in range(0, len(records), 16):
        if records[i : i + 4] == tag:
            return int.from_bytes(records[i + 8 : i + 12], "big")
    raise KeyError(tag)
