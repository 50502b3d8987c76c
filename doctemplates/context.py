"""From a validated document to the template context.  由数据模型生成模板上下文。

The model knows nothing of .docx; templates know nothing of validation.  This
module is the one bridge: it numbers the body (engine-computed labels), formats
dates, joins name lists with the right punctuation and sizes the 发文机关标志.
Every kind ends here, so a kind only describes itself.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from doctemplates.dates import format_date
from doctemplates.model import Attachment, OfficialDocument, Section
from doctemplates.numbering import number_sections

__all__ = ["body_items", "document_context", "pdf_metadata"]


def body_items(
    sections: Sequence[Section | dict[str, Any]], *, path: str = "body"
) -> list[dict[str, Any]]:
    """Flat, numbered paragraph list the templates loop over.  已编号的段落列表。

    >>> body_items([{"heading": "指导思想", "paragraphs": ["深入贯彻……"]}])[0]["label"]
    '一、'
    """
    return [
        {"kind": p.kind, "level": p.level, "label": p.label, "heading": p.heading, "text": p.text}
        for p in number_sections(list(sections), path=path)
    ]


def document_context(doc: OfficialDocument, *, date_style: str = "arabic") -> dict[str, Any]:
    """The context every shipped template reads (see docs/templates.md)."""
    return {
        "format": doc.format,
        "header": _header(doc),
        "title": doc.title,
        "subtitle": doc.subtitle,
        "speaker": doc.speaker,
        "speech_date": format_date(doc.speech_date, style=date_style) if doc.speech_date else None,
        "recipients": doc.recipients_text or None,
        "body": body_items(doc.body),
        "attachments": [{"index": i, "title": a.title} for i, a in enumerate(doc.attachments, 1)],
        "annexes": _annexes(doc.attachments),
        "signature": _signature(doc, date_style),
        "note": doc.note,
        "record": _record(doc, date_style),
        "meta": pdf_metadata(doc, date_style=date_style),
    }


def _header(doc: OfficialDocument) -> dict[str, Any]:
    from doctemplates.layout.mark import fit_mark

    names = doc.mark_names
    fit = fit_mark(
        max(names, key=len) if names else "", suffix=doc.mark_suffix if len(names) == 1 else ""
    )
    return {
        "copy_number": str(doc.copy_number) if doc.copy_number else None,
        "classification": str(doc.classification) if doc.classification else None,
        "urgency": doc.urgency,
        "organs": names,
        "mark_suffix": doc.mark_suffix,
        "mark_size": fit.size_pt,
        "mark_scale": fit.scale_pct,
        "doc_number": str(doc.doc_number) if doc.doc_number else None,
        "signers": [s.name for s in doc.signers],
    }


def _annexes(attachments: Sequence[Attachment]) -> list[dict[str, Any]]:
    annexes = []
    for index, attachment in enumerate(attachments, 1):
        if not (attachment.sections or attachment.paragraphs):
            continue  # bound separately: listed in 附件说明 only
        lead = (
            [{"heading": None, "paragraphs": attachment.paragraphs}]
            if attachment.paragraphs
            else []
        )
        body = body_items([*lead, *attachment.sections], path=f"attachments[{index - 1}].sections")
        annexes.append({"index": index, "title": attachment.title, "body": body})
    return annexes


def _signature(doc: OfficialDocument, date_style: str) -> dict[str, Any] | None:
    sig = doc.signature
    if sig is None:
        return None
    return {
        "mode": sig.seal_mode,
        "names": list(sig.names),
        "date": format_date(sig.date, style=date_style),
        "signer_title": sig.signer_title,
        "seal_image": sig.seal_image,
    }


def _record(doc: OfficialDocument, date_style: str) -> dict[str, Any] | None:
    rec = doc.record
    if rec is None or not (rec.cc or rec.printer):
        return None
    return {
        # GB/T 9704 §7.4.2: 抄送机关间用逗号隔开，回行时与冒号后的首字对齐，最后一个抄送机关后标句号。
        "cc": "，".join(rec.cc) if rec.cc else None,
        "printer": rec.printer,
        "print_date": format_date(rec.print_date, style="arabic") if rec.print_date else None,
    }


def pdf_metadata(doc: OfficialDocument, *, date_style: str = "arabic") -> dict[str, Any]:
    """Title / Author / CreationDate for the PDF.  PDF 元数据。"""
    return {
        "title": doc.title,
        "author": "、".join(doc.organs),
        "date": doc.signature.date.isoformat() if doc.signature else None,
    }
