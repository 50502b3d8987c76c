"""JSON errors of the service.  服务的 JSON 错误。

Every error is ``{"code", "message", "errors": [{"path", "message", "code"}]}``:
a stable machine code, one Chinese sentence and **every** field error (a form
shows each next to its field).  HTTP statuses say what they mean: 400 a request
that cannot be read, 401 no valid token, 404 an unknown kind, 413 over a size or
count bound, 415 an unsupported media type, 422 data or a template that is
invalid, 429 the PDF queue is full (with ``Retry-After``), 503 a conversion that
passed its time limit or no LibreOffice.  No message carries a path of the server.

>>> scrub(f"找不到模板文件：{_PACKAGE_ROOT}/doctemplates/templates/x.docx")
'找不到模板文件：x.docx'
"""

from __future__ import annotations

import os
import re
import sys
import tempfile
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from doctemplates.errors import (
    DataError,
    DocTemplatesError,
    OutputError,
    TemplateError,
    TemplateSecurityError,
    error_code,
)

__all__ = ["ApiError", "ErrorBody", "FieldError", "from_engine", "scrub"]

_PACKAGE_ROOT = str(Path(__file__).resolve().parents[2])


class FieldError(BaseModel):
    """One problem of the request.  一个字段错误。"""

    model_config = ConfigDict(title="字段错误")

    path: str = Field(
        title="字段路径",
        description="出错字段的路径，如 signature.date、body[0].heading；整份数据为空字符串；"
        "模板问题为 template:部件名",
    )
    message: str = Field(title="说明", description="中文说明")
    code: str = Field(title="错误代码", description="机器可读的错误代码，如 missing、date_error")


class ErrorBody(BaseModel):
    """The body of every error response.  错误响应。"""

    model_config = ConfigDict(title="错误")

    code: str = Field(
        title="错误代码",
        description="稳定的机器可读代码：bad_request、unauthorized、unknown_kind、"
        "payload_too_large、limit_exceeded、unsupported_media_type、invalid_data、invalid_template、"
        "pdf_busy、pdf_timeout、pdf_unavailable、pdf_failed、pdf_text_mismatch、internal",
    )
    message: str = Field(title="说明", description="一句中文说明")
    errors: list[FieldError] = Field(
        default_factory=list, title="字段错误", description="全部字段错误（不只第一个）"
    )


class ApiError(Exception):
    """An error answered as JSON with an HTTP status.  以 JSON 回答的错误。"""

    def __init__(
        self,
        status: int,
        code: str,
        message: str,
        errors: list[FieldError] | None = None,
        *,
        headers: dict[str, str] | None = None,
    ) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = scrub(message)
        self.errors = [
            FieldError(path=e.path, message=scrub(e.message), code=e.code) for e in errors or []
        ]
        self.headers = headers or {}

    def body(self) -> dict[str, Any]:
        return ErrorBody(code=self.code, message=self.message, errors=self.errors).model_dump()


def from_engine(exc: DocTemplatesError) -> ApiError:
    """The API error of an engine error (422 for data and templates)."""
    from doctemplates.inputs import LimitError
    from doctemplates.pdf.errors import (
        PdfError,
        PdfTextMismatchError,
        PdfTimeoutError,
        PdfUnavailableError,
        WorkerCrashedError,
    )

    if isinstance(exc, LimitError):
        problems = [
            FieldError(path=p.path, message=p.message, code="limit_exceeded") for p in exc.problems
        ]
        return ApiError(413, "limit_exceeded", str(exc), problems)
    if isinstance(exc, DataError):
        problems = [FieldError(path=p.path, message=p.message, code=p.code) for p in exc.problems]
        return ApiError(422, "invalid_data", str(exc), problems)
    if isinstance(exc, TemplateError):
        where = f"template:{exc.part}" if exc.part else "template"
        code = (
            "template_security" if isinstance(exc, TemplateSecurityError) else error_code(type(exc))
        )
        return ApiError(
            422, "invalid_template", str(exc), [FieldError(path=where, message=str(exc), code=code)]
        )
    if isinstance(exc, PdfTimeoutError):
        return ApiError(
            503, "pdf_timeout", f"PDF 转换超过时限：{exc}", headers={"Retry-After": "5"}
        )
    if isinstance(exc, PdfUnavailableError):
        return ApiError(503, "pdf_unavailable", "本服务未提供 PDF 转换（没有 LibreOffice）")
    if isinstance(exc, WorkerCrashedError):
        return ApiError(
            503, "pdf_failed", f"PDF 转换进程两次意外退出：{exc}", headers={"Retry-After": "5"}
        )
    if isinstance(exc, PdfTextMismatchError):  # the PDF lost text: refused, not retryable
        return ApiError(500, "pdf_text_mismatch", f"PDF 与 .docx 的文字不一致，未返回 PDF：{exc}")
    if isinstance(exc, PdfError):
        return ApiError(503, "pdf_failed", f"PDF 转换失败：{exc}")
    if isinstance(exc, OutputError):
        return ApiError(500, "internal", "服务内部错误：无法写出结果")
    return ApiError(422, error_code(type(exc)), str(exc))


def _roots() -> list[str]:
    """Folders of this server whose names must not reach a client (longest first)."""
    roots = {
        _PACKAGE_ROOT,
        sys.prefix,
        sys.base_prefix,
        sys.exec_prefix,
        tempfile.gettempdir(),
        os.path.realpath(tempfile.gettempdir()),
        os.getcwd(),
        os.path.expanduser("~"),
        "/etc",
        "/usr",
        "/var",
        "/proc",
        "/home",
        "/root",
        "/srv",
        "/opt",
    }
    return sorted((r for r in roots if r and r != "/"), key=len, reverse=True)


_STOP = r"[^\s，。：；、“”‘’（）()「」《》<>'\"]*"
_PATTERN = re.compile("|".join(re.escape(root) + _STOP for root in _roots()))


def scrub(text: str) -> str:
    """``text`` with every path under a folder of this server cut to its last name.

    >>> scrub("无法读取 /etc/passwd，请检查")
    '无法读取 passwd，请检查'
    """
    return _PATTERN.sub(lambda m: os.path.basename(m.group(0).rstrip("/")) or "…", text)
