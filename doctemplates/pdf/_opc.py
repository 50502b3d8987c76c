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

import posixpath
from collections.abc import Mapping

from lxml import etree

__all__ = ["W", "main_part", "parse_xml", "related_parts", "relationship_ids", "w"]

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_PKG = "{http://schemas.openxmlformats.org/package/2006/relationships}"
_OFFICE_DOCUMENT = "/officeDocument"
_DEFAULT_MAIN = "word/document.xml"
#: Parsing untrusted XML: no entities, no network, no DTD, bounded trees.
_PARSER = etree.XMLParser(
    resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False, remove_comments=True
)


def w(local: str) -> str:
    """``w:local`` in Clark notation."""
    return f"{{{W}}}{local}"


def parse_xml(data: bytes) -> etree._Element:
    """Parse one part without entities, DTDs or network access."""
    return etree.fromstring(data, _PARSER)


def _rels_name(part: str) -> str:
    folder, name = posixpath.split(part)
    return posixpath.join(folder, "_rels", f"{name}.rels")


def _relationships(parts: Mapping[str, bytes], source: str) -> list[tuple[str, str, str]]:
    """``(id, type, part name)`` of every internal relationship of ``source`` ("" = package)."""
    rels = parts.get("_rels/.rels" if not source else _rels_name(source))
    if rels is None:
        return []
    try:
        root = parse_xml(rels)
    except etree.XMLSyntaxError:
        return []
    base = posixpath.dirname(source)
    out = []
    for rel in root.iter(f"{_PKG}Relationship"):
        target = rel.get("Target") or ""
        if rel.get("TargetMode") == "External" or not target:
            continue
        name = target.lstrip("/") if target.startswith("/") else posixpath.join(base, target)
        out.append((rel.get("Id") or "", rel.get("Type") or "", posixpath.normpath(name)))
    return out


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
