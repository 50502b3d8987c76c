"""Paragraph and run builders (段落) used by the template sections."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from lxml import etree

from doctemplates.layout.oxml import el
from doctemplates.layout.styles import style_id

__all__ = ["blank", "control", "para", "placeholder", "run", "tabs"]


def run(text: str, style: str | None = None, rpr: Sequence[etree._Element] = ()) -> etree._Element:
    """A run; ``\\t`` in ``text`` becomes ``w:tab``; ``style`` is a character style name."""
    node = el("w:r")
    props = list(rpr)
    if style or props:
        rp = el("w:rPr")
        if style:
            rp.append(el("w:rStyle", val=style_id(style)))
        for p in props:
            rp.append(p)
        node.append(rp)
    for i, piece in enumerate(text.split("\t")):
        if i:
            node.append(el("w:tab"))
        if piece:
            t = el("w:t")
            t.text = piece
            t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
            node.append(t)
    return node


def para(
    style: str | None,
    *runs: etree._Element | str,
    ppr: Iterable[etree._Element] = (),
) -> etree._Element:
    """A paragraph in the paragraph style called ``style`` (None = Normal)."""
    node = el("w:p")
    pp = el("w:pPr")
    if style:
        pp.append(el("w:pStyle", val=style_id(style)))
    for p in ppr:
        pp.append(p)
    node.append(pp)
    for r in runs:
        node.append(run(r) if isinstance(r, str) else r)
    return node


def blank(style: str | None = None) -> etree._Element:
    """One empty line on the grid (explicit lines, not spacing, §3)."""
    return para(style)


def control(tag: str) -> etree._Element:
    """A docxtpl paragraph-level tag, e.g. ``control("for x in body")`` → ``{%p for x in body %}``."""
    return para(None, f"{{%p {tag} %}}")


def placeholder(name: str, style: str | None = None) -> etree._Element:
    """A block placeholder paragraph, e.g. ``placeholder("正文")`` → ``{{p 正文 }}``.

    The renderer expands it when compiling (:mod:`doctemplates.placeholders`) and drops
    the paragraph with its properties; ``style`` (the block's first style, 正文 for the
    body) only makes the unrendered template look like the document in Word.
    """
    return para(style, f"{{{{p {name} }}}}")


def tabs(*stops: tuple[str, int]) -> etree._Element:
    """``w:tabs`` with ``(alignment, position_twips)`` stops."""
    return el("w:tabs", *(el("w:tab", val=v, pos=p) for v, p in stops))
