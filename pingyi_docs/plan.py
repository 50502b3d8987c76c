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
from doctemplates.model import DataModel, DateValue, NameList, OfficialDocument, Section
from pingyi_docs._base import Issued, PingyiKind, Point, SubjectTitle, headless, reject, sections

__all__ = [
    "KIND",
    "Phase",
    "Plan",
    "PlanContext",
    "PlanKind",
    "PlanSection",
    "phase_heading",
    "phase_span",
    "template_spec",
]

TEMPLATE_FILE = "plan.docx"
# Fixed wording of the template (plan.docx): the opening sentence.
OPENING = "根据{{ basis }}的部署和要求，为{{ purpose }}，特制定如下实施方案。"
# Wording generated here (numbered headings are computed by the engine).
GUIDING_HEADING = "指导思想"
CONTENTS_HEADING = "{topic}内容"
PHASES_HEADING = "{topic}步骤和方式"
REQUIREMENTS_HEADING = "{topic}要求"
ITEM_END, LAST_ITEM_END = "；", "。"


class Phase(DataModel):
    """One phase (阶段) of 步骤和方式, e.g. 准备阶段 from April 1 to April 15.

    Its time is given as dates (``start``/``end``, the heading shows the span
    computed from them) or as text (``span: 4月至6月``, ``7月上旬``).  Phases may
    overlap: a real plan prepares in April while its survey runs April to June.
    """

    model_config = ConfigDict(
        title="阶段",
        json_schema_extra={
            "description": "步骤和方式中的一个阶段；时间用起止日期（start 和 end）"
            "或文字（span，如“4月至6月”“7月上旬”）给出，二者选一"
        },
    )
    numbered_fields = ("name",)

    name: str = Field(min_length=1, title="阶段名称", description="如“准备阶段”")  # 阶段名称
    start: DateValue | None = Field(  # 开始日期
        default=None, title="开始日期", description="阶段开始日期（与 end 同时填写）"
    )
    end: DateValue | None = Field(  # 结束日期
        default=None, title="结束日期", description="阶段结束日期（与 start 同时填写）"
    )
    span: str | None = Field(  # 时间段
        default=None,
        min_length=1,
        title="时间段",
        description="标题括号中的时间，如“4月至6月”“7月上旬”；填写则不用起止日期",
    )
    paragraphs: list[str] = Field(
        default_factory=list, title="说明", description="阶段标题后、任务前的段落"
    )
    tasks: list[Point] = Field(  # 任务
        min_length=1, title="任务", description="本阶段任务，编号 1. 2. …，标题句与正文同段"
    )
    closing: list[str] = Field(  # 任务后的段落
        default_factory=list, title="任务后的段落", description="本阶段编号任务之后的普通段落"
    )

    @model_validator(mode="after")
    def _ordered(self) -> Phase:
        if self.span is None and (self.start is None or self.end is None):
            reject("需要填写起止日期（start 和 end）或时间段（span）", field="span")
        if self.span is not None and (self.start or self.end):
            reject("起止日期（start、end）和时间段（span）只填一种", field="span")
        if self.start and self.end and self.end < self.start:
            reject(
                f"结束日期{format_date(self.end)}早于开始日期{format_date(self.start)}",
                field="end",
            )
        return self


def phase_span(phase: Phase, granularity: Literal["month", "xun"] = "month") -> str:
    """The phase's time as printed: its ``span`` text or the span of its dates."""
    if phase.span is not None or phase.start is None or phase.end is None:
        return phase.span or ""
    return format_span(phase.start, phase.end, granularity=granularity)


def phase_heading(phase: Phase, granularity: Literal["month", "xun"] = "month") -> str:
    """``准备阶段（4月）``: the name and the span of its dates (or its span text)."""
    return f"{phase.name}（{phase_span(phase, granularity)}）"


PartName = Literal["guiding", "contents", "phases", "requirements"]


class PlanSection(DataModel):
    """A part added to the four fixed ones (e.g. 五、保障措施).  增加的部分。"""

    model_config = ConfigDict(
        title="增加的部分",
        json_schema_extra={"description": "四个固定部分之外的一个部分：标题、段落、编号要点"},
    )

    heading: str = Field(min_length=1, title="标题", description="本部分标题（不含序号）")
    paragraphs: list[str] = Field(
        default_factory=list, title="段落", description="标题后、要点前的段落"
    )
    points: list[Point] = Field(
        default_factory=list, title="要点", description="编号 1. 2. …，标题句与正文同段"
    )
    closing: list[str] = Field(
        default_factory=list, title="要点后的段落", description="编号要点之后的普通段落"
    )
    after: PartName | None = Field(
        default=None,
        title="位置",
        description="放在哪个固定部分之后：guiding、contents、phases、requirements；不填则放在最后",
    )

    @model_validator(mode="after")
    def _not_empty(self) -> PlanSection:
        if not (self.paragraphs or self.points or self.closing):
            reject("本部分至少需要一段文字或一个要点", field="paragraphs")
        return self

    def section(self) -> Section:
        return Section(
            heading=self.heading,
            paragraphs=[*self.paragraphs],
            children=_with_closing(
                [headless(sections(self.points))] if self.points else [], self.closing
            ),
        )


def _with_closing(children: list[Section], closing: list[str]) -> list[Section]:
    """Numbered children followed by plain paragraphs (an unnumbered group after them)."""
    return [*children, Section(paragraphs=[*closing])] if closing else children


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
    contents_closing: list[str] = Field(  # 内容后的段落
        default_factory=list, title="内容后的段落", description="内容条目之后的普通段落"
    )
    requirements_closing: list[str] = Field(  # 要求后的段落
        default_factory=list, title="要求后的段落", description="要求条目之后的普通段落"
    )
    sections: list[PlanSection] = Field(  # 增加的部分
        default_factory=list,
        title="增加的部分",
        description="四个固定部分之外的部分（如“保障措施”），按 after 放在某一部分之后或最后",
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
    def _phases_in_year(self) -> Plan:
        """Dates lie in the plan's year.  Phases may overlap (准备阶段（4月）, 调研阶段（4月至6月）)."""
        for index, phase in enumerate(self.phases):
            for name in ("start", "end"):
                day = getattr(phase, name)
                if day is not None and day.year != self.plan_year:
                    reject(
                        f"{format_date(day)}不在方案年度{self.plan_year}年内",
                        field=f"phases[{index}].{name}",
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
        paragraphs=[*phase.paragraphs],
        children=_with_closing(sections(phase.tasks), phase.closing),
    )


def body(plan: Plan) -> list[Section]:
    """The four numbered parts and the added ones (the opening sentence is the template's)."""
    items = [Section(heading=item) for item in punctuate_items(plan.contents)]
    fixed: list[tuple[PartName, Section]] = [
        ("guiding", Section(heading=GUIDING_HEADING, paragraphs=[*plan.guiding])),
        (
            "contents",
            Section(
                heading=CONTENTS_HEADING.format(topic=plan.topic),
                children=_with_closing([headless(items)], plan.contents_closing),
            ),
        ),
        (
            "phases",
            Section(
                heading=PHASES_HEADING.format(topic=plan.topic),
                children=[_phase_section(p, plan.span_style) for p in plan.phases],
            ),
        ),
        (
            "requirements",
            Section(
                heading=REQUIREMENTS_HEADING.format(topic=plan.topic),
                children=_with_closing(
                    [headless(sections(plan.requirements))], plan.requirements_closing
                ),
            ),
        ),
    ]
    out: list[Section] = []
    for name, section in fixed:
        out.append(section)
        out += [extra.section() for extra in plan.sections if extra.after == name]
    return out + [extra.section() for extra in plan.sections if extra.after is None]


class PhaseContext(TypedDict):
    name: str  # 阶段名称
    span: str  # 时间段，如“4月至6月”
    start: str | None  # 开始日期（用文字给出时间段时为空）
    end: str | None  # 结束日期


class PlanContext(DocumentContext):
    """工作实施方案模板可用的变量。"""

    basis: str  # 依据（“根据……的部署和要求”）
    purpose: str  # 目的（“为……”）
    topic: str  # 工作名称
    year: int  # 方案年度
    phases: list[PhaseContext]  # 各阶段


def template_spec() -> Any:
    """plan.docx: 文件格式 with the opening sentence as fixed wording."""
    from doctemplates.layout import TemplateSpec
    from doctemplates.layout.paragraphs import para

    return TemplateSpec(fmt="文件", name="工作实施方案", opening=[para("正文", OPENING)])


class PlanKind(PingyiKind):
    """工作实施方案 (文件格式): the plan's four parts, its phases and their spans."""

    name = "plan"
    title = "工作实施方案"
    description = "迎接评议等工作的实施方案（文件格式，含阶段时间安排）"
    aliases = ("工作实施方案", "实施方案")
    model = Plan
    templates = {"文件": TEMPLATE_FILE}
    context_type = PlanContext

    def to_document(self, plan: Plan) -> OfficialDocument:
        """The engine document (format 文件)."""
        return plan.issue(
            title=plan.full_title(plan.organ), body=body(plan), recipients=plan.recipients
        )

    def extras(self, plan: Plan, document: OfficialDocument) -> dict[str, Any]:
        return {
            "basis": plan.basis,
            "purpose": plan.purpose,
            "topic": plan.topic,
            "year": plan.plan_year,
            "phases": [
                {
                    "name": phase.name,
                    "span": phase_span(phase, plan.span_style),
                    "start": format_date(phase.start) if phase.start else None,
                    "end": format_date(phase.end) if phase.end else None,
                }
                for phase in plan.phases
            ],
        }


KIND = PlanKind()
