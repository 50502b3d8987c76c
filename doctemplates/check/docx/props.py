"""Typed readers of the OOXML properties the checks use (属性读取), one per property.

Each takes the element that carries the property (or None) and returns a Python
value — millimetres, a string, a small record — so no check spells a tag or an
attribute twice (as python-docx's ``CT_PPr.jc_val``).  Lengths come back in
millimetres through :mod:`doctemplates.gbt9704.geometry`.

>>> from lxml import etree
>>> sect = etree.fromstring(
...     f'<w:sectPr xmlns:w="{W}"><w:pgSz w:w="11906" w:h="16838"/>'
...     '<w:pgMar w:top="2098" w:left="1474" w:gutter="113"/></w:sectPr>'
... )
>>> [round(v, 1) for v in page_size_mm(sect)], round(margin_mm(sect, "left"), 1)
([210.0, 297.0], 28.0)
>>> margin_mm(sect, "right") is None
True
"""

from __future__ import annotations

import math
from typing import NamedTuple

from lxml import etree

from doctemplates.check.ooxml import W, qn
from doctemplates.gbt9704 import geometry as g

__all__ = [
    "Border",
    "Grid",
    "W",
    "attr",
    "border",
    "char_spacing_pt",
    "default_spacing",
    "even_and_odd_headers",
    "first_line",
    "floating_anchor",
    "grid",
    "indent_mm",
    "jc_val",
    "line_spacing",
    "margin_mm",
    "page_size_mm",
    "part_reference",
    "para_style",
    "run_sets",
    "run_style",
    "title_page",
    "twips_mm",
]

Node = etree._Element | None


def attr(node: Node, name: str = "w:val") -> str | None:
    """Attribute ``name`` (prefixed, e.g. ``w:val``) of ``node``; None when either is absent."""
    return None if node is None else node.get(qn(name))


def _child(node: Node, *path: str) -> Node:
    for tag in path:
        if node is None:
            return None
        node = node.find(qn(tag))
    return node


def twips_mm(value: str | None) -> float | None:
    """A twips attribute value in millimetres (None when absent or not a number)."""
    return g.twips_to_mm(int(value)) if value and value.lstrip("-").isdigit() else None


# --- w:sectPr ------------------------------------------------------------------------
def page_size_mm(sect: Node) -> tuple[float | None, float | None]:
    """``w:pgSz`` width and height in mm."""
    size = _child(sect, "w:pgSz")
    return twips_mm(attr(size, "w:w")), twips_mm(attr(size, "w:h"))


def margin_mm(sect: Node, side: str) -> float | None:
    """``w:pgMar/@w:{side}`` in mm; the left (订口) margin includes the gutter."""
    mar = _child(sect, "w:pgMar")
    got = twips_mm(attr(mar, f"w:{side}"))
    if side == "left" and got is not None:
        got += twips_mm(attr(mar, "w:gutter")) or 0.0
    return got


class Grid(NamedTuple):
    """``w:docGrid``: its type, line pitch (twips) and character space (4096ths of a point);
    a value that is not a number reads as absent."""

    type: str | None
    line_pitch: float | None
    char_space: int | None


def _number(text: str | None) -> float | None:
    try:
        value = float(text) if text else None
    except ValueError:
        return None
    return value if value is not None and math.isfinite(value) else None


def grid(sect: Node) -> Grid:
    """The document grid of a section."""
    node = _child(sect, "w:docGrid")
    pitch, space = attr(node, "w:linePitch"), attr(node, "w:charSpace")
    return Grid(
        attr(node, "w:type"),
        _number(pitch),
        int(space) if space and space.lstrip("-").isdigit() else None,
    )


def title_page(sect: Node) -> bool:
    """``w:titlePg``: page 1 has its own header and footer."""
    return _child(sect, "w:titlePg") is not None


def part_reference(sect: Node, tag: str, kind: str) -> str | None:
    """Relationship id of the ``w:headerReference``/``w:footerReference`` of ``kind``."""
    if sect is None:
        return None
    for ref in sect.findall(qn(tag)):
        if attr(ref, "w:type") == kind:
            return attr(ref, "r:id")
    return None


# --- paragraphs ----------------------------------------------------------------------
def para_style(p: Node) -> str | None:
    """``w:pPr/w:pStyle/@w:val`` of a paragraph."""
    return attr(_child(p, "w:pPr", "w:pStyle"))


def line_spacing(spacing: Node) -> tuple[str | None, str | None]:
    """``w:spacing`` line and lineRule."""
    return attr(spacing, "w:line"), attr(spacing, "w:lineRule")


class Border(NamedTuple):
    """One side of ``w:pBdr``: its line style and colour."""

    val: str
    color: str | None


def border(pbdr: Node, side: str) -> Border | None:
    """Side ``side`` of a paragraph border (None when absent or ``nil``/``none``)."""
    b = _child(pbdr, f"w:{side}")
    val = attr(b)
    return None if val in (None, "nil", "none") else Border(str(val), attr(b, "w:color"))


def indent_mm(ind: Node, side: str) -> float | None:
    """``w:ind`` left (or start) / right (or end) in mm."""
    other = {"left": "start", "right": "end"}[side]
    return twips_mm(attr(ind, f"w:{side}") or attr(ind, f"w:{other}"))


def first_line(ind: Node) -> int:
    """``w:ind`` firstLine plus firstLineChars (0 when absent or not a whole number)."""
    values = (attr(ind, "w:firstLine"), attr(ind, "w:firstLineChars"))
    return sum(int(v) for v in values if v and v.lstrip("-").isdigit())


def jc_val(jc: Node) -> str | None:
    """``w:jc/@w:val`` with ``start``/``end`` read as left/right: left when there is no
    ``w:jc``, None when a ``w:jc`` lacks its (required) value."""
    got = "left" if jc is None else attr(jc)
    return {"end": "right", "start": "left"}.get(got, got) if got else None


# --- runs ----------------------------------------------------------------------------
def run_style(run: Node) -> str | None:
    """``w:rPr/w:rStyle/@w:val`` of a run."""
    return attr(_child(run, "w:rPr", "w:rStyle"))


def run_sets(run: Node, tag: str) -> bool:
    """True when the run's own ``w:rPr`` sets ``tag`` (e.g. ``w:rFonts``)."""
    return _child(run, "w:rPr", tag) is not None


# --- styles, settings, tables --------------------------------------------------------
def default_spacing(styles: Node, kind: str) -> Node:
    """``w:spacing`` of ``w:docDefaults`` for ``kind`` ``"p"`` (paragraphs) or ``"r"`` (runs)."""
    return _child(styles, "w:docDefaults", f"w:{kind}PrDefault", f"w:{kind}Pr", "w:spacing")


def char_spacing_pt(spacing: Node) -> float | None:
    """A run ``w:spacing/@w:val`` (twips) in points."""
    v = attr(spacing)
    return int(v) / g.TWIPS_PER_PT if v and v.lstrip("-").isdigit() else None


def even_and_odd_headers(settings: Node) -> bool:
    """``w:evenAndOddHeaders`` in word/settings.xml."""
    return _child(settings, "w:evenAndOddHeaders") is not None


def floating_anchor(tbl: Node) -> tuple[str, str | None] | None:
    """A floating table's vertical anchor and ``tblpYSpec`` (None when it does not float)."""
    pos = _child(tbl, "w:tblPr", "w:tblpPr")
    if pos is None:
        return None
    return attr(pos, "w:vertAnchor") or "margin", attr(pos, "w:tblpYSpec")
