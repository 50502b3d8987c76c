"""Findings shared by render and lint.  渲染与 lint 共用的检查结果。

Every check of a template (package, parts, tags, compilation) reports
:class:`~doctemplates.findings.Finding` objects (the project's one type, shared
with ``check``), made by :func:`finding`.  ``lint`` lists them all;
``Template.load`` refuses the template at the first finding of severity
``error`` — so render refuses exactly what lint calls an error, because both run
the same checks.

>>> f = finding("macro", "error", "word/vbaProject.bin", "模板含有宏")
>>> str(f.location), to_error(f).part
('word/vbaProject.bin', 'word/vbaProject.bin')
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable

from doctemplates.errors import (
    TemplateError,
    TemplateLimitError,
    TemplateSecurityError,
    TemplateSyntaxError,
)
from doctemplates.findings import Finding, Location, Severity, part_label

__all__ = [
    "SECURITY_CODES",
    "Finding",
    "closest",
    "finding",
    "first_error",
    "part_label",
    "raise_first",
    "to_error",
]

#: Finding codes that mean "unsafe" (TemplateSecurityError) rather than "broken".
SECURITY_CODES = frozenset(
    {
        "macro",
        "ole",
        "activex",
        "external",
        "field",
        "dtd",
        "part-type",
        "relationship-type",
        "zip-name",
        "vml-link",
        "mail-merge",
        "image-format",
    }
)
#: Codes of tag and syntax problems (TemplateSyntaxError).
_SYNTAX_CODES = frozenset(
    {
        "syntax",
        "unclosed-tag",
        "fullwidth-brace",
        "block-not-alone",
        "tr-not-alone",
        "tc-not-alone",
        "unknown-variable",
    }
)


def finding(
    rule: str, severity: Severity, part: str, message: str, paragraph: str = "", tag: str = ""
) -> Finding:
    """A template finding: ``rule`` in ``part``, at a paragraph's text and a tag.

    >>> f = finding("split-tag", "info", "word/header1.xml", "已合并", "{{ a }}", "{{ a }}")
    >>> f.location.part, f.location.text, f.location.tag, f.clause
    ('word/header1.xml', '{{ a }}', '{{ a }}', '')
    """
    where = Location(part=part or None, text=paragraph or None, tag=tag or None)
    return Finding(rule, "", severity, message, where)


def closest(name: str, known: Iterable[str]) -> str | None:
    """The known variable name nearest ``name``, for 是否应为 …？ (lint and render alike).

    Chinese names are two to four characters, one wrong of two is a ratio of 0.5:
    they are matched from there; English names from 0.6 (difflib's ratio).

    >>> closest("titel", ["title", "organ"]), closest("标提", ["标题", "主送"])
    ('title', '标题')
    >>> closest("xyz", ["title"]) is None
    True
    """
    cutoff = 0.5 if re.search(r"[\u3400-\u9fff]", name) else 0.6
    found = difflib.get_close_matches(name, sorted(set(known)), n=1, cutoff=cutoff)
    return found[0] if found else None


def first_error(findings: Iterable[Finding]) -> Finding | None:
    return next((f for f in findings if f.severity == "error"), None)


def to_error(found: Finding) -> TemplateError:
    """The exception render raises for an error finding."""
    if found.rule == "limit":
        cls: type[TemplateError] = TemplateLimitError
    elif found.rule in SECURITY_CODES:
        cls = TemplateSecurityError
    elif found.rule in _SYNTAX_CODES:
        cls = TemplateSyntaxError
    else:
        cls = TemplateError
    where = found.location
    return cls(found.message, part=where.part, paragraph=where.text, tag=where.tag)


def raise_first(findings: Iterable[Finding]) -> None:
    """Raise the first error finding, if any."""
    error = first_error(findings)
    if error is not None:
        raise to_error(error)
