"""Weight of values a template builds: characters and items, checked against the limits.  值的权重。

The primitives of :mod:`.growth`: :func:`weight` counts what a value holds,
:func:`check_size` / :func:`check_result` refuse what is over ``max_value_size``,
:func:`weighed` wraps lazy iterators, :func:`printf_size` bounds ``fmt % args``.

>>> weight(["ab", ["cd", "e"]])  # 5 characters + 4 items + 1 per list
11
>>> printf_size("%*s", (20, "x"))
23
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Collection, Iterable, Iterator, Mapping, Set
from typing import Any, cast

from doctemplates.render.limits import RenderLimits, current_budget, exceeded
from doctemplates.render.values import require_text

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
