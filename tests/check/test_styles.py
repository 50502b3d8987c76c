"""The one style table: every style the builder installs has a role and is font-checked.

Issue 14: nine styles the builder installed were never font-checked (发文字号, 副标题,
表格标题行, 表格正文, 表格居中, 纪要标签, 出席人员, 右上角标注, 右上角标注字符), and the
table and picture styles came later (表题, 图片, 图题).  Each style is here changed to a
face of another family (and, where its size is fixed, to another size) in a real
template: the checker names exactly that style.
"""

from __future__ import annotations

import io
import zipfile

import pytest
from lxml import etree

from doctemplates.check import check_docx
from doctemplates.check.ooxml import qn
from doctemplates.gbt9704.fonts import FAMILIES
from doctemplates.gbt9704.styles import (
    CHARACTER_ROLES,
    PARAGRAPH_ROLES,
    STYLES,
    StyleSpec,
    by_name,
)
from doctemplates.kinds import get_kind
from doctemplates.layout import build_template
from tests.check.builders import edit_part, style_el

UNCHECKED_BEFORE = (
    *("发文字号", "副标题", "表格标题行", "表格正文", "表格居中", "纪要标签", "出席人员"),
    *("右上角标注", "右上角标注字符", "表题", "图片", "图题"),
)


def _installed(data: bytes) -> list[tuple[str, str]]:
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        root = etree.fromstring(zf.read("word/styles.xml"))
    return [
        (st.get(qn("w:styleId")), st.find(qn("w:name")).get(qn("w:val")))
        for st in root.iter(qn("w:style"))
        if st.get(qn("w:customStyle")) == "1"
    ]


def test_every_installed_style_has_a_role_and_is_checked() -> None:
    installed = _installed(build_template("文件"))
    assert [sid for sid, _ in installed] == [s.sid for s in STYLES]
    for sid, name in installed:
        spec = by_name(name)
        assert spec.sid == sid
        roles = PARAGRAPH_ROLES if spec.kind == "paragraph" else CHARACTER_ROLES
        assert spec.role in roles, name
        assert spec.families and all(f in {fam.name for fam in FAMILIES} for f in spec.families)
    assert set(UNCHECKED_BEFORE) <= {name for _, name in installed}


def _other_face(spec: StyleSpec) -> str:
    """A face of a family the style does not accept."""
    return next(f.face for f in FAMILIES if f.name not in spec.families)


def _restyle(sid: str, *, face: str | None = None, half_points: int | None = None):
    def change(root: etree._Element) -> None:
        style = style_el(root, sid)
        rpr = style.find(qn("w:rPr"))
        if face is not None:
            for old in rpr.findall(qn("w:rFonts")):
                rpr.remove(old)
            fonts = etree.SubElement(rpr, qn("w:rFonts"))
            for attr in ("ascii", "hAnsi", "eastAsia", "cs"):
                fonts.set(qn(f"w:{attr}"), face)
        if half_points is not None:
            for tag in ("w:sz", "w:szCs"):
                for old in rpr.findall(qn(tag)):
                    rpr.remove(old)
                etree.SubElement(rpr, qn(tag)).set(qn("w:val"), str(half_points))

    return change


@pytest.mark.parametrize("spec", STYLES, ids=[s.name for s in STYLES])
def test_a_style_in_another_face_is_named(spec: StyleSpec) -> None:
    face = _other_face(spec)
    data = edit_part(build_template("文件"), "word/styles.xml", _restyle(spec.sid, face=face))
    findings = [f for f in check_docx(data) if f.rule == "style-fonts"]
    assert [f.location.element for f in findings] == [f"样式 {spec.name}（{spec.sid}）"]
    assert face in findings[0].actual and findings[0].expected.startswith(spec.families[0])


@pytest.mark.parametrize("spec", [s for s in STYLES if s.expected_size], ids=lambda s: s.name)
def test_a_style_in_another_size_is_named(spec: StyleSpec) -> None:
    wrong = round(spec.expected_size * 2) + 4  # two points larger
    data = edit_part(
        build_template("文件"), "word/styles.xml", _restyle(spec.sid, half_points=wrong)
    )
    (finding,) = [f for f in check_docx(data) if f.rule == "style-fonts"]
    assert spec.name in finding.message and f"{wrong / 2:g} pt" in finding.actual


def test_sizes_of_the_fitted_mark_and_of_runs_are_not_checked() -> None:
    assert by_name("发文机关标志").expected_size is None
    assert all(s.expected_size is None for s in STYLES if s.kind == "character")
    assert by_name("表格正文").expected_size == 12.0 and by_name("版记").expected_size == 14.0


def _document(**extra: object) -> bytes:
    kind = get_kind("document")
    data = {
        "organs": ["示例市科学技术局"],
        "doc_number": "示科发〔2026〕3号",
        "title": "关于开展示例工作的通知",
        "recipients": ["各区科技局"],
        "signature": {"date": "2026-11-23"},
        "body": [
            {
                "heading": "工作安排",
                "paragraphs": [
                    "为做好示例工作，现将有关事项通知如下。",
                    {"rows": [["序号", "内容"], ["1", "开展调研"]], "title": "表1 工作安排"},
                ],
            }
        ],
        **extra,
    }
    return kind.render(kind.validate(data))


def test_table_title_is_not_body_text() -> None:
    """A 表题 is 黑体 by its style: before the one table it was read as 正文 (run-fonts error)."""
    assert check_docx(_document()) == []


def test_corner_mark_beside_the_copy_number_is_not_the_copy_number() -> None:
    """proposal-reply as a 文件: 「B类」 flush right on line 1 is the 右上角标注, not a bad 份号."""
    import yaml

    from doctemplates.context import DocumentContext
    from doctemplates.fieldnames import with_chinese_names
    from doctemplates.layout import TemplateSpec
    from doctemplates.render import Template
    from tests.check.builders import ROOT
    from tests.layout.contexts import context

    data = yaml.safe_load((ROOT / "samples" / "proposal-reply.yaml").read_text(encoding="utf-8"))
    data.pop("kind", None)
    kind = get_kind("proposal-reply")
    for fmt in ("文件", "信函"):
        assert check_docx(kind.render(kind.validate({**data, "format": fmt}))) == [], fmt
    template = Template.load(build_template(TemplateSpec(fmt="文件", corner="{{ corner }}")))
    for copy, found in (("000012", []), ("12", ["copy-number"])):
        ctx = context(attachments=0)
        ctx["header"]["copy_number"] = copy
        named = with_chinese_names(ctx, DocumentContext)  # the template's Chinese names
        rendered = template.render({**named, "corner": "A类"})
        assert [f.rule for f in check_docx(rendered)] == found
        assert all(f.actual == copy for f in check_docx(rendered))


def test_corner_line_of_a_speech_is_not_its_title() -> None:
    from doctemplates.layout import TemplateSpec

    assert check_docx(build_template(TemplateSpec(fmt="讲话", corner="A类"))) == []
