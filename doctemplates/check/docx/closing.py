"""成文日期 (§7.3.5.4) and 版记 (§7.4) checks of a .docx: date forms, 抄送, the 版记 table."""

from __future__ import annotations

import re
from collections.abc import Iterator

from lxml import etree

from doctemplates.check.docx import props
from doctemplates.check.docx.view import Check, DocxView, at
from doctemplates.check.ooxml import paragraph_text, qn
from doctemplates.check.rules import finding
from doctemplates.check.textforms import DateStyle, date_problems
from doctemplates.findings import Finding, Location
from doctemplates.gbt9704.patterns import PRINT_DATE

__all__ = ["CHECKS"]


def _normal_date(text: str, style: DateStyle | None) -> str:
    from doctemplates.dates import format_date, parse_date
    from doctemplates.errors import DocTemplatesError

    try:
        return format_date(parse_date(text), style or "arabic")
    except DocTemplatesError:
        return "2020年4月20日"


def dates(view: DocxView) -> Iterator[Finding]:
    """§7.3.5.4: the 成文日期 in the configured form; the 印发日期 in Arabic numerals."""
    for p in view.texts:
        if p.role == "date":
            text, want = p.text.strip(" \t\u3000"), view.date_style
        elif p.role == "banji" and (m := PRINT_DATE.search(p.text.strip())):
            text, want = m[1].strip(), "arabic"
        else:
            continue
        problems = date_problems(text, want)
        if problems:
            what = "成文日期" if p.role == "date" else "印发日期"
            yield finding(
                "date-form",
                what + "；".join(problems),
                at(p),
                expected=_normal_date(text, want),
                actual=text,
            )


def copies(view: DocxView) -> Iterator[Finding]:
    """§7.4.2: ``抄送：`` with a full-width colon, the organs ending in a full stop."""
    for p in view.texts:
        text = p.text.strip()
        m = re.match(r"^抄送\s*([：:])", text) if p.role == "banji" else None
        if m is None:
            continue
        if m[1] != "：":
            yield finding(
                "cc-period",
                "“抄送”后应使用全角冒号“：”",
                at(p),
                expected="抄送：",
                actual=f"抄送{m[1]}",
            )
        if not text.endswith("。"):
            yield finding(
                "cc-period",
                "抄送机关末尾应加句号“。”",
                at(p),
                expected=text.rstrip("，,；;.") + "。",
                actual=text,
            )


def _tables(view: DocxView) -> list[etree._Element]:
    """The tables holding 版记 paragraphs, in order."""
    tables: list[etree._Element] = []
    for p in view.texts:
        tbl = next(p.element.iterancestors(qn("w:tbl")), None) if p.role == "banji" else None
        if tbl is not None and tbl not in tables:
            tables.append(tbl)
    return tables


def banji_table(view: DocxView) -> Iterator[Finding]:
    """§7.4: a floating 版记 table is anchored to the bottom of the 版心."""
    for tbl in _tables(view):
        anchor = props.floating_anchor(tbl)
        if anchor is None or anchor == ("margin", "bottom"):
            continue
        first = tbl.find(f".//{qn('w:p')}")
        yield finding(
            "banji-bottom",
            "浮动的版记表格没有固定在版心底部",
            Location(
                text=paragraph_text(first) if first is not None else "",
                element="版记表格 w:tblpPr",
            ),
            expected='w:vertAnchor="margin" w:tblpYSpec="bottom"',
            actual=f'w:vertAnchor="{anchor[0]}" w:tblpYSpec="{anchor[1] or "（绝对位置）"}"',
        )


CHECKS: tuple[Check, ...] = (dates, copies, banji_table)
