"""Resource bounds for template code.  模板运行的资源上限。

Jinja's sandbox stops attribute walks but not a template that builds a huge
value or loops for hours (``'x'|center(10**9)``, nested ``range(100000)``).
Every operation that can grow a value is checked here before (or, for
concatenation, right after) it runs; ``range`` draws on a per-render budget.
Exceeding a bound raises Jinja's :class:`SecurityError`, which the renderer
reports as :class:`~doctemplates.errors.TemplateSecurityError`.
"""

from __future__ import annotations

import contextlib
import functools
import operator
import re
from collections.abc import Callable, Iterator
from contextvars import ContextVar
from typing import Any

from jinja2.compiler import CodeGenerator, Frame
from jinja2.exceptions import SecurityError
from jinja2.nodes import Concat
from jinja2.sandbox import safe_range

__all__ = [
    "MAX_BUILT_LENGTH",
    "MAX_INT_BITS",
    "MAX_ITERATIONS",
    "BoundedCodeGenerator",
    "bounded_binop",
    "bounded_call_args",
    "bounded_concat",
    "bounded_filter",
    "counted_range",
    "iteration_budget",
    "safe_to_fold",
]

MAX_BUILT_LENGTH = 1_000_000  # characters / items a template may build in one value
MAX_INT_BITS = 100_000  # ≈ 30,000 decimal digits
MAX_ITERATIONS = 100_000  # range() iterations in one render (the sandbox's own range cap)

# A printf or str.format width/precision of a million or more.
_WIDE_FORMAT = re.compile(r"%[-+ #0]*\d{7,}|%[-+ #0]*\d*\.\d{7,}|\{[^{}]*:[^{}]*\d{7,}[^{}]*\}")
_budget: ContextVar[list[int] | None] = ContextVar("doctemplates_iteration_budget", default=None)


def _refuse(what: str) -> SecurityError:
    return SecurityError(f"{what}，超过模板运行的资源上限")


def bounded_call_args(obj: Any, args: tuple[Any, ...], kwargs: dict[str, Any]) -> None:
    """Refuse huge numeric arguments, huge format widths and growing ``replace`` calls."""
    owner = _owner(obj)
    values = (*args, *kwargs.values(), *((owner,) if isinstance(owner, str) else ()))
    for value in values:
        if isinstance(value, int) and not isinstance(value, bool) and abs(value) > MAX_BUILT_LENGTH:
            raise _refuse(f"参数 {value:.3g} 过大")
        if isinstance(value, str) and _WIDE_FORMAT.search(value):
            raise _refuse("格式宽度过大")
    if isinstance(owner, str) and getattr(obj, "__name__", "") == "replace" and len(args) >= 2:
        _check_replace(owner, args[0], args[1])


def _owner(obj: Any) -> Any:
    """The object a bound method belongs to (through the sandbox's str.format wrapper)."""
    return getattr(getattr(obj, "__wrapped__", obj), "__self__", None)


def safe_to_fold(obj: Any) -> bool:
    """False for a bound ``str`` method on a huge-width format string.

    Jinja folds constant calls at compile time by calling the object directly,
    bypassing :meth:`~jinja2.sandbox.SandboxedEnvironment.call`; declaring such a
    method unsafe stops the folding (and the call at render time).
    """
    owner = _owner(obj)
    return not (isinstance(owner, str) and _WIDE_FORMAT.search(owner))


def _check_replace(text: Any = None, old: Any = None, new: Any = None) -> None:
    if isinstance(text, str) and isinstance(old, str) and isinstance(new, str) and old:
        grown = len(text) + text.count(old) * (len(new) - len(old))
        if grown > MAX_BUILT_LENGTH:
            raise _refuse("替换后的内容过大")


def bounded_filter(
    func: Callable[..., Any], *, grows_by_replace: bool = False
) -> Callable[..., Any]:
    """Wrap a filter so that its arguments are checked (keeps Jinja's pass_* markers).

    ``grows_by_replace``: the filter is ``replace(s, old, new)``; its result size is checked too.
    """

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        bounded_call_args(None, args, kwargs)
        if grows_by_replace:
            _check_replace(*[a for a in args if isinstance(a, str)][:3])
        return func(*args, **kwargs)

    return wrapper


def bounded_binop(operator_: str, left: Any, right: Any) -> Any:
    """``*``, ``**`` and ``%`` with bounded results."""
    if operator_ == "**":
        if (
            isinstance(left, int)
            and isinstance(right, int)
            and right > 0
            and left.bit_length() * right > MAX_INT_BITS
        ):
            raise _refuse("幂运算结果过大")
        return operator.pow(left, right)
    if operator_ == "%":
        if isinstance(left, str) and _WIDE_FORMAT.search(left):
            raise _refuse("格式宽度过大")
        return operator.mod(left, right)
    if isinstance(left, int) and isinstance(right, int):
        if left.bit_length() + right.bit_length() > MAX_INT_BITS:
            raise _refuse("乘法结果过大")
    elif _repeat_length(left, right) > MAX_BUILT_LENGTH:
        raise _refuse("重复运算生成的内容过大")
    return operator.mul(left, right)


def _repeat_length(left: Any, right: Any) -> int:
    for seq, times in ((left, right), (right, left)):
        if isinstance(seq, (str, list, tuple)) and isinstance(times, int):
            return len(seq) * times
    return 0


def bounded_concat(value: Any) -> Any:
    """The result of ``a ~ b``, refused when it grew past the bound."""
    if len(value) > MAX_BUILT_LENGTH:
        raise _refuse("拼接生成的内容过大")
    return value


class BoundedCodeGenerator(CodeGenerator):
    """Jinja's code generator with ``~`` routed through :func:`bounded_concat`."""

    def visit_Concat(self, node: Concat, frame: Frame) -> None:
        self.write("environment.bounded_concat(")
        super().visit_Concat(node, frame)
        self.write(")")


class _CountedRange:
    """``range`` whose iteration draws on the render's budget."""

    def __init__(self, inner: range) -> None:
        self._inner = inner

    def __iter__(self) -> Iterator[int]:
        budget = _budget.get()
        for value in self._inner:
            if budget is not None:
                budget[0] -= 1
                if budget[0] < 0:
                    raise _refuse(f"循环次数超过 {MAX_ITERATIONS} 次")
            yield value

    def __len__(self) -> int:
        return len(self._inner)

    def __reversed__(self) -> Iterator[int]:
        return iter(_CountedRange(self._inner[::-1]))

    def __contains__(self, value: object) -> bool:
        return value in self._inner

    def __getitem__(self, index: Any) -> Any:
        item = self._inner[index]
        return _CountedRange(item) if isinstance(item, range) else item


def counted_range(*args: int) -> _CountedRange:
    """The sandbox's ``range`` (at most 100,000 items) counted against the budget."""
    bounded_call_args(None, args, {})
    return _CountedRange(safe_range(*args))


@contextlib.contextmanager
def iteration_budget(limit: int = MAX_ITERATIONS) -> Iterator[None]:
    """A fresh ``range`` budget for one render (per thread / context)."""
    token = _budget.set([limit])
    try:
        yield
    finally:
        _budget.reset(token)
