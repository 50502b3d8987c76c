"""The 版记 page rule finds the 版记 by its style *name* (issue 12, defect 5).

An office suite renames style ids (LibreOffice: ``Banji`` → ``Style35``) but keeps
names; the rule must still put the 版记 on an even page.  The PDF comparison after a
real LibreOffice save is in tests/test_roundtrip.py.
"""

from __future__ import annotations

import io

import pytest
from pypdf import PdfWriter

from doctemplates.package import Member, read_package, write_package
from doctemplates.pdf import banji_on_even_page
from tests.layout.contexts import context
from tests.layout.contexts import render as render_to

MARKER = b"doctemplates-banji-page"


def _pdf(pages: int) -> bytes:
    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(595, 842)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


@pytest.fixture(scope="module")
def rendered(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    path = render_to("文件", context(), tmp_path_factory.mktemp("rule") / "doc.docx")
    return path.read_bytes()


def _renamed(document: bytes, old: str, new: str, *, name: str | None = None) -> bytes:
    """The style id ``old`` renamed ``new`` everywhere (and its name, when given)."""
    parts = read_package(document)
    for part in ("word/styles.xml", "word/document.xml"):
        parts[part] = parts[part].replace(f'w:val="{old}"'.encode(), f'w:val="{new}"'.encode())
        parts[part] = parts[part].replace(
            f'w:styleId="{old}"'.encode(), f'w:styleId="{new}"'.encode()
        )
    if name is not None:
        parts["word/styles.xml"] = parts["word/styles.xml"].replace(
            '<w:name w:val="版记"/>'.encode(), f'<w:name w:val="{name}"/>'.encode()
        )
    return write_package([Member.deflate(n, c) for n, c in parts.items()])


def test_rule_breaks_before_the_banji_on_an_odd_count(rendered: bytes) -> None:
    revised = banji_on_even_page(rendered, _pdf(3))
    assert revised is not None and MARKER in read_package(revised)["word/document.xml"]
    assert banji_on_even_page(rendered, _pdf(4)) is None
    assert banji_on_even_page(revised, _pdf(5)) is None  # applied once only


def test_rule_survives_a_renamed_style_id(rendered: bytes) -> None:
    renamed = _renamed(rendered, "Banji", "Style35")
    assert b'w:val="Banji"' not in read_package(renamed)["word/document.xml"]
    revised = banji_on_even_page(renamed, _pdf(3))
    assert revised is not None and MARKER in read_package(revised)["word/document.xml"]


def test_rule_leaves_other_tables_alone(rendered: bytes) -> None:
    """A bottom-anchored table whose paragraphs are not in the 版记 style is not the 版记."""
    other = _renamed(rendered, "Banji", "Style35", name="别的样式")
    assert banji_on_even_page(other, _pdf(3)) is None
