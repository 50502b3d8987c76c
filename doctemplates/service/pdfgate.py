"""A bounded queue in front of the PDF pool.  PDF 转换的有界队列（过载时拒绝而不是无限等待）。

At most ``workers`` conversions run (one per LibreOffice worker) and at most
``queue`` more wait; the next request is refused at once (429 with
``Retry-After``), a wait longer than ``wait`` seconds or a conversion longer
than ``timeout`` seconds ends in 503.  A worker that dies is replaced by the pool
and the document tried once more (:class:`~doctemplates.pdf.ConverterPool`).
"""

from __future__ import annotations

import contextlib
import math
import threading
import time
from collections.abc import Iterator

from doctemplates.pdf import ConverterPool, PdfOptions, PdfTimeoutError, WorkerCrashedError, convert
from doctemplates.service.errors import ApiError
from doctemplates.service.metrics import Metrics

__all__ = ["PdfGate"]


class PdfGate:
    """Admission to the pool: a counter of admitted requests and a semaphore of running ones."""

    def __init__(
        self, pool: ConverterPool, metrics: Metrics, *, queue: int, wait: float, timeout: float
    ) -> None:
        self.pool = pool
        self.metrics = metrics
        self.capacity = pool.size + max(0, queue)
        self.wait = wait
        self.timeout = timeout
        self._running = threading.BoundedSemaphore(pool.size)
        self._lock = threading.Lock()
        self._admitted = 0
        self._mean = 1.0  # seconds per conversion, a moving average for Retry-After

    @property
    def admitted(self) -> int:
        return self._admitted

    def convert_waiting(self, docx: bytes, options: PdfOptions | None = None) -> bytes:
        """Like :meth:`convert`, but waits (at most ``wait`` seconds) for a place in the queue.

        For a batch already accepted: its documents queue one at a time instead of
        being refused, so a batch holds at most one place.
        """
        deadline = time.monotonic() + self.wait
        while True:
            try:
                return self.convert(docx, options)
            except ApiError as exc:
                if exc.status != 429 or time.monotonic() > deadline:
                    raise
                time.sleep(0.05)

    def convert(self, docx: bytes, options: PdfOptions | None = None) -> bytes:
        """PDF bytes of ``docx``, or :class:`ApiError` 429 / 503 (no unbounded wait)."""
        with self._admission(), self._slot():
            started = time.monotonic()
            try:
                pdf = convert(docx, _timed(options, self.timeout), pool=self.pool).pdf
            except PdfTimeoutError:
                self.metrics.conversions.labels("timeout").inc()
                raise
            except WorkerCrashedError:
                self.metrics.conversions.labels("crashed").inc()
                raise
            except Exception:
                self.metrics.conversions.labels("failed").inc()
                raise
            elapsed = time.monotonic() - started
            self._mean = 0.8 * self._mean + 0.2 * elapsed
            self.metrics.conversions.labels("ok").inc()
            self.metrics.conversion_time.observe(elapsed)
            return pdf

    @contextlib.contextmanager
    def _admission(self) -> Iterator[None]:
        with self._lock:
            if self._admitted >= self.capacity:
                self.metrics.conversions.labels("busy").inc()
                raise ApiError(
                    429,
                    "pdf_busy",
                    f"PDF 转换繁忙：{self.pool.size} 份正在转换、{self.capacity - self.pool.size} 份在排队，"
                    "请稍后重试",
                    headers={"Retry-After": str(self._retry_after())},
                )
            self._admitted += 1
            self.metrics.pdf_queue.inc()
        try:
            yield
        finally:
            with self._lock:
                self._admitted -= 1

    @contextlib.contextmanager
    def _slot(self) -> Iterator[None]:
        acquired = self._running.acquire(timeout=self.wait)
        self.metrics.pdf_queue.dec()
        if not acquired:
            self.metrics.conversions.labels("timeout").inc()
            raise ApiError(
                503,
                "pdf_timeout",
                f"PDF 转换排队超过 {self.wait:g} 秒，请稍后重试",
                headers={"Retry-After": str(self._retry_after())},
            )
        self.metrics.pdf_running.inc()
        try:
            yield
        finally:
            self.metrics.pdf_running.dec()
            self._running.release()

    def _retry_after(self) -> int:
        """Seconds until the queue has likely moved on: queued rounds × mean conversion time."""
        rounds = self.capacity / max(1, self.pool.size)
        return max(1, math.ceil(rounds * self._mean))


def _timed(options: PdfOptions | None, timeout: float) -> PdfOptions:
    from dataclasses import replace

    base = options or PdfOptions()
    return base if base.timeout else replace(base, timeout=timeout)
