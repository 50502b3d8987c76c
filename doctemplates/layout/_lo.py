"""Minimal LibreOffice conversion (.docx → PDF) under the project font mapping.

A warm pool comes later (``doctemplates.pdf``); this runs one ``soffice`` per
call with its own throw-away user profile.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

from doctemplates.fonts import fontconfig_env

__all__ = ["convert_to_pdf", "find_soffice"]


def find_soffice() -> str | None:
    """Path of the ``soffice`` executable, or None when LibreOffice is missing."""
    return shutil.which("soffice") or shutil.which("libreoffice")


def convert_to_pdf(docx_path: str | Path, out_dir: str | Path, *, timeout: float = 180) -> Path:
    """Convert ``docx_path`` to PDF in ``out_dir`` and return the PDF path.

    Raises ``FileNotFoundError`` without LibreOffice and ``RuntimeError`` when
    the conversion produced nothing.
    """
    soffice = find_soffice()
    if soffice is None:
        raise FileNotFoundError("soffice (LibreOffice) not found")
    src, out = Path(docx_path), Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="doctemplates-lo-") as profile:
        cmd = [
            soffice,
            f"-env:UserInstallation={Path(profile).as_uri()}",
            "--headless",
            "--norestore",
            "--convert-to",
            "pdf",
            "--outdir",
            str(out),
            str(src),
        ]
        proc = subprocess.run(
            cmd, env=fontconfig_env(), capture_output=True, text=True, timeout=timeout
        )
    pdf = out / (src.stem + ".pdf")
    if not pdf.exists():
        raise RuntimeError(f"LibreOffice did not convert {src}: {proc.stderr.strip()}")
    return pdf
