"""Findings shared by render and lint.  渲染与 lint 共用的检查结果。

Every check of a template (package, parts, tags, compilation) reports
:class:`Finding` objects.  ``lint`` lists them all; ``Template.load`` refuses the
template at the first finding of severity ``error`` — so render refuses exactly
what lint calls an error, because both run the same checks.

>>> f = Finding("macro", "error", "word/vbaProject.bin", "模板含有宏")
>>> f.where, to_error(f).part
('word/vbaProject.bin', 'word/vbaProject.bin')
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from typing import Any

from doctemplates.errors import (
    TemplateError,
    TemplateLimitError,
    TemplateSecurityError,
    TemplateSyntaxError,
)

__all__ = [
    "SECURITY_CODES",
    "Finding",
    "closest",
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


@dataclass(frozen=True)
class Finding:
    """One finding about a template.  一条检查结果。"""

    code: str  # 机器可读代码，如 split-tag
    severity: str  # error / warning / info
    part: str  # 部件，如 word/header2.xml
    message: str  # 中文说明（含修改建议）
    paragraph: str = ""  # 段落文字
    tag: str = ""  # 标签

    @property
    def where(self) -> str:
        return part_label(self.part)

    def as_dict(self) -> dict[str, Any]:
        return {**asdict(self), "where": self.where}


def part_label(part: str) -> str:
    """Human name of a part.  部件的中文名称：正文、页眉1、页脚2……

    >>> part_label("word/header2.xml"), part_label("word/document.xml")
    ('页眉2', '正文')
    """
    match = re.fullmatch(r"word/(header|footer)(\d*)\.xml", part)
    if match:
        return ("页眉" if match[1] == "header" else "页脚") + match[2]
    return {
        "word/document.xml": "正文",
        "word/styles.xml": "样式",
        "word/footnotes.xml": "脚注",
        "word/endnotes.xml": "尾注",
        "docProps/core.xml": "文档属性",
    }.get(part, part)


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


def to_error(finding: Finding) -> TemplateError:
    """The exception render raises for an error finding."""
    if finding.code == "limit":
        cls: type[TemplateError] = TemplateLimitError
    elif finding.code in SECURITY_CODES:
        cls = TemplateSecurityError
    elif finding.code in _SYNTAX_CODES:
        cls = TemplateSyntaxError
    else:
        cls = TemplateError
    return cls(
        finding.message,
        part=finding.part or None,
        paragraph=finding.paragraph or None,
        tag=finding.tag or None,
    )


def raise_first(findings: Iterable[Finding]) -> None:
    """Raise the first error finding, if any."""
    error = first_error(findings)
    if error is not None:
        raise to_error(error)
