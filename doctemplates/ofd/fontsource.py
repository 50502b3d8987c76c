"""Reading one PDF font resource: its program, codes, glyphs and widths.  读取 PDF 字体资源。

The reading half of :mod:`.fonts`: a ``/Font`` dictionary becomes a :class:`Source`
(Type 1, TrueType or CFF program, ToUnicode text, glyph per code, advances).
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from typing import Any

from fontTools import agl
from fontTools.ttLib import TTFont, TTLibError
from pypdf.generic import DictionaryObject

from doctemplates.ofd import type1
from doctemplates.ofd.errors import OfdFontError
from doctemplates.ofd.tounicode import parse_tounicode

__all__ = ["font_key"]

_SUBSET_TAG = re.compile(r"^[A-Z]{6}\+")


def font_key(base_font: str) -> str:
    """The PostScript name without the subset tag: ``ABCDEF+Foo-Bold`` → ``Foo-Bold``."""
    return _SUBSET_TAG.sub("", base_font)


@dataclass
class Source:
    """What one PDF font resource contributes.  一个 PDF 字体的字形与映射。"""

    key: str
    base_font: str
    kind: str  # type1 / truetype / cff
    program: bytes
    to_text: dict[int, str]  # code → text
    to_glyph: dict[int, Any]  # code → glyph name (type1/cff) or glyph id (truetype)
    widths: dict[int, float]  # code → advance (1/1000 em)
    bold: bool
    italic: bool
    family: str | None
    parsed: Any = None


struct_error = __import__("struct").error


# -- reading a PDF font resource --------------------------------------------------------------
def _get(obj: Any, key: str) -> Any:
    value = obj.get(key) if obj is not None else None
    return value.get_object() if value is not None and hasattr(value, "get_object") else value


def read_source(base_font: str, font: DictionaryObject) -> Source:
    subtype = _get(font, "/Subtype")
    if subtype == "/Type3":
        raise OfdFontError(f"字体 {base_font} 是 Type 3 字体（由绘图指令组成），无法嵌入 OFD")
    descendant = None
    if subtype == "/Type0":
        fonts = _get(font, "/DescendantFonts") or []
        if not len(fonts):
            raise OfdFontError(f"字体 {base_font} 缺少 CID 字体（DescendantFonts）")
        descendant = fonts[0].get_object()
    holder = descendant if descendant is not None else font
    descriptor = _get(holder, "/FontDescriptor")
    program, kind = _program(descriptor, base_font)
    flags = int(_get(descriptor, "/Flags") or 0)
    weight = float(_get(descriptor, "/FontWeight") or 0)
    key = font_key(base_font)
    to_text = _to_text(font, base_font)
    bold = bool(flags & (1 << 18)) or weight >= 600 or "bold" in key.lower()
    italic = bool(flags & (1 << 6)) or "italic" in key.lower()
    source = Source(key, base_font, kind, program, to_text, {}, {}, bold, italic, None)
    if descendant is not None:
        _cid_glyphs(source, descendant)
    else:
        _simple_glyphs(source, font)
    if not source.to_text:
        raise OfdFontError(
            f"字体 {base_font} 没有可用的字符映射（ToUnicode 或标准字形名），无法生成可检索的文字"
        )
    return source


def _program(descriptor: Any, base_font: str) -> tuple[bytes, str]:
    if descriptor is None:
        raise OfdFontError(f"字体 {base_font} 未嵌入 PDF，无法保证 OFD 显示相同的字形")
    for key, kind in (("/FontFile", "type1"), ("/FontFile2", "truetype"), ("/FontFile3", "cff")):
        stream = _get(descriptor, key)
        if stream is not None:
            try:
                data = stream.get_data()
            except Exception as exc:  # pypdf raises many kinds on a broken stream
                raise OfdFontError(f"字体 {base_font} 的字体程序无法读取：{exc}") from exc
            if kind == "cff" and data[:4] in (b"OTTO", b"\x00\x01\x00\x00", b"true"):
                kind = "opentype"
            return data, kind
    raise OfdFontError(f"字体 {base_font} 未嵌入 PDF，无法保证 OFD 显示相同的字形")


def _to_text(font: Any, base_font: str) -> dict[int, str]:
    stream = _get(font, "/ToUnicode")
    if stream is None:
        return {}
    try:
        return {c: t for c, t in parse_tounicode(stream.get_data()).items() if t}
    except Exception as exc:  # a broken stream
        raise OfdFontError(f"字体 {base_font} 的字符映射（ToUnicode）无法读取：{exc}") from exc


def _differences(font: Any) -> dict[int, str]:
    encoding = _get(font, "/Encoding")
    names: dict[int, str] = {}
    if isinstance(encoding, DictionaryObject):
        code = 0
        for item in _get(encoding, "/Differences") or []:
            item = item.get_object() if hasattr(item, "get_object") else item
            if isinstance(item, int | float):
                code = int(item)
            else:
                names[code] = str(item).lstrip("/")
                code += 1
    return names


def _simple_glyphs(source: Source, font: Any) -> None:
    first = int(_get(font, "/FirstChar") or 0)
    for offset, width in enumerate(_get(font, "/Widths") or []):
        source.widths[first + offset] = float(width)
    differences = _differences(font)
    if source.kind == "type1":
        parsed = type1.parse_type1(source.program, source.base_font)
        source.parsed = parsed
        names = {**parsed.encoding, **differences}
        source.to_glyph = {c: n for c, n in names.items() if n in parsed.charstrings}
        source.family = parsed.family if parsed.family and parsed.family != parsed.name else None
    elif source.kind == "truetype":
        tt = _truetype(source)
        table = _simple_cmap(tt)
        order = tt.getGlyphOrder()
        for code in set(source.widths) | set(source.to_text) | set(table):
            gid = table.get(code)
            if gid is None and code < len(order) and not table:
                gid = code  # no cmap: codes are glyph ids (seen in subsets)
            if gid is not None:
                source.to_glyph[code] = gid
    else:
        _cff_glyphs(source, differences)
    for code, name in {**_builtin_names(source), **differences}.items():
        if code not in source.to_text:
            text = agl.toUnicode(name)
            if text and name != ".notdef":
                source.to_text[code] = text


def _builtin_names(source: Source) -> dict[int, str]:
    return source.parsed.encoding if source.kind == "type1" and source.parsed else {}


def _truetype(source: Source) -> TTFont:
    try:
        tt = TTFont(io.BytesIO(source.program), fontNumber=0)
        tt.getGlyphOrder()
    except (TTLibError, AssertionError, ValueError, struct_error, KeyError) as exc:
        raise OfdFontError(f"字体 {source.base_font} 的 TrueType 程序无法读取：{exc}") from exc
    source.parsed = tt
    if source.family is None and "name" in tt:
        source.family = tt["name"].getBestFamilyName()
    return tt


def _simple_cmap(tt: TTFont) -> dict[int, int]:
    if "cmap" not in tt:
        return {}
    order = {name: gid for gid, name in enumerate(tt.getGlyphOrder())}
    for platform, encoding in ((3, 0), (1, 0), (3, 1)):
        table = tt["cmap"].getcmap(platform, encoding)
        if table is None:
            continue
        out: dict[int, int] = {}
        for code, name in table.cmap.items():
            low = code - 0xF000 if platform == 3 and encoding == 0 and code >= 0xF000 else code
            if 0 <= low < 256:
                out[low] = order[name]
        return out
    return {}


def _cid_glyphs(source: Source, descendant: Any) -> None:
    widths = _get(descendant, "/W") or []
    default = float(_get(descendant, "/DW") or 1000)
    _cid_widths(source, widths)
    for code in source.to_text:
        source.widths.setdefault(code, default)
    if source.kind == "truetype":
        tt = _truetype(source)
        cid_to_gid = _get(descendant, "/CIDToGIDMap")
        table = None
        if (
            cid_to_gid is not None
            and not isinstance(cid_to_gid, str)
            and hasattr(cid_to_gid, "get_data")
        ):
            raw = cid_to_gid.get_data()
            table = {
                i // 2: int.from_bytes(raw[i : i + 2], "big") for i in range(0, len(raw) - 1, 2)
            }
        count = len(tt.getGlyphOrder())
        for code in source.to_text:
            gid = table.get(code, 0) if table is not None else code
            if 0 < gid < count:
                source.to_glyph[code] = gid
    else:
        _cff_glyphs(source, {})


def _cid_widths(source: Source, widths: Any) -> None:
    items = [w.get_object() if hasattr(w, "get_object") else w for w in widths]
    i = 0
    while i < len(items) - 1 and len(source.widths) < 65536:
        first = int(items[i])
        if isinstance(items[i + 1], list):
            for offset, width in enumerate(items[i + 1]):
                source.widths[first + offset] = float(width)
            i += 2
        elif i + 2 < len(items):
            for code in range(first, min(int(items[i + 1]), first + 65535) + 1):
                source.widths[code] = float(items[i + 2])
            i += 3
        else:
            break


def _cff_glyphs(source: Source, differences: dict[int, str]) -> None:
    from fontTools.cffLib import CFFFontSet

    try:
        if source.kind == "opentype":
            tt = TTFont(io.BytesIO(source.program))
            cff = tt["CFF "].cff
        else:
            cff = CFFFontSet()
            cff.decompile(io.BytesIO(source.program), None)
        top = cff[cff.fontNames[0]]
        charset = list(top.charset)
    except Exception as exc:  # fontTools raises many kinds on a broken program
        raise OfdFontError(f"字体 {source.base_font} 的 CFF 程序无法读取：{exc}") from exc
    source.parsed = (cff, top)
    cid_keyed = hasattr(top, "ROS")
    by_name = set(charset)
    name: str | None
    for code in source.to_text:
        if cid_keyed:
            name = f"cid{code:05d}"
            if name in by_name:
                source.to_glyph[code] = name
        else:
            name = differences.get(code) or (
                top.Encoding[code]
                if isinstance(top.Encoding, list) and code < len(top.Encoding)
                else None
            )
            if name in by_name:
                source.to_glyph[code] = name
