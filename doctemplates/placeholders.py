"""The 公文 block placeholders of templates (块占位符): ``{{p 正文 }}``, ``{{p 署名 }}`` …

A template holds one paragraph ``{{p 名称 }}`` where a whole block goes; the
renderer (:mod:`doctemplates.render.placeholders`) expands it when the template
is compiled into the paragraphs listed here, built by the layout's own builders
(:mod:`doctemplates.layout.body`, :mod:`~doctemplates.layout.closing`), so the
expansion is exactly what the loops written out in a template were.  They reach
the renderer through the ``doctemplates.placeholders`` entry point, which names
:data:`EXPANDERS` (another package adds its own the same way, e.g. the
整改方案's 任务表).

=============  ===============  =====================================================
名称            English          展开为
=============  ===============  =====================================================
发文机关标志    mark             一个机关一行（加“文件”），联合行文时上下排列（信函在首页页眉中）
纪要标志        minutes_mark     “××纪要”一行（纪要格式，不上下排列）
正文            body             分级标题、段落、表格和图片（``body``）
附件说明        attachments      空一行，“附件：1.××”，其后附件名对齐
署名            signature        署名和成文日期（加盖印章、联合行文、签名章、不加盖印章）
附注            note             （附注）
附件页          annexes          每个附件另起一页：附件标识、标题、正文
出席人员        attendance       纪要的 出席：/请假：/列席： 各行
版记            banji            抄送、印发机关和印发日期（带分隔线）
信函版记        letter_banji     信函格式的版记（无分隔线，无印发行）
=============  ===============  =====================================================

The paragraphs name their styles by id (一级标题, 正文, 署名 …), so a staff member
who restyles 一级标题 in the template restyles every heading the block prints.

>>> "w:pStyle" in EXPANDERS["正文"]() and "xmlns" not in EXPANDERS["正文"]()
True
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Sequence
from typing import Any

from lxml import etree

__all__ = ["EXPANDERS", "built_by", "fragment"]

_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def fragment(elements: Sequence[etree._Element]) -> str:
    """Body elements as WordprocessingML text, ``w:`` prefix, no namespace declarations,
    styles referred to by name (the renderer gives each the template's id for that name).

    >>> from doctemplates.layout.paragraphs import para
    >>> fragment([para("正文", "甲")])
    '<w:p><w:pPr><w:pStyle w:val="正文"/></w:pPr><w:r><w:t xml:space="preserve">甲</w:t></w:r></w:p>'
    """
    from doctemplates.gbt9704.styles import STYLES

    names = {spec.sid: spec.name for spec in STYLES}
    wrapper = etree.Element(f"{{{_W}}}body", nsmap={"w": _W})
    for element in elements:
        for ref in element.iter(f"{{{_W}}}pStyle", f"{{{_W}}}rStyle", f"{{{_W}}}tblStyle"):
            sid = ref.get(f"{{{_W}}}val", "")
            ref.set(f"{{{_W}}}val", names.get(sid, sid))
        wrapper.append(element)
    text = etree.tostring(wrapper, encoding="unicode")
    start = text.index(">") + 1
    return "" if text.endswith("/>") else text[start : text.rindex("</")]


def built_by(module: str, builder: str, **options: Any) -> Callable[[], str]:
    """An expander: ``module.builder(**options)``'s elements as a :func:`fragment`; the
    module (one of the layout's builders) is imported when the block is first expanded.

    >>> "w:pStyle" in built_by("doctemplates.layout.closing", "note")()
    True
    """

    def expander() -> str:
        return fragment(getattr(importlib.import_module(module), builder)(**options))

    return expander


_LAYOUT = "doctemplates.layout."
_BLOCKS: dict[tuple[str, str], Callable[[], str]] = {
    ("发文机关标志", "mark"): built_by(_LAYOUT + "header", "mark_block"),
    ("纪要标志", "minutes_mark"): built_by(_LAYOUT + "header", "minutes_mark"),
    ("正文", "body"): built_by(_LAYOUT + "body", "body_loop"),
    ("附件说明", "attachments"): built_by(_LAYOUT + "body", "attachment_note"),
    ("署名", "signature"): built_by(_LAYOUT + "closing", "signature_block"),
    ("附注", "note"): built_by(_LAYOUT + "closing", "note"),
    ("附件页", "annexes"): built_by(_LAYOUT + "closing", "annex_pages"),
    ("出席人员", "attendance"): built_by(_LAYOUT + "body", "attendance"),
    ("版记", "banji"): built_by(_LAYOUT + "closing", "banji"),
    ("信函版记", "letter_banji"): built_by(
        _LAYOUT + "closing", "banji", lines=False, printer=False
    ),
}

#: Placeholder name (Chinese and English) → expander.
EXPANDERS: dict[str, Callable[[], str]] = {
    name: expander for names, expander in _BLOCKS.items() for name in names
}
