"""Printing findings (检查报告): text for people, JSON for programs.

>>> from doctemplates.check.rules import finding
>>> print(format_findings([]))
未发现问题。
>>> exit_code([finding("cc-period", "抄送机关末尾应加句号“。”")])
1
"""

from __future__ import annotations

import json
import sys
from collections.abc import Sequence
from typing import TextIO

from doctemplates.check.findings import Finding

__all__ = ["exit_code", "findings_json", "format_findings", "print_findings"]


def exit_code(findings: Sequence[Finding]) -> int:
    """0 when no finding is an error, else 1."""
    return 1 if any(f.severity == "error" for f in findings) else 0


def format_findings(findings: Sequence[Finding], *, source: str | None = None) -> str:
    """One line per finding plus a count (Chinese)."""
    if not findings:
        return f"{source}：未发现问题。" if source else "未发现问题。"
    errors = sum(f.severity == "error" for f in findings)
    head = f"{source}：" if source else ""
    lines = [str(f) for f in findings]
    lines.append(f"{head}共 {errors} 个错误，{len(findings) - errors} 个警告。")
    return "\n".join(lines)


def findings_json(findings: Sequence[Finding], *, source: str | None = None) -> str:
    """``{"file", "errors", "warnings", "findings": [...]}`` as JSON (UTF-8 text)."""
    errors = sum(f.severity == "error" for f in findings)
    data = {
        "file": source,
        "errors": errors,
        "warnings": len(findings) - errors,
        "findings": [f.to_dict() for f in findings],
    }
    return json.dumps(data, ensure_ascii=False, indent=2)


def print_findings(
    findings: Sequence[Finding],
    *,
    as_json: bool = False,
    source: str | None = None,
    stream: TextIO | None = None,
) -> int:
    """Print ``findings`` and return the exit code (0 = no errors)."""
    out = stream or sys.stdout
    text = (
        findings_json(findings, source=source)
        if as_json
        else format_findings(findings, source=source)
    )
    print(text, file=out)
    return exit_code(findings)
