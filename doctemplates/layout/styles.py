"""Named Word styles carrying the whole GB/T 9704 look (样式): the XML of the one style table.

Staff change the look by editing a style in Word; the body paragraphs only
name styles.  What each style is (name, id, family, size, indents …) is
:data:`doctemplates.gbt9704.styles.STYLES`, which the checker reads too; this
module writes it as ``styles.xml``.
"""

from __future__ import annotations

from docx.oxml.ns import qn
from lxml import etree

from doctemplates.gbt9704 import geometry as g
from doctemplates.gbt9704.fonts import face_of
from doctemplates.gbt9704.styles import STYLES, StyleSpec, style_id
from doctemplates.layout import calibration as cal
from doctemplates.layout.oxml import el

__all__ = ["STYLES", "StyleSpec", "install_styles", "style_id"]


def fonts_element(font: str) -> etree._Element:
    """``w:rFonts`` naming ``font`` for every script (east-Asian included)."""
    return el("w:rFonts", ascii=font, hAnsi=font, eastAsia=font, cs=font)


def _rpr(spec: StyleSpec) -> etree._Element:
    rpr = el("w:rPr")
    if spec.family:
        rpr.append(fonts_element(face_of(spec.family)))
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
    if spec.rule_below_mm:
        rule = el(
            "w:bottom",
            val="single",
            sz=g.border_eighths(spec.rule_below_mm),
            space=round(cal.RED_LINE_SPACE_PT),
            color=g.COLOR_RED,
        )
        ppr.append(el("w:pBdr", rule))
    if spec.line_pt:
        line = g.pt_to_twips(spec.line_pt)
        ppr.append(el("w:spacing", before=0, after=0, line=line, lineRule="exact"))
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
