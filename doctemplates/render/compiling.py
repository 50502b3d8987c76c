"""Parse and compile a part's Jinja source within bounds.  受限的解析与编译。

Shared by ``Template.load`` and ``lint``, so both report the same syntax
errors and the same nesting limits.  Jinja's parser and code generator recurse,
and Python's compiler refuses deep nesting (``too many statically nested
blocks`` after 20 loops, ``too many nested parentheses`` after 200); a template
from a stranger must get a located Chinese error instead of a
``RecursionError`` or ``SyntaxError`` traceback.  So:

1. the token stream (Jinja's lexer is not recursive) is scanned for block
   nesting (``max_nesting``) and bracket nesting (``max_expression_depth``);
2. the parse tree is measured without recursion before code is generated;
3. a ``RecursionError`` or Python ``SyntaxError`` that still escapes (a chain
   of ``not``, say) becomes the same located limit error.
"""

from __future__ import annotations

import contextlib
import re
from dataclasses import dataclass

import jinja2
from jinja2 import nodes
from jinja2.lexer import Token, TokenStream
from jinja2.parser import Parser

from doctemplates.errors import TemplateLimitError, TemplateSyntaxError
from doctemplates.render import tags
from doctemplates.render.limits import RenderLimits, exceeded

__all__ = ["Compiled", "compile_source", "syntax_error"]

_BLOCKS = {"for", "if", "macro", "call", "filter", "with", "block", "set", "autoescape"}
_BLOCK_NODES = (
    nodes.For,
    nodes.If,
    nodes.Macro,
    nodes.CallBlock,
    nodes.FilterBlock,
    nodes.With,
    nodes.AssignBlock,
    nodes.Block,
    nodes.ScopedEvalContextModifier,
)
_OPEN = frozenset({"lparen", "lbracket", "lbrace"})
_CLOSE = frozenset({"rparen", "rbracket", "rbrace"})
_UNARY = frozenset({"sub", "add"})


@dataclass(frozen=True)
class Compiled:
    tree: nodes.Template
    template: jinja2.Template


def compile_source(
    env: jinja2.Environment, name: str, source: str, limits: RenderLimits
) -> Compiled:
    """Parse and compile ``source`` (prepared Jinja source of part ``name``)."""
    try:
        # Lexed once: the scan and the parser share the tokens (Jinja's lexer is the
        # environment's, so the scan sees exactly what the parser will).
        tokens = list(env._tokenize(source, name, name))
        _scan_tokens(tokens, name, source, limits)
        parser = Parser(env, "", name, name)
        parser.stream = TokenStream(iter(tokens), name, name)
        tree = parser.parse()
        _measure_tree(tree, name, source, limits)
        code = env.compile(tree, name=name, filename=name)
    except jinja2.TemplateSyntaxError as exc:
        raise syntax_error(env, exc, name, source) from exc
    except (RecursionError, SyntaxError, MemoryError) as exc:
        # Python's own limits, reached by a shape the scans above do not measure
        raise _located(
            exceeded("max_expression_depth", limits.max_expression_depth), name, source, None
        ) from exc
    template = env.template_class.from_code(env, code, env.make_globals(None), None)
    return Compiled(tree, template)


def _located(
    error: TemplateLimitError, name: str, source: str, lineno: int | None, tag: str | None = None
) -> TemplateLimitError:
    error.part = name
    error.paragraph = tags.paragraph_text(source, lineno) or None
    error.tag = tag
    return error


def _scan_tokens(tokens: list[Token], name: str, source: str, limits: RenderLimits) -> None:
    """Block nesting, bracket nesting and chains the parser recurses on (``not not …``,
    ``- - …``, ``a if b else c if …``), from the token stream."""
    blocks: list[str] = []
    brackets, opened_at, inline_set, previous = 0, 0, False, ""
    unary = conditionals = 0
    for token in tokens:
        lineno, kind, value = token.lineno, token.type, token.value
        unary = unary + 1 if kind in _UNARY or (kind == "name" and value == "not") else 0
        if kind == "name" and value == "if" and previous != "block_begin":
            conditionals += 1
        if max(unary, conditionals) > limits.max_expression_depth:
            error = exceeded("max_expression_depth", limits.max_expression_depth)
            raise _located(error, name, source, lineno, _tag_at(source, lineno, "{"))
        if kind == "name" and previous == "block_begin":
            if value in _BLOCKS:
                blocks.append(value)
                opened_at, inline_set = lineno, value == "set"
            elif value.startswith("end") and blocks and blocks[-1] == value[3:]:
                blocks.pop()
        elif kind == "assign" and inline_set and brackets == 0:
            blocks.pop()  # {% set x = … %} is a statement, not a block
            inline_set = False
        elif kind in _OPEN:
            brackets += 1
            if brackets > limits.max_expression_depth:
                error = exceeded("max_expression_depth", limits.max_expression_depth)
                raise _located(error, name, source, lineno, _tag_at(source, lineno, "(["))
        elif kind in _CLOSE:
            brackets = max(brackets - 1, 0)
        elif kind in ("block_end", "variable_end"):
            brackets, inline_set, conditionals = 0, False, 0
            if len(blocks) > limits.max_nesting:
                error = exceeded("max_nesting", limits.max_nesting)
                raise _located(error, name, source, opened_at, _tag_at(source, opened_at, "{%"))
        previous = kind


def _tag_at(source: str, lineno: int, hints: str) -> str | None:
    lines = source.splitlines()
    line = lines[lineno - 1] if 0 < lineno <= len(lines) else ""
    found = tags.TAG_RE.findall(line)
    return next((t for t in found if any(h in t for h in hints)), found[0] if found else None)


def _measure_tree(tree: nodes.Template, name: str, source: str, limits: RenderLimits) -> None:
    """Block nesting and expression depth of the parse tree, without recursion."""
    stack: list[tuple[nodes.Node, int, int]] = [(tree, 0, 0)]
    while stack:
        node, blocks, depth = stack.pop()
        if isinstance(node, _BLOCK_NODES):
            blocks += 1
            if blocks > limits.max_nesting:
                error = exceeded("max_nesting", limits.max_nesting)
                raise _located(error, name, source, node.lineno, _tag_at(source, node.lineno, ""))
        depth = depth + 1 if isinstance(node, nodes.Expr) else 0
        if depth > limits.max_expression_depth:
            error = exceeded("max_expression_depth", limits.max_expression_depth)
            raise _located(error, name, source, node.lineno, _tag_at(source, node.lineno, ""))
        stack.extend((child, blocks, depth) for child in node.iter_child_nodes())


# -- syntax errors, located ------------------------------------------------------------------
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
        if word in _BLOCKS and not (word == "set" and _is_inline_set(tokens, index)):
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
