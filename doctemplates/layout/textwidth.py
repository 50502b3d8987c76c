"""How wide a line of text sets in the PDF (排版宽度), from the face's real metrics.

Width = the advances of the resolved face (:func:`doctemplates.fonts.metrics.face_metrics`)
at ``size_pt``, plus the character spacing of every character but the last, plus the
space office suites put between a CJK ideograph and a Latin letter or digit
(``w:autoSpaceDE``/``w:autoSpaceDN``, on by default; measured in LibreOffice as
:data:`~doctemplates.layout.calibration.ASIAN_LATIN_SPACE_EM`).

>>> from doctemplates.fonts.metrics import nominal_metrics
>>> round(text_width_pt("2026年", size_pt=16, spacing_pt=0, metrics=nominal_metrics()), 2)
51.44
"""

from __future__ import annotations

import unicodedata

from doctemplates.fonts.metrics import FaceMetrics, face_metrics, is_wide
from doctemplates.gbt9704 import geometry as g
from doctemplates.layout import calibration as cal

__all__ = ["autospace_gaps", "date_width_twips", "text_width_pt"]


def _ideograph(ch: str) -> bool:
    return is_wide(ch) and unicodedata.category(ch) == "Lo"


def _latin(ch: str) -> bool:
    return ch.isascii() and ch.isalnum()


def autospace_gaps(text: str) -> int:
    """How many CJK-ideograph / Latin-or-digit boundaries ``text`` has.

    >>> autospace_gaps("2026年11月23日"), autospace_gaps("〔2026〕")
    (5, 0)
    """
    return sum(
        (_ideograph(a) and _latin(b)) or (_latin(a) and _ideograph(b))
        for a, b in zip(text, text[1:], strict=False)
    )


def text_width_pt(
    text: str,
    *,
    size_pt: float,
    face: str = g.FONT_FANGSONG,
    spacing_pt: float = g.CHAR_SPACING_PT,
    metrics: FaceMetrics | None = None,
) -> float:
    """Set width of ``text`` (one line) in points."""
    if not text:
        return 0.0
    m = metrics or face_metrics(face)
    advances = sum(m.advance(ch) for ch in text) * size_pt
    return (
        advances
        + spacing_pt * (len(text) - 1)
        + autospace_gaps(text) * cal.ASIAN_LATIN_SPACE_EM * size_pt
    )


def date_width_twips(date: str) -> int:
    """Width of a 成文日期 in 三号 仿宋, twips: the 署名 centres over it (§7.3.5)."""
    return g.pt_to_twips(text_width_pt(date, size_pt=g.SIZE_SAN_HAO, face=g.FONT_FANGSONG))
