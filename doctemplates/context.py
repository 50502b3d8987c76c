"""From a validated document to the template context.  由数据模型生成模板上下文。

The model knows nothing of .docx; templates know nothing of validation.  This
module is the one bridge: it numbers the body (engine-computed labels), formats
dates, joins name lists with the right punctuation and sizes the 发文机关标志.
Every kind ends here, so a kind only describes itself.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from datetime import UTC, date, datetime
from typing import Any, TypedDict, cast

from doctemplates.contextpaths import context_paths as context_paths  # re-exported
from doctemplates.data import decode_data_uri, is_data_uri, resolve_path
from doctemplates.dates import format_date
from doctemplates.errors import DataError
from doctemplates.model import Attachment, DateStyle, OfficialDocument, Section
from doctemplates.numbering import number_sections
from doctemplates.render.media import Image

__all__ = [
    "BodyItem",
    "DocumentContext",
    "body_items",
    "context_paths",
    "document_context",
    "document_date",
    "pdf_metadata",
    "w3cdtf",
]


class HeaderContext(TypedDict):
    """版头 values.  版头。"""

    copy_number: str | None  # 份号
    classification: str | None  # 密级和保密期限
    urgency: str | None  # 紧急程度
    organs: list[str]  # 发文机关（标志中的名称；联合行文过长的名称含换行 \n）
    mark_chars: int  # 标志最长一行的字数（联合行文的名称栏宽）
    mark_suffix: str  # 标志后缀（“文件”）
    mark_size: float  # 标志字号（磅）
    mark_scale: int  # 标志字符缩放（%）
    doc_number: str | None  # 发文字号（命令格式为令号）
    signers: list[str]  # 签发人


class BodyItem(TypedDict):
    """One numbered paragraph.  已编号的段落。"""

    kind: str  # 段落类型：heading / paragraph / runin / block / region（模板中写好的段落组，text 为组名）
    level: int  # 层级 1–4
    label: str  # 序数，如“一、”
    heading: str  # 标题
    text: str  # 正文
    block: object | None  # 表格或图片（kind 为 block 时；模板用 {{p item.block }} 印出）


class AttachmentItem(TypedDict):
    index: int  # 附件序号
    title: str  # 附件名称


class AnnexContext(TypedDict):
    index: int  # 附件序号
    label: str  # 附件标识：“附件2”，只有一个附件时为“附件”
    title: str  # 附件标题
    body: list[BodyItem]  # 附件正文


class SealCell(TypedDict):
    name: str  # 署名（发文机关）
    seal: object  # 该机关的印章图片（浮于署名之上）
    pos: int  # 印章和署名的中轴（缇，自版心左缘）


class SealRow(TypedDict):
    cells: list[SealCell]  # 一排印章，自左至右


class SignatureContext(TypedDict):
    mode: str  # 盖章方式：seal / none / stamp
    names: list[str]  # 署名
    date: str  # 成文日期
    signer_title: str | None  # 签发人职务
    seal_image: str | None  # 印章图片路径
    seal: object | None  # 印章图片（浮于署名和成文日期之上；仅加盖印章时）
    date_width: int  # 成文日期排版宽度（缇），署名据此居中于日期之上
    seal_rows: list[SealRow]  # 联合行文印章：一排一项（§7.3.5.1）
    stamp: object | None  # 签发人签名章图片（加盖签名章时，右空四字）
    stamp_title_pos: int  # 签名章左侧职务的右端位置（缇，空二字；无签名章时为 0）


class RecordContext(TypedDict):
    cc: str | None  # 抄送（不含“抄送：”和句号）
    printer: str | None  # 印发机关
    print_date: str | None  # 印发日期


class AttendanceItem(TypedDict):
    label: str  # 类别：出席 / 请假 / 列席
    names: str  # 人员，以顿号分隔


class MetaContext(TypedDict):
    """Document properties (docProps/core.xml) and PDF metadata.  文档属性。"""

    title: str  # 标题
    author: str  # 发文机关（作者；讲话稿无发文机关时为讲话人）
    subject: str | None  # 文种（主题），由文种（Kind）填写
    date: str | None  # 成文日期（ISO 8601）
    created: str | None  # 创建与修改时间（W3CDTF）：成文日期或调用方给定的时间


class DocumentContext(TypedDict):
    """What every shipped template reads.  模板可用的全部变量。"""

    format: str  # 公文格式：文件 / 信函 / 讲话 / 纪要
    header: HeaderContext  # 版头
    title: str  # 标题（引擎按词和梯形/菱形选定的换行 \n，见 layout.titles）
    subtitle: str | None  # 副标题
    speaker: str | None  # 讲话人
    speech_date: str | None  # 讲话日期
    recipients: str | None  # 主送（主送机关，含冒号）
    body: list[BodyItem]  # 正文
    attachments: list[AttachmentItem]  # 附件说明
    annexes: list[AnnexContext]  # 附件页
    signature: SignatureContext | None  # 署名和成文日期
    note: str | None  # 附注
    record: RecordContext | None  # 版记
    attendance: list[AttendanceItem]  # 出席情况（纪要的出席、请假、列席）
    meta: MetaContext  # 文档属性（与 PDF 元数据）


def body_items(
    sections: Sequence[Section | dict[str, Any]], *, path: str = "body"
) -> list[BodyItem]:
    """Flat, numbered paragraph list the templates loop over.  已编号的段落列表。

    >>> body_items([{"heading": "指导思想", "paragraphs": ["深入贯彻……"]}])[0]["label"]
    '一、'
    """
    from doctemplates.blocks import as_block

    return [
        {
            "kind": p.kind,
            "level": p.level,
            "label": p.label,
            "heading": p.heading,
            "text": p.text,
            "block": as_block(p.block, p.path) if p.block is not None else None,
        }
        for p in number_sections(list(sections), path=path)
    ]


def document_context(doc: OfficialDocument, *, chinese_names: bool = True) -> DocumentContext:
    """The context every shipped template reads (docs/templates.md), each variable also under
    its Chinese name (``发文字号``, :mod:`doctemplates.fieldnames`) unless ``chinese_names=False``;
    dates as the document says (``date_style``), the 印发日期 in Arabic numerals (§7.4.3)."""
    from doctemplates.fieldnames import with_chinese_names

    ctx = _english_context(doc)
    return cast(DocumentContext, with_chinese_names(ctx, DocumentContext)) if chinese_names else ctx


def _english_context(doc: OfficialDocument) -> DocumentContext:
    date_style = doc.date_style
    return {
        "format": doc.format,
        "header": _header(doc),
        "title": _title_lines(doc.title, doc),
        "subtitle": doc.subtitle,
        "speaker": doc.speaker,
        "speech_date": format_date(doc.speech_date, style=date_style) if doc.speech_date else None,
        "recipients": doc.recipients_text or None,
        "body": body_items(doc.body),
        "attachments": [{"index": i, "title": a.title} for i, a in enumerate(doc.attachments, 1)],
        "annexes": _annexes(doc.attachments, doc),
        "signature": _signature(doc, date_style),
        "note": doc.note,
        "record": _record(doc),
        "attendance": [{"label": a.label, "names": "、".join(a.names)} for a in doc.attendance],
        "meta": pdf_metadata(doc),
    }


def _title_lines(title: str, doc: OfficialDocument) -> str:
    """The title with engine-chosen line breaks (§7.3.1); the author's ``\\n`` wins."""
    from doctemplates.layout.titles import break_title

    names = [*doc.organs, *doc.mark_names, *doc.recipients]
    names += doc.signature.names if doc.signature else []
    if doc.record:
        names += [*doc.record.cc, *([doc.record.printer] if doc.record.printer else [])]
    return break_title(title, protect=names).text


def _header(doc: OfficialDocument) -> HeaderContext:
    from doctemplates.layout import fit_mark
    from doctemplates.layout.mark import joint_mark_lines, mark_chars

    # 联合行文 stacks the organs, one a line, in every format (信函 too, §10.1)
    names = joint_mark_lines(doc.mark_names)
    longest = max((line for n in names for line in n.split("\n")), key=len, default="")
    # 联合行文: the stack's column and the suffix column (suffix + half a 字, layout.header)
    # share the line, so both count (before, the suffix was left out and long stacks overflowed)
    fit = fit_mark(longest, suffix=doc.mark_suffix + (" " if len(names) > 1 else ""))
    return {
        "copy_number": str(doc.copy_number) if doc.copy_number else None,
        "classification": str(doc.classification) if doc.classification else None,
        "urgency": doc.urgency,
        "organs": names,
        "mark_chars": mark_chars(names),
        "mark_suffix": doc.mark_suffix,
        "mark_size": fit.size_pt,
        "mark_scale": fit.scale_pct,
        # 命令（令）: the 令号 stands where the 发文字号 would (§10.2)
        "doc_number": doc.order_number or (str(doc.doc_number) if doc.doc_number else None),
        "signers": [s.name for s in doc.signers],
    }


def _annexes(attachments: Sequence[Attachment], doc: OfficialDocument) -> list[AnnexContext]:
    annexes: list[AnnexContext] = []
    for index, attachment in enumerate(attachments, 1):
        if not (attachment.sections or attachment.paragraphs):
            continue  # bound separately: listed in 附件说明 only
        lead = (
            [{"heading": None, "paragraphs": attachment.paragraphs}]
            if attachment.paragraphs
            else []
        )
        body = body_items([*lead, *attachment.sections], path=f"attachments[{index - 1}].sections")
        label = "附件" if len(attachments) == 1 else f"附件{index}"
        title = _title_lines(attachment.title, doc)  # 附件标题 as 标题 (§3 附件)
        annexes.append({"index": index, "label": label, "title": title, "body": body})
    return annexes


def _signature(doc: OfficialDocument, date_style: DateStyle) -> SignatureContext | None:
    sig = doc.signature
    if sig is None:
        return None
    from doctemplates.layout.textwidth import date_width_twips

    date = format_date(sig.date, style=date_style)
    width = date_width_twips(date)
    stamp, title_pos = _stamp(sig.seal_image if sig.seal_mode == "stamp" else None)
    return {
        "mode": sig.seal_mode or "seal",  # set from the format by the model (§10.2)
        "names": list(sig.names),
        "date": date,
        "signer_title": sig.signer_title,
        "seal_image": sig.seal_image,
        "seal": _seal(sig.seal_image, width)
        if sig.seal_mode == "seal" and sig.seal_image and not sig.seal_images
        else None,
        "date_width": width,
        "seal_rows": _seal_rows(list(sig.names), sig.seal_images, width)
        if sig.seal_mode == "seal" and sig.seal_images
        else [],
        "stamp": stamp,
        "stamp_title_pos": title_pos,
    }


def _seal_rows(names: list[str], images: list[str], date_width: int) -> list[SealRow]:
    """联合行文加盖印章 (§7.3.5.1): names and seals paired, row by row (layout.joint_seal_rows)."""
    from doctemplates.gbt9704 import geometry
    from doctemplates.layout.sealplace import joint_seal_rows

    radius = geometry.mm_to_emu(geometry.SEAL_DIAMETER_MM / 2)
    rows: list[SealRow] = []
    start = 0
    for axes in joint_seal_rows(len(names), date_width):
        row: list[SealCell] = []
        for offset, axis in enumerate(axes):
            index = start + offset
            source = _picture_source(images[index], f"signature.seal_images[{index}]", "印章图片")
            seal = Image(
                source,
                width_mm=geometry.SEAL_DIAMETER_MM,
                anchor=(geometry.twips_to_emu(axis) - radius, -radius),
            )
            row.append({"name": names[index], "seal": seal, "pos": axis})
        rows.append({"cells": row})
        start += len(axes)
    return rows


def _stamp(path: str | None) -> tuple[Image | None, int]:
    """签发人签名章 picture (§7.3.5.3): right edge four 字 in, 职务 two 字 to its left."""
    if path is None:
        return None, 0
    from docx.image.image import Image as Picture

    from doctemplates.gbt9704 import geometry
    from doctemplates.layout.sealplace import stamp_anchor

    source = _picture_source(path, "signature.seal_image", "签名章图片")
    picture = Picture.from_file(source)
    if isinstance(source, io.BytesIO):
        source.seek(0)
    width = geometry.mm_to_emu(geometry.SIGNATURE_STAMP_WIDTH_MM)
    height = round(width * picture.px_height / picture.px_width)
    x, y = stamp_anchor(width, height)
    title_right = geometry.emu_to_twips(x) - geometry.zi(geometry.SIGN_TITLE_GAP_ZI)
    stamp = Image(source, width_mm=geometry.SIGNATURE_STAMP_WIDTH_MM, anchor=(x, y))
    return stamp, title_right


def _picture_source(path: str, field: str, what: str) -> str | io.BytesIO:
    """A picture of the data: a ``data:`` URI's bytes, or a file where files may be read."""
    if is_data_uri(path):  # the picture itself, as the HTTP service takes it
        _media, content = decode_data_uri(path, field=field)
        return io.BytesIO(content)
    source = resolve_path(path, field=field)  # refused where file access is off
    if not source.is_file():
        raise DataError(f"找不到{what}：{source}", field=field)
    return str(source)


def _seal(path: str, date_width: int | None = None) -> Image:
    """The seal picture, floating over 署名 and 成文日期 (§7.3.5.1)."""
    from doctemplates.gbt9704 import geometry
    from doctemplates.layout import seal_anchor

    picture = _picture_source(path, "signature.seal_image", "印章图片")
    return Image(
        picture,
        width_mm=geometry.SEAL_DIAMETER_MM,
        anchor=seal_anchor(date_width_twips=date_width),
    )


def _record(doc: OfficialDocument) -> RecordContext | None:
    rec = doc.record
    if rec is None or not (rec.cc or rec.printer):
        return None
    return {
        # GB/T 9704 §7.4.2: 抄送机关间用逗号隔开，回行时与冒号后的首字对齐，最后一个抄送机关后标句号。
        "cc": "，".join(rec.cc) if rec.cc else None,
        "printer": rec.printer,
        "print_date": format_date(rec.print_date, style="arabic") if rec.print_date else None,
    }


def document_date(doc: OfficialDocument) -> date | None:
    """The document's date: 成文日期, or a 讲话稿's date when it has no 署名.

    >>> document_date(OfficialDocument(format="讲话", title="讲话", speech_date="2026-03-10"))
    datetime.date(2026, 3, 10)
    """
    return doc.signature.date if doc.signature else doc.speech_date


def pdf_metadata(doc: OfficialDocument) -> MetaContext:
    """Properties of the document: .docx core properties and PDF metadata.  文档属性。

    Title = 标题, author = 发文机关 (a 讲话稿 without one: the speaker), created =
    成文日期 (a 讲话稿 without one: its date).  ``subject`` (文种) is left to the kind (:meth:`Kind.context`).

    >>> from doctemplates.model import OfficialDocument
    >>> doc = OfficialDocument(organs=["示例市科学技术局"], title="关于开展检查的通知",
    ...                        signature={"date": "2026-04-20"})
    >>> meta = pdf_metadata(doc)
    >>> meta["author"], meta["created"]
    ('示例市科学技术局', '2026-04-20T00:00:00Z')
    """
    day = document_date(doc)
    return {
        "title": doc.title,
        "author": "、".join(doc.organs) or doc.speaker or "",
        "subject": None,
        "date": doc.signature.date.isoformat() if doc.signature else None,
        "created": w3cdtf(day) if day else None,
    }


def w3cdtf(moment: date | datetime) -> str:
    """A date or time as ``dcterms:W3CDTF`` in UTC.  文档属性中的时间。

    A date is read as its midnight; a naive time is taken as UTC.

    >>> from datetime import timedelta, timezone
    >>> w3cdtf(date(2026, 4, 20))
    '2026-04-20T00:00:00Z'
    >>> w3cdtf(datetime(2026, 4, 20, 9, 30, tzinfo=timezone(timedelta(hours=8))))
    '2026-04-20T01:30:00Z'
    """
    if not isinstance(moment, datetime):
        moment = datetime(moment.year, moment.month, moment.day, tzinfo=UTC)
    if moment.tzinfo is not None:
        moment = moment.astimezone(UTC)
    return moment.replace(tzinfo=None, microsecond=0).isoformat() + "Z"
