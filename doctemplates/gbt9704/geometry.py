"""GB/T 9704-2012 geometry in one place (版式数据).

Every millimetre, point, colour and face name of the standard (and of the
project's documented practice where the standard leaves a choice) lives here;
the builder, the checker and the tests import these names instead of repeating
numbers.  What LibreOffice needs to *place* them (measured offsets) and what an
unrendered template shows lives in :mod:`doctemplates.layout.calibration`.
Section numbers (``§…``) refer to the project's GB/T 9704 checklist
(docs: /work/shared/spec/gbt9704.md).

>>> mm_to_twips(37)
2098
>>> round(pt_to_mm(16), 2)
5.64
"""

from __future__ import annotations

__all__ = [
    "ATTACHMENT_NAMES_ZI",
    "BANJI_THICK_MM",
    "BANJI_THIN_MM",
    "BAN_XIN_BOTTOM_MM",
    "BAN_XIN_HEIGHT_MM",
    "BAN_XIN_WIDTH_MM",
    "CHARS_PER_LINE",
    "CHAR_SPACE_PER_PT",
    "CHAR_SPACING_PT",
    "COLOR_RED",
    "EMU_PER_MM",
    "FONT_FANGSONG",
    "FONT_HEITI",
    "FONT_KAITI",
    "FONT_SONGTI",
    "FONT_XIAOBIAOSONG",
    "HEADER_LINES",
    "JOINT_SEAL_GAP_MM",
    "LANDSCAPE_MARGIN_BOTTOM_MM",
    "LANDSCAPE_MARGIN_LEFT_MM",
    "LANDSCAPE_MARGIN_RIGHT_MM",
    "LANDSCAPE_MARGIN_TOP_MM",
    "LANDSCAPE_TYPE_WIDTH_MM",
    "LETTER_BOTTOM_LINE_MM",
    "LETTER_DOUBLE_LINE_PT",
    "LETTER_LINE_GAP_MM",
    "LETTER_LINE_LENGTH_MM",
    "LETTER_MARK_TOP_MM",
    "LINES_PER_PAGE",
    "LINE_PITCH_TWIPS",
    "MARGIN_BOTTOM_MM",
    "MARGIN_LEFT_MM",
    "MARGIN_RIGHT_MM",
    "MARGIN_TOP_MM",
    "MARK_BELOW_BAN_XIN_MM",
    "MARK_BREAK_SCALE",
    "MARK_MAX_PT",
    "MARK_MIN_PT",
    "MARK_MIN_SCALE",
    "MINUTES_MARK_BELOW_BAN_XIN_MM",
    "ORDER_BLANK_LINES",
    "ORDER_MARK_BELOW_BAN_XIN_MM",
    "MM_PER_INCH",
    "PAGE_HEIGHT_MM",
    "PAGE_NUMBER_BELOW_BAN_XIN_MM",
    "PAGE_WIDTH_MM",
    "PARAGRAPH_INDENT_ZI",
    "PT_PER_INCH",
    "RED_LINE_BELOW_NUMBER_MM",
    "RED_LINE_MM",
    "SEAL_CENTRE_BELOW_NAME_TOP_MM",
    "SEAL_DIAMETER_MM",
    "SIGNATURE_STAMP_WIDTH_MM",
    "SIGNATURE_FIT_MIN_PITCH",
    "SIGN_RIGHT_PLAIN_ZI",
    "SIGN_RIGHT_SEAL_ZI",
    "SIGN_RIGHT_STAMP_ZI",
    "SIGN_TITLE_GAP_ZI",
    "SIZE_ER_HAO",
    "SIZE_SAN_HAO",
    "SIZE_SI_HAO",
    "SIZE_WU_HAO",
    "SIZE_XIAO_SI",
    "TABLE_BORDER_MM",
    "TABLE_CELL_MARGIN_MM",
    "TABLE_LINE_PT",
    "TITLE_SIDE_MARGIN_ZI",
    "TITLE_STEP_ZI",
    "TWIPS_PER_PT",
    "ZI_TWIPS",
    "border_eighths",
    "emu_to_twips",
    "landscape_head_side",
    "mm_to_emu",
    "mm_to_pt",
    "mm_to_twips",
    "pt_to_mm",
    "pt_to_twips",
    "twips_to_emu",
    "twips_to_mm",
    "zi",
]

# --- units -----------------------------------------------------------------
MM_PER_INCH = 25.4
PT_PER_INCH = 72
TWIPS_PER_PT = 20
#: OOXML ``w:docGrid/@w:charSpace`` counts 4096ths of a point.
CHAR_SPACE_PER_PT = 4096


def mm_to_pt(mm: float) -> float:
    """Millimetres → points (1 mm ≈ 2.835 pt, spec "Units")."""
    return mm * PT_PER_INCH / MM_PER_INCH


def pt_to_mm(pt: float) -> float:
    """Points → millimetres."""
    return pt * MM_PER_INCH / PT_PER_INCH


def mm_to_twips(mm: float) -> int:
    """Millimetres → twentieths of a point (OOXML page and indent unit)."""
    return round(mm_to_pt(mm) * TWIPS_PER_PT)


def pt_to_twips(pt: float) -> int:
    """Points → twips."""
    return round(pt * TWIPS_PER_PT)


def twips_to_mm(twips: float) -> float:
    """Twips → millimetres."""
    return pt_to_mm(twips / TWIPS_PER_PT)


#: English Metric Units per millimetre (DrawingML positions and sizes).
EMU_PER_MM = 36_000


def mm_to_emu(mm: float) -> int:
    """Millimetres → EMU (drawing offsets and extents)."""
    return round(mm * EMU_PER_MM)


def twips_to_emu(twips: float) -> int:
    """Twips → EMU (635 EMU per twip)."""
    return round(twips * 635)


def emu_to_twips(emu: float) -> int:
    """EMU → twips (whole twips)."""
    return round(emu / 635)


def border_eighths(mm: float) -> int:
    """A line thickness in mm → OOXML border ``w:sz`` (eighths of a point)."""
    return round(mm_to_pt(mm) * 8)


# --- page (§1) -------------------------------------------------------------
PAGE_WIDTH_MM = 210.0
PAGE_HEIGHT_MM = 297.0
MARGIN_TOP_MM = 37.0  # 天头
MARGIN_LEFT_MM = 28.0  # 订口
MARGIN_RIGHT_MM = 26.0
MARGIN_BOTTOM_MM = 35.0
BAN_XIN_WIDTH_MM = PAGE_WIDTH_MM - MARGIN_LEFT_MM - MARGIN_RIGHT_MM  # 156 版心宽
BAN_XIN_HEIGHT_MM = PAGE_HEIGHT_MM - MARGIN_TOP_MM - MARGIN_BOTTOM_MM  # 225 版心高
BAN_XIN_BOTTOM_MM = PAGE_HEIGHT_MM - MARGIN_BOTTOM_MM  # 262 from the paper top

LINES_PER_PAGE = 22  # §1 grid
CHARS_PER_LINE = 28

# --- type sizes (spec "Units") --------------------------------------------
SIZE_ER_HAO = 22.0  # 二号
SIZE_SAN_HAO = 16.0  # 三号
SIZE_SI_HAO = 14.0  # 四号
SIZE_XIAO_SI = 12.0  # 小四
SIZE_WU_HAO = 10.5  # 五号: what Word assumes when a document sets no size
#: The 字号 names of the sizes above, as staff see them in Word's size box.
SIZE_NAMES = {
    SIZE_ER_HAO: "二号",
    SIZE_SAN_HAO: "三号",
    SIZE_SI_HAO: "四号",
    SIZE_XIAO_SI: "小四",
    SIZE_WU_HAO: "五号",
}


def size_label(pt: float) -> str:
    """A size as messages show it, with its 字号 name when it has one.

    >>> size_label(16.0), size_label(15.0)
    ('16 pt（三号）', '15 pt')
    """
    name = SIZE_NAMES.get(pt)
    return f"{pt:g} pt（{name}）" if name else f"{pt:g} pt"


# One 行: 225 mm / 22 lines, rounded *down* to whole twips so 22 lines fit (§1).
LINE_PITCH_TWIPS = mm_to_twips(BAN_XIN_HEIGHT_MM) // LINES_PER_PAGE  # 579
# One 字: 16 pt glyphs tightened so 28 fit in 156 mm (§1 "one 字").  OOXML
# character spacing is in whole twips: −5 tw = −0.25 pt → 15.75 pt per 字.
CHAR_SPACING_PT = -0.25
ZI_TWIPS = pt_to_twips(SIZE_SAN_HAO + CHAR_SPACING_PT)  # 315

# §7.3.5.5: to keep 署名 and 成文日期 on the page of the last body text, the line pitch of
# that page may be tightened down to this share of the grid pitch: 24.6 pt for 16 pt text,
# still a leading of 0.54 em (two thirds of the grid's 0.81 em), at most 25 lines instead of
# 22.  doctemplates.pdf.signature_fit; check.pdf allows such a page.
SIGNATURE_FIT_MIN_PITCH = 0.85


def zi(n: float) -> int:
    """``n`` 字 (three-size character widths) in twips, for indents and tabs."""
    return round(n * ZI_TWIPS)


# --- colours and lines -----------------------------------------------------
COLOR_RED = "FF0000"  # §1 ink: red (practice FF0000)
RED_LINE_MM = 0.5  # §2.7 thickness not given; practice 0.35–0.5 mm
RED_LINE_BELOW_NUMBER_MM = 4.0  # §2.7
BANJI_THICK_MM = 0.35  # §4 first and last 版记 lines
BANJI_THIN_MM = 0.25  # §4 lines between

# --- header positions ------------------------------------------------------
HEADER_LINES = 3  # §7.2.1–7.2.3: 份号, 密级和保密期限, 紧急程度 — one line each above the 标志
MARK_BELOW_BAN_XIN_MM = 35.0  # §2.4 标志 top below the 版心 top
MINUTES_MARK_BELOW_BAN_XIN_MM = 35.0  # §6 纪要
ORDER_MARK_BELOW_BAN_XIN_MM = 20.0  # §10.2 命令（令）: 标志 top 20 mm below the 版心 top
ORDER_BLANK_LINES = 2  # §10.2: 令号 two blank lines under the 标志, text two under the 令号
MARK_MAX_PT = 42.0  # largest 标志 size the fitter uses (practice)
MARK_MIN_PT = 30.0  # below this the fitter compresses instead of shrinking
MARK_MIN_SCALE = 33  # narrowest character scale (%) Word accepts gracefully

LETTER_MARK_TOP_MM = 30.0  # §6 信函: 标志 from the paper top
LETTER_LINE_LENGTH_MM = 170.0  # §6 信函 double lines
LETTER_BOTTOM_LINE_MM = 20.0  # §6 信函: lower double line above the paper bottom
LETTER_LINE_GAP_MM = 4.0  # §6 信函: upper double line below the 标志
LETTER_DOUBLE_LINE_PT = 3.0  # §10.1 信函 双线 (上粗下细 / 上细下粗 pair): w:sz 24

PAGE_NUMBER_BELOW_BAN_XIN_MM = 7.0  # §5

# --- indents in 字 (§7.3) --------------------------------------------------------------
PARAGRAPH_INDENT_ZI = 2.0  # §7.3.3 正文, 附件说明, 附注: left-indented two 字
#: §7.3.4 附件说明: wrapped names align after ``附件：`` (three 字 more).
ATTACHMENT_NAMES_ZI = PARAGRAPH_INDENT_ZI + 3
SIGN_RIGHT_SEAL_ZI = 4.0  # §7.3.5.1 加盖印章: 成文日期 right-indented four 字
SIGN_RIGHT_PLAIN_ZI = 2.0  # §7.3.5.2 不加盖印章: right-indented two 字
SIGN_RIGHT_STAMP_ZI = 4.0  # §7.3.5.3 签发人签名章 and its date: four 字
SIGN_TITLE_GAP_ZI = 2.0  # §7.3.5.3 签发人职务 two 字 left of the 签名章

# --- 标题 lines (§7.3.1, layout.titles) -----------------------------------------
TITLE_SIDE_MARGIN_ZI = 1.0  # practice: a title line leaves one 二号 字 free on each side
TITLE_STEP_ZI = 2.0  # practice: the steps of a trapezoid or diamond, in 二号 字
MARK_BREAK_SCALE = 60  # 联合行文: an organ line set narrower than this (%) is broken in two

# --- landscape table pages (§8) -------------------------------------------
# The sheet turns so the table head lies on the binding side (订口) of an odd
# page: portrait left → landscape top, top → right, right → bottom, bottom → left.
LANDSCAPE_MARGIN_TOP_MM = MARGIN_LEFT_MM  # 28
LANDSCAPE_MARGIN_RIGHT_MM = MARGIN_TOP_MM  # 37
LANDSCAPE_MARGIN_BOTTOM_MM = MARGIN_RIGHT_MM  # 26
LANDSCAPE_MARGIN_LEFT_MM = MARGIN_BOTTOM_MM  # 35
LANDSCAPE_TYPE_WIDTH_MM = BAN_XIN_HEIGHT_MM  # 225: the 版心 turned on its side


def landscape_head_side(page_number: int) -> str:
    """Where a landscape table's head faces on the portrait sheet (§8): ``"left"``.

    单页码表头在订口一边，双页码表头在切口一边: the binding (订口) of an odd page and the
    outer edge (切口) of an even page are both its left edge, so the table is turned a
    quarter turn counter-clockwise on every page — which is also how the landscape
    margins above map onto the portrait 版心 (28 mm 订口 at the table head).

    >>> landscape_head_side(5), landscape_head_side(6)
    ('left', 'left')
    """
    binding, outer = "left", "left"  # 订口 of an odd page, 切口 of an even page
    return binding if page_number % 2 else outer


# --- tables (practice: 小四 仿宋, 黑体 head, thin black rules) --------------
TABLE_LINE_PT = 20.0  # exact line height of table text
TABLE_BORDER_MM = 0.18  # ≈ 0.5 pt
TABLE_CELL_MARGIN_MM = 1.0  # left/right cell padding

# --- fonts (east-Asian names as Word/WPS expect them, §1 and "Fonts") -----
FONT_FANGSONG = "仿宋_GB2312"
FONT_XIAOBIAOSONG = "方正小标宋简体"
FONT_HEITI = "黑体"
FONT_KAITI = "楷体_GB2312"
FONT_SONGTI = "宋体"  # page numbers, §5

# -- 印章 (§7.3.5.1) -------------------------------------------------------------------
#: Diameter of the seal picture (党政机关印章 are commonly 42 mm; 国务院关于国家行政机关和企业事业单位社会团体印章的规定).
SEAL_DIAMETER_MM = 42.0
#: The seal's centre sits on the top edge of the 署名 line, so 署名 and 成文日期 are below
#: the centre and the seal's top reaches about one line under the text above (two blank lines).
SEAL_CENTRE_BELOW_NAME_TOP_MM = 0.0
#: 联合行文加盖印章: seals 互不相交或相切 — the clear space kept between two seals of a row
#: and between rows *(practice; the standard asks only that they do not touch)*.
JOINT_SEAL_GAP_MM = 3.0
#: 加盖签发人签名章 (§7.3.5.3): width of the signature-stamp picture *(practice: the
#: standard gives none; its height follows the picture)*.
SIGNATURE_STAMP_WIDTH_MM = 30.0
