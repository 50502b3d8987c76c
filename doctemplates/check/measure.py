"""Measuring PDF pages in millimetres with pdfplumber (PDF 测量).

Text is grouped into lines (top/bottom/x0/x1 in mm from the top-left paper
corner) and horizontal rules are collected from lines and thin rectangles.
The layout tests (tests/layout/pdfmeasure.py) import this module.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from doctemplates.gbt9704 import tolerances as tol
from doctemplates.gbt9704.geometry import pt_to_mm
from doctemplates.gbt9704.patterns import is_red_cmyk, is_red_rgb, width_units

__all__ = ["PT_TO_MM", "Color", "Line", "PageInfo", "Rule", "is_red_color", "measure_pdf"]

PT_TO_MM = pt_to_mm(1.0)
HANGING = "。，、；：！？”’）》」』】"


#: A PDF colour as pdfplumber reports it: gray, RGB or CMYK fractions.
Color = tuple[float, ...]


def is_red_color(color: Color | None) -> bool:
    """True for a red fill/stroke in RGB (1, 0, 0) or CMYK (0, 1, 1, 0) terms (one rule:
    :mod:`doctemplates.gbt9704.patterns`)."""
    if not color:
        return False
    c = tuple(float(x) for x in color)
    if len(c) == 3:
        return is_red_rgb(*c)
    if len(c) == 4:
        return is_red_cmyk(*c)
    return False


@dataclass(frozen=True)
class Line:
    """One text line: top/bottom/x0/x1 in mm from the top-left paper corner.

    ``units`` is its length in 字 (full-width characters 1, others ½), and
    ``x1_core`` the right edge without a trailing hanging punctuation mark.
    """

    text: str
    top: float
    bottom: float
    x0: float
    x1: float
    size: float
    fonts: frozenset[str]
    colors: frozenset[Color | None]
    units: float = 0.0
    x1_core: float = 0.0

    @property
    def is_red(self) -> bool:
        return any(is_red_color(c) for c in self.colors)


@dataclass(frozen=True)
class Rule:
    """A horizontal rule (line or thin filled rectangle), mm."""

    x0: float
    x1: float
    y: float  # centre, from the paper top
    thickness: float
    color: Color | None

    @property
    def length(self) -> float:
        return self.x1 - self.x0

    @property
    def is_red(self) -> bool:
        return is_red_color(self.color)


@dataclass(frozen=True)
class PageInfo:
    number: int
    lines: list[Line]
    rules: list[Rule]
    landscape: bool = False  # 横排页（§8 横排表格）：wide, or its text turned on its side
    #: The side of the sheet the text's top faces (``top`` upright; ``left`` / ``right`` for a
    #: landscape table turned upright: its head faces that side, §8; ``None`` without text).
    head: str | None = "top"

    def find(self, needle: str) -> Line:
        for line in self.lines:
            if needle in line.text:
                return line
        raise LookupError(f"{needle!r} not on page {self.number}: {[x.text for x in self.lines]}")


def _lines(page: Any) -> list[Line]:  # a pdfplumber page
    chars = sorted(page.chars, key=lambda c: (round(c["bottom"]), c["x0"]))
    groups: list[list[dict[str, Any]]] = []
    for ch in chars:
        if groups and abs(groups[-1][-1]["bottom"] - ch["bottom"]) < tol.SAME_LINE_PT:
            groups[-1].append(ch)
        else:
            groups.append([ch])
    out = []
    for g in groups:
        g.sort(key=lambda c: c["x0"])
        text = "".join(c["text"] for c in g)
        core = g[:-1] if len(g) > 1 and g[-1]["text"] in HANGING else g
        out.append(
            Line(
                text=text,
                top=min(c["top"] for c in g) * PT_TO_MM,
                bottom=max(c["bottom"] for c in g) * PT_TO_MM,
                x0=g[0]["x0"] * PT_TO_MM,
                x1=g[-1]["x1"] * PT_TO_MM,
                size=max(c["size"] for c in g),
                fonts=frozenset(c["fontname"] for c in g),
                colors=frozenset(tuple(c.get("non_stroking_color") or ()) for c in g),
                units=width_units(text.strip()),
                x1_core=core[-1]["x1"] * PT_TO_MM,
            )
        )
    out.sort(key=lambda line: line.top)
    return out


def _rules(page: Any) -> list[Rule]:  # a pdfplumber page
    out = []
    for ln in page.lines:
        if abs(ln["top"] - ln["bottom"]) < 0.5:
            out.append(
                Rule(
                    ln["x0"] * PT_TO_MM,
                    ln["x1"] * PT_TO_MM,
                    (ln["top"] + ln["bottom"]) / 2 * PT_TO_MM,
                    (ln.get("linewidth") or 0) * PT_TO_MM,
                    tuple(ln.get("stroking_color") or ()) or None,
                )
            )
    for r in page.rects:
        h = r["bottom"] - r["top"]
        if h < tol.RULE_MAX_THICKNESS_PT and (r["x1"] - r["x0"]) > tol.RULE_MIN_LENGTH_PT:
            out.append(
                Rule(
                    r["x0"] * PT_TO_MM,
                    r["x1"] * PT_TO_MM,
                    (r["top"] + r["bottom"]) / 2 * PT_TO_MM,
                    h * PT_TO_MM,
                    tuple(r.get("non_stroking_color") or ()) or None,
                )
            )
    out.sort(key=lambda r: r.y)
    return out


def measure_pdf(source: str | Path | bytes, *, max_pages: int | None = None) -> list[PageInfo]:
    """Text lines and horizontal rules of every page, in mm.

    ``source`` is a path or the PDF's bytes; more than ``max_pages`` pages is
    a :class:`~doctemplates.inputs.LimitError` before any page is measured.
    """
    import pdfplumber  # the [pdf] extra: imported here so that checking a .docx needs none

    opened = pdfplumber.open(io.BytesIO(source) if isinstance(source, bytes) else str(source))
    with opened as pdf:
        if max_pages is not None and len(pdf.pages) > max_pages:
            from doctemplates.inputs import LimitError

            raise LimitError(
                f"PDF 有 {len(pdf.pages)} 页，超过上限 {max_pages} 页（见 --limit pdf-pages）"
            )
        out = []
        for i, p in enumerate(pdf.pages):
            head = _head(p.chars)
            wide = p.width > p.height
            sideways = head in ("left", "right")
            out.append(PageInfo(i + 1, _lines(p), _rules(p), wide or sideways, head))
        return out


def _head(chars: list[dict[str, Any]]) -> str | None:
    """The side most glyphs' tops face, read from their text matrices (PDF y points up).

    A glyph's up vector is the matrix's second column ``(c, d)``: ``(0, 1)`` upright,
    ``(-1, 0)`` turned a quarter counter-clockwise (its top faces the left edge).
    """
    votes: dict[str, int] = {}
    for ch in chars:
        if not ch["text"].strip():
            continue
        _, _, c, d, _, _ = ch["matrix"]
        side = ("left" if c < 0 else "right") if abs(c) > abs(d) else ("top" if d > 0 else "bottom")
        votes[side] = votes.get(side, 0) + 1
    return max(votes, key=lambda side: votes[side]) if votes else None
