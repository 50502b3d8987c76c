"""The vocabulary of the PDF text check: wildcards, limits, results, document text, style facts.  校验用的文字与结果。

Shared by the .docx reader (:mod:`.verifydocx`), the PDF reader (:mod:`.verifypdf`)
and the comparison (:mod:`.verify`).

>>> d = TextDifference("missing", 1, "，", "", "…方式[，]是听取…")
>>> str(d)
'第1页缺少「，」：…方式[，]是听取…'
"""

from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass
from typing import Literal

from lxml import etree

from doctemplates.pdf._opc import (
    parse_xml,
    w,
)

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
