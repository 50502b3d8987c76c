"""主体 (body, §3): title, 主送机关, the numbered body loop, 附件说明.

The engine hands a flat, already-numbered list (``label`` is literal text);
the template only chooses the style per ``kind`` and ``level``.
"""

from __future__ import annotations

from collections.abc import Callable

from lxml import etree

from doctemplates.gbt9704 import geometry as g
from doctemplates.gbt9704.styles import LEVELS, heading_style
from doctemplates.layout.oxml import dynamic, el
from doctemplates.layout.paragraphs import blank, control, para, run
from doctemplates.render.groups import slot

__all__ = [
    "attachment_note",
    "body_loop",
    "last_paragraph",
    "paragraphs_or",
    "speech_title",
    "title_block",
]


def _by_level(var: str, make: Callable[[int], etree._Element]) -> list[etree._Element]:
    out: list[etree._Element] = []
    for level in LEVELS:
        keyword = "if" if level == LEVELS[0] else "elif"
        tag = f"{keyword} {var}.level == {level}" if level < LEVELS[-1] else "else"
        out += [control(tag), make(level)]
    out.append(control("endif"))
    return out


def _keep_next_if_last() -> list[etree._Element]:
    """``w:keepNext`` on the loop's last item only (§7.3.5.5: it stays with the 署名)."""
    return dynamic([], '<w:keepNext w:val="{{ 1 if loop.last else 0 }}"/>')


def body_loop(
    items: str = "body", var: str = "item", *, groups: bool = True
) -> list[etree._Element]:
    """``{%p for %}`` over body items: heading / runin / paragraph (§3 结构层次序数).

    An item of kind ``region`` prints the template's paragraph group (段落组,
    :mod:`doctemplates.render.groups`) its ``text`` names, nothing when the template has
    none of that name; a group that ends the body keeps with the 署名 (§7.3.5.5).
    ``groups=False`` (an annex's body): region items print nothing.
    """

    def heading(level: int) -> etree._Element:
        return para(heading_style(level).name, f"{{{{ {var}.label }}}}{{{{ {var}.heading }}}}")

    def runin(level: int) -> etree._Element:
        return para(
            "正文",
            run(
                f"{{{{ {var}.label }}}}{{{{ {var}.heading }}}}",
                style=heading_style(level, run=True).name,
            ),
            run(f"{{{{ {var}.text }}}}"),
            ppr=_keep_next_if_last(),
        )

    return [
        control(f"for {var} in {items}"),
        control(f'if {var}.kind == "heading"'),
        *_by_level(var, heading),
        control(f'elif {var}.kind == "runin"'),
        *_by_level(var, runin),
        control(f'elif {var}.kind == "block" and {var}.block'),
        # a table or picture (doctemplates.blocks): the whole paragraph becomes its XML
        para(None, f"{{{{p {var}.block }}}}"),
        # the template's paragraph groups, the one the item names (a kind's sentences)
        *(
            [control(f'elif {var}.kind == "region"'), para(None, slot(f"{var}.text", "loop.last"))]
            if groups
            else [control(f'elif {var}.kind == "region"')]
        ),
        control("elif loop.last"),
        # §7.3.5.5: never a page holding only the signature — the last body
        # paragraph keeps with the signature block that follows it.
        para("正文", f"{{{{ {var}.text }}}}", ppr=[el("w:keepNext")]),
        control("else"),
        para("正文", f"{{{{ {var}.text }}}}"),
        control("endif"),
        control("endfor"),
    ]


def title_block(*, lines_before: int = 2) -> list[etree._Element]:
    """标题 two blank lines under the red line, 副标题, 主送机关 one blank line below (§3).

    No tags: 副标题 and 主送 (with the blank line above it) are one-field paragraphs,
    left out when empty (:mod:`doctemplates.render.optional`).
    """
    return [
        *(blank() for _ in range(lines_before)),
        para("公文标题", "{{ 标题 }}"),
        para("副标题", "{{ 副标题 }}"),
        blank(),
        para("主送机关", "{{ 主送 }}"),
    ]


def speech_title(*, recipients: bool = True) -> list[etree._Element]:
    """讲话稿: title, subtitle, speaker and （date） centred in 三号 楷体 (spec §7).

    ``recipients=False`` leaves out the 主送/称呼 line (a kind writes its own).  Every
    line but the title is a one-field paragraph, left out when empty (render.optional).
    """
    head = [
        para("公文标题", "{{ 标题 }}"),
        para("副标题", "{{ 副标题 }}"),
        blank(),
        para("讲话人", "{{ 讲话人 }}"),
        para("讲话人", "（{{ 讲话日期 }}）"),
    ]
    if not recipients:
        return head
    return [*head, blank(), para("主送机关", "{{ 主送 }}")]


def attachment_note() -> list[etree._Element]:
    """附件说明: one blank line, ``附件：1.×××``, following names aligned (§3)."""
    single = para(
        "附件说明",
        "附件：{{ attachments[0].title }}",
        ppr=[
            el(
                "w:ind",
                left=g.zi(g.ATTACHMENT_NAMES_ZI),
                hanging=g.zi(g.ATTACHMENT_NAMES_ZI - g.PARAGRAPH_INDENT_ZI),
            )
        ],
    )
    return [
        control("if attachments"),
        blank("附件说明"),  # keeps with next, like the 附件说明 lines
        control("if attachments|length == 1"),
        single,
        control("else"),
        control("for a in attachments"),
        control("if loop.first"),
        para("附件说明", "附件：{{ a.index }}.{{ a.title }}"),
        control("else"),
        para("附件说明续", "{{ a.index }}.{{ a.title }}"),
        control("endif"),
        control("endfor"),
        control("endif"),
        control("endif"),
    ]


def attendance() -> list[etree._Element]:
    """纪要: ``出席：`` ``请假：`` ``列席：`` labels in 黑体, names hang (§6).

    Reads the optional ``attendance`` list of ``{label, names}``.
    """
    return [
        control("if attendance is defined and attendance"),
        control("for row in attendance"),
        para("出席人员", run("{{ row.label }}：", style="纪要标签"), run("{{ row.names }}")),
        control("endfor"),
        control("endif"),
    ]


def paragraphs_or(items: str, default: str, *, style: str = "正文") -> list[etree._Element]:
    """The paragraphs of the list ``items`` when given, else the fixed ``default`` wording.

    E.g. a kind's standard opening that the data may replace (``opening:`` in YAML).
    """
    return [  # Jinja's for … else: the fixed wording when the list is empty or None
        control(f"for text in {items} or []"),
        para(style, "{{ text }}"),
        control("else"),
        para(style, default),
        control("endfor"),
    ]


def last_paragraph(text: str, *, style: str = "正文") -> etree._Element:
    """A closing paragraph kept with the 署名 that follows it (§7.3.5.5)."""
    return para(style, text, ppr=[el("w:keepNext")])
