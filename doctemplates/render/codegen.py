"""Jinja code generation with the resource gates wired in.  带资源检查的代码生成。

Jinja compiles a template to Python source; :class:`BoundedCodeGenerator`
changes three things in that source:

- every printed value goes through ``environment.emit(site, value)`` (checks it
  is text — :mod:`.values` —, escapes it and counts the characters), and every
  piece of template text through ``environment.emit_data(text)`` (counted);
- every ``for`` loop iterates ``environment.counted(iterable)``, one budget step
  per item, recursive loops included;
- ``a ~ b`` calls ``environment.bounded_concat`` (printable operands, bounded size);
- in WordprocessingML parts, the line break :func:`.tags.prepare` put before each
  paragraph (so that errors name their paragraph) is taken out of the template
  text here, once, instead of out of every rendered part;
- ``{{ ("-"~"->")|safe }}`` (constant punctuation, :func:`.wellformed.constant_markup`)
  is template text, as :mod:`.wellformed` reads it, not a raw value.

Constant folding is off (``optimized=False`` in the environment), so compiling
never runs template code.
"""

from __future__ import annotations

import copy
from collections.abc import Iterable, Iterator
from typing import Any

from jinja2 import nodes
from jinja2.compiler import CodeGenerator, Frame

from doctemplates.render import tags
from doctemplates.render.limits import current_budget
from doctemplates.render.values import emit_word
from doctemplates.render.wellformed import constant_markup

__all__ = ["BoundedCodeGenerator", "counted", "expression_path"]


class BoundedCodeGenerator(CodeGenerator):
    """Jinja's code generator with output, loops and ``~`` routed through the gates."""

    def _make_finalize(self) -> CodeGenerator._FinalizeInfo:
        # No compile-time finalisation: every printed expression is checked at run time.
        return self._FinalizeInfo(None, None)

    def visit_Output(self, node: nodes.Output, frame: Frame) -> None:
        folded = copy.copy(node)
        folded.nodes = [
            nodes.TemplateData(text, lineno=child.lineno)
            if (text := constant_markup(child)) is not None
            else child
            for child in node.nodes
        ]
        super().visit_Output(folded, frame)

    def _output_const_repr(self, group: Iterable[Any]) -> str:
        text = "".join(map(str, group))
        if getattr(self.environment, "emit", None) is emit_word:  # a prepared Word part
            text = tags.restore(text)  # undo tags.prepare's line layout
        return f"environment.emit_data({text!r})"

    def _output_child_pre(
        self, node: nodes.Expr, frame: Frame, finalize: CodeGenerator._FinalizeInfo
    ) -> None:
        self.write(f"environment.emit({expression_path(node)!r}, ")

    def _output_child_post(
        self, node: nodes.Expr, frame: Frame, finalize: CodeGenerator._FinalizeInfo
    ) -> None:
        self.write(")")

    def visit_For(self, node: nodes.For, frame: Frame) -> None:
        # Jinja forbids new node types: the wrapper is a call of ``environment.counted``.
        counted_node = copy.copy(node)
        counted_node.iter = nodes.Call(
            nodes.EnvironmentAttribute("counted"), [node.iter], [], None, None, lineno=node.lineno
        )
        super().visit_For(counted_node, frame)

    def visit_Concat(self, node: nodes.Concat, frame: Frame) -> None:
        if frame.eval_ctx.volatile:
            join = "(markup_join if context.eval_ctx.volatile else str_join)"
        elif frame.eval_ctx.autoescape:
            join = "markup_join"
        else:
            join = "str_join"
        self.write(f"environment.bounded_concat({join}, (")
        for arg in node.nodes:
            self.visit(arg, frame)
            self.write(", ")
        self.write("))")


def expression_path(node: nodes.Node) -> str | None:
    """``record.printer`` for a variable path, None for anything computed.

    >>> from jinja2 import Environment
    >>> out = Environment().parse("{{ record['a'].printer }}").body[0].nodes[0]
    >>> expression_path(out)
    'record.a.printer'
    """
    if isinstance(node, nodes.Name):
        return node.name
    if isinstance(node, nodes.Getattr):
        base = expression_path(node.node)
        return f"{base}.{node.attr}" if base else None
    if isinstance(node, nodes.Getitem) and isinstance(node.arg, nodes.Const):
        base = expression_path(node.node)
        if base is None:
            return None
        key = node.arg.value
        return f"{base}[{key}]" if isinstance(key, int) else f"{base}.{key}"
    return None


class _Counted:
    """An iterable whose iteration draws one budget step per item."""

    __slots__ = ("_inner",)

    def __init__(self, inner: Any) -> None:
        self._inner = inner

    def __iter__(self) -> Iterator[Any]:
        budget = current_budget()
        for item in self._inner:
            budget.tick()
            yield item

    def __len__(self) -> int:
        return len(self._inner)


def counted(iterable: Any) -> Any:
    """The iterable of a loop, counted against the render's budget."""
    return iterable if isinstance(iterable, _Counted) else _Counted(iterable)
