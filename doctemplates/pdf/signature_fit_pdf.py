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

from doctemplates.pdf.pdfview import pdf_view
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
    """A PDF read lazily: a page's text when asked (cheap), glyph positions only where needed.

    Pages come from the PDF's shared view (:mod:`~doctemplates.pdf.pdfview`), and the
    glyphs of a page are kept there: the rule and its report read the same pages.
    """

    def __init__(self, pdf: bytes, frame: _Frame) -> None:
        self.frame = frame
        self._view = pdf_view(pdf)
        self.count = min(self._view.count, _MAX_PAGES)

    def text(self, index: int) -> str:
        """All the text of a page, whitespace removed (headers and footers included)."""
        key = ("signature-fit text", index)
        if key not in self._view.memo:
            self._view.memo[key] = _clean(self._view.text(index))
        text: str = self._view.memo[key]
        return text

    def page(self, index: int) -> _Page:
        """The glyphs of a page inside the 版心 band."""
        key = ("signature-fit band", index, self.frame)
        if key not in self._view.memo:
            low, high = self.frame.top, self.frame.bottom + 0.2 * self.frame.pitch
            with self._view.opened(index) as (page, textpage):
                glyphs = tuple(
                    gl for gl in _glyphs(textpage, page.get_height()) if low < gl.baseline <= high
                )
            self._view.memo[key] = _Page(glyphs, "".join(gl.text for gl in glyphs))
        band: _Page = self._view.memo[key]
        return band

    def close(self) -> None:
        """Nothing to close: the view is shared (:func:`~doctemplates.pdf.pdfview.forget`)."""

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
