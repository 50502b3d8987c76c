"""§7.3 主体 checks of a PDF: page 1 shows body text; no page holds only the signature; no
title line break inside a word (§7.3.1)."""

from __future__ import annotations

from collections.abc import Iterator

from doctemplates.check.measure import Line, PageInfo
from doctemplates.check.pdf.view import (
    LEFT,
    PITCH_MM,
    TOL,
    ZI_MM,
    Check,
    PdfView,
    body_size,
    content,
)
from doctemplates.check.rules import finding
from doctemplates.check.textforms import is_date_like
from doctemplates.findings import Finding, Location
from doctemplates.gbt9704 import geometry as g
from doctemplates.gbt9704 import tolerances as tol
from doctemplates.gbt9704.patterns import BANJI_LINE

__all__ = ["CHECKS"]


def _not_banji(lines: list[Line]) -> list[Line]:
    return [ln for ln in lines if not BANJI_LINE.search(ln.text.strip())]


def first_page_body(view: PdfView) -> Iterator[Finding]:
    """§7.3.2: page 1 shows body text (too many 主送机关 move to the 版记)."""
    if not view.pages:
        return
    lines = content(view.pages[0])
    titles = [k for k, ln in enumerate(lines) if ln.size >= tol.TITLE_MIN_PT and not ln.is_red]
    if not titles:
        return
    k = titles[0]
    while k + 1 < len(lines) and lines[k + 1].size >= tol.TITLE_MIN_PT:
        k += 1
    after = _not_banji(lines[k + 1 :])
    colon = [i for i, ln in enumerate(after) if ln.text.strip().endswith(("：", ":"))]
    if colon and colon[0] + 1 < len(after):
        return
    indent = LEFT + g.PARAGRAPH_INDENT_ZI * ZI_MM
    if any(abs(ln.x0 - indent) <= tol.INDENT_MM and body_size(ln) for ln in after):
        return
    yield finding(
        "first-page-body",
        "首页没有显示正文（主送机关过多时应移至版记）",
        Location(page=1, text=after[-1].text if after else lines[k].text),
        expected="首页有正文",
        actual="首页无正文",
    )


def _signature_part(ln: Line) -> bool:
    """A 附注 in parentheses, or a short line on the right: part of the 署名 block."""
    text = ln.text.strip()
    if text.startswith(("（", "(")) and text.endswith(("）", ")")):
        return True
    right = ln.x0 > LEFT + tol.SIGNATURE_LEFT_SHARE * g.BAN_XIN_WIDTH_MM
    return right and ln.units <= tol.SIGNATURE_MAX_ZI


def signature_pages(view: PdfView) -> Iterator[Finding]:
    """§7.3.5.5: no page after the first holds only 署名, 成文日期 or 附注."""
    for page in view.pages[1:]:
        lines = _not_banji(content(page))
        if not lines:
            continue
        dates = [ln for ln in lines if is_date_like(ln.text.strip())]
        others = [ln for ln in lines if ln not in dates and not _signature_part(ln)]
        if dates and not others:
            yield finding(
                "signature-page",
                "此页只有署名、成文日期或附注，没有正文（应调整行距字距使其与正文同页）",
                Location(page=page.number, text=lines[0].text),
                expected="署名、成文日期与正文同页",
                actual="单独成页",
            )


def _title_groups(page: PageInfo) -> list[list[Line]]:
    """Runs of 二号 black lines one line pitch apart: 标题, 附件标题 (as the reader sees them)."""
    groups: list[list[Line]] = []
    for ln in page.lines:
        if ln.is_red or abs(ln.size - g.SIZE_ER_HAO) >= tol.BODY_SIZE_PT or not ln.text.strip():
            continue
        if groups and ln.top - groups[-1][-1].top < PITCH_MM + TOL:
            groups[-1].append(ln)
        else:
            groups.append([ln])
    return [group for group in groups if len(group) > 1]


def title_breaks(view: PdfView) -> Iterator[Finding]:
    """§7.3.1 词意完整: a 标题 line break inside a word (segmentation of layout.titles)."""
    from doctemplates.layout.titles import breaks_inside_words

    for page in view.portrait:
        for group in _title_groups(page):
            for index in breaks_inside_words([ln.text for ln in group]):
                left, right = group[index].text.strip(), group[index + 1].text.strip()
                yield finding(
                    "title-break",
                    "标题回行处把一个词拆在两行（应词意完整）",
                    Location(page=page.number, text=f"{left}/{right}"),
                    expected="在词与词之间回行",
                    actual=f"…{left[-3:]}/{right[:3]}…",
                )


CHECKS: tuple[Check, ...] = (first_page_body, signature_pages, title_breaks)
