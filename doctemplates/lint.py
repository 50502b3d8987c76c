"""Template lint: what a staff member broke, where, and how to fix it.  模板检查。

Each finding names the part (正文 / 页眉 / 页脚 …), the text of the paragraph
and the tag.  Severity ``error`` breaks rendering or safety; ``warning`` renders
but probably not as meant (or fails for some data); ``info`` tells what
rendering repairs by itself (e.g. a tag Word split across runs).

The checks are the renderer's own (:mod:`doctemplates.render.policy`,
``.partscan``, ``.tagcheck``, ``.compiling``): ``Template.load`` refuses a
template at the first finding lint reports as an error, so the two cannot
disagree.  Lint adds what needs the kind's data description: unknown variables
(error) and optional fields printed without a guard (warning); and the look of a
公文 template by the checker's own GB/T 9704 clause checks (warnings, see
:mod:`doctemplates.lintlook`: render does not refuse them, ``check`` flags every
document they give).  All are :class:`doctemplates.findings.Finding` — the type
``check`` reports — printed by the same writer.
"""

from __future__ import annotations

import io
import types
import typing
import zipfile
from collections.abc import Collection
from typing import Any

from jinja2 import nodes

from doctemplates.errors import DocTemplatesError, TemplateError
from doctemplates.findings import Finding, part_label
from doctemplates.package import read_package
from doctemplates.render import tags
from doctemplates.render.compiling import compile_source
from doctemplates.render.environment import environment_for
from doctemplates.render.findings import closest, finding
from doctemplates.render.limits import RenderLimits
from doctemplates.render.placeholders import STYLES_PART
from doctemplates.render.policy import inspect_package
from doctemplates.render.tagcheck import tag_findings

__all__ = ["Finding", "LintError", "lint_template", "part_label"]

_GUARD_FILTERS = ("default", "d")


class LintError(DocTemplatesError):
    """The file is not a template at all (exit 2).  不是模板文件。"""


def lint_template(
    source: bytes,
    *,
    context_type: type | None = None,
    limits: RenderLimits | None = None,
    look: bool = True,
    groups: Collection[str] | None = None,
) -> list[Finding]:
    """All findings of a .docx template: its parts in order, then (``look``) its look.

    ``groups``: the paragraph groups the kind prints (``Kind.groups``); a template
    wording another one is an error, as in the kind's render.  None: not checked.
    """
    limits = limits or RenderLimits()
    members = _members(source, limits)
    plan, findings = inspect_package(members)
    typed = typed_paths(context_type) if context_type else None
    for name in plan.templatable():
        root = plan.roots.get(name)
        if root is None:
            continue
        role = plan.roles[name]
        text = tags.part_source(members[name], root, role)
        placement = tag_findings(name, root)
        findings += placement
        if tags.has_tags(text) and not any(f.severity == "error" for f in placement):
            styles = members.get(STYLES_PART)  # the styles of expanded block placeholders
            findings += _jinja_findings(name, text, role, typed, limits, styles)
            findings += _group_findings(name, text, groups)
    if look and not any(f.severity == "error" for f in findings):
        from doctemplates.lintlook import look_findings

        findings += look_findings(source)
    return findings


def _members(source: bytes, limits: RenderLimits) -> dict[str, bytes]:
    if not zipfile.is_zipfile(io.BytesIO(source)):
        raise LintError("文件不是 .docx 模板（不是 zip 格式）")
    try:
        return read_package(source, limits.package)
    except TemplateError as exc:
        raise LintError(exc.message) from exc


# -- Jinja ---------------------------------------------------------------------------------
def _jinja_findings(
    name: str,
    source: str,
    role: str,
    typed: dict[str, bool] | None,
    limits: RenderLimits,
    styles: bytes | None = None,
) -> list[Finding]:
    env = environment_for(role)
    try:
        tree, source = (c := compile_source(env, name, source, limits, styles)).tree, c.source
    except TemplateError as exc:
        code = "limit" if exc.__class__.__name__ == "TemplateLimitError" else "syntax"
        return [finding(code, "error", name, exc.message, exc.paragraph or "", exc.tag or "")]
    if typed is None:
        return []
    found = [
        _unknown(name, source, path, lineno, set(typed))
        for path, lineno in _once_a_line(_variable_paths(tree))
        if not _is_known(path, typed, env.globals)
    ]
    found += [
        _unguarded(name, source, path, optional, lineno)
        for path, optional, lineno in _unguarded_outputs(tree, typed)
    ]
    return found


def _group_findings(name: str, source: str, groups: Collection[str] | None) -> list[Finding]:
    """A paragraph group the kind never prints (a misspelt name prints nothing)."""
    if groups is None:
        return []
    from doctemplates.render.groups import defined, unknown_message

    return [
        finding("unknown-group", "error", name, unknown_message(group, groups), tag, tag)
        for group in defined(source)
        if group not in groups
        for tag in [f"{{{{p 段落组 {group} }}}}"]
    ]


def _once_a_line(found: list[tuple[str, int]]) -> list[tuple[str, int]]:
    """Each path once a line, without the prefixes of a longer one on that line: the guard
    of an optional line (render.optional) reads the field and the groups on its path."""
    unique = dict.fromkeys(found)
    by_line: dict[int, list[str]] = {}
    for path, lineno in unique:
        by_line.setdefault(lineno, []).append(path)
    return [
        (path, lineno)
        for path, lineno in unique
        if not any(o.startswith((path + ".", path + "[")) for o in by_line[lineno])
    ]


def _is_known(path: str, typed: dict[str, bool], env_globals: dict[str, Any]) -> bool:
    return path in typed or path.split(".")[0] in env_globals


def _unknown(name: str, source: str, path: str, lineno: int, known: set[str]) -> Finding:
    close = closest(path, known)
    hint = f"，是否应为 {close.replace('[]', '')}？" if close else "；请对照文种的数据结构检查拼写"
    return finding(
        "unknown-variable",
        "error",
        name,
        f"变量 {path.replace('[]', '')} 不在本文种的数据中{hint}",
        tags.paragraph_text(source, lineno),
        _tag_for(source, lineno, path),
    )


def _unguarded(name: str, source: str, path: str, optional: str, lineno: int) -> Finding:
    shown, guard = path.replace("[]", ""), optional.replace("[]", "")
    return finding(
        "optional-unguarded",
        "warning",
        name,
        f"变量 {guard} 可能为空（None），这里直接输出 {shown}，数据中没有该项时渲染会报错；"
        f"请放在 {{% if {guard} %}} … {{% endif %}} 中，或写成 {{{{ {shown}|default('') }}}}",
        tags.paragraph_text(source, lineno),
        _tag_for(source, lineno, path),
    )


def _tag_for(source: str, lineno: int, path: str) -> str:
    leaf = path.rsplit(".", 1)[-1].replace("[]", "")
    found = tags.TAG_RE.findall(tags.paragraph_text(source, lineno) or "")
    return next((t for t in found if leaf in t), found[0] if found else "")


# -- the kind's data description ---------------------------------------------------------
def typed_paths(context_type: type) -> dict[str, bool]:
    """Every variable path of a context TypedDict → whether that value may be None.

    >>> from doctemplates.context import DocumentContext
    >>> paths = typed_paths(DocumentContext)
    >>> paths["record"], paths["record.printer"], paths["title"], paths["body[].label"]
    (True, True, False, False)
    >>> paths["标题"], paths["正文[].序数"], paths["成文日期"], paths["发文字号"]
    (False, False, True, True)
    """
    from doctemplates.fieldnames import chinese_paths

    paths: dict[str, bool] = {}
    _walk(context_type, "", paths)
    for chinese, english in chinese_paths(context_type).items():
        if "." in chinese or "[]" in chinese:
            paths[chinese] = paths[english]  # its own prefixes say what may be None
        else:  # a top-level name of a nested field: None when a dict on the way is
            pieces = english.split(".")
            paths[chinese] = any(paths[".".join(pieces[:k])] for k in range(1, len(pieces) + 1))
    return paths


def _walk(tp: Any, prefix: str, paths: dict[str, bool]) -> None:
    origin = typing.get_origin(tp)
    if origin in (typing.Union, types.UnionType):
        args = typing.get_args(tp)
        if prefix and type(None) in args:
            paths[prefix] = True
        for arg in args:
            if arg is not type(None):
                _walk(arg, prefix, paths)
        return
    if origin is list:
        paths.setdefault(prefix + "[]", False)
        _walk(typing.get_args(tp)[0], prefix + "[]", paths)
        return
    if typing.is_typeddict(tp):
        for key, sub in typing.get_type_hints(tp).items():
            path = f"{prefix}.{key}" if prefix else key
            paths.setdefault(path, False)
            _walk(sub, path, paths)


# -- walking the parse tree --------------------------------------------------------------
def _variable_paths(tree: nodes.Template) -> list[tuple[str, int]]:
    """Maximal variable paths read by a template, with loop variables resolved."""
    found: list[tuple[str, int]] = []
    _visit(tree, {}, found)
    return found


def _visit(node: nodes.Node, scope: dict[str, str | None], found: list[tuple[str, int]]) -> None:
    if isinstance(node, nodes.For):
        _visit(node.iter, scope, found)
        inner = _loop_scope(node, scope)
        for child in [*node.body, *node.else_]:
            _visit(child, inner, found)
        if node.test is not None:
            _visit(node.test, inner, found)
        return
    if isinstance(node, (nodes.Assign, nodes.AssignBlock)):
        _visit(
            node.node if isinstance(node, nodes.Assign) else nodes.Output(node.body), scope, found
        )
        for target in _names(node.target):
            scope[target] = None
        return
    if isinstance(node, nodes.Call) and isinstance(node.node, nodes.Getattr):
        # a method call (``x.strip()``): the variable is the object, not the method
        for child in [node.node.node, *node.args, *node.kwargs]:
            _visit(child, scope, found)
        return
    if isinstance(node, (nodes.Getattr, nodes.Getitem, nodes.Name)):
        path = _path(node, scope)
        if path is not None:
            found.append((path, node.lineno))
            return
    for child in node.iter_child_nodes():
        _visit(child, scope, found)


def _loop_scope(node: nodes.For, scope: dict[str, str | None]) -> dict[str, str | None]:
    inner = dict(scope, loop=None)
    base = _path(node.iter, scope)
    for target in _names(node.target):
        inner[target] = f"{base}[]" if base else None
    return inner


def _unguarded_outputs(tree: nodes.Template, typed: dict[str, bool]) -> list[tuple[str, str, int]]:
    """(printed path, its optional part, line) for values printed without a None guard."""
    found: list[tuple[str, str, int]] = []
    _guard_visit(tree, {}, frozenset(), typed, found)
    return found


def _guard_visit(
    node: nodes.Node,
    scope: dict[str, str | None],
    guards: frozenset[str],
    typed: dict[str, bool],
    found: list[tuple[str, str, int]],
) -> None:
    if isinstance(node, nodes.For):
        inner = _loop_scope(node, scope)
        body_guards = guards | _mentioned(node.test, inner) if node.test is not None else guards
        for child in node.body:
            _guard_visit(child, inner, body_guards, typed, found)
        for child in node.else_:
            _guard_visit(child, scope, guards, typed, found)
        return
    if isinstance(node, nodes.If):
        for child in node.body:
            _guard_visit(child, scope, guards | _mentioned(node.test, scope), typed, found)
        for branch in node.elif_:
            _guard_visit(branch, scope, guards, typed, found)
        for child in node.else_:
            _guard_visit(child, scope, guards, typed, found)
        return
    if isinstance(node, (nodes.Assign, nodes.AssignBlock)):
        for target in _names(node.target):
            scope[target] = None
    if isinstance(node, nodes.Output):
        for child in node.nodes:
            for path, lineno, in_force in _printed(child, scope, guards):
                optional = _optional_part(path, typed, in_force)
                if optional:
                    found.append((path, optional, lineno))
        return
    for child in node.iter_child_nodes():
        _guard_visit(child, scope, guards, typed, found)


def _printed(
    node: nodes.Node, scope: dict[str, str | None], guards: frozenset[str]
) -> list[tuple[str, int, frozenset[str]]]:
    """Paths printed by an output expression, each with the guards in force there."""
    path = _path(node, scope)
    if path is not None:
        return [(path, node.lineno, guards)]
    if isinstance(node, nodes.Filter) and node.node is not None:
        return [] if node.name in _GUARD_FILTERS else _printed(node.node, scope, guards)
    if isinstance(node, nodes.Concat):
        return [item for child in node.nodes for item in _printed(child, scope, guards)]
    if isinstance(node, nodes.CondExpr):
        chosen = _printed(node.expr1, scope, guards | _mentioned(node.test, scope))
        return chosen + (_printed(node.expr2, scope, guards) if node.expr2 is not None else [])
    return []


def _mentioned(test: nodes.Node, scope: dict[str, str | None]) -> frozenset[str]:
    found: list[tuple[str, int]] = []
    _visit(test, dict(scope), found)
    return frozenset(path for path, _ in found)


def _optional_part(path: str, typed: dict[str, bool], guards: frozenset[str]) -> str | None:
    """The shortest optional prefix of ``path`` (itself included) no guard covers."""
    pieces = path.replace("[]", ".[]").split(".")
    prefix = ""
    for piece in pieces:
        prefix = f"{prefix}{piece}" if piece == "[]" or not prefix else f"{prefix}.{piece}"
        if typed.get(prefix) and not _covered(prefix, guards):
            return prefix
    return None


def _covered(path: str, guards: frozenset[str]) -> bool:
    return any(g == path or g.startswith((path + ".", path + "[]")) for g in guards)


def _names(target: nodes.Node) -> list[str]:
    if isinstance(target, nodes.Name):
        return [target.name]
    if isinstance(target, nodes.Tuple):
        return [n for item in target.items for n in _names(item)]
    return []


def _path(node: nodes.Node, scope: dict[str, str | None]) -> str | None:
    """``a.b[0].c`` → ``a.b[].c``; None for locals, ``loop`` and computed keys."""
    if isinstance(node, nodes.Name):
        if node.name in scope:
            return scope[node.name]
        return node.name
    if isinstance(node, nodes.Getattr):
        base = _path(node.node, scope)
        return f"{base}.{node.attr}" if base else None
    if isinstance(node, nodes.Getitem) and isinstance(node.arg, nodes.Const):
        base = _path(node.node, scope)
        if base is None:
            return None
        return f"{base}[]" if isinstance(node.arg.value, int) else f"{base}.{node.arg.value}"
    return None
