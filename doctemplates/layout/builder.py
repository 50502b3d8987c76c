"""Build the staff-editable docxtpl templates (模板生成).

``build_template("文件")`` returns the bytes of a .docx whose look lives in
named styles and whose fields are docxtpl tags reading the context contract
documented in :mod:`doctemplates.layout`.

A document kind composes its own template from the same pieces with a
:class:`TemplateSpec`: the format's 版头 and footers, then hooks filled with
paragraphs (fixed wording as text, fields as tags)::

    spec = TemplateSpec(
        fmt="信函",
        corner="{{ category.label }}",                    # 右上角标注, page 1
        opening=[para("正文", "您提出的《{{ proposal.title }}》……收悉，现答复如下：")],
        after_date=[para("附注", "（联系人：{{ contact }}）")],
    )
    build_template(spec)

Document order: 版头 → 标题/主送 → ``opening`` → ``body`` (default: the
block placeholder ``{{p 正文 }}``, the engine's numbered body) → ``ending`` →
附件说明 → 署名/成文日期 → 附注
→ ``after_date`` → 附件 pages → ``appendix`` (e.g. a landscape table section,
:func:`doctemplates.layout.sections.landscape_pages`) → 版记.

The blocks whose shape the data decides (正文, 附件说明, 署名, 附注, 附件页, 版记,
纪要's 出席人员) are one placeholder paragraph each (``{{p 署名 }}``), expanded by the
renderer into the paragraphs of :mod:`doctemplates.placeholders`; fixed wording
stays text in the template.
"""

from __future__ import annotations

import copy
import io
from collections.abc import Sequence
from dataclasses import dataclass

import docx
from docx.document import Document
from lxml import etree

from doctemplates.gbt9704 import geometry as g
from doctemplates.gbt9704.formats import FORMATS, Format, get_format
from doctemplates.layout import body, header
from doctemplates.layout.oxml import dynamic, el
from doctemplates.layout.page import setup_footers, setup_page
from doctemplates.layout.paragraphs import blank, control, para, placeholder, run, tabs
from doctemplates.layout.properties import install_properties
from doctemplates.layout.sections import finish_sections
from doctemplates.layout.styles import install_styles
from doctemplates.package import Member, read_package, write_package

__all__ = ["FORMATS", "TEMPLATE_FILES", "Pieces", "TemplateSpec", "build_template"]

#: A run of body-level elements (paragraphs, tables, control paragraphs).
Pieces = Sequence[etree._Element]


@dataclass(frozen=True)
class TemplateSpec:
    """What one template is made of.  模板构成。

    Every hook is a sequence of body elements built with
    :mod:`doctemplates.layout.paragraphs` (``para``, ``control``, ``blank``) or
    the other layout pieces; they are copied, so a spec can be built from twice.
    """

    fmt: str = "文件"  # 公文格式: 文件 / 信函 / 讲话 / 纪要 / 命令 (版头 and footers)
    name: str | None = None  # 模板名称 (app.xml Template; the document's title is its 标题)
    corner: str | None = None  # 右上角标注 on page 1, e.g. "{{ category.label }}"
    title_block: Pieces | None = None  # replaces the format's 标题/副标题/主送 block
    opening: Pieces = ()  # 开头: after 标题/主送, before the numbered body
    body: Pieces | None = None  # replaces the numbered ``body`` loop
    ending: Pieces = ()  # 结束语: after the body, before 附件说明 and 署名
    after_date: Pieces = ()  # after 成文日期 and 附注 (e.g. 联系人、联系电话)
    appendix: Pieces = ()  # after the 附件 pages, before the 版记

    def elements(self) -> list[etree._Element]:
        """The document body, top to bottom."""
        fmt = self.format
        main = [placeholder("正文", "正文")] if self.body is None else _copied(self.body)
        titles = _title_block(fmt) if self.title_block is None else self.title_block
        return [
            *_header(fmt, self.corner),
            *_copied(titles),
            *_copied(self.opening),
            *main,
            *_copied(self.ending),
            placeholder("附件说明", "附件说明"),
            placeholder("署名", "署名"),
            placeholder("附注", "附注"),
            *_copied(self.after_date),
            placeholder("附件页", "附件标识"),
            *_copied(self.appendix),
            placeholder("版记" if fmt.banji_lines and fmt.banji_printer else "信函版记"),
        ]

    @property
    def format(self) -> Format:
        """The :class:`~doctemplates.gbt9704.formats.Format` named by ``fmt``."""
        try:
            return get_format(self.fmt)
        except KeyError:
            raise ValueError(f"未知格式 {self.fmt!r}（可选：{'、'.join(FORMATS)}）") from None


def _copied(pieces: Pieces) -> list[etree._Element]:
    return [copy.deepcopy(piece) for piece in pieces]


def _header(fmt: Format, corner: str | None) -> list[etree._Element]:
    """The format's 版头 (§2, §10): red 标志 and 文号, the 信函 文号 line, or none."""
    if fmt.letterhead:  # the 标志 lives in the first-page header (build_template)
        return _letter(corner)
    below = fmt.mark_top_mm - g.MARGIN_TOP_MM
    if fmt.order_number:  # 命令（令）: 标志, 令号, no 份号 lines or red line (§10.2)
        return header.order_header(joint=fmt.joint_mark, mark_below_mm=below)
    if fmt.red_header:
        return header.document_header(corner, joint=fmt.joint_mark, mark_below_mm=below)
    # 讲话稿 (spec §7): no header; a 右上角标注 gets a line of its own
    return [] if corner is None else [header.corner_line(corner)]


def _title_block(fmt: Format) -> list[etree._Element]:
    """The format's default title block (标题、副标题、主送; 讲话人; 纪要 出席/请假/列席)."""
    if fmt.order_number:  # 命令（令）: 主送 (if any) and text two blank lines under the 令号
        return [
            *(blank() for _ in range(g.ORDER_BLANK_LINES)),
            control("if recipients"),
            para("主送机关", "{{ recipients }}"),
            control("endif"),
        ]
    titles = body.speech_title() if fmt.speaker_lines else body.title_block()
    return [*titles, *([placeholder("出席人员", "出席人员")] if fmt.attendance else [])]


def _letter(corner: str | None) -> list[etree._Element]:
    """信函格式 (§6): 文号 flush right under the double line (the title follows).

    With 签发人 they stand flush left on the 文号 line (as in §2.6): one paragraph, the
    签发人 runs by inline ``{% if %}``, the alignment live from the context.  The 标志
    and the 右上角标注 live in the first-page header (see :func:`build_template`).
    """
    align = dynamic(
        [el("w:jc", val="right")], "<w:jc w:val=\"{{ 'left' if 签发人 else 'right' }}\"/>"
    )
    return [
        para(
            "发文字号",
            run("{% if 签发人 %}签发人："),
            run("{{ 签发人|join('　') }}", style="签发人"),
            run("\t{% endif %}{{ 发文字号 or '' }}"),
            ppr=[
                el("w:pBdr", el("w:bottom", val="nil")),
                tabs(("right", g.mm_to_twips(g.BAN_XIN_WIDTH_MM))),
                *align,
            ],
        )
    ]


#: 公文格式 → its generic template file (doctemplates/templates/).
TEMPLATE_FILES: dict[str, str] = {name: f.template for name, f in FORMATS.items()}


def _fill_body(document: Document, elements: list[etree._Element]) -> None:
    body_el = document.element.body
    sect = body_el.sectPr
    for child in list(body_el):
        if child is not sect:
            body_el.remove(child)
    for item in elements:
        sect.addprevious(item)
    sect.addprevious(para(None))  # last paragraph: anchors the floating 版记


def build_template(spec: str | TemplateSpec) -> bytes:
    """The docxtpl template as .docx bytes (same bytes every run).

    ``spec`` is a format name ("文件", "信函", "讲话", "纪要", "命令": the engine's
    generic template) or a :class:`TemplateSpec` composed by a document kind.
    """
    if isinstance(spec, str):
        spec = TemplateSpec(fmt=spec)
    elements = spec.elements()
    fmt = spec.format
    document = docx.Document()
    install_styles(document.styles.element)
    setup_page(document.sections[0])
    if fmt.letterhead:
        setup_footers(
            document,
            first_header=header.letter_page_header(spec.corner, top_mm=fmt.mark_top_mm),
            first_footer=[header.letter_footer_line()],
        )
    else:
        setup_footers(document)
    _fill_body(document, elements)  # after the setup: sections[0] is the body's own sectPr
    if finish_sections(document.element.body) and fmt.letterhead:
        raise ValueError("信函格式的首页版头不能与分节（横排页）同用")
    install_properties(document, spec.name or f"公文模板（{spec.fmt}格式）")
    buf = io.BytesIO()
    document.save(buf)
    # the same bytes every run: python-docx's members, in its order, by the one zip writer
    members = read_package(buf.getvalue())
    return write_package([Member.deflate(n, c) for n, c in members.items()], unix_mode=0o644)
