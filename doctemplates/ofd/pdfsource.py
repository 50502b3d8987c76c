"""What a PDF page draws, in drawing order.  读取 PDF 页面上的文字、线条和图片。

The layout comes from PDFium (``pypdfium2``, Apache-2.0/BSD): glyph origins,
sizes and colours, path segments, images, in C at ~4 ms per page — pdfminer
(pdfplumber) reads the same page in ~45 ms, which alone would exceed the time
budget of the OFD step.  PyMuPDF is not used (AGPL).  Font programs and
ToUnicode maps are read with pypdf (:mod:`doctemplates.ofd.fonts`), because
PDFium does not expose them.

Coordinates stay in PDF points, y upwards; :mod:`doctemplates.ofd.writer`
turns them into OFD millimetres.
"""

from __future__ import annotations

import ctypes
import hashlib
import io
import math
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import pypdfium2 as pdfium
import pypdfium2.raw as raw

from doctemplates.ofd.errors import OfdInputError

__all__ = ["Glyph", "Page", "PathShape", "Picture", "TextRun", "read_pages"]

Matrix = tuple[float, float, float, float, float, float]
Color = tuple[int, int, int, int]
IDENTITY: Matrix = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)
#: Bounds against hostile PDFs.  上限。
MAX_PAGES = 2000
MAX_OBJECTS = 200_000  # per page, counted through form XObjects
MAX_FORM_DEPTH = 12
MAX_IMAGE_PIXELS = 40_000_000


@dataclass
class Glyph:
    text: str
    x: float  # origin, page points
    y: float


@dataclass
class TextRun:
    """The glyphs of one PDF text object.  一个文字对象。"""

    font: str  # SHA-256 of the font program: which PDF font (PDFium drops the subset tag)
    font_name: str  # BaseFont without subset tag, for messages
    size: float  # em size in points (vertical scale of the text matrix)
    matrix: tuple[float, float, float, float]  # direction, normalised by ``size``
    fill: Color
    stroke: Color | None  # set for stroked text (render modes 1, 2)
    line_width: float
    bold: bool
    bounds: tuple[float, float, float, float]  # left, bottom, right, top
    glyphs: list[Glyph] = field(default_factory=list)


@dataclass
class PathShape:
    """A stroked and/or filled path (rules, table borders).  线条或填充图形。"""

    segments: list[tuple[str, list[tuple[float, float]]]]  # ("M"|"L"|"B"|"C", points)
    stroke: Color | None
    fill: Color | None
    even_odd: bool
    line_width: float
    cap: int
    join: int
    dash: tuple[float, ...]
    dash_phase: float


@dataclass
class Picture:
    """An image placed by ``matrix`` (unit square → page).  图片。"""

    data: bytes
    format: str  # PNG / JPEG
    matrix: Matrix


@dataclass
class Page:
    width: float
    height: float
    origin: tuple[float, float]  # left, top of the page box (points)
    items: list[TextRun | PathShape | Picture] = field(default_factory=list)
    text: str = ""  # every glyph's text, in content order (PDFium text layer)
    fonts: dict[int, tuple[str, str]] = field(default_factory=dict, repr=False)


def _mul(m: Matrix, n: Matrix) -> Matrix:
    """``m`` then ``n`` (PDF row-vector convention)."""
    a, b, c, d, e, f = m
    p, q, r, s, t, u = n
    return (
        a * p + b * r,
        a * q + b * s,
        c * p + d * r,
        c * q + d * s,
        e * p + f * r + t,
        e * q + f * s + u,
    )


def apply(m: Matrix, x: float, y: float) -> tuple[float, float]:
    return (m[0] * x + m[2] * y + m[4], m[1] * x + m[3] * y + m[5])


def open_pdf(data: bytes) -> pdfium.PdfDocument:
    """Open ``data`` with PDFium; encrypted or unreadable PDFs are refused."""
    try:
        doc = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        if "password" in str(exc).lower() or "security" in str(exc).lower():
            raise OfdInputError("PDF 已加密（设有密码），无法转换为 OFD") from exc
        raise OfdInputError(f"PDF 文件已损坏，无法读取：{exc}") from exc
    if raw.FPDF_GetSecurityHandlerRevision(doc.raw) != -1:
        doc.close()
        raise OfdInputError("PDF 已加密（设有权限密码），无法转换为 OFD")
    if len(doc) == 0:
        doc.close()
        raise OfdInputError("PDF 没有页面")
    if len(doc) > MAX_PAGES:
        doc.close()
        raise OfdInputError(f"PDF 有 {len(doc)} 页，超过上限 {MAX_PAGES} 页")
    return doc


def read_pages(doc: pdfium.PdfDocument) -> Iterator[Page]:
    """Every page of ``doc``, one at a time."""
    for index in range(len(doc)):
        page = doc[index]
        try:
            yield _read_page(doc, page, index + 1)
        finally:
            page.close()


def _read_page(doc: pdfium.PdfDocument, page: pdfium.PdfPage, number: int) -> Page:
    if page.get_rotation() % 360:
        raise OfdInputError(f"第 {number} 页设置了旋转（/Rotate），不是本项目生成的版面，无法转换")
    left, bottom, right, top = page.get_cropbox()
    result = Page(right - left, top - bottom, (left, top))
    textpage = page.get_textpage()
    try:
        glyphs, text = _glyphs(textpage, number)
        result.text = text
        counter = [0]
        for obj in _objects(page.raw, raw.FPDFPage_CountObjects, raw.FPDFPage_GetObject):
            _visit(doc, page, obj, IDENTITY, glyphs, result, counter, number, 0)
        missing = sum(len(v) for v in glyphs.values())
        if missing:
            raise OfdInputError(f"第 {number} 页有 {missing} 个字符不属于任何文字对象，无法转换")
    finally:
        textpage.close()
    return result


def _objects(handle: object, count_fn: object, get_fn: object) -> Iterator[object]:
    for i in range(count_fn(handle)):  # type: ignore[operator]
        yield get_fn(handle, i)  # type: ignore[operator]


def _address(obj: Any) -> int:
    return ctypes.cast(obj, ctypes.c_void_p).value or 0


def _glyphs(textpage: pdfium.PdfTextPage, number: int) -> tuple[dict[int, list[Glyph]], str]:
    """Non-generated characters of the text layer, grouped by text object."""
    tp = textpage.raw
    by_object: dict[int, list[Glyph]] = {}
    x, y = ctypes.c_double(), ctypes.c_double()
    chars: list[str] = []
    pending_high = 0
    unicode, mapping_error = raw.FPDFText_GetUnicode, raw.FPDFText_HasUnicodeMapError
    origin, text_object, address = raw.FPDFText_GetCharOrigin, raw.FPDFText_GetTextObject, _address
    current_object, current_list = None, None
    for k in range(raw.FPDFText_CountChars(tp)):
        obj = address(text_object(tp, k))
        if not obj:  # generated by PDFium (spaces, line ends between text objects)
            continue
        code = unicode(tp, k)
        if 0xD800 <= code < 0xDC00:  # UTF-16 high surrogate: the next index holds the low half
            pending_high = code
            continue
        if pending_high and 0xDC00 <= code < 0xE000:
            code = 0x10000 + ((pending_high - 0xD800) << 10) + (code - 0xDC00)
        pending_high = 0
        if (code < 0x20 or code in (0xFFFD, 0xFFFE, 0xFFFF)) and (
            code in (0, 0xFFFE, 0xFFFF) or mapping_error(tp, k)
        ):
            raise OfdInputError(
                f"第 {number} 页有字符没有可用的 Unicode 映射（字体缺少 ToUnicode），无法生成可检索的文字"
            )
        origin(tp, k, x, y)
        text = chr(code)
        chars.append(text)
        if obj != current_object:
            current_object, current_list = obj, by_object.setdefault(obj, [])
        current_list.append(Glyph(text, x.value, y.value))  # type: ignore[union-attr]
    return by_object, "".join(chars)


def _matrix(obj: object) -> Matrix:
    m = raw.FS_MATRIX()
    if not raw.FPDFPageObj_GetMatrix(obj, m):
        return IDENTITY
    return (m.a, m.b, m.c, m.d, m.e, m.f)


def _color(getter: object, obj: object) -> Color:
    r, g, b, a = (ctypes.c_uint() for _ in range(4))
    if not getter(obj, r, g, b, a):  # type: ignore[operator]
        return (0, 0, 0, 255)
    return (r.value, g.value, b.value, a.value)


def _visit(
    doc: pdfium.PdfDocument,
    page: pdfium.PdfPage,
    obj: object,
    parent: Matrix,
    glyphs: dict[int, list[Glyph]],
    result: Page,
    counter: list[int],
    number: int,
    depth: int,
) -> None:
    counter[0] += 1
    if counter[0] > MAX_OBJECTS:
        raise OfdInputError(f"第 {number} 页的图形对象超过 {MAX_OBJECTS} 个，无法转换")
    kind = raw.FPDFPageObj_GetType(obj)
    if kind == raw.FPDF_PAGEOBJ_TEXT:
        run = _text(obj, glyphs.pop(_address(obj), []), result.fonts)
        if run is not None:
            result.items.append(run)
    elif kind == raw.FPDF_PAGEOBJ_PATH:
        shape = _path(obj, _mul(_matrix(obj), parent))
        if shape is not None:
            result.items.append(shape)
    elif kind == raw.FPDF_PAGEOBJ_IMAGE:
        result.items.append(_image(doc, page, obj, _mul(_matrix(obj), parent), number))
    elif kind == raw.FPDF_PAGEOBJ_FORM:
        if depth >= MAX_FORM_DEPTH:
            raise OfdInputError(f"第 {number} 页的表单对象嵌套超过 {MAX_FORM_DEPTH} 层，无法转换")
        inner = _mul(_matrix(obj), parent)
        for child in _objects(obj, raw.FPDFFormObj_CountObjects, raw.FPDFFormObj_GetObject):
            _visit(doc, page, child, inner, glyphs, result, counter, number, depth + 1)
    elif kind == raw.FPDF_PAGEOBJ_SHADING:
        raise OfdInputError(
            f"第 {number} 页含有渐变填充（shading），不是本项目生成的版面，无法转换"
        )


def font_identity(font: object, cache: dict[int, tuple[str, str]]) -> tuple[str, str]:
    """``(program digest, name)`` of a PDFium font handle (cached per handle)."""
    address = _address(font)
    if address not in cache:
        buffer = ctypes.create_string_buffer(256)
        length = raw.FPDFFont_GetBaseFontName(font, buffer, 256)
        name = buffer.raw[: max(length - 1, 0)].decode("latin-1")
        size = ctypes.c_size_t()
        raw.FPDFFont_GetFontData(font, None, 0, size)
        data = (ctypes.c_ubyte * size.value)()
        raw.FPDFFont_GetFontData(font, data, size.value, size)
        cache[address] = (hashlib.sha256(bytes(data)[: size.value]).hexdigest(), name)
    return cache[address]


def _text(obj: object, glyphs: list[Glyph], fonts: dict[int, tuple[str, str]]) -> TextRun | None:
    if not glyphs:
        return None
    font = raw.FPDFTextObj_GetFont(obj)
    digest, name = font_identity(font, fonts)
    size = ctypes.c_float()
    raw.FPDFTextObj_GetFontSize(obj, size)
    a, b, c, d, _, _ = _matrix(obj)  # text matrix × CTM (page space)
    vertical = math.hypot(c, d) or 1.0
    em = size.value * vertical
    mode = raw.FPDFTextObj_GetTextRenderMode(obj)
    stroked = mode in (raw.FPDF_TEXTRENDERMODE_STROKE, raw.FPDF_TEXTRENDERMODE_FILL_STROKE)
    width = ctypes.c_float()
    raw.FPDFPageObj_GetStrokeWidth(obj, width)
    left, bottom, right, top = (ctypes.c_float() for _ in range(4))
    raw.FPDFPageObj_GetBounds(obj, left, bottom, right, top)
    fill = _color(raw.FPDFPageObj_GetFillColor, obj)
    if mode in (raw.FPDF_TEXTRENDERMODE_INVISIBLE, raw.FPDF_TEXTRENDERMODE_STROKE):
        fill = (fill[0], fill[1], fill[2], 0)
    return TextRun(
        font=digest,
        font_name=name,
        size=em,
        matrix=(a / vertical, b / vertical, c / vertical, d / vertical),
        fill=fill,
        stroke=_color(raw.FPDFPageObj_GetStrokeColor, obj) if stroked else None,
        line_width=width.value * vertical if stroked else 0.0,
        bold=raw.FPDFFont_GetWeight(font) >= 600,
        bounds=(left.value, bottom.value, right.value, top.value),
        glyphs=glyphs,
    )


def _path(obj: object, m: Matrix) -> PathShape | None:
    fillmode, stroke = ctypes.c_int(), ctypes.c_int()
    raw.FPDFPath_GetDrawMode(obj, fillmode, stroke)
    if fillmode.value == raw.FPDF_FILLMODE_NONE and not stroke.value:
        return None  # a clipping path or an invisible shape
    segments: list[tuple[str, list[tuple[float, float]]]] = []
    x, y = ctypes.c_float(), ctypes.c_float()
    pending: list[tuple[float, float]] = []
    for i in range(raw.FPDFPath_CountSegments(obj)):
        seg = raw.FPDFPath_GetPathSegment(obj, i)
        raw.FPDFPathSegment_GetPoint(seg, x, y)
        point = apply(m, x.value, y.value)
        kind = raw.FPDFPathSegment_GetType(seg)
        if kind == raw.FPDF_SEGMENT_BEZIERTO:
            pending.append(point)
            if len(pending) == 3:
                segments.append(("B", pending))
                pending = []
        elif kind == raw.FPDF_SEGMENT_MOVETO:
            segments.append(("M", [point]))
        else:
            segments.append(("L", [point]))
        if raw.FPDFPathSegment_GetClose(seg) and not pending:
            segments.append(("C", []))
    if not segments:
        return None
    width = ctypes.c_float()
    raw.FPDFPageObj_GetStrokeWidth(obj, width)
    scale = math.sqrt(abs(m[0] * m[3] - m[1] * m[2])) or 1.0
    dash_count = raw.FPDFPageObj_GetDashCount(obj)
    dash: tuple[float, ...] = ()
    if dash_count > 0:
        values = (ctypes.c_float * dash_count)()
        if raw.FPDFPageObj_GetDashArray(obj, values, dash_count):
            dash = tuple(v * scale for v in values)
    return PathShape(
        segments=segments,
        stroke=_color(raw.FPDFPageObj_GetStrokeColor, obj) if stroke.value else None,
        fill=_color(raw.FPDFPageObj_GetFillColor, obj)
        if fillmode.value != raw.FPDF_FILLMODE_NONE
        else None,
        even_odd=fillmode.value == raw.FPDF_FILLMODE_ALTERNATE,
        line_width=width.value * scale,
        cap=raw.FPDFPageObj_GetLineCap(obj),
        join=raw.FPDFPageObj_GetLineJoin(obj),
        dash=dash,
        dash_phase=raw.FPDFPageObj_GetDashPhase(obj) * scale if dash else 0.0,
    )


def _image(
    doc: pdfium.PdfDocument, page: pdfium.PdfPage, obj: object, m: Matrix, number: int
) -> Picture:
    width, height = ctypes.c_uint(), ctypes.c_uint()
    raw.FPDFImageObj_GetImagePixelSize(obj, width, height)
    if width.value * height.value > MAX_IMAGE_PIXELS:
        raise OfdInputError(f"第 {number} 页的图片过大（{width.value}×{height.value} 像素）")
    image = pdfium.PdfImage(obj, page=page, pdf=doc)
    filters = image.get_filters()
    if filters == ["DCTDecode"] and not _has_mask(image, width.value, height.value):
        return Picture(image.get_data(decode_simple=False), "JPEG", m)
    bitmap = image.get_bitmap(render=False)
    pil = bitmap.to_pil()
    masked = (
        image.get_bitmap(render=True).to_pil()
        if _has_mask(image, width.value, height.value)
        else None
    )
    if masked is not None:
        pil = masked.resize(pil.size) if masked.size != pil.size else masked
    out = io.BytesIO()
    pil.save(out, format="PNG", optimize=False)
    return Picture(out.getvalue(), "PNG", m)


def _has_mask(image: pdfium.PdfImage, width: int, height: int) -> bool:
    """True when the image carries a soft mask or a stencil mask (rendered with alpha)."""
    metadata = image.get_metadata()
    return bool(metadata.has_mask) if hasattr(metadata, "has_mask") else True
