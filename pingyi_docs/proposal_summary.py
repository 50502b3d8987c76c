"""提案办理总结 — the year's proposal-handling report, figures computed.

一、办理情况 is generated from the proposal records (YAML list ``records`` or an
XLSX ``records_file``): totals, 主办/协办/分办, A/B/C counts and shares, 办复率,
按期办复率, 满意率 and the topics by 领域.  二、主要做法, 三、存在的不足 and
四、下一步工作 come from the data.
"""

from __future__ import annotations

from typing import Any

from pydantic import ConfigDict, Field, model_validator

from doctemplates.context import DocumentContext
from doctemplates.data import resolve_path
from doctemplates.dates import format_date
from doctemplates.model import DateValue, NameList, OfficialDocument, Section
from pingyi_docs._base import Issued, define_kind, reject
from pingyi_docs.proposal_stats import ProposalStats
from pingyi_docs.proposals import (
    DEFAULT_CATEGORIES,
    DEFAULT_DEADLINE_MONTHS,
    Categories,
    ProposalRecord,
    Session,
    check_categories,
    read_records,
)

__all__ = [
    "KIND",
    "ProposalSummary",
    "SummaryContext",
    "situation",
    "template_spec",
    "to_document",
]

TEMPLATE_FILE = "proposal-summary.docx"
# Fixed wording of the template (proposal-summary.docx): the standard opening.
OPENING = (
    "根据{{ session }}提案交办会要求，{{ organ }}高度重视提案办理工作，"
    "逐件明确牵头领导、责任科室和责任人，认真办理、如实答复、按期办结。"
    "现将{{ year }}年度提案办理工作总结如下："
)
# Wording generated here: the title and the sentences carrying computed figures.
TITLE = "{organ}{year}年度政协提案办理工作总结"
HEADINGS = ("办理情况", "主要做法", "存在的不足", "下一步工作")
TOTALS = "{year}年，{organ}共承办政协提案{total}件，其中主办{主办}件、协办{协办}件、分办{分办}件。"
FIELDS = "提案主要涉及{fields}等方面。"
FIELD_ITEM = "{name}（{count}件）"
ALL_REPLIED = "截至{date}，{total}件提案已全部办复，办复率{replied_rate}；"
SOME_REPLIED = "截至{date}，已办复{replied}件，办复率{replied_rate}，其余{open}件正在办理；"
ON_TIME = "按期办复{on_time}件，按期办复率{on_time_rate}。"
CATEGORY_LEAD = "从办理结果看，在已明确办理结果类别的{classified}件提案中，"
CATEGORY_ITEM = "{code}类（{meaning}）{count}件，占{share}"
SATISFACTION = (
    "提案人反馈意见{feedback}件，其中满意和基本满意{satisfied}件，满意率{satisfaction_rate}。"
)


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
    session: Session = Field(
        title="会议届次", description="交办提案的政协会议，如“示例市政协十五届五次”"
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
    practices: list[Section] = Field(
        min_length=1, title="主要做法", description="二、主要做法的层次"
    )
    shortcomings: list[Section] = Field(
        min_length=1, title="存在的不足", description="三、存在的不足"
    )
    next_steps: list[Section] = Field(
        min_length=1, title="下一步工作", description="四、下一步工作"
    )

    @model_validator(mode="after")
    def _load_records(self) -> ProposalSummary:
        if self.records and self.records_file:
            reject("records 和 records_file 只能填写一个", field="records_file")
        if self.records_file:
            self.records = read_records(resolve_path(self.records_file, field="records_file"))
        if not self.records:
            reject("缺少提案记录（records 或 records_file）", field="records")
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

    @property
    def summary_year(self) -> int:
        return self.year or self.date.year

    def stats(self) -> ProposalStats:
        return ProposalStats(self.records, self.categories, self.deadline_months)


def situation(summary: ProposalSummary) -> list[str]:
    """The generated paragraphs of 一、办理情况."""
    figures = summary.stats().as_dict()
    roles: dict[str, int] = figures["roles"]
    fields = "、".join(FIELD_ITEM.format(**row) for row in figures["fields"])
    total = figures["total"]
    totals = TOTALS.format(year=summary.summary_year, organ=summary.organ, total=total, **roles)
    replied = ALL_REPLIED if figures["replied"] == total else SOME_REPLIED
    progress = replied.format(
        date=format_date(summary.date), open=total - figures["replied"], **figures
    ) + ON_TIME.format(**figures)
    items = [CATEGORY_ITEM.format(**row) for row in figures["categories"]]
    paragraphs = [
        totals + FIELDS.format(fields=fields),
        progress,
        CATEGORY_LEAD.format(**figures) + "；".join(items) + "。",
    ]
    if figures["feedback"]:
        paragraphs.append(SATISFACTION.format(**figures))
    return paragraphs


def body(summary: ProposalSummary) -> list[Section]:
    """The four numbered parts (the opening is the template's)."""
    written = (summary.practices, summary.shortcomings, summary.next_steps)
    return [
        Section(heading=HEADINGS[0], paragraphs=situation(summary)),
        *(Section(heading=h, children=c) for h, c in zip(HEADINGS[1:], written, strict=True)),
    ]


def to_document(summary: ProposalSummary) -> OfficialDocument:
    """The engine document (format 文件)."""
    title = summary.title or TITLE.format(organ=summary.organ, year=summary.summary_year)
    return summary.issue(title=title, body=body(summary), recipients=summary.recipients)


class SummaryContext(DocumentContext):
    """提案办理总结模板可用的变量。"""

    organ: str  # 发文机关（承办单位）
    opening: list[str] | None  # 自拟的开头（不填则用模板的标准开头）
    year: int  # 年度
    session: str  # 会议届次
    stats: dict[str, Any]  # 统计数字（见 ProposalStats.as_dict）


def _extras(summary: ProposalSummary, _document: OfficialDocument) -> dict[str, Any]:
    return {
        "organ": summary.organ,
        "opening": summary.opening,
        "year": summary.summary_year,
        "session": summary.session.full,
        "stats": summary.stats().as_dict(),
    }


def template_spec() -> Any:
    """proposal-summary.docx: 文件格式; standard opening unless the data gives one."""
    from doctemplates.layout import TemplateSpec
    from doctemplates.layout import body as pieces

    opening = pieces.paragraphs_or("opening", OPENING)
    return TemplateSpec(fmt="文件", name="提案办理总结", opening=opening)


KIND = define_kind(
    name="proposal-summary",
    title="提案办理总结",
    description="年度政协提案办理工作总结（办理情况由提案记录自动统计）",
    model=ProposalSummary,
    to_document=to_document,
    extras=_extras,
    aliases=("提案办理总结", "提案办理工作总结"),
    templates={"文件": TEMPLATE_FILE},
    context_type=SummaryContext,
)
