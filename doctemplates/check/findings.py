"""Findings of the GB/T 9704 checks (检查结果).

A :class:`Finding` ties one problem to a rule of :data:`doctemplates.check.rules.RULES`,
its clause of the standard, a severity, a location and a Chinese message with
the expected and the actual value.

>>> loc = Location(paragraph=3, text="一、总体要求")
>>> str(loc)
'第4段「一、总体要求」'
>>> str(Location(page=2))
'第2页'
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any, Literal

__all__ = ["Finding", "Location", "Severity"]

Severity = Literal["error", "warning"]

_SHOW = 24


@dataclass(frozen=True)
class Location:
    """Where a finding is (位置): a page, a paragraph (0-based index + text) or an element."""

    page: int | None = None
    paragraph: int | None = None
    text: str | None = None
    element: str | None = None

    def __str__(self) -> str:
        parts: list[str] = []
        if self.page is not None:
            parts.append(f"第{self.page}页")
        if self.paragraph is not None:
            parts.append(f"第{self.paragraph + 1}段")
        if self.text:
            shown = self.text.strip().replace("\t", " ")
            shown = shown if len(shown) <= _SHOW else shown[:_SHOW] + "…"
            parts.append(f"「{shown}」")
        if self.element:
            parts.append(self.element)
        return "".join(parts) or "全文"


@dataclass(frozen=True)
class Finding:
    """One problem (问题): rule id, clause, severity, location, message, expected/actual."""

    rule: str
    clause: str
    severity: Severity
    message: str
    location: Location = field(default_factory=Location)
    expected: str | None = None
    actual: str | None = None

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready mapping (the location as a nested object plus its text form)."""
        data = asdict(self)
        data["location"]["display"] = str(self.location)
        return data

    def __str__(self) -> str:
        label = "错误" if self.severity == "error" else "警告"
        line = f"{self.clause} [{label}] {self.location}：{self.message}"
        if self.expected is not None or self.actual is not None:
            line += f"（应为：{self.expected or '—'}；实为：{self.actual or '—'}）"
        return f"{line} <{self.rule}>"
