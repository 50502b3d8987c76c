"""The document service: ``doctemplates serve``.  公文生成 HTTP 服务。

An HTTP API over the engine for the systems that call us (OA platforms, 提案
systems, web pages): kinds and their JSON Schemas, validate, render (.docx or
PDF), batch (a streamed zip), check and lint, with JSON errors that list every
field error, a bounded PDF queue, optional bearer tokens, Prometheus metrics
and an OpenAPI document.  Needs the ``[server]`` extra (FastAPI, uvicorn).
Kinds come from the registry: this package imports nothing of ``pingyi_docs``.

>>> from doctemplates.service import create_app, ServiceSettings   # doctest: +SKIP
>>> app = create_app(ServiceSettings(pdf_workers=0))                # doctest: +SKIP
"""

from __future__ import annotations

from doctemplates.service.app import create_app as create_app
from doctemplates.service.server import serve as serve
from doctemplates.service.settings import ServiceSettings as ServiceSettings

__all__ = ["ServiceSettings", "create_app", "serve"]
