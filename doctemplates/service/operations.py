"""The operations endpoints: liveness, readiness, metrics.  运维地址。

Included last in :data:`doctemplates.service.routes.router`.
"""

from __future__ import annotations

from typing import Literal

from fastapi import APIRouter, Request
from fastapi.responses import Response

from doctemplates.service.metrics import CONTENT_TYPE
from doctemplates.service.models import Health, Ready
from doctemplates.service.routing import error_responses, service_of

__all__ = ["router"]

router = APIRouter()


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
    service = service_of(request)
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
    responses={200: {"content": {"text/plain": {}}}, **error_responses(401)},
    response_class=Response,
)
def metrics(request: Request) -> Response:
    return Response(service_of(request).metrics.exposition(), media_type=CONTENT_TYPE)
