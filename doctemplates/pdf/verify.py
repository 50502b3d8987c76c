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

import ctypes
import functools
import math
import re
import unicodedata
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Literal

import pypdfium2 as pdfium
import pypdfium2.raw as raw
from lxml import etree

from doctemplates.errors import DataError
from doctemplates.pdf._opc import (
    LazyPackage,
    main_part,
    parse_xml,
    related_parts,
    relationship_ids,
    w,
)
from doctemplates.pdf._pdfium import PDFIUM_LOCK
from doctemplates.pdf.errors import PdfTextMismatchError

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

#: A wildcard in the expected text: up to :data:`WILD_SPAN` characters of anything.
WILD = "\x00"
#: A page-number wildcard (``PAGE``, ``NUMPAGES`` …): 1–8 digits, letters or Chinese numerals.
NUMBER = "\x01"
WILD_SPAN = 24
_WILDS = WILD + NUMBER
_NO_WILDS = dict.fromkeys(map(ord, _WILDS))
_NUMBER_CLASS = "[0-9A-Za-z一二三四五六七八九十百千〇零]{1,8}"
_GENERIC_CLASS = f".{{0,{WILD_SPAN}}}?"

_MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
_R_ID = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
_M_T = "{http://schemas.openxmlformats.org/officeDocument/2006/math}t"
_NUMERIC_FIELDS = frozenset({"PAGE", "NUMPAGES", "SECTIONPAGES", "PAGEREF", "SECTION", "NOTEREF"})
#: Fields whose stored result LibreOffice and Word show as it is.
_LITERAL_FIELDS = frozenset({"HYPERLINK", "REF", "TOC", "SEQ", "FORMTEXT", "STYLEREF", "QUOTE"})
#: Elements whose content is never shown.
_SKIP = frozenset(
    w(n)
    for n in (
        "delInstrText",
        "delText",
        "del",
        "moveFrom",
        "sdtPr",
        "sectPr",
        "rPr",
        "pPr",
        "tblPr",
        "trPr",
        "tcPr",
        "commentReference",
        "annotationRef",
        "fldData",
    )
) | {f"{{{_MC}}}Fallback"}

_MAX_PAGES = 5000
_MAX_CHARS = 5_000_000
_MAX_DIFFERENCES = 20
_ANCHOR = 12
_WINDOW = 3000
_CONTEXT = 10


# --------------------------------------------------------------------------- results


@dataclass(frozen=True)
class TextDifference:
    """One place where the PDF differs from the .docx.  一处不一致。

    ``kind``: ``missing`` (in the .docx, not in the PDF), ``extra`` (in the PDF
    only) or ``changed``; ``page`` is 1-based (None when unknown).
    """

    kind: Literal["missing", "extra", "changed"]
    page: int | None
    expected: str
    actual: str
    context: str

    def __str__(self) -> str:
        where = f"第{self.page}页" if self.page else "文末"
        if self.kind == "missing":
            what = f"缺少「{_show(self.expected)}」"
        elif self.kind == "extra":
            what = f"多出「{_show(self.actual)}」"
        else:
            what = f"「{_show(self.expected)}」变为「{_show(self.actual)}」"
        return f"{where}{what}：{self.context}"


@dataclass(frozen=True)
class TextComparison:
    """The result of :func:`compare_text`.  比对结果。"""

    differences: tuple[TextDifference, ...]
    docx_chars: int  # characters the .docx shows (wildcards not counted)
    pdf_chars: int  # characters on the PDF pages, headers and footers included
    reading: str = "content"  # "content" or "geometric": which PDF reading matched best
    truncated: bool = False  # more differences than reported

    @property
    def ok(self) -> bool:
        return not self.differences

    def describe(self, limit: int = 5) -> str:
        """One Chinese sentence listing the first ``limit`` differences."""
        shown = "；".join(str(d) for d in self.differences[:limit])
        more = len(self.differences) - limit
        tail = f"；另有 {more} 处" if more > 0 else ""
        tail += "（之后未再比对）" if self.truncated else ""
        return f"PDF 文字与 .docx 不一致（共 {len(self.differences)} 处）：{shown}{tail}"


def _show(text: str) -> str:
    text = text.replace(WILD, "…").replace(NUMBER, "#")
    return text if len(text) <= 20 else text[:19] + "…"


# ----------------------------------------------------------------------- .docx text


@dataclass(frozen=True)
class Furniture:
    """Header or footer text (页眉页脚): at most once per page, at its top or bottom.

    ``first_only``: a first-page header/footer of the first section (page 1 only).
    """

    text: str
    top: bool
    first_only: bool = False


@dataclass(frozen=True)
class DocxText:
    """The stories of a .docx, whitespace removed.  文档文字（去掉空白）。

    ``body`` is the main flow as ``(kind, text)`` in document order, ``kind``
    ``"text"`` or ``"float"`` (floating tables, text boxes, frames, notes).
    ``furniture`` are the headers and footers shown; ``first_page`` the texts
    page 1 must show; ``repeats`` the table heading rows a page may repeat.
    """

    body: tuple[tuple[str, str], ...]
    furniture: tuple[Furniture, ...] = ()
    first_page: tuple[str, ...] = ()
    repeats: tuple[str, ...] = ()

    @property
    def flow(self) -> str:
        """Body and floating stories in document order."""
        return "".join(text for _, text in self.body)


_SPACE = re.compile(r"\s+")


def _clean(text: str) -> str:
    """Characters that count: no whitespace, no control or format characters."""
    text = _SPACE.sub("", text)
    if text.isprintable():  # the usual case
        return text
    return "".join(
        ch for ch in text if not ch.isspace() and unicodedata.category(ch) not in ("Cc", "Cf")
    )


def _on(node: etree._Element | None) -> bool:
    return node is not None and node.get(w("val"), "true") not in ("0", "false", "off")


@functools.lru_cache(maxsize=16)
def _styles(data: bytes | None) -> _Styles:
    """The style facts of a styles part; documents of one template share them."""
    return _Styles.read(data)


@dataclass
class _Styles:
    """What the walk needs from styles.xml: hidden character styles, numbered paragraph styles."""

    hidden: frozenset[str] = frozenset()
    numbered: frozenset[str] = frozenset()
    default_para: str | None = None

    @classmethod
    def read(cls, data: bytes | None) -> _Styles:
        if data is None:
            return cls()
        root = parse_xml(data, "styles")
        based: dict[str, str] = {}
        hidden: set[str] = set()
        numbered: dict[str, bool] = {}
        default = None
        for style in root.iter(w("style")):
            sid = style.get(w("styleId")) or ""
            parent = style.find(w("basedOn"))
            if parent is not None:
                based[sid] = parent.get(w("val")) or ""
            if _on(style.find(f"{w('rPr')}/{w('vanish')}")):
                hidden.add(sid)
            num = style.find(f"{w('pPr')}/{w('numPr')}/{w('numId')}")
            if num is not None:
                numbered[sid] = num.get(w("val")) not in (None, "0")
            if style.get(w("type")) == "paragraph" and style.get(w("default")) in ("1", "true"):
                default = sid

        def inherits(sid: str, table: dict[str, bool]) -> bool:
            seen: set[str] = set()
            while sid and sid not in seen:
                seen.add(sid)
                if sid in table:
                    return table[sid]
                sid = based.get(sid, "")
            return False

        hidden_map = dict.fromkeys(hidden, True)
        return cls(
            frozenset(s for s in based.keys() | hidden if inherits(s, hidden_map)),
            frozenset(s for s in based.keys() | numbered.keys() if inherits(s, numbered)),
            default,
        )


@dataclass
class _Field:
    mode: str = "code"  # "code" until w:fldChar separate, then "result"
    code: str = ""
    shown: str = "literal"  # how its result shows: literal | wild | number


@dataclass
class _Story:
    parts: list[str] = field(default_factory=list)

    def add(self, text: str) -> None:
        if text:
            self.parts.append(text)

    @property
    def text(self) -> str:
        return "".join(self.parts)


def _field_kind(code: str) -> str:
    words = code.split()
    name = words[0].upper().lstrip("\\") if words else ""
    if name in _NUMERIC_FIELDS:
        return "number"
    if name in _LITERAL_FIELDS or not name:
        return "literal"
    return "wild"


def _wildcard(kind: str) -> str:
    return NUMBER if kind == "number" else WILD


class _Walker:
    """Collects the text of one part in document order (see the module docstring)."""

    def __init__(self, styles: _Styles) -> None:
        self.styles = styles
        self.floats: list[str] = []
        self.repeats: list[str] = []
        self.fields: list[_Field] = []
        self.in_float = False

    # -- fields ---------------------------------------------------------------
    def _shown(self, fields: list[_Field] | None = None) -> str:
        """How text at this point shows: hidden (field code), wild, number or literal."""
        for fld in self.fields if fields is None else fields:
            if fld.mode == "code":
                return "hidden"
            if fld.shown != "literal":
                return fld.shown
        return "literal"

    def _fld_char(self, node: etree._Element, story: _Story) -> None:
        kind = node.get(w("fldCharType"))
        if kind == "begin":
            self.fields.append(_Field())
        elif kind == "separate" and self.fields and self.fields[-1].mode == "code":
            fld = self.fields[-1]
            fld.mode, fld.shown = "result", _field_kind(fld.code)
            if fld.shown != "literal" and self._shown(self.fields[:-1]) == "literal":
                story.add(_wildcard(fld.shown))
        elif kind == "end" and self.fields:
            fld = self.fields.pop()
            shown = _field_kind(fld.code)
            # a field without a stored result: the office suite computes one
            if fld.mode == "code" and shown != "literal" and self._shown() == "literal":
                story.add(_wildcard(shown))

    def _instr(self, node: etree._Element, story: _Story) -> None:
        if self.fields and self.fields[-1].mode == "code":
            self.fields[-1].code += node.text or ""

    def _simple_field(self, node: etree._Element, story: _Story) -> None:
        kind = _field_kind(node.get(w("instr")) or "")
        if kind == "literal":
            self.walk(node, story)
        elif self._shown() == "literal":
            story.add(_wildcard(kind))

    # -- walking --------------------------------------------------------------
    def visit(self, node: etree._Element, story: _Story) -> None:
        tag = node.tag
        if not isinstance(tag, str) or tag in _SKIP:
            return
        handler = _HANDLERS.get(tag)
        if handler is None:
            self.walk(node, story)
        else:
            handler(self, node, story)

    def walk(self, node: etree._Element, story: _Story) -> None:
        for child in node:
            self.visit(child, story)

    def _t(self, node: etree._Element, story: _Story) -> None:
        if self._shown() == "literal":
            story.add(_clean(node.text or ""))

    def _run(self, node: etree._Element, story: _Story) -> None:
        rpr = node.find(w("rPr"))
        if rpr is not None:
            if _on(rpr.find(w("vanish"))) or _on(rpr.find(w("specVanish"))):
                return
            style = rpr.find(w("rStyle"))
            if style is not None and style.get(w("val")) in self.styles.hidden:
                return
        self.walk(node, story)

    def _paragraph(self, node: etree._Element, story: _Story) -> None:
        ppr = node.find(w("pPr"))
        if ppr is not None and ppr.find(w("framePr")) is not None and not self.in_float:
            self._float(lambda inner: self._paragraph(node, inner))
            return
        if self._numbered(ppr):
            story.add(WILD)  # an automatic numbering label
        self.walk(node, story)

    def _numbered(self, ppr: etree._Element | None) -> bool:
        num = None if ppr is None else ppr.find(f"{w('numPr')}/{w('numId')}")
        if num is not None:
            return num.get(w("val")) not in (None, "0")
        style = None if ppr is None else ppr.find(w("pStyle"))
        sid = style.get(w("val")) if style is not None else self.styles.default_para
        return sid in self.styles.numbered

    def _table(self, node: etree._Element, story: _Story) -> None:
        tblpr = node.find(w("tblPr"))
        if tblpr is not None and tblpr.find(w("tblpPr")) is not None and not self.in_float:
            self._float(lambda inner: self._rows(node, inner))
        else:
            self._rows(node, story)

    def _rows(self, table: etree._Element, story: _Story) -> None:
        heading = _Story()
        for child in table:
            if child.tag != w("tr"):
                self.visit(child, story)
                continue
            row = _Story()
            self.walk(child, row)
            story.add(row.text)
            if _on(child.find(f"{w('trPr')}/{w('tblHeader')}")):
                heading.add(row.text)
        if heading.text:
            self.repeats.append(heading.text)

    def _textbox(self, node: etree._Element, story: _Story) -> None:
        if self.in_float:
            self.walk(node, story)
        else:
            self._float(lambda inner: self.walk(node, inner))

    def _float(self, fill: Callable[[_Story], None]) -> None:
        """Walk a floating element into a story of its own."""
        inner = _Story()
        saved, self.fields, self.in_float = self.fields, [], True
        try:
            fill(inner)
        finally:
            self.fields, self.in_float = saved, False
        if inner.text:
            self.floats.append(inner.text)

    def _alternate(self, node: etree._Element, story: _Story) -> None:
        choice = node.find(f"{{{_MC}}}Choice")
        self.walk(choice if choice is not None else node, story)

    def _wild(self, node: etree._Element, story: _Story) -> None:
        if self._shown() == "literal":
            story.add(WILD)

    def _number(self, node: etree._Element, story: _Story) -> None:
        if self._shown() == "literal":
            story.add(NUMBER)

    def _math(self, node: etree._Element, story: _Story) -> None:
        if self._shown() == "literal" and _clean(node.text or ""):
            story.add(WILD)  # equations are drawn, their text layer varies


_HANDLERS: dict[str, Callable[[_Walker, etree._Element, _Story], None]] = {
    w("t"): _Walker._t,
    w("instrText"): _Walker._instr,
    w("fldChar"): _Walker._fld_char,
    w("fldSimple"): _Walker._simple_field,
    w("r"): _Walker._run,
    w("p"): _Walker._paragraph,
    w("tbl"): _Walker._table,
    w("txbxContent"): _Walker._textbox,
    f"{{{_MC}}}AlternateContent": _Walker._alternate,
    w("sym"): _Walker._wild,
    w("noBreakHyphen"): _Walker._wild,
    w("footnoteReference"): _Walker._number,
    w("endnoteReference"): _Walker._number,
    w("footnoteRef"): _Walker._number,
    w("endnoteRef"): _Walker._number,
    w("pgNum"): _Walker._number,
    _M_T: _Walker._math,
}


def _body(root: etree._Element, walker: _Walker) -> list[tuple[str, str]]:
    """``(kind, text)`` of the main document in order; a float follows its block."""
    container = root.find(w("body"))
    items: list[tuple[str, str]] = []
    for child in container if container is not None else root:
        story = _Story()
        before = len(walker.floats)
        walker.visit(child, story)
        items.append(("text", story.text))
        items.extend(("float", text) for text in walker.floats[before:])
    return [(kind, text) for kind, text in items if text]


def _furniture(parts: Mapping[str, bytes], name: str, styles: _Styles) -> str:
    """Text of a header or footer part, its floating content included."""
    walker = _Walker(styles)
    story = _Story()
    walker.walk(parse_xml(parts[name], name), story)
    return story.text + "".join(walker.floats)


def _notes(
    parts: Mapping[str, bytes], main: str, root: etree._Element, styles: _Styles
) -> list[str]:
    """Text of each real footnote and endnote the document refers to (separators are not
    notes; a note no ``w:footnoteReference``/``w:endnoteReference`` points at is not shown)."""
    out = []
    for kind in ("footnotes", "endnotes"):
        cited = {ref.get(w("id")) for ref in root.iter(w(f"{kind[:-1]}Reference"))}
        for name in related_parts(parts, main, kind):
            for note in parse_xml(parts[name], name):
                if note.get(w("type")) in (None, "normal") and note.get(w("id")) in cited:
                    story = _Story()
                    _Walker(styles).walk(note, story)
                    if story.text:
                        out.append(story.text)
    return out


def _references(sect: etree._Element) -> dict[tuple[str, str], str]:
    """``{("header", "default"): rId, …}`` of one ``w:sectPr``."""
    refs = {}
    for ref in sect:
        local = etree.QName(ref).localname
        if local in ("headerReference", "footerReference"):
            refs[(local[:6], ref.get(w("type"), "default"))] = ref.get(_R_ID) or ""
    return refs


def _shown_furniture(
    body: etree._Element | None, ids: Mapping[str, str], even_odd: bool
) -> tuple[dict[str, tuple[str, bool]], list[str]]:
    """Parts shown as headers/footers: ``{part: (kind, first_only)}``, and page 1's parts."""
    shown: dict[str, tuple[str, bool]] = {}
    page_one: list[str] = []
    sections = [] if body is None else list(body.iter(w("sectPr")))
    for index, sect in enumerate(sections):
        title_page = _on(sect.find(w("titlePg")))
        for (kind, kind_type), rid in _references(sect).items():
            name = ids.get(rid)
            if name is None or (kind_type == "even" and not even_odd):
                continue
            if kind_type == "first" and not title_page:
                continue
            first_only = kind_type == "first" and index == 0
            if name in shown:
                first_only = first_only and shown[name][1]
            shown[name] = (kind, first_only)
            if index == 0 and kind_type == ("first" if title_page else "default"):
                page_one.append(name)
    return shown, page_one


def _even_and_odd(parts: Mapping[str, bytes], main: str) -> bool:
    settings = related_parts(parts, main, "settings")
    if not settings:
        return False
    return _on(parse_xml(parts[settings[0]], settings[0]).find(w("evenAndOddHeaders")))


def docx_text(docx: bytes) -> DocxText:
    """The text a PDF of ``docx`` must show, as stories.  读取 .docx 应显示的文字。"""
    parts = LazyPackage(docx)
    main = main_part(parts)
    if main not in parts:
        raise DataError("文件不是 Word 文档（.docx 中没有正文部件）")
    styles_part = related_parts(parts, main, "styles")
    styles = _styles(parts[styles_part[0]] if styles_part else None)
    root = parse_xml(parts[main], main)
    walker = _Walker(styles)
    body = _body(root, walker) + [("float", n) for n in _notes(parts, main, root, styles)]
    shown, page_one = _shown_furniture(
        root.find(w("body")), relationship_ids(parts, main), _even_and_odd(parts, main)
    )
    texts = {name: _furniture(parts, name, styles) for name in shown}
    furniture = {
        Furniture(texts[name], kind == "header", first_only)
        for name, (kind, first_only) in shown.items()
        if texts[name]
    }
    return DocxText(
        body=tuple(body),
        furniture=tuple(sorted(furniture, key=lambda f: (not f.top, f.first_only, f.text))),
        first_page=tuple(dict.fromkeys(texts[n] for n in page_one if texts[n])),
        repeats=tuple(dict.fromkeys(walker.repeats)),
    )


# ------------------------------------------------------------------------- PDF text


@dataclass(frozen=True)
class PdfPage:
    """The text of one PDF page, whitespace removed, in two readings.  PDF 页面文字。

    ``content`` is in painting order; ``geometric`` (None until asked for) by
    lines in the text's own orientation, diagonal text left out.
    """

    number: int
    content: str
    geometric: str | None = None


def _open_pdf(pdf: bytes) -> pdfium.PdfDocument:
    try:
        return pdfium.PdfDocument(pdf)
    except pdfium.PdfiumError as exc:
        raise DataError(f"PDF 无法读取：{exc}") from None


def pdf_pages(pdf: bytes, *, geometric: bool = False) -> list[PdfPage]:
    """Text of every page (content order; also geometric order when asked)."""
    with PDFIUM_LOCK:  # PDFium is not thread-safe (conversions verify from several threads)
        return _pdf_pages(pdf, geometric)


def _pdf_pages(pdf: bytes, geometric: bool) -> list[PdfPage]:
    document = _open_pdf(pdf)
    try:
        if len(document) > _MAX_PAGES:
            raise DataError(f"PDF 页数过多（{len(document)} 页，上限 {_MAX_PAGES}）")
        pages: list[PdfPage] = []
        total = 0
        for index in range(len(document)):
            page = document[index]
            textpage = page.get_textpage()
            try:
                content = _clean(textpage.get_text_range())
                other = _geometric(textpage) if geometric else None
            finally:
                textpage.close()
                page.close()
            total += len(content)
            if total > _MAX_CHARS:
                raise DataError(f"PDF 文字过多（超过 {_MAX_CHARS} 字），不做比对")
            pages.append(PdfPage(index + 1, content, other))
        return pages
    finally:
        document.close()


@dataclass(frozen=True)
class _Char:
    text: str
    u: float  # along the text direction (baseline origin)
    v: float  # across it, growing down the lines (baseline)
    size: float
    turn: int


def _chars(textpage: pdfium.PdfTextPage) -> Iterator[_Char]:
    """Each character with its baseline origin in its own orientation, and its font size."""
    count = raw.FPDFText_CountChars(textpage.raw)
    x, y = ctypes.c_double(), ctypes.c_double()
    pending = ""
    for index in range(min(count, _MAX_CHARS)):
        code = raw.FPDFText_GetUnicode(textpage.raw, index)
        if raw.FPDFText_IsGenerated(textpage.raw, index) == 1:
            continue
        if 0xD800 <= code < 0xDC00:
            pending = chr(code)
            continue
        text = (pending + chr(code)).encode("utf-16", "surrogatepass").decode("utf-16", "replace")
        pending = ""
        if not _clean(text):
            continue
        degrees = math.degrees(max(raw.FPDFText_GetCharAngle(textpage.raw, index), 0.0))
        if abs(degrees - 90 * round(degrees / 90)) > 2:
            continue  # diagonal: a watermark, not document text
        turn = round(degrees / 90) % 4
        raw.FPDFText_GetCharOrigin(textpage.raw, index, x, y)
        # PDFium measures the angle clockwise; turn the page so the text runs left to right
        theta = math.radians(-90 * turn)
        u = x.value * math.cos(theta) + y.value * math.sin(theta)
        v = x.value * math.sin(theta) - y.value * math.cos(theta)
        size = raw.FPDFText_GetFontSize(textpage.raw, index)
        yield _Char(text, u, v, max(size, 1.0), turn)


def _geometric(textpage: pdfium.PdfTextPage) -> str:
    """Lines of each orientation, top to bottom, each left to right."""
    groups: dict[int, list[_Char]] = {}
    for char in _chars(textpage):
        groups.setdefault(char.turn, []).append(char)
    out: list[str] = []
    for turn in sorted(groups):
        chars = sorted(groups[turn], key=lambda c: c.v)
        lines: list[list[_Char]] = []
        for char in chars:
            if lines and abs(char.v - lines[-1][0].v) < 0.5 * min(char.size, lines[-1][0].size):
                lines[-1].append(char)
            else:
                lines.append([char])
        for line in lines:
            out.extend(c.text for c in sorted(line, key=lambda c: c.u))
    return "".join(out)


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
