"""提案办理总结 — the year's proposal-handling report, figures computed.

一、办理情况 opens with sentences worded in the template (proposal-summary.docx, the
paragraph group ``{{p 段落组 办理情况 }}``, :data:`REGION`) whose figures the kind
computes from the proposal records (YAML list ``records`` or an XLSX ``records_file``)
or the typed ``counts``: totals, 主办/协办/分办, A/B/C counts and shares, 办复率,
按期办复率, 满意率 and the topics by 领域 (:class:`~pingyi_docs.proposal_stats.Figures`,
Chinese names such as ``{{ 承办总数 }}``, ``{{ 办复.办复率 }}``).  A body item of kind
``region`` marks where the group goes, so the sentences follow the part order of the
data.  The opening is the data's ``opening`` paragraphs, else the template's group
:data:`STANDARD_OPENING` (标准开头), both at the head of the body.  二、主要做法,
三、存在的不足 and 四、下一步工作 come from the data.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import ConfigDict, Field, model_validator

from doctemplates.context import BodyItem, DocumentContext, body_items
from doctemplates.data import resolve_path
from doctemplates.dates import format_date
from doctemplates.model import DataModel, DateValue, NameList, OfficialDocument, Section
from pingyi_docs._base import Issued, PingyiKind, reject
from pingyi_docs.proposal_stats import Figures, ProposalStats, percent
from pingyi_docs.proposals import (
    DEFAULT_CATEGORIES,
    DEFAULT_DEADLINE_MONTHS,
    Categories,
    ProposalRecord,
    Session,
    check_categories,
    read_records,
)
from pingyi_docs.summary_template import REGION, STANDARD_OPENING, template_spec

__all__ = [
    "KIND",
    "REGION",
    "STANDARD_OPENING",
    "Counts",
    "Headings",
    "ProposalSummary",
    "ProposalSummaryKind",
    "SummaryContext",
    "template_spec",
]

TEMPLATE_FILE = "proposal-summary.docx"
# Wording generated here: the title (the figure sentences are the template's: summary_template).
TITLE = "{organ}{year}年度政协提案办理工作总结"
HEADINGS = ("办理情况", "主要做法", "存在的不足", "下一步工作")


Part = Literal["situation", "practices", "shortcomings", "next_steps"]
PART_NAMES: tuple[Part, ...] = ("situation", "practices", "shortcomings", "next_steps")


def _all_parts() -> list[Part]:
    return list(PART_NAMES)


class Headings(DataModel):
    """The part headings (层次标题), today's wording by default.  各部分标题。"""

    model_config = ConfigDict(
        title="各部分标题", json_schema_extra={"description": "各部分的标题文字（不含序号）"}
    )

    situation: str = Field(default=HEADINGS[0], min_length=1, title="办理情况")
    practices: str = Field(default=HEADINGS[1], min_length=1, title="主要做法")
    shortcomings: str = Field(default=HEADINGS[2], min_length=1, title="存在的不足")
    next_steps: str = Field(default=HEADINGS[3], min_length=1, title="下一步工作")


class Counts(DataModel):
    """Figures typed when there are no proposal records.  没有提案记录时填写的数字。

    With records they are optional; any that is given must equal what the records give.
    """

    model_config = ConfigDict(
        title="办理数字",
        json_schema_extra={
            "description": "没有提案记录时填写的数字；有提案记录时可不填，填写的必须与记录算出的一致"
        },
    )

    total: int = Field(ge=0, title="承办总数", description="承办政协提案总件数")  # 总数
    sponsored: int | None = Field(default=None, ge=0, title="主办", description="主办件数")
    assisted: int | None = Field(default=None, ge=0, title="协办", description="协办件数")
    divided: int | None = Field(default=None, ge=0, title="分办", description="分办件数")
    replied: int | None = Field(default=None, ge=0, title="已办复", description="已办复件数")

    @model_validator(mode="after")
    def _parts_fit(self) -> Counts:
        roles = [n for n in (self.sponsored, self.assisted, self.divided) if n is not None]
        if sum(roles) > self.total:
            reject(f"主办、协办、分办合计{sum(roles)}件，超过承办总数{self.total}件", field="total")
        if self.replied is not None and self.replied > self.total:
            reject(f"已办复{self.replied}件，超过承办总数{self.total}件", field="replied")
        return self

    def derived(self, stats: ProposalStats) -> dict[str, int]:
        """The records' figure for each count field."""
        roles = stats.roles()
        return {
            "total": stats.total,
            "sponsored": roles["主办"],
            "assisted": roles["协办"],
            "divided": roles["分办"],
            "replied": stats.replied,
        }


class ProposalSummary(Issued):
    """提案办理总结: organ, year, records and the written parts."""

    model_config = ConfigDict(
        title="提案办理总结",
        json_schema_extra={"description": "年度政协提案办理工作总结；办理情况的数字由提案记录计算"},
    )

    title: str | None = Field(  # 标题
        default=None,
        title="标题",
        description="不填则为“（发文机关）（年度）年度政协提案办理工作总结”",
    )
    year: int | None = Field(  # 年度
        default=None, ge=1949, le=2100, title="年度", description="不填则取成文日期的年份"
    )
    session: Session | None = Field(  # 会议届次
        default=None,
        title="会议届次",
        description="交办提案的政协会议，如“示例市政协十五届五次”；印在开头，不填则不印",
    )
    recipients: NameList = Field(
        default_factory=list, title="主送机关", description="如“示例市政协提案委员会”"
    )
    date: DateValue = Field(title="成文日期", description="总结的成文日期，也是统计截止日期")
    records: list[ProposalRecord] = Field(  # 提案记录
        default_factory=list,
        title="提案记录",
        description="本年度承办的全部提案（或用 records_file）",
    )
    records_file: str | None = Field(  # 提案记录表
        default=None, title="提案记录表", description="提案记录的 XLSX 文件路径（首行为列名）"
    )
    categories: Categories = Field(default_factory=lambda: dict(DEFAULT_CATEGORIES))
    deadline_months: int = Field(
        default=DEFAULT_DEADLINE_MONTHS,
        ge=1,
        le=12,
        title="办理时限（月）",
        description="交办后几个月内答复",
    )
    opening: list[str] | None = Field(  # 开头
        default=None, title="开头", description="不填则使用标准开头"
    )
    counts: Counts | None = Field(  # 办理数字
        default=None,
        title="办理数字",
        description="没有提案记录时填写；有记录时填写的数字必须与记录算出的一致",
    )
    situation: list[str] = Field(  # 办理情况的文字
        default_factory=list,
        title="办理情况的文字",
        description="办理情况中数字之后（或没有数字时）的段落",
    )
    parts: list[Part] = Field(  # 各部分及顺序
        default_factory=_all_parts,
        min_length=1,
        title="各部分及顺序",
        description="印出哪些部分、按什么顺序：situation、practices、shortcomings、next_steps",
    )
    headings: Headings = Field(default_factory=Headings, title="各部分标题")
    practices: list[Section] = Field(
        default_factory=list, title="主要做法", description="主要做法的层次（列在 parts 中时必填）"
    )
    shortcomings: list[Section] = Field(
        default_factory=list, title="存在的不足", description="存在的不足（列在 parts 中时必填）"
    )
    next_steps: list[Section] = Field(
        default_factory=list, title="下一步工作", description="下一步工作（列在 parts 中时必填）"
    )

    @model_validator(mode="after")
    def _load_records(self) -> ProposalSummary:
        if self.records and self.records_file:
            reject("records 和 records_file 只能填写一个", field="records_file")
        if self.records_file:
            self.records = read_records(resolve_path(self.records_file, field="records_file"))
        self._check_parts()
        self._check_counts()
        check_categories(self.records, self.categories, path="records")
        numbers: set[int] = set()
        for index, record in enumerate(self.records):
            if record.number in numbers:
                reject(f"提案号{record.number}重复", field=f"records[{index}].number")
            numbers.add(record.number)
            if record.replied and record.replied > self.date:
                reject(
                    f"答复日期{format_date(record.replied)}晚于总结成文日期{format_date(self.date)}",
                    field=f"records[{index}].replied",
                )
        return self

    def _check_parts(self) -> None:
        if len(set(self.parts)) != len(self.parts):
            reject("parts 中的部分不能重复", field="parts")
        for name in self.parts:
            if name != "situation" and not getattr(self, name):
                reject(
                    f"缺少{getattr(self.headings, name)}（{name}），或把它从 parts 中去掉",
                    field=name,
                )
        if "situation" in self.parts and not (self.records or self.counts or self.situation):
            reject(
                "缺少提案记录（records 或 records_file）；没有记录时填写办理数字（counts）"
                "或办理情况的文字（situation）",
                field="records",
            )

    def _check_counts(self) -> None:
        if not (self.records and self.counts):
            return
        derived = self.counts.derived(self.stats())
        for name, value in self.counts.model_dump(exclude_none=True).items():
            if value != derived[name]:
                title = Counts.model_fields[name].title
                reject(
                    f"填写的{title}{value}件与提案记录算出的{derived[name]}件不一致",
                    field=f"counts.{name}",
                )

    @property
    def summary_year(self) -> int:
        return self.year or self.date.year

    def stats(self) -> ProposalStats:
        return ProposalStats(self.records, self.categories, self.deadline_months)


def figures(summary: ProposalSummary) -> Figures:
    """The figures of the template's 办理情况 sentences: from the records, else typed.

    Without either the sentences are not printed (no ``region`` item in the body).
    """
    as_of = format_date(summary.date)
    if summary.records:
        return summary.stats().figures(as_of)
    counts = summary.counts or Counts(total=0)
    roles = (("主办", counts.sponsored), ("协办", counts.assisted), ("分办", counts.divided))
    replied = counts.replied
    return {
        "total": counts.total,
        "roles": [{"role": role, "count": count} for role, count in roles if count is not None],
        "fields": [],
        "replies": None
        if replied is None
        else {
            "as_of": as_of,
            "count": replied,
            "rate": percent(replied, counts.total),
            "all": False,  # typed figures say 已办复 N 件, not 已全部办复
            "open": None,
            "on_time": None,
            "on_time_rate": "",
        },
        "results": None,
        "feedback": None,
    }


def body(summary: ProposalSummary) -> list[Section]:
    """The parts in the data's order (the opening and the figure sentences are the template's)."""
    out = []
    for name in summary.parts:
        heading = getattr(summary.headings, name)
        if name == "situation":
            out.append(Section(heading=heading, paragraphs=list(summary.situation)))
        else:
            out.append(Section(heading=heading, children=getattr(summary, name)))
    return out


class SummaryContext(DocumentContext):
    """提案办理总结模板可用的变量。"""

    organ: str  # 发文机关（承办单位）
    opening: list[str] | None  # 开头（自拟的段落；不填则用模板的标准开头）
    year: int  # 年度
    session: str | None  # 会议届次（不填则为空）
    stats: dict[str, Any]  # 统计数字（见 ProposalStats.as_dict）
    figures: Figures  # 办理数字（办理情况各句中的数字）


def _stats(summary: ProposalSummary) -> dict[str, Any]:
    """Figures for the template: from the records, with typed counts where there are none."""
    stats = summary.stats().as_dict()
    counts = summary.counts
    if counts and not summary.records:
        stats["total"] = counts.total
        stats["roles"] = {
            "主办": counts.sponsored or 0,
            "协办": counts.assisted or 0,
            "分办": counts.divided or 0,
        }
        if counts.replied is not None:
            stats["replied"] = counts.replied
            stats["replied_rate"] = percent(counts.replied, counts.total)
    return stats


def _region(name: str) -> BodyItem:
    """The body item printing the template's paragraph group ``name``."""
    return {"kind": "region", "level": 1, "label": "", "heading": "", "text": name, "block": None}


def _with_regions(summary: ProposalSummary, document: OfficialDocument) -> list[BodyItem]:
    """The numbered body headed by the opening (the data's paragraphs, else the template's
    standard one) with the figure sentences' place after the 办理情况 heading."""
    items = body_items(document.body)
    if "situation" in summary.parts and (summary.records or summary.counts):
        # each part is one level-1 heading, in the data's order
        tops = [i for i, it in enumerate(items) if it["level"] == 1 and it["kind"] == "heading"]
        at = tops[summary.parts.index("situation")] + 1
        items = [*items[:at], _region(REGION), *items[at:]]
    opening: list[BodyItem] = [
        {"kind": "paragraph", "level": 1, "label": "", "heading": "", "text": text, "block": None}
        for text in summary.opening or []
    ]
    return [*(opening or [_region(STANDARD_OPENING)]), *items]


class ProposalSummaryKind(PingyiKind):
    """提案办理总结 (文件格式): figures derived from the proposal records."""

    name = "proposal-summary"
    title = "提案办理总结"
    description = "年度政协提案办理工作总结（办理情况由提案记录自动统计）"
    aliases = ("提案办理总结", "提案办理工作总结")
    model = ProposalSummary
    templates = {"文件": TEMPLATE_FILE}
    context_type = SummaryContext
    groups = (STANDARD_OPENING, REGION)

    def to_document(self, summary: ProposalSummary) -> OfficialDocument:
        """The engine document (format 文件)."""
        title = summary.title or TITLE.format(organ=summary.organ, year=summary.summary_year)
        return summary.issue(title=title, body=body(summary), recipients=summary.recipients)

    def extras(self, summary: ProposalSummary, document: OfficialDocument) -> dict[str, Any]:
        return {
            "organ": summary.organ,
            "opening": summary.opening,
            "year": summary.summary_year,
            "session": summary.session.full if summary.session else None,
            "stats": _stats(summary),
            "figures": figures(summary),
            "body": _with_regions(summary, document),
        }


KIND = ProposalSummaryKind()
