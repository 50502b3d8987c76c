"""Tables and pictures in the body, as values a template prints.  正文中的表格和图片。

A template prints a block with docxtpl's paragraph tag ``{{p item.block }}``:
the tag's paragraph is replaced by what the value's ``__html__`` returns, a
``w:tbl`` or picture paragraphs built by :mod:`doctemplates.layout.blocks`.  The
renderer trusts values with ``__html__`` (as it does for
:class:`doctemplates.render.media.Image`), so the XML is built here from the
validated model only — cell texts are escaped by lxml, pictures are read through
python-docx's image reader.  Reusable wherever a template expands whole blocks.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from markupsafe import Markup

from doctemplates.data import resolve_path
from doctemplates.errors import DataError
from doctemplates.gbt9704 import geometry as g
from doctemplates.model import Figure, Table
from doctemplates.render.media import current_part

__all__ = ["FigureBlock", "TableBlock", "as_block"]

#: Largest picture file read for the body (bytes).
MAX_PICTURE_BYTES = 20 * 1024 * 1024


class TableBlock:
    """A body table printed by ``{{p item.block }}``.  正文表格。"""

    kind = "table"

    def __init__(self, table: Table) -> None:
        self.table = table

    def __html__(self) -> Markup:
        from doctemplates.layout import blocks as layout_blocks  # the builder: python-docx

        t = self.table
        elements = layout_blocks.table_elements(
            t.rows, header_rows=t.header_rows, weights=t.widths, title=t.title
        )
        return Markup(layout_blocks.xml(elements))

    __str__ = __html__


class FigureBlock:
    """A body picture printed by ``{{p item.block }}``.  正文图片。"""

    kind = "figure"

    def __init__(self, figure: Figure, path: str) -> None:
        self.figure = figure
        self.source = _picture_path(path, figure.image)  # checked before rendering starts

    def __html__(self) -> Markup:
        # python-docx loads when a figure is placed, not with every document (issue 20 §3)
        from docx.image.image import Image as DocxImage
        from docx.oxml import parse_xml
        from docx.shared import Mm

        from doctemplates.layout import blocks as layout_blocks

        source = self.source
        width = self.figure.width_mm
        if width is None:
            native = DocxImage.from_file(str(source))
            width = min(g.BAN_XIN_WIDTH_MM, native.width.mm)  # never wider than the 版心
        inline = current_part().new_pic_inline(str(source), Mm(width), None)
        drawing = parse_xml(inline.xml)
        elements = layout_blocks.figure_paragraphs(drawing, self.figure.caption)
        return Markup(layout_blocks.xml(elements))

    __str__ = __html__


def _picture_path(path: str, value: str) -> Path:
    source = resolve_path(value)
    if not source.is_file():
        raise DataError(f"找不到图片文件：{source}", field=f"{path}.image")
    if source.stat().st_size > MAX_PICTURE_BYTES:
        raise DataError(
            f"图片文件过大：{source}（超过 {MAX_PICTURE_BYTES // 1024 // 1024} MB）",
            field=f"{path}.image",
        )
    return source


def as_block(item: Any, path: str) -> TableBlock | FigureBlock:
    """The printable block of a validated :class:`Table` or :class:`Figure`."""
    if isinstance(item, Table):
        return TableBlock(item)
    if isinstance(item, Figure):
        return FigureBlock(item, path)
    if isinstance(item, dict) and "rows" in item:
        return TableBlock(Table.model_validate(item))
    if isinstance(item, dict) and "image" in item:
        return FigureBlock(Figure.model_validate(item), path)
    raise DataError(f"无法识别的正文块：{type(item).__name__}", field=path)
