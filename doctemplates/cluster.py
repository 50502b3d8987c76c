"""Batches on a Dask distributed cluster.  在 Dask 集群上批量生成。

:func:`doctemplates.batch.render_many` and ``doctemplates batch`` take a
cluster as their executor (``executor=client``, ``executor="dask://HOST:PORT"``
or ``--executor dask://HOST:PORT``): we do not schedule anything ourselves.

- Records go to the workers in chunks, a bounded number in flight (the same
  stream as a local run); the caller keeps the manifest, so ``resume`` works as
  it does locally.
- The template is sent once (its bytes, scattered to every worker) and compiled
  once per worker: workers need not see the caller's files.
- Each worker owns its LibreOffice pool, started and stopped by a worker plugin
  (:class:`PdfPoolPlugin`), registered only when PDFs are asked for.
- Documents are written where the caller says: returned as bytes and written by
  the caller (``output="client"``, the default), or written by the workers into a
  folder every machine mounts at the same path (``dask://HOST:PORT?output=shared``).
- The .docx of a record is the same bytes as in a local run (same engine, same input).

>>> parse_address("dask://10.0.0.5:8786?output=shared")
('tcp://10.0.0.5:8786', 'shared')
"""

from __future__ import annotations

import contextlib
import dataclasses
import hashlib
import threading
from concurrent.futures import Executor, Future
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

from doctemplates.batch import BatchError, RecordResult
from doctemplates.errors import DocTemplatesError
from doctemplates.output import write_atomic

__all__ = ["DaskExecutor", "PdfPoolPlugin", "dask_executor", "parse_address"]

OUTPUTS = ("client", "shared")
PLUGIN_NAME = "doctemplates-pdf-pool"


def parse_address(url: str) -> tuple[str, str]:
    """``dask://HOST:PORT[?output=client|shared]`` → (scheduler address, output mode)."""
    parts = urlsplit(url)
    if parts.scheme != "dask" or not parts.hostname or not parts.port:
        raise BatchError(
            f"执行器地址 {url} 无效，应形如 dask://主机:端口（如 dask://127.0.0.1:8786）"
        )
    options = parse_qs(parts.query)
    output = options.get("output", ["client"])[0]
    if output not in OUTPUTS:
        raise BatchError(f"执行器地址中的 output={output} 无效，应为 client 或 shared")
    return f"tcp://{parts.hostname}:{parts.port}", output


def dask_executor(target: Any, *, output: str | None = None) -> DaskExecutor:
    """A :class:`DaskExecutor` for a ``distributed.Client`` or a ``dask://`` address."""
    try:
        from distributed import Client
    except ImportError as exc:
        raise BatchError("使用 Dask 集群需要安装 doctemplates[dask]（distributed）") from exc
    if isinstance(target, str):
        address, mode = parse_address(target)
        try:
            client = Client(address, timeout="15s", set_as_default=False)  # type: ignore[no-untyped-call]
        except OSError as exc:
            raise BatchError(f"无法连接 Dask 调度器 {address}：{exc}") from exc
        return DaskExecutor(client, output=output or mode, own_client=True)
    if isinstance(target, Client):
        return DaskExecutor(target, output=output or "client")
    raise BatchError(f"不支持的执行器：{type(target).__name__}")


try:
    from distributed.diagnostics.plugin import WorkerPlugin as _WorkerPlugin
except ImportError:  # without the [dask] extra this module still imports (and says what is missing)
    _WorkerPlugin = object  # type: ignore[assignment,misc]


class PdfPoolPlugin(_WorkerPlugin):
    """Worker plugin: a LibreOffice pool per Dask worker, started at setup, closed at teardown."""

    name = PLUGIN_NAME
    idempotent = True

    def __init__(self, size: int = 1, timeout: float = 120) -> None:
        self.size = size
        self.timeout = timeout
        self.pool: Any = None

    def setup(self, worker: Any) -> None:
        from doctemplates.pdf import ConverterPool

        self.pool = ConverterPool(self.size, timeout=self.timeout).start()

    def teardown(self, worker: Any) -> None:
        if self.pool is not None:
            self.pool.close()
            self.pool = None


class DaskExecutor(Executor):
    """An :class:`~concurrent.futures.Executor` over a Dask cluster that renders batch chunks.

    :func:`~doctemplates.batch.render_many` hands it whole chunks
    (:meth:`submit_chunk`); it also runs any function (:meth:`submit`).
    """

    converts_pdf = True  # PDFs are made on the workers, by their own pools

    def __init__(
        self, client: Any, *, output: str = "client", own_client: bool = False, pdf_workers: int = 1
    ) -> None:
        if output not in OUTPUTS:
            raise BatchError(f"output={output} 无效，应为 client 或 shared")
        self.client = client
        self.output = output
        self.own_client = own_client
        self.pdf_workers = pdf_workers
        self._templates: dict[str, Any] = {}
        self._plugin = False
        self._lock = threading.Lock()

    @property
    def _max_workers(self) -> int:
        """Threads of the whole cluster: :func:`render_many` keeps twice as many chunks in flight."""
        threads = self.client.nthreads()
        return max(1, sum(threads.values()) if threads else 1)

    def submit(self, fn: Any, /, *args: Any, **kwargs: Any) -> Future[Any]:
        return _Pending(self.client.submit(fn, *args, pure=False, **kwargs), None)

    def submit_chunk(
        self, kind: str, template: str | None, out: str, jobs: list[Any], *, pdf: bool
    ) -> Future[list[RecordResult]]:
        """Render (and convert) a chunk on a worker; its documents end where :attr:`output` says."""
        if pdf:
            self._ensure_plugin()
        remote = self.client.submit(
            _render_remote,
            kind,
            self._template(template),
            out if self.output == "shared" else None,
            jobs,
            pdf,
            pure=False,
        )
        return _Pending(remote, None if self.output == "shared" else Path(out))

    def shutdown(self, wait: bool = True, *, cancel_futures: bool = False) -> None:
        if self._plugin:
            self._plugin = False
            with contextlib.suppress(Exception):  # the cluster may be gone already
                self.client.unregister_worker_plugin(PLUGIN_NAME)
        if self.own_client:
            self.client.close()

    # -- helpers ----------------------------------------------------------------------------
    def _template(self, path: str | None) -> Any:
        """The template's bytes, scattered to every worker once (None for the shipped ones)."""
        if path is None:
            return None
        with self._lock:
            if path not in self._templates:
                try:
                    content = Path(path).read_bytes()
                except OSError as exc:
                    raise BatchError(f"无法读取模板文件 {path}：{exc.strerror}") from exc
                self._templates[path] = self.client.scatter(content, broadcast=True, hash=True)
            return self._templates[path]

    def _ensure_plugin(self) -> None:
        with self._lock:
            if not self._plugin:
                self.client.register_plugin(PdfPoolPlugin(self.pdf_workers))
                self._plugin = True


class _Pending(Future):  # type: ignore[type-arg]
    """A Dask future seen as a :class:`concurrent.futures.Future`; documents returned as
    bytes are written into ``out`` by the caller when the result is collected."""

    def __init__(self, remote: Any, out: Path | None) -> None:
        super().__init__()
        self._remote = remote
        self._out = out

    def result(self, timeout: float | None = None) -> Any:
        if not self.done():
            try:
                value = self._remote.result(timeout=timeout)
            except BaseException as exc:
                self.set_exception(exc)
                raise
            self.set_result(_write_returned(value, self._out) if self._out else value)
        return super().result(timeout)

    def cancel(self) -> bool:
        self._remote.cancel()
        return super().cancel()


def _write_returned(
    items: list[tuple[RecordResult, bytes | None, bytes | None]], out: Path
) -> list[RecordResult]:
    """Write the documents a worker returned (the manifest already allowed these names)."""
    return [_write(result, docx, pdf, out) for result, docx, pdf in items]


def _write(result: RecordResult, docx: bytes | None, pdf: bytes | None, out: Path) -> RecordResult:
    """Write one record's .docx (and PDF) into ``out``; the result names the PDF."""
    if docx is None or not result.output:
        return result
    target = out / result.output
    try:  # a failed PDF still leaves its .docx, as in a local run
        write_atomic(target, docx, overwrite=target.exists())
        if pdf is None:
            return result
        name = target.with_suffix(".pdf")
        write_atomic(name, pdf, overwrite=name.exists())
    except DocTemplatesError as exc:
        return RecordResult(result.row, error=exc.message)
    return dataclasses.replace(result, pdf=name.name)


# -- on the worker ---------------------------------------------------------------------------
_COMPILED: dict[str, Any] = {}
_COMPILED_LOCK = threading.Lock()


def _compiled(content: bytes | None) -> Any:
    if content is None:
        return None
    from doctemplates.render import Template

    key = hashlib.sha256(content).hexdigest()
    with _COMPILED_LOCK:
        if key not in _COMPILED:
            _COMPILED.clear()  # one batch's template at a time
            _COMPILED[key] = Template.load(content)
        return _COMPILED[key]


def _worker_pool() -> Any:
    from distributed import get_worker

    plugin: Any = get_worker().plugins.get(PLUGIN_NAME)
    if plugin is None or plugin.pool is None:
        raise DocTemplatesError("Dask 工作进程上没有 LibreOffice 转换池")
    return plugin.pool


def _render_remote(
    kind_name: str, template: bytes | None, shared: str | None, jobs: list[Any], pdf: bool
) -> list[Any]:
    """Worker: validate, render (and convert) each job; write into ``shared`` or return bytes."""
    from doctemplates.kinds import get_kind

    kind = get_kind(kind_name)
    compiled = _compiled(template)
    pool = _worker_pool() if pdf else None
    done: list[Any] = []
    for job in jobs:
        try:
            docx = kind.render(kind.validate(job.data, row=job.row), template=compiled)
        except DocTemplatesError as exc:
            failed = RecordResult(job.row, error=exc.message, field=exc.field)
            done.append(failed if shared else (failed, None, None))
            continue
        result = RecordResult(job.row, job.output, hashlib.sha256(docx).hexdigest())
        document_pdf = None
        if pool is not None:
            from doctemplates.pdf import convert

            try:
                document_pdf = convert(docx, pool=pool).pdf
            except DocTemplatesError as exc:
                result = RecordResult(
                    job.row, job.output, result.sha256, error=f"PDF 转换失败：{exc.message}"
                )
        done.append(
            (result, docx, document_pdf)
            if shared is None
            else _write(result, docx, document_pdf, Path(shared))
        )
    return done
