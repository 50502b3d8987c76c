"""The hand-written OpenType-CFF writer, read back by fontTools (issue 21)."""

from __future__ import annotations

import io

from fontTools.pens.recordingPen import RecordingPen
from fontTools.ttLib import TTFont

from doctemplates.ofd.opentype import CffFont, build_cff_font

# rmoveto 100 100, rlineto 200 0, rlineto 0 200, endchar; the first number is the width 500
SQUARE = bytes([248, 136, 239, 239, 21, 247, 92, 139, 5, 139, 247, 92, 5, 14])


def _font(upm: int = 1000, cmap: dict[int, int] | None = None) -> TTFont:
    data = build_cff_font(
        CffFont(
            ps_name="Test-Bold",
            family="测试 Sans",
            bold=True,
            italic=False,
            glyphs=[".notdef", "cid00017", "cid00018"],
            charstrings=[bytes([139, 14]), SQUARE, SQUARE],
            advances=[0, 500, 500],
            cmap=cmap or {0x4E00: 1, 0x4E01: 2},
            bbox=(0, -120, 1000, 880),
            ascent=880,
            descent=-120,
            units_per_em=upm,
        )
    )
    font = TTFont(io.BytesIO(data))
    font.ensureDecompiled()
    return font


def test_tables_read_back() -> None:
    font = _font()
    assert font.sfntVersion == "OTTO"
    assert font.getGlyphOrder() == [".notdef", "cid00017", "cid00018"]
    assert font.getBestCmap() == {0x4E00: "cid00017", 0x4E01: "cid00018"}
    assert (
        font["name"].getDebugName(1) == "测试 Sans" and font["name"].getDebugName(6) == "Test-Bold"
    )
    assert font["OS/2"].usWeightClass == 700 and font["OS/2"].fsType == 0
    assert font["hmtx"]["cid00017"] == (500, 0)
    pen = RecordingPen()
    font.getGlyphSet()["cid00018"].draw(pen)
    assert pen.value[:3] == [
        ("moveTo", ((100, 100),)),
        ("lineTo", ((300, 100),)),
        ("lineTo", ((300, 300),)),
    ]
    saved = io.BytesIO()
    font.save(saved)  # fontTools recompiles every table without complaint


def test_checksum_adjustment() -> None:
    data = build_cff_font(
        CffFont(
            "T",
            "T",
            False,
            False,
            [".notdef"],
            [bytes([139, 14])],
            [0],
            {},
            (0, 0, 0, 0),
            800,
            -200,
        )
    )
    padded = data + b"\0" * (-len(data) % 4)
    total = sum(int.from_bytes(padded[i : i + 4], "big") for i in range(0, len(padded), 4))
    assert total & 0xFFFFFFFF == 0xB1B0AFBA


def test_other_units_per_em_and_characters_beyond_the_bmp() -> None:
    font = _font(upm=2048, cmap={0x4E00: 1, 0x20000: 2})
    assert font["head"].unitsPerEm == 2048
    assert abs(font["CFF "].cff[0].FontMatrix[0] - 1 / 2048) < 1e-12
    assert font.getBestCmap()[0x20000] == "cid00018"
