"""Reading a .docx for the checks (OOXML 读取): paragraphs, styles, effective properties.

Properties resolve the way Word does: direct formatting, then the character
style chain, then the paragraph style chain, then ``w:docDefaults``.

Files come from anyone: :func:`load_docx` bounds the package (zip members,
sizes, ratios), refuses DTDs and parses every part with a parser that
resolves no entity and reads nothing outside the file.
"""

from __future__ import annotations

import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

from doctemplates.errors import DataError
from doctemplates.inputs import DEFAULT_LIMITS, Limits, open_zip, safe_xml_parser

__all__ = ["DocxFile", "Para", "RunProps", "W", "load_docx", "qn"]

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_A = "http://schemas.openxmlformats.org/drawingml/2006/main"
_PKG_R = "http://schemas.openxmlformats.org/package/2006/relationships"
NS = {"w": W, "a": _A, "r": _R}


def _xml(data: bytes) -> etree._Element:
    """Parse one part (no DTD, no entity, no network)."""
    return etree.fromstring(data, _PARSER)


_PARSER = safe_xml_parser()


def qn(tag: str) -> str:
    """``w:p`` → Clark notation."""
    prefix, local = tag.split(":")
    return f"{{{NS[prefix]}}}{local}"


def _val(node: etree._Element | None, attr: str = "w:val") -> str | None:
    return None if node is None else node.get(qn(attr))


@dataclass(frozen=True)
class RunProps:
    """Effective east-Asian font, size (pt) and colour of a run (字体、字号、颜色)."""

    font: str | None
    size: float | None
    color: str | None
    direct_font: bool = False
    direct_size: bool = False


@dataclass
class Para:
    """One paragraph in document order (``index`` counts every ``w:p`` of the body)."""

    index: int
    element: etree._Element
    text: str
    style_id: str | None
    style_name: str | None
    in_table: bool
    role: str = ""
    extra: dict[str, object] = field(default_factory=dict)


class DocxFile:
    """The parts of a .docx the checks read."""

    def __init__(self, parts: dict[str, bytes]) -> None:
        self.parts = parts
        self.document = _xml(parts["word/document.xml"])
        self.body = self.document.find(qn("w:body"))
        styles = parts.get("word/styles.xml")
        self.styles_root = _xml(styles) if styles else None
        settings = parts.get("word/settings.xml")
        self.settings = _xml(settings) if settings else None
        self._styles: dict[str, etree._Element] = {}
        self._names: dict[str, str] = {}
        self._default_para: str | None = None
        if self.styles_root is not None:
            for st in self.styles_root.iter(qn("w:style")):
                sid = st.get(qn("w:styleId"))
                if sid is None:
                    continue
                self._styles[sid] = st
                self._names[sid] = _val(st.find(qn("w:name"))) or sid
                if st.get(qn("w:type")) == "paragraph" and st.get(qn("w:default")) in ("1", "true"):
                    self._default_para = sid
        self._theme = self._theme_fonts()
        self.paragraphs = self._paragraphs()

    # --- relationships and parts -------------------------------------------
    def related_part(self, rid: str) -> etree._Element | None:
        """The XML of the document part with relationship id ``rid``."""
        rels = self.parts.get("word/_rels/document.xml.rels")
        if not rels:
            return None
        for rel in _xml(rels).iter(f"{{{_PKG_R}}}Relationship"):
            if rel.get("Id") == rid:
                target = rel.get("Target", "").lstrip("/")
                name = target if target.startswith("word/") else f"word/{target}"
                data = self.parts.get(name)
                return _xml(data) if data else None
        return None

    @property
    def sect_pr(self) -> etree._Element | None:
        """The last (document-level) ``w:sectPr``."""
        return self.body.find(qn("w:sectPr")) if self.body is not None else None

    def setting(self, tag: str) -> etree._Element | None:
        return None if self.settings is None else self.settings.find(qn(tag))

    # --- styles ---------------------------------------------------------------
    def style_name(self, sid: str | None) -> str | None:
        return self._names.get(sid) if sid else None

    def style_by_name(self, name: str) -> str | None:
        """The style id whose name is ``name``."""
        for sid, n in self._names.items():
            if n == name:
                return sid
        return None

    def _chain(self, sid: str | None) -> list[etree._Element]:
        out: list[etree._Element] = []
        seen: set[str] = set()
        while sid and sid in self._styles and sid not in seen:
            seen.add(sid)
            st = self._styles[sid]
            out.append(st)
            sid = _val(st.find(qn("w:basedOn")))
        return out

    def _defaults_rpr(self) -> etree._Element | None:
        if self.styles_root is None:
            return None
        return self.styles_root.find(f"{qn('w:docDefaults')}/{qn('w:rPrDefault')}/{qn('w:rPr')}")

    def _theme_fonts(self) -> dict[str, str]:
        data = self.parts.get("word/theme/theme1.xml")
        out: dict[str, str] = {}
        if not data:
            return out
        root = _xml(data)
        for kind in ("major", "minor"):
            font = root.find(f".//{{{_A}}}{kind}Font")
            if font is None:
                continue
            ea = font.find(f"{{{_A}}}ea")
            name = ea.get("typeface") if ea is not None else ""
            if not name:
                for f in font.findall(f"{{{_A}}}font"):
                    if f.get("script") == "Hans":
                        name = f.get("typeface")
            if name:
                out[f"{kind}EastAsia"] = name
        return out

    def _font_of(self, rpr: etree._Element | None) -> str | None:
        if rpr is None:
            return None
        fonts = rpr.find(qn("w:rFonts"))
        if fonts is None:
            return None
        name = fonts.get(qn("w:eastAsia"))
        if name:
            return name
        theme = fonts.get(qn("w:eastAsiaTheme"))
        return self._theme.get(theme) if theme else None

    @staticmethod
    def _size_of(rpr: etree._Element | None) -> float | None:
        sz = _val(rpr.find(qn("w:sz"))) if rpr is not None else None
        return int(sz) / 2 if sz and sz.isdigit() else None

    @staticmethod
    def _color_of(rpr: etree._Element | None) -> str | None:
        return _val(rpr.find(qn("w:color"))) if rpr is not None else None

    def style_rprs(self, sid: str | None) -> list[etree._Element]:
        return [rpr for st in self._chain(sid) if (rpr := st.find(qn("w:rPr"))) is not None]

    def style_ppr(self, sid: str | None, tag: str) -> etree._Element | None:
        """``tag`` (e.g. ``w:pBdr``) from the paragraph style chain."""
        for st in self._chain(sid):
            ppr = st.find(qn("w:pPr"))
            if ppr is not None and (node := ppr.find(qn(tag))) is not None:
                return node
        return None

    def para_ppr(self, p: Para, tag: str) -> etree._Element | None:
        """``tag`` from the paragraph's own pPr, else its style chain."""
        ppr = p.element.find(qn("w:pPr"))
        if ppr is not None and (node := ppr.find(qn(tag))) is not None:
            return node
        return self.style_ppr(p.style_id or self._default_para, tag)

    def run_props(self, p: Para | None, run: etree._Element | None) -> RunProps:
        """Effective properties of ``run`` in ``p`` (either may be None: style level)."""
        direct = run.find(qn("w:rPr")) if run is not None else None
        layers: list[etree._Element | None] = [direct]
        if direct is not None:
            layers += self.style_rprs(_val(direct.find(qn("w:rStyle"))))
        sid = (p.style_id if p is not None else None) or self._default_para
        layers += self.style_rprs(sid)
        layers.append(self._defaults_rpr())
        font = next((f for rpr in layers if (f := self._font_of(rpr))), None)
        size = next((s for rpr in layers if (s := self._size_of(rpr))), None)
        color = next((c for rpr in layers if (c := self._color_of(rpr))), None)
        char_layers = layers[: len(layers) - len(self.style_rprs(sid)) - 1]
        return RunProps(
            font,
            size,
            color,
            direct_font=any(self._font_of(r) for r in char_layers),
            direct_size=any(self._size_of(r) for r in char_layers),
        )

    def style_props(self, sid: str) -> RunProps:
        """Effective properties a paragraph or character style gives its text."""
        layers = [*self.style_rprs(sid), self._defaults_rpr()]
        return RunProps(
            next((f for r in layers if (f := self._font_of(r))), None),
            next((s for r in layers if (s := self._size_of(r))), None),
            next((c for r in layers if (c := self._color_of(r))), None),
        )

    # --- paragraphs -------------------------------------------------------------
    def _paragraphs(self) -> list[Para]:
        out: list[Para] = []
        if self.body is None:
            return out
        for i, p in enumerate(self.body.iter(qn("w:p"))):
            sid = _val(p.find(f"{qn('w:pPr')}/{qn('w:pStyle')}"))
            in_table = any(a.tag == qn("w:tbl") for a in p.iterancestors())
            out.append(Para(i, p, paragraph_text(p), sid, self.style_name(sid), in_table))
        return out

    def text_runs(self, p: Para) -> list[etree._Element]:
        """Runs of ``p`` holding visible text."""
        return [
            r
            for r in p.element.iter(qn("w:r"))
            if "".join(t.text or "" for t in r.iter(qn("w:t"))).strip()
        ]


def paragraph_text(p: etree._Element) -> str:
    """Visible text of a paragraph (``w:t``, tabs as ``\\t``; field codes left out)."""
    parts: list[str] = []
    for node in p.iter(qn("w:t"), qn("w:tab"), qn("w:br")):
        if node.tag == qn("w:t"):
            parts.append(node.text or "")
        elif (
            node.tag == qn("w:tab") and (up := node.getparent()) is not None and up.tag == qn("w:r")
        ):
            parts.append("\t")
    return "".join(parts)


def load_docx(source: str | Path | bytes, *, limits: Limits = DEFAULT_LIMITS) -> DocxFile:
    """Open a .docx from a path or bytes (bounded; Chinese :class:`DataError` when damaged)."""
    from doctemplates.inputs import read_regular

    name = "文档" if isinstance(source, bytes) else Path(source).name
    data = source if isinstance(source, bytes) else read_regular(source, limits.check_bytes, "文件")
    with open_zip(data, limits, name) as zf:
        try:
            parts = {n: zf.read(n) for n in zf.namelist() if n.endswith((".xml", ".rels"))}
        except (zipfile.BadZipFile, OSError, ValueError, EOFError, NotImplementedError) as exc:
            raise DataError(f"{name} 已损坏，无法读取其中的部件：{exc}") from exc
    if "word/document.xml" not in parts:
        raise DataError(f"{name} 不是 Word 文档（缺少 word/document.xml）")
    try:
        return DocxFile(parts)
    except etree.XMLSyntaxError as exc:
        raise DataError(f"{name} 中的 XML 已损坏：{exc.msg}") from exc
