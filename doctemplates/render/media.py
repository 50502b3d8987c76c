"""Pictures added while rendering (InlineImage, Image).  渲染时插入的图片。

docxtpl's ``InlineImage(tpl, path, width=Mm(40))`` asks
``tpl.current_rendering_part.new_pic_inline(...)`` for the drawing XML; this
module gives it a light stand-in for python-docx's part that records the
picture so the packager can add the media member, relationship and content
type.  Names are derived from the picture's SHA-256: deterministic and deduplicated.
"""

from __future__ import annotations

import contextlib
import hashlib
import posixpath
import re
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import IO, TYPE_CHECKING, Any

from markupsafe import Markup

from doctemplates.access import check_file_access
from doctemplates.errors import DataError, TemplateError

if TYPE_CHECKING:  # python-docx loads when a picture is placed (start-up, issue 20 §3)
    from docx.image.image import Image as DocxImage
    from docx.oxml.shape import CT_Inline

__all__ = ["Image", "MediaCollector", "RenderingPart", "current_part", "rendering"]

_IMAGE_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/image"


@dataclass
class _Picture:
    part: str
    rid: str
    target: str  # package name, e.g. word/media/image-ab12.png
    blob: bytes
    content_type: str
    ext: str


@dataclass
class MediaCollector:
    """Pictures and drawing ids of one render.  一次渲染中新增的图片。"""

    next_shape_id: int = 1
    pictures: list[_Picture] = field(default_factory=list)

    def add(self, part: str, image: DocxImage) -> str:
        digest = hashlib.sha256(image.blob).hexdigest()[:16]
        rid = f"rIdImg{digest}"
        if not any(p.part == part and p.rid == rid for p in self.pictures):
            target = posixpath.join(posixpath.dirname(part), "media", f"image-{digest}.{image.ext}")
            self.pictures.append(
                _Picture(part, rid, target, image.blob, image.content_type, image.ext)
            )
        return rid

    def shape_id(self) -> int:
        self.next_shape_id += 1
        return self.next_shape_id


class RenderingPart:
    """What docxtpl's InlineImage expects as ``tpl.current_rendering_part``."""

    def __init__(self, name: str, media: MediaCollector) -> None:
        self.name = name
        self.media = media

    def new_pic_inline(
        self, image_descriptor: str | IO[bytes], width: int | None = None, height: int | None = None
    ) -> CT_Inline:
        if isinstance(image_descriptor, str):
            check_file_access()  # a picture by path: not where files named in data are refused
        from docx.image.image import Image as DocxImage
        from docx.oxml.shape import CT_Inline

        try:
            image = DocxImage.from_file(image_descriptor)
        except Exception as exc:  # python-docx raises many types for bad images
            raise DataError(f"无法读取图片 {_describe(image_descriptor)}：{exc}") from exc
        cx, cy = image.scaled_dimensions(width, height)
        rid = self.media.add(self.name, image)
        return CT_Inline.new_pic_inline(self.media.shape_id(), rid, image.filename, cx, cy)


_local = threading.local()


@contextlib.contextmanager
def rendering(part: RenderingPart) -> Iterator[None]:
    """Make ``part`` this thread's :func:`current_part` while it renders."""
    _local.part = part
    try:
        yield
    finally:
        _local.part = None


def current_part() -> RenderingPart:
    """The part being rendered on this thread (for pictures).  当前渲染的部件。"""
    part: RenderingPart | None = getattr(_local, "part", None)
    if part is None:
        raise TemplateError("图片只能在模板渲染过程中插入")
    return part


class Image:
    """A picture value for a template: ``{{ seal }}``.  模板中的图片值。

    Unlike docxtpl's InlineImage it needs no template object::

        context = {"seal": Image("seal.png", width_mm=42)}
    """

    def __init__(
        self,
        source: str | IO[bytes],
        *,
        width_mm: float | None = None,
        height_mm: float | None = None,
        anchor: tuple[int, int] | None = None,
    ) -> None:
        from docx.shared import Mm

        self.source = source
        self.width = Mm(width_mm) if width_mm is not None else None
        self.height = Mm(height_mm) if height_mm is not None else None
        self.anchor = anchor  # floating: (x from the left margin, y from the paragraph) in EMU

    def __html__(self) -> Markup:
        inline = current_part().new_pic_inline(self.source, self.width, self.height).xml
        drawing = floating(inline, *self.anchor) if self.anchor else inline
        return Markup(
            f'</w:t></w:r><w:r><w:drawing>{drawing}</w:drawing></w:r><w:r><w:t xml:space="preserve">'
        )

    __str__ = __html__


_INLINE_OPEN = re.compile(r"<wp:inline\b[^>]*>")
_EXTENT = re.compile(r"<wp:extent\b[^>]*/>")


def floating(inline_xml: str, x_emu: int, y_emu: int) -> str:
    """Turn python-docx's ``wp:inline`` picture into a ``wp:anchor`` over the text.

    Written by hand because python-docx has no floating-picture API.  Child order
    follows CT_Anchor: simplePos, positionH, positionV, extent, effectExtent,
    wrapNone, docPr, cNvGraphicFramePr, graphic.
    """
    opening = _INLINE_OPEN.search(inline_xml)
    extent = _EXTENT.search(inline_xml)
    if opening is None or extent is None:
        raise DataError("无法生成浮动图片（图片结构异常）")
    namespaces = re.findall(r'\sxmlns:\w+="[^"]*"', opening.group(0))
    head = (
        f'<wp:anchor{"".join(namespaces)} distT="0" distB="0" distL="0" distR="0" simplePos="0" '
        'relativeHeight="251659264" behindDoc="0" locked="1" layoutInCell="1" allowOverlap="1">'
        '<wp:simplePos x="0" y="0"/>'
        f'<wp:positionH relativeFrom="margin"><wp:posOffset>{x_emu}</wp:posOffset></wp:positionH>'
        f'<wp:positionV relativeFrom="paragraph"><wp:posOffset>{y_emu}</wp:posOffset></wp:positionV>'
        f'{extent.group(0)}<wp:effectExtent l="0" t="0" r="0" b="0"/><wp:wrapNone/>'
    )
    rest = inline_xml[extent.end() :].replace("</wp:inline>", "</wp:anchor>")
    return head + rest


def add_to_package(parts: dict[str, bytes], media: MediaCollector) -> dict[str, bytes]:
    """Add pictures, relationships and content types to rendered ``parts``; returns new members."""
    added: dict[str, bytes] = {}
    for picture in sorted(media.pictures, key=lambda p: (p.part, p.rid)):
        added.setdefault(picture.target, picture.blob)
        rels_name = _rels_name(picture.part)
        rels = (parts.get(rels_name) or _EMPTY_RELS).decode("utf-8")
        if f'Id="{picture.rid}"' not in rels:
            target = posixpath.relpath(picture.target, posixpath.dirname(picture.part))
            entry = f'<Relationship Id="{picture.rid}" Type="{_IMAGE_REL}" Target="{target}"/>'
            rels = rels.replace("</Relationships>", entry + "</Relationships>")
        parts[rels_name] = rels.encode("utf-8")
        parts["[Content_Types].xml"] = _with_default(
            parts["[Content_Types].xml"], picture.ext, picture.content_type
        )
    return added


_EMPTY_RELS = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    b'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"></Relationships>'
)


def _rels_name(part: str) -> str:
    return posixpath.join(posixpath.dirname(part), "_rels", posixpath.basename(part) + ".rels")


def _with_default(types: bytes, ext: str, content_type: str) -> bytes:
    text = types.decode("utf-8")
    if re.search(rf'Extension="{re.escape(ext)}"', text, re.IGNORECASE):
        return types
    entry = f'<Default Extension="{ext}" ContentType="{content_type}"/>'
    return text.replace("</Types>", entry + "</Types>").encode("utf-8")


def _describe(source: Any) -> str:
    return str(source) if isinstance(source, str) else type(source).__name__
