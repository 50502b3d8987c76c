"""Compile a .docx template once, render it many times.  一次编译，多次渲染。

Stages, each small and testable alone:

1. **load** — bounded read of the zip (:mod:`.package`: sizes, member names),
   the package allow-list (:mod:`.policy`: part and relationship types, macros,
   OLE, DTDs, fields, external links), tag placement (:mod:`.tagcheck`);
2. **compile** — per templatable part (main document, headers, footers, notes,
   properties — by content type, not by name): repair split tags
   (:mod:`.tags`), compile within nesting limits (:mod:`.compiling`) in the
   sandboxed, bounded environment (:mod:`.environment`); other parts are
   deflated once and kept;
3. **render** — per part, on one resource budget (:mod:`.limits`): Jinja render,
   restore layout, re-check the produced XML (:mod:`.partscan`: a DTD or a field
   can be assembled at render time), fix tables and drawing ids;
4. **package** — pictures, relationships, deterministic zip (:mod:`.package`).

Every check that refuses a template at load is the one ``lint`` reports, so
render refuses exactly what lint calls an error.  A loaded :class:`Template`
is immutable and safe to render from many threads.
"""

from __future__ import annotations

import itertools
import os
import re
import zlib
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

import jinja2
from jinja2 import meta
from lxml import etree

from doctemplates.errors import (
    TemplateError,
    TemplateSecurityError,
)
from doctemplates.output import write_atomic
from doctemplates.package import Member, PackageLimits, read_package, write_package
from doctemplates.render import media as _media
from doctemplates.render import normalize
from doctemplates.render.environment import environment_for
from doctemplates.render.errors import RENDER_ERRORS, render_error
from doctemplates.render.findings import raise_first
from doctemplates.render.groups import printed
from doctemplates.render.limits import RenderBudget, RenderLimits, current_budget, render_budget
from doctemplates.render.partcache import compile_part
from doctemplates.render.partscan import parse_xml, scan_part
from doctemplates.render.placeholders import STYLES_PART
from doctemplates.render.policy import CONTENT_TYPES_PART, PackagePlan, inspect_package
from doctemplates.render.source import naming as _naming
from doctemplates.render.source import read_source as _read_source
from doctemplates.render.tagcheck import tag_findings
from doctemplates.render.wellformed import Proof

__all__ = ["RenderLimits", "Template", "load_package"]

_DOCPR_ID = re.compile(r'(<wp:docPr\b[^>]*?\bid=")(\d+)(")')
# A tag inside an attribute value or a field instruction: data lands in markup, not text.
_DATA_IN_MARKUP = re.compile(r'="[^"<>]*\{[{%]|<w:instrText[^>]*>[^<]*\{[{%]')


@dataclass(frozen=True)
class _StaticPart:
    member: Member


@dataclass(frozen=True)
class _TemplatePart:
    name: str
    source: str  # prepared Jinja source, one paragraph per line
    compiled: jinja2.Template
    word: bool  # WordprocessingML (not document properties)
    fix_tables: bool
    root_tag: str  # the part's root element, which rendering must keep
    rel_ids: frozenset[str]  # relationship ids the part may reference
    data_in_markup: bool  # tags inside attribute values or field instructions
    has_fields: bool  # tags could join or split its fields
    proof: Proof | None  # proven at load: renders without raw XML are well formed (.wellformed)
    shapes: bool  # holds drawings whose ids are renumbered after rendering


def load_package(
    data: bytes, limits: PackageLimits | None = None
) -> tuple[dict[str, bytes], PackagePlan]:
    """Read and inspect a package; refuses it at the first error finding."""
    members = read_package(data, limits)
    members = normalize.normalize_package(members)  # office-suite artefacts, before the checks
    plan, findings = inspect_package(members)
    raise_first(findings)
    return members, plan


class Template:
    """A compiled .docx template.  已编译的模板。

    >>> from doctemplates.render import Template
    >>> tpl = Template.load("doctemplates/templates/wenjian.docx")  # doctest: +SKIP
    >>> data = tpl.render({"title": "关于……的通知"})                   # doctest: +SKIP
    """

    def __init__(
        self,
        parts: list[_StaticPart | _TemplatePart],
        first_shape_id: int,
        name: str,
        limits: RenderLimits,
    ) -> None:
        self._parts = parts
        self._first_shape_id = first_shape_id
        self.name = name
        self.limits = limits
        self._groups: dict[str, str] | None = None  # groups(), read once

    # -- load & compile -------------------------------------------------------------------
    @classmethod
    def load(
        cls,
        source: str | os.PathLike[str] | bytes | IO[bytes],
        *,
        limits: RenderLimits | PackageLimits | None = None,
    ) -> Template:
        """Read, check and compile a .docx template (path, bytes or binary stream).

        ``limits``: :class:`RenderLimits` (or, as before, only the
        :class:`PackageLimits`); they also become the default of :meth:`render`.
        """
        if isinstance(limits, PackageLimits):
            limits = RenderLimits(package=limits)
        limits = limits or RenderLimits()
        data, name = _read_source(source, limits.package.max_file_size)
        with _naming(name):
            members, plan = load_package(data, limits.package)
            if plan.content_types is not None:
                members[CONTENT_TYPES_PART] = plan.content_types
            templatable = set(plan.templatable())
            parts = [
                _compile_member(part, content, plan, limits, members.get(STYLES_PART))
                if part in templatable
                else _StaticPart(Member.deflate(part, content))
                for part, content in members.items()
            ]
        return cls(parts, _max_shape_id(members) + 1, name, limits)

    @property
    def part_names(self) -> list[str]:
        """Names of the parts that hold tags.  含标签的部件。"""
        return [p.name for p in self._parts if isinstance(p, _TemplatePart)]

    def variables(self) -> set[str]:
        """Top-level variables the template reads.  模板用到的顶层变量。"""
        found: set[str] = set()
        for part in self._parts:
            if isinstance(part, _TemplatePart):
                env = environment_for("word" if part.word else "properties")
                found |= meta.find_undeclared_variables(env.parse(part.source))
        return found - set(environment_for("word").globals)

    def groups(self) -> dict[str, str]:
        """Paragraph groups the template words → their part (read once: a kind asks per render)."""
        if self._groups is None:
            parts = [p for p in self._parts if isinstance(p, _TemplatePart)]
            self._groups = {name: p.name for p in parts for name in printed(p.source)}
        return dict(self._groups)

    # -- render ---------------------------------------------------------------------------
    @property
    def current_rendering_part(self) -> _media.RenderingPart:
        """docxtpl compatibility: ``InlineImage(template, …)`` calls this."""
        return _media.current_part()

    def render(
        self, context: Mapping[str, Any] | Any, *, limits: RenderLimits | None = None
    ) -> bytes:
        """Render ``context`` (a mapping or a pydantic model) to .docx bytes.

        ``limits`` overrides the limits given at load for this render.
        """
        ctx = _as_mapping(context)
        collector = _media.MediaCollector(next_shape_id=self._first_shape_id)
        rendered: dict[str, bytes | Member] = {}
        with _naming(self.name), render_budget(limits or self.limits):
            for part in self._parts:
                if isinstance(part, _TemplatePart):
                    rendered[part.name] = _render_part(part, ctx, collector)
        return self._package(rendered, collector)

    def render_to(
        self,
        path: str | os.PathLike[str],
        context: Mapping[str, Any] | Any,
        *,
        overwrite: bool = False,
        limits: RenderLimits | None = None,
    ) -> Path:
        """Render and write atomically; refuses to replace a file unless ``overwrite``."""
        return write_atomic(path, self.render(context, limits=limits), overwrite=overwrite)

    def _package(
        self, rendered: dict[str, bytes | Member], collector: _media.MediaCollector
    ) -> bytes:
        static = {p.member.name: p.member for p in self._parts if isinstance(p, _StaticPart)}
        ready = {n: m for n, m in rendered.items() if isinstance(m, Member)}
        texts = {n: d for n, d in rendered.items() if not isinstance(d, Member)}
        if collector.pictures:
            for name in (
                CONTENT_TYPES_PART,
                *{_media._rels_name(p.part) for p in collector.pictures},
            ):
                if name in static:
                    texts[name] = _inflate(static.pop(name))
            new_members = _media.add_to_package(texts, collector)
        else:
            new_members = {}
        members = []
        for part in self._parts:
            name = part.member.name if isinstance(part, _StaticPart) else part.name
            if name in static:
                members.append(static[name])
            elif name in ready:
                members.append(ready.pop(name))
            else:
                members.append(Member.deflate(name, texts.pop(name)))
        members += [
            Member.deflate(name, content)
            for name, content in sorted({**texts, **new_members}.items())
        ]
        return write_package(members)


# -- load helpers ------------------------------------------------------------------------
def _compile_member(
    name: str, content: bytes, plan: PackagePlan, limits: RenderLimits, styles: bytes | None
) -> _StaticPart | _TemplatePart:
    root = plan.roots[name]
    raise_first(tag_findings(name, root))
    env = environment_for(plan.roles[name])
    found = compile_part(env, plan.roles[name], name, content, root, limits, styles)
    if found is None:  # no tags
        return _StaticPart(Member.deflate(name, content))
    source, compiled, proof = found
    return _TemplatePart(
        name,
        source,
        compiled,
        plan.roles[name] != "properties",
        _needs_table_fix(source),
        root.tag,
        frozenset(plan.rel_ids.get(name, ())),
        _DATA_IN_MARKUP.search(source) is not None,
        "instrText" in source or "fldSimple" in source,
        proof,
        "<wp:docPr" in source,
    )


def _needs_table_fix(source: str) -> bool:
    return "<w:tbl" in source and (
        "{%tc" in source or "{% tc" in source or 'gridSpan w:val="{{' in source
    )


# -- render helpers ----------------------------------------------------------------------
def _render_part(
    part: _TemplatePart, ctx: Mapping[str, Any], collector: _media.MediaCollector
) -> bytes | Member:
    budget = current_budget()
    budget.raw = budget.breaks = False
    try:
        with _media.rendering(_media.RenderingPart(part.name, collector)):
            chunks = _stream(part.compiled, ctx)
    except RENDER_ERRORS as exc:
        raise render_error(exc, part.name, part.source, ctx.keys()) from exc
    if _proven(part, budget) and not (part.fix_tables or part.shapes):
        return _deflate_chunks(part.name, chunks)  # never joined: the large-document path
    data = b"".join(chunks)
    del chunks
    _check_rendered(part, data, collector)
    if part.fix_tables:
        data = _fix_tables(data.decode("utf-8")).encode("utf-8")
    if b"<wp:docPr" in data:
        xml = _DOCPR_ID.sub(
            lambda m: f"{m.group(1)}{collector.shape_id()}{m.group(3)}", data.decode("utf-8")
        )
        data = xml.encode("utf-8")
    return data


#: Output chunks (template text and values) joined and encoded at a time: the part is
#: never held as one str (for a CJK text, two bytes a character) beside its UTF-8.
_BATCH = 4096


def _stream(compiled: jinja2.Template, ctx: Mapping[str, Any]) -> list[bytes]:
    """Render ``compiled`` to UTF-8 pieces (Jinja's ``Template.render``, in batches)."""
    generator = compiled.root_render_func(compiled.new_context(dict(ctx)))
    pieces: list[bytes] = []
    try:
        while batch := list(itertools.islice(generator, _BATCH)):
            pieces.append("".join(batch).encode("utf-8"))
    except Exception:
        compiled.environment.handle_exception()  # re-raises with template line numbers
    return pieces


def _deflate_chunks(name: str, chunks: list[bytes]) -> Member:
    """``Member.deflate`` of the pieces' join, compressed piece by piece."""
    compressor = zlib.compressobj(6, zlib.DEFLATED, -15)
    crc, size, out = 0, 0, []
    for chunk in chunks:
        crc, size = zlib.crc32(chunk, crc), size + len(chunk)
        out.append(compressor.compress(chunk))
    out.append(compressor.flush())
    return Member(name, crc, size, b"".join(out))


def _proven(part: _TemplatePart, budget: RenderBudget) -> bool:
    """No parse needed: proven at load that values stay text (or numbers in ``w:``
    attributes) in well-formed XML, nothing was printed as XML, and no line break
    went where it is not balanced; fields are scanned always (tags around runs can
    join two harmless fields into one)."""
    proof = part.proof
    if proof is None or budget.raw or part.has_fields:
        return False
    return not (proof.loose and budget.breaks)


def _check_rendered(part: _TemplatePart, data: bytes, collector: _media.MediaCollector) -> None:
    """The produced XML: well formed, same root, nothing reaching outside, ids defined.

    The part as loaded was scanned already; escaped text cannot add elements or
    attributes.  So the full scan runs when the render printed XML (Markup,
    RichText, pictures) or the template puts data into attributes or field
    instructions; a DOCTYPE (which must be spelled ``<!DOCTYPE`` in this UTF-8
    output) is looked for always, and fields whenever the part has some (tags
    around runs can join two harmless fields into one).  When none of these
    apply to a part proven well formed at load (:mod:`.wellformed`), the
    rendered part is not parsed at all.
    """
    if _proven(part, current_budget()):
        return
    try:
        root = parse_xml(data)
    except etree.XMLSyntaxError as exc:
        raise TemplateError(
            f"渲染结果不是合法的 XML（{exc.msg}）；请检查 {{%p %}}/{{%tr %}} 等标签是否独占一段或一行",
            part=part.name,
        ) from exc
    if root.tag != part.root_tag:
        raise TemplateSecurityError(
            f"渲染结果的根元素变成了 {etree.QName(root).localname}，不再是原来的部件",
            part=part.name,
        )
    markup = current_budget().raw or part.data_in_markup or b"<!DOCTYPE" in data
    if not (markup or part.has_fields):
        return
    ids = part.rel_ids | {p.rid for p in collector.pictures if p.part == part.name}
    raise_first(scan_part(part.name, root, set(ids), rendered=True, attributes=markup))


def _fix_tables(xml: str) -> str:
    from docxtpl import DocxTemplate

    declaration, _, body = xml.partition("?>") if xml.startswith("<?xml") else ("", "", xml)
    tree = DocxTemplate.fix_tables(None, body)  # uses no instance state
    text = etree.tostring(tree, encoding="unicode")
    return f"{declaration}?>{text}" if declaration else text


def _inflate(member: Member) -> bytes:
    import zlib

    return zlib.decompress(member.data, -15)


def _as_mapping(context: Mapping[str, Any] | Any) -> Mapping[str, Any]:
    if isinstance(context, Mapping):
        return context
    if hasattr(context, "model_dump"):
        return context.model_dump()  # type: ignore[no-any-return]
    raise TypeError(f"context must be a mapping or a pydantic model, not {type(context).__name__}")


def _max_shape_id(members: Mapping[str, bytes]) -> int:
    ids = (
        [
            int(m.group(2))
            for content in members.values()
            for m in _DOCPR_ID.finditer(content.decode("utf-8", "replace"))
        ]
        if any(b"<wp:docPr" in c for c in members.values())
        else []
    )
    return max(ids, default=0)
