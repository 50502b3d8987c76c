"""审议意见书 — a 人大常委会's opinion on the government's work after a 评议.

Title ``××市人大常委会关于……的审议意见``, 主送 the government, 一、基本评价 /
二、存在的问题 / 三、意见和建议, and a closing asking for a written report of the
研究处理情况 by a deadline computed from the date (default three months).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from pydantic import ConfigDict, Field, model_validator

from doctemplates.context import DocumentContext
from doctemplates.dates import add_months, format_date
from doctemplates.model import DateValue, OfficialDocument, OrganName, Section
from pingyi_docs._base import Issued, PingyiKind, Point, SubjectTitle, reject, sections

__all__ = ["KIND", "Opinion", "OpinionContext", "OpinionKind", "reply_deadline", "template_spec"]

DEFAULT_MONTHS = 3
TEMPLATE_FILE = "opinion.docx"

# Fixed wording of the template (opinion.docx): the standard opening (used when
# the data gives none) and the closing request with the computed deadline.
OPENING = (
    "{{ meeting_date }}，{{ meeting }}听取和审议了《{{ report }}》"
    "{% if subject %}，对{{ subject }}进行了工作评议{% endif %}。"
    "现将常委会组成人员的审议意见归纳如下："
)
CLOSING = (
    "以上审议意见，请{{ government }}认真研究处理，"
    "并于{{ deadline }}前将研究处理情况书面报告{{ organ }}。"
)
# Wording generated here (numbered headings are computed by the engine).
HEADINGS = ("基本评价", "存在的问题", "意见和建议")


class Opinion(SubjectTitle, Issued):
    """审议意见书: what the user fills in."""

    doc_kind = "审议意见"
    model_config = ConfigDict(
        title="审议意见书",
        json_schema_extra={"description": "人大常委会对政府（部门）工作评议后的审议意见"},
    )

    government: OrganName = Field(title="主送机关", description="如“示例市人民政府”")  # 主送
    meeting: str = Field(  # 审议会议
        min_length=1, title="审议会议", description="如“示例市第十七届人大常委会第二十次会议”"
    )
    meeting_date: DateValue = Field(title="会议日期", description="常委会审议的日期")  # 会议日期
    report: str = Field(  # 审议的报告
        min_length=1,
        title="审议的报告",
        description="如“市人民政府关于科技创新工作情况的报告”（书名号自动添加）",
    )
    opening: list[str] | None = Field(default=None, title="开头", description="不填则使用标准开头")
    assessment: list[str] = Field(min_length=1, title="基本评价", description="一、基本评价的段落")
    problems: list[Point] = Field(  # 存在的问题
        min_length=1,
        title="存在的问题",
        description="问题条目，编号（一）（二）…，标题句与正文同段",
    )
    suggestions: list[Point] = Field(  # 意见和建议
        min_length=1,
        title="意见和建议",
        description="建议条目，编号（一）（二）…，标题句与正文同段",
    )
    date: DateValue = Field(title="成文日期", description="审议意见书的成文日期")  # 成文日期
    months: int = Field(  # 办理期限（月）
        default=DEFAULT_MONTHS,
        ge=1,
        le=12,
        title="办理期限（月）",
        description="成文日期后几个月内书面报告",
    )

    @model_validator(mode="after")
    def _meeting_first(self) -> Opinion:
        if self.meeting_date > self.date:
            reject(
                f"会议日期{format_date(self.meeting_date)}晚于成文日期{format_date(self.date)}",
                field="meeting_date",
            )
        return self


def reply_deadline(opinion: Opinion) -> date:
    """研究处理情况 due date: 成文日期 + ``months``."""
    return add_months(opinion.date, opinion.months)


def _unbooked(title: str) -> str:
    """The report's name without 书名号 (the template writes them)."""
    return title.removeprefix("《").removesuffix("》")


def body(opinion: Opinion) -> list[Section]:
    """The three numbered parts (opening and closing request are the template's)."""
    return [
        Section(heading=HEADINGS[0], paragraphs=[*opinion.assessment]),
        Section(heading=HEADINGS[1], children=sections(opinion.problems)),
        Section(heading=HEADINGS[2], children=sections(opinion.suggestions)),
    ]


class OpinionContext(DocumentContext):
    """审议意见书模板可用的变量。"""

    organ: str  # 发文机关（人大常委会）
    government: str  # 主送的政府
    meeting: str  # 审议会议
    meeting_date: str  # 会议日期
    report: str  # 审议的报告（不含书名号）
    subject: str | None  # 评议事项
    opening: list[str] | None  # 自拟的开头（不填则用模板的标准开头）
    deadline: str  # 书面报告期限
    deadline_iso: str  # 报告期限日期（ISO 8601）
    months: int  # 办理期限（月）


def template_spec() -> Any:
    """opinion.docx: 文件格式; standard opening unless the data gives one; closing request."""
    from doctemplates.layout import TemplateSpec
    from doctemplates.layout import body as pieces

    opening = pieces.paragraphs_or("opening", OPENING)
    closing = [pieces.last_paragraph(CLOSING)]
    return TemplateSpec(fmt="文件", name="审议意见书", opening=opening, ending=closing)


class OpinionKind(PingyiKind):
    """审议意见书 (文件格式): the opinion and its reply deadline."""

    name = "opinion"
    title = "审议意见书"
    description = "人大常委会工作评议后的审议意见书（含书面报告期限）"
    aliases = ("审议意见书", "审议意见")
    model = Opinion
    templates = {"文件": TEMPLATE_FILE}
    context_type = OpinionContext

    def to_document(self, opinion: Opinion) -> OfficialDocument:
        """The engine document (format 文件), 主送 the government."""
        return opinion.issue(
            title=opinion.full_title(opinion.organ),
            body=body(opinion),
            recipients=[opinion.government],
        )

    def extras(self, opinion: Opinion, document: OfficialDocument) -> dict[str, Any]:
        deadline = reply_deadline(opinion)
        return {
            "organ": opinion.organ,
            "government": opinion.government,
            "meeting": opinion.meeting,
            "meeting_date": format_date(opinion.meeting_date),
            "report": _unbooked(opinion.report),
            "subject": opinion.subject,
            "opening": opinion.opening,
            "deadline": format_date(deadline),
            "deadline_iso": deadline.isoformat(),
            "months": opinion.months,
        }


KIND = OpinionKind()
