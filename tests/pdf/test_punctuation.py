"""Line-end punctuation survives the PDF (issue 12, defect 1).  行末标点不丢失。

LibreOffice hangs a CJK mark that does not fit at the end of a full line and
then does not paint it.  The sweep puts every mark of ，。、；：？！）》」 as the
29th character of a full line (it does not fit) and as the 28th (it just fits),
on the first line of a paragraph (after the two-字 indent) and on the second,
converts once, and asserts on the PDF:

(a) its text equals the document's text;
(b) no line starts with one of the marks (避头尾);
(c) no glyph lies outside the 版心 by more than 0.5 mm.
"""

from __future__ import annotations

import copy
import io
import re
from collections.abc import Iterator

import docx
import pdfplumber
import pytest
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Mm, Pt
from lxml import etree

from doctemplates.check.measure import PT_TO_MM
from doctemplates.kinds import get_kind
from doctemplates.layout import geometry as g
from doctemplates.package import Member, read_package, write_package
from doctemplates.pdf import ConverterPool, PdfOptions, compare_text, convert
from doctemplates.pdf.punctuation import for_libreoffice
from tests.pdf.conftest import needs_soffice

pytestmark = [pytest.mark.pdf, needs_soffice]

MARKS = "，。、；：？！）》」"
# Thirty-odd distinct characters without punctuation: every line is exactly 28 字.
FILL = (
    "示例市科学技术局围绕创新驱动发展战略持续优化科技服务体系推动产学研深度融合"
    "为全市高质量发展提供有力支撑建设区域科技创新中心加快培育新兴产业集群"
)
#: Other texts for the table cell, the header and the floating table (each story its own).
OTHER_FILLS = (
    "本次评议工作坚持问题导向突出重点环节注重实际成效广泛听取人大代表和群众意见建议"
    "认真梳理存在困难逐项研究提出改进措施",
    "全面推行科技项目网上申报网上评审网上验收公开项目立项资金拨付验收结果接受社会监督"
    "建立台账限期整改跟踪问效",
    "各单位主要负责同志是专项行动第一责任人要亲自部署亲自协调明确分管领导具体联络人员"
    "确保各项任务有人抓有人管",
)
FIRST_LINE = g.CHARS_PER_LINE - 2  # 正文 is indented two 字 (§3)
TOL_MM = 0.5
_PAGE_NUMBER = re.compile(r"^[—–\-－―]\s*\d+\s*[—–\-－―]$")


def _filler(length: int, offset: int = 0, fill: str = FILL) -> str:
    text = fill * (1 + (length + offset) // len(fill))
    return text[offset : offset + length]


def sweep_paragraphs() -> list[str]:
    """Each mark at the 29th and 28th place of a full line, on line 1 and on line 2."""
    out = []
    for k, mark in enumerate(MARKS):
        for before in (
            FIRST_LINE,  # 29th place counting the indent: does not fit line 1
            FIRST_LINE - 1,  # 28th: the last place of line 1
            FIRST_LINE + g.CHARS_PER_LINE,  # 29th of line 2
            FIRST_LINE + g.CHARS_PER_LINE - 1,  # 28th of line 2
        ):
            out.append(_filler(before, k) + mark + _filler(12, k + 3))
    return out


def _document_docx(paragraphs: list[str]) -> bytes:
    data = {
        "format": "讲话",
        "title": "关于行末标点排版的测试",
        "body": [{"paragraphs": paragraphs}],
    }
    return get_kind("document").render(data)


def _lines(pdf: bytes) -> Iterator[tuple[int, str, list[dict]]]:
    """(page, text, chars) of every text line (chars grouped by baseline)."""
    with pdfplumber.open(io.BytesIO(pdf)) as doc:
        for number, page in enumerate(doc.pages, start=1):
            groups: list[list[dict]] = []
            for ch in sorted(page.chars, key=lambda c: (round(c["bottom"]), c["x0"])):
                if groups and abs(groups[-1][-1]["bottom"] - ch["bottom"]) < 2:
                    groups[-1].append(ch)
                else:
                    groups.append([ch])
            for group in groups:
                group.sort(key=lambda c: c["x0"])
                yield number, "".join(c["text"] for c in group).strip(), group


def _problems(pdf: bytes, *, left: float, right: float, top: float, bottom: float) -> list[str]:
    """Lines starting with a mark, glyphs outside the type area (mm)."""
    found = []
    for page, text, chars in _lines(pdf):
        if not text:
            continue
        if text[0] in MARKS:
            found.append(f"第{page}页行首标点：{text}")
        if _PAGE_NUMBER.match(text):
            continue
        for ch in chars:
            x0, x1 = ch["x0"] * PT_TO_MM, ch["x1"] * PT_TO_MM
            y0, y1 = ch["top"] * PT_TO_MM, ch["bottom"] * PT_TO_MM
            if (
                x0 < left - TOL_MM
                or x1 > right + TOL_MM
                or y0 < top - TOL_MM
                or y1 > bottom + TOL_MM
            ):
                found.append(
                    f"第{page}页「{ch['text']}」出版心：x {x0:.1f}–{x1:.1f} mm，y {y0:.1f}–{y1:.1f} mm"
                )
    return found


_BAN_XIN = {
    "left": g.MARGIN_LEFT_MM,
    "right": g.PAGE_WIDTH_MM - g.MARGIN_RIGHT_MM,
    "top": g.MARGIN_TOP_MM,
    "bottom": g.BAN_XIN_BOTTOM_MM,
}


def test_sweep_places_each_mark_at_the_line_end() -> None:
    """The sweep itself: each mark sits at character 27/28 (first line) or 55/56 (second)."""
    paragraphs = sweep_paragraphs()
    assert len(paragraphs) == 4 * len(MARKS)
    marks = [m for m in MARKS for _ in range(4)]
    places = sorted({p.index(m) for p, m in zip(paragraphs, marks, strict=True)})
    assert places == [25, 26, 53, 54]
    assert not set(FILL) & set(MARKS)


def test_every_line_end_mark_reaches_the_pdf(pool: ConverterPool) -> None:
    document = _document_docx(sweep_paragraphs())
    pdf = convert(document, PdfOptions(verify_text=False), pool=pool).pdf
    result = compare_text(document, pdf)
    assert result.ok, result.describe(limit=40)
    assert _problems(pdf, **_BAN_XIN) == []


def test_one_shot_fallback_keeps_every_mark() -> None:
    """Without a Python that has ``uno``: one cold ``soffice`` per document, same result."""
    document = _document_docx(sweep_paragraphs())
    with ConverterPool(size=1, use_uno=False) as oneshot:
        assert oneshot.mode == "oneshot"
        pdf = convert(document, PdfOptions(verify_text=False), pool=oneshot).pdf
    result = compare_text(document, pdf)
    assert result.ok, result.describe(limit=40)
    assert _problems(pdf, **_BAN_XIN) == []


def test_libreoffice_alone_loses_the_marks(pool: ConverterPool) -> None:
    """Control: the same .docx converted without our rewrite loses marks (LibreOffice 7.4).

    This is why every conversion goes through :func:`doctemplates.pdf.convert`.  If a
    LibreOffice release paints hung punctuation, this test tells us so.
    """
    document = _document_docx(sweep_paragraphs())
    result = compare_text(document, pool.convert(document))
    lost = "".join(d.expected for d in result.differences if d.kind == "missing")
    assert lost and set(lost) <= set(MARKS)


# --- a document that does not come from our builder ----------------------------------


def _user_docx(*, without_styles: bool = False) -> bytes:
    """python-docx's own template: A4 with the 版心 margins, justified 三号 仿宋 tightened by
    0.25 pt (28 字 a line, as staff set up a template in Word), none of our defaults.

    The sweep is in the body, in a full-width table cell, in the header and in a
    floating table (LibreOffice makes a frame of it).  Positions 24–31 cover the line
    end whatever the exact number of characters per line.
    """
    document = docx.Document()
    section = document.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(g.PAGE_WIDTH_MM), Mm(g.PAGE_HEIGHT_MM)
    section.left_margin, section.right_margin = Mm(g.MARGIN_LEFT_MM), Mm(g.MARGIN_RIGHT_MM)
    section.top_margin, section.bottom_margin = Mm(g.MARGIN_TOP_MM), Mm(g.MARGIN_BOTTOM_MM)
    normal = document.styles["Normal"]
    normal.font.size = Pt(16)
    normal.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    rpr = normal.element.get_or_add_rPr()
    rpr.get_or_add_rFonts().set(qn("w:eastAsia"), g.FONT_FANGSONG)
    # 字距紧缩 0.25 磅, as staff set it for 28 字 a line (CT_RPr: w:spacing before w:sz)
    tracking = etree.SubElement(rpr, qn("w:spacing"))
    tracking.set(qn("w:val"), str(g.pt_to_twips(g.CHAR_SPACING_PT)))
    rpr.remove(tracking)
    rpr.find(qn("w:sz")).addprevious(tracking)
    # Chinese Word writes an east-Asian language of zh-CN; LibreOffice hangs only then
    language = etree.SubElement(rpr, qn("w:lang"))
    language.set(qn("w:eastAsia"), "zh-CN")

    def lines(fill: str, count: int) -> list[str]:
        every = [
            _filler(before, k, fill) + mark + _filler(6, k + 5, fill)
            for k, mark in enumerate(MARKS)
            for before in range(24, 32)
        ]
        return every[:: max(1, len(every) // count)][:count]

    for text in lines(FILL, 80):
        document.add_paragraph(text)
    cell_lines, header_lines, float_lines = (
        lines(f, n) for f, n in zip(OTHER_FILLS, (20, 4, 10), strict=True)
    )
    cell = document.add_table(rows=1, cols=1).cell(0, 0)
    cell.text = cell_lines[0]
    for text in cell_lines[1:]:
        cell.add_paragraph(text)
    header = section.header
    header.paragraphs[0].text = header_lines[0]
    for text in header_lines[1:]:
        header.add_paragraph(text)
    floating = document.add_table(rows=1, cols=1)
    floating.cell(0, 0).text = float_lines[0]
    for text in float_lines[1:]:
        floating.cell(0, 0).add_paragraph(text)
    floating._tbl.tblPr.append(
        etree.fromstring(
            f'<w:tblpPr xmlns:w="{qn("w:x")[1:].split("}")[0]}" w:vertAnchor="page" '
            'w:horzAnchor="page" w:tblpX="1587" w:tblpY="9000"/>'
        )
    )
    document.add_paragraph()  # a floating table needs a paragraph to anchor to
    if without_styles:
        _inline(normal.element, [document.element.body, header._element])
    buffer = io.BytesIO()
    document.save(buffer)
    data = buffer.getvalue()
    return _drop_styles(data) if without_styles else data


def _inline(style: etree._Element, roots: list[etree._Element]) -> None:
    """Copy the style's paragraph and run properties onto every paragraph and run."""
    ppr, rpr = style.find(qn("w:pPr")), style.find(qn("w:rPr"))
    for root in roots:
        for paragraph in root.iter(qn("w:p")):
            if paragraph.find(qn("w:pPr")) is None:
                paragraph.insert(0, copy.deepcopy(ppr))
        for run in root.iter(qn("w:r")):
            if run.find(qn("w:rPr")) is None:
                run.insert(0, copy.deepcopy(rpr))


def _drop_styles(data: bytes) -> bytes:
    """The same document without a styles part (some generators write none, formatting
    every paragraph and run directly)."""
    parts = read_package(data)
    parts.pop("word/styles.xml")
    parts.pop("word/stylesWithEffects.xml", None)
    rels = parts["word/_rels/document.xml.rels"].decode()
    rels = re.sub(r'<Relationship [^>]*Target="styles(WithEffects)?\.xml"/>', "", rels)
    parts["word/_rels/document.xml.rels"] = rels.encode()
    types = parts["[Content_Types].xml"].decode()
    types = re.sub(r'<Override PartName="/word/styles(WithEffects)?\.xml"[^>]*/>', "", types)
    parts["[Content_Types].xml"] = types.encode()
    return write_package([Member.deflate(n, c) for n, c in parts.items()])


@pytest.mark.parametrize("without_styles", [False, True], ids=["python-docx", "no-styles-part"])
def test_user_document_keeps_every_mark(pool: ConverterPool, without_styles: bool) -> None:
    document = _user_docx(without_styles=without_styles)
    plain = compare_text(document, pool.convert(document))
    assert not plain.ok, "the sweep must reach the line end (LibreOffice alone loses marks)"
    pdf = convert(document, PdfOptions(verify_text=False), pool=pool).pdf
    result = compare_text(document, pdf)
    assert result.ok, result.describe(limit=40)
    starts = [
        p for p in _problems(pdf, left=0, right=g.PAGE_WIDTH_MM, top=0, bottom=999) if "行首" in p
    ]
    assert starts == []


def test_rewrite_only_touches_overflow_punct() -> None:
    """The copy LibreOffice gets differs from the .docx only in w:overflowPunct."""
    document = _document_docx(["正文。"])
    original, copy = read_package(document), read_package(for_libreoffice(document))
    assert original.keys() == copy.keys()
    changed = [name for name in original if original[name] != copy[name]]
    assert changed == ["word/styles.xml"]
    strip = re.compile(rb'<w:overflowPunct w:val="[01]"/>')
    assert b'<w:overflowPunct w:val="0"/>' in original["word/styles.xml"]
    assert b'<w:overflowPunct w:val="1"/>' in copy["word/styles.xml"]
    before = strip.sub(b"", original["word/styles.xml"])
    after = strip.sub(b"", copy["word/styles.xml"])
    assert etree.tostring(etree.fromstring(before)) == etree.tostring(etree.fromstring(after))
