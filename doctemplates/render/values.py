"""What a template may write into a document.  模板可以写入文档的值。

A tag prints text, a number, a date or one of the renderer's own value types
(objects with ``__html__``: Markup, docxtpl's RichText and InlineImage,
:class:`~doctemplates.render.media.Image`, the body blocks of the kinds).
Anything else — ``None``, a function, a method, a macro, ``cycler``, a list, a
dict, ``True`` — would write Python's internal representation into an official
document (``None印发``, ``<function generate_lorem_ipsum at 0x7f…>``), so it is
a located error.  The same rule holds wherever the template turns a value into
text: printing, ``~``, ``%``, ``str.format`` and the string filters.

>>> unprintable("文字") is None, unprintable(3) is None
(True, True)
>>> unprintable(None), unprintable([1])
('空值（None）', '列表')
"""

from __future__ import annotations

import re
import types
from datetime import date, time
from decimal import Decimal
from fractions import Fraction
from typing import Any

from jinja2.runtime import LoopContext, Macro, Undefined
from markupsafe import Markup

from doctemplates.errors import TemplateValueError
from doctemplates.render.limits import active_budget, current_budget

__all__ = ["clean_text", "emit_data", "emit_plain", "emit_word", "require_text", "unprintable"]

_NUMBERS = (int, float, Decimal, Fraction)
_BREAK = '</w:t><w:br/><w:t xml:space="preserve">'
_TAB = '</w:t><w:tab/><w:t xml:space="preserve">'
# Characters XML 1.0 cannot hold (C0 controls except tab/newline/CR, U+FFFE/U+FFFF,
# lone surrogates) — XML 1.0 §2.2; removed from every printed value.
_INVALID_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


def clean_text(value: str) -> str:
    """Normalise newlines and drop characters invalid in XML.  清除 XML 非法字符。

    >>> clean_text("a\\x00b\\r\\nc\\x1fd\\ufffe")
    'ab\\ncd'
    """
    return _INVALID_XML.sub("", value.replace("\r\n", "\n").replace("\r", "\n"))


def unprintable(value: Any) -> str | None:
    """Why ``value`` cannot be written as text (Chinese), or None when it can."""
    if isinstance(value, str):
        return None
    if value is None:
        return "空值（None）"
    if isinstance(value, bool):
        return "布尔值（True/False）"
    if isinstance(value, (*_NUMBERS, date, time, Undefined)):
        return None  # an Undefined raises its own "变量未定义" when turned into text
    if hasattr(type(value), "__html__"):
        return None
    return _describe(value)


def _describe(value: Any) -> str:
    if isinstance(value, Macro):
        return f"宏 {value.name}"
    if isinstance(value, LoopContext):
        return "循环变量 loop"
    if isinstance(value, (list, tuple)):
        return "列表"
    if isinstance(value, dict):
        return "字典"
    if isinstance(value, (set, frozenset)):
        return "集合"
    if isinstance(value, (bytes, bytearray)):
        return "字节串"
    if isinstance(value, types.GeneratorType):
        return "生成器"
    if isinstance(value, type):
        return f"类型 {value.__name__}"
    if callable(value):
        name = getattr(value, "__name__", None) or type(value).__name__
        return f"函数或方法 {name}"
    return f"对象（{type(value).__name__}）"


def none_message(site: str | None) -> str:
    if site:
        return (
            f"变量 {site} 为空（None），不能写入文档；请用 {{% if {site} %}} 判断，"
            f"或写成 {{{{ {site}|default('') }}}}"
        )
    return "标签的值为空（None），不能写入文档；请用 {% if %} 判断，或加 |default('')"


def require_text(value: Any, what: str, site: str | None = None) -> None:
    """Refuse turning ``value`` into document text.  不能写入文档的值：报错。"""
    reason = unprintable(value)
    if reason is None:
        return
    if value is None:
        message = none_message(site) if what == "标签" else f"{what}的值为空（None）"
        if what != "标签":
            message += "；请先用 {% if %} 判断，或加 |default('')"
        raise TemplateValueError(message)
    raise TemplateValueError(
        f"{what}的值是{reason}，不是文字、数字或日期，不能写入文档（会写出 Python 的内部表示）；"
        "请改为输出其中的文字字段"
    )


def _escaped(value: str) -> str:
    """Clean and XML-escape text (markupsafe's replacements, inlined: this is the hot path)."""
    if "\r" in value:
        value = value.replace("\r\n", "\n").replace("\r", "\n")
    if _INVALID_XML.search(value):
        value = _INVALID_XML.sub("", value)
    return _escape_markup(value)


def _escape_markup(value: str) -> str:
    """markupsafe's five replacements; a text without them is returned as it is."""
    if "&" in value or "<" in value or ">" in value or '"' in value or "'" in value:
        return (
            value.replace("&", "&amp;")
            .replace("<", "&lt;")
            .replace(">", "&gt;")
            .replace('"', "&#34;")
            .replace("'", "&#39;")
        )
    return value


def _as_text(value: Any, site: str | None) -> str | Markup:
    cls = type(value)
    if cls is str:
        return _escaped(value)
    if cls is int or cls is float:
        return str(value)
    if isinstance(value, Markup):
        return value
    if isinstance(value, str):
        return _escaped(str(value))
    require_text(value, "标签", site)
    if hasattr(cls, "__html__"):
        return Markup(value.__html__())
    return _escaped(str(value))


# The three emitters run for every printed value and every piece of template text
# (a 10,000-row table: 100,000 calls), so they read the budget once and count inline.


def emit_word(site: str | None, value: Any) -> str:
    """A printed value in WordprocessingML text: checked, escaped, newline → line break."""
    budget = active_budget() or current_budget()
    if type(value) is str and value.isprintable():
        # no control character, newline, tab, CR, surrogate or U+FFFE/U+FFFF: only escape
        text: str = _escape_markup(value)
    else:
        text = _as_text(value, site)
        if type(text) is str:
            if "\n" in text or "\t" in text:
                text = text.replace("\n", _BREAK).replace("\t", _TAB)
                budget.breaks = True
        else:
            budget.raw = True
    budget.output += len(text)
    if budget.output > budget.max_output:
        budget.write(0)  # raises the limit error
    return text


def emit_plain(site: str | None, value: Any) -> str:
    """A printed value in other XML (document properties): checked, escaped, newline → space."""
    text = _as_text(value, site)
    budget = current_budget()
    if type(text) is str:
        text = text.replace("\n", " ")
    else:
        budget.raw = True
    budget.write(len(text))
    return text


def emit_data(text: str) -> str:
    """Template text between tags: counted like any output."""
    budget = active_budget() or current_budget()
    budget.output += len(text)
    if budget.output > budget.max_output:
        budget.write(0)  # raises the limit error
    return text
