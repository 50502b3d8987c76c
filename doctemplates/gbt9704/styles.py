"""The named Word styles of a 公文 (样式表): one table for the builder, the checker and lint.

Staff change the look by editing a style in Word; the body paragraphs only
name styles.  Each :class:`StyleSpec` says what the builder writes (face
family, size, indents, alignment …), which families the checker accepts, and
the *role* the checker gives a paragraph in that style (版头 parts, title,
body, closing parts …; character styles name what their run marks).  Style ids
are ASCII, names are the Chinese names users see.

Builder: :func:`doctemplates.layout.styles.install_styles`; checker:
:mod:`doctemplates.check.docx.styles` (every style is font-checked) and
:mod:`doctemplates.check.docx.structure` (roles); lint reports a template whose
styles left the standard.

>>> spec = by_name("一级标题")
>>> spec.sid, spec.role, spec.families, spec.expected_size
('H1', 'body', ('黑体',), 16.0)
>>> heading_style(2).name, heading_style(2, run=True).name
('二级标题', '二级标题字符')
>>> by_name("份号").families
('黑体', '仿宋')
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from doctemplates.gbt9704 import geometry as g
from doctemplates.gbt9704.fonts import BODY_FAMILY

__all__ = [
    "CHARACTER_ROLES",
    "LEVELS",
    "PARAGRAPH_ROLES",
    "STYLES",
    "StyleSpec",
    "by_name",
    "heading_style",
    "style_id",
    "style_roles",
]

StyleKind = Literal["paragraph", "character"]
#: The four 结构层次 (一、 （一） 1. （1）, §3), each with a heading style.
LEVELS = (1, 2, 3, 4)

#: What a paragraph in a style is to the checker (check/docx/structure); the walker adds
#: annex_title, annex_body, blank and table for paragraphs it recognises by text and place.
PARAGRAPH_ROLES = frozenset(
    {
        *("copy", "classification", "urgency", "mark", "number", "corner"),
        *("title", "subtitle", "recipients", "body", "attendance", "table", "caption", "figure"),
        *("attach_note", "signature", "date", "note", "annex_label", "banji", "other"),
    }
)
#: What a run in a character style marks.
CHARACTER_ROLES = frozenset({"label", "signer", "attendance_label", "corner"})


@dataclass(frozen=True)
class StyleSpec:
    """One named style (paragraph or character): what is written and what is accepted."""

    sid: str  # style id (ASCII)
    name: str  # style name users see
    role: str  # PARAGRAPH_ROLES (paragraph styles) or CHARACTER_ROLES (character styles)
    kind: StyleKind = "paragraph"
    family: str | None = None  # face family written; None: the document default (仿宋)
    accepts: tuple[str, ...] = ()  # families the checker accepts; () = the written family
    size: float | None = None  # pt written; None: the document default (三号) or the paragraph's
    size_varies: bool = False  # the size is chosen per document (the fitted 标志): not checked
    bold: bool = False
    color: str | None = None
    align: str | None = None  # w:jc value
    first_line: int = 0  # twips
    left: int = 0
    right: int = 0
    hanging: int = 0
    keep_next: bool = False
    page_break_before: bool = False
    level: int | None = None  # 结构层次 1–4 (headings and their run-in character styles)
    line_pt: float | None = None  # exact line height; None = inherit the grid pitch
    rule_below_mm: float | None = None  # a red rule under the paragraph (the 版头 分隔线)

    @property
    def families(self) -> tuple[str, ...]:
        """The families the checker accepts for text in this style."""
        return self.accepts or (self.family or BODY_FAMILY,)

    @property
    def expected_size(self) -> float | None:
        """The size (pt) the checker expects, or None when it is not checked.

        A character style takes its size from the paragraph it is in; the 标志 is fitted.
        """
        if self.kind == "character" or self.size_varies:
            return None
        return self.size or g.SIZE_SAN_HAO

    @property
    def outline(self) -> int | None:
        """``w:outlineLvl`` of a heading paragraph style (level 1 → 0)."""
        return self.level - 1 if self.level and self.kind == "paragraph" else None


_Z2 = g.zi(2)
_SI_ZI = g.pt_to_twips(g.SIZE_SI_HAO)  # one 四号 字, for the 版记 (§4)

STYLES: tuple[StyleSpec, ...] = (
    # 正文 and its headings (§3)
    StyleSpec("Zhengwen", "正文", "body", align="both", first_line=_Z2),
    StyleSpec(
        "GongwenTitle", "公文标题", "title", family="小标宋", size=g.SIZE_ER_HAO, align="center"
    ),
    StyleSpec("Subtitle", "副标题", "subtitle", family="楷体", align="center"),
    StyleSpec("Recipients", "主送机关", "recipients", align="both"),
    StyleSpec("H1", "一级标题", "body", family="黑体", first_line=_Z2, keep_next=True, level=1),
    StyleSpec("H2", "二级标题", "body", family="楷体", first_line=_Z2, keep_next=True, level=2),
    StyleSpec("H3", "三级标题", "body", first_line=_Z2, keep_next=True, level=3),
    StyleSpec("H4", "四级标题", "body", first_line=_Z2, keep_next=True, level=4),
    StyleSpec("H1Char", "一级标题字符", "label", kind="character", family="黑体", level=1),
    StyleSpec("H2Char", "二级标题字符", "label", kind="character", family="楷体", level=2),
    StyleSpec("H3Char", "三级标题字符", "label", kind="character", family="仿宋", level=3),
    StyleSpec("H4Char", "四级标题字符", "label", kind="character", family="仿宋", level=4),
    # 附件说明 (§3): "附件：1." hangs so wrapped lines align after "1."
    # They keep with next: 附件说明 and the 署名 below it share a page (§7.3.5.5).
    StyleSpec(
        "AttachNote",
        "附件说明",
        "attach_note",
        left=g.zi(6),
        hanging=g.zi(4),
        align="both",
        keep_next=True,
    ),
    StyleSpec(
        "AttachNoteCont",
        "附件说明续",
        "attach_note",
        left=g.zi(6),
        hanging=g.zi(1),
        align="both",
        keep_next=True,
    ),
    # 署名、成文日期 (§3 §7.3.5): positions come from tab stops on the paragraphs
    StyleSpec("Signature", "署名", "signature", keep_next=True),
    StyleSpec("SignDate", "成文日期", "date"),
    StyleSpec("Note", "附注", "note", first_line=_Z2, align="both"),
    StyleSpec("AnnexLabel", "附件标识", "annex_label", family="黑体", page_break_before=True),
    # 版记 (§4)
    StyleSpec("Banji", "版记", "banji", size=g.SIZE_SI_HAO, left=_SI_ZI, right=_SI_ZI, hanging=0),
    StyleSpec("PageNumber", "页码", "other", family="宋体", size=g.SIZE_SI_HAO),
    # 版头 (§2): 份号 in 黑体 or 仿宋 (§2.1)
    StyleSpec("CopyNumber", "份号", "copy", family="黑体", accepts=("黑体", "仿宋")),
    StyleSpec("Classification", "密级", "classification", family="黑体"),
    StyleSpec("Urgency", "紧急程度", "urgency", family="黑体"),
    StyleSpec(
        "OrganMark",
        "发文机关标志",
        "mark",
        family="小标宋",
        size=g.MARK_MAX_PT,
        size_varies=True,
        color=g.COLOR_RED,
        align="center",
    ),
    StyleSpec("DocNumber", "发文字号", "number", align="center", rule_below_mm=g.RED_LINE_MM),
    StyleSpec("SignerName", "签发人", "signer", kind="character", family="楷体"),
    # 讲话稿 / 纪要 (§6 §7)
    StyleSpec("Speaker", "讲话人", "subtitle", family="楷体", align="center"),
    StyleSpec("MinutesLabel", "纪要标签", "attendance_label", kind="character", family="黑体"),
    StyleSpec("Attendees", "出席人员", "attendance", left=g.zi(3), hanging=g.zi(3), align="both"),
    # 右上角标注 (e.g. 提案办理结果类别, spec §7): 三号 黑体, top right of page 1
    StyleSpec("CornerMark", "右上角标注", "corner", family="黑体", align="right"),
    StyleSpec("CornerMarkChar", "右上角标注字符", "corner", kind="character", family="黑体"),
    # 表格 (§8 and practice): 小四, 黑体 head row, exact lines
    StyleSpec(
        "TableHead",
        "表格标题行",
        "table",
        family="黑体",
        size=g.SIZE_XIAO_SI,
        align="center",
        line_pt=g.TABLE_LINE_PT,
    ),
    StyleSpec(
        "TableText", "表格正文", "table", size=g.SIZE_XIAO_SI, align="left", line_pt=g.TABLE_LINE_PT
    ),
    # 正文中的表格、图片 (layout/blocks.py): 表题 above a table, 图题 under a picture
    StyleSpec("TableTitle", "表题", "caption", family="黑体", align="center", keep_next=True),
    StyleSpec("Figure", "图片", "figure", align="center", keep_next=True),
    StyleSpec("FigureCaption", "图题", "caption", align="center"),
    StyleSpec(
        "TableCentred",
        "表格居中",
        "table",
        size=g.SIZE_XIAO_SI,
        align="center",
        line_pt=g.TABLE_LINE_PT,
    ),
)

_BY_NAME = {spec.name: spec for spec in STYLES}


def by_name(name: str) -> StyleSpec:
    """The style called ``name`` (KeyError when the table has none)."""
    return _BY_NAME[name]


def style_id(name: str) -> str:
    """The style id of the style called ``name``."""
    return _BY_NAME[name].sid


def heading_style(level: int, *, run: bool = False) -> StyleSpec:
    """The heading style of 结构层次 ``level`` (1–4); ``run``: its run-in character style."""
    kind = "character" if run else "paragraph"
    return next(s for s in STYLES if s.level == level and s.kind == kind)


def style_roles() -> dict[str, str]:
    """Paragraph style name → role (what check/docx/structure reads)."""
    return {s.name: s.role for s in STYLES if s.kind == "paragraph"}
