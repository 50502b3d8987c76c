"""The record-rows endpoint: a spreadsheet's rows as items of a list field.  表格各行填入列表字段。

Replaces file paths in data (``records_file``) for the page; included in
:data:`doctemplates.service.web.router`.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from fastapi import APIRouter, Request
from pydantic import BaseModel, ConfigDict, Field

from doctemplates.service.errors import ApiError, FieldError
from doctemplates.service.requests import read_form, read_upload
from doctemplates.service.routing import error_responses, service_of

__all__ = ["router"]

router = APIRouter()


class RecordRows(BaseModel):
    """Rows of a spreadsheet as items of a list field.  表格各行。"""

    model_config = ConfigDict(title="表格记录")

    field: str = Field(title="字段", description="填入的列表字段，如 records")
    records: list[dict[str, Any]] = Field(
        title="记录", description="每行一项（表格中的行顺序），可直接作为该字段的值"
    )
    rows: list[int] = Field(title="行号", description="每项在表格中的行号（表头为第 1 行）")
    ignored: list[str] = Field(
        title="未使用的列", description="不对应任何字段的列，如“F 列「备注」”"
    )


@router.post(
    "/v1/kinds/{kind}/records",
    tags=["生成"],
    summary="读取表格到列表字段",
    description=(
        "multipart/form-data：file 部分为表格（.xlsx、.csv 或 .jsonl，按内容识别，第一行为表头，"
        "表头为中文标题或英文字段名），field 为该文种中各项为对象的列表字段（如 proposal-summary 的 records）。"
        "返回每行一项的数据，供表单填入该字段；代替数据中的文件路径（如 records_file，服务中不读取路径）。"
        "无法读取的行回答 422，指出行号。"
    ),
    response_model=RecordRows,
    responses=error_responses(400, 401, 404, 413, 415, 422),
)
async def read_record_rows(kind: str, request: Request) -> RecordRows:
    from doctemplates.service.routing import kind_or_404

    chosen = kind_or_404(kind)
    form = await read_form(request, max_files=1)
    content = await read_upload(form, "file")
    assert content is not None
    field = str(form.get("field") or "")
    item = _item_model(chosen.model, field)
    limit = service_of(request).settings.max_records
    rows: RecordRows = await service_of(request).cpu(_rows, content, field, item, limit)
    return rows


def _item_model(model: type[BaseModel], field: str) -> type[BaseModel]:
    """The model of the items of ``model``'s list field ``field`` (400 when there is none)."""
    import typing

    info = model.model_fields.get(field)
    if info is not None:
        for candidate in (info.annotation, *typing.get_args(info.annotation)):
            if typing.get_origin(candidate) is list:
                (item,) = typing.get_args(candidate) or (None,)
                if isinstance(item, type) and issubclass(item, BaseModel):
                    return item
    names = [
        name
        for name, f in model.model_fields.items()
        if typing.get_origin(f.annotation) is list
        and any(
            isinstance(a, type) and issubclass(a, BaseModel) for a in typing.get_args(f.annotation)
        )
    ]
    raise ApiError(
        400,
        "bad_request",
        f"field 应为各项为对象的列表字段（{'、'.join(names) or '本文种没有'}），不能是“{field}”",
        [FieldError(path="field", message="不是各项为对象的列表字段", code="literal_error")],
    )


def _rows(content: bytes, field: str, item: type[BaseModel], limit: int) -> RecordRows:
    import datetime as dt
    import tempfile

    from doctemplates.records import open_records
    from doctemplates.service.batchzip import records_suffix

    def plain(value: Any) -> Any:  # a date cell is a datetime at midnight: the date
        if isinstance(value, dt.datetime) and value.time() == dt.time():
            return value.date().isoformat()
        if isinstance(value, dt.date | dt.datetime | dt.time):
            return value.isoformat()
        return value

    with tempfile.TemporaryDirectory(prefix="doctemplates-rows-") as folder:
        source = Path(folder) / f"records.{records_suffix(content)}"
        source.write_bytes(content)
        opened = open_records(source, item)
        records: list[dict[str, Any]] = []
        rows: list[int] = []
        for record in opened:
            if record.error:
                raise ApiError(
                    422,
                    "invalid_data",
                    f"表格第 {record.row} 行无法读取：{record.error}",
                    [FieldError(path=field, message=record.error, code="invalid_record")],
                )
            if len(records) >= limit:
                raise ApiError(413, "payload_too_large", f"表格超过 {limit} 行，请分开提交")
            records.append(json.loads(json.dumps(record.data, ensure_ascii=False, default=plain)))
            rows.append(record.row)
    ignored = list(opened.columns.ignored) if opened.columns is not None else []
    return RecordRows(field=field, records=records, rows=rows, ignored=ignored)
