"""Document kinds and their registry.  文种注册表。

A kind is a model (what the user fills in), a staff-editable template and a
function from the validated model to the template context.  Kinds are found
through the ``doctemplates.kinds`` entry-point group, so the engine lists
``pingyi_docs``'s kinds without importing it (as Babel finds extractors).
The engine itself registers one generic kind, ``document`` (通用公文).
"""

from __future__ import annotations

import difflib
import functools
import warnings
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from importlib import metadata, resources
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from doctemplates.context import DocumentContext, document_context, w3cdtf
from doctemplates.errors import DataError, DocTemplatesError
from doctemplates.model import OfficialDocument, json_schema, notices, validate
from doctemplates.render import Template

__all__ = ["DOCUMENT", "Kind", "available_kinds", "get_kind", "template_resource"]

ENTRY_POINT_GROUP = "doctemplates.kinds"

#: Shipped generic template of each 公文格式 (doctemplates/templates/).
FORMAT_TEMPLATES = {
    "文件": "wenjian.docx",
    "信函": "xinhan.docx",
    "讲话": "jianghua.docx",
    "纪要": "jiyao.docx",
}


def template_resource(package: str, name: str) -> Path:
    """Path of a template shipped inside ``package``'s ``templates`` folder."""
    return Path(str(resources.files(package).joinpath("templates", name)))


@dataclass(frozen=True)
class Kind:
    """One document kind.  一个文种。"""

    name: str  # 英文名, used on the command line
    title: str  # 中文名
    description: str  # 说明
    model: type[BaseModel]
    template: Callable[[Any], Path]  # 模板文件 for a validated model
    to_context: Callable[[Any], dict[str, Any]]
    aliases: tuple[str, ...] = ()
    default_template: Path | None = field(default=None, compare=False)
    #: TypedDict describing the template context (lint checks template variables against it)
    context_type: type | None = field(default=None, compare=False)
    #: Warnings about valid data (e.g. a late reply): 提示，不阻止生成
    advise: Callable[[Any], list[str]] | None = field(default=None, compare=False)

    def metadata(self, data: Any) -> dict[str, Any]:
        """PDF metadata: Title = 标题, Author = 发文机关, Subject = 文种, CreationDate = 成文日期."""
        meta = dict(self.context(data).get("meta") or {})
        created = meta.get("date")
        return {
            "title": meta.get("title"),
            "author": meta.get("author") or None,
            "subject": meta.get("subject"),
            "created": date.fromisoformat(created) if created else None,
        }

    def notices(self, data: Any) -> list[str]:
        """Warnings about valid data.  数据有效但需要提醒的事项。

        First what the models noticed while validating (e.g. a structure number
        typed in a heading and dropped: ``body[2].heading: 已去掉……``), then the
        kind's own :attr:`advise`.
        """
        model = self.validate(data)
        return [*notices(model), *(self.advise(model) if self.advise else [])]

    def validate(self, data: Any, *, row: int | None = None) -> Any:
        """Validate user data as this kind's model (Chinese errors with field paths)."""
        if isinstance(data, self.model):
            return data
        return validate(self.model, data, row=row)

    def context(self, data: Any, *, created: date | datetime | None = None) -> dict[str, Any]:
        """The template context of ``data``, document properties (``meta``) completed.

        ``meta.subject`` (文种) is the kind's own when the context leaves it empty;
        ``created`` replaces the 成文日期 as the document's created/modified time.
        """
        context = self.to_context(self.validate(data))
        meta = dict(context.get("meta") or {})
        meta["subject"] = meta.get("subject") or self.title
        if created is not None:
            meta["created"] = w3cdtf(created)
        return {**context, "meta": meta}

    def schema(self) -> dict[str, Any]:
        """JSON Schema of the kind's model.  数据结构说明。"""
        return json_schema(self.model)

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
        model = self.validate(data)
        tpl = (
            template
            if isinstance(template, Template)
            else _load(Path(template or self.template(model)))
        )
        return tpl.render(self.context(model, created=created))


@functools.lru_cache(maxsize=64)
def _load_cached(path: str, mtime_ns: int) -> Template:
    return Template.load(path)


def _load(path: Path) -> Template:
    try:
        stamp = path.stat().st_mtime_ns
    except OSError:
        return Template.load(path)  # raises the Chinese "找不到模板文件"
    return _load_cached(str(path), stamp)


def _document_template(model: OfficialDocument) -> Path:
    return template_resource("doctemplates", FORMAT_TEMPLATES[model.format])


def _document_context(model: OfficialDocument) -> dict[str, Any]:
    context: dict[str, Any] = {**document_context(model)}
    # 通用公文: the 文种 is the one the title names (通知、报告……), else 公文.
    context["meta"] = {**context["meta"], "subject": model.genre or "公文"}
    return context


DOCUMENT = Kind(
    name="document",
    title="通用公文",
    description="任意党政机关公文（通知、报告、请示、意见、函、讲话、纪要），按 format 选择文件/信函/讲话/纪要格式",
    model=OfficialDocument,
    template=_document_template,
    to_context=_document_context,
    aliases=("公文", "通用公文"),
    default_template=template_resource("doctemplates", FORMAT_TEMPLATES["文件"]),
    context_type=DocumentContext,
)


@functools.cache
def available_kinds() -> Mapping[str, Kind]:
    """All registered kinds by name (entry points ``doctemplates.kinds``)."""
    kinds: dict[str, Kind] = {}
    for entry in sorted(metadata.entry_points(group=ENTRY_POINT_GROUP), key=lambda e: e.name):
        try:
            kind = entry.load()
        except Exception as exc:  # a broken plug-in must not hide the others
            warnings.warn(f"文种 {entry.name} 无法加载（{entry.value}）：{exc}", stacklevel=2)
            continue
        if not isinstance(kind, Kind):
            raise DocTemplatesError(f"入口点 {entry.name} 不是 Kind 对象（{entry.value}）")
        kinds[kind.name] = kind
    kinds.setdefault(DOCUMENT.name, DOCUMENT)
    return kinds


def get_kind(name: str) -> Kind:
    """A kind by English name or Chinese alias; unknown names get a suggestion."""
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
