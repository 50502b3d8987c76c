"""Issue 17 "Done when": a shipped template edited as a staff member would, in Word.

The edits are those of docs/模板编写指南.md, done with python-docx the way Word stores
them (the guide's script, docs/make_guide_images.py, holds them): 一级标题 restyled to
楷体 in the style, a fixed paragraph reworded, ``{{ 联系人 }}`` added, a Chinese
field name mistyped. The render carries every change; lint and render name the
mistake with the same suggestion. Paragraphs are found by content, not position, so
the test holds when the shipped templates are rebuilt.
"""

from __future__ import annotations

import io
import re
from pathlib import Path
from typing import Any

import pytest
from docx import Document
from docx.oxml.ns import qn

from doctemplates.data import KIND_KEY, data_dir, load_data
from doctemplates.errors import DocTemplatesError
from doctemplates.findings import part_label
from doctemplates.kinds import get_kind
from doctemplates.lint import lint_template
from tests.guidescript import guide_script

ROOT = Path(__file__).resolve().parent.parent
KIND = "proposal-reply"  # a kind whose context has 联系人 (contact)
SAMPLE = ROOT / "samples" / "proposal-reply.yaml"
KAI = "楷体_GB2312"
REWORDED = "感谢您对全市科技创新工作的关心和支持，欢迎继续提出意见。"
CONTACT_LINE = "经办人：{{ 联系人 }}"


edits = guide_script()


def sample() -> dict[str, Any]:
    raw = load_data(SAMPLE)
    return {k: v for k, v in raw.items() if k != KIND_KEY}


def render(template: bytes, tmp: Path) -> Any:
    """The sample rendered through ``template`` (saved under ``tmp`` as staff would)."""
    path = tmp / f"模板{len(list(tmp.glob('*.docx')))}.docx"
    path.write_bytes(template)
    with data_dir(SAMPLE.parent):
        out = get_kind(KIND).render(sample(), template=path)
    return Document(io.BytesIO(out))


def shipped() -> Any:
    kind = get_kind(KIND)
    return Document(str(kind.template(sample())))


def saved(doc: Any) -> bytes:
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


def texts(doc: Any) -> list[str]:
    return [p.text for p in edits.paragraphs(doc)]


def fixed_sentence(template: Any, rendered: Any) -> str:
    """Fixed wording of the template (a stretch of a paragraph outside every tag, at least
    six characters) that the sample's render prints: what a staff member rewords."""
    printed = "\n".join(texts(rendered))
    for text in texts(template):
        for piece in re.split(r"\{[{%#].*?[}%#]\}", text):
            piece = piece.strip()
            if len(piece) >= 6 and "{" not in piece and "}" not in piece and piece in printed:
                return piece
    raise AssertionError("the template has no fixed wording the sample prints")


def holding(paragraphs: list[str], text: str) -> int:
    """Index of the first paragraph that holds ``text``."""
    return next(i for i, p in enumerate(paragraphs) if text in p)


def staff_edit(tmp: Path, mistake: bool = False) -> tuple[bytes, str]:
    """The shipped template edited as the guide says; (.docx, the reworded original)."""
    original = render(saved(shipped()), tmp)
    doc = shipped()
    edits.set_style_font(doc, "一级标题", KAI)  # 样式 → 修改 → 格式 → 字体 → 中文字体
    old = fixed_sentence(doc, original)
    edits.replace_text(doc, old, REWORDED)  # 查找和替换 (every variant that has it)
    for anchor in [p for p in edits.paragraphs(doc) if REWORDED in p.text]:
        anchor.insert_paragraph_before(CONTACT_LINE, style=anchor.style)  # a new line above
        if mistake:
            anchor.insert_paragraph_before("{{ 标提 }}", style=anchor.style)
    return saved(doc), old


def test_render_carries_the_staff_edits(tmp_path: Path) -> None:
    template, old = staff_edit(tmp_path)
    doc = render(template, tmp_path)
    style = doc.styles["一级标题"].element
    assert style.rPr.rFonts.get(qn("w:eastAsia")) == KAI
    headings = [p for p in doc.paragraphs if p.style.name == "一级标题" and p.text.strip()]
    assert headings, "the sample prints 一级标题 headings"
    for heading in headings:  # the look comes from the style: no run names another face
        for run in heading.runs:
            fonts = run._r.rPr.rFonts if run._r.rPr is not None else None
            assert fonts is None or fonts.get(qn("w:eastAsia")) in (None, KAI), heading.text
    printed = texts(doc)
    whole = "\n".join(printed)
    assert REWORDED in whole and old not in whole
    contact = sample()["contact"]
    assert f"经办人：{contact}" in printed
    assert printed.index(f"经办人：{contact}") + 1 == holding(printed, REWORDED)


def test_edited_template_lints_without_errors(tmp_path: Path) -> None:
    template, _ = staff_edit(tmp_path)
    findings = lint_template(template, context_type=get_kind(KIND).context_type)
    assert [f for f in findings if f.severity == "error"] == []
    # 一级标题 in 楷体 departs from GB/T 9704 (黑体): lint warns, naming the style
    look = [f.message for f in findings if f.severity == "warning"]
    assert any("一级标题" in m and "黑体" in m for m in look), look


def test_mistyped_chinese_name_named_by_lint_and_render_alike(tmp_path: Path) -> None:
    template, _ = staff_edit(tmp_path, mistake=True)
    findings = lint_template(template, context_type=get_kind(KIND).context_type)
    errors = [f for f in findings if f.severity == "error"]
    assert errors, findings
    for error in errors:  # one per line the mistake was typed in, nothing else
        assert error.rule == "unknown-variable"
        assert "标提" in error.message and "是否应为 标题" in error.message
        where = error.location
        assert (
            part_label(where.part) == "正文"
            and "标提" in (where.text or "")
            and "标提" in where.tag
        )
    with pytest.raises(DocTemplatesError) as refused:
        render(template, tmp_path)
    said = refused.value.describe()
    assert "标提" in said and "是否应为 标题" in said, said
    # located as lint locates it: the paragraph and the tag, in the body part (render
    # names the part by its file name today, lint by 正文: either is the same place)
    assert "段落「{{ 标提 }}」" in said and "标签 {{ 标提 }}" in said, said
    assert re.search(r"正文|word/document\.xml", said), said
