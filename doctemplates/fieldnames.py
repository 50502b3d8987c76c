"""Chinese names of template variables (变量的中文名): ``{{ 标题 }}`` beside ``{{ title }}``.

The one table is the context TypedDicts themselves: each field's comment starts
with its Chinese name (``doc_number: str | None  # 发文字号``), what follows the
name (after ``（``, ``，``, ``：`` or a space) describes it.  From that table:

* every dict of the context also answers to its fields' Chinese names
  (``signature.成文日期``, ``段.标题`` in a loop over ``正文``);
* a field of a nested dict (not inside a list) is also a top-level name
  (``{{ 发文字号 }}`` is ``header.doc_number``, ``{{ 成文日期 }}`` is
  ``signature.date``) unless a shallower or earlier field has that name;
* lint knows the Chinese paths (and suggests across both languages);
* ``doctemplates fields KIND`` lists them all.

>>> from doctemplates.context import DocumentContext
>>> names = {f.chinese: f.path for f in fields(DocumentContext) if f.chinese}
>>> names["发文字号"], names["成文日期"], names["主送"], names["标题"]
('header.doc_number', 'signature.date', 'recipients', 'title')
>>> ctx = with_chinese_names({"title": "关于……的通知", "signature": None}, DocumentContext)
>>> ctx["标题"], ctx["成文日期"]
('关于……的通知', None)
"""

from __future__ import annotations

import ast
import functools
import inspect
import re
import sys
import types
import typing
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

__all__ = ["Field", "chinese_paths", "fields", "type_label", "with_chinese_names"]

# A field line of a TypedDict body: ``name: annotation  # comment``.  Comments are not
# kept by ``ast`` or ``typing``; a line pattern over the class's own source reads them.
_FIELD_LINE = re.compile(r"^\s+([A-Za-z_]\w*)\s*:[^#\n]*#\s*(.+?)\s*$", re.MULTILINE)
_NAME = re.compile(r"[^\s（(，,：:；;/]+")
_CJK = re.compile(r"[\u3400-\u9fff]")


@dataclass(frozen=True)
class Field:
    """One variable a template of a kind can read.  模板变量。"""

    path: str  # English path, e.g. signature.date, body[].label
    name: str | None  # 中文名 of the field in its dict, e.g. 成文日期
    chinese: str | None  # the Chinese path, e.g. 成文日期 (top level) or 正文[].标题
    description: str  # 说明: the comment
    type: str  # 类型: 文字 / 整数 / 列表 …
    optional: bool  # 可为空


@functools.cache
def _comments(td: type) -> dict[str, str]:
    """field → comment of TypedDict ``td`` and the TypedDicts it extends."""
    out: dict[str, str] = {}
    # A TypedDict does not keep its bases (before 3.12): the ones it extends are the
    # TypedDicts of its module whose keys it all has.
    module = sys.modules.get(td.__module__)
    keys = set(typing.get_type_hints(td))
    for base in vars(module).values() if module else ():
        if base is not td and typing.is_typeddict(base) and set(base.__annotations__) < keys:
            out.update(_comments(base))
    source = _class_sources(td.__module__).get(td.__qualname__)
    if source is None:  # no source (frozen): no Chinese names, English ones work
        return out
    out.update(dict(_FIELD_LINE.findall(source)))
    return out


@functools.cache
def _class_sources(module_name: str) -> dict[str, str]:
    """Source of each top-level class of a module, from one parse of the module.

    What ``inspect.getsource(cls)`` gives, without its parse of the whole module per
    class (a dozen parses per render: start-up, issue 20 §3).
    """
    module = sys.modules.get(module_name)
    try:
        source = inspect.getsource(module) if module else ""
    except (OSError, TypeError):
        return {}
    lines = source.splitlines(keepends=True)
    return {
        node.name: "".join(
            lines[min([node.lineno, *(d.lineno for d in node.decorator_list)]) - 1 : end]
        )
        for node in ast.parse(source).body
        if isinstance(node, ast.ClassDef) and (end := node.end_lineno) is not None
    }


def _name(comment: str) -> str | None:
    """The Chinese name a comment starts with, when it is a valid template name."""
    match = _NAME.match(comment)
    name = match.group(0) if match else ""
    return name if name.isidentifier() and _CJK.search(name) else None


def _unwrap(tp: Any) -> tuple[Any, bool]:
    """(the type without ``| None``, whether None is allowed)."""
    if typing.get_origin(tp) in (typing.Union, types.UnionType):
        args = [a for a in typing.get_args(tp) if a is not type(None)]
        return (args[0] if len(args) == 1 else tp), len(args) < len(typing.get_args(tp))
    return tp, False


def type_label(tp: Any) -> str:
    """The 类型 shown to staff.

    >>> type_label(str), type_label(list[str]), type_label(int | None)
    ('文字', '列表（文字）', '整数')
    """
    tp, _ = _unwrap(tp)
    if typing.get_origin(tp) is list:
        return f"列表（{type_label(typing.get_args(tp)[0])}）"
    if typing.is_typeddict(tp):
        return "字段组"
    return {str: "文字", int: "整数", float: "数值", bool: "是/否"}.get(tp, "图片或表格")


def _walk(
    td: type, prefix: str, cn_prefix: str | None, in_list: bool, optional: bool
) -> Iterator[tuple[Field, bool, Any]]:
    """(field, whether it is inside a list, its type) of ``td``, depth first."""
    comments = _comments(td)
    for key, sub in typing.get_type_hints(td).items():
        comment = comments.get(key, "")
        name = _name(comment)
        inner, may_none = _unwrap(sub)
        path = f"{prefix}.{key}" if prefix else key
        cn = None
        if name and (cn_prefix is not None or not prefix):
            cn = f"{cn_prefix}.{name}" if cn_prefix else name
        field = Field(path, name, cn, comment, type_label(sub), optional or may_none)
        yield field, in_list, sub
        if typing.get_origin(inner) is list:
            item = typing.get_args(inner)[0]
            if typing.is_typeddict(item):
                yield from _walk(item, f"{path}[]", f"{cn}[]" if cn else None, True, False)
        elif typing.is_typeddict(inner):
            yield from _walk(inner, path, cn, in_list, field.optional)


@functools.cache
def fields(context_type: type) -> tuple[Field, ...]:
    """Every variable of ``context_type`` with its Chinese name and top-level alias."""
    walked = list(_walk(context_type, "", None, False, False))
    taken = {f.name for f, _, _ in walked if f.name and "." not in f.path}
    out: list[Field] = []
    # shallower first, then in declaration order: who keeps a Chinese name shared by two
    for depth in sorted({f.path.count(".") for f, _, _ in walked}):
        for f, in_list, _ in walked:
            if f.path.count(".") != depth:
                continue
            if depth and not in_list and f.name and f.name not in taken:
                taken.add(f.name)
                f = Field(f.path, f.name, f.name, f.description, f.type, f.optional)
            out.append(f)
    order = {f.path: k for k, (f, _, _) in enumerate(walked)}
    return tuple(sorted(out, key=lambda f: order[f.path]))


def chinese_paths(context_type: type) -> dict[str, str]:
    """Chinese (or mixed) path → English path, as lint reads templates.

    >>> from doctemplates.context import DocumentContext
    >>> paths = chinese_paths(DocumentContext)
    >>> paths["发文字号"], paths["正文[].标题"], paths["body[].标题"], paths["署名和成文日期.成文日期"]
    ('header.doc_number', 'body[].heading', 'body[].heading', 'signature.date')
    """
    names = {f.path: f.name for f in fields(context_type)}
    out: dict[str, str] = {}
    for f in fields(context_type):
        if f.chinese and "." not in f.chinese and "." in f.path:
            out[f.chinese] = f.path  # a top-level alias of a nested field
            out.update(_rows_of(f.chinese, f.path, context_type, names))
        for spelled in _spellings(f.path, names):
            if spelled != f.path:
                out.setdefault(spelled, f.path)
    return out


def _rows_of(
    alias: str, path: str, context_type: type, names: Mapping[str, str | None]
) -> dict[str, str]:
    """The fields under a top-level alias: the rows of a nested list (``分工[].件数``) and
    the members of a nested group (``办复.截止日期``)."""
    depth = path.count(".") + 1
    return {
        ".".join([alias + step, *spelled.split(".")[depth:]]): f.path
        for step in ("[]", "")
        for f in fields(context_type)
        if f.path.startswith(f"{path}{step}.")
        for spelled in _spellings(f.path, names)
    }


def _spellings(path: str, names: Mapping[str, str | None]) -> list[str]:
    """Every way to write ``path`` with each piece in English or Chinese."""
    done: list[str] = [""]
    pieces = path.replace("[]", ".[]").split(".")
    prefix = ""
    for piece in pieces:
        if piece == "[]":
            prefix += "[]"
            done = [d + "[]" for d in done]
            continue
        prefix = f"{prefix}.{piece}" if prefix else piece
        options = [piece] + ([n] if (n := names.get(prefix)) else [])
        done = [f"{d}.{o}" if d else o for d in done for o in options]
    return done


def with_chinese_names(context: Mapping[str, Any], context_type: type) -> dict[str, Any]:
    """``context`` with every Chinese name beside the English one (same values)."""
    out: dict[str, Any] = dict(_aliased(context, context_type))
    for chinese, path in _top_aliases(context_type):
        if chinese not in out:
            out[chinese] = _lookup(out, path)  # the aliased value: rows answer in Chinese too
    return out


@functools.cache
def _top_aliases(context_type: type) -> tuple[tuple[str, str], ...]:
    """(top-level Chinese name, English path) of the nested fields outside lists."""
    return tuple(
        (f.chinese, f.path)
        for f in fields(context_type)
        if f.chinese and "." not in f.chinese and "." in f.path
    )


@functools.cache
def _members(tp: Any) -> tuple[str, tuple[tuple[str, Any, str | None], ...]]:
    """How to alias a value of type ``tp``: ("list", item plan) / ("dict", fields) / ("", ())."""
    inner, _ = _unwrap(tp)
    if typing.get_origin(inner) is list:
        item = typing.get_args(inner)[0]
        return ("list", (("", item, None),)) if typing.is_typeddict(item) else ("", ())
    if typing.is_typeddict(inner):
        comments = _comments(inner)
        hints = typing.get_type_hints(inner)
        return "dict", tuple((k, sub, _name(comments.get(k, ""))) for k, sub in hints.items())
    return "", ()


def _aliased(value: Any, tp: Any) -> Any:
    # The plan of each type is cached: typing.get_type_hints is slower than the copy.
    how, members = _members(tp)
    if how == "list" and isinstance(value, list):
        item = members[0][1]
        return [_aliased(v, item) for v in value]
    if how != "dict" or not isinstance(value, Mapping):
        return value
    out = dict(value)
    for key, sub, name in members:
        if key not in value:
            continue
        out[key] = _aliased(value[key], sub)
        if name and name not in out:
            out[name] = out[key]
    return out


def _lookup(context: Mapping[str, Any], path: str) -> Any:
    """The value at a dotted path (None when a dict on the way is None or absent)."""
    value: Any = context
    for piece in path.split("."):
        if not isinstance(value, Mapping):
            return None
        value = value.get(piece)
    return value
