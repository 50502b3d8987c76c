"""Document kinds and their registry.  文种注册表。

A kind is a subclass of :class:`Kind`: class attributes say what it is (name,
title, 公文格式, model, templates, context type) and overridable methods say
how its data becomes a document (:meth:`Kind.to_document`, :meth:`Kind.extras`,
:meth:`Kind.advise`) — policy as a subclass, as Jinja's ``SandboxedEnvironment``
overrides ``is_safe_attribute``.  Kinds are found through the
``doctemplates.kinds`` entry-point group (an entry point names a kind object or
its class), so the engine lists ``pingyi_docs``'s kinds without importing it.
The engine itself registers one generic kind, ``document`` (通用公文).

A render prepares its document once (:meth:`Kind.prepare`): the data is
validated, turned into the engine's :class:`~doctemplates.model.OfficialDocument`
and into the template context, and the .docx, the PDF metadata and the OFD
metadata are all read from that one :class:`Prepared` document.

>>> kind = get_kind("通用公文")
>>> prepared = kind.prepare({"organs": ["示例市科学技术局"], "title": "关于开展检查的通知",
...                          "signature": {"date": "2026-04-20"}, "date_style": "chinese"})
>>> prepared.context["signature"]["date"], prepared.metadata()["created"]
('二〇二六年四月二十日', datetime.date(2026, 4, 20))
"""

from __future__ import annotations

import difflib
import functools
import warnings
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from importlib import metadata, resources
from pathlib import Path
from typing import Any, ClassVar

from pydantic import BaseModel

from doctemplates.context import DocumentContext, document_context, document_date, w3cdtf
from doctemplates.errors import DataError, DocTemplatesError, TemplateSyntaxError
from doctemplates.gbt9704.formats import FORMATS
from doctemplates.model import OfficialDocument, json_schema, notices, validate
from doctemplates.render import Template

__all__ = [
    "DOCUMENT",
    "DocumentKind",
    "Kind",
    "Prepared",
    "available_kinds",
    "get_kind",
    "template_resource",
]

ENTRY_POINT_GROUP = "doctemplates.kinds"

#: Shipped generic template of each 公文格式 (doctemplates/templates/), from the Format classes.
FORMAT_TEMPLATES = {name: f.template for name, f in FORMATS.items()}


def template_resource(package: str, name: str) -> Path:
    """Path of a template shipped inside ``package``'s ``templates`` folder."""
    return Path(str(resources.files(package).joinpath("templates", name)))


class Kind:
    """One document kind: subclass it and set the class attributes.  一个文种。

    ``to_document`` must be written; ``extras``, ``advise`` and ``subject`` have
    defaults.  Instances hold no state: one object serves every thread.
    """

    name: ClassVar[str]  # 英文名, used on the command line
    title: ClassVar[str]  # 中文名
    description: ClassVar[str] = ""  # 说明
    aliases: ClassVar[tuple[str, ...]] = ()  # 别名（中文名以外）
    #: 公文格式 of the default template (a model with a ``format`` may choose another)
    format: ClassVar[str] = "文件"
    model: ClassVar[type[BaseModel]]  # 数据模型: what the user fills in
    #: The kind's own template file per 公文格式, in ``template_package``'s ``templates``
    #: folder; a format it does not list uses the engine's generic template.
    templates: ClassVar[Mapping[str, str]] = {}
    template_package: ClassVar[str] = "doctemplates"
    #: TypedDict describing the template context (lint checks template variables against it)
    context_type: ClassVar[type | None] = DocumentContext
    #: Paragraph groups (段落组, ``{{p 段落组 名称 }}``) the kind's body prints; a template
    #: wording another one is refused by lint and render (it would print nothing)
    groups: ClassVar[tuple[str, ...]] = ()

    # -- hooks ---------------------------------------------------------------------------------
    def to_document(self, data: Any) -> OfficialDocument:
        """The engine document of validated ``data``.  由数据生成公文。"""
        raise NotImplementedError(f"{type(self).__name__}.to_document")

    def extras(self, data: Any, document: OfficialDocument) -> dict[str, Any]:
        """Template variables of this kind beyond the engine's (``context_type`` lists them)."""
        return {}

    def advise(self, data: Any) -> list[str]:
        """Warnings about valid data (e.g. a late reply).  提示，不阻止生成。"""
        return []

    def subject(self, document: OfficialDocument) -> str:
        """文种 in the document properties (主题): the kind's title."""
        return self.title

    # -- derived -------------------------------------------------------------------------------
    def refuse_unknown_groups(self, template: Template) -> None:
        """Refuse a template wording a paragraph group this kind never prints (as lint does)."""
        from doctemplates.render.groups import unknown_message

        for name, part in template.groups().items():
            if name not in self.groups:
                tag = f"{{{{p 段落组 {name} }}}}"
                raise TemplateSyntaxError(
                    unknown_message(name, self.groups), part=part, paragraph=tag, tag=tag
                )

    def template_path(self, fmt: str) -> Path:
        """The template of 公文格式 ``fmt``: the kind's own, else the engine's generic one."""
        if fmt in self.templates:
            return template_resource(self.template_package, self.templates[fmt])
        return template_resource("doctemplates", FORMAT_TEMPLATES[fmt])

    @property
    def default_template(self) -> Path:
        """The template of the kind's own 公文格式 (``format``)."""
        return self.template_path(self.format)

    def template(self, data: Any) -> Path:
        """The template for ``data`` (its document's 公文格式)."""
        return self.template_path(self.to_document(self.validate(data)).format)

    def validate(self, data: Any, *, row: int | None = None) -> Any:
        """Validate user data as this kind's model (Chinese errors with field paths)."""
        if isinstance(data, self.model):
            return data
        return validate(self.model, data, row=row)

    def schema(self) -> dict[str, Any]:
        """JSON Schema of the kind's model.  数据结构说明。"""
        return json_schema(self.model)

    def prepare(self, data: Any, *, created: date | datetime | None = None) -> Prepared:
        """Validate ``data`` and build its document and template context, once.

        ``created`` replaces the 成文日期 as the document's created/modified time.
        Pictures in the data (a seal, body figures) are found now: call it where
        their relative paths are meant (:func:`doctemplates.data.data_dir`).
        """
        model = self.validate(data)
        document = self.to_document(model)
        context: dict[str, Any] = {
            # English names: the kind's variables join them, then Prepared.render names all
            **document_context(document, chinese_names=False),
            **self.extras(model, document),
        }
        meta = dict(context.get("meta") or {})
        meta["subject"] = meta.get("subject") or self.subject(document)
        if created is not None:
            meta["created"] = w3cdtf(created)
        return Prepared(self, model, document, {**context, "meta": meta}, created)

    def context(self, data: Any, *, created: date | datetime | None = None) -> dict[str, Any]:
        """The template context of ``data``, document properties (``meta``) completed."""
        return self.prepare(data, created=created).context

    def metadata(self, data: Any) -> dict[str, Any]:
        """PDF metadata of ``data`` (see :meth:`Prepared.metadata`)."""
        return self.prepare(data).metadata()

    def notices(self, data: Any) -> list[str]:
        """Warnings about valid data.  数据有效但需要提醒的事项。

        First what the models noticed while validating (e.g. a structure number
        typed in a heading and dropped: ``body[2].heading: 已去掉……``), then the
        kind's own :meth:`advise`.
        """
        model = self.validate(data)
        return [*notices(model), *self.advise(model)]

    def render(
        self,
        data: Any,
        *,
        template: str | Path | Template | None = None,
        created: date | datetime | None = None,
    ) -> bytes:
        """Validate ``data`` and render it to .docx bytes.

        The document's properties come from the document: title = 标题,
        subject = 文种, creator = 发文机关, created/modified = 成文日期 or
        ``created`` when given (the same input still gives the same bytes).
        """
        return self.prepare(data, created=created).render(template)

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.name}（{self.title}）>"


@dataclass(frozen=True)
class Prepared:
    """One document of a kind, prepared once: model, engine document, context.  一份待生成的公文。

    The .docx (:meth:`render`), the PDF metadata (:meth:`metadata`) and the OFD
    metadata all read this one object; the 成文日期 stays a date from the data
    to the PDF's CreationDate instead of being written out and parsed back.
    """

    kind: Kind
    model: Any  # the validated data (an instance of ``kind.model``)
    document: OfficialDocument
    context: dict[str, Any]
    created: date | datetime | None = None  # the caller's created time, if given

    @property
    def template_path(self) -> Path:
        """The kind's template for the document's 公文格式."""
        return self.kind.template_path(self.document.format)

    @property
    def date(self) -> date | datetime | None:
        """The document's created time: the caller's, else 成文日期 (a 讲话稿: its date)."""
        return self.created if self.created is not None else document_date(self.document)

    def render(self, template: str | Path | Template | None = None) -> bytes:
        """The .docx bytes, from ``template`` or the kind's template.

        The template reads every variable by its English or its Chinese name
        (:mod:`doctemplates.fieldnames`): ``{{ 发文字号 }}`` is ``{{ header.doc_number }}``.
        """
        from doctemplates.fieldnames import with_chinese_names

        tpl = (
            template
            if isinstance(template, Template)
            else _load(Path(template or self.template_path))
        )
        self.kind.refuse_unknown_groups(tpl)
        context_type = self.kind.context_type
        ctx = with_chinese_names(self.context, context_type) if context_type else self.context
        return tpl.render(ctx)

    def metadata(self) -> dict[str, Any]:
        """PDF metadata: Title = 标题, Author = 发文机关, Subject = 文种, CreationDate = 成文日期.

        The keyword arguments of :class:`doctemplates.pdf.PdfMetadata`.
        """
        meta = self.context["meta"]
        return {
            "title": meta.get("title"),
            "author": meta.get("author") or None,
            "subject": meta.get("subject"),
            "created": self.date,
        }

    def notices(self) -> list[str]:
        """Warnings about the valid data (:meth:`Kind.notices`)."""
        return [*notices(self.model), *self.kind.advise(self.model)]


@functools.lru_cache(maxsize=64)
def _load_cached(path: str, mtime_ns: int) -> Template:
    return Template.load(path)


def _load(path: Path) -> Template:
    try:
        stamp = path.stat().st_mtime_ns
    except OSError:
        return Template.load(path)  # raises the Chinese "找不到模板文件"
    return _load_cached(str(path), stamp)


class DocumentKind(Kind):
    """通用公文: the engine's own document model, in any of the four formats."""

    name = "document"
    title = "通用公文"
    description = "任意党政机关公文（通知、报告、请示、意见、函、讲话、纪要），按 format 选择文件/信函/讲话/纪要格式"
    aliases = ("公文", "通用公文")
    model = OfficialDocument
    templates = FORMAT_TEMPLATES

    def to_document(self, data: Any) -> OfficialDocument:
        """The data is the document."""
        return data if isinstance(data, OfficialDocument) else self.validate(data)

    def subject(self, document: OfficialDocument) -> str:
        """The 文种 the title names (通知、报告……), else 公文."""
        return document.genre or "公文"


DOCUMENT = DocumentKind()


def _as_kind(entry: metadata.EntryPoint, loaded: Any) -> Kind:
    """An entry point's kind: a :class:`Kind` object, or a subclass (made into one)."""
    if isinstance(loaded, type) and issubclass(loaded, Kind):
        return loaded()
    if isinstance(loaded, Kind):
        return loaded
    raise DocTemplatesError(f"入口点 {entry.name} 不是文种（Kind 对象或其子类，{entry.value}）")


#: Kinds loaded so far, by entry point value: one object per entry however it was found.
_LOADED: dict[str, Kind] = {"doctemplates.kinds:DOCUMENT": DOCUMENT}


def _load_entry(entry: metadata.EntryPoint) -> Kind:
    if entry.value not in _LOADED:
        _LOADED[entry.value] = _as_kind(entry, entry.load())
    return _LOADED[entry.value]


@functools.cache
def available_kinds() -> Mapping[str, Kind]:
    """All registered kinds by name (entry points ``doctemplates.kinds``)."""
    kinds: dict[str, Kind] = {}
    for entry in sorted(metadata.entry_points(group=ENTRY_POINT_GROUP), key=lambda e: e.name):
        if entry.value not in _LOADED:
            try:
                loaded = entry.load()
            except Exception as exc:  # a broken plug-in must not hide the others
                warnings.warn(f"文种 {entry.name} 无法加载（{entry.value}）：{exc}", stacklevel=2)
                continue
            _LOADED[entry.value] = _as_kind(entry, loaded)
        kind = _LOADED[entry.value]
        kinds[kind.name] = kind
    kinds.setdefault(DOCUMENT.name, DOCUMENT)
    return kinds


def entry_of(kind: Kind) -> str:
    """The entry point value (``module:attribute``) ``kind`` was loaded from."""
    available_kinds()
    return next((value for value, k in _LOADED.items() if k is kind), "")


def _declared(name: str) -> Kind | None:
    """The kind ``name`` from its cached declaration (:mod:`doctemplates.kindlist`),
    importing that kind's module only; None when that does not find it."""
    from doctemplates.kindlist import find_info

    info = find_info(name)
    if info is None or not info.entry:
        return None
    try:
        kind = _load_entry(metadata.EntryPoint(info.name, info.entry, ENTRY_POINT_GROUP))
    except Exception:  # changed since it was declared: the full lookup decides
        return None
    return kind if name in (kind.name, kind.title, *kind.aliases) else None


def get_kind(name: str) -> Kind:
    """A kind by English name or Chinese alias; unknown names get a suggestion.

    Only the named kind's module is imported when its declaration is known
    (:mod:`doctemplates.kindlist`); every kind is loaded for an unknown name.
    """
    if available_kinds.cache_info().currsize == 0:
        found = _declared(name)
        if found is not None:
            return found
    kinds = available_kinds()
    lookup = {alias: k for k in kinds.values() for alias in (k.name, k.title, *k.aliases)}
    if name in lookup:
        return lookup[name]
    genre = OfficialDocument.model_construct(title=name).genre if name else None
    if genre and DOCUMENT.name in kinds:
        # 通知、报告、函、会议纪要……: a 文种 of the general engine, not a kind of its own
        raise DataError(
            f"未知的文种：{name}；{genre}请用通用公文 {DOCUMENT.name}"
            f"（数据中的标题写作“关于……的{genre}”）；可用：{'、'.join(sorted(kinds))}",
            field="kind",
        )
    close = difflib.get_close_matches(name, list(lookup), n=1, cutoff=0.4)
    hint = f"（是否想用 {lookup[close[0]].name}，即{lookup[close[0]].title}？）" if close else ""
    raise DataError(f"未知的文种：{name}{hint}；可用：{'、'.join(sorted(kinds))}", field="kind")
