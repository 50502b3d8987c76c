"""Lint checks the look (issue 17 §4): each shipped template broken as staff would in Word.

The breaks are made with python-docx, as a staff member makes them in Word's style
and page dialogs.  Lint must name each one with its style (or place) and the expected
value, and nothing else; the unbroken templates, and the same templates after
LibreOffice opened and saved them, lint clean.  Lint and render agree: these
findings are warnings, render does not refuse the template, and ``check`` flags the
same rule in the document it gives.
"""

from __future__ import annotations

import io
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import TypedDict

import pytest
from docx import Document
from docx.document import Document as DocumentObject
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor

from doctemplates.assemble import data_for_kind
from doctemplates.check.docx import check_docx
from doctemplates.data import KIND_KEY, data_dir, load_data
from doctemplates.findings import Finding
from doctemplates.kinds import FORMAT_TEMPLATES, get_kind, template_resource
from doctemplates.lint import lint_template
from doctemplates.render import Template
from tests.officesave import saved_by_libreoffice as office_save

SAMPLES = Path(__file__).resolve().parent.parent / "samples"
SHIPPED = {
    **{
        f"document-{fmt}": template_resource("doctemplates", name)
        for fmt, name in FORMAT_TEMPLATES.items()
    },
    **{p.stem: p for p in sorted(template_resource("pingyi_docs", "").glob("*.docx"))},
}
Edit = Callable[[DocumentObject], None]


def _edit(data: bytes, edit: Edit) -> bytes:
    doc = Document(io.BytesIO(data))
    edit(doc)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def _body_15pt(doc: DocumentObject) -> None:
    doc.styles["正文"].font.size = Pt(15)


def _h1_kaiti(doc: DocumentObject) -> None:
    fonts = doc.styles["一级标题"].element.get_or_add_rPr().get_or_add_rFonts()
    fonts.set(qn("w:eastAsia"), "楷体_GB2312")


def _mark_black(doc: DocumentObject) -> None:
    doc.styles["发文机关标志"].font.color.rgb = RGBColor(0, 0, 0)


def _no_page_field(doc: DocumentObject) -> None:
    for p in doc.sections[0].footer.paragraphs:
        p._p.getparent().remove(p._p)


def _top_margin_30(doc: DocumentObject) -> None:
    for section in doc.sections:
        section.top_margin = Mm(30)


#: name → (edit, rule, words every finding's message holds, words it must not hold)
BREAKS: dict[str, tuple[Edit, str, tuple[str, ...], tuple[str, ...]]] = {
    "正文 15 pt": (
        _body_15pt,
        "style-fonts",
        ("样式“正文”字号应为 16 pt（三号），实为 15 pt",),
        ("字体",),
    ),
    "一级标题 楷体": (
        _h1_kaiti,
        "style-fonts",
        ("样式“一级标题”字体应为 黑体，实为 楷体_GB2312",),
        ("字号",),
    ),
    "标志 black": (_mark_black, "mark-color", ("发文机关标志应为红色", "实为：000000"), ()),
    "no PAGE field": (_no_page_field, "page-number", ("奇数页页脚没有页码域（PAGE）",), ()),
    "天头 30 mm": (
        _top_margin_30,
        "page-margins",
        ("天头（上边距）应为 37 mm", "实为：30.0 mm"),
        (),
    ),
}


def _has_mark_style(data: bytes) -> bool:
    doc = Document(io.BytesIO(data))
    marks = [p for p in doc.paragraphs if p.style is not None and p.style.name == "发文机关标志"]
    return bool(marks)


def _problems(data: bytes) -> list[tuple[str, str, str]]:
    """(rule, severity, the finding as printed) of every problem lint finds."""
    return [(f.rule, f.severity, str(f)) for f in lint_template(data) if f.severity != "info"]


@pytest.mark.parametrize("name", sorted(SHIPPED))
def test_shipped_template_lints_clean(name: str) -> None:
    assert _problems(SHIPPED[name].read_bytes()) == []


@pytest.mark.parametrize("brk", sorted(BREAKS))
@pytest.mark.parametrize("name", sorted(SHIPPED))
def test_lint_names_each_break_with_style_and_expected_value(name: str, brk: str) -> None:
    edit, rule, words, absent = BREAKS[brk]
    data = SHIPPED[name].read_bytes()
    if rule == "mark-color" and not _has_mark_style(data):
        pytest.skip("模板没有发文机关标志")
    problems = _problems(_edit(data, edit))
    assert problems, "lint 未发现改坏的地方"
    assert {(code, severity) for code, severity, _ in problems} == {(rule, "warning")}
    for _, _, message in problems:
        assert all(w in message for w in words), message
        assert not any(w in message for w in absent), message
        assert message.startswith("§"), message  # the clause of GB/T 9704


def _what(f: Finding) -> tuple[str, str, str, str | None, str | None]:
    return f.rule, f.clause, f.message, f.expected, f.actual


def _notice() -> tuple[object, object]:
    kind = get_kind("document")
    data = {k: v for k, v in load_data(SAMPLES / "notice.yaml").items() if k != KIND_KEY}
    with data_dir(SAMPLES):
        return kind, kind.validate(data_for_kind(kind, data))


@pytest.mark.parametrize("brk", sorted(BREAKS))
def test_render_and_check_agree_with_lint(brk: str) -> None:
    """No lint error → render renders; ``check`` flags the rendered document for lint's rule.

    Lint and check report the problem as the same :class:`Finding`: same rule, clause,
    message, expected and actual value; lint's is a warning placed in the template's part.
    """
    edit, rule, _, absent = BREAKS[brk]
    broken = _edit(SHIPPED["document-文件"].read_bytes(), edit)
    findings = lint_template(broken, context_type=get_kind("document").context_type)
    assert not [f for f in findings if f.severity == "error"]
    kind, model = _notice()
    output = kind.render(model, template=Template.load(broken))  # type: ignore[attr-defined]
    checked = [f for f in check_docx(output) if f.rule == rule]
    assert checked
    # lint says what check says, before any document is made (and no more)
    said = [f for f in findings if f.rule == rule]
    assert said and all(type(s) is Finding and s.severity == "warning" for s in said)
    assert {_what(f) for f in said} <= {_what(f) for f in checked}, (said, checked)
    assert all(s.location.part for s in said)
    assert not any(w in str(c) for w in absent for c in checked), checked
    clean = kind.render(model)  # type: ignore[attr-defined]
    assert rule not in {f.rule for f in check_docx(clean)}


def test_a_docx_without_gbt9704_styles_is_not_judged_by_its_look() -> None:
    out = io.BytesIO()
    Document().save(out)  # python-docx's default: Letter paper, Calibri, no 公文 styles
    assert lint_template(out.getvalue()) == []


@pytest.fixture(scope="module", name="saved_by_libreoffice")
def _saved(tmp_path_factory: pytest.TempPathFactory) -> dict[str, bytes]:
    """Each shipped template opened and saved as .docx by LibreOffice (one soffice call)."""
    if shutil.which("soffice") is None:
        pytest.skip("LibreOffice (soffice) 未安装")
    work = tmp_path_factory.mktemp("lint-look")
    return office_save(SHIPPED, work)


@pytest.mark.pdf
@pytest.mark.parametrize("name", sorted(SHIPPED))
def test_template_saved_by_libreoffice_lints_clean(
    saved_by_libreoffice: dict[str, bytes], name: str
) -> None:
    assert _problems(saved_by_libreoffice[name]) == []


@pytest.mark.parametrize(
    ("tag", "suggestion"),
    [("{{ titel }}", "title"), ("{{ signatur.date }}", "signature"), ("{{ 标提 }}", "标题")],
)
def test_render_gives_lints_suggestion(tag: str, suggestion: str) -> None:
    """An unknown name: lint's error and render's refusal both ask 是否应为 …？."""
    from doctemplates.errors import UndefinedVariableError
    from tests.docxbuild import make_template

    data = make_template([f"标题：{tag}"])
    context = {"title": "示例", "标题": "示例", "signature": {"date": "2026年1月1日"}}
    known = {"title": str, "标题": str, "signature": dict}
    typed = TypedDict("Typed", known)  # type: ignore[misc]
    (finding,) = lint_template(data, context_type=typed)
    with pytest.raises(UndefinedVariableError) as raised:
        Template.load(data).render(context)
    for message in (finding.message, raised.value.message):
        assert f"是否应为 {suggestion}？" in message, message
    assert raised.value.tag == tag and finding.location.tag == tag
