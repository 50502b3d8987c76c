"""The HTTP application (FastAPI).  HTTP 应用。

``create_app(settings)`` builds one application: routes of :mod:`.routes`,
JSON errors (:mod:`.errors`), a guard in front of everything (bearer token, body
size, metrics), the PDF pool with its bounded queue (:mod:`.pdfgate`) and a
process pool for batches.  Files named in posted data are refused in this
process and in its batch processes (:func:`doctemplates.data.set_file_access`).
"""

from __future__ import annotations

import contextlib
import functools
import hmac
import logging
import threading
import time
from collections.abc import AsyncIterator, Awaitable, Callable, MutableMapping
from concurrent.futures import Executor, ProcessPoolExecutor
from typing import Any, TypeVar

import anyio
import anyio.to_thread
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.middleware.cors import CORSMiddleware
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from doctemplates import __version__
from doctemplates.data import set_file_access
from doctemplates.errors import DocTemplatesError
from doctemplates.service.errors import ApiError, FieldError, from_engine
from doctemplates.service.metrics import Metrics
from doctemplates.service.settings import ServiceSettings

__all__ = ["Service", "create_app", "create_app_from_env"]

_log = logging.getLogger("doctemplates.service")
T = TypeVar("T")

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

#: Paths open without a token (probes of a load balancer, the API description, the page).
PUBLIC_PATHS = frozenset({"/healthz", "/readyz", "/openapi.json", "/docs", "/"})
#: Folders open without a token: the page's scripts and styles (they hold no data).
PUBLIC_PREFIXES = ("/static/",)
#: Paths that take uploads (multipart): the larger body bound applies.
UPLOAD_SUFFIXES = ("/batch", "/check", "/lint", "/import", "/pages")

DESCRIPTION = """\
按 GB/T 9704-2012《党政机关公文格式》生成公文（.docx / PDF）、检查公文和模板的 HTTP 服务。

- 数据为 JSON，结构见 `GET /v1/kinds/{kind}/schema`（JSON Schema，中文标题和说明）；
- 错误为 JSON：`code`（稳定的机器代码）、`message`（中文说明）和全部字段错误 `errors`；
- 图片（印章）以 data: URI 或上传文件提供，服务不读取服务器上的任何文件；
- PDF 转换排队已满时回答 429 并给出 `Retry-After`，转换超时回答 503。
"""


class Service:
    """What the routes share: settings, metrics, PDF gate, batch processes."""

    def __init__(self, settings: ServiceSettings) -> None:
        self.settings = settings
        self.metrics = Metrics()
        self.gate: Any = None  # PdfGate once LibreOffice is up
        self.pdf_error: str = ""
        self.pdf_started = threading.Event()
        self._batch: Executor | None = None
        self._lock = threading.Lock()
        self._cpu: anyio.CapacityLimiter | None = None  # made in the event loop (lifespan)
        from doctemplates.package import PackageLimits
        from doctemplates.render.limits import RenderLimits
        from doctemplates.service.templates import TemplateCache

        # an uploaded template: the render sandbox's bounds, its file size the service's own
        limits = RenderLimits(package=PackageLimits(max_file_size=settings.max_template_bytes))
        self.templates = TemplateCache(settings.template_cache, limits)

    # -- threads ----------------------------------------------------------------------
    async def cpu(self, fn: Callable[..., T], *args: Any) -> T:
        """Run CPU work (validate, render, check) in one of a few threads, first come first served.

        Few threads, not anyio's 40: CPU-bound threads that fight for the GIL starve the
        event loop and make latency unfair; a short FIFO of waiting requests does not.
        """
        if self._cpu is None:
            self._cpu = anyio.CapacityLimiter(max(1, self.settings.render_threads))
        return await anyio.to_thread.run_sync(functools.partial(fn, *args), limiter=self._cpu)

    async def wait(self, fn: Callable[..., T], *args: Any) -> T:
        """Run work that mostly waits (a PDF conversion in LibreOffice) in anyio's thread pool."""
        return await anyio.to_thread.run_sync(functools.partial(fn, *args))

    # -- PDF pool ---------------------------------------------------------------------
    def start_pdf(self) -> None:
        """Start the LibreOffice workers (in a thread: ``/readyz`` says when they are up)."""
        if self.settings.pdf_workers <= 0:
            self.pdf_error = "本服务未启用 PDF 转换（--pdf-workers 0）"
            self.pdf_started.set()
            return
        threading.Thread(target=self._start_pdf, name="pdf-start", daemon=True).start()

    def _start_pdf(self) -> None:
        from doctemplates.pdf import ConverterPool
        from doctemplates.service.pdfgate import PdfGate

        try:
            pool = ConverterPool(
                self.settings.pdf_workers, timeout=self.settings.pdf_timeout
            ).start()
        except DocTemplatesError as exc:
            self.pdf_error = str(exc)
            _log.warning("PDF conversion unavailable: %s", exc)
        else:
            self.gate = PdfGate(
                pool,
                self.metrics,
                queue=self.settings.pdf_queue,
                wait=self.settings.pdf_wait,
                timeout=self.settings.pdf_timeout,
            )
        finally:
            self.pdf_started.set()

    def require_pdf(self) -> Any:
        """The PDF gate, or 503 while it starts or where there is no LibreOffice."""
        if self.gate is not None:
            return self.gate
        if not self.pdf_started.is_set():
            raise ApiError(
                503,
                "pdf_unavailable",
                "PDF 转换进程正在启动，请稍后重试",
                headers={"Retry-After": "5"},
            )
        raise ApiError(503, "pdf_unavailable", self.pdf_error or "本服务未提供 PDF 转换")

    # -- batch processes ----------------------------------------------------------------
    def batch_executor(self) -> Executor:
        """The process pool of batches (created on first use; file access off inside)."""
        with self._lock:
            if self._batch is None:
                from doctemplates.batch import InlineExecutor

                workers = self.settings.batch_workers
                self._batch = (
                    InlineExecutor()
                    if workers <= 1
                    else ProcessPoolExecutor(
                        max_workers=workers, initializer=set_file_access, initargs=(False,)
                    )
                )
            return self._batch

    def close(self) -> None:
        if self._batch is not None:
            self._batch.shutdown(cancel_futures=True)
        if self.gate is not None:
            self.gate.pool.close()


def create_app(settings: ServiceSettings | None = None) -> FastAPI:
    """The application.  ``settings`` default to safe values (no tokens, no CORS)."""
    settings = (settings or ServiceSettings()).with_tokens()
    set_file_access(False)  # nothing in posted data may make this process read a file
    service = Service(settings)

    @contextlib.asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        service.start_pdf()
        try:
            yield
        finally:
            service.close()

    app = FastAPI(
        title="doctemplates 公文服务",
        version=__version__,
        description=DESCRIPTION,
        lifespan=lifespan,
        redoc_url=None,
        docs_url="/docs",
        openapi_tags=[
            {"name": "文种", "description": "文种列表和数据结构"},
            {"name": "生成", "description": "校验数据、生成 .docx / PDF、批量生成"},
            {"name": "检查", "description": "按 GB/T 9704 检查公文，检查模板"},
            {"name": "运维", "description": "存活、就绪和监控指标"},
        ],
    )
    app.state.service = service
    _install_errors(app, service)
    from doctemplates.service.routes import router
    from doctemplates.service.web import install_page
    from doctemplates.service.web import router as web_router

    app.include_router(router)
    app.include_router(web_router)
    install_page(app)  # the page for staff at / (static files, public)
    from doctemplates.service.openapi import install_openapi

    install_openapi(app)
    if settings.cors_origins:
        app.add_middleware(
            CORSMiddleware,
            allow_origins=list(settings.cors_origins),
            allow_methods=["GET", "POST"],
            allow_headers=["Authorization", "Content-Type", "Accept"],
        )
    app.add_middleware(_Guard, service=service)  # outermost: before CORS and routing
    return app


def create_app_from_env() -> FastAPI:
    """uvicorn's factory in each server process: settings from ``DOCTEMPLATES_SERVICE``."""
    return create_app(ServiceSettings.from_env())


# -- errors ---------------------------------------------------------------------------------
def _json_error(error: ApiError) -> JSONResponse:
    return JSONResponse(error.body(), status_code=error.status, headers=error.headers)


def _install_errors(app: FastAPI, service: Service) -> None:
    @app.exception_handler(ApiError)
    async def api_error(_request: Request, exc: ApiError) -> JSONResponse:
        return _json_error(exc)

    @app.exception_handler(DocTemplatesError)
    async def engine_error(_request: Request, exc: DocTemplatesError) -> JSONResponse:
        return _json_error(from_engine(exc))

    @app.exception_handler(RequestValidationError)
    async def bad_parameters(_request: Request, exc: RequestValidationError) -> JSONResponse:
        errors = [
            FieldError(
                path=".".join(str(p) for p in e.get("loc", ())[1:]) or str(e.get("loc", [""])[0]),
                message=_parameter_message(e),
                code=str(e.get("type", "invalid")),
            )
            for e in exc.errors()
        ]
        return _json_error(ApiError(400, "bad_request", "请求参数无效", errors))

    @app.exception_handler(StarletteHTTPException)
    async def http_error(_request: Request, exc: StarletteHTTPException) -> JSONResponse:
        codes = {
            404: ("not_found", "没有这个地址"),
            405: ("method_not_allowed", "不支持此请求方法"),
        }
        code, message = codes.get(exc.status_code, ("bad_request", "请求无效"))
        return _json_error(ApiError(exc.status_code, code, message))

    @app.exception_handler(Exception)
    async def internal(_request: Request, exc: Exception) -> JSONResponse:
        _log.exception("unexpected error")
        return _json_error(ApiError(500, "internal", "服务内部错误，已记录；请联系管理员"))


def _parameter_message(error: Any) -> str:
    kind = error.get("type", "")
    if kind == "missing":
        return "缺少必填参数"
    if kind == "literal_error":
        return f"取值应为 {error.get('ctx', {}).get('expected', '')}"
    return "参数无效"


# -- the guard: token, body size, metrics ----------------------------------------------------
class _BodyTooLarge(Exception):
    pass


class _Guard:
    """Pure ASGI middleware in front of the application (streams are not buffered)."""

    def __init__(self, app: ASGIApp, service: Service) -> None:
        self.app = app
        self.service = service
        self.tokens = [t.encode("utf-8") for t in service.settings.tokens]

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        status = [500]

        async def sending(message: Message) -> None:
            if message["type"] == "http.response.start":
                status[0] = message["status"]
                # Server-Timing (W3C): time in this process until the answer starts, in ms
                spent = (time.perf_counter() - started) * 1000
                headers = [
                    *message.get("headers", []),
                    (b"server-timing", f"app;dur={spent:.1f}".encode()),
                ]
                message = {**message, "headers": headers}
            await send(message)

        try:
            await self._guarded(scope, receive, sending)
        finally:
            route = scope.get("route")
            label = getattr(route, "path", None) or "unmatched"
            method = scope.get("method", "")
            metrics = self.service.metrics
            metrics.requests.labels(method, label, str(status[0])).inc()
            metrics.latency.labels(method, label).observe(time.perf_counter() - started)

    async def _guarded(self, scope: Scope, receive: Receive, send: Send) -> None:
        path = scope.get("path", "")
        public = path in PUBLIC_PATHS or path.startswith(PUBLIC_PREFIXES)
        if self.tokens and not public and not self._authorised(scope):
            error = ApiError(
                401,
                "unauthorized",
                "缺少或无效的访问令牌（请求头 Authorization: Bearer <令牌>）",
                headers={"WWW-Authenticate": 'Bearer realm="doctemplates"'},
            )
            await _json_error(error)(scope, receive, send)
            return
        settings = self.service.settings
        limit = (
            settings.max_upload_bytes
            if path.endswith(UPLOAD_SUFFIXES) or _is_multipart(scope)
            else settings.max_body_bytes
        )
        declared = _content_length(scope)
        if declared is not None and declared > limit:
            await _json_error(_too_large(limit))(scope, receive, send)
            return
        received = 0
        started = [False]

        async def limited() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit:
                    raise _BodyTooLarge
            return message

        async def tracking(message: Message) -> None:
            if message["type"] == "http.response.start":
                started[0] = True
            await send(message)

        try:
            await self.app(scope, limited, tracking)
        except _BodyTooLarge:
            if not started[0]:
                await _json_error(_too_large(limit))(scope, receive, send)

    def _authorised(self, scope: Scope) -> bool:
        header = dict(scope.get("headers") or []).get(b"authorization", b"")
        scheme, _, token = header.partition(b" ")
        if scheme.lower() != b"bearer" or not token:
            return False
        # compare with every token, always: the time taken does not tell which one matched
        matched = False
        for known in self.tokens:
            matched |= hmac.compare_digest(token.strip(), known)
        return matched


def _too_large(limit: int) -> ApiError:
    return ApiError(413, "payload_too_large", f"请求体超过上限 {_human(limit)}")


def _human(size: int) -> str:
    return f"{size / 1024 / 1024:g} MiB" if size >= 1024 * 1024 else f"{size} 字节"


def _content_length(scope: Scope) -> int | None:
    for name, value in scope.get("headers") or []:
        if name == b"content-length":
            try:
                return int(value)
            except ValueError:
                return None
    return None


def _is_multipart(scope: Scope) -> bool:
    for name, value in scope.get("headers") or []:
        if name == b"content-type":
            return bool(value.lower().startswith(b"multipart/"))
    return False
