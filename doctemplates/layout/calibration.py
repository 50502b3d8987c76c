"""What the standard does not say (版式校准): LibreOffice-calibrated offsets and template defaults.

GB/T 9704 places glyph *tops* and lines; an office suite places line boxes,
borders and footers.  The offsets here turn the one into the other.  They
were measured with tests/layout (LibreOffice 7.4, the faces of
``doctemplates/fonts/fonts.conf``); Word/WPS may differ by less than 1 mm.
The unrendered templates' defaults (what Word shows before a context fills
the tags) live here too.  Standard numbers live in :mod:`doctemplates.gbt9704`.

>>> LANDSCAPE_FOOTER_DISTANCE_MM
10.0
"""

from __future__ import annotations

from doctemplates.gbt9704.geometry import LANDSCAPE_MARGIN_BOTTOM_MM, MARGIN_BOTTOM_MM

__all__ = [
    "ASIAN_LATIN_SPACE_EM",
    "FOOTER_DISTANCE_MM",
    "HEADER_DISTANCE_MM",
    "JOINT_MARK_ORGANS_MM",
    "JOINT_MARK_SUFFIX_MM",
    "LANDSCAPE_FOOTER_DISTANCE_MM",
    "LETTER_LINE_BORDER_OFFSET_MM",
    "MARK_GLYPH_OFFSET_EM",
    "MARK_WIDTH_SLACK",
    "MIN_LINE_PT",
    "PAGE_NUMBER_GLYPH_OFFSET_MM",
    "PAGE_NUMBER_LINE_PT",
    "RED_LINE_SPACE_PT",
    "SIGN_DATE_WIDTH_ZI",
]

# em-box top below the top of an exact line of height = size (LO: above it)
MARK_GLYPH_OFFSET_EM = -0.1875
RED_LINE_SPACE_PT = 5.0  # w:space between the 文号 line bottom and its red border
PAGE_NUMBER_LINE_PT = 20.0  # exact line height of the 页码 paragraph
PAGE_NUMBER_GLYPH_OFFSET_MM = 0.7  # glyph top below the top of that line
LETTER_LINE_BORDER_OFFSET_MM = 0.7  # LO draws a bottom border this far under its paragraph
# 成文日期 "2026年11月23日" sets 44.7 mm (8.05 字) in LibreOffice with FandolFang: 8 half-width
# digits + 3 字 + 5 CJK/digit gaps.  The 署名 centres over the date's real width
# (context ``signature.date_width``, layout.textwidth); this is the unrendered template's default.
SIGN_DATE_WIDTH_ZI = 8.0
# Space LibreOffice adds between a CJK ideograph and a Latin letter or digit (autoSpaceDE/DN):
# measured 3.45 pt at 16 pt and 4.69 pt at 22 pt (LibreOffice 7.4, FandolFang / FandolSong).
ASIAN_LATIN_SPACE_EM = 0.215
FOOTER_DISTANCE_MM = 19.0  # footer bottom above the paper bottom (page numbers and 信函 line)
HEADER_DISTANCE_MM = 15.0  # ordinary pages have no header content
# Same page-number position relative to the turned 版心 (7 mm below it, §5).
LANDSCAPE_FOOTER_DISTANCE_MM = FOOTER_DISTANCE_MM - (MARGIN_BOTTOM_MM - LANDSCAPE_MARGIN_BOTTOM_MM)
#: The smallest exact line height used: a paragraph that only carries a border or a break.
MIN_LINE_PT = 1.0
#: The 标志 fitter keeps this share of the 版心 width, so office suites' rounding never wraps it.
MARK_WIDTH_SLACK = 0.97
#: 联合行文 标志 columns in the unrendered template (rendered: from the names, layout.header).
JOINT_MARK_ORGANS_MM = 110.0
JOINT_MARK_SUFFIX_MM = 40.0
