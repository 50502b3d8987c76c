"""Text forms of 公文 elements (文字形式): 文号, dates, structure labels, fonts.

Pure functions on strings, shared by the .docx and the PDF checks.

>>> doc_number_problems("钟科发[2020]第02号")
['年份应使用六角括号〔〕', '序号前不加“第”', '序号不编虚位（不写前导零）']
>>> date_problems("2020年04月20日")
['月、日不编虚位（不写前导零）']
>>> parse_label("（十一）加强领导")
Label(level=2, number=11, text='（十一）', problem=None)
>>> parse_label("(一)加强领导").problem
'序数应使用全角括号（）'
"""

from __future__ import annotations

import re
from typing import Literal, NamedTuple

from doctemplates.gbt9704.fonts import FAMILIES, font_family
from doctemplates.gbt9704.patterns import DOC_NUMBER, DOC_NUMBER_LOOSE
from doctemplates.numbering import cn_number

__all__ = [
    "FONT_FAMILIES",
    "Label",
    "date_problems",
    "doc_number_problems",
    "font_family",
    "is_date_like",
    "is_doc_number_like",
    "parse_label",
]

# --- fonts ------------------------------------------------------------------
#: family → every name of it (the one alias table, :mod:`doctemplates.gbt9704.fonts`)
FONT_FAMILIES: dict[str, tuple[str, ...]] = {f.name: f.names for f in FAMILIES}


# --- 发文字号 (§7.2.5) -------------------------------------------------------
def _loose_number(text: str) -> re.Match[str] | None:
    """The parts of a 文号-shaped text whose year has 2–4 digits (any brackets)."""
    m = DOC_NUMBER_LOOSE.match(text)
    return m if m is not None and 2 <= len(m["year"]) <= 4 else None


def is_doc_number_like(text: str) -> bool:
    """True for anything shaped like 机关代字〔年份〕序号 (any brackets)."""
    return _loose_number(text.strip()) is not None


def doc_number_problems(text: str) -> list[str]:
    """What is wrong with a 发文字号 (empty when it is ``钟科发〔2020〕2号``)."""
    text = text.strip()
    if DOC_NUMBER.match(text):
        return []
    m = _loose_number(text)
    if m is None:
        return ["无法识别为“机关代字〔年份〕序号号”"]
    out = []
    if m["open"] != "〔" or m["close"] != "〕":
        out.append("年份应使用六角括号〔〕")
    if len(m["year"]) != 4:
        out.append("年份应标全称（4 位）")
    if m["di"]:
        out.append("序号前不加“第”")
    if m["serial"].startswith("0"):
        out.append("序号不编虚位（不写前导零）")
    if not m["hao"]:
        out.append("序号后应加“号”")
    if re.search(r"\s", text):
        out.append("不应含空格")
    return out


# --- dates (§7.3.5.4) --------------------------------------------------------
DateStyle = Literal["arabic", "chinese"]
_CN_DIGIT = "〇一二三四五六七八九"
_ARABIC_DATE = re.compile(r"^\d{4}年[1-9]\d?月[1-9]\d?日$")
_CN_SMALL = "|".join(sorted((cn_number(i) for i in range(1, 32)), key=len, reverse=True))
_CHINESE_DATE = re.compile(rf"^[{_CN_DIGIT}]{{4}}年({_CN_SMALL})月({_CN_SMALL})日$")
_LOOSE_DATE = re.compile(
    r"^(\d{2,4}|[〇零○一二三四五六七八九]{2,4})\s*[年\-/.．]\s*(\d{1,2}|[一二三四五六七八九十]{1,3})"
    r"\s*[月\-/.．]\s*(\d{1,2}|[一二三四五六七八九十]{1,3})\s*日?$"
)


def is_date_like(text: str) -> bool:
    """True when ``text`` is a date in any usual written form."""
    return _LOOSE_DATE.match(text.strip()) is not None


def date_problems(text: str, style: DateStyle | None = "arabic") -> list[str]:
    """What is wrong with a 成文日期 / 印发日期 (``style=None`` accepts either form)."""
    text = text.strip()
    if style in ("arabic", None) and _ARABIC_DATE.match(text):
        return []
    if style in ("chinese", None) and _CHINESE_DATE.match(text):
        return []
    if style == "chinese":
        return ["应统一用汉字数字书写（如二〇二〇年四月二十日）"]
    if re.match(r"^\d{4}年\d{1,2}月\d{1,2}日$", text):
        return ["月、日不编虚位（不写前导零）"]
    if re.match(r"^\d{2}年", text):
        return ["年份应标全称（4 位）"]
    if not re.search(r"[年月日]", text):
        return ["应写作“2020年4月20日”的形式，不用“-”“/”“.”分隔"]
    if re.search(r"[〇零○一二三四五六七八九十]", text):
        return ["应使用阿拉伯数字（如2020年4月20日）"]
    return ["应写作“2020年4月20日”的形式"]


# --- 结构层次序数 (§7.3.3) ------------------------------------------------------
_CN_NUMS = {cn_number(i): i for i in range(1, 200)}
_CN = "[一二三四五六七八九十百零〇]+"


class Label(NamedTuple):
    """A structure label at the start of a paragraph: level 1–4, number, its text."""

    level: int
    number: int
    text: str
    problem: str | None = None


_FORMS: tuple[tuple[re.Pattern[str], int, str | None], ...] = (
    (re.compile(rf"^({_CN})、"), 1, None),
    (re.compile(rf"^（({_CN})）(?![、，．.,])"), 2, None),
    (re.compile(r"^(\d{1,3})\.(?!\d)"), 3, None),
    (re.compile(r"^（(\d{1,3})）(?![、，．.,])"), 4, None),
    # wrong forms (level, problem)
    (re.compile(rf"^({_CN})[.．,，]"), 1, "“一、”类序数后应使用顿号“、”"),
    (re.compile(rf"^[(（]({_CN})[)）][、，．.,]"), 2, "带括号的序数后不加标点"),
    (re.compile(rf"^\(({_CN})\)|^\(({_CN})）|^（({_CN})\)"), 2, "序数应使用全角括号（）"),
    (re.compile(r"^(\d{1,3})．(?![\d０-９])"), 3, "“1.”类序数应使用半角句点“.”"),
    (re.compile(r"^(\d{1,3})[、，,](?!\d)"), 3, "阿拉伯数字序数后应使用半角句点“.”，不用顿号"),
    (re.compile(r"^[(（](\d{1,3})[)）][、，．.,]"), 4, "带括号的序数后不加标点"),
    (re.compile(r"^\((\d{1,3})\)|^\((\d{1,3})）|^（(\d{1,3})\)"), 4, "序数应使用全角括号（）"),
)


def parse_label(text: str) -> Label | None:
    """The structure label starting ``text`` (right or wrong form), or None."""
    text = text.lstrip(" \t\u3000")
    for pattern, level, problem in _FORMS:
        m = pattern.match(text)
        if m is None:
            continue
        raw = next(g for g in m.groups() if g)
        number = int(raw) if raw.isdigit() else _CN_NUMS.get(raw)
        if number is None:
            continue
        return Label(level, number, m.group(0), problem)
    return None
