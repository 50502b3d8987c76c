"""Fitting the 发文机关标志 on one line (标志字号与字宽).

§2.4: the 标志 must stay on one line within the 156 mm 版心; long names are
compressed horizontally (character scale) rather than wrapped.
"""

from __future__ import annotations

import math
from typing import NamedTuple

from doctemplates.layout import geometry as g

__all__ = ["MarkFit", "fit_mark"]

# Keep a little slack so rounding in office suites never wraps the line.
_USABLE_PT = g.mm_to_pt(g.BAN_XIN_WIDTH_MM) * 0.97


class MarkFit(NamedTuple):
    """Size (pt) and horizontal scale (percent, ``w:w``) of the 标志 glyphs."""

    size_pt: float
    scale_pct: int


def _width_units(text: str) -> float:
    """Width of ``text`` in ems: CJK full width, ASCII half width."""
    return sum(0.5 if ord(ch) < 0x2E80 else 1.0 for ch in text)


def fit_mark(text: str, *, suffix: str = "文件") -> MarkFit:
    """Largest size ≤ MARK_MAX_PT, then compression below MARK_MIN_PT.

    ``text`` is the organ name (for 联合行文 the longest one); ``suffix`` sits
    on the same line (``"文件"``, or ``""`` for a bare name).

    >>> fit_mark("示例市科学技术局")
    MarkFit(size_pt=42.0, scale_pct=100)
    >>> fit_mark("示例市科学技术局示例市科学技术局").scale_pct < 100
    True
    """
    units = max(_width_units(text + suffix), 1.0)
    per_char = _USABLE_PT / units - abs(g.CHAR_SPACING_PT)
    if per_char >= g.MARK_MAX_PT:
        return MarkFit(g.MARK_MAX_PT, 100)
    if per_char >= g.MARK_MIN_PT:
        return MarkFit(math.floor(per_char * 2) / 2, 100)
    scale = max(g.MARK_MIN_SCALE, math.floor(per_char / g.MARK_MIN_PT * 100))
    return MarkFit(g.MARK_MIN_PT, scale)
