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

Before all that, the block placeholders of a Word part (``{{p 正文 }}``) are
expanded (:mod:`.placeholders`); :attr:`Compiled.source` is the source compiled,
which callers locate errors in.
"""

from __future__ import annotations

import types
from dataclasses import dataclass

import jinja2
from jinja2 import nodes
from jinja2.lexer import Token, TokenStream
from jinja2.parser import Parser

from doctemplates.render.errors import BLOCK_TAGS, located_limit, syntax_error, tag_at
from doctemplates.render.limits import RenderLimits, exceeded
from doctemplates.render.optional import guard_optional
from doctemplates.render.placeholders import expand
from doctemplates.render.values import emit_word

__all__ = ["Compiled", "compile_source"]

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
    source: str  # the source compiled: block placeholders expanded
    code: types.CodeType  # the Python code of ``template`` (cached by .partcache)


def compile_source(
    env: jinja2.Environment,
    name: str,
    source: str,
    limits: RenderLimits,
    styles_xml: bytes | None = None,
) -> Compiled:
    """Parse and compile ``source`` (prepared Jinja source of part ``name``).

    ``styles_xml``: the template's ``styles.xml`` (the styles of expanded blocks).
    """
    if getattr(env, "emit", None) is emit_word:
        source = expand(source, name, styles_xml)
    try:
        # Lexed once: the scan and the parser share the tokens (Jinja's lexer is the
        # environment's, so the scan sees exactly what the parser will).  One-field
        # paragraphs get their guard first (render.optional; lines keep their numbers).
        tokens = list(env._tokenize(guard_optional(source), name, name))
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
        raise located_limit(
            exceeded("max_expression_depth", limits.max_expression_depth), name, source, None
        ) from exc
    template = env.template_class.from_code(env, code, env.make_globals(None), None)
    return Compiled(tree, template, source, code)


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
            raise located_limit(error, name, source, lineno, tag_at(source, lineno, "{"))
        if kind == "name" and previous == "block_begin":
            if value in BLOCK_TAGS:
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
                raise located_limit(error, name, source, lineno, tag_at(source, lineno, "(["))
        elif kind in _CLOSE:
            brackets = max(brackets - 1, 0)
        elif kind in ("block_end", "variable_end"):
            brackets, inline_set, conditionals = 0, False, 0
            if len(blocks) > limits.max_nesting:
                error = exceeded("max_nesting", limits.max_nesting)
                raise located_limit(error, name, source, opened_at, tag_at(source, opened_at, "{%"))
        previous = kind


def _measure_tree(tree: nodes.Template, name: str, source: str, limits: RenderLimits) -> None:
    """Block nesting and expression depth of the parse tree, without recursion."""
    stack: list[tuple[nodes.Node, int, int]] = [(tree, 0, 0)]
    while stack:
        node, blocks, depth = stack.pop()
        if isinstance(node, _BLOCK_NODES):
            blocks += 1
            if blocks > limits.max_nesting:
                error = exceeded("max_nesting", limits.max_nesting)
                raise located_limit(
                    error, name, source, node.lineno, tag_at(source, node.lineno, "")
                )
        depth = depth + 1 if isinstance(node, nodes.Expr) else 0
        if depth > limits.max_expression_depth:
            error = exceeded("max_expression_depth", limits.max_expression_depth)
            raise located_limit(error, name, source, node.lineno, tag_at(source, node.lineno, ""))
        stack.extend((child, blocks, depth) for child in node.iter_child_nodes())
