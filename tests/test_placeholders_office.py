"""Block placeholders after an office suite saved the template (issue 17 §1, "Done when").

LibreOffice renames every style id when it saves (一级标题 ``H1`` → ``Style25``) but keeps
the names: the expanded blocks must take the saved template's ids, so the rendered
paragraphs carry the same styles — by name — as the ones rendered from the shipped
template, and the same text.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from lxml import etree

from doctemplates.context import DocumentContext
from doctemplates.fieldnames import with_chinese_names
from doctemplates.layout import fit_mark
from doctemplates.package import read_package
from doctemplates.render import Template
from tests.docxbuild import open_docx
from tests.layout.contexts import context as _context
from tests.officesave import saved_by_libreoffice
from tests.test_placeholders import SHIPPED

pytestmark = pytest.mark.skipif(
    shutil.which("soffice") is None, reason="LibreOffice (soffice) 未安装"
)


@pytest.fixture(scope="module")
def saved(tmp_path_factory: pytest.TempPathFactory) -> dict[str, bytes]:
    work = tmp_path_factory.mktemp("placeholders-office")
    return saved_by_libreoffice({name: path for name, path, _ in SHIPPED}, work)


def _styled(data: bytes) -> list[tuple[str, str]]:
    """(style name, text) of every body paragraph and table-cell paragraph."""
    document = open_docx(data)
    found = [(p.style.name if p.style else "", p.text) for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            for cell in row.cells:
                found += [(p.style.name if p.style else "", p.text) for p in cell.paragraphs]
    return found


@pytest.mark.parametrize(("name", "path", "contexts"), SHIPPED, ids=[c[0] for c in SHIPPED])
def test_saved_template_expands_into_its_own_styles(
    name: str, path: Path, contexts: list[dict[str, object]], saved: dict[str, bytes]
) -> None:
    original, resaved = Template.load(path), Template.load(saved[name])
    saved_ids = {s.style_id for s in open_docx(saved[name]).styles}
    for ctx in contexts:
        rendered = resaved.render(ctx)
        assert _styled(rendered) == _styled(original.render(ctx))
        xml = read_package(rendered)["word/document.xml"].decode()
        used = set(re.findall(r'<w:[pr]Style w:val="([^"]*)"', xml))
        assert used <= saved_ids  # every expanded paragraph names a style of the saved template


# --- the 标志's size and scale survive the save (issue 17: 纪要 and 信函 as placeholders) ----

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_LONG = "示例市科学技术局示例市科学技术局示例局"  # too long for 42 pt: 30 pt, compressed
_SUFFIX = {"文件": "文件", "纪要": "纪要", "命令": "令", "信函": ""}


def _mark_runs(data: bytes) -> list[tuple[str | None, str | None]]:
    """(w:sz, w:w) of every run printing the long organ name, in the body and the headers."""
    found = []
    for part, xml in read_package(data).items():
        if not re.fullmatch(r"word/(document|header\d*)\.xml", part):
            continue
        for r in etree.fromstring(xml).iter(f"{_W}r"):
            if _LONG in "".join(t.text or "" for t in r.iter(f"{_W}t")):
                sz, scale = r.find(f"{_W}rPr/{_W}sz"), r.find(f"{_W}rPr/{_W}w")
                found.append(
                    (
                        None if sz is None else sz.get(f"{_W}val"),
                        None if scale is None else scale.get(f"{_W}val"),
                    )
                )
    return found


@pytest.mark.parametrize("fmt", sorted(_SUFFIX))
def test_saved_template_sizes_a_long_mark_as_the_shipped_one(
    fmt: str, saved: dict[str, bytes]
) -> None:
    """A long organ name: the 标志 is set at the fitted size and horizontal scale (§2.4)
    by the template as shipped and by the template an office suite saved — the size lives in
    the expanded block, not in the saved template's frozen defaults (42 pt, 100 %)."""
    fit = fit_mark(_LONG, suffix=_SUFFIX[fmt])
    ctx = with_chinese_names(_context(organs=(_LONG,)), DocumentContext)
    ctx["header"].update(mark_suffix=_SUFFIX[fmt], mark_size=fit.size_pt, mark_scale=fit.scale_pct)
    wanted = [(str(round(fit.size_pt * 2)), str(fit.scale_pct))]
    name = f"document-{fmt}"
    path = next(p for n, p, _ in SHIPPED if n == name)
    assert _mark_runs(Template.load(path).render(ctx)) == wanted
    assert _mark_runs(Template.load(saved[name]).render(ctx)) == wanted
