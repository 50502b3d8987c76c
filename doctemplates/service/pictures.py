"""The page-picture endpoint: one page of an uploaded .docx or PDF as PNG.  上传文件的页面图片。

Shown beside the check results on the page; included in :data:`doctemplates.service.web.router`.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response

from doctemplates.service.errors import ApiError, FieldError
from doctemplates.service.requests import read_form, read_upload, sniffed
from doctemplates.service.routing import error_responses, service_of

__all__ = ["router"]

router = APIRouter()


@router.post(
    "/v1/pages",
    tags=["检查"],
    summary="上传文件某一页的图片",
    description=(
        "multipart/form-data：file 部分为 .docx 或 PDF（按内容识别）。返回第 page 页的 PNG 图片，"
        "响应头 X-Page-Count 为总页数；.docx 先由 LibreOffice 转为 PDF（排队已满 429，超时 503）。"
        "用于在检查结果旁显示所在页。"
    ),
    responses={
        200: {
            "description": "PNG 图片",
            "content": {"image/png": {"schema": {"type": "string", "format": "binary"}}},
        },
        **error_responses(400, 401, 413, 415, 422, 429, 503),
    },
    response_class=Response,
)
async def page_picture(
    request: Request,
    page: Annotated[int, Query(title="页码", description="从 1 起", ge=1, le=1000)] = 1,
    dpi: Annotated[int, Query(title="分辨率", description="每英寸点数", ge=20, le=200)] = 72,
) -> Response:
    from doctemplates.service.routes import page_image

    service = service_of(request)
    form = await read_form(request, max_files=1)
    content = await read_upload(form, "file")
    assert content is not None
    found = sniffed(
        content, ("pdf", "zip"), "file", "只能显示 .docx 或 PDF 文件的页面", "不是 .docx 或 PDF"
    )
    if found == "zip":
        from doctemplates.pdf import PdfOptions

        gate = service.require_pdf()
        content = await service.wait(gate.convert, content, PdfOptions())
    try:
        image, pages = await service.cpu(page_image, content, page, dpi)
    except ApiError:
        raise
    except Exception as exc:  # PDFium refuses a damaged PDF with its own error types
        raise ApiError(
            422,
            "invalid_file",
            "无法显示上传的文件（文件已损坏）",
            [FieldError(path="file", message="文件已损坏", code="invalid_file")],
        ) from exc
    return Response(image, media_type="image/png", headers={"X-Page-Count": str(pages)})
