"""提案答复函 — the letter answering one 政协提案 (one letter per record).

The model *is* a :class:`~pingyi_docs.proposals.ProposalRecord` plus the
letter's settings, so a spreadsheet row renders a reply.  The result category
(A/B/C by default, configurable) is shown top-right on page 1; a 协办 unit
writes ``……会办意见`` to the 主办单位.  Replies after the deadline (交办 + 3
months by default) are flagged, not refused.
"""

from __future__ import annotations

import re
from typing import Any, Literal, TypedDict

from pydantic import ConfigDict, Field, model_validator

from doctemplates.context import DocumentContext
from doctemplates.dates import format_date
from doctemplates.model import OfficialDocument, Record, Section
from pingyi_docs._base import Issued, PingyiKind, reject
from pingyi_docs.proposals import (
    DEFAULT_CATEGORIES,
    DEFAULT_DEADLINE_MONTHS,
    Categories,
    ProposalRecord,
    Session,
    check_categories,
)

__all__ = [
    "KIND",
    "DEFAULT_CC",
    "ProposalReply",
    "ProposalReplyKind",
    "ReplyContext",
    "reply_title",
    "template_spec",
]

#: 默认抄送：政协提案委员会和政府督查室
DEFAULT_CC = ("市政协提案委员会", "市政府督查室")

#: The kind's templates: 信函 (default) and 文件.
TEMPLATE_FILES = {"信函": "proposal-reply.docx", "文件": "proposal-reply-document.docx"}
# Fixed wording of the templates, by 办理方式 (role): the opening, the standard
# closing (used when the data gives none), the 右上角 category and the contacts.
_PROPOSAL = "《{{ proposal.title }}》（第{{ proposal.number }}号）收悉"
OPENING = {
    "主办": "您提出的" + _PROPOSAL + "，现答复如下：",
    "分办": "您提出的" + _PROPOSAL + "，现就涉及我单位的内容答复如下：",
    "协办": "{{ proposal.proposer }}提出的" + _PROPOSAL + "，现将我单位会办意见函告如下：",
}
CLOSING = {
    "主办": "感谢您对我们工作的关心和支持，欢迎继续提出宝贵意见和建议。",
    "分办": "感谢您对我们工作的关心和支持，欢迎继续提出宝贵意见和建议。",
    "协办": "以上意见供参考。",
}
CORNER = "{{ category.label if category else '' }}"
CONTACTS = "（联系人：{{ contact }}\u3000联系电话：{{ phone }}）"
# Wording generated here.
TITLE = "关于{session}第{number}号提案的{kind}"
TITLE_KIND = {"主办": "答复", "分办": "答复", "协办": "会办意见"}
ADDRESSEE_SUFFIX = "委员"
LATE_WARNING = "第{number}号提案答复日期{replied}晚于办理时限{deadline}"
# A proposer that is an organisation (民主党派、界别、专委会) is not addressed as 委员.
_ORGANISATION = re.compile(r"(委|会|组|界|盟|社|部|党|联|局|室)$")


class ProposalReply(Issued, ProposalRecord):
    """提案答复函: one proposal record plus the letter's settings."""

    model_config = ConfigDict(
        title="提案答复函",
        json_schema_extra={"description": "承办单位对一件政协提案的答复（或会办意见），信函格式"},
    )

    format: Literal["信函", "文件"] = Field(  # 公文格式
        default="信函", title="公文格式", description="信函格式（默认）或文件格式"
    )
    session: Session = Field(title="会议届次", description="如“十五届五次”或 {body, term, meeting}")
    addressee: str | None = Field(  # 主送
        default=None,
        title="主送",
        description="不填则主办、分办为“（提案人）委员”，协办为主办单位",
    )
    sections: list[Section] = Field(min_length=1, title="答复正文", description="答复内容的层次")
    closing: str | None = Field(  # 结束语
        default=None, title="结束语", description="不填则使用标准结束语"
    )
    signer: str = Field(min_length=1, title="签发人", description="签发人姓名")  # 签发人
    contact: str = Field(min_length=1, title="联系人", description="联系人姓名")  # 联系人
    phone: str = Field(min_length=1, title="联系电话", description="联系电话")  # 联系电话
    categories: Categories = Field(default_factory=lambda: dict(DEFAULT_CATEGORIES))
    deadline_months: int = Field(  # 办理时限月数
        default=DEFAULT_DEADLINE_MONTHS,
        ge=1,
        le=12,
        title="办理时限（月）",
        description="交办后几个月内答复",
    )
    record: Record | None = Field(  # 版记
        default_factory=lambda: Record(cc=list(DEFAULT_CC)),
        title="版记",
        description="抄送机关等；默认抄送市政协提案委员会、市政府督查室",
    )

    def issue_date(self) -> Any:
        return self.replied

    @model_validator(mode="after")
    def _letter_checks(self) -> ProposalReply:
        if self.replied is None:
            reject("答复函需要填写答复日期（即成文日期）", field="replied")
        if self.category is None and self.role != "协办":
            reject("答复函需要填写办理结果类别", field="category")
        check_categories([self], self.categories, path="")
        if self.role == "协办" and not (self.lead_unit or self.addressee):
            reject("协办（会办）意见需要填写主办单位", field="lead_unit")
        return self

    @property
    def recipient(self) -> str:
        """主送: the given addressee, the 主办单位, or ``（提案人）委员``."""
        if self.addressee:
            return self.addressee
        if self.role == "协办":
            return self.lead_unit or ""
        if _ORGANISATION.search(self.proposer):
            return self.proposer
        return self.proposer + ADDRESSEE_SUFFIX

    @property
    def late(self) -> bool:
        return not self.on_time(self.deadline_months)


def reply_title(reply: ProposalReply) -> str:
    """``关于市政协十五届五次会议第12号提案的答复`` (or ``……的会办意见``)."""
    return TITLE.format(
        session=reply.session.short, number=reply.number, kind=TITLE_KIND[reply.role]
    )


def body(reply: ProposalReply) -> list[Section]:
    """The reply's sections (opening and closing are the template's)."""
    return list(reply.sections)


class CategoryContext(TypedDict):
    code: str  # 类别代码，如 B
    label: str  # 类别（如“B类”）
    meaning: str  # 类别含义


class ProposalContext(TypedDict):
    number: int  # 提案号
    title: str  # 提案标题
    proposer: str  # 提案人


class ReplyContext(DocumentContext):
    """提案答复函模板可用的变量。"""

    category: CategoryContext | None  # 办理结果类别（协办时为空）
    role: str  # 办理方式：主办 / 分办 / 协办
    proposal: ProposalContext  # 提案
    session: str  # 会议届次
    closing: str | None  # 结束语（自拟的；不填则用模板的标准结束语）
    signer: str  # 签发人姓名（即版头的签发人；模板中的“签发人”是版头的签发人列表）
    contact: str  # 联系人
    phone: str  # 联系电话
    deadline: str  # 办理时限
    late: bool  # 逾期（不在文中标注）
    warnings: list[str]  # 提示（不印在文中）


def _by_role(texts: dict[str, str], *, keep_next: bool = False, custom: str = "") -> list[Any]:
    """One paragraph whose wording depends on the 办理方式 by inline ``{% if %}`` (no
    tag-only paragraphs), the 主办 wording last; ``custom``: a field that replaces them all."""
    from doctemplates.layout import body as pieces
    from doctemplates.layout.paragraphs import para

    first = f"{{% if {custom} %}}{{{{ {custom} }}}}{{% elif" if custom else "{% if"
    text = (
        f'{first} 办理方式 == "协办" %}}{texts["协办"]}{{% elif 办理方式 == "分办" %}}'
        f"{texts['分办']}{{% else %}}{texts['主办']}{{% endif %}}"
    )
    return [pieces.last_paragraph(text) if keep_next else para("正文", text)]


def template_spec(fmt: str = "信函") -> Any:
    """proposal-reply.docx (信函) / proposal-reply-document.docx (文件).

    The result category top right on page 1; the opening and the closing by
    role; 联系人 and 联系电话 after the date (the 签发人 is on the 文号 line).
    A late reply is not marked in the document.
    """
    from doctemplates.layout import TemplateSpec
    from doctemplates.layout.paragraphs import para

    ending = _by_role(CLOSING, keep_next=True, custom="结束语")
    return TemplateSpec(
        fmt=fmt,
        name="提案答复函",
        corner=CORNER,
        opening=_by_role(OPENING),
        ending=ending,
        after_date=[para("附注", CONTACTS)],
    )


class ProposalReplyKind(PingyiKind):
    """提案答复函 (信函格式, or 文件): one reply per proposal."""

    name = "proposal-reply"
    title = "提案答复函"
    description = "承办单位对政协提案的答复函或会办意见（每件提案一份，信函格式）"
    aliases = ("提案答复函", "提案答复", "会办意见")
    format = "信函"
    model = ProposalReply
    templates = TEMPLATE_FILES
    context_type = ReplyContext

    def to_document(self, reply: ProposalReply) -> OfficialDocument:
        """The engine document (信函 by default), signed by the 承办单位.

        The 签发人 stands on the 文号 line (上行文 layout, §2.6).
        """
        return reply.issue(
            format=reply.format,
            title=reply_title(reply),
            body=body(reply),
            recipients=[reply.recipient],
            signers=[reply.signer],
        )

    def extras(self, reply: ProposalReply, document: OfficialDocument) -> dict[str, Any]:
        deadline = reply.due(reply.deadline_months)
        warnings = []
        if reply.late and reply.replied is not None:  # replied: required by the model
            warnings.append(
                LATE_WARNING.format(
                    number=reply.number,
                    replied=format_date(reply.replied),
                    deadline=format_date(deadline),
                )
            )
        category = (
            {
                "code": reply.category,
                "label": f"{reply.category}类",
                "meaning": reply.categories[reply.category],
            }
            if reply.category
            else None
        )
        return {
            "category": category,
            "role": reply.role,
            "proposal": {"number": reply.number, "title": reply.title, "proposer": reply.proposer},
            "session": reply.session.full,
            "closing": reply.closing,
            "signer": reply.signer,
            "contact": reply.contact,
            "phone": reply.phone,
            "deadline": format_date(deadline),
            "late": reply.late,
            "warnings": warnings,
        }


KIND = ProposalReplyKind()
