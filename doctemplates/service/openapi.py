"""The OpenAPI document, from the same models.  OpenAPI 文档（由同一套模型生成）。

FastAPI describes the routes and the response models; this module adds what a
route reads itself: the data of every kind (each kind's pydantic model, with its
Chinese titles and descriptions, under ``components/schemas``) as the body of
``render`` and ``validate``, and the multipart parts of ``batch``, ``check`` and
``lint``.  Generators (openapi-generator ``java`` …) make typed clients from it.
"""

from __future__ import annotations

from typing import Any, Literal

from fastapi import FastAPI
from fastapi.openapi.utils import get_openapi
from pydantic import BaseModel
from pydantic.json_schema import models_json_schema

from doctemplates.kinds import available_kinds

__all__ = ["install_openapi"]

_REF = "#/components/schemas/{model}"
_BINARY = {"type": "string", "format": "binary"}


def install_openapi(app: FastAPI) -> None:
    """Replace ``app.openapi`` with the generator of the complete document (cached)."""

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            app.openapi_schema = _document(app)
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]


def _document(app: FastAPI) -> dict[str, Any]:
    document = get_openapi(
        title=app.title,
        version=app.version,
        description=app.description,
        routes=app.routes,
        tags=app.openapi_tags,
    )
    components = document.setdefault("components", {}).setdefault("schemas", {})
    kind_refs = _kind_schemas(components)
    for item in document.get("paths", {}).values():
        for operation in item.values():
            body = operation.pop("x-doctemplates-body", None)
            if body == "kind-data":
                operation["requestBody"] = _data_body(kind_refs)
            elif body == "batch":
                operation["requestBody"] = _batch_body()
    _multipart(document, "/v1/check", {"file": _BINARY, "format": _format_field()}, ["file"])
    _multipart(
        document,
        "/v1/import",
        {
            "file": {**_BINARY, "title": "草稿", "description": ".docx、.txt 或 .md"},
            "format": {"type": "string", "enum": ["markdown", "text"], "title": "文本格式"},
            "no_normalize": {
                "type": "string",
                "title": "不做的规范化",
                "description": "规则名，逗号分隔，如 punctuation,unwrap",
            },
        },
        ["file"],
    )
    _multipart(
        document,
        "/v1/data-file",
        {"file": {**_BINARY, "title": "数据文件", "description": "YAML 或 JSON"}},
        ["file"],
    )
    _multipart(
        document,
        "/v1/kinds/{kind}/records",
        {
            "file": {**_BINARY, "title": "表格", "description": ".xlsx、.csv 或 .jsonl"},
            "field": {"type": "string", "title": "字段", "description": "列表字段，如 records"},
        },
        ["file", "field"],
    )
    _multipart(
        document,
        "/v1/pages",
        {"file": {**_BINARY, "title": "文件", "description": ".docx 或 PDF"}},
        ["file"],
    )
    _multipart(
        document,
        "/v1/lint",
        {"template": _BINARY, "kind": {"type": "string", "title": "文种"}},
        ["template"],
    )
    return document


def _kind_schemas(components: dict[str, Any]) -> list[dict[str, str]]:
    models: list[tuple[type[BaseModel], Literal["validation", "serialization"]]] = [
        (kind.model, "validation") for kind in available_kinds().values()
    ]
    keys, definitions = models_json_schema(models, ref_template=_REF)
    components.update(definitions.get("$defs", {}))
    return [{"$ref": keys[(model, mode)]["$ref"]} for model, mode in models]


def _data_body(refs: list[dict[str, str]]) -> dict[str, Any]:
    data = {
        "anyOf": refs,
        "title": "公文数据",
        "description": "该文种的数据，结构见 /v1/kinds/{kind}/schema",
    }
    return {
        "required": True,
        "content": {
            "application/json": {"schema": data},
            "multipart/form-data": {
                "schema": {
                    "type": "object",
                    "title": "数据和上传文件",
                    "properties": {
                        "data": {"type": "string", "title": "数据", "description": "JSON 数据"},
                        "template": {
                            **_BINARY,
                            "title": "模板",
                            "description": "修改过的 .docx 模板（可选）",
                        },
                    },
                    "additionalProperties": {
                        **_BINARY,
                        "description": "图片，部分名为字段路径，如 signature.seal_image",
                    },
                    "required": ["data"],
                }
            },
        },
    }


def _batch_body() -> dict[str, Any]:
    return {
        "required": True,
        "content": {
            "multipart/form-data": {
                "schema": {
                    "type": "object",
                    "title": "批量生成",
                    "properties": {
                        "records": {
                            **_BINARY,
                            "title": "记录文件",
                            "description": ".xlsx、.csv 或 .jsonl",
                        },
                        "defaults": {
                            "type": "string",
                            "title": "共用数据",
                            "description": "各行共用的数据（JSON 对象）",
                        },
                        "template": {**_BINARY, "title": "模板"},
                        "name": {
                            "type": "string",
                            "title": "文件名模式",
                            "description": "如 {提案号}-{案由}",
                        },
                        "format": {"type": "string", "enum": ["docx", "pdf"], "title": "输出格式"},
                    },
                    "required": ["records"],
                }
            }
        },
    }


def _format_field() -> dict[str, Any]:
    return {"type": "string", "enum": ["文件", "信函", "讲话", "纪要"], "title": "公文格式"}


def _multipart(
    document: dict[str, Any], path: str, properties: dict[str, Any], required: list[str]
) -> None:
    operation = document["paths"][path]["post"]
    operation["requestBody"] = {
        "required": True,
        "content": {
            "multipart/form-data": {
                "schema": {"type": "object", "properties": properties, "required": required}
            }
        },
    }
