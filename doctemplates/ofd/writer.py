"""OFD package parts (GB/T 33190-2016).  OFD 包的各个部件。

Layout of the package (§7.4)::

    OFD.xml                       entry: DocInfo (metadata) and DocRoot
    Doc_0/Document.xml            CommonData (PageArea, resources), Pages
    Doc_0/PublicRes.xml           Fonts
    Doc_0/DocumentRes.xml         MultiMedias (pictures), when there are any
    Doc_0/Pages/Page_N/Content.xml  one layer per page: Text/Path/ImageObjects
    Doc_0/Res/…                   embedded fonts and pictures

A later electronic seal adds ``Doc_0/Signs/Signatures.xml`` and a
``<ofd:Signatures>`` entry to ``DocBody``; nothing here stands in its way.
Coordinates are millimetres, y downwards, rounded to 0.001 mm; every ID is
unique in the document (``MaxUnitID``).  XML is written as text (no DOM) with
every value escaped.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import math
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from xml.sax.saxutils import escape, quoteattr

from doctemplates.gbt9704.geometry import pt_to_mm
from doctemplates.ofd.errors import OfdInputError
from doctemplates.ofd.fonts import EmbeddedFont, FontSet
from doctemplates.ofd.metadata import OfdMetadata
from doctemplates.ofd.pdfsource import Color, Page, PathShape, Picture, TextRun
from doctemplates.package import Member

__all__ = ["MM", "OfdDocument", "fmt"]

NS = "http://www.ofdspec.org/2016"
MM = pt_to_mm(1.0)  # one PDF point in millimetres
_HEAD = '<?xml version="1.0" encoding="UTF-8"?>\n'
_INVALID_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
_CAPS = ("Butt", "Round", "Square")
_JOINS = ("Miter", "Round", "Bevel")


def fmt(value: float) -> str:
    """A number as OFD writes it: at most three decimals, no trailing zeros.

    >>> fmt(210.0), fmt(5.64444), fmt(-0.0001), fmt(12.5)
    ('210', '5.644', '0', '12.5')
    """
    text = f"{value:.3f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def snap(mm: float) -> float:
    """A page dimension in mm, snapped to 0.1 mm when within 0.05 mm (A4 in points is 210.007 mm).

    >>> snap(210.00694), snap(210.0106), snap(296.99722), snap(100.26)
    (210.0, 210.0, 297.0, 100.3)
    """
    nearest = round(mm, 1)
    return nearest if abs(mm - nearest) < 0.05 else round(mm, 3)


def _box(x: float, y: float, w: float, h: float) -> str:
    return f"{fmt(x)} {fmt(y)} {fmt(w)} {fmt(h)}"


def _color(tag: str, color: Color) -> str:
    alpha = f' Alpha="{color[3]}"' if color[3] < 255 else ""
    return f'<ofd:{tag} Value="{color[0]} {color[1]} {color[2]}"{alpha}/>'


def _deltas(values: list[float]) -> str:
    """DeltaX with runs of equal values written as ``g N value`` (§11.3)."""
    parts: list[str] = []
    i = 0
    texts = [fmt(v) for v in values]
    while i < len(texts):
        j = i
        while j + 1 < len(texts) and texts[j + 1] == texts[i]:
            j += 1
        count = j - i + 1
        parts.append(f"g {count} {texts[i]}" if count > 2 else " ".join(texts[i : j + 1]))
        i = j + 1
    return " ".join(parts)


@dataclass
class _Ids:
    last: int = 0

    def next(self) -> int:
        self.last += 1
        return self.last


@dataclass
class OfdDocument:
    """Collects pages, fonts and pictures and writes the package members.  OFD 文档。"""

    fonts: FontSet
    metadata: OfdMetadata
    identity: bytes  # hash of the metadata; the DocID adds the members' (see members())
    ids: _Ids = field(default_factory=_Ids)
    font_ids: dict[str, int] = field(default_factory=dict)
    pages: list[tuple[int, str]] = field(default_factory=list)  # (ID, Content.xml)
    media: dict[str, tuple[int, str, bytes]] = field(default_factory=dict)  # sha → (ID, name, data)
    page_box: tuple[float, float] = (210.0, 297.0)
    info_title: str | None = None  # the PDF's Title, when the metadata has none
    info_date: dt.date | None = None  # the PDF's CreationDate, when the metadata has none
    glyphs_written: int = 0

    def assign_fonts(self) -> None:
        for key in sorted(self.fonts.fonts):
            self.font_ids[key] = self.ids.next()

    def add_page(self, page: Page, number: int) -> None:
        page_id = self.ids.next()
        layer_id = self.ids.next()
        width, height = snap(page.width * MM), snap(page.height * MM)
        body = "".join(self._items(page))
        area = ""
        if (width, height) != self.page_box:
            area = f"<ofd:Area><ofd:PhysicalBox>{_box(0, 0, width, height)}</ofd:PhysicalBox></ofd:Area>"
        xml = (
            f'{_HEAD}<ofd:Page xmlns:ofd="{NS}">{area}<ofd:Content>'
            f'<ofd:Layer ID="{layer_id}" Type="Body">{body}</ofd:Layer>'
            "</ofd:Content></ofd:Page>"
        )
        self.pages.append((page_id, xml))

    # -- graphic units ---------------------------------------------------------------------
    def _items(self, page: Page) -> Iterator[str]:
        left, top = page.origin
        for item in page.items:
            if isinstance(item, TextRun):
                yield from self._text(item, left, top)
            elif isinstance(item, PathShape):
                yield self._path(item, left, top)
            else:
                yield self._image(item, left, top)

    def _text(self, run: TextRun, left: float, top: float) -> Iterator[str]:
        key = self.fonts.by_program.get(run.font)
        if key is None:
            raise OfdInputError(f"字体 {run.font_name} 没有字体资源，无法转换")
        font = self.fonts.fonts[key]
        a, b, c, d = run.matrix
        hscale = math.hypot(a, b)
        axis = abs(b) < 1e-6 and abs(c) < 1e-6 and a > 0 and d > 0
        size = run.size * MM
        x_left, bottom, x_right, t = run.bounds
        pad = run.size * 0.25
        bx, by = (x_left - pad - left) * MM, (top - t - pad) * MM
        bw, bh = (x_right - x_left + 2 * pad) * MM, (t - bottom + 2 * pad) * MM
        for line in _lines(run, axis):
            yield self._text_object(
                run, font, key, line, (bx, by, bw, bh), size, hscale, axis, left, top
            )

    def _text_object(
        self,
        run: TextRun,
        font: EmbeddedFont,
        key: str,
        line: list,  # type: ignore[type-arg]
        box: tuple[float, float, float, float],
        size: float,
        hscale: float,
        axis: bool,
        left: float,
        top: float,
    ) -> str:
        bx, by, bw, bh = box
        text = "".join(g.text for g in line)
        if _INVALID_XML.search(text):
            raise OfdInputError(
                f"PDF 中的文字含有 XML 不允许的控制字符（{text[:20]!r}），无法写入 OFD"
            )
        for ch in text:
            if ch not in font.cmap:
                raise OfdInputError(f"字体 {font.name} 中没有“{ch}”的字形映射，无法写入 OFD")
        self.glyphs_written += len(line)
        x0, y0 = (line[0].x - left) * MM - bx, (top - line[0].y) * MM - by
        attrs = [
            f'ID="{self.ids.next()}"',
            f'Boundary="{_box(bx, by, bw, bh)}"',
            f'Font="{self.font_ids[key]}"',
            f'Size="{fmt(size)}"',
        ]
        if axis:
            deltas = [(g2.x - g1.x) * MM for g1, g2 in zip(line, line[1:], strict=False)]
            if abs(hscale - 1) > 1e-3:
                attrs.append(f'HScale="{fmt(hscale)}"')
            code = f'<ofd:TextCode X="{fmt(x0)}" Y="{fmt(y0)}"'
        else:
            a, b, c, d = run.matrix
            unit = (a / hscale, b / hscale) if hscale else (1.0, 0.0)
            deltas = [
                ((g2.x - g1.x) * unit[0] + (g2.y - g1.y) * unit[1]) * MM / (hscale or 1)
                for g1, g2 in zip(line, line[1:], strict=False)
            ]
            attrs.append(f'CTM="{fmt(a)} {fmt(-b)} {fmt(-c)} {fmt(d)} {fmt(x0)} {fmt(y0)}"')
            code = '<ofd:TextCode X="0" Y="0"'
        if font.bold or run.bold:
            attrs.append('Weight="700"')
        if run.stroke is not None:
            attrs.append(f'Stroke="true" LineWidth="{fmt(max(run.line_width * MM, 0.001))}"')
        if run.fill[3] == 0:
            attrs.append('Fill="false"')
        colors = _color("FillColor", run.fill) if run.fill[3] else ""
        if run.stroke is not None:
            colors += _color("StrokeColor", run.stroke)
        delta = f' DeltaX="{_deltas(deltas)}"' if deltas else ""
        return f"<ofd:TextObject {' '.join(attrs)}>{colors}{code}{delta}>{escape(text)}</ofd:TextCode></ofd:TextObject>"

    def _path(self, shape: PathShape, left: float, top: float) -> str:
        points = [((x - left) * MM, (top - y) * MM) for _, pts in shape.segments for x, y in pts]
        half = shape.line_width * MM / 2 if shape.stroke else 0.0
        x_min, y_min = min(p[0] for p in points) - half, min(p[1] for p in points) - half
        x_max, y_max = max(p[0] for p in points) + half, max(p[1] for p in points) + half
        data: list[str] = []
        for op, pts in shape.segments:
            coords = " ".join(
                f"{fmt((x - left) * MM - x_min)} {fmt((top - y) * MM - y_min)}" for x, y in pts
            )
            data.append(f"{op} {coords}" if coords else op)
        attrs = [
            f'ID="{self.ids.next()}"',
            f'Boundary="{_box(x_min, y_min, x_max - x_min, y_max - y_min)}"',
        ]
        if shape.stroke:
            attrs.append(f'LineWidth="{fmt(max(shape.line_width * MM, 0.001))}"')
            if shape.cap:
                attrs.append(f'Cap="{_CAPS[shape.cap % 3]}"')
            if shape.join:
                attrs.append(f'Join="{_JOINS[shape.join % 3]}"')
            if shape.dash:
                attrs.append(f'DashPattern="{" ".join(fmt(v * MM) for v in shape.dash)}"')
                if shape.dash_phase:
                    attrs.append(f'DashOffset="{fmt(shape.dash_phase * MM)}"')
        else:
            attrs.append('Stroke="false"')
        if shape.fill:
            attrs.append('Fill="true"')
            if shape.even_odd:
                attrs.append('Rule="Even-Odd"')
        colors = (_color("StrokeColor", shape.stroke) if shape.stroke else "") + (
            _color("FillColor", shape.fill) if shape.fill else ""
        )
        return f"<ofd:PathObject {' '.join(attrs)}>{colors}<ofd:AbbreviatedData>{' '.join(data)}</ofd:AbbreviatedData></ofd:PathObject>"

    def _image(self, picture: Picture, left: float, top: float) -> str:
        digest = hashlib.sha256(picture.data).hexdigest()
        if digest not in self.media:
            media_id = self.ids.next()
            suffix = "png" if picture.format == "PNG" else "jpg"
            self.media[digest] = (media_id, f"image_{media_id}.{suffix}", picture.data)
        media_id = self.media[digest][0]
        a, b, c, d, e, f = picture.matrix
        corners = [(e, f), (e + a, f + b), (e + c, f + d), (e + a + c, f + b + d)]
        xs = [(x - left) * MM for x, _ in corners]
        ys = [(top - y) * MM for _, y in corners]
        x0, y0 = min(xs), min(ys)
        # the unit square's top-left (PDF: (0, 1)) maps to the picture's top-left
        ox, oy = (e + c - left) * MM - x0, (top - (f + d)) * MM - y0
        ctm = f"{fmt(a * MM)} {fmt(-b * MM)} {fmt(-c * MM)} {fmt(d * MM)} {fmt(ox)} {fmt(oy)}"
        return (
            f'<ofd:ImageObject ID="{self.ids.next()}" Boundary="{_box(x0, y0, max(xs) - x0, max(ys) - y0)}" '
            f'CTM="{ctm}" ResourceID="{media_id}"/>'
        )

    # -- package -------------------------------------------------------------------------------
    def members(self) -> list[Member]:
        """The package members in a fixed order (deterministic bytes)."""
        members = [
            Member.deflate("Doc_0/Document.xml", self._document_xml().encode()),
            Member.deflate("Doc_0/PublicRes.xml", self._public_res().encode()),
        ]
        if self.media:
            members.append(Member.deflate("Doc_0/DocumentRes.xml", self._document_res().encode()))
        for index, (_, xml) in enumerate(self.pages):
            members.append(Member.deflate(f"Doc_0/Pages/Page_{index}/Content.xml", xml.encode()))
        for key in sorted(self.fonts.fonts):
            font = self.fonts.fonts[key]
            if font.data is not None:
                members.append(Member.deflate(f"Doc_0/Res/{self._font_file(key, font)}", font.data))
        for _media_id, name, data in sorted(self.media.values()):
            members.append(
                Member.deflate(f"Doc_0/Res/{name}", data, level=1 if name.endswith(".jpg") else 6)
            )
        # the DocID is a hash of what the OFD shows (pages, fonts, pictures, metadata), not of
        # the PDF's bytes: LibreOffice stamps each PDF with a new /ID and date, and the same
        # document must give the same OFD bytes
        shown = hashlib.sha256(self.identity)
        for member in members:
            shown.update(f"{member.name}\0{member.crc:08x}\0{member.size}\0".encode())
        return [Member.deflate("OFD.xml", self._ofd_xml(shown.digest()).encode()), *members]

    def _font_file(self, key: str, font: EmbeddedFont) -> str:
        return f"font_{self.font_ids[key]}.{font.suffix}"

    def _ofd_xml(self, identity: bytes) -> str:
        meta = self.metadata
        doc_id = identity.hex()[:32]
        info = [f"<ofd:DocID>{doc_id}</ofd:DocID>"]
        info += _optional("Title", meta.title or self.info_title) + _optional("Author", meta.author)
        info += _optional("Subject", meta.subject)
        created = meta.created or self.info_date
        if created:
            info.append(f"<ofd:CreationDate>{created.isoformat()}</ofd:CreationDate>")
        info.append("<ofd:DocUsage>Normal</ofd:DocUsage>")
        info += [
            "<ofd:Creator>doctemplates</ofd:Creator>",
            "<ofd:CreatorVersion>0.1.0</ofd:CreatorVersion>",
        ]
        custom = "".join(
            f"<ofd:CustomData Name={quoteattr(_clean(n))}>{escape(_clean(v))}</ofd:CustomData>"
            for n, v in meta.custom_data()
        )
        if custom:
            info.append(f"<ofd:CustomDatas>{custom}</ofd:CustomDatas>")
        return (
            f'{_HEAD}<ofd:OFD xmlns:ofd="{NS}" Version="1.0" DocType="OFD"><ofd:DocBody>'
            f"<ofd:DocInfo>{''.join(info)}</ofd:DocInfo>"
            "<ofd:DocRoot>Doc_0/Document.xml</ofd:DocRoot></ofd:DocBody></ofd:OFD>"
        )

    def _document_xml(self) -> str:
        pages = "".join(
            f'<ofd:Page ID="{pid}" BaseLoc="Pages/Page_{i}/Content.xml"/>'
            for i, (pid, _) in enumerate(self.pages)
        )
        res = "<ofd:DocumentRes>DocumentRes.xml</ofd:DocumentRes>" if self.media else ""
        return (
            f'{_HEAD}<ofd:Document xmlns:ofd="{NS}"><ofd:CommonData>'
            f"<ofd:MaxUnitID>{self.ids.last}</ofd:MaxUnitID>"
            f"<ofd:PageArea><ofd:PhysicalBox>{_box(0, 0, *self.page_box)}</ofd:PhysicalBox></ofd:PageArea>"
            f"<ofd:PublicRes>PublicRes.xml</ofd:PublicRes>{res}</ofd:CommonData>"
            f"<ofd:Pages>{pages}</ofd:Pages></ofd:Document>"
        )

    def _public_res(self) -> str:
        fonts = []
        for key in sorted(self.fonts.fonts):
            font = self.fonts.fonts[key]
            attrs = f'ID="{self.font_ids[key]}" FontName={quoteattr(_clean(font.name))} FamilyName={quoteattr(_clean(font.family))}'
            if font.bold:
                attrs += ' Bold="true"'
            if font.italic:
                attrs += ' Italic="true"'
            file = (
                f"<ofd:FontFile>{self._font_file(key, font)}</ofd:FontFile>"
                if font.data is not None
                else ""
            )
            fonts.append(f"<ofd:Font {attrs}>{file}</ofd:Font>")
        return f'{_HEAD}<ofd:Res xmlns:ofd="{NS}" BaseLoc="Res"><ofd:Fonts>{"".join(fonts)}</ofd:Fonts></ofd:Res>'

    def _document_res(self) -> str:
        items = "".join(
            f'<ofd:MultiMedia ID="{mid}" Type="Image" Format="{"PNG" if name.endswith(".png") else "JPEG"}">'
            f"<ofd:MediaFile>{name}</ofd:MediaFile></ofd:MultiMedia>"
            for mid, name, _ in sorted(self.media.values())
        )
        return f'{_HEAD}<ofd:Res xmlns:ofd="{NS}" BaseLoc="Res"><ofd:MultiMedias>{items}</ofd:MultiMedias></ofd:Res>'


def _clean(value: str) -> str:
    """Text without the characters XML 1.0 cannot hold (metadata and font names come from the PDF)."""
    return _INVALID_XML.sub("", value)


def _optional(tag: str, value: str | None) -> list[str]:
    return [f"<ofd:{tag}>{escape(_clean(value))}</ofd:{tag}>"] if value else []


def _lines(run: TextRun, axis: bool) -> Iterable[list]:  # type: ignore[type-arg]
    """Split a run where the baseline changes (one TextCode per line)."""
    line = [run.glyphs[0]]
    for glyph in run.glyphs[1:]:
        prev = line[-1]
        same = (
            abs(glyph.y - prev.y) < 0.01 and glyph.x >= prev.x - 0.01
            if axis
            else abs(glyph.x - prev.x) + abs(glyph.y - prev.y) < run.size * 4
        )
        if same:
            line.append(glyph)
        else:
            yield line
            line = [glyph]
    yield line
