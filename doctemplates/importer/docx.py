"""Word drafts (.docx): paragraphs, numbering, tables and pictures.  Word 草稿。

The package is read through the render layer's bounded zip reader (zip bombs,
member counts) and parsed with a parser that resolves no entities and reaches
no network.  Paragraphs come in document order with their text as Word shows
it: auto-numbering frozen (:mod:`.wordnum`), tracked changes accepted
(``w:ins``/``w:moveTo`` kept, ``w:del``/``w:moveFrom`` dropped), comments and
field codes dropped (field results kept); tables stay tables and pictures stay
pictures.  Direct formatting is not read: the look comes from the template.
"""

from __future__ import annotations

import posixpath
import re

from lxml import etree

from doctemplates.errors import DataError, DocTemplatesError
from doctemplates.importer.source import Draft, Picture, SourceParagraph
from doctemplates.importer.wordnum import Numbering, W

__all__ = ["MAX_PARAGRAPHS", "read_docx"]

MAX_PARAGRAPHS = 20_000
_R = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
_V = "{urn:schemas-microsoft-com:vml}"
_MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}"
_PARSER = etree.XMLParser(
    resolve_entities=False, no_network=True, huge_tree=False, load_dtd=False, remove_comments=True
)
_HEADING = re.compile(r"^(?:heading|标题)\s*([1-9])$", re.IGNORECASE)
_SKIPPED = {f"{W}del", f"{W}moveFrom", f"{W}delText", f"{W}instrText", f"{W}delInstrText"}
_SKIPPED |= {f"{W}pPr", f"{W}rPr", f"{W}commentRangeStart", f"{W}commentRangeEnd"}
_SKIPPED |= {f"{W}commentReference", f"{W}footnoteReference", f"{W}endnoteReference"}


def _xml(members: dict[str, bytes], name: str) -> etree._Element | None:
    content = members.get(name)
    if content is None:
        return None
    if b"<!DOCTYPE" in content or b"<!ENTITY" in content:
        raise DataError(f"Word 草稿的部件 {name} 含有 DTD/实体声明，拒绝读取")
    try:
        return etree.fromstring(content, parser=_PARSER)
    except etree.XMLSyntaxError as exc:
        raise DataError(f"Word 草稿的部件 {name} 不是合法的 XML（{exc.msg}）") from exc


class _Reader:
    def __init__(self, members: dict[str, bytes]) -> None:
        self.members = members
        self.main = self._main_part()
        self.rels = self._relationships(self.main)
        styles = _xml(members, "word/styles.xml")
        self.numbering = Numbering(_xml(members, "word/numbering.xml"), styles)
        self.style_names, self.style_levels, self.style_centred = self._styles(styles)
        self.out: list[SourceParagraph] = []
        self.notes: list[str] = []
        self.counts = {"ins": 0, "del": 0, "frozen": 0, "formatting": 0, "fields": 0}
        self.paragraph_no = 0
        self.table_no = 0
        self.field_depth = 0  # inside a field instruction (between begin and separate)

    def _main_part(self) -> str:
        root = _xml(self.members, "_rels/.rels")
        if root is not None:
            for rel in root.iterfind(f"{_REL}Relationship"):
                if rel.get("Type", "").endswith("/officeDocument"):
                    return rel.get("Target", "word/document.xml").lstrip("/")
        return "word/document.xml"

    def _relationships(self, part: str) -> dict[str, str]:
        folder, name = posixpath.split(part)
        root = _xml(self.members, posixpath.join(folder, "_rels", name + ".rels"))
        rels: dict[str, str] = {}
        if root is not None:
            for rel in root.iterfind(f"{_REL}Relationship"):
                if rel.get("TargetMode") == "External":
                    continue
                target = posixpath.normpath(posixpath.join(folder, rel.get("Target", "")))
                rels[rel.get("Id", "")] = target.lstrip("/")
        return rels

    @staticmethod
    def _styles(root: etree._Element | None) -> tuple[dict[str, str], dict[str, int], set[str]]:
        names: dict[str, str] = {}
        levels: dict[str, int] = {}
        centred: set[str] = set()
        if root is None:
            return names, levels, centred
        for style in root.iterfind(f"{W}style"):
            sid = style.get(f"{W}styleId", "")
            name_el = style.find(f"{W}name")
            name = name_el.get(f"{W}val", sid) if name_el is not None else sid
            names[sid] = name
            match = _HEADING.match(name) or _HEADING.match(sid)
            outline = style.find(f"{W}pPr/{W}outlineLvl")
            if match:
                levels[sid] = int(match[1])
            elif outline is not None and (outline.get(f"{W}val") or "9").isdigit():
                value = int(outline.get(f"{W}val") or "9")
                if value < 4:
                    levels[sid] = value + 1
            jc = style.find(f"{W}pPr/{W}jc")
            if jc is not None and jc.get(f"{W}val") == "center":
                centred.add(sid)
        return names, levels, centred

    # -- the body ----------------------------------------------------------------------
    def read(self) -> Draft:
        root = _xml(self.members, self.main)
        if root is None:
            raise DataError("不是 Word 文档（缺少 word/document.xml）")
        body = root.find(f"{W}body")
        if body is None:
            raise DataError("Word 草稿没有正文（w:body）")
        self._blocks(body)
        self._notes()
        return Draft(self.out, self.notes, kind="docx")

    def _blocks(self, parent: etree._Element) -> None:
        for child in parent:
            if len(self.out) > MAX_PARAGRAPHS:
                raise DataError(f"Word 草稿的段落超过 {MAX_PARAGRAPHS} 段，不像一份公文草稿")
            if child.tag == f"{W}p":
                self._paragraph(child)
            elif child.tag == f"{W}tbl":
                self._table(child)
            elif child.tag in (f"{W}sdt", f"{W}customXml"):
                content = child.find(f"{W}sdtContent")
                self._blocks(content if content is not None else child)
            elif child.tag in (f"{W}ins", f"{W}moveTo"):
                self._blocks(child)
            elif child.tag in (f"{W}del", f"{W}moveFrom"):
                self.counts["del"] += 1

    def _paragraph(self, p: etree._Element) -> None:
        self.paragraph_no += 1
        where = f"第 {self.paragraph_no} 段"
        ppr = p.find(f"{W}pPr")
        style_el = ppr.find(f"{W}pStyle") if ppr is not None else None
        style = style_el.get(f"{W}val") if style_el is not None else None
        if ppr is not None and ppr.find(f"{W}rPr/{W}del") is not None:
            self.counts["del"] += 1  # a deleted paragraph mark: Word joins it with the next
        pictures: list[Picture] = []
        text = self._text(p, pictures)
        notes: list[str] = []
        numbered = self.numbering.label(ppr, style)
        if numbered is not None and text.strip():
            label, suffix = numbered
            if label:
                text = label + suffix + text
                self.counts["frozen"] += 1
                notes.append(f"Word 自动编号“{label}”已冻结为文字")
        if self._formatted(p):
            self.counts["formatting"] += 1
        jc = ppr.find(f"{W}jc") if ppr is not None else None
        centred = style in self.style_centred or (jc is not None and jc.get(f"{W}val") == "center")
        level = self.style_levels.get(style or "")
        outline = ppr.find(f"{W}outlineLvl") if ppr is not None else None
        if outline is not None and (outline.get(f"{W}val") or "9").isdigit():
            value = int(outline.get(f"{W}val") or "9")
            level = value + 1 if value < 4 else level
        if text.strip():
            self.out.append(SourceParagraph(text, where, level=level, centred=centred, notes=notes))
        for picture in pictures:
            self.out.append(SourceParagraph("", where, picture=picture))

    def _text(self, node: etree._Element, pictures: list[Picture]) -> str:
        parts: list[str] = []
        for child in node:
            tag = child.tag
            if not isinstance(tag, str) or tag in _SKIPPED:
                if tag in (f"{W}del", f"{W}moveFrom"):
                    self.counts["del"] += 1
                continue
            if tag == f"{W}t" and self.field_depth == 0:
                parts.append(child.text or "")
            elif tag == f"{W}tab":
                parts.append("\t")
            elif tag in (f"{W}br", f"{W}cr"):
                if child.get(f"{W}type") not in ("page", "column"):
                    parts.append("\n")
            elif tag == f"{W}noBreakHyphen":
                parts.append("-")
            elif tag == f"{W}sym":
                code = child.get(f"{W}char", "")
                if re.fullmatch(r"[0-9A-Fa-f]{4}", code) and int(code, 16) < 0xF000:
                    parts.append(chr(int(code, 16)))
            elif tag == f"{W}fldChar":
                kind = child.get(f"{W}fldCharType")
                if kind == "begin":
                    self.field_depth += 1
                    self.counts["fields"] += 1
                elif kind in ("separate", "end") and self.field_depth:
                    self.field_depth -= 1
            elif tag == f"{W}drawing" or tag == f"{W}pict":
                pictures.extend(self._pictures(child))
            elif tag == f"{_MC}AlternateContent":
                fallback = child.find(f"{_MC}Fallback")
                if fallback is not None:
                    parts.append(self._text(fallback, pictures))
            else:
                if tag in (f"{W}ins", f"{W}moveTo"):
                    self.counts["ins"] += 1
                parts.append(self._text(child, pictures))
        return "".join(parts)

    def _pictures(self, node: etree._Element) -> list[Picture]:
        found = []
        ids = [b.get(f"{_R}embed") for b in node.iter(f"{_A}blip")]
        ids += [i.get(f"{_R}id") for i in node.iter(f"{_V}imagedata")]
        for rid in ids:
            target = self.rels.get(rid or "")
            if target and target in self.members:
                found.append(Picture(posixpath.basename(target), self.members[target]))
        return found

    def _formatted(self, p: etree._Element) -> bool:
        for rpr in p.iter(f"{W}rPr"):
            if any(
                rpr.find(f"{W}{tag}") is not None
                for tag in ("rFonts", "sz", "color", "b", "i", "u", "highlight")
            ):
                return True
        return False

    def _table(self, tbl: etree._Element) -> None:
        self.table_no += 1
        rows: list[list[str]] = []
        for tr in tbl.iterfind(f"{W}tr"):
            row: list[str] = []
            for tc in tr.iterfind(f"{W}tc"):
                pictures: list[Picture] = []
                texts = [self._text(p, pictures) for p in tc.iter(f"{W}p")]
                row.append("\n".join(t.strip() for t in texts if t.strip()))
                span = tc.find(f"{W}tcPr/{W}gridSpan")
                extra = int(span.get(f"{W}val") or "1") - 1 if span is not None else 0
                row.extend([""] * max(0, min(extra, 50)))
            rows.append(row)
        if rows and any(any(cell for cell in row) for row in rows):
            self.out.append(SourceParagraph("", f"第 {self.table_no} 个表格", rows=rows))

    def _notes(self) -> None:
        c = self.counts
        if c["frozen"]:
            self.notes.append(f"{c['frozen']} 段的 Word 自动编号已冻结为 Word 显示的文字")
        if self.numbering.bullets:
            self.notes.append(f"{self.numbering.bullets} 段的项目符号已去掉")
        if c["ins"] or c["del"]:
            self.notes.append(f"修订已接受：保留 {c['ins']} 处插入，去掉 {c['del']} 处删除")
        if "word/comments.xml" in self.members:
            self.notes.append("批注已去掉")
        if c["fields"]:
            self.notes.append(f"{c['fields']} 个域只保留了显示的结果")
        if c["formatting"]:
            self.notes.append(
                f"{c['formatting']} 段的直接格式（字体、字号、颜色、加粗等）未导入，版式由模板的样式给出"
            )


def _shift_levels(paragraphs: list[SourceParagraph]) -> None:
    """Heading styles: the first paragraph is the title; the shallowest other heading is 一、."""
    if paragraphs and paragraphs[0].level is not None:
        paragraphs[0].level = None
    levels = [p.level for p in paragraphs if p.level is not None]
    if not levels:
        return
    shift = min(levels) - 1
    for p in paragraphs:
        if p.level is not None:
            p.level = p.level - shift if p.level - shift <= 4 else None


def read_docx(data: bytes) -> Draft:
    """Source paragraphs of a Word draft (.docx bytes)."""
    from doctemplates.package import PackageLimits, read_package

    if data[:4] != b"PK\x03\x04":
        raise DataError("不是 .docx 文件（不是 zip 包；.doc 请先另存为 .docx）")
    try:
        members = read_package(data, PackageLimits())
    except DocTemplatesError as exc:
        raise DataError(f"Word 草稿无法读取：{exc.message}") from exc
    if any(name.startswith("word/vbaProject") for name in members):
        raise DataError("Word 草稿含有宏（vbaProject），出于安全原因拒绝读取")
    draft = _Reader(members).read()
    _shift_levels(draft.paragraphs)
    return draft
