"""Dates as Chinese official documents write them.  公文日期。

GB/T 9704-2012 writes dates with Arabic numerals (``2020年4月20日``); the
Chinese-numeral form (``二〇二〇年四月二十日``) is still used in some places.
Periods are written as months (``4月至6月``) or 旬 (``7月上旬至8月中旬``).

>>> parse_date("2020/4/20")
datetime.date(2020, 4, 20)
>>> format_date("2020-10-31", "chinese")
'二〇二〇年十月三十一日'
>>> format_span("2020-11-01", "2021-02-15")
'2020年11月至2021年2月'
>>> add_months("2020-11-30", 3)
datetime.date(2021, 2, 28)
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from typing import Literal

from dateutil.relativedelta import relativedelta

from doctemplates.errors import DataError, DateError
from doctemplates.numbering import cn_number, cn_year

__all__ = [
    "DateLike",
    "Granularity",
    "Style",
    "add_months",
    "format_date",
    "format_deadline",
    "format_span",
    "format_xun",
    "parse_date",
    "xun",
]

DateLike = dt.date | str
"""Anything :func:`parse_date` accepts (a ``datetime`` is a ``date``)."""

Style = Literal["arabic", "chinese"]
Granularity = Literal["month", "xun"]

_NUMERIC = re.compile(r"(\d{4})([-/.])(\d{1,2})\2(\d{1,2})")
_YMD = re.compile(r"(\S+?)\s*年\s*(\S+?)\s*月\s*(\S+?)\s*日")
# Year digits written one by one; 〇 is correct, 零 and ○ (U+25CB) are common typing variants.
_YEAR_DIGITS = {"〇": 0, "零": 0, "○": 0, "一": 1, "二": 2, "三": 3, "四": 4}
_YEAR_DIGITS |= {"五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_HINT = "应写作 2020-04-20、2020/4/20、2020.4.20 或 2020年4月20日"


_KIND_NAMES = {
    "list": "列表",
    "dict": "键值对（映射）",
    "bool": "是/否（true/false）",
    "NoneType": "空值",
}


def _invalid(value: object, reason: str) -> DateError:
    return DateError(f"日期无效：{value}（{reason}）")


def _year(text: str) -> int | None:
    """A year in Arabic digits or Chinese digits one by one (二〇二〇).

    Digit by digit by hand: cn2an reads 二〇二〇 only in its lenient "smart"
    mode, which also accepts nonsense.
    """
    if text.isdecimal():
        return int(text)
    if text and all(char in _YEAR_DIGITS for char in text):
        return int("".join(str(_YEAR_DIGITS[char]) for char in text))
    return None


def _small(text: str) -> int | None:
    """A month or day in Arabic digits or Chinese numerals (二十一)."""
    if text.isdecimal():
        return int(text)
    import cn2an  # only for dates in Chinese numerals: the import takes 0.3 s

    try:
        number = cn2an.cn2an(text, "strict")
    except ValueError:
        return None
    # strict mode still reads 三点五 and 负三; a month or day is a whole number ≥ 0.
    return number if isinstance(number, int) and number >= 0 else None


def _fields(text: str) -> tuple[int, int, int] | None:
    """Year, month, day read from ``text``, or ``None`` if it is no date form."""
    if match := _NUMERIC.fullmatch(text):
        return int(match[1]), int(match[3]), int(match[4])
    if match := _YMD.fullmatch(text):
        year, month, day = _year(match[1]), _small(match[2]), _small(match[3])
        if year is not None and month is not None and day is not None:
            return year, month, day
    return None


def _build(text: str, year: int, month: int, day: int) -> dt.date:
    """The date, or a DateError saying which part does not exist."""
    if not dt.MINYEAR <= year <= dt.MAXYEAR:
        raise _invalid(text, f"年份应为 {dt.MINYEAR} 至 {dt.MAXYEAR}")
    if not 1 <= month <= 12:
        raise _invalid(text, "月份应为 1 至 12")
    if not 1 <= day <= calendar.monthrange(year, month)[1]:
        raise _invalid(text, f"{year}年{month}月没有{day}日")
    return dt.date(year, month, day)


def parse_date(value: DateLike) -> dt.date:
    """Read a date from a ``date`` or one of the usual written forms.  解析日期。

    >>> parse_date(" 2020年4月20日 ")
    datetime.date(2020, 4, 20)
    >>> parse_date("二〇二〇年四月二十日")
    datetime.date(2020, 4, 20)
    >>> parse_date(dt.datetime(2020, 4, 20, 9, 30))
    datetime.date(2020, 4, 20)
    >>> parse_date("2021-02-30")
    Traceback (most recent call last):
    ...
    doctemplates.errors.DateError: 日期无效：2021-02-30（2021年2月没有30日）
    """
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        raise DateError(
            f"日期无效：{value} 是一个数字，不是日期（{_HINT}；"
            "表格中的日期单元格请设为日期格式，或写成文字）"
        )
    if not isinstance(value, str):
        raise _invalid(
            repr(value),
            f"应为日期或日期文字，而不是{_KIND_NAMES.get(type(value).__name__, '其他类型的值')}",
        )
    text = value.strip()
    fields = _fields(text)
    if fields is None:
        raise _invalid(text or repr(value), _HINT)
    return _build(text, *fields)


def format_date(value: DateLike, style: Style = "arabic") -> str:
    """Write a date: ``arabic`` 2020年4月20日 or ``chinese`` 二〇二〇年四月二十日.  成文日期。

    >>> format_date("2020.4.20")
    '2020年4月20日'
    >>> format_date("2026-11-20", style="chinese")
    '二〇二六年十一月二十日'
    """
    day = parse_date(value)
    if style == "arabic":
        # GB/T 9704 §7.3.5 fixes the form: Arabic numerals, full year, no leading zeros. It is
        # CLDR's zh_CN long date "y年M月d日" (babel's format_date(day, "long", "zh_CN"), equal
        # on every date: tests/test_dates.py), written out because babel loads its locale data
        # (pickles) on first use, ~25 ms of a one-document render for one fixed pattern.
        return f"{day.year}年{day.month}月{day.day}日"
    if style == "chinese":
        return f"{cn_year(day.year)}年{cn_number(day.month)}月{cn_number(day.day)}日"
    raise DataError(f"日期格式 {style!r} 无效，应为 'arabic' 或 'chinese'")


def add_months(value: DateLike, months: int) -> dt.date:
    """The date ``months`` later (earlier if negative), day clamped.  加减月数。

    >>> add_months("2020-01-31", 1)
    datetime.date(2020, 2, 29)
    >>> add_months("2021-03-31", -1)
    datetime.date(2021, 2, 28)
    """
    start = parse_date(value)
    if isinstance(months, bool) or not isinstance(months, int):
        raise DateError(f"月数应为整数，而不是 {months!r}")
    try:
        later: dt.date = start + relativedelta(months=months)
        return later
    except (ValueError, OverflowError) as exc:
        raise DateError(f"日期 {start.isoformat()} 加 {months} 个月超出可表示的范围") from exc


def format_deadline(value: DateLike, months: int, style: Style = "arabic") -> str:
    """The date ``months`` after ``value``, written out.  期限日期。

    >>> format_deadline("2020-11-30", 3)
    '2021年2月28日'
    """
    return format_date(add_months(value, months), style)


def xun(value: DateLike) -> Literal["上旬", "中旬", "下旬"]:
    """The 旬 (ten-day period) of a date: days 1–10, 11–20, 21–end.  旬。

    >>> xun("2020-07-10"), xun("2020-07-11"), xun("2020-07-31")
    ('上旬', '中旬', '下旬')
    """
    day = parse_date(value).day
    if day <= 10:
        return "上旬"
    return "中旬" if day <= 20 else "下旬"


def format_xun(value: DateLike) -> str:
    """Month and 旬 of a date, e.g. ``7月上旬``.  某月某旬。

    >>> format_xun("2020-07-15")
    '7月中旬'
    """
    day = parse_date(value)
    return f"{day.month}月{xun(day)}"


def _part(day: dt.date, granularity: Granularity) -> str:
    """The month (4月) or month and 旬 (7月上旬) of ``day``, without the year."""
    return format_xun(day) if granularity == "xun" else f"{day.month}月"


def _end_part(start: dt.date, end: dt.date, granularity: Granularity) -> str:
    """The end of a same-year span; a 旬 in the same month omits the month (7月上旬至下旬)."""
    if granularity == "xun" and start.month == end.month:
        return xun(end)
    return _part(end, granularity)


def format_span(
    start: DateLike,
    end: DateLike | None = None,
    *,
    year_always: bool = False,
    granularity: Granularity = "month",
) -> str:
    """Write a period by month or 旬.  时间段（月、旬）。

    The year is written only across years, unless ``year_always``.

    >>> format_span("2020-04-01", "2020-06-30")
    '4月至6月'
    >>> format_span("2020-04-01", "2020-06-30", year_always=True)
    '2020年4月至6月'
    >>> format_span("2020-07-05", "2020-08-15", granularity="xun")
    '7月上旬至8月中旬'
    >>> format_span("2020-04-03", "2020-04-25")
    '4月'
    """
    if granularity not in ("month", "xun"):
        raise DataError(f"时间段粒度 {granularity!r} 无效，应为 'month' 或 'xun'")
    first = parse_date(start)
    last = first if end is None else parse_date(end)
    if last < first:
        raise DateError(f"时间段无效：结束日期 {last.isoformat()} 早于开始日期 {first.isoformat()}")
    if first.year != last.year:
        return f"{first.year}年{_part(first, granularity)}至{last.year}年{_part(last, granularity)}"
    year = f"{first.year}年" if year_always else ""
    head = _part(first, granularity)
    if head == _part(last, granularity):
        return year + head
    return f"{year}{head}至{_end_part(first, last, granularity)}"
