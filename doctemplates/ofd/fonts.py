"""PDF fonts → embedded OpenType fonts for OFD.  PDF 字体转为 OFD 内嵌字体。

The font programs come out of the PDF itself, not from the system: they are
exactly the glyphs LibreOffice laid out (also a licensed face from a user font
folder that this machine may not have), they are already subsets, and reading
them costs milliseconds where subsetting a 20 MB CJK collection with fontTools
costs seconds.  Each program is wrapped as an OpenType font (fontTools
``FontBuilder``) whose ``cmap`` maps the text of the PDF's ToUnicode CMap to the
glyph the PDF draws, so OFD text is searchable and renders in the same face.

Supported programs: Type 1 (``FontFile``, what LibreOffice 7 writes for CFF
faces), TrueType (``FontFile2``, simple and CIDFontType2), CFF (``FontFile3``:
Type1C, CIDFontType0C, OpenType).  Type 3 fonts and fonts without an embedded
program are refused (:class:`OfdFontError`), as is a font whose codes have no
Unicode text.

Licences: OS/2 ``fsType`` is read from the embedded program or, when the
program has no OS/2 table, from the installed font of the same PostScript name
(fontconfig, under the project's configuration).  A face whose licence forbids
embedding (restricted, bitmap only) or subsetting is written by name only, and
the result says so.
"""

from __future__ import annotations

import functools
import hashlib
import io
import logging
import os
import re
import shutil
import subprocess
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from fontTools import agl
from fontTools.fontBuilder import FontBuilder
from fontTools.ttLib import TTFont, TTLibError
from pypdf.generic import DictionaryObject

from doctemplates.ofd import type1
from doctemplates.ofd.errors import OfdFontError
from doctemplates.ofd.opentype import CffFont, build_cff_font
from doctemplates.ofd.tounicode import parse_tounicode

__all__ = ["EmbeddedFont", "FontSet", "font_key", "licence_allows"]

_log = logging.getLogger(__name__)


class _LowTimestamp(logging.Filter):
    """LibreOffice's TrueType subsets carry a zero ``head.modified``; fontTools warns on reading it."""

    def filter(self, record: logging.LogRecord) -> bool:
        return "timestamp seems very low" not in record.getMessage()


logging.getLogger("fontTools.ttLib.tables._h_e_a_d").addFilter(_LowTimestamp())
_SUBSET_TAG = re.compile(r"^[A-Z]{6}\+")
#: A fixed head.created/modified (seconds since 1904, i.e. 2000-01-01): deterministic bytes.
_EPOCH = 3_029_529_600


def font_key(base_font: str) -> str:
    """The PostScript name without the subset tag: ``ABCDEF+Foo-Bold`` → ``Foo-Bold``."""
    return _SUBSET_TAG.sub("", base_font)


def licence_allows(fs_type: int | None) -> str | None:
    """``None`` when embedding a subset is allowed, else the reason (Chinese).

    >>> licence_allows(0) is None, licence_allows(8) is None
    (True, True)
    >>> licence_allows(2)
    '字体许可为“受限”（fsType 0x0002），不允许嵌入'
    >>> licence_allows(0x0100)
    '字体许可不允许子集嵌入（fsType 0x0100）'
    """
    if fs_type is None:
        return None
    if fs_type & 0x000F == 0x0002:
        return "字体许可为“受限”（fsType 0x0002），不允许嵌入"
    if fs_type & 0x0200:
        return "字体许可只允许嵌入位图（fsType 0x0200）"
    if fs_type & 0x0100:
        return "字体许可不允许子集嵌入（fsType 0x0100）"
    return None


@dataclass
class EmbeddedFont:
    """One OFD ``Font`` resource.  一个 OFD 字体资源。"""

    name: str  # PostScript name (FontName)
    family: str  # FamilyName
    bold: bool
    italic: bool
    cmap: dict[str, str] = field(default_factory=dict)  # text → glyph name
    data: bytes | None = None  # OpenType bytes; None: written by name only
    suffix: str = "otf"
    note: str | None = None  # why it is not embedded, or a glyph conflict


@dataclass
class _Source:
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


class FontSet:
    """The fonts of one PDF, by subset-tagged ``BaseFont``.  一份 PDF 的全部字体。"""

    def __init__(
        self, env: Mapping[str, str] | None = None, families: Mapping[str, str] | None = None
    ) -> None:
        self._env = dict(env) if env is not None else None
        self._families = dict(families or {})
        self._sources: dict[str, _Source] = {}  # by program digest
        self._pending: dict[str, list[tuple[str, DictionaryObject]]] = {}  # by PostScript name
        self._objects: set[int] = set()
        self.fonts: dict[str, EmbeddedFont] = {}  # OFD font per merge key
        self.by_program: dict[str, str] = {}  # program digest → merge key

    def add(self, base_font: str, font: DictionaryObject, ref: int) -> None:
        """Register a PDF font dictionary (``ref`` identifies the object); read only when used."""
        if ref in self._objects:
            return
        self._objects.add(ref)
        self._pending.setdefault(font_key(base_font), []).append((base_font, font))

    def _find(self, digest: str, name: str) -> _Source:
        """The PDF font whose program has this digest (PDFium names fonts without subset tag)."""
        for key in (name, *[k for k in self._pending if k != name]):
            while digest not in self._sources and self._pending.get(key):
                base_font, font = self._pending[key].pop(0)
                source = _read_source(base_font, font)
                found = hashlib.sha256(source.program).hexdigest()
                other = self._sources.get(found)
                if other is not None and (other.to_text, other.to_glyph) != (
                    source.to_text,
                    source.to_glyph,
                ):
                    raise OfdFontError(
                        f"PDF 中的字体 {other.base_font} 和 {base_font} 共用一个字体程序但编码不同，无法确定字形"
                    )
                self._sources.setdefault(found, source)
            if digest in self._sources:
                return self._sources[digest]
        raise OfdFontError(
            f"PDF 中有文字使用的字体 {name} 没有嵌入的字体程序，无法保证 OFD 显示相同的字形"
        )

    def build(self, used: Mapping[str, set[str]], names: Mapping[str, str]) -> None:
        """Build the OFD fonts for the texts ``used`` per font program digest (from the page layer)."""
        groups: dict[str, list[tuple[str, _Source]]] = {}
        for digest in sorted(used, key=lambda d: (names.get(d, ""), d)):
            source = self._find(digest, names.get(digest, ""))
            merge = source.key if source.kind == "type1" else source.base_font
            groups.setdefault(merge, []).append((digest, source))
        for merge, members in groups.items():
            parts = _split_conflicts([s for _, s in members])
            for index, part in enumerate(parts):
                key = merge if index == 0 else f"{merge}#{index}"
                digests = [d for d, s in members if s in part]
                self.fonts[key] = self._embed(part, {t for d in digests for t in used[d]})
                for digest in digests:
                    self.by_program[digest] = key

    def _embed(self, sources: list[_Source], texts: set[str]) -> EmbeddedFont:
        first = sources[0]
        family = self._families.get(first.key) or first.family or first.key
        font = EmbeddedFont(first.key, family, first.bold, first.italic)
        cmap, conflicts = _cmap(sources, texts)
        missing = sorted(t for t in texts if t not in cmap)
        if missing:
            sample = "".join(missing[:5])
            raise OfdFontError(
                f"字体 {first.key} 中“{sample}”等文字没有对应的字形或字符映射（ToUnicode），无法生成可检索的文字"
            )
        font.cmap = cmap
        if conflicts:
            font.note = f"字体 {first.key} 中 {'、'.join(sorted(conflicts)[:5])} 各有多个字形，OFD 使用其中第一个"
        reason = licence_allows(self._fs_type(first))
        if reason:
            font.note = f"{first.key}：{reason}，OFD 中只写字体名称"
            return font
        font.data, font.suffix = _opentype(sources, cmap, family)
        return font

    def _fs_type(self, source: _Source) -> int | None:
        if source.kind == "truetype":
            try:
                tt = TTFont(io.BytesIO(source.program), lazy=True)
                if "OS/2" in tt:
                    return int(tt["OS/2"].fsType)
            except (TTLibError, AssertionError, ValueError, struct_error):
                pass
        return installed_fs_type(source.key, _env_key(self._env))


struct_error = __import__("struct").error


def _env_key(env: Mapping[str, str] | None) -> str | None:
    return env.get("FONTCONFIG_FILE") if env else None


@functools.lru_cache(maxsize=256)
def installed_fs_type(postscript_name: str, fontconfig_file: str | None) -> int | None:
    """``fsType`` of the installed font with this PostScript name, or None when not found.

    LibreOffice names a face of a collection after the collection's CFF font plus a
    suffix (``NotoSerifCJKjp-Regular-VKana``), so the name without its last
    ``-part`` is tried too.
    """
    exe = shutil.which("fc-list")
    if exe is None:
        return None
    env = dict(os.environ)
    if fontconfig_file:
        env["FONTCONFIG_FILE"] = fontconfig_file
    candidates = [postscript_name]
    if postscript_name.count("-") >= 2:
        candidates.append(postscript_name.rsplit("-", 1)[0])
    for name in candidates:
        if not re.fullmatch(r"[A-Za-z0-9._-]+", name):
            return None
        try:
            out = subprocess.run(
                [exe, "-f", "%{file}\t%{index}\n", f":postscriptname={name}"],
                env=env,
                capture_output=True,
                text=True,
                timeout=30,
                check=False,
            ).stdout
        except (OSError, subprocess.SubprocessError):
            return None
        for line in sorted(out.splitlines()):
            path, _, index = line.partition("\t")
            try:
                tt = TTFont(path, fontNumber=int(index or 0), lazy=True)
                return int(tt["OS/2"].fsType) if "OS/2" in tt else None
            except (OSError, TTLibError, KeyError, ValueError, AssertionError):
                continue
    return None


# -- reading a PDF font resource --------------------------------------------------------------
def _get(obj: Any, key: str) -> Any:
    value = obj.get(key) if obj is not None else None
    return value.get_object() if value is not None and hasattr(value, "get_object") else value


def _read_source(base_font: str, font: DictionaryObject) -> _Source:
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
    source = _Source(key, base_font, kind, program, to_text, {}, {}, bold, italic, None)
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


def _simple_glyphs(source: _Source, font: Any) -> None:
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


def _builtin_names(source: _Source) -> dict[int, str]:
    return source.parsed.encoding if source.kind == "type1" and source.parsed else {}


def _truetype(source: _Source) -> TTFont:
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


def _cid_glyphs(source: _Source, descendant: Any) -> None:
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


def _cid_widths(source: _Source, widths: Any) -> None:
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


def _cff_glyphs(source: _Source, differences: dict[int, str]) -> None:
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


# -- glyph conflicts and the OFD cmap --------------------------------------------------------
def _glyph_id(source: _Source, glyph: Any) -> Any:
    if source.kind == "type1":
        return ("t1", source.parsed.charstrings.get(glyph))
    return (source.base_font, glyph)


def _split_conflicts(sources: list[_Source]) -> list[list[_Source]]:
    """Type 1 subsets of one face are merged unless the same glyph name has other outlines."""
    if len(sources) == 1 or sources[0].kind != "type1":
        return [[s] for s in sources]
    parts: list[list[_Source]] = []
    for source in sources:
        for part in parts:
            if all(_compatible(source, other) for other in part):
                part.append(source)
                break
        else:
            parts.append([source])
    return parts


def _compatible(a: _Source, b: _Source) -> bool:
    glyphs_a, glyphs_b = a.parsed.charstrings, b.parsed.charstrings
    return all(glyphs_a[n] == glyphs_b[n] for n in set(glyphs_a) & set(glyphs_b))


def _cmap(sources: list[_Source], texts: set[str]) -> tuple[dict[str, str], set[str]]:
    cmap: dict[str, str] = {}
    seen: dict[str, Any] = {}
    conflicts: set[str] = set()
    for source in sources:
        for code, text in sorted(source.to_text.items()):
            glyph = source.to_glyph.get(code)
            if glyph is None or text not in texts or len(text) != 1:
                continue
            identity = _glyph_id(source, glyph)
            if text in seen:
                if seen[text] != identity:
                    conflicts.add(text)
                continue
            seen[text] = identity
            cmap[text] = _glyph_name(source, glyph)
    return cmap, conflicts


def _glyph_name(source: _Source, glyph: Any) -> str:
    if source.kind == "truetype":
        return str(source.parsed.getGlyphOrder()[glyph])
    return str(glyph)


# -- OpenType output ------------------------------------------------------------------------
def _names(family: str, key: str, bold: bool) -> dict[str, str]:
    style = "Bold" if bold else "Regular"
    return {
        "familyName": family,
        "styleName": style,
        "uniqueFontIdentifier": f"doctemplates:{key}",
        "fullName": f"{family} {style}",
        "psName": re.sub(r"[^A-Za-z0-9_.-]", "", key)[:63] or "Font",
        "version": "Version 1.000",
    }


def _opentype(sources: list[_Source], cmap: dict[str, str], family: str) -> tuple[bytes, str]:
    first = sources[0]
    if first.kind == "truetype":
        return _truetype_font(first, cmap, family), "ttf"
    if first.kind == "type1":
        return _type1_font(sources, cmap, family), "otf"
    return _cff_font(first, cmap, family), "otf"


def _common_tables(
    fb: FontBuilder, first: _Source, cmap: dict[str, str], family: str, ascent: int, descent: int
) -> None:
    fb.setupCharacterMap({ord(t): g for t, g in cmap.items()})
    fb.setupNameTable(_names(family, first.key, first.bold), mac=False)
    fb.setupOS2(
        usWeightClass=700 if first.bold else 400,
        fsType=0,
        sTypoAscender=ascent,
        sTypoDescender=descent,
        sTypoLineGap=0,
        usWinAscent=max(ascent, 0),
        usWinDescent=max(-descent, 0),
        fsSelection=(0x20 if first.bold else 0x40) | (0x01 if first.italic else 0),
        achVendID="NONE",
    )
    fb.updateHead(
        created=_EPOCH,
        modified=_EPOCH,
        macStyle=(1 if first.bold else 0) | (2 if first.italic else 0),
    )
    fb.font.recalcTimestamp = False


def _save(font: TTFont) -> bytes:
    out = io.BytesIO()
    font.recalcBBoxes = False
    font.save(out, reorderTables=False)
    return out.getvalue()


def _type1_font(sources: list[_Source], cmap: dict[str, str], family: str) -> bytes:
    first = sources[0]
    parsed: type1.Type1Font = first.parsed
    upm = round(1 / parsed.matrix[0]) if parsed.matrix and parsed.matrix[0] else 1000
    scale = upm / 1000
    glyphs = [".notdef", *sorted(set(cmap.values()) - {".notdef"})]
    charstrings: list[bytes] = []
    advances: list[int] = []
    widths = {g: w for s in sources for c, w in s.widths.items() if (g := s.to_glyph.get(c))}
    for name in glyphs:
        owner = next((s.parsed for s in sources if name in s.parsed.charstrings), None)
        if owner is None:
            code, advance = b"\x8b\x0e", 0.0  # empty .notdef: width 0, endchar
        else:
            code, advance = type1.to_type2_any(owner, name)
        charstrings.append(code)
        advances.append(round(widths[name] * scale) if name in widths else round(advance))
    x_min, y_min, x_max, y_max = (round(v) for v in parsed.bbox)
    index = {name: i for i, name in enumerate(glyphs)}
    return build_cff_font(
        CffFont(
            ps_name=_names(family, first.key, first.bold)["psName"],
            family=family,
            bold=first.bold,
            italic=first.italic,
            glyphs=glyphs,
            charstrings=charstrings,
            advances=advances,
            cmap={ord(text): index[name] for text, name in cmap.items()},
            bbox=(x_min, y_min, x_max, y_max),
            ascent=y_max if y_max > 0 else upm * 88 // 100,
            descent=y_min if y_min < 0 else -upm * 12 // 100,
            units_per_em=upm,
        )
    )


def _subset(tt: TTFont, glyphs: list[str]) -> None:
    """Keep only ``glyphs`` (a whole font embedded by another producer), with fontTools."""
    from fontTools import subset

    options = subset.Options()
    options.layout_features = []
    options.name_IDs = ["*"]
    options.notdef_outline = True
    options.recalc_timestamp = False
    options.drop_tables = [*options.drop_tables, "FFTM"]
    subsetter = subset.Subsetter(options)
    subsetter.populate(glyphs=glyphs)
    subsetter.subset(tt)


def _truetype_font(source: _Source, cmap: dict[str, str], family: str) -> bytes:
    tt: TTFont = source.parsed
    if len(tt.getGlyphOrder()) > 4 * len(cmap) + 64:  # not a subset yet
        _subset(tt, [".notdef", *sorted(set(cmap.values()))])
    fb = FontBuilder(font=tt)
    head = tt["head"]
    hhea = tt.get("hhea", None)
    ascent = int(hhea.ascent) if hhea else head.yMax
    descent = int(hhea.descent) if hhea else head.yMin
    keep_os2 = "OS/2" in tt
    fs_type = int(tt["OS/2"].fsType) if keep_os2 else 0
    if "cmap" in tt:
        del tt["cmap"]
    _common_tables(fb, source, cmap, family, ascent, descent)
    tt["OS/2"].fsType = fs_type
    if "post" not in tt:
        fb.setupPost()
    return _save(tt)


def _cff_font(source: _Source, cmap: dict[str, str], family: str) -> bytes:
    cff, top = source.parsed
    if source.kind == "opentype":
        tt = TTFont(io.BytesIO(source.program))
        if "cmap" in tt:
            del tt["cmap"]
        fb = FontBuilder(font=tt)
        hhea = tt["hhea"]
        _common_tables(fb, source, cmap, family, int(hhea.ascent), int(hhea.descent))
        return _save(tt)
    glyphs = list(top.charset)
    fb = FontBuilder(1000, isTTF=False)
    fb.setupGlyphOrder(glyphs)
    fb.font["CFF "] = _cff_table(cff, fb.font)
    bbox = [round(v) for v in getattr(top, "FontBBox", [0, -120, 1000, 880])]
    widths = {source.to_glyph[c]: w for c, w in source.widths.items() if c in source.to_glyph}
    fb.setupHorizontalMetrics({g: (round(widths.get(g, 1000)), 0) for g in glyphs})
    fb.setupHorizontalHeader(ascent=max(bbox[3], 1), descent=min(bbox[1], 0))
    fb.setupMaxp()
    _common_tables(fb, source, cmap, family, max(bbox[3], 1), min(bbox[1], 0))
    fb.setupPost()
    return _save(fb.font)


def _cff_table(cff: Any, font: TTFont) -> Any:
    from fontTools.ttLib import newTable

    table = newTable("CFF ")
    cff.otFont = font
    table.cff = cff
    return table
