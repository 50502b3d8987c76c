"""Data model of a GB/T 9704-2012 official document.  公文数据模型。

Every element of a 公文 (版头, 主体, 版记) is a pydantic model or an annotated
type.  Models forbid unknown fields (typos are caught) and strip whitespace from
strings; their JSON Schema carries Chinese titles and descriptions so that an OA
system can build an input form from it.

Use :func:`validate` to turn user data into a model: it raises
:class:`~doctemplates.errors.DataError` whose message names each field path in
Chinese (``signature.date: 日期无效：…``).

Split by responsibility (issue 14): the base and small types (:mod:`.modelbase`),
the 版头 (:mod:`.modelhead`), the 主体 and 版记 (:mod:`.modelbody`), validation and
its errors (:mod:`.modelvalidate`); :class:`OfficialDocument` is here, and every
name is imported from here.
"""

from __future__ import annotations

import re
from typing import Annotated

from pydantic import (
    AfterValidator,
    BeforeValidator,
    ConfigDict,
    Field,
    JsonValue,
    WithJsonSchema,
    model_validator,
)

from doctemplates.errors import NumberingError
from doctemplates.gbt9704.formats import FORMATS, get_format
from doctemplates.modelbase import (
    MAX_SECTION_DEPTH,
    NAMES_GIVEN,
    TEXT_LIST_SCHEMA,
    AdvisedModel,
    ClassificationLevel,
    CopyNumber,
    DataModel,
    DateStyle,
    DateValue,
    DocFormat,
    NameList,
    OrganName,
    SealMode,
    Urgency,
    date_style_field,
    notices,
    reject,
    split_text_list,
)
from doctemplates.modelbody import (
    Attachment,
    Attendance,
    Figure,
    Record,
    Section,
    Signature,
    Table,
    check_print_date,
    too_deep,
)
from doctemplates.modelhead import (
    AcceptsText,
    Classification,
    DocNumber,
    OrderNumber,
    Signer,
)
from doctemplates.modelvalidate import (
    inner_model,
    json_schema,
    validate,
)

__all__ = [
    "AcceptsText",
    "AdvisedModel",
    "DataModel",
    "Attachment",
    "Attendance",
    "Classification",
    "ClassificationLevel",
    "CopyNumber",
    "DocFormat",
    "DocNumber",
    "MAX_SECTION_DEPTH",
    "OfficialDocument",
    "Record",
    "SealMode",
    "Section",
    "Figure",
    "Table",
    "Signature",
    "Signer",
    "Urgency",
    "DateStyle",
    "DateValue",
    "date_style_field",
    "check_print_date",
    "inner_model",
    "NameList",
    "OrganName",
    "json_schema",
    "notices",
    "reject",
    "validate",
]

# ------------------------------------------------------------------------ 公文

#: 公文种类 (党政机关公文处理工作条例 §8) and 讲话; two-character names first (命令 before 令).
_GENRES = (
    *("决议", "决定", "命令", "公报", "公告", "通告", "意见", "通知", "通报", "报告"),
    *("请示", "批复", "议案", "纪要", "讲话", "令", "函"),
)
#: the formats (with their aliases) that need no 发文机关 and 署名 (讲话稿)
#: the 公文格式 (and their aliases) that need no 发文机关 — the JSON Schema's ``enum`` of them
_NO_ISSUER: list[JsonValue] = [
    name for f in FORMATS.values() if not f.needs_issuer for name in (f.name, *f.aliases)
]


def _strip_parentheses(text: str) -> str:
    match = re.fullmatch(r"[（(](.*)[）)]", text, flags=re.DOTALL)
    return match[1].strip() if match else text


class OfficialDocument(DataModel):
    """A whole 公文: 版头, 主体 and 版记 (GB/T 9704-2012)."""

    model_config = ConfigDict(
        title="公文",
        json_schema_extra={
            "description": "一份党政机关公文（GB/T 9704-2012）的全部要素。讲话稿以外的公文必须有"
            "发文机关（organs）和署名、成文日期（signature）；讲话稿有 signature 时，署名"
            "（signature.names）或发文机关至少填一个；印发日期不早于成文日期；正文层次最多四级",
            # JSON Schema form of _check_signature: what `required` cannot say alone
            "allOf": [
                {
                    "if": {
                        "properties": {"format": {"enum": _NO_ISSUER}},
                        "required": ["format"],
                    },
                    "then": {
                        "if": {
                            "properties": {"signature": {"type": "object"}},
                            "required": ["signature"],
                        },
                        "then": {
                            "anyOf": [
                                {"properties": {"organs": NAMES_GIVEN}, "required": ["organs"]},
                                {
                                    "properties": {
                                        "signature": {
                                            "properties": {"names": NAMES_GIVEN},
                                            "required": ["names"],
                                        }
                                    }
                                },
                            ]
                        },
                    },
                    "else": {
                        "required": ["organs", "signature"],
                        "properties": {
                            "organs": NAMES_GIVEN,
                            "signature": {"type": "object"},
                        },
                    },
                }
            ],
        },
    )

    format: DocFormat = Field(  # 公文格式
        default="文件", title="公文格式", description="文件、信函、讲话、纪要或命令（令）"
    )
    copy_number: CopyNumber | None = Field(  # 份号
        default=None, title="份号", description="涉密公文的份号，六位数字，如“000001”"
    )
    classification: Classification | None = Field(  # 密级和保密期限
        default=None, title="密级和保密期限", description="如“机密★1年”；非涉密公文不填"
    )
    urgency: Urgency | None = Field(  # 紧急程度
        default=None, title="紧急程度", description="特急或加急；不紧急不填"
    )
    organs: NameList = Field(  # 发文机关
        default_factory=list,
        title="发文机关",
        description="发文机关全称；联合行文时主办机关排列在前（讲话稿可不填）",
    )
    mark: NameList | None = Field(  # 发文机关标志
        default=None,
        title="发文机关标志",
        description="版头标志使用的名称（全称或规范化简称）；不填则使用发文机关名称",
    )
    mark_suffix: str = Field(  # 标志后缀
        default="文件",
        title="标志后缀",
        description="标志后的“文件”等字样；信函格式默认为空，纪要格式默认为“纪要”",
    )
    order_number: OrderNumber | None = Field(  # 令号
        default=None,
        title="令号",
        description="命令（令）格式的令号，如“第18号”或 18（只用于命令格式）",
    )
    doc_number: DocNumber | None = Field(  # 发文字号
        default=None, title="发文字号", description="如“钟科发〔2020〕2号”"
    )
    signers: Annotated[list[Signer], BeforeValidator(split_text_list)] = Field(  # 签发人
        default_factory=list, title="签发人", description="上行文的签发人；填写即按上行文排版"
    )
    title: str = Field(  # 标题
        min_length=1, title="标题", description="公文标题", json_schema_extra={"pattern": r"\S"}
    )
    subtitle: str | None = Field(  # 副标题
        default=None, title="副标题", description="副标题，如讲话稿的“——在……上的讲话”"
    )
    recipients: Annotated[
        list[OrganName], BeforeValidator(split_text_list), WithJsonSchema(TEXT_LIST_SCHEMA)
    ] = Field(  # 主送机关
        default_factory=list, title="主送机关", description="主送机关，按顺序排列"
    )
    body: list[Section] = Field(  # 正文
        default_factory=list, title="正文", description="正文的结构层次（最多四级）"
    )
    attachments: list[Attachment] = Field(  # 附件
        default_factory=list, title="附件", description="附件，按附件说明的顺序"
    )
    signature: Signature | None = Field(  # 署名、成文日期和印章
        default=None, title="署名和成文日期", description="署名、成文日期和印章；讲话稿可不填"
    )
    note: Annotated[str, AfterValidator(_strip_parentheses)] | None = Field(  # 附注
        default=None, title="附注", description="附注内容（不含括号），如联系人和电话"
    )
    record: Record | None = Field(  # 版记
        default=None, title="版记", description="抄送机关、印发机关和印发日期"
    )
    speaker: str | None = Field(  # 讲话人
        default=None, title="讲话人", description="讲话稿的讲话人（职务和姓名）"
    )
    speech_date: DateValue | None = Field(  # 讲话日期
        default=None, title="讲话日期", description="讲话稿标题下的日期"
    )
    attendance: list[Attendance] = Field(  # 出席、请假、列席
        default_factory=list, title="出席人员", description="纪要格式的出席、请假、列席人员"
    )
    date_style: DateStyle = date_style_field("成文日期等")  # 日期写法

    @model_validator(mode="after")
    def _check_document(self) -> OfficialDocument:
        self._check_signature()
        self._check_depth()
        check_print_date(self.record, self.signature.date if self.signature else None)
        if "mark_suffix" not in self.model_fields_set:
            self.mark_suffix = get_format(self.format).mark_suffix
        return self

    def _check_signature(self) -> None:
        fmt = get_format(self.format)
        if fmt.order_number and self.order_number is None:
            reject("缺少令号（命令格式需要令号，如“第18号”）", field="order_number")
        if self.order_number is not None and not fmt.order_number:
            reject("令号只用于命令（令）格式", field="order_number")
        if fmt.order_number:  # the 标志 is 20 mm under the 版心 top: no room for lines 1–3
            for name, label in (
                ("copy_number", "份号"),
                ("classification", "密级"),
                ("urgency", "紧急程度"),
                ("signers", "签发人"),
            ):
                if getattr(self, name):
                    reject(
                        f"命令（令）格式不排{label}（标志上边缘距版心上边缘只有 20 mm）",
                        field=name,
                    )
        needs_issuer = fmt.needs_issuer
        sig = self.signature
        if sig is not None and sig.seal_mode is None:
            # 命令（令）: 签发人签名章 unless the data says otherwise (§10.2, §7.3.5.3)
            self.signature = sig.model_copy(update={"seal_mode": fmt.default_seal_mode})
        if needs_issuer and not self.organs:
            reject("缺少发文机关（讲话稿以外的公文至少需要一个发文机关）", field="organs")
        if self.signature is None:
            if needs_issuer:
                reject("缺少必填字段（讲话稿以外的公文需要署名和成文日期）", field="signature")
            return
        if not self.signature.names:
            if not self.organs:
                reject("缺少署名（也未填写发文机关）", field="signature.names")
            self.signature = self.signature.model_copy(update={"names": list(self.organs)})
        seals = self.signature.seal_images
        if seals and self.signature.seal_mode != "seal":
            reject("联合行文印章图片只用于加盖印章（seal）", field="signature.seal_images")
        if seals and len(seals) != len(self.signature.names):
            reject(
                f"联合行文印章图片有 {len(seals)} 个，署名有 {len(self.signature.names)} 个，"
                "应一一对应",
                field="signature.seal_images",
            )

    def _check_depth(self) -> None:
        trees = [("body", self.body)] + [
            (f"attachments[{i}].sections", a.sections) for i, a in enumerate(self.attachments)
        ]
        for path, sections in trees:
            found = too_deep(sections, path)
            if found:
                message = "层次超过四级（结构层次序数只有“一、”“（一）”“1.”“（1）”四级）"
                reject(message, field=found, kind=NumberingError)

    @property
    def is_joint(self) -> bool:
        """联合行文: more than one issuing organ."""
        return len(self.organs) > 1

    @property
    def is_upward(self) -> bool:
        """上行文: signers are given."""
        return bool(self.signers)

    @property
    def mark_names(self) -> list[str]:
        """Names shown in the 发文机关标志 (``mark`` or else ``organs``)."""
        return list(self.mark or self.organs)

    @property
    def genre(self) -> str | None:
        """文种 named at the end of the title (``关于……的通知`` → ``通知``), else None.

        >>> OfficialDocument(format="讲话", title="在全市工作会议上的讲话").genre
        '讲话'
        >>> OfficialDocument(format="讲话", title="2026年工作要点").genre is None
        True
        """
        title = re.sub(r"\s*[（(][^（）()]*[）)]$", "", self.title)  # （试行）（征求意见稿）
        return next((genre for genre in _GENRES if title.endswith(genre)), None)

    @property
    def recipients_text(self) -> str:
        """主送机关 joined with 、 and ending with a full-width colon, or ``""``."""
        return "、".join(self.recipients) + "：" if self.recipients else ""
