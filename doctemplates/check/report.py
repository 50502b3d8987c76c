"""Printing findings (检查报告): text for people, JSON for programs.

The writer is the project's one (:mod:`doctemplates.findings`), shared with lint.

>>> from doctemplates.check.rules import finding
>>> print(format_findings([]))
未发现问题。
>>> exit_code([finding("cc-period", "抄送机关末尾应加句号“。”")])
1
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from typing import TextIO

from doctemplates.findings import Finding, findings_json, format_findings

__all__ = ["exit_code", "findings_json", "format_findings", "print_findings"]


def exit_code(findings: Sequence[Finding]) -> int:
    """0 when no finding is an error, else 1."""
    return 1 if any(f.severity == "error" for f in findings) else 0


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
