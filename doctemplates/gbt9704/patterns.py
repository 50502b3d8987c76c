"""Text forms of the standard (文字规则): 发文字号, 版记 lines, 印发日期, red, widths.

Each rule is written here once and read by the data model, the template builder,
the checker (.docx and PDF), the importer and the PDF page rules.

>>> bool(DOC_NUMBER.match("钟科发〔2020〕2号")), bool(DOC_NUMBER.match("钟科发[2020]2号"))
(True, False)
>>> DOC_NUMBER_LOOSE.match("钟科发[20] 第02")["serial"]
'02'
>>> bool(BANJI_LINE.search("抄送：示例市财政局。")), bool(BANJI_LINE.search("示例市科学技术局办公室  2026年11月30日印发"))
(True, True)
>>> bool(ORDER_NUMBER.match("第18号")), ORDER_NUMBER_LOOSE.match("第 018 号")[1]
(True, '18')
>>> is_red_hex("E60012"), is_red_hex("000000"), is_red_rgb(1, 0, 0)
(True, False, True)
>>> width_units("GB/T 9704—2012“公文”")
11.5
"""

from __future__ import annotations

import datetime as dt
import re

__all__ = [
    "BANJI_LINE",
    "BRACKETS_CLOSE",
    "BRACKETS_OPEN",
    "DOC_NUMBER",
    "DOC_NUMBER_FORM",
    "DOC_NUMBER_LOOSE",
    "FULL_WIDTH_BELOW_CJK",
    "ORDER_NUMBER",
    "ORDER_NUMBER_LOOSE",
    "PRINT_DATE",
    "is_red_cmyk",
    "is_red_hex",
    "is_red_rgb",
    "print_date_problem",
    "width_units",
]

# --- 发文字号 (§7.2.5): 机关代字〔年份〕序号号 ----------------------------------------
#: The standard form (also the model's JSON-schema ``pattern``): 六角括号, four-digit year,
#: serial without leading zeros or 第, ending in 号.
DOC_NUMBER_FORM = r"^[^〔〕\s]+〔\d{4}〕[1-9]\d*号$"
DOC_NUMBER = re.compile(DOC_NUMBER_FORM)
#: Brackets people type around the year instead of 〔〕 (paired by position).
BRACKETS_OPEN = "〔[［(（【〖{｛"
BRACKETS_CLOSE = "〕]］)）】〗}｝"
_O, _C = re.escape(BRACKETS_OPEN), re.escape(BRACKETS_CLOSE)
#: Anything shaped like a 文号, with the parts a checker or a parser names: any brackets,
#: spaces, ``第``, leading zeros, a missing ``号``, a year of any length.
DOC_NUMBER_LOOSE = re.compile(
    rf"^(?P<code>[^\s{_O}{_C}]+)\s*(?P<open>[{_O}])\s*(?P<year>\d+)\s*(?P<close>[{_C}])"
    r"\s*(?P<di>第?)\s*(?P<serial>\d+)\s*(?P<hao>号?)$"
)

# --- 令号 (§10.2): 第N号 ------------------------------------------------------------
#: The 令号 of a 命令（令）: ``第18号``, no leading zeros.
ORDER_NUMBER = re.compile(r"^第[1-9]\d*号$")
#: What people write for it: ``18``, ``第 18 号``, ``第018号`` (the serial is group 1).
ORDER_NUMBER_LOOSE = re.compile(r"^第?\s*0*([1-9]\d{0,5})\s*号?$")

# --- 版记 (§7.4) ---------------------------------------------------------------------
#: A 版记 line: 抄送/主送 with a colon, or the 印发机关 and 印发日期 line ending in 印发.
BANJI_LINE = re.compile(r"^(抄送|主送)\s*[：:]|印发$")
#: The 印发日期 at the end of the 印发 line, in whatever form it was written (group 1).
PRINT_DATE = re.compile(r"(\d{2,4}\s*[年\-/.．]\S*?|[〇零○一二三四五六七八九]{2,4}年\S*?)\s*印发$")


def print_date_problem(printed: dt.date | None, signed: dt.date | None) -> str | None:
    """§7.4.3: the 印发日期 is not before the 成文日期; the Chinese sentence when it is.

    >>> print_date_problem(dt.date(2026, 11, 1), dt.date(2026, 11, 2))
    '印发日期2026年11月1日早于成文日期2026年11月2日'
    >>> print_date_problem(dt.date(2026, 11, 2), dt.date(2026, 11, 2)) is None
    True
    """
    if printed is None or signed is None or printed >= signed:
        return None
    return f"印发日期{_arabic(printed)}早于成文日期{_arabic(signed)}"


def _arabic(day: dt.date) -> str:
    """The §7.3.5.4 Arabic-numeral date, ``2026年11月1日`` (what dates.format_date writes)."""
    return f"{day.year}年{day.month}月{day.day}日"


# --- red (§1 ink; 标志, 红色分隔线, 印章) ------------------------------------------------
# Reddish: strong red, little green and blue — FF0000, E60012 (印章红), C00000 (Word's dark red).
_RED_MIN = 0xB0 / 255
_OTHER_MAX = 0x70 / 255


def is_red_rgb(r: float, g: float, b: float) -> bool:
    """True for a reddish colour given as RGB fractions (0–1), as a PDF draws it."""
    return r >= _RED_MIN and g <= _OTHER_MAX and b <= _OTHER_MAX


def is_red_hex(color: str | None) -> bool:
    """True for a reddish OOXML hex colour (``FF0000``, ``E60012``, ``C00000`` …)."""
    if not color or not re.fullmatch(r"[0-9A-Fa-f]{6}", color):
        return False
    r, g, b = (int(color[i : i + 2], 16) / 255 for i in (0, 2, 4))
    return is_red_rgb(r, g, b)


def is_red_cmyk(c: float, m: float, y: float, k: float) -> bool:
    """True for a reddish CMYK colour (fractions), judged by its RGB equivalent."""
    return is_red_rgb((1 - c) * (1 - k), (1 - m) * (1 - k), (1 - y) * (1 - k))


# --- widths in 字 (§1: one 字 is the width of a 三号 character) --------------------------
#: Characters below U+2E80 that CJK faces set one full 字 wide (dash and curly quotes).
FULL_WIDTH_BELOW_CJK = "—“”‘’"


def width_units(text: str) -> float:
    """Width of ``text`` in 字: CJK and :data:`FULL_WIDTH_BELOW_CJK` one, others half.

    >>> width_units("示例市科学技术局"), width_units("2026年"), width_units("“AI”")
    (8.0, 3.0, 3.0)
    """
    return sum(1.0 if ord(ch) >= 0x2E80 or ch in FULL_WIDTH_BELOW_CJK else 0.5 for ch in text)
