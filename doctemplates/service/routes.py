"""The endpoints of the service.  服务的各个地址。

Work that takes CPU (validation, rendering, checks) runs in the thread pool;
PDF conversion goes through the bounded queue (:class:`.pdfgate.PdfGate`).
"""

from __future__ import annotations

import io
import tempfile
from pathlib import Path
from typing import Annotated, Any, Literal
from urllib.parse import quote

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response, StreamingResponse

from doctemplates.errors import DocTemplatesError
from doctemplates.kinds import Kind, Prepared, available_kinds, get_kind
from doctemplates.service.errors import ApiError, ErrorBody, FieldError
from doctemplates.service.metrics import CONTENT_TYPE
from doctemplates.service.models import (
    CheckReport,
    Health,
    KindInfo,
    KindList,
    LintReport,
    Notice,
    Ready,
    Validation,
)
from doctemplates.service.requests import parse_json, read_data, read_form, read_upload, sniff

__all__ = ["router"]

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
PDF = "application/pdf"
OFD = "application/ofd"

router = APIRouter()


def _errors(*statuses: int) -> dict[int | str, dict[str, Any]]:
    names = {
        400: "请求无法读取（JSON 格式错误、缺少上传部分、参数无效）",
        401: "缺少或无效的访问令牌",
        404: "没有这个文种",
        413: "请求体、上传文件或记录数超过上限",
        415: "不支持的内容类型",
        422: "数据或模板无效（全部字段错误见 errors）",
        429: "PDF 转换排队已满，按 Retry-After 稍后重试",
        503: "PDF 转换超时或不可用",
    }
    return {s: {"model": ErrorBody, "description": names[s]} for s in statuses}


def _service(request: Request) -> Any:
    return request.app.state.service


def _kind(name: str) -> Kind:
    try:
        return get_kind(name)
    except DocTemplatesError as exc:
        raise ApiError(
            404,
            "unknown_kind",
            str(exc),
            [FieldError(path="kind", message=exc.message, code="unknown_kind")],
        ) from exc


# -- kinds -------------------------------------------------------------------------------------
@router.get(
    "/v1/kinds",
    tags=["文种"],
    summary="列出文种",
    description="本服务可生成的全部文种（英文名、中文名、说明），由文种注册表得出。",
    response_model=KindList,
    responses=_errors(401),
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
    responses={200: {"content": {"application/schema+json": {}}}, **_errors(401, 404)},
)
def kind_schema(kind: str) -> Response:
    import json

    body = json.dumps(_kind(kind).schema(), ensure_ascii=False).encode("utf-8")
    return Response(body, media_type="application/schema+json")


# -- validate and render -----------------------------------------------------------------------
@router.post(
    "/v1/kinds/{kind}/validate",
    tags=["生成"],
    summary="校验数据",
    description="按文种校验数据，一次给出全部字段错误（422）；有效时返回提示（如“已去掉手工输入的序号”）。"
    "适合表单边填边校验。",
    response_model=Validation,
    responses=_errors(400, 401, 404, 413, 415, 422),
    openapi_extra={"x-doctemplates-body": "kind-data"},
)
async def validate_data(kind: str, request: Request) -> Validation:
    chosen = _kind(kind)
    data, _template = await read_data(request)
    notices = await _service(request).cpu(_notices, chosen, data)
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
        **_errors(400, 401, 404, 413, 415, 422, 429, 503),
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
    service = _service(request)
    chosen = _kind(kind)
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
        image, pages = await service.cpu(_page_image, pdf, page, dpi)
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


def _page_image(pdf: bytes, page: int, dpi: int) -> tuple[bytes, int]:
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
        **_errors(400, 401, 404, 413, 415, 422, 503),
    },
    response_class=Response,
    openapi_extra={"x-doctemplates-body": "batch"},
)
async def batch(kind: str, request: Request) -> Response:
    from doctemplates.service.batchzip import BatchJob

    service = _service(request)
    chosen = _kind(kind)
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


# -- check and lint ------------------------------------------------------------------------------
@router.post(
    "/v1/check",
    tags=["检查"],
    summary="按 GB/T 9704 检查公文",
    description="multipart/form-data：file 部分为 .docx 或 PDF（按内容识别），可选 format 为公文格式"
    "（文件、信函、讲话、纪要）。返回全部检查结果及其条款和位置。",
    response_model=CheckReport,
    responses=_errors(400, 401, 413, 415, 422),
)
async def check(request: Request) -> CheckReport:
    form = await read_form(request, max_files=1)
    content = await read_upload(form, "file")
    assert content is not None
    fmt = form.get("format")
    kind = sniff(content)
    if kind not in ("pdf", "zip"):
        raise ApiError(
            415,
            "unsupported_media_type",
            "只能检查 .docx 或 PDF 文件",
            [FieldError(path="file", message="不是 .docx 或 PDF", code="unsupported_media_type")],
        )
    suffix = "pdf" if kind == "pdf" else "docx"
    findings = await _service(request).cpu(_check, content, suffix, str(fmt) if fmt else None)
    errors = sum(1 for f in findings if f["severity"] == "error")
    return CheckReport.model_validate(
        {
            "file_type": suffix,
            "errors": errors,
            "warnings": len(findings) - errors,
            "findings": findings,
        }
    )


def _check(content: bytes, suffix: str, fmt: str | None) -> list[dict[str, Any]]:
    from doctemplates.check import check_file

    with tempfile.TemporaryDirectory(prefix="doctemplates-check-") as folder:
        path = Path(folder) / f"upload.{suffix}"
        path.write_bytes(content)
        try:
            return [f.to_dict() for f in check_file(path, fmt)]
        except DocTemplatesError:
            raise
        except Exception as exc:  # a damaged file the checker did not foresee
            raise ApiError(
                422,
                "invalid_file",
                f"无法检查上传的文件（文件已损坏或不是 {suffix}）",
                [FieldError(path="file", message="文件已损坏", code="invalid_file")],
            ) from exc


@router.post(
    "/v1/lint",
    tags=["检查"],
    summary="检查模板",
    description="multipart/form-data：template 部分为 .docx 模板，可选 kind 为文种（则检查模板变量是否都在该文种的数据中）。"
    "返回拆开的标签、未知变量、外部链接、宏等问题。",
    response_model=LintReport,
    responses=_errors(400, 401, 404, 413, 415),
)
async def lint(request: Request) -> LintReport:
    service = _service(request)
    form = await read_form(request, max_files=1)
    content = await read_upload(form, "template")
    assert content is not None
    if len(content) > service.settings.max_template_bytes:
        raise ApiError(413, "payload_too_large", "上传的模板超过大小上限")
    if sniff(content) != "zip":
        raise ApiError(
            415,
            "unsupported_media_type",
            "模板应为 .docx 文件",
            [FieldError(path="template", message="不是 .docx", code="unsupported_media_type")],
        )
    kind_name = form.get("kind")
    context_type = _kind(str(kind_name)).context_type if kind_name else None
    findings = await service.cpu(_lint, content, context_type)
    errors = sum(1 for f in findings if f["severity"] == "error")
    return LintReport.model_validate({"errors": errors, "findings": findings})


def _lint(content: bytes, context_type: type | None) -> list[dict[str, Any]]:
    from doctemplates.lint import LintError, lint_template

    try:
        return [f.as_dict() for f in lint_template(content, context_type=context_type)]
    except LintError as exc:
        raise ApiError(
            415,
            "unsupported_media_type",
            str(exc),
            [FieldError(path="template", message=exc.message, code="lint_error")],
        ) from exc


# -- operations ----------------------------------------------------------------------------------
@router.get("/healthz", tags=["运维"], summary="存活检查", response_model=Health)
def healthz() -> Health:
    return Health(status="ok")


@router.get(
    "/readyz",
    tags=["运维"],
    summary="就绪检查",
    description="PDF 转换进程已启动（或以 --pdf-workers 0 关闭了 PDF）时为 200，启动中或不可用时为 503。",
    response_model=Ready,
    responses={503: {"model": Ready, "description": "未就绪"}},
)
def readyz(request: Request) -> Response:
    service = _service(request)
    gate = service.gate
    if gate is not None and not gate.pool.closed:
        ready = Ready(
            status="ready", pdf_workers=len(gate.pool.worker_pids()), pdf_mode=gate.pool.mode
        )
        return Response(ready.model_dump_json(), media_type="application/json")
    if service.settings.pdf_workers <= 0:  # PDF switched off: ready for what it offers
        body = Ready(status="ready", pdf_workers=0, pdf_mode="none", message=service.pdf_error)
        return Response(body.model_dump_json(), media_type="application/json")
    state: Literal["starting", "unavailable"] = (
        "starting" if not service.pdf_started.is_set() else "unavailable"
    )
    body = Ready(status=state, pdf_workers=0, pdf_mode="none", message=service.pdf_error)
    return Response(body.model_dump_json(), status_code=503, media_type="application/json")


@router.get(
    "/metrics",
    tags=["运维"],
    summary="监控指标",
    description="Prometheus 文本格式：请求数和延迟（按地址和状态）、PDF 排队数、转换数（按结果）、生成的文档数。",
    responses={200: {"content": {"text/plain": {}}}, **_errors(401)},
    response_class=Response,
)
def metrics(request: Request) -> Response:
    return Response(_service(request).metrics.exposition(), media_type=CONTENT_TYPE)
