"""Does the PDF hold exactly the text of its .docx?  PDF 与 .docx 文字一致性校验。

Every PDF the project writes is compared with the .docx it came from (issue 12):
the text of the PDF in reading order, whitespace ignored, must equal the text of
the document — body, tables, the floating 版记, text boxes, footnotes, headers
and footers (their page-number fields excepted).  A difference names the page
and shows the context, ``…方式[，]是听取…``.

>>> d = TextDifference("missing", 1, "，", "", "…方式[，]是听取…")
>>> str(d)
'第1页缺少「，」：…方式[，]是听取…'

**The .docx side** (:func:`docx_text`) walks the main document in document order
with lxml: runs' ``w:t``; ``w:tab``/``w:br`` are whitespace; field codes are
skipped; results of fields the office suite recomputes (``PAGE``, ``NUMPAGES``,
``DATE`` …), footnote references and automatic numbering labels become
*wildcards* that match a few characters of anything; hidden runs (``w:vanish``),
deleted text and the fallback copy of ``mc:AlternateContent`` are left out.
Floating content (floating tables such as the 版记, text boxes, framed
paragraphs, footnotes) are separate stories: the PDF may paint them anywhere.
Headers and footers are *furniture*: found on a page at most once each, and
those of page 1 must be there.  Table rows marked ``w:tblHeader`` may repeat on
every page the table continues on.

**The PDF side** (:func:`pdf_pages`) reads each page with pypdfium2 (PDFium) in
content order — the order the producer painted the text, which for LibreOffice
and Word is document order, also on landscape and rotated pages and inside
table cells that wrap.  Only when that order disagrees is the text also read in
geometric order (lines by orientation, top to bottom, left to right, diagonal
watermark text dropped) and the closer reading kept.  pypdfium2 rather than
pdfplumber: the same text in 11–13 ms instead of 125–170 ms for a 3–8 page
document, which keeps the check under 10 % of the conversion (benchmarks/pdf_bench.py).

**The comparison** is a resynchronising scan rather than :mod:`difflib`:
``SequenceMatcher`` without its junk heuristic is quadratic on CJK text (the
same few hundred characters repeat), with it it ignores exactly the marks that
go missing.  The scan walks both texts; at a mismatch it looks for the nearest
point (within a window) where both continue alike, and reports what it skipped.
Cost is linear for equal texts and bounded for hostile ones.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from doctemplates.pdf.errors import PdfTextMismatchError
from doctemplates.pdf.verifydocx import docx_text
from doctemplates.pdf.verifypdf import (
    PdfPage,
    pdf_pages,
)
from doctemplates.pdf.verifytext import (
    _ANCHOR,
    _CONTEXT,
    _GENERIC_CLASS,
    _MAX_DIFFERENCES,
    _NO_WILDS,
    _NUMBER_CLASS,
    _WILDS,
    _WINDOW,
    NUMBER,
    WILD,
    WILD_SPAN,
    DocxText,
    Furniture,
    TextComparison,
    TextDifference,
    _show,
)

__all__ = [
    "DocxText",
    "Furniture",
    "PdfPage",
    "TextComparison",
    "TextDifference",
    "compare_text",
    "docx_text",
    "pdf_pages",
    "verify_text",
]

# --------------------------------------------------------------------------- furniture


def _pattern(story: str) -> re.Pattern[str]:
    """A regex for furniture text: wildcards become character classes."""
    pieces = []
    for ch in story:
        if ch == NUMBER:
            pieces.append(_NUMBER_CLASS)
        elif ch == WILD:
            pieces.append(_GENERIC_CLASS)
        else:
            pieces.append(re.escape(ch))
    return re.compile("".join(pieces))


@dataclass
class _Text:
    """The PDF text being consumed: characters and the page of each."""

    chars: str
    pages: list[int]

    def cut(self, start: int, end: int) -> None:
        self.chars = self.chars[:start] + self.chars[end:]
        del self.pages[start:end]


def _take(text: str, pattern: re.Pattern[str], last: bool) -> tuple[str, bool]:
    """``text`` without the first (or last) non-empty match of ``pattern``."""
    found = None
    for match in pattern.finditer(text):
        if match.group():
            found = match
            if not last:
                break
    if found is None:
        return text, False
    return text[: found.start()] + text[found.end() :], True


def _strip_furniture(pages: Sequence[str], doc: DocxText) -> tuple[list[str], list[TextDifference]]:
    """Remove headers, footers and repeated table heads from each page."""
    patterns = [(f, _pattern(f.text)) for f in doc.furniture]
    seen_on_first: set[str] = set()
    repeats = dict.fromkeys(doc.repeats, False)
    out = []
    for number, text in enumerate(pages, start=1):
        for item, pattern in patterns:
            if item.first_only and number > 1:
                continue
            # headers are painted (and read) first on a page, footers last
            text, taken = _take(text, pattern, last=not item.top)
            if taken and number == 1:
                seen_on_first.add(item.text)
        for heading, seen in repeats.items():
            at = text.find(heading)
            if at >= 0 and seen:
                text = text[:at] + text[at + len(heading) :]
            elif at >= 0:
                repeats[heading] = True
        out.append(text)
    missing = [
        TextDifference("missing", 1, story, "", f"页眉或页脚「{_show(story)}」")
        for story in doc.first_page
        if story not in seen_on_first and pages
    ]
    return out, missing


def _place_floats(doc: DocxText, text: _Text) -> str:
    """Take each floating story out of the PDF text where found; the rest stays in the flow."""
    expected = []
    for kind, story in doc.body:
        if kind == "float":
            if WILD in story or NUMBER in story:
                match = _pattern(story).search(text.chars)
                span = (match.start(), match.end()) if match and match.group() else None
            else:
                at = text.chars.rfind(story)
                span = (at, at + len(story)) if at >= 0 else None
            if span is not None:
                text.cut(*span)
                continue
        expected.append(story)
    return "".join(expected)


# -------------------------------------------------------------------------- comparing


def _wild_only(segment: str) -> bool:
    return bool(segment) and all(ch in _WILDS for ch in segment)


def _anchor(text: str, start: int) -> str:
    """Up to :data:`_ANCHOR` characters from ``start``, cut before a wildcard."""
    piece = text[start : start + _ANCHOR]
    for index, ch in enumerate(piece):
        if ch in _WILDS:
            return piece[:index]
    return piece


def _resync(expected: str, actual: str, i: int, j: int) -> tuple[int, int] | None:
    """The smallest skips ``(a, b)`` after which both texts agree again."""
    best: tuple[int, int] | None = None
    limit = _WINDOW
    for a in range(0, min(limit, len(expected) - i) + 1):
        if best is not None and a >= sum(best):
            break
        probe = _anchor(expected, i + a)
        if not probe:
            if i + a >= len(expected):
                candidate = (a, len(actual) - j)
                best = candidate if best is None or sum(candidate) < sum(best) else best
            continue
        at = actual.find(probe, j, j + limit + len(probe))
        if at >= 0 and (best is None or a + at - j < sum(best)):
            best = (a, at - j)
    return best


def _visible(text: str) -> str:
    return text.replace(WILD, "…").replace(NUMBER, "#")


def _around(text: str, start: int, end: int, inner: str) -> str:
    """``…before[inner]after…`` with :data:`_CONTEXT` characters each side."""
    before = _visible(text[max(0, start - _CONTEXT) : start])
    after = _visible(text[end : end + _CONTEXT])
    return f"…{before}[{inner}]{after}…"


def _difference(
    expected: str, text: _Text, i: int, j: int, a: int, b: int
) -> TextDifference | None:
    """The difference of skipping ``expected[i:i+a]`` and ``text[j:j+b]``, unless a wildcard."""
    gone, added = expected[i : i + a], text.chars[j : j + b]
    if _wild_only(gone) and b <= WILD_SPAN * len(gone):
        return None
    next_to_wild = (i > 0 and expected[i - 1] in _WILDS) or (
        i < len(expected) and expected[i] in _WILDS
    )
    if not gone and b <= WILD_SPAN and next_to_wild:
        return None
    page = text.pages[min(j, len(text.pages) - 1)] if text.pages else None
    if not added:
        return TextDifference("missing", page, gone, "", _around(expected, i, i + a, _show(gone)))
    if not gone:
        return TextDifference("extra", page, "", added, _around(text.chars, j, j + b, _show(added)))
    inner = f"{_show(gone)}→{_show(added)}"
    return TextDifference("changed", page, gone, added, _around(expected, i, i + a, inner))


def _scan(expected: str, text: _Text) -> tuple[list[TextDifference], bool]:
    differences: list[TextDifference] = []
    actual = text.chars
    i = j = 0
    while i < len(expected) or j < len(actual):
        # fast forward over the agreeing stretch
        while i < len(expected) and j < len(actual) and expected[i] == actual[j]:
            i, j = i + 1, j + 1
        if i >= len(expected) and j >= len(actual):
            break
        skip = _resync(expected, actual, i, j)
        if skip is None:  # nothing agrees within the window: report the rest at once
            skip = (len(expected) - i, len(actual) - j)
        a, b = skip
        found = _difference(expected, text, i, j, a, b)
        if found is not None:
            differences.append(found)
            if len(differences) >= _MAX_DIFFERENCES:
                return differences, True
        i, j = i + a, j + b
    return differences, False


def _compare(doc: DocxText, pages: Sequence[str], reading: str) -> TextComparison:
    stripped, missing = _strip_furniture(pages, doc)
    numbers = [n for n, page in enumerate(stripped, start=1) for _ in page]
    text = _Text("".join(stripped), numbers)
    expected = _place_floats(doc, text)
    if expected == text.chars:
        found: list[TextDifference] = []
        truncated = False
    else:
        found, truncated = _scan(expected, text)
    return TextComparison(
        tuple(missing + found),
        len(doc.flow.translate(_NO_WILDS)),
        sum(len(page) for page in pages),
        reading,
        truncated,
    )


def _weight(result: TextComparison) -> int:
    return sum(max(len(d.expected), len(d.actual)) for d in result.differences)


def compare_text(docx: bytes | DocxText, pdf: bytes) -> TextComparison:
    """Compare the text of ``pdf`` with that of ``docx``.  比对 PDF 与 .docx 的文字。"""
    doc = docx if isinstance(docx, DocxText) else docx_text(docx)
    pages = pdf_pages(pdf)
    result = _compare(doc, [p.content for p in pages], "content")
    if result.ok:
        return result
    pages = pdf_pages(pdf, geometric=True)
    other = _compare(doc, [p.geometric or "" for p in pages], "geometric")
    return other if _weight(other) < _weight(result) else result


def verify_text(docx: bytes, pdf: bytes) -> TextComparison:
    """Raise :class:`PdfTextMismatchError` unless ``pdf`` shows exactly the text of ``docx``."""
    result = compare_text(docx, pdf)
    if not result.ok:
        raise PdfTextMismatchError(result.describe(), result)
    return result
