"""The Jinja environment every template renders in.  模板运行环境（沙箱）。

Policy lives in a subclass, as in Jinja's own ``SandboxedEnvironment``: the
sandbox is always on, autoescape is always on, undefined variables fail, every
printed value is checked to be text (:mod:`.values`) and cleaned of characters
XML cannot hold, and every operation draws on the render's resource budget
(:mod:`.limits`, :mod:`.growth`, :mod:`.codegen`).

Filters come from one registry, :data:`FILTERS`: the generic ones are written
here; the 公文 ones (``cn_number``, ``cn_date``, ``label``, ``doc_number`` …)
live above ``render``, in :mod:`doctemplates.filters`, and reach the registry
through the ``doctemplates.filters`` entry points, so this package imports
nothing of numbering, dates or the document model.
"""

from __future__ import annotations

import functools
import warnings
from collections.abc import Callable, Mapping
from functools import update_wrapper
from importlib import metadata
from typing import Any

from jinja2 import StrictUndefined
from jinja2.exceptions import SecurityError, UndefinedError
from jinja2.runtime import BlockReference, LoopContext, Macro, Undefined
from jinja2.sandbox import ImmutableSandboxedEnvironment
from jinja2.utils import missing
from markupsafe import Markup

from doctemplates.render import codegen, growth
from doctemplates.render.findings import closest
from doctemplates.render.limits import current_budget, exceeded
from doctemplates.render.values import clean_text, emit_data, emit_plain, emit_word

__all__ = ["FILTERS", "WordEnvironment", "clean_text", "environment_for"]


class _Undefined(StrictUndefined):
    """StrictUndefined whose message names the variable in Chinese."""

    __slots__ = ()

    def _fail_with_undefined_error(self, *args: Any, **kwargs: Any) -> Any:
        if self._undefined_exception is SecurityError:
            raise SecurityError(self._undefined_hint or "禁止访问")
        name = self._undefined_name
        if self._undefined_obj is not missing and name is not None:
            owner = type(self._undefined_obj).__name__
            keys = self._undefined_obj if isinstance(self._undefined_obj, Mapping) else ()
            close = closest(str(name), (k for k in keys if isinstance(k, str)))
            hint = f"，是否应为 {close}？" if close else ""
            raise UndefinedError(f"变量没有字段 {name}（{owner}）{hint}")
        raise UndefinedError(f"变量 {name} 未定义" if name else "变量未定义")

    __str__ = __iter__ = __len__ = __eq__ = __ne__ = __bool__ = __hash__ = (
        _fail_with_undefined_error
    )
    __getattr__ = _fail_with_undefined_error


def _filter_default(value: Any, default_value: Any = "", boolean: bool = False) -> Any:
    """Jinja's ``default``, which also replaces None: ``{{ record.printer|default('') }}``."""
    if value is None or isinstance(value, Undefined) or (boolean and not value):
        return default_value
    return value


#: Entry-point group of the filters other packages add (doctemplates adds its 公文 filters).
FILTER_GROUP = "doctemplates.filters"
#: The filters of every template, by name: the generic ones written here, and those of the
#: ``doctemplates.filters`` entry points, added when the environments are first built.
FILTERS: dict[str, Callable[..., Any]] = {"default": _filter_default, "d": _filter_default}
_UNWEIGHED_CALLS = (Macro, LoopContext, BlockReference)  # their output is counted as output
_DICT_ATTRIBUTES = frozenset(dir(dict))


def _range(*args: int) -> range:
    """``range`` whose length is bounded like any list the template builds."""
    result = range(*args)
    limit = current_budget().limits.max_value_size
    if len(result) > limit:
        raise exceeded("max_value_size", limit, what="range")
    return result


_range.__name__ = "range"


class WordEnvironment(ImmutableSandboxedEnvironment):
    """Sandboxed, autoescaping, strict, resource-bounded environment.  沙箱环境：始终开启。

    Immutable: a template cannot change the caller's lists and dicts.
    ``plain=True`` builds the variant for non-WordprocessingML parts (document
    properties), where a newline becomes a space instead of a ``<w:br/>``.
    """

    intercepted_binops = frozenset(["*", "**", "%", "+"])
    code_generator_class = codegen.BoundedCodeGenerator

    def __init__(self, *, plain: bool = False) -> None:
        super().__init__(
            autoescape=True,
            undefined=_Undefined,
            keep_trailing_newline=True,
            auto_reload=False,
            cache_size=0,
            optimized=False,  # no constant folding: compiling never runs template code
        )
        self.filters.update(FILTERS)
        self.filters = {name: growth.bounded_filter(name, f) for name, f in self.filters.items()}
        self.globals["range"] = _range
        self.emit = emit_plain if plain else emit_word
        self.emit_data = emit_data
        self.counted = codegen.counted
        self.bounded_concat = growth.bounded_concat

    def getattr(self, obj: Any, attribute: str) -> Any:
        """``a.b``: on a plain dict without a method of that name, the item at once.

        The same result as Jinja's lookup (attribute first, then item), without
        raising and catching an AttributeError for every field of model data.
        """
        if type(obj) is dict and attribute not in _DICT_ATTRIBUTES and attribute in obj:
            return obj[attribute]
        return super().getattr(obj, attribute)

    def call_binop(self, context: Any, operator_: str, left: Any, right: Any) -> Any:
        return growth.bounded_binop(operator_, left, right)

    def wrap_str_format(self, value: Any) -> Callable[..., str] | None:
        """``str.format``/``format_map`` through the bounded formatter (Jinja's, plus limits)."""
        if getattr(value, "__name__", None) not in ("format", "format_map"):
            return None
        owner = getattr(value, "__self__", None)
        if not isinstance(owner, str) or not callable(value):
            return None
        str_type: type[str] = type(owner)
        is_format_map = value.__name__ == "format_map"
        formatter: growth.BoundedFormatter | growth.BoundedEscapeFormatter
        if isinstance(owner, Markup):
            formatter = growth.BoundedEscapeFormatter(self, escape=owner.escape)
        else:
            formatter = growth.BoundedFormatter(self)

        def wrapper(*args: Any, **kwargs: Any) -> str:
            if is_format_map:
                if kwargs or len(args) != 1:
                    raise TypeError("format_map() takes exactly one argument")
                kwargs, args = args[0], ()
            return str_type(formatter.vformat(owner, args, kwargs))

        return update_wrapper(wrapper, value)

    def call(__self, __context: Any, __obj: Any, *args: Any, **kwargs: Any) -> Any:  # noqa: N805
        """Every call of template code: one budget step, one level deeper, bounded result."""
        budget = current_budget()
        budget.tick()
        if isinstance(__obj, LoopContext) and args:
            args = (codegen.counted(args[0]), *args[1:])
        args = growth.check_call(__obj, args, kwargs)
        budget.depth += 1
        try:
            if budget.depth > budget.limits.max_call_depth:
                raise exceeded("max_call_depth", budget.limits.max_call_depth)
            result = super().call(__context, __obj, *args, **kwargs)
        finally:
            budget.depth -= 1
        if isinstance(__obj, _UNWEIGHED_CALLS):
            return result
        return growth.check_result(result, f"调用 {getattr(__obj, '__name__', '')} 的结果")


def _installed_filters() -> dict[str, Callable[..., Any]]:
    """The filters named by the ``doctemplates.filters`` entry points of installed packages."""
    found: dict[str, Callable[..., Any]] = {}
    for entry in sorted(metadata.entry_points(group=FILTER_GROUP), key=lambda e: e.name):
        try:
            function = entry.load()
        except Exception as exc:  # a broken plug-in must not hide the other filters
            warnings.warn(f"模板过滤器 {entry.name} 无法加载（{entry.value}）：{exc}", stacklevel=2)
            continue
        if callable(function):
            found[entry.name] = function
    return found


@functools.cache
def _environments() -> tuple[WordEnvironment, WordEnvironment]:
    for name, function in _installed_filters().items():
        FILTERS.setdefault(name, function)  # the generic filters keep their meaning
    return WordEnvironment(), WordEnvironment(plain=True)


def environment_for(role: str) -> WordEnvironment:
    """The environment of a templatable part's role (properties: newline → space)."""
    word, plain = _environments()
    return plain if role == "properties" else word
