"""The endpoints of the service.  服务的各个地址。

Work that takes CPU (validation, rendering, checks) runs in the thread pool;
PDF conversion goes through the bounded queue (:class:`.pdfgate.PdfGate`).
Check and lint are :mod:`.checking`, the operations endpoints :mod:`.operations`
(both included in :data:`router`); the helpers they share :mod:`.routing`.
"""

from __future__ import annotations

import io
from typing import Annotated, Any, Literal
from urllib.parse import quote

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response, StreamingResponse

from doctemplates.kinds import Kind, Prepared, available_kinds
from doctemplates.service import checking, operations
from doctemplates.service.errors import ApiError, FieldError
from doctemplates.service.models import (
    KindInfo,
    KindList,
    Notice,
    Validation,
)
from doctemplates.service.requests import parse_json, read_data, read_form, read_upload
from doctemplates.service.routing import error_responses, kind_or_404, service_of

__all__ = ["router"]

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
PDF = "application/pdf"
OFD = "application/ofd"

router = APIRouter()


# -- kinds -------------------------------------------------------------------------------------
@router.get(
    "/v1/kinds",
    tags=["文种"],
    summary="列出文种",
    description="本服务可生成的全部文种（英文名、中文名、说明），由文种注册表得出。",
    response_model=KindList,
    responses=error_responses(401),
)
def list_kinds() -> KindList:
    return KindList(
        kinds=[
            KindInfo(
                name=kind.name,
                title=kind.title,
                description=kind.description,
                aliases=list(kind.aliases),
                schema_url=f"/v1/kinds/{kind.name}/schema",
                render_url=f"/v1/kinds/{kind.name}/render",
            )
            for kind in available_kinds().values()
        ]
    )


@router.get(
    "/v1/kinds/{kind}/schema",
    tags=["文种"],
    summary="文种数据的 JSON Schema",
    description="该文种数据的 JSON Schema（draft 2020-12），字段有中文标题和说明，可据此生成表单。",
    responses={200: {"content": {"application/schema+json": {}}}, **error_responses(401, 404)},
)
def kind_schema(kind: str) -> Response:
    import json

    body = json.dumps(kind_or_404(kind).schema(), ensure_ascii=False).encode("utf-8")
    return Response(body, media_type="application/schema+json")


# -- validate and render -----------------------------------------------------------------------
@router.post(
    "/v1/kinds/{kind}/validate",
    tags=["生成"],
    summary="校验数据",
    description="按文种校验数据，一次给出全部字段错误（422）；有效时返回提示（如“已去掉手工输入的序号”）。"
    "适合表单边填边校验。",
    response_model=Validation,
    responses=error_responses(400, 401, 404, 413, 415, 422),
    openapi_extra={"x-doctemplates-body": "kind-data"},
)
async def validate_data(kind: str, request: Request) -> Validation:
    chosen = kind_or_404(kind)
    data, _template = await read_data(request)
    notices = await service_of(request).cpu(_notices, chosen, data)
    return Validation(valid=True, notices=notices)


def _notices(kind: Kind, data: dict[str, Any]) -> list[Notice]:
    model = kind.validate(_for_kind(kind, data))
    found = []
    for text in kind.notices(model):
        path, sep, message = text.partition(": ")
        found.append(Notice(path=path, message=message) if sep else Notice(path="", message=text))
    return found


def _for_kind(kind: Kind, data: dict[str, Any]) -> dict[str, Any]:
    from doctemplates.assemble import data_for_kind

    return data_for_kind(kind, data)


def _output_format(fmt: str | None, accept: str) -> str:
    if fmt is not None:
        return fmt
    wanted = [part.split(";")[0].strip().lower() for part in accept.split(",")]
    return "pdf" if PDF in wanted and DOCX not in wanted else "docx"


@router.post(
    "/v1/kinds/{kind}/render",
    tags=["生成"],
    summary="生成公文（.docx 或 PDF）",
    description=(
        "按数据生成一份公文。请求体为 JSON 数据；或 multipart/form-data：data 部分为 JSON 数据，"
        "可选 template 部分为修改过的模板（.docx），印章等图片以字段路径为名上传"
        "（如 signature.seal_image），也可在数据中写 data: URI。默认返回 .docx；"
        "`Accept: application/pdf` 或 `?format=pdf` 返回 PDF；`?format=ofd` 返回 OFD（GB/T 33190，"
        "由同一 PDF 得出）；`?format=png&page=N` 返回第 N 页的图片（预览，"
        "响应头 X-Page-Count 为总页数）。数据中的文件路径一律拒绝（422）。"
    ),
    responses={
        200: {
            "description": "生成的公文",
            "content": {
                DOCX: {"schema": {"type": "string", "format": "binary"}},
                PDF: {"schema": {"type": "string", "format": "binary"}},
                "image/png": {"schema": {"type": "string", "format": "binary"}},
                OFD: {"schema": {"type": "string", "format": "binary"}},
            },
        },
        **error_responses(400, 401, 404, 413, 415, 422, 429, 503),
    },
    response_class=Response,
    openapi_extra={"x-doctemplates-body": "kind-data"},
)
async def render_document(
    kind: str,
    request: Request,
    format: Annotated[
        Literal["docx", "pdf", "ofd", "png"] | None,
        Query(
            title="输出格式",
            description="docx、pdf、ofd 或 png（PDF 某一页的图片，用于预览）；不填则看 Accept 请求头，默认 docx",
        ),
    ] = None,
    page: Annotated[
        int, Query(title="页码", description="format=png 时预览的页码（从 1 起）", ge=1, le=1000)
    ] = 1,
    dpi: Annotated[
        int,
        Query(title="分辨率", description="format=png 时图片的分辨率（每英寸点数）", ge=20, le=200),
    ] = 72,
    watermark: Annotated[
        str | None,
        Query(title="水印", description="PDF 每页的斜向水印，如“征求意见稿”", max_length=20),
    ] = None,
) -> Response:
    service = service_of(request)
    chosen = kind_or_404(kind)
    fmt = _output_format(format, request.headers.get("accept", ""))
    data, template_bytes = await read_data(request)
    if template_bytes is not None and len(template_bytes) > service.settings.max_template_bytes:
        raise ApiError(413, "payload_too_large", "上传的模板超过大小上限")
    gate = service.require_pdf() if fmt != "docx" else None
    prepared, docx = await service.cpu(_render, service, chosen, data, template_bytes)
    title = prepared.metadata()["title"] or chosen.title  # 标题, for the file name
    if gate is None:
        service.metrics.documents.labels(chosen.name, "docx").inc()
        return _attachment(docx, DOCX, title, "docx")
    from doctemplates.pdf import PdfMetadata, PdfOptions

    options = PdfOptions(metadata=PdfMetadata(**prepared.metadata()), watermark=watermark)
    pdf = await service.wait(gate.convert, docx, options)
    service.metrics.documents.labels(chosen.name, fmt).inc()
    if fmt == "png":
        image, pages = await service.cpu(page_image, pdf, page, dpi)
        return Response(image, media_type="image/png", headers={"X-Page-Count": str(pages)})
    if fmt == "ofd":
        ofd = await service.cpu(_ofd, prepared, pdf)
        return _attachment(ofd, OFD, title, "ofd")
    return _attachment(pdf, PDF, title, "pdf")


def _ofd(prepared: Any, pdf: bytes) -> bytes:
    """OFD (GB/T 33190) of the PDF LibreOffice laid out, with the 公文 metadata."""
    from doctemplates.ofd import metadata_for, to_ofd

    return to_ofd(pdf, metadata_for(prepared))


#: Largest page picture in pixels (an A4 page at 200 dpi is 3.9 million).
MAX_PAGE_PIXELS = 16_000_000


def _scale(width: float, height: float, dpi: int) -> float:
    """PDFium's scale for ``dpi``, lowered so that the picture stays within MAX_PAGE_PIXELS.

    >>> round(_scale(595.3, 841.9, 72), 3), round(_scale(14400, 14400, 200), 4)
    (1.0, 0.2778)
    """
    wanted = dpi / 72
    area = max(width * height, 1.0)
    return min(wanted, float((MAX_PAGE_PIXELS / area) ** 0.5))


def page_image(pdf: bytes, page: int, dpi: int) -> tuple[bytes, int]:
    """(PNG of ``page``, page count) of a PDF (PDFium through pypdfium2)."""
    import pypdfium2

    from doctemplates.pdf._pdfium import PDFIUM_LOCK

    # PDFium is not thread-safe: the one lock the conversions' text verification also takes
    with PDFIUM_LOCK:
        document = pypdfium2.PdfDocument(pdf)
        try:
            pages = len(document)
            if page > pages:
                raise ApiError(
                    400,
                    "bad_request",
                    f"文档只有 {pages} 页，没有第 {page} 页",
                    [FieldError(path="page", message=f"应不大于 {pages}", code="less_than_equal")],
                    headers={"X-Page-Count": str(pages)},
                )
            sheet = document[page - 1]
            width, height = sheet.get_size()  # points; an uploaded PDF may declare any size
            image = sheet.render(scale=_scale(width, height, dpi)).to_pil()
        finally:
            document.close()
    out = io.BytesIO()
    image.save(out, "PNG", optimize=False)
    return out.getvalue(), pages


def _render(
    service: Any, kind: Kind, data: dict[str, Any], template: bytes | None
) -> tuple[Prepared, bytes]:
    """The document prepared once (the PDF metadata reads it too) and its .docx."""
    prepared = kind.prepare(kind.validate(_for_kind(kind, data)))
    compiled = service.templates.load(template) if template is not None else None
    return prepared, prepared.render(compiled)


def _attachment(content: bytes, media: str, title: str, suffix: str) -> Response:
    from doctemplates.batch import make_name

    stem = make_name(title)[:60] or "document"
    disposition = (
        f"attachment; filename=\"document.{suffix}\"; filename*=UTF-8''{quote(stem)}.{suffix}"
    )
    return Response(content, media_type=media, headers={"Content-Disposition": disposition})


# -- batch -------------------------------------------------------------------------------------
@router.post(
    "/v1/kinds/{kind}/batch",
    tags=["生成"],
    summary="批量生成（表格 → zip）",
    description=(
        "multipart/form-data：records 部分为记录文件（.xlsx、.csv 或 .jsonl，按内容识别），"
        "可选 defaults 部分为各行共用的数据（JSON），可选 template 部分为模板，可选 name 为文件名模式"
        "（如 {提案号}-{案由}），可选 format=pdf 同时生成 PDF。返回边生成边传送的 zip："
        "每行一份文档、manifest.jsonl（行号、文件名、SHA-256）和 errors.csv（出错的行、列和原因）。"
        "表头有误回答 422；记录数超过上限回答 413。"
    ),
    responses={
        200: {
            "description": "zip",
            "content": {"application/zip": {"schema": {"type": "string", "format": "binary"}}},
        },
        **error_responses(400, 401, 404, 413, 415, 422, 503),
    },
    response_class=Response,
    openapi_extra={"x-doctemplates-body": "batch"},
)
async def batch(kind: str, request: Request) -> Response:
    from doctemplates.service.batchzip import BatchJob

    service = service_of(request)
    chosen = kind_or_404(kind)
    form = await read_form(request)
    records = await read_upload(form, "records")
    assert records is not None
    defaults_raw = await read_upload(form, "defaults", required=False)
    defaults = parse_json(defaults_raw, "defaults 部分") if defaults_raw else {}
    if not isinstance(defaults, dict):
        raise ApiError(
            422,
            "invalid_data",
            "defaults 部分应为 JSON 对象（键值对）",
            [FieldError(path="defaults", message="应为对象", code="dict_type")],
        )
    template = await read_upload(form, "template", required=False)
    if template is not None and len(template) > service.settings.max_template_bytes:
        raise ApiError(413, "payload_too_large", "上传的模板超过大小上限")
    name = form.get("name")
    fmt = str(form.get("format") or "docx")
    if fmt not in ("docx", "pdf"):
        raise ApiError(
            400,
            "bad_request",
            "format 应为 docx 或 pdf",
            [FieldError(path="format", message="应为 docx 或 pdf", code="literal_error")],
        )
    gate = service.require_pdf() if fmt != "docx" else None
    job = BatchJob(service, chosen, gate=gate, name=str(name) if name else None)
    await service.cpu(job.prepare, records, _for_kind(chosen, defaults), template)
    return StreamingResponse(
        job.stream(),
        media_type="application/zip",
        headers={"Content-Disposition": 'attachment; filename="batch.zip"'},
    )


# -- check and lint (:mod:`.checking`), operations (:mod:`.operations`): after batch, as before --
router.include_router(checking.router)
router.include_router(operations.router)
