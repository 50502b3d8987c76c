"""Models of the 版头: 发文字号, 密级和保密期限, 签发人.  版头的数据模型。

Split from :mod:`doctemplates.model` (issue 14); import the names from there.
"""

from __future__ import annotations

import re
from typing import Annotated, Any, ClassVar

from pydantic import (
    AfterValidator,
    BeforeValidator,
    ConfigDict,
    Field,
    GetJsonSchemaHandler,
    ValidationError,
    WithJsonSchema,
    model_serializer,
    model_validator,
)
from pydantic.json_schema import JsonSchemaValue
from pydantic_core import core_schema

from doctemplates.errors import (
    DataError,
    DocNumberError,
)
from doctemplates.gbt9704.patterns import (
    BRACKETS_CLOSE,
    BRACKETS_OPEN,
    DOC_NUMBER_FORM,
    DOC_NUMBER_LOOSE,
    ORDER_NUMBER_LOOSE,
)
from doctemplates.modelbase import (
    FULLWIDTH,
    ClassificationLevel,
    DataModel,
    checked,
    reject,
)
from doctemplates.modelvalidate import (
    show,
    validate,
)

# ------------------------------------------------------------------------ 发文字号

_DOC_NUMBER_BRACKETS = str.maketrans(
    BRACKETS_OPEN + BRACKETS_CLOSE, "〔" * len(BRACKETS_OPEN) + "〕" * len(BRACKETS_CLOSE)
)


def _doc_number_parts(text: str) -> dict[str, Any]:
    """Split a loosely written 发文字号 into code, year and serial."""
    compact = re.sub(r"\s+", "", text).translate(FULLWIDTH).translate(_DOC_NUMBER_BRACKETS)
    example = "应形如“钟科发〔2020〕2号”"
    if "〔" not in compact:
        raise DocNumberError(f"发文字号{show(text)}缺少用〔〕括起的年份，{example}")
    match = DOC_NUMBER_LOOSE.fullmatch(compact)
    if match is None:
        raise DocNumberError(f"发文字号{show(text)}无法识别，{example}")
    year, serial = match["year"], int(match["serial"])
    if len(year) != 4 or not 1949 <= int(year) <= 2100:
        raise DocNumberError(f"发文字号{show(text)}的年份应为四位数字（1949—2100），{example}")
    if serial < 1:
        raise DocNumberError(f"发文字号{show(text)}的序号应从 1 开始")
    return {"code": match["code"], "year": int(year), "serial": serial}


def _order_number(value: Any) -> Any:
    """令号: ``18``, ``"18"``, ``"第18号"`` → ``"第18号"`` (§10.2)."""
    if isinstance(value, bool):
        return value
    if isinstance(value, int):
        value = str(value)
    if not isinstance(value, str):
        return value
    match = ORDER_NUMBER_LOOSE.match(value.strip().translate(FULLWIDTH))
    if match is None:
        raise DataError(f"令号{show(value)}无法识别，应形如“第18号”")
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
                f"发文字号{show(text)}无法识别，应形如“钟科发〔2020〕2号”"
            ) from exc

    @model_validator(mode="before")
    @classmethod
    def _from_text(cls, data: Any) -> Any:
        return checked(_doc_number_parts)(data) if isinstance(data, str) else data

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


@checked
def _period(text: str) -> str:
    period = re.sub(r"\s+", "", text).lstrip("★☆*＊").translate(FULLWIDTH)
    if not _PERIOD_RE.fullmatch(period):
        raise DataError(f"保密期限{show(text)}无法识别，应形如“1年”“6个月”或“长期”")
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
            reject(f"密级{show(data)}无法识别，应为绝密、机密或秘密，可带保密期限，如“机密★1年”")
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
