"""Size of values a template builds, checked before they are built.  值的大小上限。

Every operation of template code passes one of four gates of the environment:
a filter (:func:`bounded_filter`), a call (:func:`check_call` /
:func:`check_result`), an operator (:func:`bounded_binop`), ``~``
(:func:`bounded_concat`) or ``str.format`` (:class:`BoundedFormatter`).  Each
gate predicts the size of the result from the **weight** of the arguments — the
characters and items a value holds, nested values included, so that a list
repeating one long string weighs what joining it would produce — and refuses
before Python allocates it.  Operations whose result can outgrow their inputs
have a rule (:mod:`.growthrules`: width, repeat, replace, join, format, tabs, fill values…);
every other result is weighed after the call.  Iterators are weighed item by
item as they are consumed.

>>> weight(["ab", ["cd", "e"]])  # 5 characters + 4 items + 1 per list
11
>>> printf_size("%*s", (20, "x"))
23
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterable, Iterator
from string import Formatter
from typing import Any

from jinja2.sandbox import SandboxedEscapeFormatter, SandboxedFormatter
from jinja2.utils import _PassArg

from doctemplates.render.growthrules import CALL_RULES, FILTER_RULES, STRINGIFYING, Rule, _arg
from doctemplates.render.limits import current_budget
from doctemplates.render.values import require_text
from doctemplates.render.weights import (
    _COLLECTIONS,
    _TEXT,
    _check_int_bits,
    _limits,
    _text_size,
    check_result,
    check_size,
    printf_size,
    weighed,
    weight,
)

__all__ = [
    "BoundedEscapeFormatter",
    "BoundedFormatter",
    "bounded_binop",
    "bounded_concat",
    "bounded_filter",
    "check_call",
    "check_result",
    "printf_size",
    "weight",
    "weighed",
    "Rule",
    "FILTER_RULES",
    "CALL_RULES",
    "STRINGIFYING",
]

_DIGITS = re.compile(r"\d+")


class _Bounding(Formatter):
    """``str.format`` that checks every field: no object reprs, bounded widths and total."""

    _total = 0

    def convert_field(self, value: Any, conversion: str | None) -> Any:
        if conversion is not None:
            require_text(value, "格式化（format）的参数")
        return super().convert_field(value, conversion)

    def format_field(self, value: Any, format_spec: str) -> Any:
        require_text(value, "格式化（format）的参数")
        limit = _limits().max_value_size
        for number in _DIGITS.findall(format_spec):
            if len(number) > 12 or int(number) > limit:
                check_size(int(number[:13]), "格式宽度或精度")
        result = super().format_field(value, format_spec)
        self._total += len(result)
        check_size(self._total, "格式化（format）的结果")
        return result


class BoundedFormatter(_Bounding, SandboxedFormatter):
    """The sandbox's formatter, bounded.  受限的 str.format。"""


class BoundedEscapeFormatter(_Bounding, SandboxedEscapeFormatter):
    """The sandbox's formatter for ``Markup.format``, bounded."""


# -- operators -----------------------------------------------------------------------------
def bounded_binop(operator_: str, left: Any, right: Any) -> Any:
    """``+ * ** %`` with results bounded before they are computed."""
    if operator_ == "**":
        if isinstance(left, int) and isinstance(right, int) and right > 0:
            _check_int_bits(left.bit_length() * right, "幂运算的结果")
        return check_result(left**right, "幂运算的结果")
    if operator_ == "%":
        if isinstance(left, (str, bytes, bytearray)):
            check_size(printf_size(left, right), "格式化（%）的结果")
        return check_result(left % right, "格式化（%）的结果")
    if operator_ == "*":
        if isinstance(left, int) and isinstance(right, int):
            _check_int_bits(left.bit_length() + right.bit_length(), "乘法的结果")
        else:
            check_size(_repeat_size(left, right), "重复（*）生成的内容")
        return check_result(left * right, "重复（*）生成的内容")
    if operator_ == "+":
        if isinstance(left, (*_TEXT, list, tuple)) and isinstance(right, (*_TEXT, list, tuple)):
            limit = _limits().max_value_size
            check_size(weight(left, limit) + weight(right, limit), "相加（+）生成的内容")
        return check_result(left + right, "相加（+）的结果")
    raise ValueError(f"unexpected operator {operator_}")


def _repeat_size(left: Any, right: Any) -> int:
    limit = _limits().max_value_size
    for seq, times in ((left, right), (right, left)):
        if isinstance(seq, (*_TEXT, list, tuple)) and isinstance(times, int):
            return weight(seq, limit) * max(times, 0)
    return 0


def bounded_concat(join: Callable[[Iterable[Any]], str], items: tuple[Any, ...]) -> str:
    """``a ~ b ~ c``: every operand printable, the result bounded, then joined."""
    size = 0
    for item in items:
        require_text(item, "拼接（~）")
        size += _text_size(item)
    check_size(size, "拼接（~）生成的内容")
    return join(items)


def _owner(obj: Any) -> Any:
    return getattr(getattr(obj, "__wrapped__", obj), "__self__", None)


def check_call(obj: Any, args: tuple[Any, ...], kwargs: dict[str, Any]) -> tuple[Any, ...]:
    """Before a call: refuse a result predicted too large; returns the args to call with.

    Lazy iterators among the arguments of a ruled call are drawn (weighed, so
    bounded) into lists first, so that the rule sees what the call will use.
    """
    name = getattr(obj, "__name__", "")
    rule = CALL_RULES.get(name)
    if rule is None:
        return args
    args = tuple(_drawn(a, f"{name} 的参数") for a in args)
    current_budget().spend(sum(len(a) for a in args if isinstance(a, _COLLECTIONS)))
    check_size(rule(_owner(obj), args, kwargs), f"{name} 生成的内容")
    return args


def _drawn(value: Any, what: str) -> Any:
    if isinstance(value, Iterator):
        return list(weighed(value, what))
    return value


def bounded_filter(name: str, func: Callable[..., Any]) -> Callable[..., Any]:
    """Wrap filter ``name``: printable input where it becomes text, bounded result."""
    skip = 1 if _PassArg.from_obj(func) is not None else 0
    rule = FILTER_RULES.get(name)
    stringifies = name in STRINGIFYING
    what = f"过滤器 {name} 的输入"

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        if len(args) > skip:
            value = args[skip]
            if stringifies:
                require_text(value, what)
            value = _drawn(value, what) if rule is not None else weighed(value, what)
            if isinstance(value, _COLLECTIONS):
                current_budget().spend(len(value))
            rest = args[skip + 1 :]
            if name == "join":
                value, rest, kwargs = _join_attribute(args[0], value, rest, kwargs)
            args = (*args[:skip], value, *rest)
            if rule is not None:
                check_size(rule(value, args[skip + 1 :], kwargs), f"过滤器 {name} 生成的内容")
        return check_result(func(*args, **kwargs), f"过滤器 {name} 生成的内容")

    return wrapper


def _join_attribute(
    eval_ctx: Any, value: Any, args: tuple[Any, ...], kwargs: dict[str, Any]
) -> tuple[Any, tuple[Any, ...], dict[str, Any]]:
    """``|join(d, attribute)``: join the attribute values (so that they are what is checked)."""
    attribute = _arg(args, kwargs, 1, "attribute", None)
    if attribute is None or not isinstance(value, (list, tuple)):
        return value, args, kwargs
    from jinja2.filters import make_attrgetter

    getter = make_attrgetter(eval_ctx.environment, attribute)
    separator = _arg(args, kwargs, 0, "d", "")
    return [getter(item) for item in value], (separator,), {}
