"""Where the signature chain landed and what would keep it with the body.  署名规则：诊断。

Split from :mod:`doctemplates.pdf.signature_fit` (issue 14), which describes the rule.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from doctemplates.pdf._opc import w
from doctemplates.pdf.signature_fit_docx import (
    _FURNITURE,
    _HEAD,
    _HEAD_END,
    _Block,
    _chain,
    _Frame,
)
from doctemplates.pdf.signature_fit_pdf import (
    _lines,
    _Page,
    _Pdf,
)


@dataclass(frozen=True)
class _Diagnosis:
    """Where the closing chain went in one PDF."""

    page: int  # 0-based page holding the chain
    pushed: bool  # it starts a page while the page before has a line or more free
    first_page_empty: bool  # page 1 shows no body text
    needed: float | None = None  # pitch ratio that would bring the chain back (None: cannot)
    region: tuple[int, ...] = ()  # blocks to tighten: on the page before, and what moves
    trailing: tuple[int, ...] = ()  # empty paragraphs that end the flow: shrunk to a hairline
    together: bool = True  # the lines right after the date (附注 …) are on its page
    aim: float | None = None  # pitch ratio with room for the 版记 on that page as well
    banji_must_come: bool = False  # the 版记 must come along to that page (it is even)
    banji_here: bool = True  # the 版记 that follows the date is on the chain's page


def _is_body(block: _Block) -> bool:
    return block.kind == "p" and bool(block.text) and block.style not in _HEAD


def _has_body(blocks: Sequence[_Block], page: _Page) -> bool:
    """The page (page 1) shows body text: a body paragraph, or its start, is on it."""
    text, pos, first = page.band, 0, True
    for block in blocks:
        if not block.text:
            continue
        found = text.find(block.text, pos)
        if found < 0 or found - pos > (64 if first else 0):  # page 1 may start with a header
            rest = text[pos:] if not first else ""
            return _is_body(block) and bool(rest) and block.text.startswith(rest)
        if _is_body(block):
            return True
        pos, first = found + len(block.text), False
    return False


def _back_on_page(blocks: Sequence[_Block], end: int, text: str) -> list[tuple[int, int]]:
    """``(block, start in text)`` of the blocks before ``end`` wholly on the page whose band
    text is ``text`` and ends with them, nearest first (an empty paragraph: start −1)."""
    out: list[tuple[int, int]] = []
    pending: list[tuple[int, int]] = []  # empty paragraphs count once text precedes them
    pos = len(text)
    for k in range(end - 1, -1, -1):
        block = blocks[k]
        if block.kind != "p" or block.breaks:
            break
        if not block.text:
            pending.append((k, -1))
            continue
        if not text[:pos].endswith(block.text):
            break
        pos -= len(block.text)
        out += [*pending, (k, pos)]
        pending = []
    return out


def _diagnose(blocks: Sequence[_Block], pdf: _Pdf) -> _Diagnosis | None:
    found = _chain(blocks)
    if found is None:
        return None
    first, date = found
    chain = "".join(b.text for b in blocks[first : date + 1])
    # from the end: the chain is near it (only 附件 pages and the 版记 follow), and each
    # page break after it starts a page of its own (reading a page costs a few ms)
    after = sum(1 for b in blocks[date + 1 :] if b.breaks and b.kind == "p")
    start = max(pdf.count - 1 - after, 0)
    n = next((n for n in range(start, -1, -1) if chain in pdf.text(n)), None)
    if n is None:
        return None  # the chain runs over a page break: the 署名 is with body text
    # page 1 can lose its body only to a chain on page 2
    empty = n == 1 and not _has_body(blocks, pdf.page(0))
    # the 附注 and other lines right after the date: on the date's page too?
    together = chain + _tail(blocks, date) in pdf.text(n)
    # a page number or header may come before the chain in the page's text, not body text
    if n == 0 or pdf.text(n).find(chain) > _FURNITURE or not pdf.page(n).band.startswith(chain):
        return _Diagnosis(
            n, False, empty, together=together, banji_here=_banji_here(blocks, date, pdf, n)
        )
    before = pdf.page(n - 1)
    free = _free(before, pdf.page(n), pdf.frame)
    if free is None or free < 0.95 * pdf.frame.pitch or not _ends_with(blocks, first, before):
        return _Diagnosis(
            n, False, empty, together=together, banji_here=_banji_here(blocks, date, pdf, n)
        )
    return _plan(blocks, pdf, n, first, empty)


def _banji_here(blocks: Sequence[_Block], date: int, pdf: _Pdf, n: int) -> bool:
    """The 版记 that follows the date is on page n (True when there is none)."""
    text = _banji_text(blocks, date)
    return not text or text in pdf.text(n)


def _banji_text(blocks: Sequence[_Block], date: int) -> str:
    """Text of the floating table (the 版记) that follows the date in the flow, if any."""
    for block in blocks[date + 1 :]:
        if block.kind == "tbl" and block.node.find(f"{w('tblPr')}/{w('tblpPr')}") is not None:
            return block.text
        if block.kind != "p" or block.breaks:
            return ""
    return ""


def _tail(blocks: Sequence[_Block], date: int) -> str:
    """Text of the paragraphs right after the date (附注, 联系人 …), up to an empty one."""
    out = []
    for block in blocks[date + 1 :]:
        if block.kind != "p" or block.breaks or not block.text:
            break
        out.append(block.text)
    return "".join(out)


def _ends_with(blocks: Sequence[_Block], first: int, before: _Page) -> bool:
    """The page before ends with the block before the chain (no table, no page break)."""
    for k in range(first - 1, -1, -1):
        if blocks[k].kind != "p" or blocks[k].breaks:
            return False
        if blocks[k].text:
            return before.band.endswith(blocks[k].text)
    return False


def _free(before: _Page, page: _Page, frame: _Frame) -> float | None:
    """Space (mm) under the last line of ``before``, placing its line box as that of the
    first line of ``page`` (which starts at the 版心 top) when both are the same size."""
    if not before.glyphs or not page.glyphs:
        return None
    first = page.glyphs[0]
    last = max(before.glyphs, key=lambda gl: gl.baseline)
    if abs(last.size - first.size) < 0.5:
        below = frame.top + frame.pitch - first.baseline  # baseline → foot of the line box
        return frame.bottom - (last.baseline + below)
    return math.floor((frame.bottom - last.baseline) / frame.pitch) * frame.pitch


def _plan(blocks: Sequence[_Block], pdf: _Pdf, n: int, first: int, empty: bool) -> _Diagnosis:
    """The pitch that brings the chain (and what follows it on its page) back to page n − 1."""
    frame, before, page = pdf.frame, pdf.page(n - 1), pdf.page(n)
    free = _free(before, page, frame) or 0.0
    region: list[tuple[int, int]] = []
    for k, start in _back_on_page(blocks, first, before.band):
        block = blocks[k]
        if not block.grid or block.bordered or block.style == _HEAD_END:
            break  # the 版头 (文号 and red line) and anything off the grid stay as they are
        region.append((k, start))
    lines_before = sum(_block_lines(blocks[k], before, start, frame) for k, start in region)
    # what moves: the chain, the 附注 and other paragraphs after the date on its page, and
    # the empty paragraphs up to the next page break (the last one anchors the 版记)
    moving: list[tuple[int, int]] = []
    pos, banji = 0, 0
    for k in range(first, len(blocks)):
        block = blocks[k]
        if block.kind == "tbl" and block.node.find(f"{w('tblPr')}/{w('tblpPr')}") is not None:
            start = page.band.find(block.text, pos) if block.text else -1
            if start >= 0:  # the 版记 at the foot of this page: its lines
                banji = _lines(page.glyphs[start : start + len(block.text)], frame.pitch)
            continue  # a floating table (the 版记) is not in the flow
        if block.kind != "p" or (block.breaks and k > first):
            break
        if block.text:
            if not page.band.startswith(block.text, pos):
                break
            moving.append((k, pos))
            pos += len(block.text)
        else:
            moving.append((k, -1))
    if not all(blocks[k].grid for k, _ in moving):
        return _Diagnosis(n, True, empty)
    # empty paragraphs at the end (the document's last one, under the 版记) are shrunk to
    # a hairline rather than counted: a full page must not push one onto a blank page
    trailing: list[int] = []
    while moving and moving[-1][1] < 0 and moving[-1][0] > first:
        trailing.append(moving.pop()[0])
    room = free + lines_before * frame.pitch
    total = lines_before + sum(_block_lines(blocks[k], page, s, frame) for k, s in moving)
    if not total:
        return _Diagnosis(n, True, empty)
    needed = room / (total * frame.pitch)
    # The 版记 on that page (floating, at its foot) comes along when there is room for it;
    # where there is not, LibreOffice takes it on to the next page.  Page n (1-based, the
    # page the chain goes back to) odd: the 版记 goes on to the even page n + 1 anyway (the
    # 版记 rule), so aim for room for it but settle for the chain alone.  Page n even: the
    # 版记 alone on page n + 1 would be moved on to n + 2 behind a blank page — worse than
    # keeping the chain on page n + 1 — so the 版记 must fit as well.
    aim = (room - banji * frame.pitch) / (total * frame.pitch) if banji else needed
    must = bool(banji) and n % 2 == 0
    ids = tuple(sorted(k for k, _ in region)) + tuple(k for k, _ in moving)
    return _Diagnosis(
        n, True, empty, aim if must else needed, ids, tuple(trailing), aim=aim, banji_must_come=must
    )


def _block_lines(block: _Block, page: _Page, start: int, frame: _Frame) -> int:
    """Lines a block takes on ``page``: its glyph lines (an empty paragraph: one)."""
    if start < 0 or not block.text:
        return 1
    return _lines(page.glyphs[start : start + len(block.text)], frame.pitch)
