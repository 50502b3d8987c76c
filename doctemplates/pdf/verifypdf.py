"""The text of PDF pages, in content or geometric order (:func:`pdf_pages`).  PDF 的文字。

See :mod:`doctemplates.pdf.verify` for why pypdfium2 and when the geometric reading is used.
"""

from __future__ import annotations

import ctypes
import math
from collections.abc import Iterator
from dataclasses import dataclass

import pypdfium2 as pdfium
import pypdfium2.raw as raw

from doctemplates.errors import DataError
from doctemplates.pdf._pdfium import PDFIUM_LOCK
from doctemplates.pdf.pdfview import PdfView, borrowed
from doctemplates.pdf.verifytext import (
    _MAX_CHARS,
    _MAX_PAGES,
    _clean,
)

# ------------------------------------------------------------------------- PDF text


@dataclass(frozen=True)
class PdfPage:
    """The text of one PDF page, whitespace removed, in two readings.  PDF 页面文字。

    ``content`` is in painting order; ``geometric`` (None until asked for) by
    lines in the text's own orientation, diagonal text left out.
    """

    number: int
    content: str
    geometric: str | None = None


def pdf_pages(pdf: bytes, *, geometric: bool = False) -> list[PdfPage]:
    """Text of every page (content order; also geometric order when asked).

    Read from the PDF's shared view while a conversion holds one
    (:mod:`~doctemplates.pdf.pdfview`): the page rules, the font report and this
    verification parse a PDF once between them.
    """
    # PDFium is not thread-safe (conversions verify from several threads)
    with PDFIUM_LOCK, borrowed(pdf) as view:
        return _pdf_pages(view, geometric)


def _pdf_pages(view: PdfView, geometric: bool) -> list[PdfPage]:
    if view.count > _MAX_PAGES:
        raise DataError(f"PDF 页数过多（{view.count} 页，上限 {_MAX_PAGES}）")
    pages: list[PdfPage] = []
    total = 0
    for index in range(view.count):
        content = _clean(view.text(index))
        other = None
        if geometric:
            with view.opened(index) as (_, textpage):
                other = _geometric(textpage)
        total += len(content)
        if total > _MAX_CHARS:
            raise DataError(f"PDF 文字过多（超过 {_MAX_CHARS} 字），不做比对")
        pages.append(PdfPage(index + 1, content, other))
    return pages


@dataclass(frozen=True)
class _Char:
    text: str
    u: float  # along the text direction (baseline origin)
    v: float  # across it, growing down the lines (baseline)
    size: float
    turn: int


def _chars(textpage: pdfium.PdfTextPage) -> Iterator[_Char]:
    """Each character with its baseline origin in its own orientation, and its font size."""
    count = raw.FPDFText_CountChars(textpage.raw)
    x, y = ctypes.c_double(), ctypes.c_double()
    pending = ""
    for index in range(min(count, _MAX_CHARS)):
        code = raw.FPDFText_GetUnicode(textpage.raw, index)
        if raw.FPDFText_IsGenerated(textpage.raw, index) == 1:
            continue
        if 0xD800 <= code < 0xDC00:
            pending = chr(code)
            continue
        text = (pending + chr(code)).encode("utf-16", "surrogatepass").decode("utf-16", "replace")
        pending = ""
        if not _clean(text):
            continue
        degrees = math.degrees(max(raw.FPDFText_GetCharAngle(textpage.raw, index), 0.0))
        if abs(degrees - 90 * round(degrees / 90)) > 2:
            continue  # diagonal: a watermark, not document text
        turn = round(degrees / 90) % 4
        raw.FPDFText_GetCharOrigin(textpage.raw, index, x, y)
        # PDFium measures the angle clockwise; turn the page so the text runs left to right
        theta = math.radians(-90 * turn)
        u = x.value * math.cos(theta) + y.value * math.sin(theta)
        v = x.value * math.sin(theta) - y.value * math.cos(theta)
        size = raw.FPDFText_GetFontSize(textpage.raw, index)
        yield _Char(text, u, v, max(size, 1.0), turn)


def _geometric(textpage: pdfium.PdfTextPage) -> str:
    """Lines of each orientation, top to bottom, each left to right."""
    groups: dict[int, list[_Char]] = {}
    for char in _chars(textpage):
        groups.setdefault(char.turn, []).append(char)
    out: list[str] = []
    for turn in sorted(groups):
        chars = sorted(groups[turn], key=lambda c: c.v)
        lines: list[list[_Char]] = []
        for char in chars:
            if lines and abs(char.v - lines[-1][0].v) < 0.5 * min(char.size, lines[-1][0].size):
                lines[-1].append(char)
            else:
                lines.append([char])
        for line in lines:
            out.extend(c.text for c in sorted(line, key=lambda c: c.u))
    return "".join(out)
