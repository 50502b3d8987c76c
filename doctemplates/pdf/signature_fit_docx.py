"""The .docx side of the signature rule: styles, blocks, the closing chain, the 版心 frame.  署名规则：文档一侧。

Split from :mod:`doctemplates.pdf.signature_fit` (issue 14), which describes the rule.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field

from lxml import etree

from doctemplates.gbt9704 import geometry as g
from doctemplates.pdf._opc import plain_w, w

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


def plainly_without_chain(styles: bytes, body: bytes) -> bool:
    """Whether a styles part names no 成文日期 and a main part holds no mark of the rule,
    read by spelling (:func:`~doctemplates.pdf._opc.plain_w`: no character reference can
    hide either).  False means "parse and see".

    >>> from doctemplates.pdf._opc import W
    >>> part = b'<w:styles xmlns:w="%s"><w:style><w:name w:val="%s"/></w:style></w:styles>'
    >>> plainly_without_chain(part % (W.encode(), "正文".encode()), b"")
    False
    >>> body = b'<w:document xmlns:w="%s"/>' % W.encode()
    >>> plainly_without_chain(part % (W.encode(), "正文".encode()), body)
    True
    >>> plainly_without_chain(part % (W.encode(), _DATE.encode()), body)
    False
    """
    return (
        _DATE.encode() not in styles
        and _MARKER.encode() not in body
        and plain_w(styles)
        and plain_w(body)
    )


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
