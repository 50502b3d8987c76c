"""A batch as a zip streamed while it is made.  批量生成的 zip（边生成边传送）。

The records are read and bounded before the answer starts (header errors are
422, too many records 413); then :func:`doctemplates.batch.render_many` runs in
a thread into a private folder and every finished document is added to the zip
at once, followed by ``manifest.jsonl`` and ``errors.csv``.  The zip is the same
for the same input (fixed member times and order).  A client that goes away
stops the batch; the folder is removed in every case.
"""

from __future__ import annotations

import contextlib
import dataclasses
import itertools
import logging
import queue
import shutil
import tempfile
import threading
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from doctemplates.batch import ERRORS, MANIFEST, RecordResult, render_many, write_errors
from doctemplates.errors import DocTemplatesError
from doctemplates.kinds import Kind
from doctemplates.records import ColumnMap, Record, open_records
from doctemplates.service.errors import ApiError, FieldError
from doctemplates.service.requests import sniff

__all__ = ["BatchJob"]

_log = logging.getLogger("doctemplates.service")
_END = object()
_ZIP_TIME = (1980, 1, 1, 0, 0, 0)


class _Cancelled(Exception):
    """The client went away."""


class BatchJob:
    """One batch request: :meth:`prepare` (may raise 4xx), then :meth:`stream`."""

    def __init__(self, service: Any, kind: Kind, *, gate: Any, name: str | None) -> None:
        self.service = service
        self.kind = kind
        self.gate = gate
        self.name = name
        self.folder = Path(tempfile.mkdtemp(prefix="doctemplates-batch-"))
        self.records: list[Record] = []
        self.template: Path | None = None
        self.columns: ColumnMap | None = None
        self._cancelled = threading.Event()

    # -- before the answer -----------------------------------------------------------------
    def prepare(self, records: bytes, defaults: dict[str, Any], template: bytes | None) -> None:
        try:
            self._prepare(records, defaults, template)
        except BaseException:
            shutil.rmtree(self.folder, ignore_errors=True)
            raise

    def _prepare(self, records: bytes, defaults: dict[str, Any], template: bytes | None) -> None:
        from doctemplates.assemble import with_defaults
        from doctemplates.batch import _Namer

        _Namer(self.name, self.kind.model)  # a bad name pattern is refused before the zip starts
        if template is not None:
            self.service.templates.load(template)  # 422 now rather than one error per row
            self.template = self.folder / "template.docx"
            self.template.write_bytes(template)
        source = self.folder / f"records.{records_suffix(records)}"
        source.write_bytes(records)
        opened = open_records(source, self.kind.model, provided=frozenset(defaults))
        self.columns = opened.columns  # errors.csv names column letter and header
        limit = self.service.settings.max_records
        self.records = list(itertools.islice(with_defaults(opened.records, defaults), limit + 1))
        if len(self.records) > limit:
            raise ApiError(
                413,
                "payload_too_large",
                f"记录数超过上限 {limit} 条，请分批提交",
                [FieldError(path="records", message=f"超过 {limit} 条", code="too_many_records")],
            )

    # -- the answer --------------------------------------------------------------------------
    def stream(self) -> Iterator[bytes]:
        chunks: queue.Queue[Any] = queue.Queue(maxsize=32)
        worker = threading.Thread(
            target=self._produce, args=(chunks,), name="batch-zip", daemon=True
        )
        worker.start()
        try:
            while (chunk := chunks.get()) is not _END:
                yield chunk
        finally:
            self._cancelled.set()
            while worker.is_alive():  # let the producer see the flag and end
                with contextlib.suppress(queue.Empty):
                    chunks.get(timeout=0.1)
            shutil.rmtree(self.folder, ignore_errors=True)

    def _produce(self, chunks: queue.Queue[Any]) -> None:
        try:
            sink: Any = _QueueSink(
                chunks, self._cancelled
            )  # write-only: zipfile adds data descriptors
            with zipfile.ZipFile(sink, "w", zipfile.ZIP_DEFLATED) as zf:
                self._write(zf)
        except _Cancelled:
            pass
        except Exception:  # the answer has started: the zip ends short, the log says why
            _log.exception("batch failed")
        finally:
            chunks.put(_END)

    def _write(self, zf: zipfile.ZipFile) -> None:
        out = self.folder / "out"
        pdf_failures: dict[int, str] = {}

        def add(result: RecordResult) -> None:
            if self._cancelled.is_set():
                raise _Cancelled
            if not result.ok or result.output is None:
                return
            content = (out / result.output).read_bytes()
            _add(zf, result.output, content)
            if self.gate is not None:
                try:
                    pdf = self.gate.convert_waiting(content)
                except (ApiError, DocTemplatesError) as exc:
                    pdf_failures[result.row] = f"PDF 转换失败：{getattr(exc, 'message', exc)}"
                    return
                _add(zf, str(Path(result.output).with_suffix(".pdf")), pdf)

        results = render_many(
            self.kind.name,
            self.records,
            out,
            executor=self.service.batch_executor(),
            name=self.name,
            template=self.template,
            on_result=add,
            columns=self.columns,
        )
        results = [
            dataclasses.replace(r, error=pdf_failures[r.row]) if r.row in pdf_failures else r
            for r in results
        ]
        write_errors(out, results)
        for member in (MANIFEST, ERRORS):
            if (out / member).exists():
                _add(zf, member, (out / member).read_bytes())
        done = sum(1 for r in results if r.ok)
        self.service.metrics.documents.labels(self.kind.name, "batch").inc(done)


def _add(zf: zipfile.ZipFile, name: str, content: bytes) -> None:
    info = zipfile.ZipInfo(name, date_time=_ZIP_TIME)
    info.compress_type = zipfile.ZIP_DEFLATED
    info.external_attr = 0o644 << 16
    zf.writestr(info, content)


def records_suffix(content: bytes) -> str:
    """The record format by content: a zip is .xlsx, JSON objects a line are .jsonl, else .csv."""
    kind = sniff(content)
    if kind == "zip":
        return "xlsx"
    if kind in ("pdf",) or (kind is not None and kind.startswith("image/")):
        raise ApiError(
            415,
            "unsupported_media_type",
            "记录文件应为 .xlsx、.csv 或 .jsonl",
            [FieldError(path="records", message="不是表格或 JSONL", code="unsupported_media_type")],
        )
    head = content.lstrip(b"\xef\xbb\xbf \t\r\n")
    return "jsonl" if head.startswith(b"{") else "csv"


class _QueueSink:
    """A write-only stream that hands each written piece to the response (bounded queue)."""

    def __init__(self, chunks: queue.Queue[Any], cancelled: threading.Event) -> None:
        self.chunks = chunks
        self.cancelled = cancelled
        self.written = 0

    def write(self, data: bytes) -> int:
        if self.cancelled.is_set():
            raise _Cancelled
        if data:
            while True:
                try:
                    self.chunks.put(bytes(data), timeout=0.5)
                    break
                except queue.Full:
                    if self.cancelled.is_set():
                        raise _Cancelled from None
        self.written += len(data)
        return len(data)

    def flush(self) -> None:
        pass
