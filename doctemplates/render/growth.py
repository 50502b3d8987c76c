"""Size of values a template builds, checked before they are built.  值的大小上限。

Every operation of template code passes one of four gates of the environment:
a filter (:func:`bounded_filter`), a call (:func:`check_call` /
:func:`check_result`), an operator (:func:`bounded_binop`), ``~``
(:func:`bounded_concat`) or ``str.format`` (:class:`BoundedFormatter`).  Each
gate predicts the size of the result from the **weight** of the arguments — the
characters and items a value holds, nested values included, so that a list
repeating one long string weighs what joining it would produce — and refuses
before Python allocates it.  Operations whose result can outgrow their inputs
have a rule here (width, repeat, replace, join, format, tabs, fill values…);
every other result is weighed after the call.  Iterators are weighed item by
item as they are consumed.

>>> weight(["ab", ["cd", "e"]])  # 5 characters + 4 items + 1 per list
11
>>> printf_size("%*s", (20, "x"))
23
"""

from __future__ import annotations

import functools
import itertools
import re
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping, Set
from string import Formatter
from typing import Any, cast

from jinja2.sandbox import SandboxedEscapeFormatter, SandboxedFormatter
from jinja2.utils import _PassArg

from doctemplates.render.limits import RenderLimits, current_budget, exceeded
from doctemplates.render.values import require_text

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
]

_TEXT = (str, bytes, bytearray)
_COLLECTIONS = (list, tuple, dict, set, frozenset, range)
_VIEWS: tuple[type[Collection[Any]], ...] = (type({}.keys()), type({}.values()), type({}.items()))


def weight(value: Any, cap: int | None = None) -> int:
    """Characters and items ``value`` holds, nested values counted each time they occur.

    Stops early once past ``cap``.  Written by hand: ``sys.getsizeof`` counts a
    repeated reference once, but joining or printing it copies it every time.
    """
    total, stack = 0, [value]
    while stack:
        item: Any = stack.pop()
        if isinstance(item, _TEXT):
            total += len(item)
        elif isinstance(item, (list, tuple, Set, *_VIEWS)):
            collection = cast("Collection[Any]", item)
            total += len(collection) + 1
            stack.extend(collection)
        elif isinstance(item, Mapping):
            total += len(item) + 1
            stack.extend(itertools.chain.from_iterable(item.items()))
        elif isinstance(item, int) and not isinstance(item, bool):
            total += item.bit_length() // 3 + 1
        else:
            total += 1
        if cap is not None and total > cap:
            return total
    return total


def _limits() -> RenderLimits:
    return current_budget().limits


def check_size(size: int, what: str) -> None:
    limit = _limits().max_value_size
    if size > limit:
        raise exceeded("max_value_size", limit, what=what)


def check_result(value: Any, what: str = "生成的值") -> Any:
    """Weigh a result after the fact (operations that cannot grow much)."""
    if isinstance(value, _TEXT):
        check_size(len(value), what)
    elif isinstance(value, (list, tuple, Set, Mapping)):
        limit = _limits().max_value_size
        check_size(weight(value, limit), what)
    elif isinstance(value, int) and not isinstance(value, bool):
        _check_int_bits(value.bit_length(), what)
    return value


def _check_int_bits(bits: int, what: str) -> None:
    limit = _limits().max_int_bits
    if bits > limit:
        raise exceeded("max_int_bits", limit, what=what)


class _WeighedIterator(Iterator[Any]):
    """An iterator whose items are weighed as they are drawn."""

    def __init__(self, inner: Iterable[Any], what: str) -> None:
        self._inner = iter(inner)
        self._what = what
        self._total = 0
        self._budget = current_budget()
        self._limit = self._budget.limits.max_value_size

    def __iter__(self) -> Iterator[Any]:
        return self

    def __next__(self) -> Any:
        item = next(self._inner)
        self._budget.tick()
        self._total += weight(item, self._limit) + 1
        if self._total > self._limit:
            raise exceeded("max_value_size", self._limit, what=self._what)
        return item


def weighed(value: Any, what: str) -> Any:
    """``value`` itself, or a weighed iterator when it is a lazy iterator."""
    if isinstance(value, Iterator) and not isinstance(value, _WeighedIterator):
        return _WeighedIterator(value, what)
    return value


# -- printf and str.format ----------------------------------------------------------------
_PRINTF = re.compile(
    r"%(?:\((?P<key>[^)]*)\))?[-#0 +]*(?P<width>\*|\d+)?(?:\.(?P<prec>\*|\d*))?[hlL]?(?P<type>.?)",
    re.DOTALL,
)


def _text_size(value: Any, conversion: str = "s") -> int:
    if isinstance(value, _TEXT):
        return len(value) * (4 if conversion in "ra" else 1) + 2
    if isinstance(value, int) and not isinstance(value, bool):
        return value.bit_length() // 3 + 2
    if isinstance(value, float):
        return 32
    return weight(value, _limits().max_value_size) * (4 if conversion in "ra" else 1) + 16


def printf_size(fmt: str | bytes | bytearray, args: Any) -> int:
    """Upper bound of ``fmt % args`` (widths and precisions given by ``*`` included)."""
    positional = list(args) if isinstance(args, tuple) else [args]
    mapping = args if isinstance(args, Mapping) else None
    size, index = len(fmt), 0
    text = fmt.decode("latin-1") if isinstance(fmt, (bytes, bytearray)) else fmt

    def take() -> Any:
        nonlocal index
        index += 1
        return positional[index - 1] if index <= len(positional) else 0

    for match in _PRINTF.finditer(text):
        if match["type"] == "%":
            continue
        width = take() if match["width"] == "*" else int(match["width"] or 0)
        precision = take() if match["prec"] == "*" else int(match["prec"] or 0)
        value = (
            mapping.get(match["key"])
            if mapping is not None and match["key"] is not None
            else take()
        )
        if not isinstance(width, int) or not isinstance(precision, int):
            continue  # Python raises TypeError itself
        width, precision = abs(width), abs(precision)
        if match["type"] in "sra":
            require_text(value, "格式化（%）的参数")
        size += max(width, _text_size(value, match["type"])) + precision
    return size


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


# -- calls and filters ---------------------------------------------------------------------
Rule = Callable[[Any, tuple[Any, ...], dict[str, Any]], int]


def _arg(args: tuple[Any, ...], kwargs: dict[str, Any], index: int, name: str, default: Any) -> Any:
    if len(args) > index:
        return args[index]
    return kwargs.get(name, default)


def _size_of(value: Any) -> int:
    return weight(value, _limits().max_value_size)


def _number(value: Any) -> int:
    return abs(value) if isinstance(value, int) and not isinstance(value, bool) else 0


def _width(value: Any, args: tuple[Any, ...], kwargs: dict[str, Any]) -> int:
    return _size_of(value) + _number(_arg(args, kwargs, 0, "width", 0))


def _tabs(value: Any, args: tuple[Any, ...], kwargs: dict[str, Any]) -> int:
    size = _number(_arg(args, kwargs, 0, "tabsize", 8))
    if isinstance(value, str):
        return value.count("\t") * size + len(value)
    if isinstance(value, (bytes, bytearray)):
        return value.count(b"\t") * size + len(value)
    return 0


def _replace(value: Any, args: tuple[Any, ...], kwargs: dict[str, Any]) -> int:
    old, new = _arg(args, kwargs, 0, "old", ""), _arg(args, kwargs, 1, "new", "")
    if not (isinstance(value, _TEXT) and isinstance(old, _TEXT) and isinstance(new, _TEXT)):
        return 0
    count = _arg(args, kwargs, 2, "count", -1)
    if type(old) is not type(value) and not (isinstance(old, str) and isinstance(value, str)):
        return 0
    hits = len(value) + 1 if not old else value.count(old)  # type: ignore[arg-type]
    if isinstance(count, int) and count >= 0:
        hits = min(hits, count)
    return len(value) + hits * max(len(new) - len(old), 0)


def _join_items(items: Any, separator: Any) -> int:
    if isinstance(items, (list, tuple, Set)):
        for item in items:
            require_text(item, "连接（join）的项")
        return _size_of(items) + len(items) * _size_of(separator)
    return 0


def _join_method(owner: Any, args: tuple[Any, ...], kwargs: dict[str, Any]) -> int:
    return _join_items(_arg(args, kwargs, 0, "iterable", ()), owner)


def _join_filter(value: Any, args: tuple[Any, ...], kwargs: dict[str, Any]) -> int:
    return _join_items(value, _arg(args, kwargs, 0, "d", ""))


def _translate(value: Any, args: tuple[Any, ...], kwargs: dict[str, Any]) -> int:
    table = _arg(args, kwargs, 0, "table", None)
    if isinstance(table, Mapping) and isinstance(value, _TEXT):
        longest = max((_size_of(v) for v in table.values()), default=1)
        return len(value) * max(longest, 1)
    return _size_of(value)


def _indent(value: Any, args: tuple[Any, ...], kwargs: dict[str, Any]) -> int:
    width = _arg(args, kwargs, 0, "width", 4)
    per_line = len(width) if isinstance(width, str) else _number(width)
    lines = value.count("\n") + 1 if isinstance(value, str) else 1
    return _size_of(value) + lines * per_line


def _wordwrap(value: Any, args: tuple[Any, ...], kwargs: dict[str, Any]) -> int:
    wrap = _arg(args, kwargs, 2, "wrapstring", None)
    return _size_of(value) * (1 + (len(wrap) if isinstance(wrap, str) else 2))


def _fill(count_name: str) -> Rule:
    def rule(value: Any, args: tuple[Any, ...], kwargs: dict[str, Any]) -> int:
        count = _number(_arg(args, kwargs, 0, count_name, 1))
        fill = _arg(args, kwargs, 1, "fill_with", None)
        return _size_of(value) + count * (_size_of(fill) + 1)

    return rule


def _truncate(value: Any, args: tuple[Any, ...], kwargs: dict[str, Any]) -> int:
    return min(_size_of(value), _number(_arg(args, kwargs, 0, "length", 255))) + _size_of(
        _arg(args, kwargs, 2, "end", "...")
    )


def _format_filter(value: Any, args: tuple[Any, ...], kwargs: dict[str, Any]) -> int:
    return printf_size(value, kwargs or args) if isinstance(value, str) else 0


def _urlize(value: Any, args: tuple[Any, ...], kwargs: dict[str, Any]) -> int:
    extra = sum(_size_of(v) for v in (*args, *kwargs.values()) if isinstance(v, str))
    return (_size_of(value) + 1) * (64 + extra)


def _tojson(value: Any, args: tuple[Any, ...], kwargs: dict[str, Any]) -> int:
    indent = _number(_arg(args, kwargs, 0, "indent", 0))
    size = _size_of(value)
    return size * (12 + indent) + 16


def _sum(value: Any, args: tuple[Any, ...], kwargs: dict[str, Any]) -> int:
    return _size_of(value) + _size_of(_arg(args, kwargs, 1, "start", 0))


def _lipsum(_owner: Any, args: tuple[Any, ...], kwargs: dict[str, Any]) -> int:
    paragraphs = _number(_arg(args, kwargs, 0, "n", 5))
    words = _number(_arg(args, kwargs, 3, "max", 100))
    return paragraphs * (words * 14 + 16)  # the longest lorem word has 12 letters


def _fromkeys(_owner: Any, args: tuple[Any, ...], kwargs: dict[str, Any]) -> int:
    keys, value = _arg(args, kwargs, 0, "iterable", ()), _arg(args, kwargs, 1, "value", None)
    count = len(keys) if isinstance(keys, (*_TEXT, list, tuple, Set, Mapping)) else 0
    return _size_of(keys) + count * (_size_of(value) + 1)


def _strftime(_owner: Any, args: tuple[Any, ...], kwargs: dict[str, Any]) -> int:
    return _size_of(_arg(args, kwargs, 0, "format", "")) * 16 + 32


def _to_bytes(_owner: Any, args: tuple[Any, ...], kwargs: dict[str, Any]) -> int:
    return _number(_arg(args, kwargs, 0, "length", 1))


def _hex(owner: Any, args: tuple[Any, ...], kwargs: dict[str, Any]) -> int:
    return _size_of(owner) * (3 + _size_of(_arg(args, kwargs, 0, "sep", "")))


#: Size rules of the builtin filters, by name (value, args after it, kwargs → bound):
#: every filter whose result can outgrow its input by an amount an *argument* sets.
#: Filters that grow by a bounded factor (``|e`` ×6, ``|upper`` ×3, ``|string``…) or
#: not at all are weighed after the call (None).  Every filter of the environment
#: appears here (tested), so a new Jinja filter cannot slip in unconsidered.
FILTER_RULES: dict[str, Rule | None] = {
    "center": _width,
    "indent": _indent,
    "wordwrap": _wordwrap,
    "truncate": _truncate,
    "replace": _replace,
    "join": _join_filter,
    "format": _format_filter,
    "batch": _fill("linecount"),
    "slice": _fill("slices"),
    "urlize": _urlize,
    "tojson": _tojson,
    "sum": _sum,
    **dict.fromkeys(
        [
            *("abs", "attr", "capitalize", "count", "d", "default", "dictsort", "e", "escape"),
            *("filesizeformat", "first", "float", "forceescape", "groupby", "int", "items"),
            *("last", "length", "list", "lower", "map", "max", "min", "pprint", "random"),
            *("reject", "rejectattr", "reverse", "round", "safe", "select", "selectattr"),
            *("sort", "string", "striptags", "title", "trim", "unique", "upper", "urlencode"),
            *("wordcount", "xmlattr", "cn_number", "cn_year", "cn_date", "date", "label"),
            "doc_number",
        ]
    ),
}

#: Filters that turn their input into text: the input must be printable.
STRINGIFYING = frozenset(
    [
        "capitalize",
        "center",
        "e",
        "escape",
        "forceescape",
        "format",
        "indent",
        "lower",
        "pprint",
        "replace",
        "safe",
        "string",
        "striptags",
        "title",
        "trim",
        "truncate",
        "upper",
        "urlize",
        "wordcount",
        "wordwrap",
        "doc_number",
    ]
)

#: Size rules of methods and globals whose result an argument can grow without bound,
#: by name (owner, args, kwargs → bound); other calls are weighed afterwards.
CALL_RULES: dict[str, Rule] = {
    "center": _width,
    "ljust": _width,
    "rjust": _width,
    "zfill": _width,
    "expandtabs": _tabs,
    "replace": _replace,
    "join": _join_method,
    "translate": _translate,
    "hex": _hex,
    "generate_lorem_ipsum": _lipsum,
    "fromkeys": _fromkeys,
    "strftime": _strftime,
    "to_bytes": _to_bytes,
}


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
