"""Document information of an OFD: title, author and the 公文 elements.  OFD 文档元数据。

``DocInfo`` (GB/T 33190-2016 §7.5) holds Title, Author (= 发文机关) and
CreationDate (= 成文日期); the 公文 elements an electronic-document metadata
scheme names go into ``CustomDatas`` under their Chinese names.

>>> meta = OfdMetadata(title="关于……的通知", classification="秘密★1年")
>>> dict(meta.custom_data())
{'文种': '通知', '密级': '秘密', '保密期限': '1年'}
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

__all__ = ["DOC_TYPES", "OfdMetadata", "metadata_for", "metadata_for_kind"]

#: The fifteen 公文种类 (《党政机关公文处理工作条例》第八条), longest first for matching titles.
DOC_TYPES = (
    "命令", "决议", "决定", "公报", "公告", "通告", "意见", "通知", "通报",
    "报告", "请示", "批复", "议案", "纪要", "令", "函",
)  # fmt: skip


@dataclass(frozen=True)
class OfdMetadata:
    """What ``OFD.xml`` says about the document.  文档元数据。"""

    title: str | None = None  # 标题
    author: str | None = None  # 发文机关 (DocInfo/Author)
    created: dt.date | None = None  # 成文日期 (DocInfo/CreationDate)
    doc_type: str | None = None  # 文种; inferred from the title when None
    doc_number: str | None = None  # 发文字号
    classification: str | None = None  # 密级和保密期限, e.g. 秘密★1年
    urgency: str | None = None  # 紧急程度
    copy_number: str | None = None  # 份号
    subject: str | None = None  # 主题 (DocInfo/Subject)

    def kind_of_document(self) -> str | None:
        """文种: the explicit value, else the 公文种类 the title ends with."""
        if self.doc_type:
            return self.doc_type
        title = (self.title or "").strip()
        return next((t for t in DOC_TYPES if title.endswith(t)), None)

    def custom_data(self) -> Iterator[tuple[str, str]]:
        """``(name, value)`` pairs for ``CustomDatas``, empty values left out."""
        level, _, period = (self.classification or "").partition("★")
        pairs = (
            ("文种", self.kind_of_document()),
            ("发文字号", self.doc_number),
            ("成文日期", self.created.isoformat() if self.created else None),
            ("发文机关", self.author),
            ("密级", level or None),
            ("保密期限", period or None),
            ("紧急程度", self.urgency),
            ("份号", self.copy_number),
        )
        for name, value in pairs:
            if value:
                yield name, str(value)


def metadata_for(prepared: Any) -> OfdMetadata:
    """The metadata of a document prepared once (:class:`~doctemplates.kinds.Prepared`).

    The 成文日期 is the document's own date, not its text read back.
    """
    meta = prepared.context.get("meta") or {}
    header = prepared.context.get("header") or {}
    day = prepared.date
    probe = OfdMetadata(title=meta.get("title"))
    return OfdMetadata(
        title=meta.get("title"),
        author=meta.get("author") or None,
        created=day.date() if isinstance(day, dt.datetime) else day,
        doc_type=probe.kind_of_document() or prepared.kind.title,
        doc_number=header.get("doc_number"),
        classification=header.get("classification"),
        urgency=header.get("urgency"),
        copy_number=header.get("copy_number"),
        subject=prepared.kind.title,
    )


def metadata_for_kind(kind: Any, data: Any) -> OfdMetadata:
    """The metadata of a document of ``kind`` (a :class:`~doctemplates.kinds.Kind`) from its data."""
    return metadata_for(kind.prepare(data))
