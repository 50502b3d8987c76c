"""The kinds' own templates (pingyi_docs/templates): fixed wording, fields, layout pieces."""

from __future__ import annotations

import io
import shutil
from pathlib import Path

import docx
import pytest
from docx.oxml.ns import qn

from doctemplates.kinds import get_kind
from doctemplates.layout import build_template
from doctemplates.layout import geometry as g
from doctemplates.lint import lint_template
from pingyi_docs.templates import template_specs
from tests.pingyi.conftest import sample

KINDS = ("speech", "plan", "proposal-reply", "proposal-summary", "opinion", "rectification")
TEMPLATES = Path(__file__).resolve().parents[2] / "pingyi_docs" / "templates"


def _render(name: str, data: dict | None = None) -> docx.document.Document:
    return docx.Document(io.BytesIO(get_kind(name).render(data or sample(name))))


def _text(document: docx.document.Document) -> str:
    return "\n".join(p.text for p in document.paragraphs)


@pytest.mark.parametrize("name", KINDS)
def test_kind_ships_its_own_template(name: str) -> None:
    kind = get_kind(name)
    assert kind.default_template.parent == TEMPLATES
    assert kind.default_template.exists()
    assert kind.context_type is not None


@pytest.mark.parametrize("file", sorted(template_specs()))
def test_shipped_templates_are_built_and_lint_clean(file: str) -> None:
    """Same bytes as the generator writes; clean against the kind's context type."""
    built = build_template(template_specs()[file]())
    assert (TEMPLATES / file).read_bytes() == built
    kind = get_kind(file.removesuffix(".docx").removesuffix("-document"))
    findings = [f for f in lint_template(built, context_type=kind.context_type)]
    assert [f for f in findings if f.severity != "info"] == []


@pytest.mark.parametrize("name", KINDS)
def test_rendered_sample_has_no_tags_left(name: str) -> None:
    text = _text(_render(name))
    assert "{{" not in text and "{%" not in text
    assert get_kind(name).context(sample(name))["title"] in text


def test_plan_opening_is_template_wording() -> None:
    text = _text(_render("plan"))
    assert "根据《示例市人大常委会关于开展2026年度科技创新工作评议的实施方案》" in text
    assert "，特制定如下实施方案。\n一、指导思想" in text


def test_opinion_opening_and_closing_request_with_deadline() -> None:
    text = _text(_render("opinion"))
    assert "2026年7月28日，示例市第十七届人民代表大会常务委员会第二十三次会议听取和审议了《" in text
    assert (
        "以上审议意见，请示例市人民政府认真研究处理，"
        "并于2026年11月10日前将研究处理情况书面报告示例市人大常委会。"
    ) in text
    own = _text(_render("opinion", {**sample("opinion"), "opening": ["自拟的开头。"]}))
    assert "自拟的开头。" in own and "听取和审议了" not in own


def test_summary_opening_and_computed_figures() -> None:
    text = _text(_render("proposal-summary"))
    assert "提案交办会要求，示例市科学技术局高度重视提案办理工作" in text
    assert "现将2026年度提案办理工作总结如下：" in text
    assert "共承办政协提案32件" in text  # computed in Python


def test_speech_salutation_line() -> None:
    lines = [p.text for p in _render("speech").paragraphs]
    assert "同志们：" in lines
    assert lines.index("同志们：") < next(i for i, t in enumerate(lines) if t.startswith("一、"))
    assert lines.count("同志们：") == 1


def test_reply_letter_category_top_right_above_the_mark() -> None:
    document = _render("proposal-reply")
    head = document.sections[0].first_page_header.paragraphs
    assert head[0].text == "B类" and head[0].style.name == "右上角标注"
    assert document.styles["右上角标注"].paragraph_format.alignment == 2  # right
    assert "示例市科学技术局" in "".join(p.text for p in head[1:])
    text = _text(document)
    assert "您提出的《关于加快高校院所科技成果就地转化的建议》（第12号）收悉，现答复如下：" in text
    assert "感谢您对我们工作的关心和支持，欢迎继续提出宝贵意见和建议。" in text
    assert "签发人：赵恒" in text and "（联系人：刘一帆\u3000联系电话：0000-86001234）" in text


def test_reply_document_format_category_on_line_one_before_title() -> None:
    document = _render("proposal-reply", {**sample("proposal-reply"), "format": "文件"})
    lines = [p.text.replace("\n", "") for p in document.paragraphs]  # the title's breaks
    assert lines[0].endswith("B类")
    assert lines.index("关于示例市政协十五届五次会议第12号提案的答复") > 0
    assert any("签发人：" in t and "赵恒" in t for t in lines)


def test_reply_huiban_wording_and_late_reply_not_marked() -> None:
    data = {**sample("proposal-reply"), "role": "协办", "lead_unit": "示例市教育局"}
    del data["category"]
    text = _text(_render("proposal-reply", data))
    assert (
        "许清和提出的《关于加快高校院所科技成果就地转化的建议》（第12号）收悉，现将我单位会办意见函告如下："
        in text
    )
    assert "以上意见供参考。" in text
    late = _text(_render("proposal-reply", {**sample("proposal-reply"), "replied": "2026-06-21"}))
    assert "晚于" not in late and "逾期" not in late


def _sections(document: docx.document.Document) -> list:
    return list(document.sections)


def test_rectification_task_table_landscape_section() -> None:
    document = _render("rectification")
    problems = sample("rectification")["problems"]
    table = document.tables[0]
    assert len(table.rows) == len(problems) + 1
    assert [c.text for c in table.rows[0].cells][:3] == ["序号", "问题", "整改措施"]
    assert table.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None
    assert table.rows[1].cells[1].text == problems[0]["problem"]
    first, wide, last = _sections(document)
    assert (wide.page_width.mm, wide.page_height.mm) == pytest.approx((297, 210), abs=0.1)
    assert wide.orientation == 1  # landscape
    margins = (wide.top_margin, wide.right_margin, wide.bottom_margin, wide.left_margin)
    expected = (
        g.MARGIN_LEFT_MM,  # the head of the table on the binding side (§8)
        g.MARGIN_TOP_MM,
        g.MARGIN_RIGHT_MM,
        g.MARGIN_BOTTOM_MM,
    )
    assert [m.mm for m in margins] == pytest.approx(expected, abs=0.1)
    for portrait in (first, last):
        assert (portrait.page_width.mm, portrait.page_height.mm) == pytest.approx(
            (210, 297), abs=0.1
        )
    body = document.element.body
    assert body[-1].tag == qn("w:sectPr")
    assert body.findall(qn("w:tbl"))[-1] is not table._tbl  # the 版记 comes after the table
    text = _text(document)
    assert "根据《示例市人大常委会关于市科学技术局科技创新工作的审议意见》" in text
    assert "结合工作实际，制定本整改方案。" in text


def test_rectification_narrow_table_stays_portrait() -> None:
    columns = ["序号", "问题", "整改措施", "责任单位", "完成时限"]
    document = _render("rectification", {**sample("rectification"), "columns": columns})
    assert len(_sections(document)) == 1
    table = document.tables[0]
    assert [c.text for c in table.rows[0].cells] == columns
    assert len(table.rows) == len(sample("rectification")["problems"]) + 1
    assert table.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None


# --------------------------------------------------------------------------- PDF
needs_office = pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice 未安装")


@pytest.fixture(scope="module")
def pdfs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    from tests.docxbuild import pdf_in as convert_to_pdf

    work = tmp_path_factory.mktemp("kind-pdf")
    out = {}
    for name in ("proposal-reply", "rectification"):
        source = work / f"{name}.docx"
        source.write_bytes(get_kind(name).render(sample(name)))
        out[name] = convert_to_pdf(source, work)
    return out


@needs_office
def test_pdf_reply_category_top_right_of_page_one(pdfs: dict[str, Path]) -> None:
    from tests.layout.pdfmeasure import measure_pdf

    page = measure_pdf(pdfs["proposal-reply"])[0]
    category = page.find("B类")
    title = page.find("关于示例市政协")
    mark = page.find("示例市科学技术局")
    right_edge = g.PAGE_WIDTH_MM - g.MARGIN_RIGHT_MM
    assert category.x1 == pytest.approx(right_edge, abs=1.5)
    assert category.bottom < mark.top < title.top


@needs_office
def test_pdf_task_table_pages_are_landscape(pdfs: dict[str, Path]) -> None:
    import pdfplumber

    from doctemplates.check.measure import measure_pdf

    # turned upright, head to the left (§8; tests/pdf/test_landscape.py): glyph tops face left
    turned = [p.number - 1 for p in measure_pdf(pdfs["rectification"]) if p.head == "left"]
    with pdfplumber.open(str(pdfs["rectification"])) as pdf:
        # content order (a turned page's lines run vertically for extract_text)
        pages = [
            (i in turned, "".join(c["text"] for c in p.chars)) for i, p in enumerate(pdf.pages)
        ]
    wide = [i for i, (landscape, _) in enumerate(pages) if landscape]
    assert wide and "整改任务分解表" in pages[wide[0]][1] and "序号" in pages[wide[0]][1]
    assert all("序号" in pages[i][1] for i in wide)  # the head row repeats
    assert not pages[-1][0] and "抄送" in pages[-1][1]  # 版记 on a portrait last page
