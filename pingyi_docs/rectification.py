"""整改方案 — a rectification plan with its 整改任务分解表.

Built from a list of problems: the body lists each problem with its measures
(二、整改任务), and the context carries the task table (``tasks``: 序号, 问题,
整改措施, 整改目标, 责任领导, 责任单位, 责任人, 完成时限, 备注) and ``landscape``
(True when more than six columns are shown).
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any, Literal, TypedDict

from pydantic import BeforeValidator, ConfigDict, Field, WithJsonSchema, model_validator

from doctemplates.context import DocumentContext
from doctemplates.dates import format_date
from doctemplates.model import Attachment, DataModel, DateValue, NameList, OfficialDocument, Section
from pingyi_docs._base import Issued, PingyiKind, Point, SubjectTitle, reject, sections

__all__ = [
    "KIND",
    "COLUMNS",
    "Problem",
    "Rectification",
    "RectificationContext",
    "RectificationKind",
    "task_rows",
    "task_table_block",
    "template_spec",
]

ColumnTitle = Literal[
    "序号", "问题", "整改措施", "整改目标", "责任领导", "责任单位", "责任人", "完成时限", "备注"
]
#: 整改任务分解表的列：key → 列名
COLUMNS: dict[str, ColumnTitle] = {
    "index": "序号",
    "problem": "问题",
    "measures": "整改措施",
    "target": "整改目标",
    "leader": "责任领导",
    "unit": "责任单位",
    "person": "责任人",
    "deadline": "完成时限",
    "remark": "备注",
}
#: Relative column widths of the nine-column table (on the turned 版心, 225 mm).
COLUMN_WEIGHTS: dict[str, float] = {
    "index": 11,
    "problem": 33,
    "measures": 50,
    "target": 34,
    "leader": 19,
    "unit": 26,
    "person": 16,
    "deadline": 23,
    "remark": 13,
}
#: A table wider than this is printed landscape (横排表格, GB/T 9704 §8).
PORTRAIT_MAX_COLUMNS = 6
ONGOING = "长期坚持"

TEMPLATE_FILE = "rectification.docx"
# Fixed wording of the template (rectification.docx): the opening sentence and
# the 附件 page with the 整改任务分解表 (column titles: COLUMNS).
OPENING = "根据{{ basis }}，为{{ purpose }}，结合工作实际，制定本整改方案。"
ANNEX_LABEL = "附件"
# Wording generated here (inside the numbered body, or shared with 附件说明).
HEADINGS = ("总体要求", "整改任务", "保障措施")
TASKS_LEAD = "针对评议中指出的问题，逐项明确整改措施、整改目标、责任单位和完成时限（详见附件）。"
TASK_TEXT = "整改措施：{measures}整改目标：{target}责任单位：{unit}；完成时限：{deadline}。"
TABLE_TITLE = "整改任务分解表"


_MEASURES_SCHEMA = {
    "anyOf": [
        {"type": "array", "items": {"type": "string", "minLength": 1}, "minItems": 1},
        {"type": "string", "minLength": 1},
    ]
}


def _as_list(value: Any) -> Any:
    return [value] if isinstance(value, str) else value


class Problem(DataModel):
    """One problem to fix and who fixes it by when.  整改问题。"""

    model_config = ConfigDict(
        title="整改问题",
        json_schema_extra={"description": "一个整改问题及其措施、目标、责任和时限"},
    )
    numbered_fields = ("problem",)

    problem: str = Field(min_length=1, title="问题", description="存在的问题")  # 问题
    measures: Annotated[list[str], BeforeValidator(_as_list), WithJsonSchema(_MEASURES_SCHEMA)] = (
        Field(  # 整改措施
            min_length=1, title="整改措施", description="一条或多条整改措施"
        )
    )
    target: str = Field(min_length=1, title="整改目标", description="整改要达到的目标")  # 整改目标
    leader: str = Field(min_length=1, title="责任领导", description="分管领导")  # 责任领导
    unit: str = Field(min_length=1, title="责任单位", description="牵头科室或单位")  # 责任单位
    person: str = Field(min_length=1, title="责任人", description="具体责任人")  # 责任人
    deadline: DateValue | Literal["长期坚持"] = Field(  # 完成时限
        title="完成时限", description="完成日期，或“长期坚持”"
    )
    remark: str | None = Field(default=None, title="备注", description="备注")  # 备注

    @property
    def due(self) -> date | None:
        return self.deadline if isinstance(self.deadline, date) else None

    def deadline_text(self) -> str:
        return format_date(self.due) if self.due else ONGOING

    def measures_text(self, separator: str = "；") -> str:
        """``1.……；2.……。`` (numbered when there are several)."""
        bare = [m.rstrip("。；;，,") for m in self.measures]
        items = bare if len(bare) == 1 else [f"{i}.{m}" for i, m in enumerate(bare, 1)]
        return separator.join(items) + "。"


class Rectification(SubjectTitle, Issued):
    """整改方案: what the user fills in."""

    doc_kind = "整改方案"
    model_config = ConfigDict(
        title="整改方案",
        json_schema_extra={"description": "落实审议意见的整改方案，附整改任务分解表"},
    )

    recipients: NameList = Field(
        default_factory=list, title="主送机关", description="如“局机关各科室”"
    )
    basis: str = Field(
        min_length=1, title="依据", description="如“《示例市人大常委会关于……的审议意见》”"
    )
    purpose: str = Field(min_length=1, title="目的", description="“为……”中的内容")
    guiding: list[str] = Field(min_length=1, title="总体要求", description="一、总体要求的段落")
    problems: list[Problem] = Field(min_length=1, title="整改问题", description="问题及整改任务")
    safeguards: list[Point] = Field(  # 保障措施
        min_length=1, title="保障措施", description="编号（一）（二）…，标题句与正文同段"
    )
    date: DateValue = Field(title="成文日期", description="整改方案的成文日期")  # 成文日期
    columns: list[ColumnTitle] = Field(  # 表格列
        default_factory=lambda: list(COLUMNS.values()),
        min_length=1,
        title="表格列",
        description="整改任务分解表显示的列（默认九列全部显示）",
    )

    @model_validator(mode="after")
    def _deadlines_after_date(self) -> Rectification:
        for index, problem in enumerate(self.problems):
            if problem.due and problem.due < self.date:
                reject(
                    f"完成时限{format_date(problem.due)}早于成文日期{format_date(self.date)}",
                    field=f"problems[{index}].deadline",
                )
        if len(set(self.columns)) != len(self.columns):
            reject("表格列有重复", field="columns")
        return self


def _cells(index: int, problem: Problem) -> dict[str, str]:
    return {
        "index": str(index),
        "problem": problem.problem,
        "measures": problem.measures_text(),
        "target": problem.target,
        "leader": problem.leader,
        "unit": problem.unit,
        "person": problem.person,
        "deadline": problem.deadline_text(),
        "remark": problem.remark or "",
    }


def task_rows(plan: Rectification) -> list[dict[str, Any]]:
    """The 整改任务分解表: every column by key, plus ``cells`` in shown-column order."""
    keys = [key for key, title in COLUMNS.items() if title in plan.columns]
    rows = []
    for index, problem in enumerate(plan.problems, 1):
        cells = _cells(index, problem)
        rows.append({**cells, "cells": [cells[key] for key in keys]})
    return rows


def _task_section(problem: Problem) -> Section:
    text = TASK_TEXT.format(
        measures=problem.measures_text(),
        target=problem.target.rstrip("。") + "。",
        unit=problem.unit,
        deadline=problem.deadline_text(),
    )
    return Section(heading=problem.problem, paragraphs=[text], run_in=True)


def body(plan: Rectification) -> list[Section]:
    """The three numbered parts (the opening sentence is the template's)."""
    return [
        Section(heading=HEADINGS[0], paragraphs=[*plan.guiding]),
        Section(
            heading=HEADINGS[1],
            paragraphs=[TASKS_LEAD],
            children=[_task_section(p) for p in plan.problems],
        ),
        Section(heading=HEADINGS[2], children=sections(plan.safeguards)),
    ]


class TaskColumn(TypedDict):
    key: str  # 列键
    title: str  # 列名


class TaskRow(TypedDict):
    index: str  # 序号
    problem: str  # 问题
    measures: str  # 整改措施
    target: str  # 整改目标
    leader: str  # 责任领导
    unit: str  # 责任单位
    person: str  # 责任人
    deadline: str  # 完成时限
    remark: str  # 备注
    cells: list[str]  # 按显示列顺序的单元格


class RectificationContext(DocumentContext):
    """整改方案模板可用的变量。"""

    basis: str  # 依据
    purpose: str  # 目的
    tasks: list[TaskRow]  # 整改任务分解表的行
    task_columns: list[TaskColumn]  # 显示的列
    task_table_title: str  # 表名（与附件说明一致）
    all_columns: bool  # 九列全部显示
    landscape: bool  # 横排


def _task_table(width_mm: float) -> list[Any]:
    """The nine fixed columns when all are shown, else the columns the data picks."""
    from doctemplates.layout import tables
    from doctemplates.layout.paragraphs import control

    fixed = [
        tables.Column(title, f"task.{key}", COLUMN_WEIGHTS[key], key in ("index", "deadline"))
        for key, title in COLUMNS.items()
    ]
    return [
        control("if all_columns"),
        tables.data_table(fixed, rows="tasks", var="task", width_mm=width_mm),
        control("else"),
        tables.data_table_by_columns(
            "task_columns", "cells", rows="tasks", var="task", width_mm=width_mm
        ),
        control("endif"),
    ]


def task_table_block() -> list[Any]:
    """The 整改任务分解表 (``{{p 任务表 }}``): landscape width when ``landscape``, else portrait."""
    from doctemplates.gbt9704 import geometry as g
    from doctemplates.layout.paragraphs import control

    return [
        control("if landscape"),
        *_task_table(g.LANDSCAPE_TYPE_WIDTH_MM),
        control("else"),
        *_task_table(g.BAN_XIN_WIDTH_MM),
        control("endif"),
    ]


def template_spec() -> Any:
    """rectification.docx: 文件格式; opening; the 附件 table on landscape pages when wide (§8)."""
    from doctemplates.layout import TemplateSpec
    from doctemplates.layout.paragraphs import blank, para, placeholder
    from doctemplates.layout.sections import landscape_pages, unless_new_page

    annex = [
        para("附件标识", ANNEX_LABEL, ppr=unless_new_page("landscape")),
        blank(),
        para("公文标题", "{{ task_table_title }}"),
        blank(),
        placeholder("任务表"),  # task_table_block(), expanded when compiling
    ]
    return TemplateSpec(
        fmt="文件",
        name="整改方案",
        opening=[para("正文", OPENING)],
        appendix=landscape_pages(annex, when="landscape"),
    )


class RectificationKind(PingyiKind):
    """整改方案 (文件格式) with its 整改任务分解表 as 附件."""

    name = "rectification"
    title = "整改方案"
    description = "落实审议意见的整改方案，附整改任务分解表（九列时横排）"
    aliases = ("整改方案", "整改任务分解表")
    model = Rectification
    templates = {"文件": TEMPLATE_FILE}
    context_type = RectificationContext

    def to_document(self, plan: Rectification) -> OfficialDocument:
        """The engine document (format 文件) with the task table as 附件."""
        return plan.issue(
            title=plan.full_title(plan.organ),
            body=body(plan),
            recipients=plan.recipients,
            attachments=[Attachment(title=TABLE_TITLE)],
        )

    def extras(self, plan: Rectification, document: OfficialDocument) -> dict[str, Any]:
        columns = [{"key": k, "title": t} for k, t in COLUMNS.items() if t in plan.columns]
        return {
            "basis": plan.basis,
            "purpose": plan.purpose,
            "all_columns": len(columns) == len(COLUMNS),
            "tasks": task_rows(plan),
            "task_columns": columns,
            "task_table_title": TABLE_TITLE,
            "landscape": len(columns) > PORTRAIT_MAX_COLUMNS,
        }


KIND = RectificationKind()
