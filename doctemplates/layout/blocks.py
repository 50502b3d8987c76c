"""Body blocks (表格、图片): the WordprocessingML of a table or a picture among the paragraphs.

The body of a 公文 is mostly paragraphs; a real document also holds tables
(统计表) and pictures.  These functions build them from plain values (cell
texts, an inline-picture element) in the layout's table and picture styles, so
that a value object printed by the template (``{{p item.block }}``) only
serialises what is built here.  Widths come from :mod:`.geometry`.
"""

from __future__ import annotations

from collections.abc import Sequence

from lxml import etree

from doctemplates.gbt9704 import geometry as g
from doctemplates.gbt9704.patterns import width_units
from doctemplates.layout.oxml import el
from doctemplates.layout.paragraphs import para
from doctemplates.layout.tables import _cell, _row, _table_properties, column_widths

__all__ = ["TEXT_WEIGHT_CAP", "column_weights", "figure_paragraphs", "table_elements", "xml"]

#: A column is at most this many times as wide as the narrowest (estimated widths).
TEXT_WEIGHT_CAP = 6.0
_AUTO_LINE = 240  # w:spacing line (240ths) with lineRule=auto: single spacing, for pictures


def column_weights(rows: Sequence[Sequence[str]], columns: int) -> list[float]:
    """Relative column widths estimated from the longest cell text of each column.

    >>> column_weights([["序号", "工作内容"], ["1", "开展调研，形成报告"]], 2)
    [2.0, 9.0]
    """
    weights = []
    for index in range(columns):
        longest = max((_text_width(row[index]) for row in rows if index < len(row)), default=1)
        weights.append(float(max(longest, 1)))
    low = min(weights)
    return [min(w, low * TEXT_WEIGHT_CAP) for w in weights]


def _text_width(text: str) -> int:
    """Width of the longest line in whole 字 (half-width characters count half)."""
    lines = text.split("\n") or [""]
    return int(max(width_units(line) for line in lines)) or 1


def _cell_paragraph(style: str, text: str) -> etree._Element:
    """One cell paragraph; a newline in the text is a line break (``w:br``)."""
    node = para(style)
    for index, line in enumerate(text.split("\n")):
        r = el("w:r")
        if index:
            r.append(el("w:br"))
        if line:
            t = el("w:t")
            t.text = line
            t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
            r.append(t)
        node.append(r)
    return node


def table_elements(
    rows: Sequence[Sequence[str]],
    *,
    header_rows: int = 1,
    weights: Sequence[float] | None = None,
    title: str | None = None,
    width_mm: float = g.BAN_XIN_WIDTH_MM,
) -> list[etree._Element]:
    """A bordered table as wide as the 版心 (and its 表题 above it when given).

    Head rows use the 表格标题行 style and repeat on every page; short rows are
    padded with empty cells.
    """
    columns = max(len(row) for row in rows)
    total = g.mm_to_twips(width_mm)
    widths = column_widths(list(weights or column_weights(rows, columns)), total)
    body_rows = []
    for index, row in enumerate(rows):
        head = index < header_rows
        style = "表格标题行" if head else "表格正文"
        cells = [*row, *([""] * (columns - len(row)))]
        body_rows.append(
            _row(
                *(
                    _cell(w, _cell_paragraph(style, text))
                    for text, w in zip(cells, widths, strict=True)
                ),
                head=head,
            )
        )
    table = el(
        "w:tbl",
        _table_properties(total),
        el("w:tblGrid", *(el("w:gridCol", w=w) for w in widths)),
        *body_rows,
    )
    return ([para("表题", title)] if title else []) + [table]


def figure_paragraphs(drawing: etree._Element, caption: str | None = None) -> list[etree._Element]:
    """A centred picture paragraph (``w:drawing`` holding ``wp:inline``) and its 图题."""
    run = el("w:r", el("w:drawing", drawing))
    spacing = el("w:spacing", line=_AUTO_LINE, lineRule="auto")  # exact lines would clip it
    picture = para("图片", run, ppr=[spacing])
    return [picture] + ([para("图题", caption)] if caption else [])


def xml(elements: Sequence[etree._Element]) -> str:
    """The elements serialised one after another (namespaces declared on each)."""
    return "".join(etree.tostring(e, encoding="unicode") for e in elements)
