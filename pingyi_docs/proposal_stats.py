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
from typing import Any, TypedDict

from pingyi_docs.proposals import DEFAULT_DEADLINE_MONTHS, ProposalRecord

__all__ = ["Feedback", "Figures", "ProposalStats", "Replies", "Results", "percent"]

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


class RoleRow(TypedDict):
    role: str  # 办理方式：主办 / 协办 / 分办
    count: int  # 件数


class FieldRow(TypedDict):
    name: str  # 领域
    count: int  # 件数


class CategoryRow(TypedDict):
    code: str  # 类别：A / B / C
    meaning: str  # 含义
    count: int  # 件数
    share: str  # 占比（占已明确类别的件数）


class Replies(TypedDict):
    """办复 (the replies sentence's figures; None when 已办复 was not typed)."""

    as_of: str  # 截止日期（即成文日期）
    count: int  # 已办复（件数）
    rate: str  # 办复率
    all: bool  # 全部办复（按提案记录统计且全部办复时为真）
    open: int | None  # 在办（其余正在办理的件数；没有提案记录时为空）
    on_time: int | None  # 按期办复（件数；没有提案记录时为空）
    on_time_rate: str  # 按期办复率（没有提案记录时为空）


class Results(TypedDict):
    """办理结果 (the categories sentence's figures; None when no category is known)."""

    classified: int  # 已分类（已明确办理结果类别的件数）
    categories: list[CategoryRow]  # 各类（各类别的件数和占比）


class Feedback(TypedDict):
    """反馈 (the satisfaction sentence's figures; None when no proposer answered)."""

    count: int  # 件数（提案人反馈意见件数）
    satisfied: int  # 满意（满意和基本满意件数）
    rate: str  # 满意率


class Figures(TypedDict):
    """The figures the 办理情况 sentences of the template print.  办理情况的数字。

    From the records, or only those typed (``counts``).  Each sentence but the first
    reads one group (办复, 办理结果, 反馈) that is None when its figures are unknown, and
    the template leaves that sentence out (the optional-line rule's group rule).
    """

    total: int  # 承办总数
    roles: list[RoleRow]  # 分工（主办、协办、分办件数；只填了总数时为空）
    fields: list[FieldRow]  # 涉及领域（按件数从多到少；没有提案记录时为空）
    replies: Replies | None  # 办复（如 办复.已办复；未填已办复件数时为空）
    results: Results | None  # 办理结果（如 办理结果.已分类；没有提案记录时为空）
    feedback: Feedback | None  # 反馈（如 反馈.满意率；没有反馈时为空）


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

    def category_rows(self) -> list[CategoryRow]:
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

    def field_rows(self) -> list[FieldRow]:
        """Topics grouped by 领域, most frequent first (ties: first seen first)."""
        return [{"name": name, "count": count} for name, count in self._fields.most_common()]

    def figures(self, as_of: str) -> Figures:
        """The figures of the template's 办理情况 sentences, as of ``as_of`` (a date)."""
        roles, rows = self.roles(), self.category_rows()
        return {
            "total": self.total,
            "roles": [{"role": role, "count": roles[role]} for role in ROLES],
            "fields": self.field_rows(),
            "replies": {
                "as_of": as_of,
                "count": self.replied,
                "rate": percent(self.replied, self.total),
                "all": self.replied == self.total,
                "open": self.total - self.replied,
                "on_time": self.on_time,
                "on_time_rate": percent(self.on_time, self.total),
            },
            "results": {"classified": self.classified, "categories": rows} if rows else None,
            "feedback": {
                "count": self.feedback,
                "satisfied": self.satisfied,
                "rate": percent(self.satisfied, self.feedback),
            }
            if self.feedback
            else None,
        }

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
