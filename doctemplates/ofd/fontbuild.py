"""Writing the OFD font: an OpenType font of the glyphs used.  生成 OFD 内嵌的 OpenType 字体。

The output half of :mod:`.fonts`: Type 1 glyphs are re-encoded as CFF
(:mod:`.type1`), TrueType and CFF programs are wrapped with fontTools'
``FontBuilder``; names, OS/2 and timestamps are fixed so the bytes are deterministic.
"""

from __future__ import annotations

import io
import re
from typing import Any

from fontTools.fontBuilder import FontBuilder
from fontTools.ttLib import TTFont

from doctemplates.ofd import type1
from doctemplates.ofd.fontsource import Source
from doctemplates.ofd.opentype import CffFont, build_cff_font

#: A fixed head.created/modified (seconds since 1904, i.e. 2000-01-01): deterministic bytes.
_EPOCH = 3_029_529_600


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


def opentype_of(sources: list[Source], cmap: dict[str, str], family: str) -> tuple[bytes, str]:
    first = sources[0]
    if first.kind == "truetype":
        return _truetype_font(first, cmap, family), "ttf"
    if first.kind == "type1":
        return _type1_font(sources, cmap, family), "otf"
    return _cff_font(first, cmap, family), "otf"


def _common_tables(
    fb: FontBuilder, first: Source, cmap: dict[str, str], family: str, ascent: int, descent: int
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


def _type1_font(sources: list[Source], cmap: dict[str, str], family: str) -> bytes:
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


def _truetype_font(source: Source, cmap: dict[str, str], family: str) -> bytes:
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


def _cff_font(source: Source, cmap: dict[str, str], family: str) -> bytes:
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
