"""The import report: every decision with its source paragraph.  导入报告。

Three kinds of entry: ``recognised`` (识别: what a paragraph was taken for),
``normalised`` (规范: which listed rule changed which text) and ``undecided``
(未能确定: what the importer could not decide and what it did instead).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import asdict, dataclass, field
from typing import Literal

__all__ = ["Entry", "Report"]

Action = Literal["recognised", "normalised", "undecided", "note"]
ACTION_NAMES = {"recognised": "识别", "normalised": "规范", "undecided": "未能确定", "note": "说明"}


@dataclass(frozen=True)
class Entry:
    """One decision.  一条记录。"""

    action: Action
    where: str  # 第 12 行 / 第 5 段 / 全文
    message: str  # 中文说明
    text: str = ""  # 源段落（节选）
    rule: str | None = None  # 规范化规则 id
    element: str | None = None  # title / doc_number / body[1].children[0] …

    def line(self) -> str:
        """``[识别] 第 1 行：标题“关于……”``."""
        excerpt = f"「{_shorten(self.text)}」" if self.text else ""
        rule = f"（{self.rule}）" if self.rule else ""
        return f"[{ACTION_NAMES[self.action]}] {self.where}{excerpt}：{self.message}{rule}"


@dataclass
class Report:
    """All entries of one import, in the order they were made."""

    entries: list[Entry] = field(default_factory=list)

    def add(
        self,
        action: Action,
        where: str,
        message: str,
        text: str = "",
        *,
        rule: str | None = None,
        element: str | None = None,
    ) -> None:
        self.entries.append(Entry(action, where, message, text, rule, element))

    def __iter__(self) -> Iterator[Entry]:
        return iter(self.entries)

    def of(self, action: Action) -> list[Entry]:
        """Entries of one kind."""
        return [e for e in self.entries if e.action == action]

    def rules_used(self) -> dict[str, int]:
        """How many changes each normalisation rule made."""
        counts: dict[str, int] = {}
        for entry in self.of("normalised"):
            if entry.rule:
                counts[entry.rule] = counts.get(entry.rule, 0) + 1
        return counts

    def as_dicts(self) -> list[dict[str, object]]:
        """JSON-ready entries."""
        return [asdict(e) for e in self.entries]

    def text(self) -> str:
        """The whole report, one line per entry."""
        return "\n".join(e.line() for e in self.entries)


def _shorten(text: str, limit: int = 30) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"
