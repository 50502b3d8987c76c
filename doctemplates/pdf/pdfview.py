"""One parse of a PDF, shared by every check of a conversion.  PDF 只解析一次。

A verified conversion reads its PDF four times: the page rules (page count, the
text of the last page, glyph positions for the §7.3.5.5 signature rule), the font
report (the fonts on the pages), the text verification (the text of every page)
and the page count of :class:`~doctemplates.pdf.PdfResult`.  Each used to open
the PDF itself, three of them with pypdf, whose pure-Python parse of a 4-page CJK
PDF costs 15–150 ms (issue 20 §2, docs/performance.md).  :func:`pdf_view` opens a
PDF once with PDFium (pypdfium2, C) and keeps the opened pages, their text and
their fonts for whoever asks next about the same bytes.

Where pdfplumber stays: measuring the page in millimetres (``check/pdf.py``: the
版心, line pitch and colours, where pdfplumber's character boxes and graphics are
the reference) and the tests' independent readings (``tests/pdf/conftest.py``).
PDFium's text and font names are what the checks here compare, and they agree
with pypdf's on every sample (``tests/pdf/test_pdfview.py``).

PDFium is not thread-safe: every use of a view, :func:`pdf_view` included, must
hold :data:`~doctemplates.pdf._pdfium.PDFIUM_LOCK`.
"""

from __future__ import annotations

import ctypes
import re
from collections import OrderedDict
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import Any

import pypdfium2 as pdfium
import pypdfium2.raw as raw

from doctemplates.errors import DataError
from doctemplates.pdf._pdfium import PDFIUM_LOCK

__all__ = ["PdfView", "borrowed", "forget", "pdf_view"]

_KEEP = 8  # open views kept (a conversion needs two or three; a few threads convert at once)
_KEEP_PAGES = 64  # a longer PDF opens each page when asked and closes it again (memory)
_MAX_OBJECTS = 200_000  # page objects looked at for fonts, per PDF
_MAX_DEPTH = 8  # nested form XObjects followed for fonts
_SUBSET = re.compile(r"^[A-Z]{6}\+")
_views: OrderedDict[bytes, PdfView] = OrderedDict()


class PdfView:
    """An opened PDF: pages, text and fonts read once, when first asked for.  PDF 视图。"""

    def __init__(self, pdf: bytes) -> None:
        try:
            self.document = pdfium.PdfDocument(pdf)
        except pdfium.PdfiumError as exc:
            raise DataError(f"PDF 无法读取：{exc}") from None
        self.count = len(self.document)
        #: What a reader derived from the pages, kept for the next reader of the same PDF
        #: (the signature rule's glyph lines: the rule and its report read the same pages).
        self.memo: dict[object, Any] = {}
        self._pages: dict[int, tuple[pdfium.PdfPage, pdfium.PdfTextPage]] = {}
        self._texts: dict[int, str] = {}
        self._fonts: frozenset[str] | None = None

    def load(self, index: int) -> tuple[pdfium.PdfPage, pdfium.PdfTextPage]:
        """Page ``index`` (from 0) and its text page, opened once and kept open."""
        if index not in self._pages:
            page = self.document[index]
            self._pages[index] = (page, page.get_textpage())
        return self._pages[index]

    @contextmanager
    def opened(self, index: int, text: bool = True) -> Iterator[tuple[pdfium.PdfPage, Any]]:
        """Page ``index``: kept open on a short PDF, opened for this use only on a long one."""
        if index in self._pages or self.count <= _KEEP_PAGES:
            yield self.load(index)
            return
        page = self.document[index]
        textpage = page.get_textpage() if text else None
        try:
            yield page, textpage
        finally:
            if textpage is not None:
                textpage.close()
            page.close()

    def text(self, index: int) -> str:
        """The text of page ``index`` in content order, as PDFium gives it (whitespace kept)."""
        if index not in self._texts:
            with self.opened(index) as (_, textpage):
                self._texts[index] = textpage.get_text_range()
        return self._texts[index]

    def size(self, index: int) -> tuple[float, float, int]:
        """``(width, height, rotation)`` of page ``index``'s media box (points, unrotated)
        and its ``/Rotate`` (degrees clockwise, 0–270)."""
        with self.opened(index, text=False) as (page, _):
            left, bottom, right, top = page.get_mediabox()
            return right - left, top - bottom, page.get_rotation()

    def fonts(self) -> frozenset[str]:
        """Base font names of the text on every page, subset prefix stripped.

        From the text objects (also inside form XObjects), not from the pages'
        resource dictionaries: a font declared and never used is not reported.
        """
        if self._fonts is None:
            names: set[str] = set()
            budget = [_MAX_OBJECTS]
            buffer = ctypes.create_string_buffer(512)
            for index in range(self.count):
                with self.opened(index, text=False) as (page, _):
                    count = raw.FPDFPage_CountObjects(page.raw)
                    objects = (raw.FPDFPage_GetObject(page.raw, i) for i in range(count))
                    _collect_fonts(objects, names, buffer, budget, 0)
            self._fonts = frozenset(names)
        return self._fonts

    def close(self) -> None:
        self.memo.clear()
        for page, textpage in self._pages.values():
            textpage.close()
            page.close()
        self._pages.clear()
        self.document.close()


def _collect_fonts(
    objects: Iterable[Any],
    names: set[str],
    buffer: ctypes.Array[ctypes.c_char],
    budget: list[int],
    depth: int,
) -> None:
    seen: set[int] = set()
    for obj in objects:
        budget[0] -= 1
        if budget[0] < 0:
            return
        kind = raw.FPDFPageObj_GetType(obj)
        if kind == raw.FPDF_PAGEOBJ_TEXT:
            font = raw.FPDFTextObj_GetFont(obj)
            key = ctypes.cast(font, ctypes.c_void_p).value or 0
            if not key or key in seen:
                continue
            seen.add(key)
            length = raw.FPDFFont_GetBaseFontName(font, buffer, len(buffer))
            if length > 1:
                name = buffer.raw[: min(length, len(buffer)) - 1].decode("latin-1")
                names.add(_SUBSET.sub("", name))
        elif kind == raw.FPDF_PAGEOBJ_FORM and depth < _MAX_DEPTH:
            count = raw.FPDFFormObj_CountObjects(obj)
            inner = (raw.FPDFFormObj_GetObject(obj, i) for i in range(max(count, 0)))
            _collect_fonts(inner, names, buffer, budget, depth + 1)


def pdf_view(pdf: bytes) -> PdfView:
    """The view of ``pdf``, opened now or shared with an earlier check of the same bytes.

    The caller holds :data:`PDFIUM_LOCK` while it uses the view.
    """
    with PDFIUM_LOCK:
        view = _views.get(pdf)
        if view is not None:
            _views.move_to_end(pdf)
            return view
        view = PdfView(pdf)
        _views[pdf] = view
        while len(_views) > _KEEP:
            _views.popitem(last=False)[1].close()
        return view


@contextmanager
def borrowed(pdf: bytes) -> Iterator[PdfView]:
    """The shared view of ``pdf`` when a conversion holds one, else a view of its own, closed
    after use: a check run on its own (``doctemplates check``, the service) keeps nothing of a
    PDF it was given."""
    with PDFIUM_LOCK:
        view = _views.get(pdf)
        if view is not None:
            yield view
            return
        view = PdfView(pdf)
        try:
            yield view
        finally:
            view.close()


def forget(*pdfs: bytes) -> None:
    """Close the views of ``pdfs`` (a conversion is done with them)."""
    with PDFIUM_LOCK:
        for pdf in pdfs:
            view = _views.pop(pdf, None)
            if view is not None:
                view.close()
