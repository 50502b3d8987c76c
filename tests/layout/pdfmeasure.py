"""Measuring rendered PDFs in millimetres (pdfplumber), for the layout tests."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pdfplumber

__all__ = ["Line", "PageInfo", "Rule", "measure_pdf", "PT_TO_MM"]

PT_TO_MM = 25.4 / 72


@dataclass(frozen=True)
class Line:
    """One text line: top/bottom/x0/x1 in mm from the top-left paper corner."""

    text: str
    top: float
    bottom: float
    x0: float
    x1: float
    size: float
    fonts: frozenset[str]
    colors: frozenset


@dataclass(frozen=True)
class Rule:
    """A horizontal rule (line or thin filled rectangle), mm."""

    x0: float
    x1: float
    y: float  # centre, from the paper top
    thickness: float
    color: tuple | None

    @property
    def length(self) -> float:
        return self.x1 - self.x0


@dataclass(frozen=True)
class PageInfo:
    number: int
    lines: list[Line]
    rules: list[Rule]

    def find(self, needle: str) -> Line:
        for line in self.lines:
            if needle in line.text:
                return line
        raise LookupError(f"{needle!r} not on page {self.number}: {[x.text for x in self.lines]}")


def _lines(page) -> list[Line]:
    chars = sorted(page.chars, key=lambda c: (round(c["bottom"]), c["x0"]))
    groups: list[list[dict]] = []
    for ch in chars:
        if groups and abs(groups[-1][-1]["bottom"] - ch["bottom"]) < 2.0:
            groups[-1].append(ch)
        else:
            groups.append([ch])
    out = []
    for g in groups:
        g.sort(key=lambda c: c["x0"])
        out.append(
            Line(
                text="".join(c["text"] for c in g),
                top=min(c["top"] for c in g) * PT_TO_MM,
                bottom=max(c["bottom"] for c in g) * PT_TO_MM,
                x0=g[0]["x0"] * PT_TO_MM,
                x1=g[-1]["x1"] * PT_TO_MM,
                size=max(c["size"] for c in g),
                fonts=frozenset(c["fontname"] for c in g),
                colors=frozenset(tuple(c.get("non_stroking_color") or ()) for c in g),
            )
        )
    out.sort(key=lambda line: line.top)
    return out


def _rules(page) -> list[Rule]:
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
        if h < 3 and (r["x1"] - r["x0"]) > 20:
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


def measure_pdf(path: str | Path) -> list[PageInfo]:
    """Text lines and horizontal rules of every page, in mm."""
    with pdfplumber.open(str(path)) as pdf:
        return [PageInfo(i + 1, _lines(p), _rules(p)) for i, p in enumerate(pdf.pages)]
