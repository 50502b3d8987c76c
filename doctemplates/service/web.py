"""The page for staff (``/``) and the endpoints it needs.  网页及其所用的接口。

The page (``static/``: HTML, ES2020 modules and CSS written for this project, no
CDN and no build step) is a client of the documented API only; what it needed
that the API lacked is here, documented in the OpenAPI like every endpoint:

- ``POST /v1/import``: a draft (.docx/.txt/.md) → the data of a 公文 and the
  import report (the ``doctemplates import`` machinery, :mod:`doctemplates.importer`);
- ``POST /v1/kinds/{kind}/data-file``: data → the YAML/JSON data file the CLI reads;
- ``POST /v1/data-file``: a YAML/JSON data file → its kind and data (to fill a form);
- ``POST /v1/pages``: an uploaded .docx or PDF → one page as PNG (the pictures of
  a check report).

The page pictures are :mod:`.pictures`, the rows of a spreadsheet :mod:`.rows`
(both included in :data:`router`).

The page and its files are public (no token: they hold no data); the page asks
for the token when the API answers 401.
"""

from __future__ import annotations

import base64
import json
from importlib import resources
from pathlib import Path
from typing import Annotated, Any, Literal
from urllib.parse import quote

from fastapi import APIRouter, FastAPI, Query, Request
from fastapi.responses import Response
from pydantic import BaseModel, ConfigDict, Field
from starlette.staticfiles import StaticFiles

from doctemplates.errors import DocTemplatesError
from doctemplates.service import pictures, rows
from doctemplates.service.errors import ApiError, FieldError
from doctemplates.service.requests import parse_json, read_form, read_upload, sniff, sniffed
from doctemplates.service.routing import error_responses, kind_or_404, service_of

__all__ = ["STATIC_PREFIX", "install_page", "router"]

#: Where the page's scripts and styles are served (public, like ``/``).
STATIC_PREFIX = "/static/"
#: The page may load only what this server serves (no CDN, no inline script).
PAGE_POLICY = (
    "default-src 'self'; img-src 'self' blob: data:; object-src 'none'; "
    "base-uri 'none'; frame-ancestors 'none'; form-action 'none'"
)

router = APIRouter()

_UPLOAD_ERRORS = (400, 401, 413, 415, 422)


# -- the page -----------------------------------------------------------------------------------
def static_folder() -> Path:
    """The folder of the page's files (package data: a wheel ships them)."""
    return Path(str(resources.files("doctemplates.service") / "static"))


class _PageFiles(StaticFiles):
    """Static files with the page's security headers (no caching of a stale script)."""

    async def get_response(self, path: str, scope: Any) -> Any:
        response = await super().get_response(path, scope)
        _secure(response)
        return response


def _secure(response: Response) -> None:
    response.headers["Content-Security-Policy"] = PAGE_POLICY
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Referrer-Policy"] = "no-referrer"
    response.headers["Cache-Control"] = "no-cache"


def install_page(app: FastAPI) -> None:
    """Serve the page at ``/`` and its files under :data:`STATIC_PREFIX`."""
    folder = static_folder()
    index = (folder / "index.html").read_bytes()

    @app.get("/", include_in_schema=False)
    def page() -> Response:
        response = Response(index, media_type="text/html; charset=utf-8")
        _secure(response)
        return response

    app.mount(STATIC_PREFIX.rstrip("/"), _PageFiles(directory=folder), name="static")


# -- import a draft -------------------------------------------------------------------------------
class ImportEntry(BaseModel):
    """One decision of the importer.  导入报告的一条记录。"""

    model_config = ConfigDict(title="导入记录")

    action: Literal["recognised", "normalised", "undecided", "note"] = Field(
        title="类别", description="recognised 识别、normalised 规范、undecided 未能确定、note 说明"
    )
    where: str = Field(title="位置", description="如“第 12 行”“第 5 段”“全文”")
    message: str = Field(title="说明")
    text: str = Field(title="源段落", description="草稿中的文字（节选）")
    rule: str | None = Field(default=None, title="规范化规则")
    element: str | None = Field(default=None, title="要素", description="如 title、body[1]")


class ImportResult(BaseModel):
    """A draft turned into data.  草稿导入结果。"""

    model_config = ConfigDict(title="导入结果")

    kind: str = Field(title="文种", description="导入为通用公文：document")
    title: str = Field(title="标题")
    format: str = Field(title="公文格式", description="文件、信函、讲话、纪要")
    data: dict[str, Any] = Field(
        title="数据",
        description="该文种的数据（可直接交给 /v1/kinds/document/render）；图片为 data: URI",
    )
    report: list[ImportEntry] = Field(title="导入报告", description="识别、规范化和未能确定的事项")


_DRAFT_FORMATS = {"docx", "markdown", "text"}


@router.post(
    "/v1/import",
    tags=["生成"],
    summary="导入草稿（草稿 → 公文数据）",
    description=(
        "multipart/form-data：file 部分为草稿（.docx、.txt 或 .md；.docx 按内容识别，"
        "文本按扩展名区分 Markdown 与纯文本，或用 format 指定 markdown / text），"
        "可选 no_normalize 为不做的规范化规则（逗号分隔）。返回识别出的数据（通用公文 document）和导入报告："
        "识别了什么（标题、层次、署名）、做了哪些规范化、哪些未能确定。与 `doctemplates import` 相同；"
        "草稿中的图片成为 data: URI，Markdown 中引用的图片文件不读取。"
    ),
    response_model=ImportResult,
    responses=error_responses(*_UPLOAD_ERRORS),
)
async def import_draft(request: Request) -> ImportResult:
    form = await read_form(request, max_files=1)
    content = await read_upload(form, "file")
    assert content is not None
    upload = form.get("file")
    filename = str(getattr(upload, "filename", "") or "")
    fmt = _draft_format(content, filename, form.get("format"))
    off = [r.strip() for r in str(form.get("no_normalize") or "").split(",") if r.strip()]
    result: ImportResult = await service_of(request).cpu(_import, content, fmt, off)
    return result


def _draft_format(content: bytes, filename: str, chosen: object) -> str:
    """docx by content; Markdown or text by the ``format`` field, else by the name's suffix."""
    found = sniffed(
        content, ("zip", "text"), "file", "草稿应为 .docx、.txt 或 .md 文件", "不是 .docx 或文本"
    )
    if found == "zip":
        return "docx"
    if chosen:
        if str(chosen) not in _DRAFT_FORMATS - {"docx"}:
            raise ApiError(
                400,
                "bad_request",
                "format 应为 markdown 或 text",
                [FieldError(path="format", message="应为 markdown 或 text", code="literal_error")],
            )
        return str(chosen)
    return "markdown" if filename.lower().endswith((".md", ".markdown")) else "text"


def _import(content: bytes, fmt: str, off: list[str]) -> ImportResult:
    from doctemplates.importer import import_docx, import_markdown, import_text, options
    from doctemplates.importer.text import decode

    try:
        chosen = options(off)
    except DocTemplatesError as exc:
        raise ApiError(
            400,
            "bad_request",
            str(exc),
            [FieldError(path="no_normalize", message=str(exc), code="unknown_rule")],
        ) from exc
    if fmt == "docx":
        result = import_docx(content, options=chosen)
    else:
        text, _encoding = decode(content, "草稿")
        if fmt == "markdown":
            # base=None and file access off: a picture named in the draft is not read
            result = import_markdown(text, options=chosen)
        else:
            result = import_text(text, options=chosen)
    data = _inline_media(result.data, result.media)
    return ImportResult(
        kind="document",
        title=result.model.title,
        format=str(result.model.format),
        data=json.loads(json.dumps(data, ensure_ascii=False, default=str)),
        report=[ImportEntry.model_validate(e) for e in result.report.as_dicts()],
    )


def _inline_media(value: Any, media: dict[str, bytes]) -> Any:
    """The data with each picture name (``images/image1.png``) replaced by its data: URI."""
    if isinstance(value, dict):
        return {k: _inline_media(v, media) for k, v in value.items()}
    if isinstance(value, list):
        return [_inline_media(v, media) for v in value]
    if isinstance(value, str) and value in media:
        content = media[value]
        kind = sniff(content)
        mime = kind if kind and kind.startswith("image/") else "application/octet-stream"
        return f"data:{mime};base64,{base64.b64encode(content).decode('ascii')}"
    return value


# -- data files -----------------------------------------------------------------------------------
class DataFile(BaseModel):
    """A data file read back.  读入的数据文件。"""

    model_config = ConfigDict(title="数据文件")

    kind: str | None = Field(title="文种", description="文件中 kind 的值（英文名），没有则为 null")
    data: dict[str, Any] = Field(title="数据", description="除 kind 外的全部数据")


@router.post(
    "/v1/kinds/{kind}/data-file",
    tags=["生成"],
    summary="保存为数据文件（YAML / JSON）",
    description=(
        "请求体为该文种的 JSON 数据（不要求已填完整）；返回命令行 `doctemplates render` 可直接读取的"
        "数据文件：首行 kind 为文种，`?format=yaml`（默认）或 `?format=json`。表单由此成为可重复使用的数据文件。"
    ),
    responses={
        200: {
            "description": "数据文件",
            "content": {"application/yaml": {}, "application/json": {}},
        },
        **error_responses(400, 401, 404, 413, 415, 422),
    },
    response_class=Response,
    openapi_extra={"x-doctemplates-body": "kind-data"},
)
async def write_data_file(
    kind: str,
    request: Request,
    format: Annotated[
        Literal["yaml", "json"],
        Query(title="文件格式", description="yaml（默认）或 json"),
    ] = "yaml",
) -> Response:
    from doctemplates.service.requests import read_data

    chosen = kind_or_404(kind)
    data, _template = await read_data(request)
    data.pop("kind", None)
    body = {"kind": chosen.name, **data}
    title = data.get("title") if isinstance(data.get("title"), str) else None
    stem = quote((title or chosen.title)[:60])
    if format == "json":
        content = json.dumps(body, ensure_ascii=False, indent=2).encode("utf-8") + b"\n"
        media = "application/json"
    else:
        content = _yaml(body, chosen.title).encode("utf-8")
        media = "application/yaml"
    disposition = (
        f"attachment; filename=\"{chosen.name}.{format}\"; filename*=UTF-8''{stem}.{format}"
    )
    return Response(content, media_type=media, headers={"Content-Disposition": disposition})


def _yaml(body: dict[str, Any], title: str) -> str:
    """YAML the CLI reads back, with a comment naming the kind and how to render it.

    >>> print(_yaml({"kind": "plan", "date": "2026-04-08"}, "工作实施方案"), end="")
    # 工作实施方案：doctemplates render 本文件 -o 输出.docx
    kind: plan
    date: '2026-04-08'
    """
    import yaml

    text = yaml.safe_dump(body, allow_unicode=True, sort_keys=False, width=1000)
    return f"# {title}：doctemplates render 本文件 -o 输出.docx\n{text}"


@router.post(
    "/v1/data-file",
    tags=["生成"],
    summary="读取数据文件（YAML / JSON）",
    description=(
        "multipart/form-data：file 部分为命令行所用的数据文件（YAML 或 JSON，按内容识别）。"
        "返回其中的文种（kind）和数据，供表单填入；格式错误回答 422 并指出行和列。文件中的路径不读取。"
    ),
    response_model=DataFile,
    responses=error_responses(*_UPLOAD_ERRORS),
)
async def read_data_file(request: Request) -> DataFile:
    form = await read_form(request, max_files=1)
    content = await read_upload(form, "file")
    assert content is not None
    parsed: DataFile = await service_of(request).cpu(_parse_data_file, content)
    return parsed


def _parse_data_file(content: bytes) -> DataFile:
    from doctemplates.data import parse_data

    sniffed(content, ("text",), "file", "数据文件应为 YAML 或 JSON 文本", "不是文本文件")
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ApiError(400, "bad_request", "数据文件不是 UTF-8 编码") from exc
    fmt = "json" if text.lstrip().startswith("{") else "yaml"
    if fmt == "json":
        parse_json(content, "数据文件")  # 400 with line and column for broken JSON
    data = parse_data(text, fmt, "数据文件")
    kind = data.pop("kind", None)
    return DataFile(
        kind=str(kind) if kind is not None else None,
        data=json.loads(json.dumps(data, ensure_ascii=False, default=str)),
    )


# -- page pictures (:mod:`.pictures`), rows of a spreadsheet (:mod:`.rows`): last, as before ------
router.include_router(pictures.router)
router.include_router(rows.router)
