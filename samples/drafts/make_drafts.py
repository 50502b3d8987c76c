"""Build the Word draft of samples/drafts (请示草稿.docx): a messy draft as staff write it.

Word auto-numbering (一、 （一） 1. in numbering.xml, a list restarted with
``startOverride``), direct formatting (fonts, sizes, colour, bold), a tracked
insertion and deletion, a comment, a table and a picture — everything
``doctemplates import`` must read.  Run: ``python samples/drafts/make_drafts.py``.
"""

from __future__ import annotations

import io
import sys
from pathlib import Path

import docx
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls
from docx.shared import Mm, Pt, RGBColor
from PIL import Image, ImageDraw

HERE = Path(__file__).parent

NUMBERING = f"""<w:numbering {nsdecls("w")}>
<w:abstractNum w:abstractNumId="10"><w:multiLevelType w:val="multilevel"/>
<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="%1、"/><w:suff w:val="nothing"/></w:lvl>
<w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="（%2）"/><w:suff w:val="nothing"/></w:lvl>
<w:lvl w:ilvl="2"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%3."/><w:suff w:val="nothing"/></w:lvl>
</w:abstractNum>
<w:abstractNum w:abstractNumId="20"><w:multiLevelType w:val="singleLevel"/>
<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%1、"/></w:lvl>
</w:abstractNum>
<w:num w:numId="1"><w:abstractNumId w:val="10"/></w:num>
<w:num w:numId="2"><w:abstractNumId w:val="20"/></w:num>
<w:num w:numId="3"><w:abstractNumId w:val="20"/><w:lvlOverride w:ilvl="0"><w:startOverride w:val="1"/></w:lvlOverride></w:num>
</w:numbering>"""


def _numbered(doc, text: str, num_id: int, ilvl: int, *, bold_head: bool = False):
    p = doc.add_paragraph()
    ppr = p._p.get_or_add_pPr()
    ppr.append(
        parse_xml(
            f'<w:numPr {nsdecls("w")}><w:ilvl w:val="{ilvl}"/><w:numId w:val="{num_id}"/></w:numPr>'
        )
    )
    head, _, rest = text.partition("。")
    if bold_head and rest:
        run = p.add_run(head + "。")
        run.bold = True
        p.add_run(rest)
    else:
        p.add_run(text)
    return p


def _tracked(p, inserted: str, deleted: str) -> None:
    """A tracked insertion and a tracked deletion at the end of ``p``."""
    p._p.append(
        parse_xml(
            f'<w:ins {nsdecls("w")} w:id="901" w:author="审核人" w:date="2026-04-01T09:00:00Z">'
            f"<w:r><w:t>{inserted}</w:t></w:r></w:ins>"
        )
    )
    p._p.append(
        parse_xml(
            f'<w:del {nsdecls("w")} w:id="902" w:author="审核人" w:date="2026-04-01T09:00:00Z">'
            f"<w:r><w:delText>{deleted}</w:delText></w:r></w:del>"
        )
    )


def _picture() -> bytes:
    image = Image.new("RGB", (480, 240), "white")
    draw = ImageDraw.Draw(image)
    draw.rectangle((20, 20, 460, 220), outline="black", width=3)
    draw.line((20, 120, 460, 120), fill="black", width=2)
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()


def build() -> bytes:
    doc = docx.Document()
    numbering = doc.part.numbering_part.element
    for child in list(numbering):
        numbering.remove(child)
    for child in parse_xml(NUMBERING):
        numbering.append(child)

    number = doc.add_paragraph("示科发（2026）012号")
    number.alignment = 1
    title = doc.add_paragraph()
    title.alignment = 1
    run = title.add_run("示例市科学技术局关于申请科技创新专项资金的请示")
    run.bold, run.font.size, run.font.name = True, Pt(22), "黑体"
    doc.add_paragraph("示例市人民政府:")
    lead = doc.add_paragraph()
    r = lead.add_run(
        "为加快推进全市科技创新工作,根据《示例市科技创新专项资金管理办法》(示政发〔2025〕8号),"
        "现就申请2026年度科技创新专项资金有关事项请示如下:"
    )
    r.font.size, r.font.color.rgb = Pt(14), RGBColor(0x33, 0x33, 0x99)

    _numbered(doc, "基本情况", 1, 0)
    doc.add_paragraph(
        "2025年,全市共实施科技项目126项,带动企业研发投入18.6亿元,各项指标均完成年度目标."
    )
    _numbered(doc, "存在的困难", 1, 0)
    p = _numbered(doc, "资金缺口较大。部分重点项目资金尚未落实,影响实施进度", 1, 1, bold_head=True)
    _tracked(p, "，亟需支持。", "，问题突出。")
    _numbered(doc, "配套能力不足。部分区的配套资金到位率不足60%.", 1, 1, bold_head=True)
    doc.add_paragraph("主要原因有:")
    _numbered(doc, "财政收入增速放缓", 2, 0)
    _numbered(doc, "项目储备偏多", 2, 0)

    _numbered(doc, "请示事项", 1, 0)
    _numbered(doc, "申请专项资金3,000万元。用于支持重点研发项目和创新平台建设.", 1, 2, bold_head=True)
    _numbered(doc, "资金使用安排。具体安排见下表:", 1, 2, bold_head=True)
    table = doc.add_table(rows=3, cols=3)
    cells = [["序号", "用途", "金额(万元)"], ["1", "重点研发项目", "2,000"], ["2", "创新平台建设", "1,000"]]
    for row, values in zip(table.rows, cells, strict=True):
        for cell, value in zip(row.cells, values, strict=True):
            cell.text = value
    doc.add_paragraph("资金使用流程如下图所示:")
    doc.add_picture(io.BytesIO(_picture()), width=Mm(100))
    _numbered(doc, "办理程序", 1, 0)
    doc.add_paragraph("相关程序按规定办理:")
    _numbered(doc, "项目单位提出申请", 3, 0)  # same list definition as 2, restarted by override
    _numbered(doc, "主管部门审核", 3, 0)
    closing = doc.add_paragraph("妥否,请批示.")
    doc.add_comment(closing.runs, text="请核对金额", author="办公室")
    doc.add_paragraph("")
    doc.add_paragraph("附件:专项资金使用计划表")
    doc.add_paragraph("")
    doc.add_paragraph("示例市科学技术局")
    doc.add_paragraph("2026年04月08日")
    doc.add_paragraph("(联系人:李示例,电话:0510-87654321)")
    props = doc.core_properties
    props.author = props.last_modified_by = "示例"
    import datetime as dt

    props.created = props.modified = dt.datetime(2026, 4, 8)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def main() -> int:
    target = HERE / "请示草稿.docx"
    target.write_bytes(build())
    print(f"→ {target}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
