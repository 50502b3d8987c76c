"""The text a .docx shows, story by story (:func:`docx_text`).  .docx 的文字。

See :mod:`doctemplates.pdf.verify` for what is read and what becomes a wildcard.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

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
from doctemplates.pdf.verifytext import (
    _LITERAL_FIELDS,
    _M_T,
    _MC,
    _NUMERIC_FIELDS,
    _R_ID,
    _SKIP,
    NUMBER,
    WILD,
    DocxText,
    Furniture,
    _clean,
    _on,
    _Styles,
    _styles,
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
