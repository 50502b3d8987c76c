"""Shapes shared by the 评议 kinds.  各文种共用的模型片段。

Kind models derive from the engine's :class:`~doctemplates.model.DataModel`
(and :class:`~doctemplates.model.AcceptsText` where a string is accepted too).

* :func:`reject` — a cross-field error with a field path (Chinese message);
* :class:`Point` — a run-in numbered point (``1.强化组织领导。为了……``);
* :class:`Issued` — 发文机关、发文字号、印章、版记、日期写法 and :meth:`Issued.issue`,
  which builds the engine's :class:`~doctemplates.model.OfficialDocument`;
* :class:`SubjectTitle` — ``××关于……的<文种>`` built from a subject;
* :class:`PingyiKind` — the :class:`~doctemplates.kinds.Kind` base of the kinds
  here (their templates are in ``pingyi_docs/templates``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from datetime import date
from pathlib import Path
from typing import Any, ClassVar

from pydantic import ConfigDict, Field, model_validator

from doctemplates.dates import format_date
from doctemplates.kinds import Kind, template_resource
from doctemplates.model import (
    AcceptsText,
    DataModel,
    DateStyle,
    DocNumber,
    OfficialDocument,
    OrganName,
    Record,
    SealMode,
    Section,
    Signature,
    check_print_date,
    date_style_field,
    validate,
)
from doctemplates.model import reject as reject

__all__ = [
    "Issued",
    "PingyiKind",
    "Point",
    "SubjectTitle",
    "headless",
    "kind_template",
    "reject",
]

_SENTENCE_END = re.compile(r"[。！？]")


class Point(AcceptsText):
    """A run-in numbered point: heading sentence + text on the same line.  要点。

    A plain string is split at its first full stop:
    ``"强化组织领导。为了做好……"`` → heading ``强化组织领导``, text ``为了做好……``.
    """

    model_config = ConfigDict(
        title="要点",
        json_schema_extra={"description": "标题与正文同段的要点，如“强化组织领导。为了……”"},
    )

    text_form = "一段文字，第一句为标题，如“强化组织领导。为了……”"
    numbered_fields = ("heading",)

    heading: str = Field(min_length=1, title="要点标题", description="要点的标题句（不含序号）")
    paragraphs: list[str] = Field(
        default_factory=list, title="正文", description="标题句后的正文；第一段与标题同段"
    )

    @model_validator(mode="before")
    @classmethod
    def _from_text(cls, data: Any) -> Any:
        if not isinstance(data, str):
            return data
        text = data.strip()
        match = _SENTENCE_END.search(text)
        if match is None:
            return {"heading": text}
        rest = text[match.end() :].strip()
        return {"heading": text[: match.end()], "paragraphs": [rest] if rest else []}

    def section(self) -> Section:
        """The engine section (``run_in=True``)."""
        return Section(heading=self.heading, paragraphs=list(self.paragraphs), run_in=True)


def headless(children: Iterable[Section], paragraphs: Sequence[str] = ()) -> Section:
    """An unnumbered group: its children are numbered one level deeper.

    Used where practice skips a level, e.g. ``一、`` followed directly by ``1.``.
    """
    return Section(paragraphs=list(paragraphs), children=list(children))


def sections(points: Iterable[Point]) -> list[Section]:
    """Run-in sections of ``points``."""
    return [point.section() for point in points]


class SubjectTitle(DataModel):
    """``title`` or ``subject``: the title is ``<organ>关于<subject>的<文种>``."""

    doc_kind: ClassVar[str] = ""  # 文种, e.g. 工作实施方案

    title: str | None = Field(
        default=None, title="标题", description="完整标题；不填则由发文机关和事由生成"
    )
    subject: str | None = Field(
        default=None, title="事由", description="标题中“关于……的”之间的部分"
    )

    @model_validator(mode="after")
    def _title_or_subject(self) -> SubjectTitle:
        if not (self.title or self.subject):
            reject("需要填写标题（title）或事由（subject）", field="subject")
        return self

    def full_title(self, organ: str) -> str:
        """The given title, or one built from ``organ`` and ``subject``."""
        if self.title:
            return self.title
        subject = re.sub(r"^关于", "", self.subject or "")
        subject = subject.removesuffix(f"的{self.doc_kind}").removesuffix(self.doc_kind)
        return f"{organ}关于{subject}的{self.doc_kind}"


class Issued(DataModel):
    """发文机关、发文字号、印章方式和版记 of a document that is issued."""

    organ: OrganName = Field(title="发文机关", description="发文机关全称，如“示例市科学技术局”")
    doc_number: DocNumber | None = Field(
        default=None, title="发文字号", description="如“示科发〔2026〕2号”"
    )
    seal_mode: SealMode = Field(
        default="seal",
        title="印章方式",
        description="加盖印章（seal）、不加盖印章（none）或加盖签发人签名章（stamp）",
    )
    record: Record | None = Field(
        default=None, title="版记", description="抄送机关、印发机关和印发日期"
    )
    date_style: DateStyle = date_style_field()  # 日期写法

    def issue_date(self) -> date | None:
        """成文日期 (the kind says which field it is)."""
        return getattr(self, "date", None)

    @model_validator(mode="after")
    def _dates_agree(self) -> Issued:
        day = self.issue_date()
        if self.doc_number and day and self.doc_number.year != day.year:
            reject(
                f"发文字号年份{self.doc_number.year}与成文日期{format_date(day)}不在同一年",
                field="doc_number",
            )
        check_print_date(self.record, day)
        return self

    def issue(self, *, title: str, body: list[Section], **fields: Any) -> OfficialDocument:
        """The engine document signed by ``organ`` on :meth:`issue_date`."""
        day = self.issue_date()
        data: dict[str, Any] = {
            "organs": [self.organ],
            "doc_number": self.doc_number,
            "title": title,
            "body": body,
            "signature": Signature(date=day, seal_mode=self.seal_mode) if day else None,
            "record": self.record,
            "date_style": self.date_style,
        }
        return validate(OfficialDocument, {**data, **fields})


def kind_template(name: str) -> Path:
    """Path of a template shipped in ``pingyi_docs/templates`` (e.g. ``plan.docx``)."""
    return template_resource("pingyi_docs", name)


class PingyiKind(Kind):
    """A 评议 kind: its templates are in ``pingyi_docs/templates``; its context is the
    engine context of :meth:`~doctemplates.kinds.Kind.to_document` plus :meth:`extras`."""

    template_package = "pingyi_docs"
