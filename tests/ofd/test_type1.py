"""Type 1 → Type 2 charstrings: same decryption and same outlines as fontTools (issue 21)."""

from __future__ import annotations

import io

from fontTools.misc import eexec
from fontTools.pens.recordingPen import RecordingPen
from fontTools.t1Lib import T1Font
from fontTools.ttLib import TTFont
from hypothesis import given
from hypothesis import strategies as st
from pypdf import PdfReader

from doctemplates.ofd import to_ofd, type1
from tests.ofd.conftest import Doc


@given(
    st.lists(st.binary(min_size=0, max_size=300), min_size=1, max_size=8),
    st.sampled_from([55665, 4330, 0, 65535]),
)
def test_decrypt_equals_fonttools(chunks: list[bytes], key: int) -> None:
    starts, offset = [], 0
    for chunk in chunks:
        starts.append(offset)
        offset += len(chunk)
    expected = b"".join(eexec.decrypt(chunk, key)[0] for chunk in chunks)
    assert (
        type1.decrypt(b"".join(chunks), key, [s for s, c in zip(starts, chunks, strict=True) if c])
        == expected
    )


def _outline(glyph: object) -> list[tuple[str, tuple[tuple[float, ...], ...]]]:
    pen = RecordingPen()
    glyph.draw(pen)  # type: ignore[attr-defined]
    return [
        (op, tuple(tuple(round(v, 3) for v in pt) for pt in args))
        for op, args in pen.value
        if op not in ("closePath", "endPath")
    ]


def test_embedded_glyphs_have_the_pdf_outlines(samples: dict[str, Doc]) -> None:
    """Every glyph of every Type 1 font of the notice, in the OFD's OpenType font, traced."""
    pdf = samples["notice"].pdf
    programs = {}
    for page in PdfReader(io.BytesIO(pdf)).pages:
        for ref in page["/Resources"]["/Font"].values():
            descriptor = ref.get_object()["/FontDescriptor"].get_object()
            if "/FontFile" in descriptor:
                programs[descriptor["/FontName"]] = descriptor["/FontFile"].get_object().get_data()
    assert programs
    import zipfile

    with zipfile.ZipFile(io.BytesIO(to_ofd(pdf))) as archive:
        embedded = [
            TTFont(io.BytesIO(archive.read(n))) for n in archive.namelist() if n.endswith(".otf")
        ]
    by_name = {font["name"].getDebugName(6): font.getGlyphSet() for font in embedded}
    compared = 0
    for font_name, data in programs.items():
        glyphs = by_name[str(font_name).lstrip("/").split("+", 1)[-1]]
        reference = T1Font.__new__(T1Font)
        reference.data, reference.encoding = data, "ascii"
        reference.parse()
        for name, charstring in reference.font["CharStrings"].items():
            if name == ".notdef":
                continue
            if name not in glyphs:
                continue  # a glyph of the subset that no text uses
            assert _outline(glyphs[name]) == _outline(charstring), name
            compared += 1
    assert compared > 300


def test_glyphs_with_subroutines_go_through_fonttools() -> None:
    """``callsubr`` is not translated by hand: fontTools' interpreter draws the glyph."""
    from fontTools.misc.psCharStrings import T2CharString

    glyph = bytes([139, 248, 136, 13, 139, 10, 14])  # 0 500 hsbw  0 callsubr  endchar
    square = bytes([239, 239, 21, 247, 92, 139, 5, 139, 247, 92, 5, 9, 11])  # a 200-unit square
    font = type1.Type1Font(
        "T",
        None,
        None,
        (0, 0, 500, 500),
        (0.001, 0, 0, 0.001, 0, 0),
        {65: "A"},
        {"A": glyph},
        [square],
    )
    code, width = type1.to_type2_any(font, "A")
    assert width == 500

    class Private:
        nominalWidthX = defaultWidthX = 0

    pen = RecordingPen()
    T2CharString(bytecode=code, private=Private()).draw(pen)
    assert pen.value[:3] == [
        ("moveTo", ((100, 100),)),
        ("lineTo", ((300, 100),)),
        ("lineTo", ((300, 300),)),
    ]
