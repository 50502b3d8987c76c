"""Tests for parsing and writing dates.  公文日期测试。"""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from doctemplates.dates import (
    add_months,
    format_date,
    format_deadline,
    format_span,
    format_xun,
    parse_date,
    xun,
)
from doctemplates.errors import DataError, DateError

APRIL_20 = dt.date(2020, 4, 20)
DATES_1900_2100 = st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2100, 12, 31))


@pytest.mark.parametrize(
    "value",
    [
        APRIL_20,
        dt.datetime(2020, 4, 20, 23, 59),
        "2020-04-20",
        "2020-4-20",
        "2020/4/20",
        "2020/04/20",
        "2020.4.20",
        "2020年4月20日",
        "2020年04月20日",
        "2020 年 4 月 20 日",
        "二〇二〇年四月二十日",
        "二零二零年四月二十日",
        "  2020-04-20\n",
        "\u3000二〇二〇年四月二十日\u3000",
    ],
)
def test_accepted_forms(value: object) -> None:
    result = parse_date(value)  # type: ignore[arg-type]
    assert result == APRIL_20
    assert type(result) is dt.date


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2020-02-29", dt.date(2020, 2, 29)),
        ("2000-02-29", dt.date(2000, 2, 29)),
        ("二〇〇〇年二月二十九日", dt.date(2000, 2, 29)),
    ],
)
def test_leap_days(value: str, expected: dt.date) -> None:
    assert parse_date(value) == expected


@pytest.mark.parametrize(
    ("value", "reason"),
    [
        ("2021-02-29", "2021年2月没有29日"),
        ("1900-02-29", "1900年2月没有29日"),
        ("2021-02-30", "2021年2月没有30日"),
        ("2020-04-31", "2020年4月没有31日"),
        ("2020-13-01", "月份"),
        ("2020-00-10", "月份"),
        ("0000-01-01", "年份"),
        ("二〇二一年二月三十日", "2021年2月没有30日"),
    ],
)
def test_nonexistent_dates(value: str, reason: str) -> None:
    with pytest.raises(DateError) as info:
        parse_date(value)
    message = str(info.value)
    assert message.startswith(f"日期无效：{value}（")
    assert reason in message


def test_nonexistent_date_message() -> None:
    with pytest.raises(DateError) as info:
        parse_date(" 2021-02-30 ")
    assert str(info.value) == "日期无效：2021-02-30（2021年2月没有30日）"


@pytest.mark.parametrize(
    "value",
    ["abc", "2020-4/20", "2020年4月", "20-04-2020", "2020年负三月1日", "2020年三点五月1日", "明天"],
)
def test_garbage_names_the_value(value: str) -> None:
    with pytest.raises(DateError) as info:
        parse_date(value)
    assert f"日期无效：{value}" in str(info.value)


@pytest.mark.parametrize("value", ["", "   "])
def test_empty(value: str) -> None:
    with pytest.raises(DateError, match="日期无效"):
        parse_date(value)


@pytest.mark.parametrize(
    ("value", "words"),
    [
        (20200420, "是一个数字，不是日期"),
        (2020.4, "是一个数字，不是日期"),
        (None, "而不是空值"),
        (True, "而不是是/否"),
        (["2020-04-20"], "而不是列表"),
    ],
)
def test_wrong_types(value: object, words: str) -> None:
    """The kind of value is said in words, not as a Python type name (issue 18)."""
    with pytest.raises(DateError) as info:
        parse_date(value)  # type: ignore[arg-type]
    assert words in str(info.value)
    assert type(value).__name__ not in str(info.value)


def test_date_error_is_a_data_error() -> None:
    with pytest.raises(DataError):
        parse_date("2021-02-30")


@pytest.mark.parametrize(
    ("value", "arabic", "chinese"),
    [
        ("2020-04-20", "2020年4月20日", "二〇二〇年四月二十日"),
        ("2020-10-31", "2020年10月31日", "二〇二〇年十月三十一日"),
        ("2026-11-20", "2026年11月20日", "二〇二六年十一月二十日"),
        ("2000-01-10", "2000年1月10日", "二〇〇〇年一月十日"),
        ("1999-12-01", "1999年12月1日", "一九九九年十二月一日"),
    ],
)
def test_format_date(value: str, arabic: str, chinese: str) -> None:
    assert format_date(value) == arabic
    assert format_date(value, "arabic") == arabic
    assert format_date(value, style="chinese") == chinese


def test_format_date_year_boundaries_use_calendar_year() -> None:
    # Guards against a week-based year ("Y") slipping into the babel pattern.
    for day in (dt.date(2024, 12, 30), dt.date(2020, 12, 31), dt.date(2021, 1, 1)):
        assert format_date(day) == f"{day.year}年{day.month}月{day.day}日"


def test_format_date_unknown_style() -> None:
    with pytest.raises(DataError, match="roman"):
        format_date(APRIL_20, "roman")  # type: ignore[arg-type]


@given(st.dates())
def test_arabic_dates_are_cldr_s_zh_cn_long_dates(day: dt.date) -> None:
    """The pattern written out in format_date is babel's (CLDR) zh_CN long date, years 1–9999."""
    from babel.dates import format_date as babel_format_date

    assert format_date(day) == babel_format_date(day, format="long", locale="zh_CN")


@given(DATES_1900_2100)
def test_arabic_round_trip(day: dt.date) -> None:
    assert parse_date(format_date(day)) == day


@given(DATES_1900_2100)
def test_chinese_round_trip(day: dt.date) -> None:
    assert parse_date(format_date(day, "chinese")) == day


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        ("2020-04-01", None, "4月"),
        ("2020-04-01", "2020-04-30", "4月"),
        ("2020-04-01", "2020-06-30", "4月至6月"),
        ("2020-11-01", "2021-02-28", "2020年11月至2021年2月"),
        ("2020-12-31", "2021-01-01", "2020年12月至2021年1月"),
    ],
)
def test_format_span(start: str, end: str | None, expected: str) -> None:
    assert format_span(start, end) == expected


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        ("2020-04-01", None, "2020年4月"),
        ("2020-04-01", "2020-06-30", "2020年4月至6月"),
        ("2020-11-01", "2021-02-28", "2020年11月至2021年2月"),
    ],
)
def test_format_span_year_always(start: str, end: str | None, expected: str) -> None:
    assert format_span(start, end, year_always=True) == expected


def test_format_span_end_before_start() -> None:
    with pytest.raises(DateError) as info:
        format_span("2020-06-01", "2020-04-01")
    assert "2020-06-01" in str(info.value) and "2020-04-01" in str(info.value)


@pytest.mark.parametrize(
    ("day", "expected"),
    [(1, "上旬"), (10, "上旬"), (11, "中旬"), (20, "中旬"), (21, "下旬"), (31, "下旬")],
)
def test_xun(day: int, expected: str) -> None:
    assert xun(dt.date(2020, 7, day)) == expected
    assert format_xun(dt.date(2020, 7, day)) == f"7月{expected}"


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        ("2020-07-05", None, "7月上旬"),
        ("2020-07-01", "2020-07-10", "7月上旬"),
        ("2020-07-05", "2020-07-25", "7月上旬至下旬"),
        ("2020-07-05", "2020-08-15", "7月上旬至8月中旬"),
        ("2020-12-25", "2021-01-05", "2020年12月下旬至2021年1月上旬"),
    ],
)
def test_format_span_xun(start: str, end: str | None, expected: str) -> None:
    assert format_span(start, end, granularity="xun") == expected


def test_format_span_xun_year_always() -> None:
    assert format_span("2020-07-05", "2020-08-15", granularity="xun", year_always=True) == (
        "2020年7月上旬至8月中旬"
    )


def test_format_span_unknown_granularity() -> None:
    with pytest.raises(DataError, match="week"):
        format_span("2020-07-05", granularity="week")  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("start", "months", "expected"),
    [
        ("2020-11-30", 3, dt.date(2021, 2, 28)),
        ("2020-01-31", 1, dt.date(2020, 2, 29)),
        ("2019-01-31", 1, dt.date(2019, 2, 28)),
        ("2020-03-31", -1, dt.date(2020, 2, 29)),
        ("2021-01-15", -2, dt.date(2020, 11, 15)),
        ("2020-04-20", 0, APRIL_20),
        ("2020-04-20", 24, dt.date(2022, 4, 20)),
        ("2020-05-31", 1, dt.date(2020, 6, 30)),
    ],
)
def test_add_months(start: str, months: int, expected: dt.date) -> None:
    assert add_months(start, months) == expected


@pytest.mark.parametrize(("start", "months"), [("9999-12-01", 1), ("0001-01-01", -1)])
def test_add_months_out_of_range(start: str, months: int) -> None:
    with pytest.raises(DateError):
        add_months(start, months)


@pytest.mark.parametrize("months", [1.5, "3", True])
def test_add_months_refuses_non_int(months: object) -> None:
    with pytest.raises(DateError):
        add_months(APRIL_20, months)  # type: ignore[arg-type]


def test_format_deadline() -> None:
    assert format_deadline("2020-11-30", 3) == "2021年2月28日"
    assert format_deadline("2020-11-30", 3, "chinese") == "二〇二一年二月二十八日"
