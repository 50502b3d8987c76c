"""One entry point for files (检查入口): .docx or .pdf by suffix.

The file may be anything: it is read only if regular and within
``limits.check_bytes``, a .docx is bounded and DTD-free before parsing
(:func:`~doctemplates.check.ooxml.load_docx`), a PDF must start like one and
have at most ``limits.pdf_pages`` pages.  A damaged file is one Chinese
:class:`~doctemplates.errors.DataError` (the CLI exits 2), never a traceback.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

from lxml import etree

from doctemplates.check.docx import check_docx
from doctemplates.check.measure import measure_pdf
from doctemplates.check.ooxml import load_docx
from doctemplates.check.pdf import check_pages
from doctemplates.check.report import print_findings
from doctemplates.check.source import check_source
from doctemplates.check.textforms import DateStyle
from doctemplates.errors import DataError, DocTemplatesError
from doctemplates.findings import Finding
from doctemplates.gbt9704.formats import FORMAT_NAMES
from doctemplates.inputs import DEFAULT_LIMITS, Limits, read_regular

__all__ = ["check_file", "run_check"]


def check_file(
    path: str | Path,
    fmt: str | None = None,
    *,
    date_style: DateStyle | None = "arabic",
    limits: Limits = DEFAULT_LIMITS,
    source: str | Path | None = None,
) -> list[Finding]:
    """GB/T 9704 findings of a .docx or .pdf file.

    ``fmt`` (文件 / 信函 / 讲话 / 纪要) overrides the format guessed from the
    document; ``date_style`` is the configured 成文日期 form (.docx only);
    ``source`` is the .docx a PDF was made from: its text is compared too.
    Raises :class:`~doctemplates.errors.DataError` (Chinese message) for a
    missing file, an unknown suffix or an unknown format.
    """
    p = Path(path)
    if fmt is not None and fmt not in FORMAT_NAMES:
        raise DataError(f"未知格式 {fmt!r}（可选：{'、'.join(FORMAT_NAMES)}）", field="format")
    suffix = p.suffix.lower()
    if suffix not in (".docx", ".pdf"):
        raise DataError(f"只能检查 .docx 或 .pdf 文件：{p.name}")
    if source is not None and suffix != ".pdf":
        raise DataError("--source 只用于检查 PDF（给出该 PDF 的来源 .docx）", field="--source")
    if not p.exists() and not p.is_symlink():
        raise DataError(f"找不到文件：{p}")
    data = read_regular(p, limits.check_bytes, "文件")
    try:
        if suffix == ".docx":
            load_docx(data, limits=limits)  # bounds, DTD refusal, parse errors in Chinese
            return check_docx(data, fmt, date_style=date_style)
        if b"%PDF-" not in data[:1024]:
            raise DataError(f"{p.name} 不是 PDF 文件（没有 %PDF- 文件头）")
        findings = check_pages(measure_pdf(data, max_pages=limits.pdf_pages), fmt)
        return findings + (check_source(p, source) if source is not None else [])
    except DocTemplatesError:
        raise
    except (etree.LxmlError, zipfile.BadZipFile, RecursionError, MemoryError) as exc:
        raise DataError(f"无法检查 {p.name}：文件已损坏（{type(exc).__name__}）") from exc
    except Exception as exc:  # the PDF parser (pdfminer) raises many kinds for damaged files
        raise DataError(
            f"无法检查 {p.name}：文件已损坏或不是{suffix[1:]}文件（{type(exc).__name__}）"
        ) from exc


def run_check(
    path: str | Path,
    *,
    as_json: bool = False,
    fmt: str | None = None,
    date_style: DateStyle | None = "arabic",
    limits: Limits = DEFAULT_LIMITS,
    source: str | Path | None = None,
) -> int:
    """``doctemplates check FILE [--json] [--format F] [--source D]``: print, return the exit code."""
    findings = check_file(path, fmt, date_style=date_style, limits=limits, source=source)
    return print_findings(findings, as_json=as_json, source=str(path))
