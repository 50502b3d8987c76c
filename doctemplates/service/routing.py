"""What the endpoint modules share: error descriptions, the service, the kind.  各地址模块共用的部分。

Used by :mod:`.routes`, :mod:`.checking`, :mod:`.operations`, :mod:`.web`,
:mod:`.pictures` and :mod:`.rows`.
"""

from __future__ import annotations

from typing import Any

from fastapi import Request

from doctemplates.errors import DocTemplatesError
from doctemplates.kinds import Kind, get_kind
from doctemplates.service.errors import ApiError, ErrorBody, FieldError


def error_responses(*statuses: int) -> dict[int | str, dict[str, Any]]:
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


def service_of(request: Request) -> Any:
    return request.app.state.service


def kind_or_404(name: str) -> Kind:
    try:
        return get_kind(name)
    except DocTemplatesError as exc:
        raise ApiError(
            404,
            "unknown_kind",
            str(exc),
            [FieldError(path="kind", message=exc.message, code="unknown_kind")],
        ) from exc
