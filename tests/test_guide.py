"""docs/模板编写指南.md stays current: its generated sections equal what the tools print now.

The fields tables are ``doctemplates fields KIND`` (one per kind), the block table is read
from the shipped templates, the lint example is a real lint run, and every picture the
guide shows exists. When a template or a kind changes, ``docs/make_guide_images.py``
regenerates all of it; these tests say when it was not re-run.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from PIL import Image
from typer.testing import CliRunner

from doctemplates.cli import app
from doctemplates.kinds import available_kinds
from tests.guidescript import guide_script

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
GUIDE = DOCS / "模板编写指南.md"
REFERENCE = DOCS / "模板参考.md"
RERUN = "re-run .venv/bin/python docs/make_guide_images.py"

script = guide_script()


def guide() -> str:
    return GUIDE.read_text(encoding="utf-8")


def section(text: str, start: str, end: str) -> str:
    """The text between the markers ``start`` and ``end`` (both present, once)."""
    assert text.count(start) == 1, start
    return text.split(start, 1)[1].split(end, 1)[0].strip("\n")


@pytest.mark.parametrize("kind", sorted(available_kinds()))
def test_guide_prints_the_fields_of_every_kind_as_the_command_does(kind: str) -> None:
    shown = section(guide(), f"<!-- fields:{kind} -->", "<!-- /fields -->")
    assert shown == script.fields_markdown(kind), RERUN
    result = CliRunner().invoke(app, ["fields", kind, "--json"])
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)
    table = shown.splitlines()[2:]
    assert len(table) == len(rows)
    for line, row in zip(table, rows, strict=True):  # same names, same order
        cells = [c.strip() for c in line.strip("|").split(" | ")]
        assert cells[0] == (row["中文名"] or "—") and cells[1] == f"`{row['英文名']}`"


def test_guide_block_table_is_read_from_the_shipped_templates() -> None:
    shown = section(guide(), "<!-- blocks -->", "<!-- /blocks -->")
    assert shown == script.blocks_markdown(), RERUN
    assert len(shown.splitlines()) == 2 + len(script.shipped_templates())


def test_guide_lint_example_is_real_lint_output(tmp_path: Path) -> None:
    shown = section(guide(), "<!-- lint:example -->", "<!-- /lint -->")
    assert shown == script.lint_example(tmp_path), RERUN
    first, second = shown.split("\n\n", 1)
    # the mistyped Chinese name with its suggestion, then (fixed) the 正文 size
    assert "标提" in first and "是否应为 标题" in first and "退出码 1" in first
    assert "正文" in second and "16 pt" in second and "15 pt" in second


@pytest.mark.parametrize("doc", [GUIDE, REFERENCE], ids=["guide", "reference"])
def test_every_picture_and_page_the_docs_link_exists(doc: Path) -> None:
    text = doc.read_text(encoding="utf-8")
    pictures = re.findall(r"!\[[^\]]*\]\(([^)]+\.png)\)", text)
    if doc == GUIDE:  # the overview and a before/after pair for each of the seven edits
        assert len(pictures) == 2 + 2 * len(script.EDITS)
    for picture in pictures:
        path = DOCS / picture
        assert path.is_file(), picture
        with Image.open(path) as image:
            width, height = image.size
        assert width >= 400 and height >= 100, (picture, image.size)
    for page, anchor in re.findall(r"\]\(([^)#:]*?)(?:#([^)]*))?\)", text):
        if page.endswith(".png"):
            continue
        target = DOCS / page if page else doc
        assert target.is_file(), page
        if anchor:  # GitHub's heading ids: lower case, punctuation dropped, spaces to -
            headings = re.findall(r"^#+ (.*)$", target.read_text(encoding="utf-8"), re.M)
            ids = {re.sub(r"[^\w\- ]", "", h.lower()).replace(" ", "-") for h in headings}
            assert anchor in ids, (page, anchor)


def test_guide_pictures_are_the_scripted_edits() -> None:
    names = {p.name for p in DOCS.glob("images/guide-*.png")}
    wanted = {f"guide-{e.name}-{side}.png" for e in script.EDITS for side in ("before", "after")}
    assert wanted | {"guide-template.png", "guide-document.png"} == names


def test_reference_keeps_the_developer_material() -> None:
    """Nothing of the old guide lost: tag language, limits, safety, lint table, summary."""
    text = REFERENCE.read_text(encoding="utf-8")
    for kept in ("{%p for x in 列表 %}", "max_output_chars", "INCLUDEPICTURE", "cn_number"):
        assert kept in text, kept
    for heading in ("样式一览", "标签写法", "lint 的检查项", "安全", "English summary"):
        assert re.search(rf"^## .*{heading}", text, re.M), heading


@pytest.mark.parametrize("edit", script.EDITS, ids=lambda e: e.name)
def test_every_scripted_edit_applies_to_the_shipped_templates(edit: Any, tmp_path: Path) -> None:
    """Each of the guide's edits still finds its place (or, where a block placeholder holds
    it, has its settings-file way) and changes the rendered document: the pictures can be
    remade after the templates are rebuilt.  (The PDF pictures themselves: the script.)"""
    import io
    import zipfile

    from docx import Document

    kind, data = script.sample_data(edit.sample, edit.drop)
    try:
        shipped, edited = script.edited_template(edit, kind, data, tmp_path)
    except script.EditNotFound:
        assert edit.default is not None
        return
    before, after = (script.render(kind, data, t) for t in (shipped, edited))

    def text(docx: bytes) -> str:
        return re.sub(
            r"\s", "", "".join(p.text for p in script.paragraphs(Document(io.BytesIO(docx))))
        )

    assert re.sub(r"\s", "", edit.after) in text(after)

    def parts(docx: bytes) -> list[bytes]:
        with zipfile.ZipFile(io.BytesIO(docx)) as z:
            return [z.read("word/document.xml"), z.read("word/styles.xml")]

    assert parts(before) != parts(after)
