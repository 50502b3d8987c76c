"""The PDF side of the signature rule: pages, glyphs, lines.  署名规则：PDF 一侧。

Split from :mod:`doctemplates.pdf.signature_fit` (issue 14), which describes the rule.
"""

from __future__ import annotations

import ctypes
import math
import unicodedata
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

import pypdfium2 as pdfium
import pypdfium2.raw as raw

from doctemplates.pdf.signature_fit_docx import (
    _MAX_PAGES,
    _PT_TO_MM,
    _clean,
    _Frame,
)

# ------------------------------------------------------------------------------ the PDF


@dataclass(frozen=True)
class _Glyph:
    text: str
    baseline: float  # mm from the paper top
    size: float  # pt


@dataclass(frozen=True)
class _Page:
    """The glyphs of one page inside the 版心 band (by baseline), and their text."""

    glyphs: tuple[_Glyph, ...]
    band: str


class _Pdf:
    """A PDF read lazily: a page's text when asked (cheap), glyph positions only where needed."""

    def __init__(self, pdf: bytes, frame: _Frame) -> None:
        self.frame = frame
        self._doc = pdfium.PdfDocument(pdf)
        self.count = min(len(self._doc), _MAX_PAGES)
        self._open: dict[int, tuple[pdfium.PdfPage, pdfium.PdfTextPage]] = {}
        self._pages: dict[int, _Page] = {}
        self._texts: dict[int, str] = {}

    def _load(self, index: int) -> tuple[pdfium.PdfPage, pdfium.PdfTextPage]:
        if index not in self._open:
            page = self._doc[index]
            self._open[index] = (page, page.get_textpage())
        return self._open[index]

    def text(self, index: int) -> str:
        """All the text of a page, whitespace removed (headers and footers included)."""
        if index not in self._texts:
            self._texts[index] = _clean(self._load(index)[1].get_text_range())
        return self._texts[index]

    def page(self, index: int) -> _Page:
        """The glyphs of a page inside the 版心 band."""
        if index not in self._pages:
            page, textpage = self._load(index)
            low, high = self.frame.top, self.frame.bottom + 0.2 * self.frame.pitch
            glyphs = tuple(
                gl for gl in _glyphs(textpage, page.get_height()) if low < gl.baseline <= high
            )
            self._pages[index] = _Page(glyphs, "".join(gl.text for gl in glyphs))
        return self._pages[index]

    def close(self) -> None:
        for page, textpage in self._open.values():
            textpage.close()
            page.close()
        self._doc.close()

    def __enter__(self) -> _Pdf:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _glyphs(textpage: pdfium.PdfTextPage, height: float) -> Iterator[_Glyph]:
    x, y = ctypes.c_double(), ctypes.c_double()
    pending = ""
    for index in range(raw.FPDFText_CountChars(textpage.raw)):
        if raw.FPDFText_IsGenerated(textpage.raw, index) == 1:
            continue
        code = raw.FPDFText_GetUnicode(textpage.raw, index)
        if 0xD800 <= code < 0xDC00:
            pending = chr(code)
            continue
        if pending:
            text = (
                (pending + chr(code)).encode("utf-16", "surrogatepass").decode("utf-16", "replace")
            )
            pending = ""
        else:
            text = chr(code)
        if text.isspace() or unicodedata.category(text[0]) in ("Cc", "Cf"):
            continue
        raw.FPDFText_GetCharOrigin(textpage.raw, index, x, y)
        size = raw.FPDFText_GetFontSize(textpage.raw, index)
        yield _Glyph(text, (height - y.value) * _PT_TO_MM, size)


def _lines(glyphs: Sequence[_Glyph], pitch: float) -> int:
    """How many text lines ``glyphs`` make (at least one)."""
    count, last = 0, -math.inf
    for base in sorted(gl.baseline for gl in glyphs):
        if base - last > 0.3 * pitch:
            count += 1
        last = base
    return max(count, 1)
