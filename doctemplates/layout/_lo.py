"""Convert a .docx file to PDF beside a folder (for tests, docs and tools).

A thin path-based wrapper over :mod:`doctemplates.pdf` (warm pool, font mapping).
"""

from __future__ import annotations

from pathlib import Path

from doctemplates.pdf import convert_file, soffice_path

__all__ = ["convert_to_pdf", "find_soffice"]


def find_soffice() -> str | None:
    """Path of the ``soffice`` executable, or None when LibreOffice is missing."""
    return soffice_path()


def convert_to_pdf(docx_path: str | Path, out_dir: str | Path) -> Path:
    """Convert ``docx_path`` to ``out_dir/<stem>.pdf`` (replacing it) and return that path."""
    src, out = Path(docx_path), Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    return convert_file(src, out / f"{src.stem}.pdf", overwrite=True)
