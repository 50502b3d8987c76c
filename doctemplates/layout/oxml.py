"""Small OOXML helpers (WordprocessingML element factory).

python-docx has no API for document grids, odd/even footers, floating tables
or paragraph borders; these helpers build such elements directly.
"""

from __future__ import annotations

from docx.oxml.ns import qn
from lxml import etree

__all__ = ["dynamic", "el", "need", "parent", "set_child", "table_layout"]


def need(node: etree._Element, tag: str) -> etree._Element:
    """The ``tag`` child the builder relies on (python-docx and :func:`el` always write it).

    >>> need(el("w:p", el("w:pPr")), "w:pPr").tag == qn("w:pPr")
    True
    """
    found = node.find(qn(tag))
    if found is None:
        raise LookupError(f"{tag} missing in {node.tag}")
    return found


def parent(node: etree._Element) -> etree._Element:
    """The parent of an element the builder placed (never the root)."""
    up = node.getparent()
    if up is None:
        raise LookupError(f"{node.tag} has no parent")
    return up


def el(tag: str, /, *children: etree._Element, **attrs: str | int) -> etree._Element:
    """Build ``<w:tag w:k="v">children</w:tag>``; ``attrs`` keys are ``w:`` local names.

    >>> el("w:jc", val="center").get(qn("w:val"))
    'center'
    """
    node = etree.Element(qn(tag))
    for key, value in attrs.items():
        node.set(qn(key if ":" in key else f"w:{key}"), str(value))
    for child in children:
        node.append(child)
    return node


def set_child(parent: etree._Element, child: etree._Element) -> etree._Element:
    """Replace any same-tag child of ``parent`` with ``child`` (appended)."""
    for old in parent.findall(child.tag):
        parent.remove(old)
    parent.append(child)
    return child


def dynamic(defaults: list[etree._Element], template_xml: str) -> list[etree._Element]:
    """A Word-valid element whose rendered form is computed by Jinja.

    Word refuses ``{{ }}`` inside attribute values, so the template keeps a
    valid ``default`` element and hides the Jinja version in XML comments::

        <!--{% if false %}-->DEFAULT<!--{% endif %}{{ ("-"~"->")|safe }}TEMPLATE<!{{ ("-"~"-")|safe }}-->

    Unrendered (Word, LibreOffice) the comments hide the Jinja and DEFAULT
    applies; rendered, DEFAULT is dropped and TEMPLATE (with the Jinja values)
    becomes live XML between two empty comments.  ``template_xml`` must not
    contain ``--`` (forbidden in XML comments).  Saving the template in Word
    drops comments and so freezes the default.
    """
    if "--" in template_xml:
        raise ValueError("template_xml must not contain '--'")
    opener = etree.Comment("{% if false %}")
    closer = etree.Comment(
        '{% endif %}{{ ("-"~"->")|safe }}' + template_xml + '<!{{ ("-"~"-")|safe }}'
    )
    return [opener, *defaults, closer]


def table_layout(*, cell_margin: int = 0, header_row: bool = False) -> list[etree._Element]:
    """``tblLayout`` fixed, left/right cell margins (twips) and ``tblLook`` without banding."""
    side: dict[str, str | int] = {"w": cell_margin, "type": "dxa"}
    look: dict[str, str | int] = {
        "firstRow": int(header_row),
        "lastRow": 0,
        "firstColumn": 0,
        "lastColumn": 0,
    }
    return [
        el("w:tblLayout", type="fixed"),
        el("w:tblCellMar", el("w:left", **side), el("w:right", **side)),
        el("w:tblLook", val="0420" if header_row else "0000", **look, noHBand=1, noVBand=1),
    ]
