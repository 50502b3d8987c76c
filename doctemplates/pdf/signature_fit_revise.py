"""Revising the .docx: tightened lines, split pages, the rule's bookmark.  署名规则：修改文档。

Split from :mod:`doctemplates.pdf.signature_fit` (issue 14), which describes the rule.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from dataclasses import dataclass, field

from lxml import etree

from doctemplates.package import Member, read_package, write_package
from doctemplates.pdf._opc import (
    LazyPackage,
    main_part,
    parse_xml,
    ppr_child,
    related_parts,
    w,
)
from doctemplates.pdf.signature_fit_docx import (
    _BOOKMARK_ID,
    _CLOSING,
    _HAIRLINE,
    _MARKER,
    _PROJECT,
    _Block,
    _blocks,
    _chain,
    _Styles,
    plainly_without_chain,
)

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


#: Revisions written by the rule, with their trees, until the next pass reads them (taken
#: once: the reader revises the tree).  A few conversions run at once; older ones drop out.
_WRITTEN: OrderedDict[bytes, tuple[str, etree._Element, _Styles]] = OrderedDict()
_WRITTEN_LOCK = threading.Lock()
_KEEP_WRITTEN = 8


@dataclass(frozen=True)
class _Document:
    main: str
    root: etree._Element
    styles: _Styles
    blocks: list[_Block]
    source: bytes = field(repr=False)  # the package, read in full only to write it again

    @classmethod
    def read(cls, docx: bytes) -> _Document | None:
        with _WRITTEN_LOCK:
            kept = _WRITTEN.pop(docx, None)
        if kept is not None:  # the rule's own revision, converted and looked at again
            main, root, styles = kept
        else:
            parts = LazyPackage(docx)  # the main part and the styles only, until revised
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

    @staticmethod
    def without_chain(docx: bytes) -> bool:
        """Whether the .docx plainly has nothing for the rule: no style named 成文日期 (so no
        closing chain) and no mark of an earlier pass (so no state to report).

        Read by spelling (:func:`~doctemplates.pdf._opc.plain_w`: no character reference can
        hide the name): a document without a 署名 — the benchmark's, a 纪要 — is not parsed
        (its styles.xml can be 350 KiB; issue 20 §2).  False means "parse and see".
        """
        parts = LazyPackage(docx)
        main = main_part(parts)
        names = related_parts(parts, main, "styles") if main in parts else []
        if not names:
            return False
        return plainly_without_chain(parts[names[0]], parts[main])

    def write(self) -> bytes:
        """The revised package.  Its parse is kept for the next pass (issue 20 §2): the next
        :meth:`read` of these bytes takes the tree that was written instead of parsing it
        again (the styles part is never revised; the blocks are read again from the tree)."""
        parts = read_package(self.source)
        parts[self.main] = etree.tostring(
            self.root, xml_declaration=True, encoding="UTF-8", standalone=True
        )
        written = write_package([Member.deflate(n, c) for n, c in parts.items()])
        with _WRITTEN_LOCK:
            _WRITTEN[written] = (self.main, self.root, self.styles)
            while len(_WRITTEN) > _KEEP_WRITTEN:
                _WRITTEN.popitem(last=False)
        return written


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
