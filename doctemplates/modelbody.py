"""Models of the 主体 and 版记: tables, figures, sections, attachments, signature, 纪要, 版记.  主体与版记的数据模型。

Split from :mod:`doctemplates.model` (issue 14); import the names from there.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BeforeValidator,
    ConfigDict,
    Field,
    WithJsonSchema,
    model_validator,
)

from doctemplates.gbt9704 import geometry as g
from doctemplates.gbt9704.patterns import print_date_problem
from doctemplates.modelbase import (
    MAX_SECTION_DEPTH,
    TEXT_LIST_SCHEMA,
    DataModel,
    DateValue,
    NameList,
    OrganName,
    SealMode,
    picture_value,
    reject,
    split_text_list,
    strip_trailing,
)
from doctemplates.modelhead import AcceptsText

# ------------------------------------------------------------------- 表格、图片


class Table(DataModel):
    """A table in the body (正文中的表格): rows of cell texts, the first ``header_rows`` repeat.

    >>> Table(rows=[["序号", "事项"], ["1", "调研"]]).columns
    2
    """

    model_config = ConfigDict(
        title="表格", json_schema_extra={"description": "正文中的表格：逐行列出单元格文字"}
    )

    title: str | None = Field(  # 表题
        default=None, title="表题", description="表格上方居中的标题；不填则不印"
    )
    rows: list[list[str]] = Field(  # 行
        min_length=1,
        title="行",
        description="每行是单元格文字的列表；各行单元格数可以不同（短行右侧补空格）",
    )
    header_rows: int = Field(  # 表头行数
        default=1, ge=0, title="表头行数", description="前几行是表头（黑体，跨页重复）"
    )
    widths: list[float] | None = Field(  # 列宽比例
        default=None, title="列宽比例", description="各列的相对宽度；不填则按内容长度估算"
    )

    @property
    def columns(self) -> int:
        """Number of columns (the longest row)."""
        return max(len(row) for row in self.rows)

    @model_validator(mode="after")
    def _shape(self) -> Table:
        if self.columns == 0:
            reject("表格至少需要一个单元格", field="rows")
        if self.widths is not None and (
            len(self.widths) != self.columns or any(w <= 0 for w in self.widths)
        ):
            reject(f"列宽比例应为 {self.columns} 个正数（与列数相同）", field="widths")
        return self


class Figure(DataModel):
    """A picture in the body (正文中的图片), centred, with an optional caption below."""

    model_config = ConfigDict(
        title="图片", json_schema_extra={"description": "正文中的图片：文件路径、宽度和图题"}
    )

    image: str = Field(  # 图片文件
        min_length=1, title="图片文件", description="图片文件路径（相对于数据文件所在目录）"
    )
    width_mm: float | None = Field(  # 宽度
        default=None,
        gt=0,
        le=g.BAN_XIN_WIDTH_MM,
        title="宽度（毫米）",
        description=f"印出的宽度；不填则按原尺寸，最宽为版心宽 {g.BAN_XIN_WIDTH_MM:g} 毫米",
    )
    caption: str | None = Field(  # 图题
        default=None, title="图题", description="图片下方居中的说明文字；不填则不印"
    )


# ------------------------------------------------------------------------ 正文层次


class Section(AcceptsText):
    """One level of the body (正文结构层次): heading, paragraphs and sub-sections.

    The numbering (一、 （一） 1. （1）) is generated, so ``heading`` holds the text
    only.  A bare string is read as a section with one paragraph.
    """

    model_config = ConfigDict(
        title="层次",
        json_schema_extra={
            "description": "正文的一个结构层次：标题、段落和下一级层次（最多四级，"
            "含不编号的层次）。run_in 或 restart 为 true 时必须有标题",
            # JSON Schema form of _run_in_needs_heading (an OA form validates the same)
            "allOf": [
                {
                    "if": {"properties": {flag: {"const": True}}, "required": [flag]},
                    "then": {
                        "required": ["heading"],
                        "properties": {"heading": {"type": "string", "pattern": r"\S"}},
                    },
                }
                for flag in ("run_in", "restart")
            ],
        },
    )
    numbered_fields = ("heading",)  # 手工输入的序号被去掉并提示

    heading: str | None = Field(  # 层次标题
        default=None, title="标题", description="本层次标题（不含序数，序数自动生成）"
    )
    paragraphs: list[str | Table | Figure] = Field(  # 段落（可含表格、图片）
        default_factory=list,
        title="段落",
        description="本层次的正文段落；一项也可以是表格（rows）或图片（image）",
    )
    children: list[Section] = Field(  # 下级层次
        default_factory=list, title="下级层次", description="下一级层次"
    )
    run_in: bool = Field(  # 标题与正文同段
        default=False,
        title="标题与正文同段",
        description="标题后直接接正文（如“1.强化组织领导。为了……”）",
    )
    restart: bool = Field(  # 重新编号
        default=False,
        title="重新编号",
        description="本层次从 1 重新编号（同一上级下第二组“（一）（二）”时用）；需要有标题",
    )

    @model_validator(mode="before")
    @classmethod
    def _from_text(cls, data: Any) -> Any:
        return {"paragraphs": [data]} if isinstance(data, str) else data

    @model_validator(mode="after")
    def _run_in_needs_heading(self) -> Section:
        if self.run_in and not self.heading:
            reject("标题与正文同段（run_in）时需要填写标题", field="run_in")
        if self.restart and not self.heading:
            reject("重新编号（restart）的层次需要填写标题", field="restart")
        return self


def too_deep(sections: list[Section], path: str, depth: int = 1) -> str | None:
    """The path of the first section deeper than :data:`MAX_SECTION_DEPTH`, if any."""
    for index, section in enumerate(sections):
        here = f"{path}[{index}]"
        if depth > MAX_SECTION_DEPTH:
            return here
        found = too_deep(section.children, f"{here}.children", depth + 1)
        if found:
            return found
    return None


# ------------------------------------------------------------------------ 附件


class Attachment(DataModel):
    """附件: listed in the 附件说明 and printed after the body, each on a new page."""

    model_config = ConfigDict(
        title="附件", json_schema_extra={"description": "附件名称及内容；名称不加标点"}
    )

    title: Annotated[str, AfterValidator(strip_trailing("。；;，,、．.：:"))] = Field(  # 附件名称
        min_length=1, title="附件名称", description="附件名称，末尾不加标点"
    )
    sections: list[Section] = Field(  # 附件层次
        default_factory=list, title="附件层次", description="附件正文的结构层次"
    )
    paragraphs: list[str] = Field(  # 附件段落
        default_factory=list, title="附件段落", description="附件的正文段落（无层次时）"
    )


# --------------------------------------------------------------- 署名、成文日期、印章


class Signature(DataModel):
    """署名、成文日期和印章 (§7.3.5)."""

    model_config = ConfigDict(
        title="署名和成文日期",
        json_schema_extra={"description": "发文机关署名、成文日期及印章方式"},
    )

    names: NameList = Field(  # 署名
        default_factory=list,
        title="署名",
        description="发文机关署名；不填则使用发文机关名称",
    )
    date: DateValue = Field(  # 成文日期
        title="成文日期", description="成文日期，如“2020年4月20日”或“2020-04-20”"
    )
    seal_mode: SealMode | None = Field(  # 印章方式（不填：按公文格式）
        default=None,
        title="印章方式",
        description="加盖印章（seal）、不加盖印章（none）或加盖签发人签名章（stamp）；"
        "不填时按公文格式：命令（令）为签发人签名章，其他为加盖印章",
    )
    signer_title: str | None = Field(  # 签发人职务
        default=None, title="签发人职务", description="加盖签发人签名章时，签名章左侧的职务"
    )
    seal_image: Annotated[str, AfterValidator(picture_value)] | None = Field(  # 印章图片
        default=None,
        title="印章图片",
        description="印章图片：data: URI（如“data:image/png;base64,……”）；命令行中也可以是文件路径"
        "（HTTP 服务不接受路径）",
    )
    seal_images: list[Annotated[str, AfterValidator(picture_value)]] = Field(  # 联合行文印章图片
        default_factory=list,
        title="联合行文印章图片",
        description="联合行文加盖印章时各发文机关的印章图片，与署名一一对应、顺序相同："
        "data: URI；命令行中也可以是文件路径（HTTP 服务不接受路径）",
    )


# ------------------------------------------------------------------------ 纪要


class Attendance(DataModel):
    """One 出席/请假/列席 line of a 纪要 (§10.3).  纪要的出席、请假、列席人员。"""

    model_config = ConfigDict(title="纪要人员")

    label: Literal["出席", "请假", "列席"] = Field(
        title="类别", description="出席、请假或列席"
    )  # 类别
    names: Annotated[list[str], BeforeValidator(split_text_list)] = Field(  # 人员
        min_length=1, title="人员", description="人员姓名（可含单位、职务），按顺序排列"
    )


# ------------------------------------------------------------------------ 版记


class Record(DataModel):
    """版记: 抄送机关、印发机关和印发日期 (§7.4)."""

    model_config = ConfigDict(
        title="版记", json_schema_extra={"description": "抄送机关、印发机关和印发日期"}
    )

    cc: Annotated[
        list[OrganName], BeforeValidator(split_text_list), WithJsonSchema(TEXT_LIST_SCHEMA)
    ] = Field(  # 抄送
        default_factory=list, title="抄送机关", description="抄送机关，按顺序排列"
    )
    printer: str | None = Field(  # 印发机关
        default=None, title="印发机关", description="公文的送印机关，一般是办公厅（室）"
    )
    print_date: DateValue | None = Field(  # 印发日期
        default=None, title="印发日期", description="公文的送印日期，不早于成文日期"
    )

    @property
    def cc_text(self) -> str:
        """抄送 names joined with ，and ending with 。 (without the ``抄送：`` label)."""
        return "，".join(self.cc) + "。" if self.cc else ""


def check_print_date(record: Record | None, day: date | None) -> None:
    """Refuse a 印发日期 before the 成文日期 ``day`` (field ``record.print_date``).

    For a validator of any model with a ``record`` (the engine's document, a kind's data).

    >>> check_print_date(Record(print_date="2026-04-19"), date(2026, 4, 20))
    Traceback (most recent call last):
    ...
    pydantic_core._pydantic_core.PydanticCustomError: record.print_date: 印发日期2026年4月19日早于成文日期2026年4月20日
    """
    problem = print_date_problem(record.print_date if record else None, day)
    if problem:
        reject(problem, field="record.print_date")
