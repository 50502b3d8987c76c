"""政协提案 records shared by the reply letter and the year's summary.  提案记录。

One :class:`ProposalRecord` per 提案: the same rows render the replies
(:mod:`pingyi_docs.proposal_reply`) and feed the figures of the 办理总结
(:mod:`pingyi_docs.proposal_summary`).  Rows come from YAML or from an XLSX
sheet read by :func:`read_records` (header row = field titles or names).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date
from pathlib import Path
from typing import Annotated, Any, Literal

import cn2an
from pydantic import BeforeValidator, ConfigDict, Field, model_validator

from doctemplates.dates import add_months, format_date
from doctemplates.errors import DataError, DocTemplatesError
from doctemplates.model import AcceptsText, DataModel, DateValue, validate
from doctemplates.numbering import cn_number
from pingyi_docs._base import reject

__all__ = [
    "DEFAULT_CATEGORIES",
    "DEFAULT_DEADLINE_MONTHS",
    "Categories",
    "ProposalRecord",
    "Role",
    "Session",
    "check_categories",
    "read_records",
]

#: 办理结果类别 and their standard meanings (localities may configure others).
DEFAULT_CATEGORIES: dict[str, str] = {
    "A": "所提问题已经解决或基本解决",
    "B": "正在解决或已列入计划逐步解决",
    "C": "因目前条件限制或其他原因需以后解决",
}
#: 办理时限: months after 交办.
DEFAULT_DEADLINE_MONTHS = 3

_ROLE_ALIASES = {"lead": "主办", "assist": "协办", "会办": "协办", "split": "分办"}
_CATEGORY_SUFFIX = re.compile(r"\s*类$")


def _role(value: Any) -> Any:
    return _ROLE_ALIASES.get(value.strip(), value.strip()) if isinstance(value, str) else value


def _category(value: Any) -> Any:
    """``"a"`` / ``"A类"`` → ``"A"``."""
    if isinstance(value, str):
        return _CATEGORY_SUFFIX.sub("", value.strip()).upper() or None
    return value


#: 办理方式：主办、协办（会办）、分办
Role = Annotated[Literal["主办", "协办", "分办"], BeforeValidator(_role)]
#: 办理结果类别 code → meaning
Categories = Annotated[
    dict[str, str], Field(min_length=1, title="办理结果类别", description="类别代码及含义")
]


class ProposalRecord(DataModel):
    """One 政协提案 and how it was handled.  提案办理记录。"""

    model_config = ConfigDict(
        title="提案办理记录",
        json_schema_extra={"description": "一件政协提案及其办理情况（提案记录表的一行）"},
    )

    number: int = Field(ge=1, title="提案号", description="提案编号，如 12")  # 提案号
    title: str = Field(  # 案由
        min_length=1, title="案由", description="提案题目，如“关于加快科技成果转化的建议”"
    )
    proposer: str = Field(  # 提案人
        min_length=1, title="提案人", description="提案人姓名或提案单位（多人用顿号分隔）"
    )
    role: Role = Field(title="办理方式", description="主办、协办（会办）或分办")  # 办理方式
    field: str = Field(min_length=1, title="领域", description="提案所属领域，如“成果转化”")
    assigned: DateValue = Field(title="交办日期", description="提案交办日期")  # 交办日期
    replied: DateValue | None = Field(  # 答复日期
        default=None, title="答复日期", description="书面答复日期；未答复不填"
    )
    category: Annotated[str | None, BeforeValidator(_category)] = Field(  # 办理结果类别
        default=None, title="办理结果", description="办理结果类别代码，如 A、B、C"
    )
    deadline: DateValue | None = Field(  # 办理时限
        default=None, title="办理时限", description="不填则为交办日期后三个月"
    )
    satisfaction: Literal["满意", "基本满意", "不满意"] | None = Field(  # 委员反馈
        default=None, title="委员反馈", description="提案人对办理结果的评价"
    )
    lead_unit: str | None = Field(  # 主办单位
        default=None, title="主办单位", description="协办（会办）时必填：会办意见送主办单位"
    )

    @model_validator(mode="after")
    def _dates(self) -> ProposalRecord:
        if self.replied and self.replied < self.assigned:
            reject(
                f"答复日期{format_date(self.replied)}早于交办日期{format_date(self.assigned)}",
                field="replied",
            )
        if self.deadline and self.deadline < self.assigned:
            reject(
                f"办理时限{format_date(self.deadline)}早于交办日期{format_date(self.assigned)}",
                field="deadline",
            )
        return self

    def due(self, months: int = DEFAULT_DEADLINE_MONTHS) -> date:
        """办理时限: ``deadline`` or 交办 + ``months``."""
        return self.deadline or add_months(self.assigned, months)

    def on_time(self, months: int = DEFAULT_DEADLINE_MONTHS) -> bool:
        """Replied on or before the deadline (按期办复)."""
        return self.replied is not None and self.replied <= self.due(months)


def check_categories(
    records: list[ProposalRecord], categories: Mapping[str, str], path: str
) -> None:
    """Refuse a record whose category is not one of ``categories``."""
    for index, record in enumerate(records):
        if record.category is not None and record.category not in categories:
            known = "、".join(categories)
            reject(
                f"办理结果类别“{record.category}”无效，应为{known}其一",
                field=f"{path}[{index}].category" if path else "category",
            )


# ------------------------------------------------------------------------ 会议届次

_SESSION_RE = re.compile(
    r"第?(?P<term>[\d一二三四五六七八九十]+)届第?(?P<meeting>[\d一二三四五六七八九十]+)次(?:会议)?"
)


class Session(AcceptsText):
    """政协会议届次: 第十五届第五次会议.  Also accepts ``"十五届五次"``."""

    model_config = ConfigDict(
        title="会议届次", json_schema_extra={"description": "交办提案的政协会议届次"}
    )
    text_form = "如“示例市政协十五届五次”或“第十五届第五次会议”"

    body: str = Field(
        default="市政协", min_length=1, title="政协名称", description="如“示例市政协”"
    )
    term: int = Field(ge=1, le=99, title="届", description="第几届")  # 届
    meeting: int = Field(ge=1, le=99, title="次", description="第几次会议")  # 次

    @model_validator(mode="before")
    @classmethod
    def _from_text(cls, data: Any) -> Any:
        if not isinstance(data, str):
            return data
        match = _SESSION_RE.search(data.replace(" ", ""))
        if match is None:
            reject(f"会议届次“{data}”无法识别，应形如“十五届五次”或“第十五届第五次会议”")
        body = data[: match.start()].strip() or "市政协"
        return {"body": body, "term": _int(match["term"]), "meeting": _int(match["meeting"])}

    @property
    def full(self) -> str:
        """``市政协第十五届第五次会议``."""
        return f"{self.body}第{cn_number(self.term)}届第{cn_number(self.meeting)}次会议"

    @property
    def short(self) -> str:
        """``市政协十五届五次会议`` (as in reply titles)."""
        return f"{self.body}{cn_number(self.term)}届{cn_number(self.meeting)}次会议"


def _int(text: str) -> int:
    return int(text) if text.isdecimal() else int(cn2an.cn2an(text, "strict"))


# ------------------------------------------------------------------------ XLSX


def read_records(path: str | Path) -> list[ProposalRecord]:
    """Read proposal rows from an XLSX / CSV / JSONL file (engine record reader).

    Columns map by Chinese title or English name; errors name the file, the
    spreadsheet row (header = row 1) and the column.
    """
    from doctemplates.records import read_records as read_rows

    source = Path(path)
    try:
        rows = list(read_rows(source, ProposalRecord))
    except DataError as exc:
        raise DataError(exc.message, field="records_file", row=exc.row) from exc
    return [_record(r.data, r.row, source.name, r.error) for r in rows]


def _record(data: dict[str, Any], row: int, source: str, error: str | None) -> ProposalRecord:
    if error:
        raise DataError(error, field="records_file", row=row)
    try:
        return validate(ProposalRecord, data, row=row)
    except DocTemplatesError as exc:
        title = (
            ProposalRecord.model_fields[exc.field].title
            if exc.field in ProposalRecord.model_fields
            else None
        )
        column = f"列“{title}”：" if title else ""
        raise DataError(f"{source} {column}{exc.message}", field=exc.field, row=row) from exc
