"""The Jinja environment every template renders in.  模板运行环境（沙箱）。

Policy lives in a subclass, as in Jinja's own ``SandboxedEnvironment``: the
sandbox is always on, autoescape is always on, undefined variables fail, and
every printed value is cleaned of characters XML cannot hold.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from jinja2 import StrictUndefined
from jinja2.exceptions import SecurityError, UndefinedError
from jinja2.sandbox import ImmutableSandboxedEnvironment
from jinja2.utils import missing
from markupsafe import Markup, escape

from doctemplates.render import limits

__all__ = ["FILTERS", "WordEnvironment", "clean_text"]

# Characters XML 1.0 cannot hold (C0 controls except tab/newline/CR, U+FFFE/U+FFFF,
# lone surrogates).  They are removed from every value.  XML 1.0 §2.2.
_INVALID_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
_BREAK = '</w:t><w:br/><w:t xml:space="preserve">'
_TAB = '</w:t><w:tab/><w:t xml:space="preserve">'


def clean_text(value: str) -> str:
    """Normalise newlines and drop characters invalid in XML.  清除 XML 非法字符。

    >>> clean_text("a\\x00b\\r\\nc\\x1fd\\ufffe")
    'ab\\ncd'
    """
    return _INVALID_XML.sub("", value.replace("\r\n", "\n").replace("\r", "\n"))


def _finalize_word(value: Any) -> Any:
    """Printed value in WordprocessingML text: escaped, newline → line break."""
    if hasattr(value, "__html__"):
        return value  # RichText, InlineImage, Markup: already XML
    text = str(escape(clean_text(str(value))))
    return Markup(text.replace("\n", _BREAK).replace("\t", _TAB))


def _finalize_plain(value: Any) -> Any:
    """Printed value in other XML (core properties): escaped, newline → space."""
    if hasattr(value, "__html__"):
        return value
    return Markup(escape(" ".join(clean_text(str(value)).split("\n"))))


class _Undefined(StrictUndefined):
    """StrictUndefined whose message names the variable in Chinese."""

    __slots__ = ()

    def _fail_with_undefined_error(self, *args: Any, **kwargs: Any) -> Any:
        if self._undefined_exception is SecurityError:
            raise SecurityError(self._undefined_hint or "禁止访问")
        name = self._undefined_name
        if self._undefined_obj is not missing and name is not None:
            owner = type(self._undefined_obj).__name__
            raise UndefinedError(f"变量没有字段 {name}（{owner}）")
        raise UndefinedError(f"变量 {name} 未定义" if name else "变量未定义")

    __str__ = __iter__ = __len__ = __eq__ = __ne__ = __bool__ = __hash__ = (
        _fail_with_undefined_error  # type: ignore[assignment]
    )
    __getattr__ = _fail_with_undefined_error  # type: ignore[assignment]


def _filter_cn_number(value: int) -> str:
    from doctemplates.numbering import cn_number

    return cn_number(int(value))


def _filter_cn_year(value: int) -> str:
    from doctemplates.numbering import cn_year

    return cn_year(int(value))


def _filter_date(value: Any, style: str = "arabic") -> str:
    from doctemplates.dates import format_date

    return format_date(value, style=style)


def _filter_cn_date(value: Any) -> str:
    return _filter_date(value, "chinese")


def _filter_label(value: int, level: int) -> str:
    from doctemplates.numbering import label

    return label(level, int(value))


def _filter_doc_number(value: Any) -> str:
    from doctemplates.model import DocNumber

    return str(value if isinstance(value, DocNumber) else DocNumber.parse(str(value)))


FILTERS: dict[str, Callable[..., Any]] = {
    "cn_number": _filter_cn_number,
    "cn_year": _filter_cn_year,
    "cn_date": _filter_cn_date,
    "date": _filter_date,
    "label": _filter_label,
    "doc_number": _filter_doc_number,
}


class WordEnvironment(ImmutableSandboxedEnvironment):
    """Sandboxed, autoescaping, strict, resource-bounded environment.  沙箱环境：始终开启。

    Immutable: a template cannot change the caller's lists and dicts.  Resource
    bounds (value sizes, ``range`` iterations) live in :mod:`.limits`.
    ``plain=True`` builds the variant for non-WordprocessingML parts (core
    properties), where a newline becomes a space instead of a ``<w:br/>``.
    """

    intercepted_binops = frozenset(["*", "**", "%"])
    code_generator_class = limits.BoundedCodeGenerator

    def __init__(self, *, plain: bool = False) -> None:
        super().__init__(
            autoescape=True,
            undefined=_Undefined,
            finalize=_finalize_plain if plain else _finalize_word,
            keep_trailing_newline=True,
            auto_reload=False,
            cache_size=0,
        )
        self.filters.update(FILTERS)
        self.filters = {
            name: limits.bounded_filter(f, grows_by_replace=name == "replace")
            for name, f in self.filters.items()
        }
        self.globals["range"] = limits.counted_range
        self.bounded_concat = limits.bounded_concat

    def call_binop(self, context: Any, operator_: str, left: Any, right: Any) -> Any:
        return limits.bounded_binop(operator_, left, right)

    def is_safe_callable(self, obj: Any) -> bool:
        return super().is_safe_callable(obj) and limits.safe_to_fold(obj)

    def call(__self, __context: Any, __obj: Any, *args: Any, **kwargs: Any) -> Any:  # noqa: N805
        limits.bounded_call_args(__obj, args, kwargs)
        return super().call(__context, __obj, *args, **kwargs)
