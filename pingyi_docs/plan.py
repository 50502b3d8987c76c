"""工作实施方案 — a work plan issued as a 文件 (red header, 发文字号).

Structure: opening ``根据……的部署和要求，为……，特制定如下实施方案。`` →
一、指导思想 → 二、<topic>内容 (1. 2. …) → 三、<topic>步骤和方式 (phases whose
headings carry their span, ``（二）调研阶段（4月至6月）``) → 四、<topic>要求 →
署名 + 成文日期 → 版记.
"""

from __future__ import annotations

from typing import Any, Literal, TypedDict

from pydantic import ConfigDict, Field, model_validator

from doctemplates.context import DocumentContext
from doctemplates.dates import format_date, format_span
from doctemplates.model import DateValue, NameList, OfficialDocument, Section
from pingyi_docs._base import (
    Issued,
    KindModel,
    Point,
    SubjectTitle,
    define_kind,
    headless,
    reject,
    sections,
)

__all__ = ["KIND", "Phase", "Plan", "PlanContext", "phase_heading", "template_spec", "to_document"]

TEMPLATE_FILE = "plan.docx"
# Fixed wording of the template (plan.docx): the opening sentence.
OPENING = "根据{{ basis }}的部署和要求，为{{ purpose }}，特制定如下实施方案。"
# Wording generated here (numbered headings are computed by the engine).
GUIDING_HEADING = "指导思想"
CONTENTS_HEADING = "{topic}内容"
PHASES_HEADING = "{topic}步骤和方式"
REQUIREMENTS_HEADING = "{topic}要求"
ITEM_END, LAST_ITEM_END = "；", "。"


class Phase(KindModel):
    """One phase (阶段) of 步骤和方式, e.g. 准备阶段 from April 1 to April 15."""

    model_config = ConfigDict(
        title="阶段", json_schema_extra={"description": "步骤和方式中的一个阶段，标题显示起止月份"}
    )
    numbered_fields = ("name",)

    name: str = Field(min_length=1, title="阶段名称", description="如“准备阶段”")  # 阶段名称
    start: DateValue = Field(title="开始日期", description="阶段开始日期")  # 开始日期
    end: DateValue = Field(title="结束日期", description="阶段结束日期")  # 结束日期
    paragraphs: list[str] = Field(
        default_factory=list, title="说明", description="阶段标题后、任务前的段落"
    )
    tasks: list[Point] = Field(  # 任务
        min_length=1, title="任务", description="本阶段任务，编号 1. 2. …，标题句与正文同段"
    )

    @model_validator(mode="after")
    def _ordered(self) -> Phase:
        if self.end < self.start:
            reject(
                f"结束日期{format_date(self.end)}早于开始日期{format_date(self.start)}",
                field="end",
            )
        return self


def phase_heading(phase: Phase, granularity: Literal["month", "xun"] = "month") -> str:
    """``准备阶段（4月）``: the name and the span of its dates."""
    return f"{phase.name}（{format_span(phase.start, phase.end, granularity=granularity)}）"


class Plan(SubjectTitle, Issued):
    """工作实施方案: what the user fills in."""

    doc_kind = "工作实施方案"
    model_config = ConfigDict(
        title="工作实施方案",
        json_schema_extra={
            "description": "以文件格式印发的工作实施方案（指导思想、内容、步骤和方式、要求）"
        },
    )
    numbered_fields = ("contents",)  # 内容各项编号 1. 2. …

    recipients: NameList = Field(  # 主送机关
        default_factory=list, title="主送机关", description="如“局机关各科室、各直属单位”"
    )
    basis: str = Field(  # 依据
        min_length=1,
        title="依据",
        description="“根据……的部署和要求”中的内容，如文件名称和文号",
    )
    purpose: str = Field(  # 目的
        min_length=1, title="目的", description="“为……，特制定如下实施方案”中的内容"
    )
    topic: str = Field(  # 工作名称
        default="评议",
        title="工作名称",
        description="层次标题前的工作名称：“评议”→“评议内容”“评议步骤和方式”“评议要求”",
    )
    guiding: list[str] = Field(min_length=1, title="指导思想", description="指导思想段落")
    contents: list[str] = Field(  # 内容
        min_length=1, title="内容", description="内容条目，编号 1. 2. …，末尾标点自动添加"
    )
    phases: list[Phase] = Field(min_length=1, title="步骤和方式", description="按时间顺序的阶段")
    span_style: Literal["month", "xun"] = Field(  # 时间段写法
        default="month", title="时间段写法", description="month：4月至6月；xun：7月上旬至8月中旬"
    )
    requirements: list[Point] = Field(  # 要求
        min_length=1, title="要求", description="要求条目，编号 1. 2. …，标题句与正文同段"
    )
    date: DateValue = Field(title="成文日期", description="如“2026-04-20”")  # 成文日期
    year: int | None = Field(  # 方案年度
        default=None,
        ge=1949,
        le=2100,
        title="方案年度",
        description="各阶段所在年度；不填则取发文字号年份或成文日期的年份",
    )

    @property
    def plan_year(self) -> int:
        if self.year:
            return self.year
        return self.doc_number.year if self.doc_number else self.date.year

    @model_validator(mode="after")
    def _phases_in_order(self) -> Plan:
        for index, phase in enumerate(self.phases):
            for name in ("start", "end"):
                day = getattr(phase, name)
                if day.year != self.plan_year:
                    reject(
                        f"{format_date(day)}不在方案年度{self.plan_year}年内",
                        field=f"phases[{index}].{name}",
                    )
            previous = self.phases[index - 1] if index else None
            if previous and phase.start <= previous.end:
                reject(
                    f"开始日期{format_date(phase.start)}不晚于上一阶段“{previous.name}”的结束日期"
                    f"{format_date(previous.end)}（各阶段应按时间顺序排列、互不重叠）",
                    field=f"phases[{index}].start",
                )
        return self


def punctuate_items(items: list[str]) -> list[str]:
    """List items end with ``；``, the last with ``。``."""
    bare = [item.rstrip("。；;，,.") for item in items]
    return [
        text + (LAST_ITEM_END if i == len(bare) - 1 else ITEM_END) for i, text in enumerate(bare)
    ]


def _phase_section(phase: Phase, granularity: Literal["month", "xun"]) -> Section:
    return Section(
        heading=phase_heading(phase, granularity),
        paragraphs=phase.paragraphs,
        children=sections(phase.tasks),
    )


def body(plan: Plan) -> list[Section]:
    """The four numbered parts (the opening sentence is the template's)."""
    items = [Section(heading=item) for item in punctuate_items(plan.contents)]
    return [
        Section(heading=GUIDING_HEADING, paragraphs=plan.guiding),
        Section(heading=CONTENTS_HEADING.format(topic=plan.topic), children=[headless(items)]),
        Section(
            heading=PHASES_HEADING.format(topic=plan.topic),
            children=[_phase_section(p, plan.span_style) for p in plan.phases],
        ),
        Section(
            heading=REQUIREMENTS_HEADING.format(topic=plan.topic),
            children=[headless(sections(plan.requirements))],
        ),
    ]


def to_document(plan: Plan) -> OfficialDocument:
    """The engine document (format 文件)."""
    return plan.issue(
        title=plan.full_title(plan.organ), body=body(plan), recipients=plan.recipients
    )


class PhaseContext(TypedDict):
    name: str  # 阶段名称
    span: str  # 时间段，如“4月至6月”
    start: str  # 开始日期
    end: str  # 结束日期


class PlanContext(DocumentContext):
    """工作实施方案模板可用的变量。"""

    basis: str  # 依据（“根据……的部署和要求”）
    purpose: str  # 目的（“为……”）
    topic: str  # 工作名称
    year: int  # 方案年度
    phases: list[PhaseContext]  # 各阶段


def _extras(plan: Plan, _document: OfficialDocument) -> dict[str, Any]:
    return {
        "basis": plan.basis,
        "purpose": plan.purpose,
        "topic": plan.topic,
        "year": plan.plan_year,
        "phases": [
            {
                "name": phase.name,
                "span": format_span(phase.start, phase.end, granularity=plan.span_style),
                "start": format_date(phase.start),
                "end": format_date(phase.end),
            }
            for phase in plan.phases
        ],
    }


def template_spec() -> Any:
    """plan.docx: 文件格式 with the opening sentence as fixed wording."""
    from doctemplates.layout import TemplateSpec
    from doctemplates.layout.paragraphs import para

    return TemplateSpec(fmt="文件", name="工作实施方案", opening=[para("正文", OPENING)])


KIND = define_kind(
    name="plan",
    title="工作实施方案",
    description="迎接评议等工作的实施方案（文件格式，含阶段时间安排）",
    model=Plan,
    to_document=to_document,
    extras=_extras,
    aliases=("工作实施方案", "实施方案"),
    templates={"文件": TEMPLATE_FILE},
    context_type=PlanContext,
)
