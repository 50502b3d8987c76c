"""pypdf post-processing: metadata, 附件, watermark, PDF/A check.  PDF 后处理。

Every function takes and returns PDF bytes, so they compose in any order.
"""

from __future__ import annotations

import datetime as dt
import functools
import io
import math
import os
import shutil
import subprocess
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from lxml import etree
from pypdf import PageObject, PdfReader, PdfWriter

from doctemplates.pdf.errors import PdfError

__all__ = [
    "PdfMetadata",
    "add_watermark",
    "merge_pdfs",
    "pdfa_identification",
    "set_metadata",
    "turn_landscape_pages",
]

_NS = {
    "x": "adobe:ns:meta/",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "dc": "http://purl.org/dc/elements/1.1/",
    "xmp": "http://ns.adobe.com/xap/1.0/",
    "pdf": "http://ns.adobe.com/pdf/1.3/",
    "pdfaid": "http://www.aiim.org/pdfa/ns/id/",
}
_XML = "{http://www.w3.org/XML/1998/namespace}lang"
#: TrueType CJK faces the watermark can embed (reportlab cannot embed CFF/OTF).
_WATERMARK_FAMILIES = ("LXGW WenKai", "AR PL UMing CN", "AR PL UKai CN", "WenQuanYi Zen Hei")


@dataclass(frozen=True)
class PdfMetadata:
    """Document information of the PDF.  PDF 文档属性。

    ``title`` = 标题, ``author`` = 发文机关, ``subject`` = kind (文种),
    ``created`` = 成文日期, ``keywords`` optional.
    """

    title: str | None = None
    author: str | None = None
    subject: str | None = None
    created: dt.date | dt.datetime | None = None
    keywords: str | None = None

    def office_properties(self) -> dict[str, str]:
        """The values LibreOffice can put into its own export (title, author, subject)."""
        pairs = {"Title": self.title, "Author": self.author, "Subject": self.subject}
        return {k: v for k, v in pairs.items() if v}


def _pdf_date(value: dt.date | dt.datetime) -> str:
    if not isinstance(value, dt.datetime):
        return value.strftime("D:%Y%m%d")
    text = value.strftime("D:%Y%m%d%H%M%S")
    offset = value.utcoffset()
    if offset is None:
        return text
    minutes = int(offset.total_seconds() // 60)
    sign = "+" if minutes >= 0 else "-"
    return f"{text}{sign}{abs(minutes) // 60:02d}'{abs(minutes) % 60:02d}'"


def _xmp_date(value: dt.date | dt.datetime) -> str:
    return (
        value.isoformat(timespec="seconds") if isinstance(value, dt.datetime) else value.isoformat()
    )


def set_metadata(pdf: bytes, meta: PdfMetadata) -> bytes:
    """Write ``meta`` into the Info dictionary and, when present, the XMP packet."""
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf)))
    info = {
        "/Title": meta.title,
        "/Author": meta.author,
        "/Subject": meta.subject,
        "/Keywords": meta.keywords,
        "/CreationDate": _pdf_date(meta.created) if meta.created else None,
    }
    writer.add_metadata({k: v for k, v in info.items() if v})
    packet = _xmp_packet(writer)
    if packet is not None:
        writer.xmp_metadata = _update_xmp(packet, meta)
    return _bytes(writer)


def _xmp_packet(writer: PdfWriter) -> bytes | None:
    ref = writer.root_object.get("/Metadata")
    return ref.get_object().get_data() if ref is not None else None


def _description(rdf: etree._Element, prefix: str) -> etree._Element:
    for desc in rdf.findall("rdf:Description", _NS):
        if desc.find(f"{prefix}:*", _NS) is not None:
            return desc
    desc = etree.SubElement(rdf, f"{{{_NS['rdf']}}}Description", nsmap={prefix: _NS[prefix]})
    desc.set(f"{{{_NS['rdf']}}}about", "")
    return desc


def _set_xmp(rdf: etree._Element, prefix: str, name: str, value: str, container: str = "") -> None:
    desc = _description(rdf, prefix)
    for old in desc.findall(f"{prefix}:{name}", _NS):
        desc.remove(old)
    el = etree.SubElement(desc, f"{{{_NS[prefix]}}}{name}")
    if not container:
        el.text = value
        return
    holder = etree.SubElement(el, f"{{{_NS['rdf']}}}{container}")
    li = etree.SubElement(holder, f"{{{_NS['rdf']}}}li")
    if container == "Alt":
        li.set(_XML, "x-default")
    li.text = value


def _update_xmp(packet: bytes, meta: PdfMetadata) -> bytes:
    start, end = packet.find(b"<x:xmpmeta"), packet.rfind(b"</x:xmpmeta>")
    if start < 0 or end < 0:
        return packet
    root = etree.fromstring(packet[start : end + len(b"</x:xmpmeta>")])
    rdf = root.find("rdf:RDF", _NS)
    if rdf is None:
        return packet
    if meta.title:
        _set_xmp(rdf, "dc", "title", meta.title, "Alt")
    if meta.author:
        _set_xmp(rdf, "dc", "creator", meta.author, "Seq")
    if meta.subject:
        _set_xmp(rdf, "dc", "description", meta.subject, "Alt")
    if meta.keywords:
        _set_xmp(rdf, "pdf", "Keywords", meta.keywords)
    if meta.created:
        _set_xmp(rdf, "xmp", "CreateDate", _xmp_date(meta.created))
    body = etree.tostring(root, encoding="utf-8")
    return packet[:start] + body + packet[end + len(b"</x:xmpmeta>") :]


def pdfa_identification(pdf: bytes) -> tuple[int, str] | None:
    """``(part, conformance)`` from the XMP ``pdfaid`` entries, e.g. ``(2, "B")``."""
    reader = PdfReader(io.BytesIO(pdf))
    ref = reader.root_object.get("/Metadata")
    if ref is None:
        return None
    root = etree.fromstring(_strip_packet(ref.get_object().get_data()))
    part = root.find(".//pdfaid:part", _NS)
    conformance = root.find(".//pdfaid:conformance", _NS)
    if part is None:
        desc = root.find(".//rdf:Description[@pdfaid:part]", _NS)
        if desc is None:
            return None
        return int(desc.get(f"{{{_NS['pdfaid']}}}part", "")), desc.get(
            f"{{{_NS['pdfaid']}}}conformance", ""
        )
    return int(part.text or 0), (conformance.text if conformance is not None else "") or ""


def _strip_packet(packet: bytes) -> bytes:
    start, end = packet.find(b"<x:xmpmeta"), packet.rfind(b"</x:xmpmeta>")
    return packet[start : end + len(b"</x:xmpmeta>")] if start >= 0 <= end else packet


def merge_pdfs(main: bytes, attachments: Sequence[bytes | os.PathLike[str] | str]) -> bytes:
    """Append each 附件 PDF (bytes or path) after ``main``, in order.  合并附件。"""
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(main)))
    for number, item in enumerate(attachments, start=1):
        try:
            data = item if isinstance(item, bytes) else Path(item).read_bytes()
            writer.append(PdfReader(io.BytesIO(data)))
        except Exception as exc:  # pypdf raises many kinds on bad input
            raise PdfError(f"附件 {number} 不是可读的 PDF：{exc}") from exc
    return _bytes(writer)


def add_watermark(
    pdf: bytes,
    text: str,
    *,
    font_file: str | os.PathLike[str] | None = None,
    env: Mapping[str, str] | None = None,
    gray: float = 0.55,
    opacity: float = 0.3,
) -> bytes:
    """Draw ``text`` (e.g. 征求意见稿, 样稿) diagonally over every page.  加水印。

    The overlay is drawn with reportlab in an embedded TrueType CJK face (so
    the text stays extractable); ``font_file`` overrides the face.
    """
    font = _register_font(str(font_file) if font_file else _find_truetype_cjk(env))
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf)))
    overlays: dict[tuple[float, float], PageObject] = {}
    for page in writer.pages:
        box = page.mediabox
        size = (float(box.width), float(box.height))
        if size not in overlays:
            overlays[size] = _overlay(text, size, font, gray, opacity)
        page.merge_translated_page(overlays[size], float(box.left), float(box.bottom))
    return _bytes(writer)


def _overlay(
    text: str, size: tuple[float, float], font: str, gray: float, opacity: float
) -> PageObject:
    from reportlab.pdfgen import canvas

    width, height = size
    buffer = io.BytesIO()
    c = canvas.Canvas(buffer, pagesize=size, pageCompression=1)
    diagonal = math.hypot(width, height)
    font_size = min(0.7 * diagonal / max(len(text), 1), 0.22 * diagonal)
    c.setFillGray(gray)
    c.setFillAlpha(opacity)
    c.translate(width / 2, height / 2)
    c.rotate(math.degrees(math.atan2(height, width)))
    c.setFont(font, font_size)
    c.drawCentredString(0, -font_size / 3, text)
    c.showPage()
    c.save()
    return PdfReader(io.BytesIO(buffer.getvalue())).pages[0]


@functools.cache
def _register_font(path: str) -> str:
    try:
        from reportlab.pdfbase import pdfmetrics
        from reportlab.pdfbase.ttfonts import TTFont
    except ImportError as exc:
        raise PdfError("添加水印需要 reportlab：请运行 pip install reportlab") from exc
    name = f"DocTemplatesWatermark{len(pdfmetrics.getRegisteredFontNames())}"
    try:
        pdfmetrics.registerFont(TTFont(name, path))
    except Exception as exc:
        raise PdfError(f"水印字体无法使用（需要 TrueType 中文字体）：{path}") from exc
    return name


def _find_truetype_cjk(env: Mapping[str, str] | None) -> str:
    """A TrueType (glyf) CJK font file known to fontconfig, preferred families first."""
    exe = shutil.which("fc-list")
    if exe is None:
        raise PdfError("未找到 fc-list（fontconfig），无法为水印选择中文字体")
    out = subprocess.run(
        [exe, "-f", "%{family[0]}|%{file}\n", ":lang=zh:fontformat=TrueType"],
        env=dict(env or os.environ),
        capture_output=True,
        text=True,
        timeout=30,
    ).stdout
    listed = [line.split("|", 1) for line in out.splitlines() if "|" in line]
    fonts = sorted(
        ((f, p) for f, p in listed if not p.endswith(".ttc")),
        key=lambda fp: ("Regular" not in fp[1], fp[1]),
    )
    for family in _WATERMARK_FAMILIES:
        for found, path in fonts:
            if found == family:
                return path
    if fonts:
        return fonts[0][1]
    raise PdfError("未找到可嵌入的 TrueType 中文字体，无法添加水印（可安装 fonts-lxgw-wenkai）")


#: The quarter turn (PDF /Rotate, clockwise) that makes a landscape page's top face a side.
_TURN = {"left": 270, "right": 90}


def turn_landscape_pages(pdf: bytes) -> bytes:
    """Landscape table pages turned upright so that the table head faces the side §8 gives.

    横排表格页转为纵向：GB/T 9704 §8 puts the head at the binding side of an odd page and
    the outer edge of an even page (:func:`~doctemplates.gbt9704.geometry.landscape_head_side`:
    the left edge of the sheet).  LibreOffice exports a landscape section as a wide page
    and leaves the turn to the printer driver, which may turn either way; here each wide,
    unrotated page is turned and the turn written into its content (pypdf
    ``transfer_rotation_to_content``, no ``/Rotate`` left): a portrait A4 page whose text
    runs bottom to top, printed and shown the same everywhere.  Other pages pass unchanged;
    a PDF without wide pages is returned as it was.
    """
    from doctemplates.gbt9704.geometry import landscape_head_side

    if not _any_wide_page(pdf):  # the usual case: no pypdf parse and copy of the whole PDF
        return pdf
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf)))
    turned = 0
    for number, page in enumerate(writer.pages, start=1):
        box = page.mediabox
        if box.width > box.height and not page.rotation % 360:
            page.rotate(_TURN[landscape_head_side(number)])
            page.transfer_rotation_to_content()
            turned += 1
    return _bytes(writer) if turned else pdf


def _any_wide_page(pdf: bytes) -> bool:
    """Whether a page is wider than high and not rotated (read by PDFium, the shared view)."""
    from doctemplates.pdf._pdfium import PDFIUM_LOCK
    from doctemplates.pdf.pdfview import pdf_view

    with PDFIUM_LOCK:
        view = pdf_view(pdf)
        for index in range(view.count):
            width, height, rotation = view.size(index)
            if width > height and not rotation % 360:
                return True
    return False


def _bytes(writer: PdfWriter) -> bytes:
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()
