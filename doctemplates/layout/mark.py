"""Fitting the 发文机关标志 on one line (标志字号与字宽).

§2.4: the 标志 must stay on one line within the 156 mm 版心; long names are
compressed horizontally (character scale) rather than wrapped.
"""

from __future__ import annotations

import math
from typing import NamedTuple

from doctemplates.gbt9704 import geometry as g
from doctemplates.gbt9704.patterns import width_units
from doctemplates.layout import calibration as cal

__all__ = ["MarkFit", "fit_mark", "joint_mark_lines", "mark_chars"]

# Keep a little slack so rounding in office suites never wraps the line.
_USABLE_PT = g.mm_to_pt(g.BAN_XIN_WIDTH_MM) * cal.MARK_WIDTH_SLACK


class MarkFit(NamedTuple):
    """Size (pt) and horizontal scale (percent, ``w:w``) of the 标志 glyphs."""

    size_pt: float
    scale_pct: int


def fit_mark(text: str, *, suffix: str = "文件") -> MarkFit:
    """Largest size ≤ MARK_MAX_PT, then compression below MARK_MIN_PT.

    ``text`` is the organ name (for 联合行文 the longest one); ``suffix`` sits
    on the same line (``"文件"``, or ``""`` for a bare name).

    >>> fit_mark("示例市科学技术局")
    MarkFit(size_pt=42.0, scale_pct=100)
    >>> fit_mark("示例市科学技术局示例市科学技术局").scale_pct < 100
    True
    """
    units = max(width_units(text + suffix), 1.0)
    per_char = _USABLE_PT / units - abs(g.CHAR_SPACING_PT)
    if per_char >= g.MARK_MAX_PT:
        return MarkFit(g.MARK_MAX_PT, 100)
    if per_char >= g.MARK_MIN_PT:
        return MarkFit(math.floor(per_char * 2) / 2, 100)
    scale = max(g.MARK_MIN_SCALE, math.floor(per_char / g.MARK_MIN_PT * 100))
    return MarkFit(g.MARK_MIN_PT, scale)


def joint_mark_lines(names: list[str]) -> list[str]:
    """联合行文: each organ on its line; a name that would need compressing below
    :data:`~doctemplates.layout.geometry.MARK_BREAK_SCALE` is broken in two lines at a word
    boundary (``\\n``), balanced (§2.4: compressed rather than wrapped, within reason).

    >>> joint_mark_lines(["示例市科学技术局", "示例市财政局"])
    ['示例市科学技术局', '示例市财政局']
    >>> joint_mark_lines(["中共示例市委示例市人民政府示例市人大常委会联合调研组办公室", "示例市财政局"])[0]
    '中共示例市委示例市人民政府\\n示例市人大常委会联合调研组办公室'
    """
    from doctemplates.layout.titles import break_name  # the segmenter loads only when needed

    out = []
    for name in names:
        if len(names) > 1 and fit_mark(name, suffix="").scale_pct < g.MARK_BREAK_SCALE:
            width = _USABLE_PT * 100 / g.MARK_BREAK_SCALE  # widest line at that scale
            name = "\n".join(break_name(name, size_pt=g.MARK_MIN_PT, width_pt=width))
        out.append(name)
    return out


def mark_chars(names: list[str]) -> int:
    """Characters in the longest 标志 line (a joint stack's column width)."""
    return max((len(line) for name in names for line in name.split("\n")), default=0)
