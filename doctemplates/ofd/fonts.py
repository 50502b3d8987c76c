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

Reading a PDF font is :mod:`.fontsource`, writing the OpenType font :mod:`.fontbuild`.
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

from fontTools.ttLib import TTFont, TTLibError
from pypdf.generic import DictionaryObject

from doctemplates.ofd.errors import OfdFontError
from doctemplates.ofd.fontbuild import opentype_of
from doctemplates.ofd.fontsource import Source, font_key, read_source, struct_error

__all__ = ["EmbeddedFont", "FontSet", "font_key", "licence_allows"]

_log = logging.getLogger(__name__)


class _LowTimestamp(logging.Filter):
    """LibreOffice's TrueType subsets carry a zero ``head.modified``; fontTools warns on reading it."""

    def filter(self, record: logging.LogRecord) -> bool:
        return "timestamp seems very low" not in record.getMessage()


logging.getLogger("fontTools.ttLib.tables._h_e_a_d").addFilter(_LowTimestamp())


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


class FontSet:
    """The fonts of one PDF, by subset-tagged ``BaseFont``.  一份 PDF 的全部字体。"""

    def __init__(
        self, env: Mapping[str, str] | None = None, families: Mapping[str, str] | None = None
    ) -> None:
        self._env = dict(env) if env is not None else None
        self._families = dict(families or {})
        self._sources: dict[str, Source] = {}  # by program digest
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

    def _find(self, digest: str, name: str) -> Source:
        """The PDF font whose program has this digest (PDFium names fonts without subset tag)."""
        for key in (name, *[k for k in self._pending if k != name]):
            while digest not in self._sources and self._pending.get(key):
                base_font, font = self._pending[key].pop(0)
                source = read_source(base_font, font)
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
        groups: dict[str, list[tuple[str, Source]]] = {}
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

    def _embed(self, sources: list[Source], texts: set[str]) -> EmbeddedFont:
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
        font.data, font.suffix = opentype_of(sources, cmap, family)
        return font

    def _fs_type(self, source: Source) -> int | None:
        if source.kind == "truetype":
            try:
                tt = TTFont(io.BytesIO(source.program), lazy=True)
                if "OS/2" in tt:
                    return int(tt["OS/2"].fsType)
            except (TTLibError, AssertionError, ValueError, struct_error):
                pass
        return installed_fs_type(source.key, _env_key(self._env))


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


# -- glyph conflicts and the OFD cmap --------------------------------------------------------
def _glyph_id(source: Source, glyph: Any) -> Any:
    if source.kind == "type1":
        return ("t1", source.parsed.charstrings.get(glyph))
    return (source.base_font, glyph)


def _split_conflicts(sources: list[Source]) -> list[list[Source]]:
    """Type 1 subsets of one face are merged unless the same glyph name has other outlines."""
    if len(sources) == 1 or sources[0].kind != "type1":
        return [[s] for s in sources]
    parts: list[list[Source]] = []
    for source in sources:
        for part in parts:
            if all(_compatible(source, other) for other in part):
                part.append(source)
                break
        else:
            parts.append([source])
    return parts


def _compatible(a: Source, b: Source) -> bool:
    glyphs_a, glyphs_b = a.parsed.charstrings, b.parsed.charstrings
    return all(glyphs_a[n] == glyphs_b[n] for n in set(glyphs_a) & set(glyphs_b))


def _cmap(sources: list[Source], texts: set[str]) -> tuple[dict[str, str], set[str]]:
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


def _glyph_name(source: Source, glyph: Any) -> str:
    if source.kind == "truetype":
        return str(source.parsed.getGlyphOrder()[glyph])
    return str(glyph)
