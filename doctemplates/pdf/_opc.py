"""Finding the parts of a .docx through its relationships (OPC).  包内部件定位。

Most tools assume ``word/document.xml``; a document from elsewhere may name its
parts differently, so the PDF checks follow the relationships as Word does.

>>> rels = b'''<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
... <Relationship Id="r1" Target="word/main.xml"
...  Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"/>
... </Relationships>'''
>>> main_part({"_rels/.rels": rels, "word/main.xml": b"<x/>"})
'word/main.xml'
"""

from __future__ import annotations

import functools
import io
import posixpath
import zipfile
import zlib
from collections.abc import Iterator, Mapping

from lxml import etree

from doctemplates.errors import DataError
from doctemplates.package import PackageLimits

__all__ = [
    "W",
    "LazyPackage",
    "main_part",
    "parse_xml",
    "ppr_child",
    "related_parts",
    "relationship_ids",
    "w",
]

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_PKG = "{http://schemas.openxmlformats.org/package/2006/relationships}"
_OFFICE_DOCUMENT = "/officeDocument"
_DEFAULT_MAIN = "word/document.xml"
#: Parsing untrusted XML: no entities, no network, no DTD, bounded trees.
_PARSER = etree.XMLParser(
    resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False, remove_comments=True
)
#: The children of w:pPr in schema order (ECMA-376 CT_PPrBase, then CT_PPr's own).
_PPR_ORDER = (
    "pStyle",
    "keepNext",
    "keepLines",
    "pageBreakBefore",
    "framePr",
    "widowControl",
    "numPr",
    "suppressLineNumbers",
    "pBdr",
    "shd",
    "tabs",
    "suppressAutoHyphens",
    "kinsoku",
    "wordWrap",
    "overflowPunct",
    "topLinePunct",
    "autoSpaceDE",
    "autoSpaceDN",
    "bidi",
    "adjustRightInd",
    "snapToGrid",
    "spacing",
    "ind",
    "contextualSpacing",
    "mirrorIndents",
    "suppressOverlap",
    "jc",
    "textDirection",
    "textAlignment",
    "textboxTightWrap",
    "outlineLvl",
    "divId",
    "cnfStyle",
    "rPr",
    "sectPr",
    "pPrChange",
)


def ppr_child(ppr: etree._Element, local: str) -> etree._Element:
    """The ``w:local`` child of ``ppr``, added where the schema orders it when missing.

    >>> ppr = etree.fromstring(f'<w:pPr xmlns:w="{W}"><w:pStyle/><w:jc/></w:pPr>')
    >>> _ = ppr_child(ppr, "spacing")
    >>> [etree.QName(c).localname for c in ppr]
    ['pStyle', 'spacing', 'jc']
    """
    node = ppr.find(w(local))
    if node is None:
        node = etree.Element(w(local))
        earlier = frozenset(_PPR_ORDER[: _PPR_ORDER.index(local)])
        before = [child for child in ppr if etree.QName(child).localname in earlier]
        if before:
            before[-1].addnext(node)
        else:
            ppr.insert(0, node)
    return node


def w(local: str) -> str:
    """``w:local`` in Clark notation."""
    return f"{{{W}}}{local}"


def parse_xml(data: bytes, name: str = "") -> etree._Element:
    """Parse one part (called ``name``) without entities, DTDs or network access.

    Raises :class:`~doctemplates.errors.DataError` (Chinese) for XML that does not parse.
    """
    try:
        return etree.fromstring(data, _PARSER)
    except etree.XMLSyntaxError as exc:
        raise DataError(f".docx 部件 {name or '（未知）'} 不是有效的 XML：{exc.msg}") from None


def _rels_name(part: str) -> str:
    folder, name = posixpath.split(part)
    return posixpath.join(folder, "_rels", f"{name}.rels")


def _relationships(parts: Mapping[str, bytes], source: str) -> tuple[tuple[str, str, str], ...]:
    """``(id, type, part name)`` of every internal relationship of ``source`` ("" = package)."""
    rels = parts.get("_rels/.rels" if not source else _rels_name(source))
    return () if rels is None else _parse_relationships(rels, posixpath.dirname(source))


@functools.lru_cache(maxsize=32)
def _parse_relationships(rels: bytes, base: str) -> tuple[tuple[str, str, str], ...]:
    try:
        root = parse_xml(rels)
    except DataError:
        return ()
    out = []
    for rel in root.iter(f"{_PKG}Relationship"):
        target = rel.get("Target") or ""
        if rel.get("TargetMode") == "External" or not target:
            continue
        name = target.lstrip("/") if target.startswith("/") else posixpath.join(base, target)
        out.append((rel.get("Id") or "", rel.get("Type") or "", posixpath.normpath(name)))
    return tuple(out)


def main_part(parts: Mapping[str, bytes]) -> str:
    """Name of the main document part (``word/document.xml`` for most files)."""
    for _, kind, name in _relationships(parts, ""):
        if kind.endswith(_OFFICE_DOCUMENT) and name in parts:
            return name
    return _DEFAULT_MAIN


def related_parts(parts: Mapping[str, bytes], source: str, kind: str) -> list[str]:
    """Parts that ``source`` relates to with a relationship type ending in ``/kind``."""
    return [
        name
        for _, rel_type, name in _relationships(parts, source)
        if rel_type.endswith(f"/{kind}") and name in parts
    ]


def relationship_ids(parts: Mapping[str, bytes], source: str) -> dict[str, str]:
    """``{rId: part name}`` of the internal relationships of ``source``."""
    return {rid: name for rid, _, name in _relationships(parts, source)}


class LazyPackage(Mapping[str, bytes]):
    """The members of a .docx, each read (and inflated) only when asked for.

    Checking a PDF against its .docx needs the document, styles, settings and
    header/footer parts — not the pictures, fonts or ``stylesWithEffects.xml``
    that make up most of a package.  The zip-bomb bounds of
    :class:`~doctemplates.package.PackageLimits` apply to every member read.
    """

    def __init__(self, data: bytes, limits: PackageLimits | None = None) -> None:
        self.limits = limits or PackageLimits()
        try:
            self._zip = zipfile.ZipFile(io.BytesIO(data))
        except (zipfile.BadZipFile, OSError):
            raise DataError("文件不是有效的 .docx（zip）文件") from None
        infos = [info for info in self._zip.infolist() if not info.is_dir()]
        if len(infos) > self.limits.max_members:
            raise DataError(f".docx 包含 {len(infos)} 个成员，超过上限 {self.limits.max_members}")
        self._infos = {info.filename: info for info in infos}
        self._cache: dict[str, bytes] = {}

    def __getitem__(self, name: str) -> bytes:
        if name not in self._cache:
            info = self._infos[name]
            ratio = info.file_size / info.compress_size if info.compress_size else 0
            if info.file_size > self.limits.max_member_size or ratio > self.limits.max_ratio:
                raise DataError(f".docx 成员 {name} 解压后过大或压缩比异常，疑似 zip 炸弹")
            try:
                self._cache[name] = self._zip.read(info)
            except (zipfile.BadZipFile, zlib.error, NotImplementedError, RuntimeError) as exc:
                raise DataError(f".docx 文件已损坏，无法读取：{exc}") from None
        return self._cache[name]

    def __iter__(self) -> Iterator[str]:
        return iter(self._infos)

    def __len__(self) -> int:
        return len(self._infos)

    def __contains__(self, name: object) -> bool:
        return name in self._infos


_W_URI = W.encode()
_W_DECLARED = b'xmlns:w="' + _W_URI + b'"'


def plain_w(data: bytes) -> bool:
    """Whether a WordprocessingML part can be read by its spelling: the ``w`` prefix bound
    once, to the WordprocessingML namespace, which is named nowhere else; no comment,
    CDATA, DOCTYPE, character reference or processing instruction (the XML declaration
    aside).  Byte-level readers (issue 20 §2) fall back to lxml when it is not.

    >>> plain_w(b'<w:styles xmlns:w="%s"><w:style/></w:styles>' % W.encode())
    True
    >>> plain_w(b'<x:styles xmlns:x="%s"><!-- x --></x:styles>' % W.encode())
    False
    """
    return (
        data.count(_W_URI) == 1
        and data.count(b"xmlns:w=") == 1
        and _W_DECLARED in data
        and b"<!" not in data
        and b"&#" not in data
        and data.count(b"<?") <= 1
    )
