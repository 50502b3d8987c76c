"""The check and lint endpoints: a .docx or PDF against GB/T 9704, a template.  检查与模板检查地址。

Included in :data:`doctemplates.service.routes.router` (after batch, as before).
"""

from __future__ import annotations

import json
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, Any

from fastapi import APIRouter, Request

from doctemplates.errors import DocTemplatesError
from doctemplates.findings import Finding, findings_json
from doctemplates.service.errors import ApiError, FieldError
from doctemplates.service.models import CheckReport, LintReport
from doctemplates.service.requests import read_form, read_upload, sniffed
from doctemplates.service.routing import error_responses, kind_or_404, service_of

if TYPE_CHECKING:
    from doctemplates.kinds import Kind

__all__ = ["router"]

router = APIRouter()


@router.post(
    "/v1/check",
    tags=["检查"],
    summary="按 GB/T 9704 检查公文",
    description="multipart/form-data：file 部分为 .docx 或 PDF（按内容识别），可选 format 为公文格式"
    "（文件、信函、讲话、纪要）。返回全部检查结果及其条款和位置"
    "（与 doctemplates check --json 相同；结果与 /v1/lint 同为 Finding）。",
    response_model=CheckReport,
    responses=error_responses(400, 401, 413, 415, 422),
)
async def check(request: Request) -> CheckReport:
    form = await read_form(request, max_files=1)
    content = await read_upload(form, "file")
    assert content is not None
    fmt = form.get("format")
    kind = sniffed(
        content, ("pdf", "zip"), "file", "只能检查 .docx 或 PDF 文件", "不是 .docx 或 PDF"
    )
    suffix = "pdf" if kind == "pdf" else "docx"
    report = await service_of(request).cpu(_check, content, suffix, str(fmt) if fmt else None)
    return CheckReport.model_validate({"file_type": suffix, **report})


def _report(findings: list[Finding]) -> dict[str, Any]:
    """The findings as the CLI's ``--json`` tells them (without the file name)."""
    report: dict[str, Any] = json.loads(findings_json(findings))
    del report["file"]
    return report


def _check(content: bytes, suffix: str, fmt: str | None) -> dict[str, Any]:
    from doctemplates.check import check_file

    with tempfile.TemporaryDirectory(prefix="doctemplates-check-") as folder:
        path = Path(folder) / f"upload.{suffix}"
        path.write_bytes(content)
        try:
            return _report(check_file(path, fmt))
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
    "返回拆开的标签、未知变量、外部链接、宏以及版式（GB/T 9704）等问题"
    "（与 doctemplates lint --json 相同；结果与 /v1/check 同为 Finding）。",
    response_model=LintReport,
    responses=error_responses(400, 401, 404, 413, 415),
)
async def lint(request: Request) -> LintReport:
    service = service_of(request)
    form = await read_form(request, max_files=1)
    content = await read_upload(form, "template")
    assert content is not None
    if len(content) > service.settings.max_template_bytes:
        raise ApiError(413, "payload_too_large", "上传的模板超过大小上限")
    sniffed(content, ("zip",), "template", "模板应为 .docx 文件", "不是 .docx")
    kind_name = form.get("kind")
    kind = kind_or_404(str(kind_name)) if kind_name else None
    return LintReport.model_validate(await service.cpu(_lint, content, kind))


def _lint(content: bytes, kind: Kind | None) -> dict[str, Any]:
    from doctemplates.lint import LintError, lint_template

    try:
        context_type, groups = (kind.context_type, kind.groups) if kind else (None, None)
        return _report(lint_template(content, context_type=context_type, groups=groups))
    except LintError as exc:
        raise ApiError(
            415,
            "unsupported_media_type",
            str(exc),
            [FieldError(path="template", message=exc.message, code="lint_error")],
        ) from exc
