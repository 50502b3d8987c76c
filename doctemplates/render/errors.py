"""Where a template went wrong: part, paragraph and tag.  模板错误的定位。

Every error a template causes names the part (正文、页眉2 …), the text of the
paragraph and the tag, whether it is found while compiling (a syntax error, a
nesting limit) or while rendering (an undefined variable, a sandbox refusal, a
resource limit).  ``Template.load``, ``Template.render`` and ``lint`` all locate
through this module, so they describe the same mistake in the same words.

>>> source = "<w:p><w:t>甲</w:t></w:p>\\n<w:p><w:t>{{ x|upper }}</w:t></w:p>"
>>> tag = tag_at(source, 2, "|")
>>> error = located_limit(TemplateLimitError("超过上限"), "word/document.xml", source, 2, tag)
>>> error.paragraph, error.tag
('{{ x|upper }}', '{{ x|upper }}')
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Iterable

import jinja2
from jinja2.exceptions import SecurityError, UndefinedError

from doctemplates.errors import (
    DocTemplatesError,
    TemplateError,
    TemplateLimitError,
    TemplateSecurityError,
    TemplateSyntaxError,
    UndefinedVariableError,
)
from doctemplates.render import tags
from doctemplates.render.findings import closest
from doctemplates.render.limits import current_budget, exceeded

__all__ = [
    "BLOCK_TAGS",
    "RENDER_ERRORS",
    "located",
    "located_limit",
    "render_error",
    "syntax_error",
    "tag_at",
]

#: Jinja tags that open a block (closed by ``end…``; ``set`` only in its block form).
BLOCK_TAGS = frozenset(
    {"for", "if", "macro", "call", "filter", "with", "block", "set", "autoescape"}
)


# -- compile time ------------------------------------------------------------------------------
def located_limit(
    error: TemplateLimitError, name: str, source: str, lineno: int | None, tag: str | None = None
) -> TemplateLimitError:
    """``error`` placed at line ``lineno`` of part ``name``'s prepared source."""
    error.part = name
    error.paragraph = tags.paragraph_text(source, lineno) or None
    error.tag = tag
    return error


def tag_at(source: str, lineno: int, hints: str) -> str | None:
    """The tag on source line ``lineno`` holding one of ``hints`` (else its first tag)."""
    lines = source.splitlines()
    line = lines[lineno - 1] if 0 < lineno <= len(lines) else ""
    found = tags.TAG_RE.findall(line)
    return next((t for t in found if any(h in t for h in hints)), found[0] if found else None)


_SYNTAX_HINTS = (
    (re.compile(r"Unexpected end of template.*?'(end\w+)'"), "标签块没有闭合：缺少 {{% {0} %}}"),
    (
        re.compile(r"Encountered unknown tag '(end\w+)'"),
        "多余的 {{% {0} %}}：前面没有与之配对的开始标签",
    ),
    (re.compile(r"Encountered unknown tag '(\w+)'"), "未知标签 {0}"),
    (re.compile(r"No filter named '(\w+)'"), "未知过滤器 {0}"),
    (re.compile(r"unexpected char '(.)'"), "标签中有非法字符「{0}」（可能是中文引号或全角符号）"),
    (re.compile(r"unexpected '(.+?)'"), "标签中出现了意外的「{0}」"),
)


def _unclosed_block_line(env: jinja2.Environment, source: str) -> int | None:
    """Line of the innermost block tag left open (``{%p for %}`` without endfor)."""
    stack: list[tuple[str, int]] = []
    tokens = [t for t in env.lex(source) if t[1] != "whitespace"]
    for index, (lineno, kind, _value) in enumerate(tokens):
        if kind != "block_begin" or index + 1 >= len(tokens):
            continue
        word = tokens[index + 1][2]
        if word in BLOCK_TAGS and not (word == "set" and _is_inline_set(tokens, index)):
            stack.append((word, lineno))
        elif word.startswith("end") and stack and stack[-1][0] == word[3:]:
            stack.pop()
    return stack[-1][1] if stack else None


def _is_inline_set(tokens: list[tuple[int, str, str]], index: int) -> bool:
    for _, kind, value in tokens[index + 2 :]:
        if kind == "block_end":
            return False
        if kind == "operator" and value == "=":
            return True
    return False


def syntax_error(
    env: jinja2.Environment, exc: jinja2.TemplateSyntaxError, name: str, source: str
) -> TemplateSyntaxError:
    """A Jinja syntax error as a located Chinese TemplateSyntaxError."""
    lineno = exc.lineno
    if (exc.message or "").startswith("Unexpected end of template"):
        with contextlib.suppress(jinja2.TemplateSyntaxError):
            lineno = _unclosed_block_line(env, source) or lineno  # point at the opener
    paragraph = tags.paragraph_text(source, lineno)
    lines = source.splitlines()
    line_source = lines[lineno - 1] if lineno and lineno <= len(lines) else ""
    message, hint = f"模板语法错误（{exc.message}）", None
    for pattern, text in _SYNTAX_HINTS:
        match = pattern.search(exc.message or "")
        if match:
            message, hint = text.format(*match.groups()) + f"（{exc.message}）", match.group(1)
            break
    if hint and lineno != exc.lineno:
        hint = hint.removeprefix("end")  # the unclosed opener: "for", "if"
    found = tags.TAG_RE.findall(line_source)
    tag = next((t for t in found if hint and hint in t), found[0] if found else None)
    if tag and tag not in paragraph:
        paragraph = tag  # a {%p %} paragraph: it is only its tag
    return TemplateSyntaxError(message, part=name, paragraph=paragraph, tag=tag)


# -- render time -------------------------------------------------------------------------------
#: What rendering a template can raise; :func:`render_error` turns each into a located error.
RENDER_ERRORS = (
    DocTemplatesError,
    SecurityError,
    UndefinedError,
    RecursionError,
    MemoryError,
    jinja2.TemplateError,
    TypeError,
    ValueError,
    ArithmeticError,
    LookupError,
    AttributeError,
)


def render_error(
    exc: BaseException, name: str, source: str, known: Iterable[str] = ()
) -> TemplateError:
    """The located Chinese error for ``exc`` raised while rendering part ``name``.

    ``known`` are the context's names: an undefined one gets lint's suggestion.
    """
    if isinstance(exc, TemplateError):
        return located(exc, name, source, type(exc))
    if isinstance(exc, DocTemplatesError):
        return located(exc, name, source, TemplateError)
    if isinstance(exc, SecurityError):
        return located(exc, name, source, TemplateSecurityError)
    if isinstance(exc, UndefinedError):
        return located(_suggested(exc, known), name, source, UndefinedVariableError)
    if isinstance(exc, RecursionError):
        limit = current_budget().limits.max_call_depth
        return located(exceeded("max_call_depth", limit), name, source, TemplateLimitError)
    if isinstance(exc, MemoryError):
        error = TemplateLimitError("模板超过沙箱的资源上限：内存不足")
        return located(error, name, source, TemplateLimitError)
    return located(exc, name, source, TemplateError)


def _suggested(exc: UndefinedError, known: Iterable[str]) -> UndefinedError:
    """``exc`` with lint's 是否应为 …？ when a known name is close to the undefined one."""
    match = re.fullmatch(r"变量 (\S+) 未定义", exc.message or "")
    close = closest(match.group(1), known) if match else None
    if close is None:
        return exc
    return UndefinedError(f"{exc.message}，是否应为 {close}？").with_traceback(exc.__traceback__)


def _template_lineno(exc: BaseException, name: str) -> int | None:
    lineno = None
    tb = exc.__traceback__
    while tb is not None:
        if tb.tb_frame.f_code.co_filename == name:
            lineno = tb.tb_lineno
        tb = tb.tb_next
    return lineno


def _pick_tag(paragraph_source: str, hint: str | None) -> str | None:
    found: list[str] = tags.TAG_RE.findall(paragraph_source)
    if hint:
        for tag in found:
            if hint in tag:
                return tag
    return found[0] if found else None


def located(exc: BaseException, name: str, source: str, cls: type[TemplateError]) -> TemplateError:
    """An exception raised while rendering part ``name`` as a located ``cls``.

    The line comes from the traceback frame of the compiled template (Jinja
    compiles with the part name as the file name), the tag from the variable the
    message names.
    """
    lineno = _template_lineno(exc, name)
    paragraph = tags.paragraph_text(source, lineno)
    hint = getattr(exc, "message", None) or str(exc)
    name_hint = re.search(r"(?:变量|字段) (\S+?)(?:（| 未定义| 为空|$)", hint)
    error = cls(
        _runtime_message(exc, cls),
        part=name,
        paragraph=paragraph or None,
        tag=_pick_tag(paragraph, name_hint.group(1) if name_hint else None),
    )
    if isinstance(exc, TemplateLimitError) and isinstance(error, TemplateLimitError):
        error.limit = exc.limit
    return error


def _runtime_message(exc: BaseException, cls: type[TemplateError]) -> str:
    if isinstance(exc, TemplateError):
        return exc.message
    if isinstance(exc, DocTemplatesError):
        return str(exc)
    if cls is TemplateSecurityError:
        return f"模板试图执行被沙箱禁止的操作（{exc}）"
    if cls is UndefinedVariableError:
        return (
            str(exc)
            if "是否应为" in str(exc)
            else f"{exc}；请检查变量名是否拼错，或数据中是否缺少该字段"
        )
    return f"渲染出错：{exc}（{type(exc).__name__}）"
