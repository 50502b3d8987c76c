"""The variable paths a context TypedDict offers a template.  模板可用的变量路径。

Read by lint (unknown variables, suggestions) and the kinds: ``signature.date``,
``body[].label`` … from the TypedDicts' annotations, so a new context field is known to
lint without a second list.
"""

from __future__ import annotations

import types
import typing
from typing import Any

__all__ = ["context_paths"]


def context_paths(context_type: type) -> set[str]:
    """Every variable path a template may read, e.g. ``signature.date``, ``body[].label``.

    >>> from doctemplates.context import DocumentContext
    >>> "header.doc_number" in context_paths(DocumentContext)
    True
    >>> "body[].label" in context_paths(DocumentContext)
    True
    """
    paths: set[str] = set()
    _walk(context_type, "", paths)
    return paths


def _walk(tp: Any, prefix: str, paths: set[str]) -> None:
    origin = typing.get_origin(tp)
    if origin in (typing.Union, types.UnionType):
        for arg in typing.get_args(tp):
            if arg is not type(None):
                _walk(arg, prefix, paths)
        return
    if origin is list:
        paths.add(prefix + "[]")
        _walk(typing.get_args(tp)[0], prefix + "[]", paths)
        return
    if typing.is_typeddict(tp):
        for key, sub in typing.get_type_hints(tp).items():
            path = f"{prefix}.{key}" if prefix else key
            paths.add(path)
            _walk(sub, path, paths)
