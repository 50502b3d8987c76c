""".docx checks: shipped templates and samples are clean, each wrong document has its finding."""

from __future__ import annotations

import io
import json

import docx
import pytest
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Pt, RGBColor

from doctemplates.check import check_docx, check_file, print_findings, run_check
from doctemplates.check.rules import rule
from doctemplates.errors import DataError
from doctemplates.kinds import template_resource
from doctemplates.layout import TEMPLATE_FILES, build_template
from tests.check.builders import no_number, render_ctx, sample
from tests.check.corpus import DOCX_CASES


@pytest.mark.parametrize("fmt", list(TEMPLATE_FILES))
def test_templates_clean(fmt):
    """Shipped templates (with their tags) and rendered generic contexts have no findings."""
    shipped = template_resource("doctemplates", TEMPLATE_FILES[fmt]).read_bytes()
    assert check_docx(shipped) == []
    assert check_docx(build_template(fmt)) == []
    assert check_docx(render_ctx(fmt), fmt) == []


@pytest.mark.parametrize(("name", "fmt"), [("notice", "文件"), ("letter", "信函")])
def test_samples_clean(name, fmt):
    assert check_docx(sample(name)) == []
    assert check_docx(sample(name), fmt) == []


@pytest.mark.parametrize("fmt", ["文件", "纪要"])
def test_no_doc_number_clean(fmt):
    """Issue 12 defect 2: without 发文字号 the red line is the bottom border of the
    empty 文号 line; the project's own output checks clean."""
    data = no_number(fmt)
    assert "发文字号" not in "".join(p.text for p in docx.Document(io.BytesIO(data)).paragraphs)
    assert check_docx(data) == []
    assert check_docx(data, fmt) == []


@pytest.mark.parametrize("name", list(DOCX_CASES))
def test_wrong_document(name):
    """Exactly the expected findings, each with its rule's clause."""
    build, expected = DOCX_CASES[name]
    findings = check_docx(build())
    assert sorted(f.rule for f in findings) == sorted(expected), [str(f) for f in findings]
    for f in findings:
        assert f.clause == rule(f.rule).clause
        assert f.message and f.expected is not None and f.actual is not None


def test_finding_details():
    build, _ = DOCX_CASES["[2026] in 文号"]
    (f,) = check_docx(build())
    assert (f.clause, f.severity) == ("§7.2.5", "error")
    assert f.expected == "示科发〔2026〕3号" and f.actual == "示科发[2026]3号"
    assert f.location.paragraph is not None and "示科发" in f.location.text
    assert "六角括号" in f.message
    build, _ = DOCX_CASES["2026-11-23 as 成文日期"]
    (f,) = check_docx(build())
    assert (f.clause, f.expected, f.actual) == ("§7.3.5.4", "2026年11月23日", "2026-11-23")


def test_chinese_date_style():
    """成文日期 in Chinese numerals when configured; Arabic is then the finding."""
    arabic = sample("notice")
    assert [f.rule for f in check_docx(arabic, date_style="chinese")] == ["date-form"]
    ctx_doc = render_ctx(
        "文件",
        signature={
            "mode": "seal",
            "names": ["示例市科学技术局"],
            "date": "二〇二六年十一月二十三日",
            "signer_title": None,
            "seal": None,
        },
    )
    assert check_docx(ctx_doc, date_style="chinese") == []
    assert [f.rule for f in check_docx(ctx_doc)] == ["date-form"]
    assert check_docx(ctx_doc, date_style=None) == []


def _foreign_document() -> bytes:
    """A .docx from "another system": no 公文 styles, direct formatting only."""
    d = docx.Document()
    d.sections[0].left_margin = d.sections[0].right_margin = Pt(72)

    def add(text, *, size=16, font="仿宋_GB2312", color=None, center=False):
        p = d.add_paragraph()
        r = p.add_run(text)
        r.font.size = Pt(size)
        r._element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), font)
        if color:
            r.font.color.rgb = RGBColor.from_string(color)
        if center:
            p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        return p

    add("000001")
    add("机密★1年", font="黑体")
    add("示例市科学技术局文件", size=36, font="方正小标宋简体", color="FF0000", center=True)
    add("示科发[2026]第03号", center=True)
    add("关于开展示例工作的通知", size=22, font="方正小标宋简体", center=True)
    add("各区科技局")
    add("一、总体要求", font="黑体")
    add("为做好示例工作，现通知如下。", font="宋体")
    add("三、工作措施", font="黑体")
    add("(一)加强领导", font="楷体_GB2312")
    add("示例市科学技术局")
    add("2026-11-23")
    t = d.add_table(rows=1, cols=1)
    t.cell(0, 0).text = "抄送：市政府办公室"
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


def test_foreign_document_by_text():
    """Without our styles the parts are recognised from their text and position."""
    rules = {f.rule for f in check_docx(_foreign_document())}
    expected = {
        "page-size",
        "page-margins",
        "doc-number",
        "recipients-colon",
        "numbering-sequence",
        "numbering-form",
        "date-form",
        "cc-period",
        "run-fonts",
        "page-number",
    }
    assert expected <= rules, rules
    assert "header-order" not in rules and "mark-color" not in rules


def test_check_file_and_printer(tmp_path):
    path = tmp_path / "bad.docx"
    path.write_bytes(DOCX_CASES["抄送 without 。"][0]())
    findings = check_file(path)
    assert [f.rule for f in findings] == ["cc-period"]
    out = io.StringIO()
    assert print_findings(findings, as_json=True, source=str(path), stream=out) == 1
    data = json.loads(out.getvalue())
    assert data["errors"] == 1 and data["findings"][0]["clause"] == "§7.4.2"
    assert data["findings"][0]["location"]["display"].startswith("第")
    good = tmp_path / "good.docx"
    good.write_bytes(sample("letter"))
    assert run_check(good, fmt="信函") == 0
    with pytest.raises(DataError, match="未知格式"):
        check_file(good, "公告")
    with pytest.raises(DataError, match=".docx 或 .pdf"):
        check_file(tmp_path / "x.txt") if (tmp_path / "x.txt").write_text("x") else None
