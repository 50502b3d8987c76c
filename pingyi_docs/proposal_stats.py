"""Figures of a year's proposal handling, computed from the records.  提案办理统计。

Nothing here is typed by the user: counts, shares and rates come from the same
:class:`~pingyi_docs.proposals.ProposalRecord` rows that render the replies.
Percentages are rounded half up to one decimal (``33.3%``).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from pingyi_docs.proposals import DEFAULT_DEADLINE_MONTHS, ProposalRecord

__all__ = ["ProposalStats", "percent"]

ROLES = ("主办", "协办", "分办")
SATISFIED = ("满意", "基本满意")


def percent(part: int, whole: int) -> str:
    """``part / whole`` as a percentage with one decimal, half up.

    >>> percent(1, 3), percent(2, 3), percent(0, 0)
    ('33.3%', '66.7%', '0.0%')
    """
    if not whole:
        return "0.0%"
    value = (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.1"), ROUND_HALF_UP)
    return f"{value}%"


@dataclass(frozen=True)
class ProposalStats:
    """Counts and rates of a list of proposal records."""

    records: Sequence[ProposalRecord]
    categories: Mapping[str, str]
    deadline_months: int = DEFAULT_DEADLINE_MONTHS
    _fields: Counter[str] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_fields", Counter(r.field for r in self.records))

    @property
    def total(self) -> int:
        return len(self.records)

    def roles(self) -> dict[str, int]:
        """主办 / 协办 / 分办 counts (all three, zeros included)."""
        counts: Counter[str] = Counter(r.role for r in self.records)
        return {role: counts[role] for role in ROLES}

    @property
    def classified(self) -> int:
        """Records with a result category (协办 opinions usually have none)."""
        return sum(r.category is not None for r in self.records)

    def category_rows(self) -> list[dict[str, object]]:
        """One row per configured category: code, meaning, count, share of the classified."""
        counts, whole = Counter(r.category for r in self.records), self.classified
        return [
            {
                "code": code,
                "meaning": meaning,
                "count": counts[code],
                "share": percent(counts[code], whole),
            }
            for code, meaning in self.categories.items()
        ]

    @property
    def replied(self) -> int:
        return sum(r.replied is not None for r in self.records)

    @property
    def on_time(self) -> int:
        return sum(r.on_time(self.deadline_months) for r in self.records)

    def late_records(self) -> list[ProposalRecord]:
        """Records not replied by their deadline (including unanswered ones)."""
        return [r for r in self.records if not r.on_time(self.deadline_months)]

    @property
    def feedback(self) -> int:
        return sum(r.satisfaction is not None for r in self.records)

    @property
    def satisfied(self) -> int:
        return sum(r.satisfaction in SATISFIED for r in self.records)

    def field_rows(self) -> list[dict[str, object]]:
        """Topics grouped by 领域, most frequent first (ties: first seen first)."""
        return [{"name": name, "count": count} for name, count in self._fields.most_common()]

    def as_dict(self) -> dict[str, Any]:
        """All figures, formatted for a template."""
        return {
            "total": self.total,
            "roles": self.roles(),
            "classified": self.classified,
            "categories": self.category_rows(),
            "replied": self.replied,
            "replied_rate": percent(self.replied, self.total),
            "on_time": self.on_time,
            "on_time_rate": percent(self.on_time, self.total),
            "feedback": self.feedback,
            "satisfied": self.satisfied,
            "satisfaction_rate": percent(self.satisfied, self.feedback),
            "fields": self.field_rows(),
            "late": [{"number": r.number, "title": r.title} for r in self.late_records()],
        }
