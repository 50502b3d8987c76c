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

from doctemplates.package import read_package
from doctemplates.render import Template
from tests.docxbuild import open_docx
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
