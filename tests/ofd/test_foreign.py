"""A PDF we did not make, but can convert faithfully: CID-keyed TrueType, whole font embedded."""

from __future__ import annotations

import ctypes
import io
import zipfile
from pathlib import Path

import ofdkit
import pdfplumber
import pypdfium2 as pdfium
import pypdfium2.raw as raw
import pytest
from fontTools.ttLib import TTFont

from doctemplates.ofd import to_ofd

DEJAVU = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")


def _cid_pdf(text: str) -> bytes:
    """One line of ``text`` in a Type0/CIDFontType2 font that embeds the whole DejaVu Sans (PDFium)."""
    doc = pdfium.PdfDocument.new()
    page = doc.new_page(595, 842)
    data = DEJAVU.read_bytes()
    buffer = (ctypes.c_uint8 * len(data)).from_buffer_copy(data)
    font = raw.FPDFText_LoadFont(doc.raw, buffer, len(data), raw.FPDF_FONT_TRUETYPE, 1)
    obj = raw.FPDFPageObj_CreateTextObj(doc.raw, font, 12.0)
    utf16 = (text + "\0").encode("utf-16-le")
    chars = ctypes.create_string_buffer(utf16, len(utf16))
    raw.FPDFText_SetText(obj, ctypes.cast(chars, ctypes.POINTER(raw.FPDF_WCHAR)))
    raw.FPDFPageObj_Transform(obj, 1, 0, 0, 1, 72, 720)
    raw.FPDFPage_InsertObject(page.raw, obj)
    raw.FPDFPage_GenerateContent(page.raw)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


@pytest.mark.skipif(not DEJAVU.is_file(), reason="DejaVu Sans (fonts-dejavu-core) is not installed")
def test_cid_truetype_pdf_converts_with_a_subset() -> None:
    pdf = _cid_pdf("Hello OFD 2026")
    ofd = to_ofd(pdf)
    assert ofdkit.open(ofd).text().strip() == "Hello OFD 2026"
    with zipfile.ZipFile(io.BytesIO(ofd)) as archive:
        (name,) = [n for n in archive.namelist() if n.startswith("Doc_0/Res/font_")]
        font = TTFont(io.BytesIO(archive.read(name)))
    assert len(font.getGlyphOrder()) < 20  # the 6,000-glyph face, subset to the text
    assert set(font.getBestCmap()) >= {ord(ch) for ch in "Hello OFD 2026"}
    run = ofdkit.open(ofd).pages[0].runs[0]
    with pdfplumber.open(io.BytesIO(pdf)) as doc:
        first = doc.pages[0].chars[0]
    assert abs(run.x - first["x0"] * 25.4 / 72) < 0.05
