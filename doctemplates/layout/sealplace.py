"""Where the seals and the 签名章 go (§7.3.5): offsets and axes, arithmetic only.  印章位置。

Read when a document is rendered (:mod:`doctemplates.context`), without the template
builder of :mod:`doctemplates.layout.closing` (which brings python-docx, issue 20 §3);
``closing`` re-exports these names.
"""

from __future__ import annotations

import math

from doctemplates.gbt9704 import geometry as g
from doctemplates.layout import calibration as cal

__all__ = ["JOINT_SEAL_ROW_LINES", "joint_seal_rows", "seal_anchor", "stamp_anchor"]

_WIDTH = g.mm_to_twips(g.BAN_XIN_WIDTH_MM)


def seal_anchor(
    right_indent_zi: float = g.SIGN_RIGHT_SEAL_ZI, date_width_twips: int | None = None
) -> tuple[int, int]:
    """Offsets (EMU) of the seal picture: x from the left margin, y from the 署名 paragraph.

    Centred on the 署名 axis (over the date right-indented ``right_indent_zi`` 字, as wide
    as ``date_width_twips``), its centre on the top of the 署名 line (§7.3.5.1).
    """
    radius = g.mm_to_emu(g.SEAL_DIAMETER_MM / 2)
    width = g.zi(cal.SIGN_DATE_WIDTH_ZI) if date_width_twips is None else date_width_twips
    axis = g.twips_to_emu(_WIDTH - g.zi(right_indent_zi) - width / 2)
    return axis - radius, g.mm_to_emu(g.SEAL_CENTRE_BELOW_NAME_TOP_MM) - radius


#: 署名 lines from one row of joint seals to the next: a seal's diameter and the gap (§7.3.5.1).
JOINT_SEAL_ROW_LINES = math.ceil(
    g.mm_to_twips(g.SEAL_DIAMETER_MM + g.JOINT_SEAL_GAP_MM) / g.LINE_PITCH_TWIPS
)


def joint_seal_rows(count: int, date_width_twips: int | None = None) -> list[list[int]]:
    """联合行文加盖印章 (§7.3.5.1): the seal axes (twips from the left margin), row by row.

    Every seal is centred on its organ's 署名; the last one also on the 成文日期, which is
    right-indented four 字 as for one seal.  The columns are a seal's diameter and
    :data:`~doctemplates.gbt9704.geometry.JOINT_SEAL_GAP_MM` apart, right-aligned on that
    last axis, as many as keep every seal inside the 版心; the organs fill the rows in their
    order (lead organ first), the last row ends with the last organ.

    >>> [len(r) for r in joint_seal_rows(2)], [len(r) for r in joint_seal_rows(4)]
    ([2], [1, 3])
    >>> rows = joint_seal_rows(5)
    >>> rows[0] == rows[1][1:]  # columns line up; each row ends at the date's axis
    True
    """
    radius = g.mm_to_twips(g.SEAL_DIAMETER_MM / 2)
    step = g.mm_to_twips(g.SEAL_DIAMETER_MM + g.JOINT_SEAL_GAP_MM)
    width = g.zi(cal.SIGN_DATE_WIDTH_ZI) if date_width_twips is None else date_width_twips
    last = round(_WIDTH - g.zi(g.SIGN_RIGHT_SEAL_ZI) - width / 2)
    per_row = max(1, 1 + (last - radius) // step)
    columns = [last - k * step for k in reversed(range(per_row))]
    sizes = [per_row] * (count // per_row) + ([count % per_row] if count % per_row else [])
    if sizes and sizes[-1] < per_row:  # the short row goes first: the last organ ends at the date
        sizes = [sizes[-1], *sizes[:-1]]
    return [columns[per_row - size :] for size in sizes]


def stamp_anchor(width_emu: int, height_emu: int) -> tuple[int, int]:
    """Offsets (EMU) of the 签名章 picture: its right edge four 字 from the 版心's right edge,
    its middle on the middle of the 署名 line (§7.3.5.3)."""
    right = g.twips_to_emu(_WIDTH - g.zi(g.SIGN_RIGHT_STAMP_ZI))
    return right - width_emu, round((g.twips_to_emu(g.LINE_PITCH_TWIPS) - height_emu) / 2)
