"""python-docx checks of the built templates: page geometry, styles, fonts (§1, §2, §5)."""

from __future__ import annotations

import io

import docx
import pytest
from docx.oxml.ns import qn

from doctemplates.layout import FORMATS, build_template, fit_mark
from doctemplates.layout import geometry as g
from doctemplates.layout.styles import STYLES

from .contexts import context, render


@pytest.fixture(scope="module", params=list(FORMATS))
def template(request):
    return request.param, docx.Document(io.BytesIO(build_template(request.param)))


def test_section_geometry_mm(template):
    """§1: A4, margins 37/28/26/35 mm, 版心 156 × 225 mm."""
    _, doc = template
    s = doc.sections[0]
    assert s.page_width.mm == pytest.approx(210, abs=0.05)
    assert s.page_height.mm == pytest.approx(297, abs=0.05)
    assert s.top_margin.mm == pytest.approx(37, abs=0.05)
    assert s.left_margin.mm == pytest.approx(28, abs=0.05)
    assert s.right_margin.mm == pytest.approx(26, abs=0.05)
    assert s.bottom_margin.mm == pytest.approx(35, abs=0.05)
    grid = s._sectPr.find(qn("w:docGrid"))
    assert int(grid.get(qn("w:linePitch"))) * g.LINES_PER_PAGE <= g.mm_to_twips(225)


def test_named_styles_and_east_asian_fonts(template):
    """§3: the look lives in named styles that name the GB/T 9704 faces."""
    _, doc = template
    names = {s.name for s in doc.styles}
    for spec in STYLES:
        assert spec.name in names
    title = doc.styles["公文标题"].element.find(qn("w:rPr")).find(qn("w:rFonts"))
    assert title.get(qn("w:eastAsia")) == g.FONT_XIAOBIAOSONG
    defaults = doc.styles.element.find(qn("w:docDefaults"))
    fonts = defaults.find(".//" + qn("w:rFonts"))
    assert fonts.get(qn("w:eastAsia")) == g.FONT_FANGSONG
    assert defaults.find(".//" + qn("w:sz")).get(qn("w:val")) == "32"


def test_odd_even_footers(template):
    """§5: different odd/even page numbers; no number on page 1 of a 信函 (§6)."""
    fmt, doc = template
    assert doc.settings.odd_and_even_pages_header_footer
    s = doc.sections[0]
    assert "PAGE" in s.footer._element.xml and "PAGE" in s.even_page_footer._element.xml
    assert s.different_first_page_header_footer == (fmt == "信函")


def test_build_is_deterministic():
    assert build_template("文件") == build_template("文件")


@pytest.mark.parametrize("n", [8, 16, 24])
def test_fit_mark_fits_one_line(n):
    """§2.4: the 标志 stays within 156 mm, compressed rather than wrapped."""
    name = ("示例市科学技术局" * 3)[:n]
    fit = fit_mark(name)
    width_mm = (n + 2) * g.pt_to_mm(fit.size_pt) * fit.scale_pct / 100
    assert width_mm <= g.BAN_XIN_WIDTH_MM
    assert g.MARK_MIN_PT <= fit.size_pt <= g.MARK_MAX_PT


def test_template_opens_unrendered_and_renders(tmp_path):
    """The raw template is valid for Word (no Jinja inside attributes) and renders."""
    raw = build_template("文件")
    doc = docx.Document(io.BytesIO(raw))
    assert "{{" not in "".join(v for el in doc.element.body.iter() for v in el.attrib.values())
    out = render("文件", context(), tmp_path / "x.docx")
    rendered = docx.Document(str(out))
    text = "\n".join(p.text for p in rendered.paragraphs)
    assert "示科发〔2026〕3号" in text and "{%" not in text


@pytest.mark.parametrize(("fmt", "rows", "lines"), [("文件", 2, True), ("信函", 1, False)])
def test_banji_rows_and_lines_by_format(tmp_path, fmt: str, rows: int, lines: bool) -> None:
    """§7.4 版记 (抄送 + 印发 lines, ruled) vs §10.1 信函 (抄送 only, no separator lines)."""
    document = docx.Document(str(render(fmt, context(), tmp_path / "b.docx")))
    (banji,) = [t for t in document.tables if "抄送：" in t.rows[0].cells[0].text]
    assert len(banji.rows) == rows
    borders = banji._tbl.tblPr.find(qn("w:tblBorders"))
    assert (borders.find(qn("w:top")).get(qn("w:val")) == "single") is lines


def test_letter_without_cc_has_no_banji(tmp_path) -> None:
    ctx = context(record=False)
    ctx["record"] = {
        "cc": None,
        "printer": "示例市科学技术局办公室",
        "print_date": "2026年11月23日",
    }
    document = docx.Document(str(render("信函", ctx, tmp_path / "c.docx")))
    assert not any("印发" in c.text for t in document.tables for r in t.rows for c in r.cells)


@pytest.mark.parametrize("fmt", ["文件", "纪要"])
def test_classified_without_urgency_prints_no_none(fmt: str) -> None:
    """§7.2.2–7.2.3: 密级 on line 2, the 紧急程度 line empty when there is no 紧急程度 — never
    the word ``None`` (20 documents of the generated corpus printed it on line 3)."""
    from doctemplates.kinds import get_kind

    kind = get_kind("document")
    data = {
        "format": fmt,
        "organs": ["示例市科学技术局"],
        "classification": "机密★1年",
        "title": "关于开展科技服务提质增效行动的通知",
        "body": [{"paragraphs": ["特此通知。"]}],
        "signature": {"date": "2026-11-20"},
    }
    document = docx.Document(io.BytesIO(kind.render(kind.validate(data))))
    texts = [p.text for p in document.paragraphs]
    assert "None" not in "".join(texts)
    lines = {p.style.name: p.text for p in document.paragraphs[:3]}
    assert lines == {"份号": "", "密级": "机密★1年", "紧急程度": ""}
