"""Compiled parts from the cache (issue 20 §3).  模板编译结果缓存。

Preparing a part's source (tag repair with docxtpl, which brings python-docx),
compiling it (lexing, the nesting scans, parsing, Jinja's code generation,
Python's ``compile``) and proving it well formed (:mod:`.wellformed`) depend only
on the part's bytes, its role and root, the limits, the environment's filters and
tests, and the engine's code.  :func:`compile_part` keys the result (the prepared
source, a marshalled code object and the proof) by the SHA-256 of all of these, and
stores it in the signed per-user :class:`~doctemplates.render.cache.Store`
(see its threat model): a later load of the same template skips the work and
renders byte-identical output.  A hit is only ever an entry this user wrote for
exactly this key, so the limits checks it stood for have passed.
"""

from __future__ import annotations

import functools
import hashlib
import importlib.util
import marshal
import os
import sys
import types
from pathlib import Path
from typing import Any

import jinja2
from lxml import etree

from doctemplates.render import placeholders, tags
from doctemplates.render.cache import Store
from doctemplates.render.compiling import compile_source
from doctemplates.render.limits import RenderLimits
from doctemplates.render.wellformed import Proof, analyse

__all__ = ["compile_part", "engine_fingerprint"]

_STORE = Store("compiled")
_FORMAT = "compiled-part 2"


@functools.cache
def engine_fingerprint() -> str:
    """What compiled code depends on beyond the template: versions and the renderer's code.

    The files of ``doctemplates.render`` by name, size and modification time (a
    changed code generator or analyser misses: this is the engine's version as far as
    compiled code goes), Python's bytecode magic and Jinja's version.
    """
    here = Path(__file__).parent
    files = sorted(
        f"{e.name}:{e.stat().st_size}:{e.stat().st_mtime_ns}"
        for e in os.scandir(here)
        if e.name.endswith(".py")
    )
    parts = [
        _FORMAT,
        jinja2.__version__,
        importlib.util.MAGIC_NUMBER.hex(),
        sys.implementation.cache_tag or "",
        *files,
    ]
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()


def _environment_key(env: jinja2.Environment) -> str:
    """The filters and tests code generation resolves (name and how each is called)."""
    return ";".join(
        f"{kind}:{name}:{getattr(func, 'jinja_pass_arg', '')}"
        for kind, table in (("f", env.filters), ("t", env.tests))
        for name, func in sorted(table.items())
    )


def part_key(
    env: jinja2.Environment,
    role: str,
    name: str,
    content: bytes,
    root: str,
    limits: RenderLimits,
    styles: bytes | None = None,
) -> str:
    """The cache key of one part (hex SHA-256).

    Block placeholders are expanded before compiling, from the installed expanders
    (:func:`.placeholders.fingerprint`) and the template's ``styles.xml`` (the style
    ids of expanded blocks): both are part of the key.
    """
    h = hashlib.sha256()
    pieces = (
        engine_fingerprint(),
        placeholders.fingerprint(),
        _environment_key(env),
        role,
        name,
        root,
        repr(limits),
        hashlib.sha256(styles or b"").hexdigest(),
    )
    for piece in pieces:
        h.update(piece.encode("utf-8", "surrogatepass") + b"\0")
    h.update(content)
    return h.hexdigest()


Part = tuple[str, jinja2.Template, Proof | None]  # prepared source, compiled, proof


def compile_part(
    env: jinja2.Environment,
    role: str,
    name: str,
    content: bytes,
    root: etree._Element,
    limits: RenderLimits,
    styles: bytes | None = None,
) -> Part | None:
    """A part's prepared source, compiled template and well-formedness proof (None: the
    part has no tags), from the cache when this user compiled the same part before;
    prepared, compiled and stored otherwise."""
    key = part_key(env, role, name, content, root.tag, limits, styles)
    cached = _load(_STORE.get(key))
    if cached is _NO_TAGS:
        return None
    if cached is not None:
        source, code, proof = cached
    else:
        source = tags.part_source(content, root, role)
        if not tags.has_tags(source):
            _STORE.put(key, marshal.dumps(None))  # a part without tags: remembered too
            return None
        compiled = compile_source(env, name, source, limits, styles)
        source, code = compiled.source, compiled.code  # block placeholders expanded
        proof = analyse(compiled.tree, word=role != "properties", root=root.tag)
        loose = None if proof is None else proof.loose
        _STORE.put(key, marshal.dumps((source, code, loose)))
    template = env.template_class.from_code(env, code, env.make_globals(None), None)
    return source, template, proof


_NO_TAGS = ("", types.CodeType, None)  # marker: the part has no tags


def _load(payload: bytes | None) -> tuple[str, Any, Proof | None] | None:
    if payload is None:
        return None
    try:
        value = marshal.loads(payload)
        if value is None:
            return _NO_TAGS
        source, code, loose = value
    except (ValueError, EOFError, TypeError):
        return None
    if (
        not isinstance(source, str)
        or not isinstance(code, types.CodeType)
        or loose not in (None, True, False)
    ):
        return None
    return source, code, None if loose is None else Proof(loose)
