"""§7.3.5.5: 署名 and 成文日期 on the page of the last body text.  署名页调整（两遍排版）。

**The problem.**  The last body paragraph, the 附件说明, the blank lines and the 署名 keep
with next (:mod:`doctemplates.layout.body`, ``layout.closing``), so that a page never
holds only a signature.  When that *closing chain* does not fit in the space left,
LibreOffice (and Word) move all of it to a new page: the page before ends early and,
when the body is short, page 1 is left without any body text, which §7.3.2 forbids.

**What the standard says.**  §7.3.5.5: when the space left cannot hold the signature and
the date, *adjust line and character spacing* so that they stay on the page of the last
body text.  :class:`SignatureFit` is the page rule that does it (``mode="tighten"``):

1. measure the first PDF: the closing chain starts at the top of page *n* while page
   *n − 1* has at least a line free (it was pushed), or page 1 lost its body text;
2. tighten the line pitch of the paragraphs of page *n − 1* (those wholly on it, after
   the 版头) and of what moves back (the chain, the 附注 under the date), all to one pitch,
   just enough, never below :data:`~doctemplates.gbt9704.geometry.SIGNATURE_FIT_MIN_PITCH`
   (0.85) × the grid pitch; every other page keeps the 22-line grid.  Empty paragraphs
   that end the flow become a hairline, so that a full page cannot push one onto a page
   of its own.  The floating 版记 comes along when there is room; when page *n − 1* is
   even it must (alone on the odd page after, the 版记 rule would put a blank page before
   it), when odd it goes on to the even page after anyway;
3. convert again and verify (the chain and the 附注 on page *n − 1*, the 版记 where it had
   to be, page 1 with body text); if not, try once more at the limit; if that fails too,
   restore the grid and keep the chain with the body (``mode="keep"``, the old way) — but
   never leave page 1 without body text: the chain is split so that it starts at the last
   body paragraph (not at its heading), and when even that leaves page 1 empty, after it
   (the 附件说明 and 署名 go on together).

**Why these limits.**  0.85 × the 28.95 pt grid pitch is 24.6 pt for 16 pt text: a leading
of 0.54 em — two thirds of the grid's 0.81 em and still more open than the single spacing
of these faces (about 0.3 em) — and at most three extra lines on the page (22 / 0.85 =
25.9).  Measured on the generated corpus, 0.9 brought back the chain in 2 of the 12
documents whose page 1 had lost its body, 0.85 in 5; lower would make the page visibly
denser than the pages around it.  Character spacing is *not* changed: within −0.5 pt a
line of full-width text gains no character (28 × 15.5 pt + 15.5 pt = 449.5 pt > the
442.2 pt 版心), and 29 字 on a line (≤ −0.75 pt) would break the 28-字 grid that
``check`` enforces — a denser line that buys nothing.

**State lives in the document.**  A page rule sees only ``(docx, pdf)``; what it did is a
bookmark (``doctemplates-signature-fit-…``) in the revised .docx, so that the next pass
can verify and, if needed, fall back — the rule itself holds no state and is shared by
threads.  Styles are found by *name* (署名, 成文日期, 附件说明 …), never by id: an
office-suite save renames ids (issue 12, defect 5).  :func:`signature_fit_report` reads
back what was done, for :class:`~doctemplates.pdf.convert.PdfResult`.
"""

from __future__ import annotations

import ctypes
import math
import re
import unicodedata
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Literal

import pypdfium2 as pdfium
import pypdfium2.raw as raw
from lxml import etree

from doctemplates.gbt9704 import geometry as g
from doctemplates.package import Member, read_package, write_package
from doctemplates.pdf._opc import LazyPackage, main_part, parse_xml, ppr_child, related_parts, w
from doctemplates.pdf._pdfium import PDFIUM_LOCK

__all__ = [
    "SIGNATURE_FIT_MODES",
    "SignatureFit",
    "SignatureFitMode",
    "SignatureFitReport",
    "signature_fit_report",
]

SignatureFitMode = Literal["keep", "tighten"]
#: ``keep``: the chain moves with the last body text (page 1 keeps body text);
#: ``tighten``: line pitch tightened within limits so the chain stays (default).
SIGNATURE_FIT_MODES: tuple[SignatureFitMode, ...] = ("keep", "tighten")

_PROJECT = "doctemplates-"  # the bookmarks the project's page rules leave
_MARKER = _PROJECT + "signature-fit"
_BOOKMARK_ID = "90418"  # beside the 版记 rule's 90417
_DATE = "成文日期"
_CLOSING = frozenset({"附件说明", "附件说明续", "署名", _DATE})
#: Styles of the 版头 and the title block: every other paragraph with text is body text
#: (正文, headings, a 纪要's 出席 list …) as far as §7.3.2 is concerned.
_HEAD = frozenset(
    {"份号", "密级", "紧急程度", "右上角标注", "发文机关标志", "发文字号"}
    | {"公文标题", "副标题", "主送机关", "讲话人"}
)
_HEAD_END = "发文字号"  # the 版头 ends with the 文号 line (its red line is a border)
_PT_TO_MM = g.pt_to_mm(1.0)
_MAX_PAGES = 5000  # as the text verification: a longer PDF is not looked at past this
_SAFETY = 0.995  # LibreOffice rounds line heights to 1/100 mm: aim a little tighter
_HAIRLINE = g.TWIPS_PER_PT  # twips (1 pt): an empty paragraph that ends the flow, shrunk
_FURNITURE = 32  # characters of header / footer a page's text may show before its body


# ------------------------------------------------------------------------ the .docx


def _on(node: etree._Element | None) -> bool | None:
    if node is None:
        return None
    return node.get(w("val"), "true") not in ("0", "false", "off")


@dataclass
class _Styles:
    """Paragraph styles by id: name, keep-with-next, line spacing (resolved through basedOn)."""

    names: dict[str, str] = field(default_factory=dict)
    keep: dict[str, bool] = field(default_factory=dict)
    line: dict[str, tuple[int | None, str | None]] = field(default_factory=dict)
    breaks: dict[str, bool] = field(default_factory=dict)
    pitch: int | None = None  # the grid pitch: docDefaults exact line height (twips)
    default: str | None = None  # id of the default paragraph style

    @classmethod
    def read(cls, root: etree._Element | None) -> _Styles:
        out = cls()
        if root is None:
            return out
        ppr = root.find(f"{w('docDefaults')}/{w('pPrDefault')}/{w('pPr')}")
        spacing = None if ppr is None else ppr.find(w("spacing"))
        base_line, base_rule = _line_of(spacing, (None, None))
        if base_rule == "exact" and base_line:
            out.pitch = base_line
        raw_styles: dict[str, etree._Element] = {}
        for style in root.iter(w("style")):
            sid = style.get(w("styleId"))
            if sid and style.get(w("type")) == "paragraph":
                raw_styles[sid] = style
                if style.get(w("default")) in ("1", "true", "on"):
                    out.default = sid
        for sid in raw_styles:
            out._resolve(sid, raw_styles, (base_line, base_rule), set())
        return out

    def _resolve(
        self,
        sid: str,
        styles: dict[str, etree._Element],
        base: tuple[int | None, str | None],
        seen: set[str],
    ) -> None:
        if sid in self.line or sid in seen:
            return
        seen.add(sid)
        style = styles[sid]
        parent = style.find(w("basedOn"))
        parent_id = None if parent is None else parent.get(w("val"))
        if parent_id in styles:
            self._resolve(parent_id, styles, base, seen)
            keep, line, brk = self.keep[parent_id], self.line[parent_id], self.breaks[parent_id]
        else:
            keep, line, brk = False, base, False
        name = style.find(w("name"))
        self.names[sid] = "" if name is None else name.get(w("val"), "")
        ppr = style.find(w("pPr"))
        here = ppr if ppr is not None else etree.Element(w("pPr"))
        own_keep, own_break = _on(here.find(w("keepNext"))), _on(here.find(w("pageBreakBefore")))
        self.keep[sid] = keep if own_keep is None else own_keep
        self.breaks[sid] = brk if own_break is None else own_break
        self.line[sid] = _line_of(here.find(w("spacing")), line)


def _line_of(
    spacing: etree._Element | None, inherited: tuple[int | None, str | None]
) -> tuple[int | None, str | None]:
    """``(w:line, w:lineRule)`` of a ``w:spacing`` over the inherited pair."""
    if spacing is None:
        return inherited
    line, rule = inherited
    value = spacing.get(w("line"))
    if value is not None:
        line = int(value) if value.lstrip("-").isdigit() else None
        rule = spacing.get(w("lineRule"), "auto")
    elif spacing.get(w("lineRule")) is not None:
        rule = spacing.get(w("lineRule"))
    return line, rule


_SPACE = re.compile(r"\s+")


def _clean(text: str) -> str:
    """Characters that count, as :mod:`doctemplates.pdf.verify` counts them."""
    text = _SPACE.sub("", text)
    if text.isprintable():  # the usual case
        return text
    return "".join(ch for ch in text if unicodedata.category(ch) not in ("Cc", "Cf"))


@dataclass(frozen=True)
class _Block:
    """One child of ``w:body``: a paragraph, a table or the section properties."""

    node: etree._Element
    kind: str  # "p", "tbl", …
    text: str  # cleaned
    style: str  # style *name* ("" for none)
    keep_next: bool
    grid: bool  # exact line height equal to the grid pitch: may be tightened
    breaks: bool  # starts a page or ends a section: the flow does not continue across it
    bordered: bool


def _blocks(body: etree._Element, styles: _Styles) -> list[_Block]:
    out = []
    for node in body:
        kind = etree.QName(node).localname
        text = _clean("".join(t.text or "" for t in node.iter(w("t"))))
        if kind != "p":
            out.append(_Block(node, kind, text, "", False, False, kind == "sectPr", True))
            continue
        ppr = node.find(w("pPr"))
        sid_node = None if ppr is None else ppr.find(w("pStyle"))
        sid = styles.default if sid_node is None else sid_node.get(w("val"))
        sid = sid if sid in styles.names else None
        keep = styles.keep.get(sid, False) if sid else False
        brk = styles.breaks.get(sid, False) if sid else False
        line = styles.line.get(sid, (styles.pitch, "exact")) if sid else (styles.pitch, "exact")
        bordered = False
        if ppr is not None:
            own = _on(ppr.find(w("keepNext")))
            keep = keep if own is None else own
            own = _on(ppr.find(w("pageBreakBefore")))
            brk = brk if own is None else own
            brk = brk or ppr.find(w("sectPr")) is not None
            line = _line_of(ppr.find(w("spacing")), line)
            bordered = ppr.find(w("pBdr")) is not None
        brk = brk or any(b.get(w("type")) == "page" for b in node.iter(w("br")))
        grid = styles.pitch is not None and line == (styles.pitch, "exact")
        name = styles.names.get(sid, "") if sid else ""
        out.append(_Block(node, kind, text, name, keep, grid, brk, bordered))
    return out


def _chain(blocks: Sequence[_Block]) -> tuple[int, int] | None:
    """``(first, date)``: the keep-with-next chain that ends with the 成文日期 paragraph."""
    dates = [i for i, b in enumerate(blocks) if b.style == _DATE and b.text]
    if not dates:
        return None
    date = dates[-1]
    first = date
    while first > 0 and blocks[first - 1].kind == "p" and blocks[first - 1].keep_next:
        if blocks[first - 1].breaks:
            break
        first -= 1
    return first, date


# ------------------------------------------------------------------------------ the PDF


@dataclass(frozen=True)
class _Glyph:
    text: str
    baseline: float  # mm from the paper top
    size: float  # pt


@dataclass(frozen=True)
class _Page:
    """The glyphs of one page inside the 版心 band (by baseline), and their text."""

    glyphs: tuple[_Glyph, ...]
    band: str


class _Pdf:
    """A PDF read lazily: a page's text when asked (cheap), glyph positions only where needed."""

    def __init__(self, pdf: bytes, frame: _Frame) -> None:
        self.frame = frame
        self._doc = pdfium.PdfDocument(pdf)
        self.count = min(len(self._doc), _MAX_PAGES)
        self._open: dict[int, tuple[pdfium.PdfPage, pdfium.PdfTextPage]] = {}
        self._pages: dict[int, _Page] = {}
        self._texts: dict[int, str] = {}

    def _load(self, index: int) -> tuple[pdfium.PdfPage, pdfium.PdfTextPage]:
        if index not in self._open:
            page = self._doc[index]
            self._open[index] = (page, page.get_textpage())
        return self._open[index]

    def text(self, index: int) -> str:
        """All the text of a page, whitespace removed (headers and footers included)."""
        if index not in self._texts:
            self._texts[index] = _clean(self._load(index)[1].get_text_range())
        return self._texts[index]

    def page(self, index: int) -> _Page:
        """The glyphs of a page inside the 版心 band."""
        if index not in self._pages:
            page, textpage = self._load(index)
            low, high = self.frame.top, self.frame.bottom + 0.2 * self.frame.pitch
            glyphs = tuple(
                gl for gl in _glyphs(textpage, page.get_height()) if low < gl.baseline <= high
            )
            self._pages[index] = _Page(glyphs, "".join(gl.text for gl in glyphs))
        return self._pages[index]

    def close(self) -> None:
        for page, textpage in self._open.values():
            textpage.close()
            page.close()
        self._doc.close()

    def __enter__(self) -> _Pdf:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _glyphs(textpage: pdfium.PdfTextPage, height: float) -> Iterator[_Glyph]:
    x, y = ctypes.c_double(), ctypes.c_double()
    pending = ""
    for index in range(raw.FPDFText_CountChars(textpage.raw)):
        if raw.FPDFText_IsGenerated(textpage.raw, index) == 1:
            continue
        code = raw.FPDFText_GetUnicode(textpage.raw, index)
        if 0xD800 <= code < 0xDC00:
            pending = chr(code)
            continue
        if pending:
            text = (
                (pending + chr(code)).encode("utf-16", "surrogatepass").decode("utf-16", "replace")
            )
            pending = ""
        else:
            text = chr(code)
        if text.isspace() or unicodedata.category(text[0]) in ("Cc", "Cf"):
            continue
        raw.FPDFText_GetCharOrigin(textpage.raw, index, x, y)
        size = raw.FPDFText_GetFontSize(textpage.raw, index)
        yield _Glyph(text, (height - y.value) * _PT_TO_MM, size)


def _lines(glyphs: Sequence[_Glyph], pitch: float) -> int:
    """How many text lines ``glyphs`` make (at least one)."""
    count, last = 0, -math.inf
    for base in sorted(gl.baseline for gl in glyphs):
        if base - last > 0.3 * pitch:
            count += 1
        last = base
    return max(count, 1)


# -------------------------------------------------------------------------- diagnosis


@dataclass(frozen=True)
class _Frame:
    """The 版心 of the section holding the signature (mm from the paper top), and the grid."""

    top: float
    bottom: float
    pitch: float  # grid pitch, mm

    @classmethod
    def read(cls, blocks: Sequence[_Block], date: int, pitch: int) -> _Frame | None:
        sect = None
        for block in blocks[date:]:
            here = block.node.find(f"{w('pPr')}/{w('sectPr')}")
            sect = block.node if block.kind == "sectPr" else here
            if sect is not None:
                break
        size = None if sect is None else sect.find(w("pgSz"))
        margins = None if sect is None else sect.find(w("pgMar"))
        if size is None or margins is None:
            return None
        try:
            height = int(size.get(w("h"), "0"))
            top = abs(int(margins.get(w("top"), "0")))
            bottom = abs(int(margins.get(w("bottom"), "0")))
        except ValueError:
            return None
        if not 0 < top < height - bottom:
            return None
        return cls(g.twips_to_mm(top), g.twips_to_mm(height - bottom), g.twips_to_mm(pitch))


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


# ------------------------------------------------------------------------ revising


def _ppr(paragraph: etree._Element) -> etree._Element:
    ppr = paragraph.find(w("pPr"))
    if ppr is None:
        ppr = etree.Element(w("pPr"))
        paragraph.insert(0, ppr)
    return ppr


def _set_line(paragraph: etree._Element, twips: int) -> None:
    ppr = _ppr(paragraph)
    spacing = ppr_child(ppr, "spacing")
    spacing.set(w("line"), str(twips))
    spacing.set(w("lineRule"), "exact")


def _no_keep(paragraph: etree._Element) -> None:
    ppr = _ppr(paragraph)
    keep = ppr.find(w("keepNext"))
    if keep is None:
        keep = etree.Element(w("keepNext"))
        style = ppr.find(w("pStyle"))
        if style is not None:
            style.addnext(keep)
        else:
            ppr.insert(0, keep)
    keep.set(w("val"), "0")


def _mark(root: etree._Element, state: str) -> None:
    """Record ``state`` as a bookmark in the first paragraph of the body."""
    for old in root.iter(w("bookmarkStart")):
        if (old.get(w("name")) or "").startswith(_MARKER):
            old.set(w("name"), f"{_MARKER}-{state}")
            return
    body = root.find(w("body"))
    paragraph = None if body is None else body.find(w("p"))
    if paragraph is None:
        return
    start = etree.Element(w("bookmarkStart"))
    start.set(w("id"), _BOOKMARK_ID)
    start.set(w("name"), f"{_MARKER}-{state}")
    end = etree.Element(w("bookmarkEnd"))
    end.set(w("id"), _BOOKMARK_ID)
    ppr = paragraph.find(w("pPr"))
    at = 0 if ppr is None else 1
    paragraph.insert(at, start)
    paragraph.insert(at + 1, end)


def _revised(root: etree._Element) -> bool:
    """Another page rule of the project has revised the document (its bookmark is there)."""
    return any(
        (node.get(w("name")) or "").startswith(_PROJECT) for node in root.iter(w("bookmarkStart"))
    )


def _state(root: etree._Element) -> str | None:
    for node in root.iter(w("bookmarkStart")):
        name = node.get(w("name")) or ""
        if name.startswith(_MARKER + "-"):
            return name[len(_MARKER) + 1 :]
    return None


@dataclass(frozen=True)
class _Document:
    main: str
    root: etree._Element
    styles: _Styles
    blocks: list[_Block]
    source: bytes = field(repr=False)  # the package, read in full only to write it again

    @classmethod
    def read(cls, docx: bytes) -> _Document | None:
        parts = LazyPackage(docx)  # the main part and the styles only, until it is revised
        main = main_part(parts)
        if main not in parts:
            return None
        names = related_parts(parts, main, "styles")
        styles = _Styles.read(parse_xml(parts[names[0]], names[0]) if names else None)
        root = parse_xml(parts[main], main)
        body = root.find(w("body"))
        if body is None or styles.pitch is None:
            return None
        return cls(main, root, styles, _blocks(body, styles), docx)

    def write(self) -> bytes:
        parts = read_package(self.source)
        parts[self.main] = etree.tostring(
            self.root, xml_declaration=True, encoding="UTF-8", standalone=True
        )
        return write_package([Member.deflate(n, c) for n, c in parts.items()])


def _split(doc: _Document, step: int) -> bool:
    """Let the chain start later: at its last body paragraph (step 1) or after it (step 2)."""
    found = _chain(doc.blocks)
    if found is None:
        return False
    first, date = found
    closing = next((k for k in range(first, date + 1) if doc.blocks[k].style in _CLOSING), date)
    texts = [k for k in range(first, closing) if doc.blocks[k].text]
    if not texts:
        return False
    last = texts[-1]
    stop = last if step == 1 else closing
    if step == 1 and not [k for k in texts if k < last]:
        return False  # nothing before the last paragraph: step 1 changes nothing
    for k in range(first, stop):
        _no_keep(doc.blocks[k].node)
    return True


def _retighten(doc: _Document, twips: int, to: int) -> None:
    """Every line the rule set to ``twips`` set to ``to`` instead."""
    for block in doc.blocks:
        spacing = block.node.find(f"{w('pPr')}/{w('spacing')}") if block.kind == "p" else None
        if spacing is not None and spacing.get(w("line")) == str(twips):
            spacing.set(w("line"), str(to))


def _restore(doc: _Document, twips: int) -> None:
    """Put the grid pitch back where the rule tightened it to ``twips`` (or shrank it)."""
    _retighten(doc, twips, doc.styles.pitch or 0)
    for block in doc.blocks:
        spacing = block.node.find(f"{w('pPr')}/{w('spacing')}") if block.kind == "p" else None
        if spacing is not None and not block.text and spacing.get(w("line")) == str(_HAIRLINE):
            spacing.set(w("line"), str(doc.styles.pitch))


# --------------------------------------------------------------------------- the rule


@dataclass(frozen=True)
class SignatureFit:
    """The §7.3.5.5 page rule (a :class:`~doctemplates.pdf.convert.PageRule`).  署名页调整。

    ``mode``: ``"tighten"`` (default) tightens line pitch within limits and falls back to
    ``"keep"`` when that cannot work; ``"keep"`` keeps the chain with the body as Word
    does, splitting it only so that page 1 keeps body text (§7.3.2).  ``min_pitch`` is
    the lowest line pitch allowed, as a share of the grid pitch.
    """

    mode: SignatureFitMode = "tighten"
    min_pitch: float = g.SIGNATURE_FIT_MIN_PITCH

    def __call__(self, docx: bytes, pdf: bytes) -> bytes | None:
        doc = _Document.read(docx)
        state = None if doc is None else _state(doc.root)
        if doc is None or state in ("kept", "split2"):
            return None
        seen = _look(doc, pdf)
        if seen is None:
            return None
        if state is None:
            # a first look only on the first pass: once another rule (the 版记's) has revised
            # the document, the chain was found where it belongs then
            return None if _revised(doc.root) else self._first(doc, seen)
        return self._verify(doc, seen, state)

    def _first(self, doc: _Document, seen: _Diagnosis) -> bytes | None:
        """First look: tighten (within limits) or keep, so that page 1 keeps body text."""
        if not seen.pushed or not seen.together:
            return None
        pitch = doc.styles.pitch or 0
        if self.mode == "tighten" and seen.needed and seen.needed >= self.min_pitch:
            aim = min(seen.needed, seen.aim or seen.needed)
            twips = max(math.floor(pitch * aim * _SAFETY), self._limit(pitch))
            if twips >= pitch:
                return None  # it should fit as it is: nothing the pitch can explain
            for k in seen.region:
                _set_line(doc.blocks[k].node, twips)
            for k in seen.trailing:
                _set_line(doc.blocks[k].node, _HAIRLINE)
            flags = ("-empty" if seen.first_page_empty else "") + (
                "-banji" if seen.banji_must_come else ""
            )
            _mark(doc.root, f"tighten-{twips}{flags}")
            return doc.write()
        return _keep(doc, seen.first_page_empty)

    def _limit(self, pitch: int) -> int:
        return math.ceil(pitch * self.min_pitch)

    def _verify(self, doc: _Document, seen: _Diagnosis, state: str) -> bytes | None:
        """Later looks: did the tightening (or the split) work?  Otherwise try the limit once,
        then fall back."""
        if state.startswith("tighten-"):
            banji = seen.banji_here or "-banji" not in state
            if not seen.pushed and not seen.first_page_empty and seen.together and banji:
                return None
            twips, limit = int(state.split("-")[1]), self._limit(doc.styles.pitch or 0)
            if twips > limit and "-again" not in state:  # the estimate was short: the limit
                _retighten(doc, twips, limit)
                _mark(doc.root, state.replace(f"-{twips}", f"-{limit}", 1) + "-again")
                return doc.write()
            return _keep(doc, "-empty" in state, tightened=state)
        if state == "split1" and seen.first_page_empty and _split(doc, 2):
            _mark(doc.root, "split2")
            return doc.write()
        return None


def _look(doc: _Document, pdf: bytes) -> _Diagnosis | None:
    found = _chain(doc.blocks)
    pitch = doc.styles.pitch
    frame = None if found is None or not pitch else _Frame.read(doc.blocks, found[1], pitch)
    if frame is None:
        return None
    with PDFIUM_LOCK, _Pdf(pdf, frame) as pages:  # PDFium is not thread-safe
        return _diagnose(doc.blocks, pages)


def _keep(doc: _Document, empty: bool, tightened: str | None = None) -> bytes | None:
    """The chain stays with the body; page 1 keeps body text (split the chain if needed)."""
    if tightened is not None:
        _restore(doc, int(tightened.split("-")[1]))
    if empty and _split(doc, 1):
        _mark(doc.root, "split1")
    elif empty and _split(doc, 2):
        _mark(doc.root, "split2")
    elif tightened is not None:
        _mark(doc.root, "kept")
    else:
        return None
    return doc.write()


# ----------------------------------------------------------------------------- report


@dataclass(frozen=True)
class SignatureFitReport:
    """What the §7.3.5.5 rule did to a document.  署名页调整结果。

    ``action``: ``tightened`` (line pitch ``pitch`` × the grid, the chain on page
    ``page``), ``kept`` (the chain went to page ``page`` with the last body text),
    ``split`` (page 1 keeps body text; the chain starts later, on page ``page``), or
    ``none`` (nothing was needed).
    """

    mode: SignatureFitMode
    action: Literal["none", "tightened", "kept", "split"]
    page: int | None = None
    pitch: float | None = None  # share of the grid pitch
    points: float | None = None  # the tightened line pitch in pt

    def describe(self) -> str:
        """One Chinese sentence for the render report."""
        if self.action == "tightened" and self.pitch is not None:
            return (
                f"署名页调整（§7.3.5.5）：第{self.page}页行距收紧为标准行距的 {self.pitch:.1%}"
                f"（{self.points:.1f} 磅），署名、成文日期与正文同页"
            )
        if self.action == "kept":
            why = "按 --signature-fit keep" if self.mode == "keep" else "行距收紧到下限仍放不下"
            return (
                f"署名页调整（§7.3.5.5）：{why}，署名、成文日期与正文最后一段"
                f"一同排在第{self.page}页"
            )
        if self.action == "split":
            return (
                "署名页调整（§7.3.2、§7.3.5.5）：首页须有正文，署名、成文日期不再带走全部正文，"
                f"排在第{self.page}页"
            )
        return "署名页调整：无需调整"


def signature_fit_report(docx: bytes, pdf: bytes, mode: SignatureFitMode) -> SignatureFitReport:
    """What :class:`SignatureFit` did, read from the converted .docx and its PDF."""
    doc = _Document.read(docx)
    state = None if doc is None else _state(doc.root)
    seen = None if doc is None else _look(doc, pdf)
    page = None if seen is None else seen.page + 1
    if doc is not None and state and state.startswith("tighten-") and doc.styles.pitch:
        twips = int(state.split("-")[1])
        return SignatureFitReport(
            mode, "tightened", page, twips / doc.styles.pitch, twips / g.TWIPS_PER_PT
        )
    if state in ("split1", "split2"):
        return SignatureFitReport(mode, "split", page)
    if state == "kept" or (seen is not None and seen.pushed):
        return SignatureFitReport(mode, "kept", page)
    return SignatureFitReport(mode, "none", page)
