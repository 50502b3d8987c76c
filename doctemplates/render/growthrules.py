"""Size rules of filters and calls whose result an argument can grow.  过滤器与调用的大小规则。

Each rule takes (value or owner, args, kwargs) and returns an upper bound of the
result's weight (:func:`.weights.weight`); :mod:`.growth` checks it before the
call.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Set
from typing import Any

from doctemplates.render.values import require_text
from doctemplates.render.weights import _TEXT, _limits, printf_size, weight

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
