"""How the checker reads a measured page (检查容差与识别阈值): practice, not the standard.

GB/T 9704 gives positions; a document laid out by Word, WPS or LibreOffice
lands near them, and a checker must tell a 标志 from a title or a red rule from
a 信函 double line without knowing which program made the file.  The
tolerances and recognition thresholds it uses are written here once, beside
the standard's numbers (:mod:`doctemplates.gbt9704.geometry`) they are
measured against; ``check.rules`` formats its prose from them.

>>> POSITION_MM, LETTER_MARK_MAX_TOP_MM, RED_RULE_MIN_MM
(1.0, 52.0, 100.0)
"""

from __future__ import annotations

from doctemplates.gbt9704 import geometry as g

__all__ = [
    "BODY_SIZE_PT",
    "EPSILON",
    "FIRST_LINE_SLACK_MM",
    "FULL_LINE_SHARE",
    "FULL_PAGE_LINES",
    "INDENT_MM",
    "LETTER_LINES_APART_MM",
    "LETTER_MARK_MAX_TOP_MM",
    "LETTER_RULE_MIN_MM",
    "MARK_MIN_PT",
    "MARK_SEARCH_BOTTOM_MM",
    "POSITION_MM",
    "RED_RULE_MIN_MM",
    "RULE_MAX_THICKNESS_PT",
    "RULE_MIN_LENGTH_PT",
    "SAME_LINE_PT",
    "SIGNATURE_FIT_SLACK_MM",
    "SIGNATURE_LEFT_SHARE",
    "SIGNATURE_MAX_ZI",
    "SIZE_PT",
    "TITLE_MIN_PT",
]

# --- tolerances ------------------------------------------------------------------------
POSITION_MM = 1.0  # every position measured in a PDF (± 1 mm)
INDENT_MM = 1.5  # a body line's two-字 indent, looked for on page 1
SIZE_PT = 0.25  # a style's size in a .docx (half points are written; 0.25 tolerates rounding)
BODY_SIZE_PT = 0.6  # a PDF line is 三号 body text when its glyphs are this close to 16 pt
EPSILON = 0.01  # rounding of measured widths (28 字 are 28, not 28.004)
#: The tightened signature page's closest lines may be this much under the allowed pitch.
SIGNATURE_FIT_SLACK_MM = 0.3

# --- recognising parts of a measured page ----------------------------------------------
#: A line this large (or red) near the top of page 1 is the 标志 (the title is 二号, 22 pt).
MARK_MIN_PT = 26.0
MARK_SEARCH_BOTTOM_MM = 150.0  # the 标志 is looked for above this, from the paper top
#: A 标志 this high up (20 mm above the 文件 position) with long red rules is a 信函 one.
LETTER_MARK_MAX_TOP_MM = g.MARGIN_TOP_MM + g.MARK_BELOW_BAN_XIN_MM - 20.0
#: A red rule longer than this is a 信函 double line (the 版心 is 156 mm, the lines 170 mm).
LETTER_RULE_MIN_MM = g.BAN_XIN_WIDTH_MM + 5.0
LETTER_LINES_APART_MM = 100.0  # the 信函 upper and lower double lines are further apart
RED_RULE_MIN_MM = 100.0  # a red rule under the 标志 at least this long is the 分隔线
TITLE_MIN_PT = 20.0  # a black line this large on page 1 is the title (二号)
FULL_LINE_SHARE = 0.9  # a line as wide as this share of the 版心 is a full line (or 版记 rule)
FULL_PAGE_LINES = g.LINES_PER_PAGE - 6  # a page with this many body lines is a full page
#: A full page's first glyph top is within one line pitch less this of the 版心 top.
FIRST_LINE_SLACK_MM = 5.0
#: A short line (≤ this many 字) right of this share of the 版心 belongs to the 署名 block.
SIGNATURE_LEFT_SHARE = 0.4
SIGNATURE_MAX_ZI = 20.0
SAME_LINE_PT = 2.0  # PDF glyphs whose bottoms are this close (points) are on one line
RULE_MAX_THICKNESS_PT = 3.0  # a filled rectangle thinner than this (PDF points) is a rule
RULE_MIN_LENGTH_PT = 20.0  # and at least this long
