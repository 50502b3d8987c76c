"""GB/T 9704 checks of .docx and PDF files (公文格式检查).

>>> from doctemplates.check import RULES, rules_markdown
>>> "§7.2.5" in rules_markdown()
True

Use :func:`check_file` (``.docx`` or ``.pdf``) or :func:`check_docx` /
:func:`check_pdf`; print with :func:`print_findings`, or do both with
:func:`run_check` (what ``doctemplates check`` calls).
"""

from doctemplates.check.api import check_file as check_file
from doctemplates.check.api import run_check as run_check
from doctemplates.check.docx import check_docx as check_docx
from doctemplates.check.pdf import check_pdf as check_pdf
from doctemplates.check.report import exit_code as exit_code
from doctemplates.check.report import findings_json as findings_json
from doctemplates.check.report import format_findings as format_findings
from doctemplates.check.report import print_findings as print_findings
from doctemplates.check.rules import RULES as RULES
from doctemplates.check.rules import UNCHECKED as UNCHECKED
from doctemplates.check.rules import Rule as Rule
from doctemplates.check.rules import rules_markdown as rules_markdown
from doctemplates.findings import Finding as Finding
from doctemplates.findings import Location as Location

__all__ = [
    "RULES",
    "UNCHECKED",
    "Finding",
    "Location",
    "Rule",
    "check_docx",
    "check_file",
    "check_pdf",
    "exit_code",
    "findings_json",
    "format_findings",
    "print_findings",
    "rules_markdown",
    "run_check",
]
