"""Build small .docx templates in code for tests (no hand-edited binaries)."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Sequence
from pathlib import Path

import docx


def make_template(
    paragraphs: Sequence[str],
    *,
    header: str | None = None,
    footer: str | None = None,
    title: str | None = None,
    table: Sequence[Sequence[str]] | None = None,
) -> bytes:
    """A .docx whose body holds ``paragraphs`` (and optionally a table) as plain text."""
    document = docx.Document()
    for text in paragraphs:
        document.add_paragraph(text)
    if table:
        grid = document.add_table(rows=len(table), cols=len(table[0]))
        for r, row in enumerate(table):
            for c, text in enumerate(row):
                grid.cell(r, c).text = text
    section = document.sections[0]
    if header is not None:
        section.header.paragraphs[0].text = header
    if footer is not None:
        section.footer.paragraphs[0].text = footer
    if title is not None:
        document.core_properties.title = title
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def body_text(data: bytes) -> list[str]:
    """Paragraph texts of a rendered .docx, read back with python-docx."""
    return [p.text for p in docx.Document(io.BytesIO(data)).paragraphs]


def open_docx(data: bytes) -> docx.document.Document:
    return docx.Document(io.BytesIO(data))


def pdf_in(docx_path: str | Path, out_dir: str | Path) -> Path:
    """Convert ``docx_path`` to ``out_dir/<stem>.pdf`` (replacing it) with the warm pool."""

    from doctemplates.pdf import convert_file

    source, folder = Path(docx_path), Path(out_dir)
    folder.mkdir(parents=True, exist_ok=True)
    return convert_file(source, folder / f"{source.stem}.pdf", overwrite=True)


def replace_in_part(package: bytes, part: str, old: bytes, new: bytes, count: int = -1) -> bytes:
    """``package`` with ``old`` in member ``part`` replaced by ``new`` (``count`` times, every
    time by default); ``old`` must be there: a test that edits nothing would prove nothing."""
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(package)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for item in source.infolist():
            content = source.read(item)
            if item.filename == part:
                edited = content.replace(old, new, count)
                assert edited != content, (part, old)
                content = edited
            target.writestr(item, content)
    return out.getvalue()
