"""Reading what a request carries: JSON data, uploads, pictures.  读取请求内容。

Uploads are recognised by their content, not by their names: a PDF starts with
``%PDF-``, a .docx or .xlsx is a zip, a picture has its image signature.  A
picture uploaded as a multipart part named by a field path
(``signature.seal_image``) becomes a ``data:`` URI in that field, so the engine
never needs a path.
"""

from __future__ import annotations

import base64
import json
import re
from typing import Any

from starlette.datastructures import FormData, UploadFile
from starlette.requests import Request

from doctemplates.data import parse_json_value
from doctemplates.service.errors import ApiError, FieldError

__all__ = [
    "parse_json",
    "read_data",
    "read_form",
    "read_upload",
    "sniff",
    "sniffed",
]

#: Parts of a multipart render request that are not pictures for a field.
RESERVED_PARTS = frozenset({"data", "template"})
_IMAGE_SIGNATURES = (
    (b"\x89PNG\r\n\x1a\n", "image/png"),
    (b"\xff\xd8\xff", "image/jpeg"),
    (b"GIF87a", "image/gif"),
    (b"GIF89a", "image/gif"),
    (b"BM", "image/bmp"),
    (b"II*\x00", "image/tiff"),
    (b"MM\x00*", "image/tiff"),
)
_PATH_PART = re.compile(r"([^.\[\]]+)|\[(\d+)\]")
_FIELD_PATH = re.compile(r"[^.\[\]]+(?:\.[^.\[\]]+|\[\d+\])*")


def sniff(content: bytes) -> str | None:
    """``"pdf"``, ``"zip"``, an image media type, ``"text"`` or None, from the first bytes.

    >>> sniff(b"%PDF-1.7"), sniff(b"PK\\x03\\x04..."), sniff(b"\\x89PNG\\r\\n\\x1a\\n..")
    ('pdf', 'zip', 'image/png')
    """
    if content.startswith(b"%PDF-"):
        return "pdf"
    if content.startswith(b"PK\x03\x04"):
        return "zip"
    for signature, media in _IMAGE_SIGNATURES:
        if content.startswith(signature):
            return media
    try:
        content[:4096].decode("utf-8")
    except UnicodeDecodeError as exc:
        if exc.start < 4090:  # not a character cut at the end of the sample
            return None
    return "text"


def sniffed(content: bytes, allowed: tuple[str, ...], field: str, refusal: str, label: str) -> str:
    """The :func:`sniff` type of an upload, one of ``allowed``; otherwise a 415 naming
    ``field`` (``refusal``: the sentence, ``label``: what the part is not).

    >>> sniffed(b"%PDF-1.7", ("pdf", "zip"), "file", "只能检查 .docx 或 PDF 文件", "不是 .docx 或 PDF")
    'pdf'
    """
    found = sniff(content)
    if found is None or found not in allowed:
        raise ApiError(
            415,
            "unsupported_media_type",
            refusal,
            [FieldError(path=field, message=label, code="unsupported_media_type")],
        )
    return found


def parse_json(raw: bytes, what: str) -> Any:
    """JSON of ``raw``; a body that is not JSON is a 400 naming line and column."""
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ApiError(400, "bad_request", f"{what}不是 UTF-8 编码的 JSON") from exc
    try:  # bounded depth, integer digits and value count (doctemplates.inputs.Limits)
        return parse_json_value(text, what)
    except json.JSONDecodeError as exc:
        raise ApiError(
            400,
            "bad_request",
            f"{what}第 {exc.lineno} 行第 {exc.colno} 列 JSON 格式错误：{exc.msg}",
        ) from exc
    except RecursionError as exc:
        raise ApiError(400, "bad_request", f"{what}嵌套过深") from exc
    except ValueError as exc:  # an integer of more than 4,300 digits
        raise ApiError(400, "bad_request", f"{what}中的数字过长") from exc


def _object(value: Any, what: str) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise ApiError(
            422,
            "invalid_data",
            f"{what}的顶层应为 JSON 对象（键值对）",
            [FieldError(path="", message="应为对象（键值对）", code="dict_type")],
        )
    return value


async def read_form(request: Request, *, max_files: int = 32) -> FormData:
    """The multipart form (415 for anything else, 400 when it cannot be read)."""
    if not _media_type(request).startswith("multipart/form-data"):
        raise ApiError(415, "unsupported_media_type", "请求体应为 multipart/form-data（上传文件）")
    try:
        return await request.form(max_files=max_files, max_fields=64)
    except ApiError:
        raise
    except Exception as exc:  # python-multipart and Starlette raise several types
        if type(exc).__name__ == "_BodyTooLarge":
            raise
        raise ApiError(400, "bad_request", "无法读取上传的表单（multipart 格式有误）") from exc


async def read_upload(form: FormData, name: str, *, required: bool = True) -> bytes | None:
    """The bytes of the uploaded part ``name`` (a text field is accepted as its UTF-8 bytes)."""
    value = form.get(name)
    if value is None:
        if required:
            raise ApiError(
                400,
                "bad_request",
                f"缺少上传的 {name} 部分",
                [FieldError(path=name, message="缺少必填的上传部分", code="missing")],
            )
        return None
    if isinstance(value, UploadFile):
        return await value.read()
    return str(value).encode("utf-8")


async def read_data(request: Request) -> tuple[dict[str, Any], bytes | None]:
    """(data, uploaded template bytes) of a render or validate request.

    ``application/json``: the body is the data.  ``multipart/form-data``: part
    ``data`` (JSON), optional part ``template`` (.docx) and pictures in parts
    named by a field path.
    """
    media = _media_type(request)
    if media == "application/json" or media.endswith("+json"):
        return _object(parse_json(await request.body(), "请求数据"), "请求数据"), None
    if not media.startswith("multipart/form-data"):
        raise ApiError(
            415,
            "unsupported_media_type",
            "请求体应为 application/json（数据）或 multipart/form-data（数据和上传文件）",
        )
    form = await read_form(request)
    raw = await read_upload(form, "data")
    assert raw is not None
    data = _object(parse_json(raw, "data 部分"), "data 部分")
    template = await read_upload(form, "template", required=False)
    for name, value in form.multi_items():
        if name in RESERVED_PARTS:
            continue
        if not isinstance(value, UploadFile):
            raise ApiError(
                400,
                "bad_request",
                f"未知的表单字段 {name}（数据放在 data 部分，图片按字段路径上传）",
                [FieldError(path=name, message="未知的表单字段", code="unknown_part")],
            )
        set_path(data, name, picture_uri(await value.read(), name))
    return data, template


def picture_uri(content: bytes, field: str) -> str:
    """An uploaded picture as a ``data:`` URI; anything but a picture is 415."""
    media = sniff(content)
    if media is None or not media.startswith("image/"):
        raise ApiError(
            415,
            "unsupported_media_type",
            f"上传的 {field} 不是图片（应为 PNG、JPEG、GIF、BMP 或 TIFF）",
            [FieldError(path=field, message="不是图片", code="unsupported_media_type")],
        )
    return f"data:{media};base64,{base64.b64encode(content).decode('ascii')}"


def set_path(data: dict[str, Any], path: str, value: Any) -> None:
    """Put ``value`` at ``path`` (``signature.seal_image``, ``attachments[0].title``).

    >>> d = {"signature": {"date": "2026-04-20"}}
    >>> set_path(d, "signature.seal_image", "data:,")
    >>> d
    {'signature': {'date': '2026-04-20', 'seal_image': 'data:,'}}
    """
    steps: list[str | int] = [
        m.group(1) if m.group(1) is not None else int(m.group(2)) for m in _PATH_PART.finditer(path)
    ]
    if not _FIELD_PATH.fullmatch(path):
        raise ApiError(400, "bad_request", f"上传部分的名称 {path} 不是字段路径")
    current: Any = data
    for step, following in zip(steps, [*steps[1:], None], strict=True):
        if following is None:
            break
        if isinstance(step, int):
            if not isinstance(current, list) or step >= len(current):
                raise ApiError(400, "bad_request", f"上传部分的字段路径 {path} 在数据中不存在")
            current = current[step]
        else:
            if not isinstance(current, dict):
                raise ApiError(400, "bad_request", f"上传部分的字段路径 {path} 在数据中不存在")
            current = current.setdefault(step, [] if isinstance(following, int) else {})
    last = steps[-1]
    if isinstance(last, int) or not isinstance(current, dict):
        raise ApiError(400, "bad_request", f"上传部分的字段路径 {path} 应以字段名结尾")
    current[last] = value


def _media_type(request: Request) -> str:
    return request.headers.get("content-type", "").split(";")[0].strip().lower()
