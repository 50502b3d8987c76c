"""Command-line values taken as they come, without a pydantic adapter each (issue 20 §3).  参数转换。

typer 0.29 coerces every parameter's value through a pydantic ``TypeAdapter``
built on first use (``typer._adapters``: importing it loads pydantic's
validation machinery, ~45 ms, and each adapter costs a few ms more) — most of
what a one-document ``render`` spends in the command line itself.  The values
our commands take are already of their type when click hands them over: text
(``str``), switches (``bool``), counts (``int`` without bounds), file names
(``Path``) and lists of these (repeated options).  For such a parameter
:func:`use_plain_values` installs :class:`PlainValue` as its runtime coercion,
which returns exactly what typer's adapter returns for these values (the same
type, ``list`` for a repeated option, paths through typer's own
``coerce_cli_path`` for its existence and dash checks) and hands anything else
to typer's adapter, so errors stay typer's (and our Chinese wording of them,
:mod:`doctemplates.clikit`).  ``tests/cli/test_plain_values.py`` compares both
ways on generated values.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any, get_args, get_origin

from typer._click import Context
from typer._coercion import RuntimeParam, build_runtime_param
from typer._param_types import coerce_cli_path
from typer.core import _TyperParameter

__all__ = ["PlainValue", "use_plain_values"]

_LEAVES = (str, bool, int, Path)


def use_plain_values(params: list[Any]) -> None:
    """Give every parameter of a plain type (see the module) :class:`PlainValue` coercion."""
    for param in params:
        if (
            isinstance(param, _TyperParameter)
            and param._runtime_param is None  # not built yet (typer builds it on first use)
            and _plain(param)
        ):
            descriptor = param.type_descriptor
            param._runtime_param = PlainValue(descriptor.parameter_info, descriptor.annotation)


def _plain(param: _TyperParameter) -> bool:
    descriptor = param.type_descriptor
    info = descriptor.parameter_info
    if descriptor.file_annotation is not None or info.parser is not None:
        return False
    if info.min is not None or info.max is not None or descriptor.is_choice:
        return False
    annotation: Any = descriptor.annotation
    if get_origin(annotation) is list:
        (annotation,) = get_args(annotation) or (None,)
    return annotation in _LEAVES


@dataclass(frozen=True)
class PlainValue(RuntimeParam):
    """A value of the parameter's own type passed through; anything else to typer's adapter."""

    def _coerce_value(self, value: Any, param: _TyperParameter, ctx: Context) -> Any:
        annotation: Any = self.annotation
        try:
            if get_origin(annotation) is list:
                (leaf,) = get_args(annotation)
                if isinstance(value, (list, tuple)) and all(_is_a(v, leaf) for v in value):
                    return [self._leaf(v, leaf, param, ctx) for v in value]
            elif _is_a(value, annotation):
                return self._leaf(value, annotation, param, ctx)
        except ValueError:  # a path os.stat refuses (NUL): the adapter makes it a usage error
            pass
        return build_runtime_param(param.type_descriptor)._coerce_value(value, param, ctx)

    def _leaf(self, value: Any, leaf: Any, param: _TyperParameter, ctx: Context) -> Any:
        if leaf is Path:  # typer's own checks (exists, dash, resolve) on the Path it would make
            return coerce_cli_path(
                Path(value), self.parameter_info, path_type=Path, param=param, ctx=ctx
            )
        return value


def _is_a(value: Any, leaf: Any) -> bool:
    """``value`` is what typer's adapter returns unchanged (a path: any text to make one of)."""
    if leaf is Path:
        return type(value) is str or isinstance(value, Path)
    if leaf is int:
        return type(value) is int
    return type(value) is leaf
