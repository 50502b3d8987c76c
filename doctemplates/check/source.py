"""A PDF against the .docx it claims to show (来源一致检查): ``check FILE.pdf --source FILE.docx``.

The comparison is the one every conversion runs (:mod:`doctemplates.pdf.verify`),
so a PDF made elsewhere (another office suite, a print-to-PDF driver) can be
audited the same way: each difference is a finding of rule ``pdf-text`` with the
page and the context, ``…方式[，]是听取…``.
"""

from __future__ import annotations

from pathlib import Path

from doctemplates.check.rules import finding
from doctemplates.errors import DataError
from doctemplates.findings import Finding, Location

__all__ = ["check_source"]

_KINDS = {
    "missing": "PDF 缺少文档中的文字",
    "extra": "PDF 多出文档中没有的文字",
    "changed": "PDF 文字与文档不同",
}


def check_source(pdf: str | Path, source: str | Path) -> list[Finding]:
    """Findings where the text of ``pdf`` differs from that of the .docx ``source``."""
    from doctemplates.pdf.verify import compare_text

    path = Path(source)
    if path.suffix.lower() != ".docx":
        raise DataError(f"--source 应为 .docx 文件：{path.name}", field="--source")
    try:
        docx, data = path.read_bytes(), Path(pdf).read_bytes()
    except OSError as exc:
        raise DataError(f"无法读取 {exc.filename}：{exc.strerror}", field="--source") from exc
    result = compare_text(docx, data)
    findings = [
        finding(
            "pdf-text",
            f"{_KINDS[d.kind]}：{d.context}",
            Location(page=d.page),
            expected=d.expected.replace("\x00", "…").replace("\x01", "#") or "—",
            actual=d.actual or "—",
        )
        for d in result.differences
    ]
    if result.truncated:
        findings.append(
            finding("pdf-text", "不一致之处过多，之后的文字未再比对", Location(), expected="一致")
        )
    return findings
