"""Tables (表格): bordered data tables with a repeating head row and a row loop.

The head row carries fixed wording (the column titles) and ``w:tblHeader``,
so Word, WPS and LibreOffice repeat it on every page; the body row sits
between ``{%tr for %}`` / ``{%tr endfor %}`` rows, one row per item.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from lxml import etree

from doctemplates.gbt9704 import geometry as g
from doctemplates.layout.oxml import el, table_layout
from doctemplates.layout.paragraphs import para

__all__ = ["Column", "column_widths", "data_table", "data_table_by_columns"]


@dataclass(frozen=True)
class Column:
    """One column: head text (fixed wording), cell expression and relative width.  列。"""

    title: str  # 列名, e.g. "整改措施"
    value: str  # Jinja expression of the cell, e.g. "task.measures"
    weight: float = 1.0  # relative width
    centred: bool = False  # short values (序号, 日期) centred


def column_widths(weights: Sequence[float], total_twips: int) -> list[int]:
    """Whole-twip widths in proportion to ``weights`` summing exactly to ``total_twips``.

    >>> column_widths([1, 1, 2], 400)
    [100, 100, 200]
    """
    scale = total_twips / sum(weights)
    widths = [int(w * scale) for w in weights]
    widths[-1] += total_twips - sum(widths)
    return widths


def _borders() -> etree._Element:
    sz = g.border_eighths(g.TABLE_BORDER_MM)
    sides = ("top", "left", "bottom", "right", "insideH", "insideV")
    return el(
        "w:tblBorders", *(el(f"w:{s}", val="single", sz=sz, space=0, color="000000") for s in sides)
    )


def _table_properties(width: int) -> etree._Element:
    pad = g.mm_to_twips(g.TABLE_CELL_MARGIN_MM)
    return el(
        "w:tblPr",
        el("w:tblW", w=width, type="dxa"),
        el("w:jc", val="center"),
        _borders(),
        *table_layout(cell_margin=pad, header_row=True),
    )


def _cell(width: int | None, *paragraphs: etree._Element, span: int = 1) -> etree._Element:
    tcw = el("w:tcW", w=width, type="dxa") if width is not None else el("w:tcW", w=0, type="auto")
    props = el("w:tcPr", tcw)
    if span > 1:
        props.append(el("w:gridSpan", val=span))
    props.append(el("w:vAlign", val="center"))
    return el("w:tc", props, *paragraphs)


def _row(*cells: etree._Element, head: bool = False) -> etree._Element:
    trpr = el("w:trPr", el("w:cantSplit"))
    if head:
        trpr.append(el("w:tblHeader"))  # repeat on every page
    return el("w:tr", trpr, *cells)


def _control_row(tag: str, width: int, span: int) -> etree._Element:
    """A ``{%tr tag %}`` row: one cell spanning the table (replaced when rendering)."""
    return _row(_cell(width, para("表格正文", f"{{%tr {tag} %}}"), span=span))


def data_table(
    columns: Sequence[Column], *, rows: str, var: str = "row", width_mm: float = g.BAN_XIN_WIDTH_MM
) -> etree._Element:
    """A table whose head row reads the column titles and whose body loops over ``rows``."""
    total = g.mm_to_twips(width_mm)
    widths = column_widths([c.weight for c in columns], total)
    head = _row(
        *(_cell(w, para("表格标题行", c.title)) for c, w in zip(columns, widths, strict=True)),
        head=True,
    )
    body = _row(
        *(
            _cell(w, para("表格居中" if c.centred else "表格正文", f"{{{{ {c.value} }}}}"))
            for c, w in zip(columns, widths, strict=True)
        )
    )
    n = len(columns)
    return el(
        "w:tbl",
        _table_properties(total),
        el("w:tblGrid", *(el("w:gridCol", w=w) for w in widths)),
        head,
        _control_row(f"for {var} in {rows}", total, n),
        body,
        _control_row("endfor", total, n),
    )


def data_table_by_columns(
    columns: str,
    cells: str,
    *,
    rows: str,
    title: str = "title",
    var: str = "row",
    width_mm: float = g.BAN_XIN_WIDTH_MM,
) -> etree._Element:
    """A table whose columns come from the data (``{%tc for %}``), equal widths.

    ``columns`` is a list of objects with ``title``; ``cells`` is the attribute of a
    row holding its cell texts in the same order.
    """
    total = g.mm_to_twips(width_mm)
    third = total // 3
    widths = [third, third, total - 2 * third]

    def loop_row(first: str, middle: etree._Element, head: bool = False) -> etree._Element:
        return _row(
            _cell(widths[0], para("表格正文", f"{{%tc {first} %}}")),
            _cell(widths[1], middle),
            _cell(widths[2], para("表格正文", "{%tc endfor %}")),
            head=head,
        )

    return el(
        "w:tbl",
        _table_properties(total),
        el("w:tblGrid", *(el("w:gridCol", w=w) for w in widths)),
        loop_row(f"for col in {columns}", para("表格标题行", f"{{{{ col.{title} }}}}"), head=True),
        _control_row(f"for {var} in {rows}", total, 3),
        loop_row(f"for cell in {var}.{cells}", para("表格正文", "{{ cell }}")),
        _control_row("endfor", total, 3),
    )
