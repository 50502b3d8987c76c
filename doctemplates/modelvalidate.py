"""Validating data against a model, and its Chinese errors.  校验与中文错误说明。

:func:`validate` turns user data into a model or raises a
:class:`~doctemplates.errors.DataError` naming each field path in Chinese.
Split from :mod:`doctemplates.model` (issue 14); import the names from there.
"""

from __future__ import annotations

import difflib
import re
from typing import Any, TypeVar, get_args

from pydantic import (
    BaseModel,
    ValidationError,
)
from pydantic_core import ErrorDetails

from doctemplates.errors import (
    DataError,
    DateError,
    DocNumberError,
    DocTemplatesError,
    NumberingError,
    Problem,
    error_code,
)

M = TypeVar("M", bound=BaseModel)


_ERROR_KINDS: dict[str, type[DataError]] = {
    cls.__name__: cls for cls in (DataError, DateError, DocNumberError, NumberingError)
}


def show(value: Any, limit: int = 40) -> str:
    """A short Chinese-quoted rendering of a user value."""
    if isinstance(value, str):
        text = value if len(value) <= limit else value[: limit - 1] + "…"
        return f"“{text}”"
    if isinstance(value, dict):
        return "对象"
    if isinstance(value, list | tuple):
        return "列表"
    return repr(value)


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
        path = join_path(path, ctx.get("field", ""))
        return path, ctx["message"].rstrip("。"), _ERROR_KINDS.get(ctx["kind"], DataError)
    return path, _reason(error, model_cls).rstrip("。"), DataError


def _path(loc: tuple[int | str, ...]) -> str:
    """``("body", 0, "heading")`` → ``"body[0].heading"``."""
    path = ""
    for part in loc:
        path = join_path(path, f"[{part}]" if isinstance(part, int) else str(part))
    return path


def join_path(path: str, tail: str) -> str:
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
        return f"取值应为{options}其一，实际为{show(value)}"
    if kind in _LIMIT_REASONS:
        key, template = _LIMIT_REASONS[kind]
        return template.format(ctx.get(key)) + f"，实际为{show(value)}"
    if kind in _REASONS:
        return f"{_REASONS[kind]}，实际为{show(value)}"
    return f"取值{show(value)}无效（{error['msg']}）"


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

    >>> from doctemplates.model import Section  # defined after this module
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
