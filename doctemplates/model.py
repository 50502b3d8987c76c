"""Data model of a GB/T 9704-2012 official document.  公文数据模型。

Every element of a 公文 (版头, 主体, 版记) is a pydantic model or an annotated
type.  Models forbid unknown fields (typos are caught) and strip whitespace from
strings; their JSON Schema carries Chinese titles and descriptions so that an OA
system can build an input form from it.

Use :func:`validate` to turn user data into a model: it raises
:class:`~doctemplates.errors.DataError` whose message names each field path in
Chinese (``signature.date: 日期无效：…``).
"""

from __future__ import annotations

import difflib
import functools
import re
from collections.abc import Callable
from datetime import date
from typing import Annotated, Any, ClassVar, Literal, NoReturn, Self, TypeVar, get_args

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    GetJsonSchemaHandler,
    JsonValue,
    PrivateAttr,
    ValidationError,
    WithJsonSchema,
    model_serializer,
    model_validator,
)
from pydantic.json_schema import JsonSchemaValue
from pydantic_core import ErrorDetails, PydanticCustomError, core_schema

from doctemplates.data import check_file_access, decode_data_uri, is_data_uri
from doctemplates.dates import Style, parse_date
from doctemplates.errors import (
    DataError,
    DateError,
    DocNumberError,
    DocTemplatesError,
    NumberingError,
    Problem,
    error_code,
)
from doctemplates.gbt9704.formats import FORMAT_NAMES, FORMATS, format_aliases, get_format
from doctemplates.gbt9704.patterns import (
    BRACKETS_CLOSE,
    BRACKETS_OPEN,
    DOC_NUMBER_FORM,
    DOC_NUMBER_LOOSE,
    ORDER_NUMBER_LOOSE,
    print_date_problem,
)
from doctemplates.numbering import split_label

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

M = TypeVar("M", bound=BaseModel)

#: 结构层次最多四级：一、 （一） 1. （1）
MAX_SECTION_DEPTH = 4

_FULLWIDTH = str.maketrans("０１２３４５６７８９", "0123456789")
_ERROR_KINDS: dict[str, type[DataError]] = {
    cls.__name__: cls for cls in (DataError, DateError, DocNumberError, NumberingError)
}


# --------------------------------------------------------------------------- errors


def reject(message: str, *, field: str = "", kind: type[DataError] = DataError) -> NoReturn:
    """Refuse a value inside a validator with a Chinese message and a relative field path.

    Use it in cross-field validators of kind models; :func:`validate` turns it into
    a :class:`DataError` whose path is the model's path plus ``field``.
    """
    template = "{field}: {message}" if field else "{message}"
    context = {"message": message, "field": field, "kind": kind.__name__}
    raise PydanticCustomError("doctemplates", template, context)


def _checked(func: Callable[[Any], Any]) -> Callable[[Any], Any]:
    """Wrap a validator so that a :class:`DocTemplatesError` becomes a pydantic error."""

    @functools.wraps(func)
    def wrapper(value: Any) -> Any:
        try:
            return func(value)
        except DocTemplatesError as exc:
            kind = type(exc) if isinstance(exc, DataError) else DataError
            reject(exc.message, field=exc.field or "", kind=kind)

    return wrapper


# ----------------------------------------------------------------------- small types


def _show(value: Any, limit: int = 40) -> str:
    """A short Chinese-quoted rendering of a user value."""
    if isinstance(value, str):
        text = value if len(value) <= limit else value[: limit - 1] + "…"
        return f"“{text}”"
    if isinstance(value, dict):
        return "对象"
    if isinstance(value, list | tuple):
        return "列表"
    return repr(value)


def _split_text_list(value: Any) -> Any:
    """Accept ``"甲、乙；丙"`` where a list of names is expected."""
    if isinstance(value, str):
        return [part for part in re.split(r"[、，,；;\n]+", value) if part.strip()]
    return value


def _strip_trailing(chars: str) -> Callable[[str], str]:
    def strip(text: str) -> str:
        return text.rstrip(chars).rstrip()

    return strip


@_checked
def _date(value: Any) -> date:
    return parse_date(value)


@_checked
def _picture(value: str) -> str:
    """A picture given as a ``data:`` URI, or a path where files may be read (not the service)."""
    if is_data_uri(value):
        media, _content = decode_data_uri(value)
        if not media.startswith("image/"):
            raise DataError(f"应为图片（image/png、image/jpeg 等），实际为 {media}")
    else:
        check_file_access()
    return value


NonEmptyStr = Annotated[str, Field(min_length=1)]
#: A list of names; one string separated by 、，；or new lines is accepted too.
TEXT_LIST_SCHEMA: dict[str, Any] = {
    "anyOf": [
        {"type": "array", "items": {"type": "string", "minLength": 1, "pattern": r"\S"}},
        {"type": "string"},
    ]
}
#: A name list that holds at least one name (what "required" means for organs, 署名).
_NAMES_GIVEN: dict[str, Any] = {
    "anyOf": [
        {"type": "array", "minItems": 1},
        {"type": "string", "pattern": "[^、，,；;\\s]"},
    ]
}
NameList = Annotated[
    list[NonEmptyStr], BeforeValidator(_split_text_list), WithJsonSchema(TEXT_LIST_SCHEMA)
]
OrganName = Annotated[str, AfterValidator(_strip_trailing("：:、，,；;。")), Field(min_length=1)]
DateValue = Annotated[date, BeforeValidator(_date)]


@_checked
def _copy_number(value: Any) -> Any:
    if isinstance(value, bool) or not isinstance(value, int | str):
        return value  # pydantic reports the type error
    text = str(value).strip().translate(_FULLWIDTH)
    if not (text.isascii() and text.isdigit()):
        raise DataError(f"份号{_show(str(value))}应为数字（最多六位）")
    if len(text) > 6 or not 1 <= int(text) <= 999999:
        raise DataError(f"份号{_show(str(value))}超出范围，应为 000001—999999")
    return f"{int(text):06d}"


#: 份号 — six digits, zero-padded (``1`` → ``"000001"``).
CopyNumber = Annotated[
    str,
    BeforeValidator(_copy_number),
    Field(pattern=r"^\d{6}$", examples=["000001"]),
]

#: 紧急程度
Urgency = Literal["特急", "加急"]
#: 密级
ClassificationLevel = Literal["绝密", "机密", "秘密"]

#: alias → 公文格式 (letter → 信函 …), from the Format classes (doctemplates.gbt9704.formats)
_FORMAT_ALIASES = format_aliases()


def _format_alias(value: Any) -> Any:
    return _FORMAT_ALIASES.get(value.strip(), value) if isinstance(value, str) else value


#: 公文格式：文件格式、信函格式、讲话稿、纪要格式、命令（令）格式 (the names of gbt9704.formats.FORMATS, in
#: order — a Literal must be spelled out for type checkers; tests/test_model.py compares them)
DocFormat = Annotated[
    Literal["文件", "信函", "讲话", "纪要", "命令"],
    BeforeValidator(_format_alias),
    WithJsonSchema({"type": "string", "enum": [*FORMAT_NAMES, *_FORMAT_ALIASES]}),
]

_SEAL_ALIASES = {
    "seal": "seal",
    "加盖印章": "seal",
    "盖章": "seal",
    "印章": "seal",
    "none": "none",
    "不加盖印章": "none",
    "不盖章": "none",
    "无": "none",
    "stamp": "stamp",
    "签名章": "stamp",
    "签发人签名章": "stamp",
    "加盖签发人签名章": "stamp",
}


@_checked
def _seal_mode(value: Any) -> Any:
    if not isinstance(value, str):
        return value
    mode = _SEAL_ALIASES.get(value.strip())
    if mode is None:
        raise DataError(
            f"印章方式{_show(value)}无法识别，应为加盖印章（seal）、不加盖印章（none）"
            "或加盖签发人签名章（stamp）"
        )
    return mode


#: 印章方式：seal 加盖印章, none 不加盖印章, stamp 加盖签发人签名章
SealMode = Annotated[
    Literal["seal", "none", "stamp"],
    BeforeValidator(_seal_mode),
    WithJsonSchema({"type": "string", "enum": list(_SEAL_ALIASES)}),
]


# ------------------------------------------------------------------------ base model


# -------------------------------------------------------------------- 提示 (notices)


class AdvisedModel(BaseModel):
    """A model that can leave notices about valid data (提示); :func:`notices` collects them.

    ``numbered_fields`` names the fields holding a heading that the engine numbers
    (a string, or a list of strings): a structure number typed in front of one
    (``一、`` ``（一）`` ``1.`` …, see :func:`~doctemplates.numbering.split_label`)
    would be printed twice, so it is dropped and a notice names the field.

    >>> section = Section(heading="一、总体要求")
    >>> section.heading, notices(section, "body[0]")
    ('总体要求', ['body[0].heading: 已去掉手工输入的序号“一、”，序号由系统自动生成'])
    """

    numbered_fields: ClassVar[tuple[str, ...]] = ()
    _notices: list[tuple[str, str]] = PrivateAttr(default_factory=list)

    def add_notice(self, field: str, message: str) -> None:
        """Leave a notice about ``field`` (a path relative to this model)."""
        self._notices.append((field, message))

    @model_validator(mode="after")
    def _drop_typed_labels(self) -> Self:
        for name in self.numbered_fields:
            value = getattr(self, name)
            if isinstance(value, str):
                setattr(self, name, self._unlabelled(name, value))
            elif isinstance(value, list):
                items = [
                    self._unlabelled(f"{name}[{i}]", item) if isinstance(item, str) else item
                    for i, item in enumerate(value)
                ]
                setattr(self, name, items)
        return self

    def _unlabelled(self, field: str, text: str) -> str:
        typed, rest = split_label(text)
        if not typed:
            return text
        if not rest.strip():
            reject(f"只有序号“{typed.strip()}”，没有标题文字", field=field)
        self.add_notice(field, f"已去掉手工输入的序号“{typed.strip()}”，序号由系统自动生成")
        return rest


def notices(model: BaseModel, path: str = "") -> list[str]:
    """Every notice left in ``model`` and the models inside it, as ``path: message``."""
    found = [
        f"{_join_path(path, field)}: {message}"
        for field, message in (getattr(model, "_notices", None) or [])
    ]
    for name in type(model).model_fields:
        value = getattr(model, name, None)
        here = _join_path(path, name)
        if isinstance(value, BaseModel):
            found += notices(value, here)
        elif isinstance(value, list | tuple):
            for index, item in enumerate(value):
                if isinstance(item, BaseModel):
                    found += notices(item, f"{here}[{index}]")
    return found


#: 日期写法: arabic 2020年4月20日 (GB/T 9704-2012) or chinese 二〇二〇年四月二十日
DateStyle = Style


def date_style_field(what: str = "成文日期") -> Any:
    """The ``date_style`` field of a model (the engine's document, a kind's data): how ``what`` is written.

    >>> date_style_field("讲话日期").title
    '日期写法'
    """
    return Field(
        default="arabic",
        title="日期写法",
        description=f"{what}的写法：arabic（2020年4月20日，GB/T 9704-2012）"
        "或 chinese（二〇二〇年四月二十日）",
    )


class DataModel(AdvisedModel):
    """Base of every data model, the engine's and the kinds': unknown fields are
    refused (a typo is caught), strings stripped, a blank optional field is "not given".

    Headings the engine numbers are listed in ``numbered_fields``: a number the
    user typed in front of one is dropped, with a notice naming the field
    (:class:`AdvisedModel`).

    >>> Signature(date="2026-04-20", seal_image="").seal_image is None
    True
    """

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    @model_validator(mode="before")
    @classmethod
    def _blank_to_none(cls, data: Any) -> Any:
        """An empty string in an optional field (spreadsheet cell, form) means "not given"."""
        if not isinstance(data, dict):
            return data
        fields = cls.model_fields
        blank = {
            key
            for key, value in data.items()
            if isinstance(value, str)
            and not value.strip()
            and key in fields
            and fields[key].default is None
        }
        return {key: (None if key in blank else value) for key, value in data.items()}


# ------------------------------------------------------------------------ 发文字号

_DOC_NUMBER_BRACKETS = str.maketrans(
    BRACKETS_OPEN + BRACKETS_CLOSE, "〔" * len(BRACKETS_OPEN) + "〕" * len(BRACKETS_CLOSE)
)


def _doc_number_parts(text: str) -> dict[str, Any]:
    """Split a loosely written 发文字号 into code, year and serial."""
    compact = re.sub(r"\s+", "", text).translate(_FULLWIDTH).translate(_DOC_NUMBER_BRACKETS)
    example = "应形如“钟科发〔2020〕2号”"
    if "〔" not in compact:
        raise DocNumberError(f"发文字号{_show(text)}缺少用〔〕括起的年份，{example}")
    match = DOC_NUMBER_LOOSE.fullmatch(compact)
    if match is None:
        raise DocNumberError(f"发文字号{_show(text)}无法识别，{example}")
    year, serial = match["year"], int(match["serial"])
    if len(year) != 4 or not 1949 <= int(year) <= 2100:
        raise DocNumberError(f"发文字号{_show(text)}的年份应为四位数字（1949—2100），{example}")
    if serial < 1:
        raise DocNumberError(f"发文字号{_show(text)}的序号应从 1 开始")
    return {"code": match["code"], "year": int(year), "serial": serial}


def _order_number(value: Any) -> Any:
    """令号: ``18``, ``"18"``, ``"第18号"`` → ``"第18号"`` (§10.2)."""
    if isinstance(value, bool):
        return value
    if isinstance(value, int):
        value = str(value)
    if not isinstance(value, str):
        return value
    match = ORDER_NUMBER_LOOSE.match(value.strip().translate(_FULLWIDTH))
    if match is None:
        raise DataError(f"令号{_show(value)}无法识别，应形如“第18号”")
    return f"第{match[1]}号"


#: 令号 of a 命令（令）(§10.2): ``第N号``, no leading zeros.
OrderNumber = Annotated[
    str,
    BeforeValidator(_order_number),
    WithJsonSchema({"type": ["string", "integer"], "examples": ["第18号", 18]}),
]


class DocNumber(DataModel):
    """发文字号: 机关代字〔年份〕序号号.

    Accepts a string (brackets, ``第``, leading zeros and spaces are normalised)
    or a mapping with ``code``, ``year`` and ``serial``; serialises to the
    standard string.

    >>> number = DocNumber.parse("钟科发[2020]第02号")
    >>> str(number)
    '钟科发〔2020〕2号'
    >>> (number.code, number.year, number.serial)
    ('钟科发', 2020, 2)
    >>> str(DocNumber.parse("国办函（2021） 15"))
    '国办函〔2021〕15号'
    >>> DocNumber(code="钟科发", year=2020, serial=2).model_dump()
    '钟科发〔2020〕2号'
    >>> DocNumber.parse("钟科发〔20〕2号")
    Traceback (most recent call last):
    ...
    doctemplates.errors.DocNumberError: 发文字号“钟科发〔20〕2号”的年份应为四位数字（1949—2100），应形如“钟科发〔2020〕2号”
    """

    model_config = ConfigDict(frozen=True, title="发文字号")

    code: str = Field(  # 机关代字
        min_length=1,
        pattern=r"^[^〔〕\[\]()（）【】\s]+$",
        title="机关代字",
        description="发文机关代字，如“钟科发”",
    )
    year: int = Field(ge=1949, le=2100, title="年份", description="发文年份，四位数字")  # 年份
    serial: int = Field(
        ge=1, title="发文顺序号", description="发文顺序号，不编虚位，不加“第”"
    )  # 序号

    @classmethod
    def parse(cls, text: str) -> DocNumber:
        """Read a 发文字号 such as ``"钟科发〔2020〕2号"``; raise :class:`DocNumberError`."""
        parts = _doc_number_parts(text)
        try:
            return cls(**parts)
        except ValidationError as exc:
            raise DocNumberError(
                f"发文字号{_show(text)}无法识别，应形如“钟科发〔2020〕2号”"
            ) from exc

    @model_validator(mode="before")
    @classmethod
    def _from_text(cls, data: Any) -> Any:
        return _checked(_doc_number_parts)(data) if isinstance(data, str) else data

    @model_serializer(mode="plain")
    def _to_text(self) -> str:
        return str(self)

    @classmethod
    def __get_pydantic_json_schema__(
        cls, schema: core_schema.CoreSchema, handler: GetJsonSchemaHandler
    ) -> JsonSchemaValue:
        return {
            "type": "string",
            "title": "发文字号",
            "description": "机关代字〔年份〕序号号，年份用六角括号〔〕，序号不编虚位、不加“第”",
            "pattern": DOC_NUMBER_FORM,
            "examples": ["钟科发〔2020〕2号"],
        }

    def __str__(self) -> str:
        return f"{self.code}〔{self.year}〕{self.serial}号"


# ------------------------------------------------------------------ 密级和保密期限

_CLASSIFICATION_RE = re.compile(r"(?P<level>绝密|机密|秘密)\s*[★☆*＊]?\s*(?P<period>.*)")
_PERIOD_RE = re.compile(r"长期|[1-9]\d*年(?:[1-9]\d*个月)?|[1-9]\d*个月")


@_checked
def _period(text: str) -> str:
    period = re.sub(r"\s+", "", text).lstrip("★☆*＊").translate(_FULLWIDTH)
    if not _PERIOD_RE.fullmatch(period):
        raise DataError(f"保密期限{_show(text)}无法识别，应形如“1年”“6个月”或“长期”")
    return period


class AcceptsText(DataModel):
    """A model that also accepts a one-line text form; its JSON Schema says so (``anyOf``).

    ``text_form`` describes how the text is written (the schema's description of it).
    """

    text_form: ClassVar[str] = ""

    @classmethod
    def __get_pydantic_json_schema__(
        cls, schema: core_schema.CoreSchema, handler: GetJsonSchemaHandler
    ) -> JsonSchemaValue:
        inner = handler(schema)
        resolved = handler.resolve_ref_schema(inner)
        labels: dict[str, Any] = {k: resolved[k] for k in ("title", "description") if k in resolved}
        text: dict[str, Any] = {"type": "string", "minLength": 1}
        if cls.text_form:
            text["description"] = cls.text_form
        return {**labels, "anyOf": [inner, text]}


class Classification(AcceptsText):
    """密级和保密期限, written ``机密★1年`` (or the level alone).

    Accepts ``"机密★1年"``, ``"机密 1年"``, ``"机密"`` or a mapping.
    """

    model_config = ConfigDict(
        title="密级和保密期限",
        json_schema_extra={"description": "密级（绝密、机密、秘密）和可选的保密期限，如“机密★1年”"},
    )

    level: ClassificationLevel = Field(title="密级", description="绝密、机密或秘密")  # 密级
    period: Annotated[str, AfterValidator(_period)] | None = Field(  # 保密期限
        default=None, title="保密期限", description="如“1年”“6个月”“长期”；不填则只标密级"
    )

    @classmethod
    def parse(cls, text: str) -> Classification:
        """Read ``"机密★1年"``, ``"机密 1年"`` or ``"机密"``; raise :class:`DataError`.

        >>> str(Classification.parse("机密 1年"))
        '机密★1年'
        """
        return validate(cls, text)

    @model_validator(mode="before")
    @classmethod
    def _from_text(cls, data: Any) -> Any:
        if not isinstance(data, str):
            return data
        match = _CLASSIFICATION_RE.fullmatch(data.strip())
        if match is None:
            reject(f"密级{_show(data)}无法识别，应为绝密、机密或秘密，可带保密期限，如“机密★1年”")
        return {"level": match["level"], "period": match["period"] or None}

    def __str__(self) -> str:
        return f"{self.level}★{self.period}" if self.period else self.level


# ------------------------------------------------------------------------ 签发人


class Signer(AcceptsText):
    """签发人 (shown beside the 发文字号 of an upward document 上行文)."""

    model_config = ConfigDict(title="签发人", json_schema_extra={"description": "上行文的签发人"})

    name: str = Field(min_length=1, title="姓名", description="签发人姓名")  # 姓名

    @model_validator(mode="before")
    @classmethod
    def _from_text(cls, data: Any) -> Any:
        return {"name": data} if isinstance(data, str) else data


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
        le=156,
        title="宽度（毫米）",
        description="印出的宽度；不填则按原尺寸，最宽为版心宽 156 毫米",
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


def _too_deep(sections: list[Section], path: str, depth: int = 1) -> str | None:
    """The path of the first section deeper than :data:`MAX_SECTION_DEPTH`, if any."""
    for index, section in enumerate(sections):
        here = f"{path}[{index}]"
        if depth > MAX_SECTION_DEPTH:
            return here
        found = _too_deep(section.children, f"{here}.children", depth + 1)
        if found:
            return found
    return None


# ------------------------------------------------------------------------ 附件


class Attachment(DataModel):
    """附件: listed in the 附件说明 and printed after the body, each on a new page."""

    model_config = ConfigDict(
        title="附件", json_schema_extra={"description": "附件名称及内容；名称不加标点"}
    )

    title: Annotated[str, AfterValidator(_strip_trailing("。；;，,、．.：:"))] = Field(  # 附件名称
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
    seal_image: Annotated[str, AfterValidator(_picture)] | None = Field(  # 印章图片
        default=None,
        title="印章图片",
        description="印章图片：data: URI（如“data:image/png;base64,……”）；命令行中也可以是文件路径"
        "（HTTP 服务不接受路径）",
    )
    seal_images: list[Annotated[str, AfterValidator(_picture)]] = Field(  # 联合行文印章图片
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
    names: Annotated[list[str], BeforeValidator(_split_text_list)] = Field(  # 人员
        min_length=1, title="人员", description="人员姓名（可含单位、职务），按顺序排列"
    )


# ------------------------------------------------------------------------ 版记


class Record(DataModel):
    """版记: 抄送机关、印发机关和印发日期 (§7.4)."""

    model_config = ConfigDict(
        title="版记", json_schema_extra={"description": "抄送机关、印发机关和印发日期"}
    )

    cc: Annotated[
        list[OrganName], BeforeValidator(_split_text_list), WithJsonSchema(TEXT_LIST_SCHEMA)
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
                                {"properties": {"organs": _NAMES_GIVEN}, "required": ["organs"]},
                                {
                                    "properties": {
                                        "signature": {
                                            "properties": {"names": _NAMES_GIVEN},
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
                            "organs": _NAMES_GIVEN,
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
    signers: Annotated[list[Signer], BeforeValidator(_split_text_list)] = Field(  # 签发人
        default_factory=list, title="签发人", description="上行文的签发人；填写即按上行文排版"
    )
    title: str = Field(  # 标题
        min_length=1, title="标题", description="公文标题", json_schema_extra={"pattern": r"\S"}
    )
    subtitle: str | None = Field(  # 副标题
        default=None, title="副标题", description="副标题，如讲话稿的“——在……上的讲话”"
    )
    recipients: Annotated[
        list[OrganName], BeforeValidator(_split_text_list), WithJsonSchema(TEXT_LIST_SCHEMA)
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
            found = _too_deep(sections, path)
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


# ------------------------------------------------------------------ schema, validate


def json_schema(model_cls: type[BaseModel]) -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of a model, with Chinese titles and descriptions."""
    schema = model_cls.model_json_schema()
    return {"$schema": "https://json-schema.org/draft/2020-12/schema", **schema}


def validate(model_cls: type[M], data: Any, *, row: int | None = None) -> M:
    """Validate ``data`` as ``model_cls``; raise :class:`DataError` in Chinese.

    The message lists each problem as ``<field path>: <reason>``; the first
    path is ``DataError.field`` (so ``str(error)`` starts with it).
    """
    try:
        return model_cls.model_validate(data)
    except ValidationError as exc:
        raise _data_error(exc, model_cls, row) from exc
    except DocTemplatesError as exc:
        if exc.row is None:
            exc.row = row
        raise


def _data_error(exc: ValidationError, model_cls: type[BaseModel], row: int | None) -> DataError:
    errors = exc.errors()
    problems = [_problem(error, model_cls) for error in errors]
    parts = [
        reason if index == 0 or not path else f"{path}: {reason}"
        for index, (path, reason, _kind) in enumerate(problems)
    ]
    kinds = {kind for _path, _reason, kind in problems}
    error_cls = kinds.pop() if len(kinds) == 1 else DataError
    listed = [  # every field error as data (DataError.problems)
        Problem(path, reason, _code(error))
        for (path, reason, _kind), error in zip(problems, errors, strict=True)
    ]
    return error_cls(
        "；".join(parts) + "。", field=problems[0][0] or None, row=row, problems=listed
    )


def _code(error: ErrorDetails) -> str:
    """The machine code of one error: pydantic's type, or our error class in snake case."""
    if error["type"] == "doctemplates":
        return error_code(str(error.get("ctx", {}).get("kind", "DataError")))
    return error["type"]


def _problem(error: ErrorDetails, model_cls: type[BaseModel]) -> tuple[str, str, type[DataError]]:
    """(field path, Chinese reason, error class) of one pydantic error."""
    ctx = error.get("ctx", {})
    path = _path(error["loc"])
    if error["type"] == "doctemplates":
        path = _join_path(path, ctx.get("field", ""))
        return path, ctx["message"].rstrip("。"), _ERROR_KINDS.get(ctx["kind"], DataError)
    return path, _reason(error, model_cls).rstrip("。"), DataError


def _path(loc: tuple[int | str, ...]) -> str:
    """``("body", 0, "heading")`` → ``"body[0].heading"``."""
    path = ""
    for part in loc:
        path = _join_path(path, f"[{part}]" if isinstance(part, int) else str(part))
    return path


def _join_path(path: str, tail: str) -> str:
    if not path or not tail or tail.startswith("["):
        return path + tail
    return f"{path}.{tail}"


_REASONS = {
    "missing": "缺少必填字段",
    "string_type": "应为文本",
    "int_type": "应为整数",
    "int_parsing": "应为整数",
    "int_from_float": "应为整数",
    "float_type": "应为数字",
    "float_parsing": "应为数字",
    "bool_type": "应为是或否（true/false）",
    "bool_parsing": "应为是或否（true/false）",
    "list_type": "应为列表",
    "dict_type": "应为对象（键值对）",
    "model_type": "应为对象（键值对）",
    "model_attributes_type": "应为对象（键值对）",
    "date_type": "应为日期",
    "date_parsing": "应为日期",
    "date_from_datetime_parsing": "应为日期",
    "date_from_datetime_inexact": "应为日期（不含时间）",
    "string_pattern_mismatch": "格式不正确",
    "frozen_instance": "不可修改",
}

_LIMIT_REASONS = {
    "too_short": ("min_length", "至少需要 {} 项"),
    "too_long": ("max_length", "最多 {} 项"),
    "string_too_short": ("min_length", "至少需要 {} 个字"),
    "string_too_long": ("max_length", "最多 {} 个字"),
    "greater_than_equal": ("ge", "应不小于 {}"),
    "greater_than": ("gt", "应大于 {}"),
    "less_than_equal": ("le", "应不大于 {}"),
    "less_than": ("lt", "应小于 {}"),
}


def _reason(error: ErrorDetails, model_cls: type[BaseModel]) -> str:
    """A Chinese reason for a pydantic error (the value is named where useful)."""
    kind, ctx, value = error["type"], error.get("ctx", {}), error.get("input")
    if kind == "missing":
        return _REASONS[kind]
    if kind == "extra_forbidden":
        return _unknown_field(error["loc"], model_cls)
    if kind in ("value_error", "assertion_error"):
        return str(ctx.get("error", error["msg"]))
    if kind == "string_too_short" and ctx.get("min_length") == 1:
        return "不能为空"
    if kind == "literal_error":
        options = "".join(f"“{option}”" for option in re.findall(r"'([^']*)'", ctx["expected"]))
        return f"取值应为{options}其一，实际为{_show(value)}"
    if kind in _LIMIT_REASONS:
        key, template = _LIMIT_REASONS[kind]
        return template.format(ctx.get(key)) + f"，实际为{_show(value)}"
    if kind in _REASONS:
        return f"{_REASONS[kind]}，实际为{_show(value)}"
    return f"取值{_show(value)}无效（{error['msg']}）"


def _unknown_field(loc: tuple[int | str, ...], model_cls: type[BaseModel]) -> str:
    """未知字段 plus a suggestion of the closest known field name."""
    model = _model_at(model_cls, loc[:-1])
    known = list(model.model_fields) if model else []
    close = difflib.get_close_matches(str(loc[-1]), known, n=1, cutoff=0.6)
    return "未知字段（可能拼错）" + (f"，最接近的字段是“{close[0]}”" if close else "")


def _model_at(model_cls: type[BaseModel], loc: tuple[int | str, ...]) -> type[BaseModel] | None:
    """The model class found by following the field names of ``loc``."""
    current: type[BaseModel] | None = model_cls
    for part in loc:
        if isinstance(part, int):
            continue
        field = current.model_fields.get(part) if current else None
        current = inner_model(field.annotation) if field else None
    return current


def inner_model(annotation: Any) -> type[BaseModel] | None:
    """The model inside a field's annotation (``Signature | None``, ``list[Section]``), or None.

    >>> inner_model(list[Section] | None).__name__, inner_model(int | None)
    ('Section', None)
    """
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in get_args(annotation):
        found = inner_model(arg)
        if found is not None:
            return found
    return None
