"""The base of the 公文 data model: errors, small annotated types, :class:`DataModel`.  数据模型基础。

Split from :mod:`doctemplates.model` (issue 14); import the names from there.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from datetime import date
from typing import Annotated, Any, ClassVar, Literal, NoReturn, Self

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    PrivateAttr,
    WithJsonSchema,
    model_validator,
)
from pydantic_core import PydanticCustomError

from doctemplates.data import check_file_access, decode_data_uri, is_data_uri
from doctemplates.dates import Style, parse_date
from doctemplates.errors import (
    DataError,
    DocTemplatesError,
)
from doctemplates.gbt9704.formats import FORMAT_NAMES, format_aliases
from doctemplates.modelvalidate import (
    join_path,
    show,
)
from doctemplates.numbering import split_label

#: 结构层次最多四级：一、 （一） 1. （1）
MAX_SECTION_DEPTH = 4

FULLWIDTH = str.maketrans("０１２３４５６７８９", "0123456789")


# --------------------------------------------------------------------------- errors


def reject(message: str, *, field: str = "", kind: type[DataError] = DataError) -> NoReturn:
    """Refuse a value inside a validator with a Chinese message and a relative field path.

    Use it in cross-field validators of kind models; :func:`validate` turns it into
    a :class:`DataError` whose path is the model's path plus ``field``.
    """
    template = "{field}: {message}" if field else "{message}"
    context = {"message": message, "field": field, "kind": kind.__name__}
    raise PydanticCustomError("doctemplates", template, context)


def checked(func: Callable[[Any], Any]) -> Callable[[Any], Any]:
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


def split_text_list(value: Any) -> Any:
    """Accept ``"甲、乙；丙"`` where a list of names is expected."""
    if isinstance(value, str):
        return [part for part in re.split(r"[、，,；;\n]+", value) if part.strip()]
    return value


def strip_trailing(chars: str) -> Callable[[str], str]:
    def strip(text: str) -> str:
        return text.rstrip(chars).rstrip()

    return strip


@checked
def _date(value: Any) -> date:
    return parse_date(value)


@checked
def picture_value(value: str) -> str:
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
NAMES_GIVEN: dict[str, Any] = {
    "anyOf": [
        {"type": "array", "minItems": 1},
        {"type": "string", "pattern": "[^、，,；;\\s]"},
    ]
}
NameList = Annotated[
    list[NonEmptyStr], BeforeValidator(split_text_list), WithJsonSchema(TEXT_LIST_SCHEMA)
]
OrganName = Annotated[str, AfterValidator(strip_trailing("：:、，,；;。")), Field(min_length=1)]
DateValue = Annotated[date, BeforeValidator(_date)]


@checked
def _copy_number(value: Any) -> Any:
    if isinstance(value, bool) or not isinstance(value, int | str):
        return value  # pydantic reports the type error
    text = str(value).strip().translate(FULLWIDTH)
    if not (text.isascii() and text.isdigit()):
        raise DataError(f"份号{show(str(value))}应为数字（最多六位）")
    if len(text) > 6 or not 1 <= int(text) <= 999999:
        raise DataError(f"份号{show(str(value))}超出范围，应为 000001—999999")
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


@checked
def _seal_mode(value: Any) -> Any:
    if not isinstance(value, str):
        return value
    mode = _SEAL_ALIASES.get(value.strip())
    if mode is None:
        raise DataError(
            f"印章方式{show(value)}无法识别，应为加盖印章（seal）、不加盖印章（none）"
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

    >>> from doctemplates.model import Section  # defined after this module
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
        f"{join_path(path, field)}: {message}"
        for field, message in (getattr(model, "_notices", None) or [])
    ]
    for name in type(model).model_fields:
        value = getattr(model, name, None)
        here = join_path(path, name)
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

    >>> from doctemplates.model import Signature  # defined after this module
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
