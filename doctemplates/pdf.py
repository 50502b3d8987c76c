"""PDF output through LibreOffice (headless).  生成 PDF。

Each conversion runs ``soffice`` with its own throw-away user profile and the
project's font mapping (:mod:`doctemplates.fonts`), so the GB/T 9704 face names
resolve to installed faces.  Output is written atomically.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from doctemplates.errors import DocTemplatesError, OutputError
from doctemplates.fonts import fontconfig_env
from doctemplates.output import write_atomic

__all__ = [
    "INSTALL_HINT",
    "PdfError",
    "PdfUnavailableError",
    "convert_file",
    "soffice_path",
    "to_pdf",
]

INSTALL_HINT = "sudo apt-get install libreoffice-writer-nogui fonts-noto-cjk fonts-arphic-ukai"


class PdfError(DocTemplatesError):
    """LibreOffice failed to convert a document.  PDF 转换失败。"""


class PdfUnavailableError(PdfError):
    """LibreOffice is not installed.  未安装 LibreOffice。"""


def soffice_path() -> str | None:
    """The LibreOffice executable, or None."""
    return (
        os.environ.get("DOCTEMPLATES_SOFFICE")
        or shutil.which("soffice")
        or shutil.which("libreoffice")
    )


def to_pdf(docx: bytes, *, timeout: float = 120) -> bytes:
    """Convert .docx bytes to PDF bytes."""
    soffice = soffice_path()
    if soffice is None:
        raise PdfUnavailableError(f"未找到 LibreOffice，无法生成 PDF；请先安装：{INSTALL_HINT}")
    with tempfile.TemporaryDirectory(prefix="doctemplates-pdf-") as tmp:
        work = Path(tmp)
        source = work / "document.docx"
        source.write_bytes(docx)
        command = [
            soffice,
            f"-env:UserInstallation={(work / 'profile').as_uri()}",
            "--headless",
            "--norestore",
            "--nologo",
            "--convert-to",
            "pdf:writer_pdf_Export",
            "--outdir",
            str(work),
            str(source),
        ]
        try:
            proc = subprocess.run(
                command, env=fontconfig_env(), capture_output=True, text=True, timeout=timeout
            )
        except subprocess.TimeoutExpired as exc:
            raise PdfError(f"LibreOffice 转换超时（超过 {timeout:.0f} 秒）") from exc
        result = work / "document.pdf"
        if not result.exists():
            raise PdfError(
                f"LibreOffice 未能转换文档：{(proc.stderr or proc.stdout).strip()[:200]}"
            )
        return result.read_bytes()


def convert_file(
    docx_path: str | os.PathLike[str],
    pdf_path: str | os.PathLike[str] | None = None,
    *,
    overwrite: bool = False,
) -> Path:
    """Convert a .docx file to a PDF beside it (or at ``pdf_path``)."""
    source = Path(docx_path)
    target = Path(pdf_path) if pdf_path else source.with_suffix(".pdf")
    try:
        data = source.read_bytes()
    except OSError as exc:
        raise OutputError(f"无法读取 {source}：{exc.strerror}") from exc
    return write_atomic(target, to_pdf(data), overwrite=overwrite)
