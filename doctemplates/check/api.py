"""One entry point for files (检查入口): .docx or .pdf by suffix."""

from __future__ import annotations

from pathlib import Path

from doctemplates.check.docx import FORMAT_NAMES, check_docx
from doctemplates.check.findings import Finding
from doctemplates.check.pdf import check_pdf
from doctemplates.check.report import print_findings
from doctemplates.check.source import check_source
from doctemplates.check.textforms import DateStyle
from doctemplates.errors import DataError

__all__ = ["check_file", "run_check"]


def check_file(
    path: str | Path,
    fmt: str | None = None,
    *,
    date_style: DateStyle | None = "arabic",
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
    if not p.is_file():
        raise DataError(f"找不到文件：{p}")
    suffix = p.suffix.lower()
    if source is not None and suffix != ".pdf":
        raise DataError("--source 只用于检查 PDF（给出该 PDF 的来源 .docx）", field="--source")
    if suffix == ".docx":
        return check_docx(p, fmt, date_style=date_style)
    if suffix == ".pdf":
        return check_pdf(p, fmt) + (check_source(p, source) if source is not None else [])
    raise DataError(f"只能检查 .docx 或 .pdf 文件：{p.name}")


def run_check(
    path: str | Path,
    *,
    as_json: bool = False,
    fmt: str | None = None,
    date_style: DateStyle | None = "arabic",
    source: str | Path | None = None,
) -> int:
    """``doctemplates check FILE [--json] [--format F] [--source D]``: print, return the exit code."""
    findings = check_file(path, fmt, date_style=date_style, source=source)
    return print_findings(findings, as_json=as_json, source=str(path))
