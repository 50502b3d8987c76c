"""Findings of check and lint, and their one writer (检查结果及其输出).

One :class:`Finding` type tells every problem the project reports: a GB/T 9704
finding of ``check`` in a document (rule, clause, expected, actual, page or
paragraph) and a finding of ``lint`` or render in a template (rule, the OOXML
part, the paragraph's text, the tag).  :func:`format_findings` and
:func:`findings_json` print them, so ``doctemplates check`` and ``doctemplates
lint`` print the same shape::

    §clause [错误] 位置：message（应为：…；实为：…） <rule>

This module is on the ground floor: render, check and lint all import it, and it
imports nothing of the project.

>>> f = Finding("style-fonts", "§5.2.2", "error", "样式“正文”字号不符",
...     Location(part="word/styles.xml"), expected="16 pt", actual="15 pt")
>>> print(f)
§5.2.2 [错误] 样式：样式“正文”字号不符（应为：16 pt；实为：15 pt） <style-fonts>
>>> print(Finding("split-tag", "", "info", "标签已合并",
...     Location(part="word/header1.xml", text="{{ a }}", tag="{{ a }}")))
[已修复] 页眉1「{{ a }}」标签 {{ a }}：标签已合并 <split-tag>
>>> str(Location(paragraph=3, text="一、总体要求")), str(Location(page=2)), str(Location())
('第4段「一、总体要求」', '第2页', '全文')
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from typing import Any, Literal

__all__ = [
    "LABELS",
    "Finding",
    "Location",
    "Severity",
    "findings_json",
    "format_findings",
    "one_line",
    "part_label",
    "summary",
]

#: error: the document or template is wrong (render refuses such a template);
#: warning: probably not as meant; info: render repaired it by itself.
Severity = Literal["error", "warning", "info"]

#: How each severity is printed (Chinese).
LABELS: dict[str, str] = {"error": "错误", "warning": "警告", "info": "已修复"}

_SHOW = 24  # characters of a paragraph's text shown in a location
#: What ``str.splitlines`` breaks at: a printed finding stays on one line.
_BREAKS = re.compile("[\n\r\v\f\x1c-\x1e\x85\u2028\u2029]+")


def one_line(text: str) -> str:
    r"""``text`` with each run of line breaks as one space.

    >>> one_line("第一行\r\n第二行\u2028第三行")
    '第一行 第二行 第三行'
    """
    return _BREAKS.sub(" ", text)


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


@dataclass(frozen=True)
class Location:
    """Where a finding is (位置).

    ``page`` (1-based, PDF), ``paragraph`` (0-based index) and ``text`` (the
    paragraph's text), ``element`` (a 公文 element such as 版记), ``part`` (the
    OOXML part, e.g. ``word/header2.xml``) and ``tag`` (a template tag).
    """

    page: int | None = None
    paragraph: int | None = None
    text: str | None = None
    element: str | None = None
    part: str | None = None  # 部件
    tag: str | None = None  # 模板标签

    def __str__(self) -> str:
        parts: list[str] = []
        if self.part and not self.element:  # an element names its part itself (样式 正文)
            parts.append(part_label(self.part))
        if self.page is not None:
            parts.append(f"第{self.page}页")
        if self.paragraph is not None:
            parts.append(f"第{self.paragraph + 1}段")
        if self.text:
            shown = one_line(self.text.strip().replace("\t", " "))
            shown = shown if len(shown) <= _SHOW else shown[:_SHOW] + "…"
            parts.append(f"「{shown}」")
        if self.element:
            parts.append(self.element)
        if self.tag:
            parts.append(f"标签 {self.tag}")
        return one_line("".join(parts)) or "全文"


@dataclass(frozen=True)
class Finding:
    """One problem (问题): rule, clause, severity, message, location, expected/actual.

    ``rule`` is the machine code (``style-fonts``, ``split-tag``); ``clause`` the
    GB/T 9704 clause (``§5.2.2``), empty for a template problem no clause governs.
    """

    rule: str  # 规则代码
    clause: str  # GB/T 9704 条款，可为空
    severity: Severity  # 严重程度
    message: str  # 中文说明
    location: Location = field(default_factory=Location)  # 位置
    expected: str | None = None  # 应为
    actual: str | None = None  # 实为

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready mapping (the location as a nested object plus its text form)."""
        data = asdict(self)
        data["location"]["display"] = str(self.location)
        return data

    def __str__(self) -> str:
        head = f"{self.clause} " if self.clause else ""
        line = f"{head}[{LABELS[self.severity]}] {self.location}：{self.message}"
        if (self.expected is not None or self.actual is not None) and "实为" not in self.message:
            line += f"（应为：{self.expected or '—'}；实为：{self.actual or '—'}）"
        return one_line(f"{line} <{self.rule}>")


def _counts(findings: Sequence[Finding]) -> dict[str, int]:
    return {s: sum(f.severity == s for f in findings) for s in LABELS}


def summary(findings: Sequence[Finding], *, source: str | None = None) -> str:
    """The count line under the findings (Chinese).

    >>> summary([])
    '未发现问题。'
    >>> summary([Finding("x", "", "info", "…")], source="a.docx")
    'a.docx：未发现问题（1 处已自动修复）。'
    """
    n = _counts(findings)
    head = f"{source}：" if source else ""
    repaired = f"（{n['info']} 处已自动修复）" if n["info"] else ""
    if not n["error"] and not n["warning"]:
        return f"{head}未发现问题{repaired}。"
    return f"{head}共 {n['error']} 个错误，{n['warning']} 个警告{repaired}。"


def format_findings(findings: Sequence[Finding], *, source: str | None = None) -> str:
    """One line per finding plus the count line: what both commands print."""
    return "\n".join([*(str(f) for f in findings), summary(findings, source=source)])


def findings_json(findings: Sequence[Finding], *, source: str | None = None) -> str:
    """``{"file", "errors", "warnings", "infos", "findings": [...]}`` as JSON text.

    >>> data = json.loads(findings_json([Finding("x", "§7.5", "warning", "…")]))
    >>> data["warnings"], sorted(data["findings"][0])
    (1, ['actual', 'clause', 'expected', 'location', 'message', 'rule', 'severity'])
    """
    n = _counts(findings)
    data = {
        "file": source,
        "errors": n["error"],
        "warnings": n["warning"],
        "infos": n["info"],
        "findings": [f.to_dict() for f in findings],
    }
    return json.dumps(data, ensure_ascii=False, indent=2)
