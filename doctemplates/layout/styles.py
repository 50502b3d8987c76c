"""Named Word styles carrying the whole GB/T 9704 look (样式).

Staff change the look by editing a style in Word; the body paragraphs only
name styles.  Style ids are ASCII, names are the Chinese names users see.
"""

from __future__ import annotations

from dataclasses import dataclass

from docx.oxml.ns import qn
from lxml import etree

from doctemplates.layout import geometry as g
from doctemplates.layout.oxml import el

__all__ = ["STYLES", "StyleSpec", "install_styles", "style_id"]


@dataclass(frozen=True)
class StyleSpec:
    """One named style: paragraph (``kind="paragraph"``) or character."""

    sid: str
    name: str
    kind: str = "paragraph"
    font: str | None = None
    size: float | None = None
    bold: bool = False
    color: str | None = None
    align: str | None = None  # w:jc value
    first_line: int = 0  # twips
    left: int = 0
    right: int = 0
    hanging: int = 0
    keep_next: bool = False
    page_break_before: bool = False
    outline: int | None = None
    line: int | None = None  # exact line height in twips; None = inherit the grid pitch
    border_bottom: tuple[str, int, int, str] | None = None  # (style, eighths, space pt, colour)


_Z2 = g.zi(2)
_SI_ZI = g.pt_to_twips(g.SIZE_SI_HAO)  # one 四号 字, for the 版记 (§4)

STYLES: tuple[StyleSpec, ...] = (
    # 正文 and its headings (§3)
    StyleSpec("Zhengwen", "正文", align="both", first_line=_Z2),
    StyleSpec(
        "GongwenTitle", "公文标题", font=g.FONT_XIAOBIAOSONG, size=g.SIZE_ER_HAO, align="center"
    ),
    StyleSpec("Subtitle", "副标题", font=g.FONT_KAITI, align="center"),
    StyleSpec("Recipients", "主送机关", align="both"),
    StyleSpec("H1", "一级标题", font=g.FONT_HEITI, first_line=_Z2, keep_next=True, outline=0),
    StyleSpec("H2", "二级标题", font=g.FONT_KAITI, first_line=_Z2, keep_next=True, outline=1),
    StyleSpec("H3", "三级标题", first_line=_Z2, keep_next=True, outline=2),
    StyleSpec("H4", "四级标题", first_line=_Z2, keep_next=True, outline=3),
    StyleSpec("H1Char", "一级标题字符", kind="character", font=g.FONT_HEITI),
    StyleSpec("H2Char", "二级标题字符", kind="character", font=g.FONT_KAITI),
    StyleSpec("H3Char", "三级标题字符", kind="character", font=g.FONT_FANGSONG),
    StyleSpec("H4Char", "四级标题字符", kind="character", font=g.FONT_FANGSONG),
    # 附件说明 (§3): "附件：1." hangs so wrapped lines align after "1."
    # They keep with next: 附件说明 and the 署名 below it share a page (§7.3.5.5).
    StyleSpec(
        "AttachNote", "附件说明", left=g.zi(6), hanging=g.zi(4), align="both", keep_next=True
    ),
    StyleSpec(
        "AttachNoteCont", "附件说明续", left=g.zi(6), hanging=g.zi(1), align="both", keep_next=True
    ),
    # 署名、成文日期 (§3 §7.3.5): positions come from tab stops on the paragraphs
    StyleSpec("Signature", "署名", keep_next=True),
    StyleSpec("SignDate", "成文日期"),
    StyleSpec("Note", "附注", first_line=_Z2, align="both"),
    StyleSpec("AnnexLabel", "附件标识", font=g.FONT_HEITI, page_break_before=True),
    # 版记 (§4)
    StyleSpec("Banji", "版记", size=g.SIZE_SI_HAO, left=_SI_ZI, right=_SI_ZI, hanging=0),
    StyleSpec("PageNumber", "页码", font=g.FONT_SONGTI, size=g.SIZE_SI_HAO),
    # 版头 (§2)
    StyleSpec("CopyNumber", "份号", font=g.FONT_HEITI),
    StyleSpec("Classification", "密级", font=g.FONT_HEITI),
    StyleSpec("Urgency", "紧急程度", font=g.FONT_HEITI),
    StyleSpec(
        "OrganMark",
        "发文机关标志",
        font=g.FONT_XIAOBIAOSONG,
        size=g.MARK_MAX_PT,
        color=g.COLOR_RED,
        align="center",
    ),
    StyleSpec(
        "DocNumber",
        "发文字号",
        align="center",
        border_bottom=(
            "single",
            g.border_eighths(g.RED_LINE_MM),
            round(g.RED_LINE_SPACE_PT),
            g.COLOR_RED,
        ),
    ),
    StyleSpec("SignerName", "签发人", kind="character", font=g.FONT_KAITI),
    # 讲话稿 / 纪要 (§6 §7)
    StyleSpec("Speaker", "讲话人", font=g.FONT_KAITI, align="center"),
    StyleSpec("MinutesLabel", "纪要标签", kind="character", font=g.FONT_HEITI),
    StyleSpec("Attendees", "出席人员", left=g.zi(3), hanging=g.zi(3), align="both"),
    # 右上角标注 (e.g. 提案办理结果类别, spec §7): 三号 黑体, top right of page 1
    StyleSpec("CornerMark", "右上角标注", font=g.FONT_HEITI, align="right"),
    StyleSpec("CornerMarkChar", "右上角标注字符", kind="character", font=g.FONT_HEITI),
    # 表格 (§8 and practice): 小四, 黑体 head row, exact lines
    StyleSpec(
        "TableHead",
        "表格标题行",
        font=g.FONT_HEITI,
        size=g.SIZE_XIAO_SI,
        align="center",
        line=g.pt_to_twips(g.TABLE_LINE_PT),
    ),
    StyleSpec(
        "TableText",
        "表格正文",
        size=g.SIZE_XIAO_SI,
        align="left",
        line=g.pt_to_twips(g.TABLE_LINE_PT),
    ),
    # 正文中的表格、图片 (layout/blocks.py): 表题 above a table, 图题 under a picture
    StyleSpec("TableTitle", "表题", font=g.FONT_HEITI, align="center", keep_next=True),
    StyleSpec("Figure", "图片", align="center", keep_next=True),
    StyleSpec("FigureCaption", "图题", align="center"),
    StyleSpec(
        "TableCentred",
        "表格居中",
        size=g.SIZE_XIAO_SI,
        align="center",
        line=g.pt_to_twips(g.TABLE_LINE_PT),
    ),
)


def style_id(name: str) -> str:
    """The style id of the style called ``name``."""
    for spec in STYLES:
        if spec.name == name:
            return spec.sid
    raise KeyError(name)


def fonts_element(font: str) -> etree._Element:
    """``w:rFonts`` naming ``font`` for every script (east-Asian included)."""
    return el("w:rFonts", ascii=font, hAnsi=font, eastAsia=font, cs=font)


def _rpr(spec: StyleSpec) -> etree._Element:
    rpr = el("w:rPr")
    if spec.font:
        rpr.append(fonts_element(spec.font))
    if spec.bold:
        rpr.append(el("w:b"))
    if spec.color:
        rpr.append(el("w:color", val=spec.color))
    if spec.size:
        rpr.append(el("w:sz", val=round(spec.size * 2)))
        rpr.append(el("w:szCs", val=round(spec.size * 2)))
    return rpr


def _ppr(spec: StyleSpec) -> etree._Element:
    ppr = el("w:pPr")
    if spec.keep_next:
        ppr.append(el("w:keepNext"))
    if spec.page_break_before:
        ppr.append(el("w:pageBreakBefore"))
    if spec.border_bottom:
        style, sz, space, color = spec.border_bottom
        ppr.append(el("w:pBdr", el("w:bottom", val=style, sz=sz, space=space, color=color)))
    if spec.line:
        ppr.append(el("w:spacing", before=0, after=0, line=spec.line, lineRule="exact"))
    ind = {"left": spec.left, "right": spec.right}
    if spec.hanging:
        ind["hanging"] = spec.hanging
    else:
        ind["firstLine"] = spec.first_line
    ppr.append(el("w:ind", **ind))
    if spec.align:
        ppr.append(el("w:jc", val=spec.align))
    if spec.outline is not None:
        ppr.append(el("w:outlineLvl", val=spec.outline))
    return ppr


def style_element(spec: StyleSpec) -> etree._Element:
    """``w:style`` for ``spec``."""
    node = el("w:style", type=spec.kind, customStyle=1, styleId=spec.sid)
    node.append(el("w:name", val=spec.name))
    node.append(
        el("w:basedOn", val="Normal" if spec.kind == "paragraph" else "DefaultParagraphFont")
    )
    if spec.kind == "paragraph":
        node.append(el("w:next", val="Zhengwen" if spec.outline is not None else spec.sid))
    node.append(el("w:qFormat"))
    if spec.kind == "paragraph":
        node.append(_ppr(spec))
    node.append(_rpr(spec))
    return node


def _doc_defaults() -> etree._Element:
    """三号 仿宋 on the 22-line grid: exact line pitch, −0.25 pt tracking (§1).

    ``snapToGrid=0``: LibreOffice would otherwise snap every line (header,
    title, borders) to whole grid rows; the exact line pitch alone keeps 22
    lines per page in Word, WPS and LibreOffice.

    Line-end punctuation (issue 12): ``kinsoku`` on (避头尾: no line starts with
    ，。、；：？！）》」) and ``overflowPunct`` off (no hanging punctuation, W3C
    *Requirements for Chinese Text Layout* §3.1.7): a mark that does not fit
    takes the character before it down to the next line.  LibreOffice reads
    ``overflowPunct`` inverted; :mod:`doctemplates.pdf.punctuation` corrects that
    in the copy it converts.
    """
    rpr = el(
        "w:rPr",
        fonts_element(g.FONT_FANGSONG),
        el("w:color", val="000000"),
        el("w:spacing", val=g.pt_to_twips(g.CHAR_SPACING_PT)),
        el("w:kern", val=0),
        el("w:sz", val=round(g.SIZE_SAN_HAO * 2)),
        el("w:szCs", val=round(g.SIZE_SAN_HAO * 2)),
        el("w:lang", val="en-US", eastAsia="zh-CN", bidi="ar-SA"),
    )
    ppr = el(
        "w:pPr",
        el("w:widowControl", val=0),
        el("w:kinsoku", val=1),
        el("w:overflowPunct", val=0),
        el("w:snapToGrid", val=0),
        el("w:spacing", before=0, after=0, line=g.LINE_PITCH_TWIPS, lineRule="exact"),
    )
    return el("w:docDefaults", el("w:rPrDefault", rpr), el("w:pPrDefault", ppr))


_BUILTIN = """
<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/><w:qFormat/></w:style>
<w:style w:type="character" w:default="1" w:styleId="DefaultParagraphFont"><w:name w:val="Default Paragraph Font"/><w:uiPriority w:val="1"/><w:semiHidden/><w:unhideWhenUsed/></w:style>
<w:style w:type="table" w:default="1" w:styleId="TableNormal"><w:name w:val="Normal Table"/><w:uiPriority w:val="99"/><w:semiHidden/><w:unhideWhenUsed/><w:tblPr><w:tblInd w:w="0" w:type="dxa"/><w:tblCellMar><w:top w:w="0" w:type="dxa"/><w:left w:w="0" w:type="dxa"/><w:bottom w:w="0" w:type="dxa"/><w:right w:w="0" w:type="dxa"/></w:tblCellMar></w:tblPr></w:style>
<w:style w:type="numbering" w:default="1" w:styleId="NoList"><w:name w:val="No List"/><w:uiPriority w:val="99"/><w:semiHidden/><w:unhideWhenUsed/></w:style>
"""


def install_styles(styles_root: etree._Element) -> None:
    """Replace the contents of ``styles.xml`` with the 公文 defaults and styles."""
    for child in list(styles_root):
        styles_root.remove(child)
    styles_root.append(_doc_defaults())
    wrapper = etree.fromstring(
        f'<x xmlns:w="{qn("w:x")[1:].split("}")[0]}">{_BUILTIN}</x>'.encode()
    )
    for child in wrapper:
        styles_root.append(child)
    for spec in STYLES:
        styles_root.append(style_element(spec))
