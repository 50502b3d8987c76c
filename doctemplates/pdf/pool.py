"""A warm pool of LibreOffice workers.  常驻 LibreOffice 转换池。

Each slot has its own user profile — a :class:`~doctemplates.pdf._soffice.ProfileSlot`
from the per-user cache, locked while the pool lives and reused by later runs —
and at most one :class:`~doctemplates.pdf._worker.Worker`.  A worker is started
on first use, replaced after ``max_jobs`` documents, when ``soffice.bin`` holds
more than ``max_rss_mb`` MiB, after a timeout and after a crash (the document is
then tried once more).  Without a
Python that imports ``uno``, the pool converts with one cold ``soffice`` per
call instead (logged, and shown by :func:`doctemplates.pdf.doctor_report`).

>>> with ConverterPool(size=1) as pool:          # doctest: +SKIP
...     pdf = pool.convert(docx_bytes)
"""

from __future__ import annotations

import atexit
import contextlib
import logging
import multiprocessing.util
import os
import queue
import threading
import time
import weakref
from collections.abc import Iterable, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

from doctemplates.pdf import _soffice
from doctemplates.pdf._worker import Worker
from doctemplates.pdf.errors import PdfError, PdfTimeoutError, WorkerCrashedError
from doctemplates.pdf.fontconfig import font_env, resolve_font_dirs

__all__ = ["ConverterPool", "get_pool", "shutdown_pools"]

_log = logging.getLogger(__name__)
_POOLS: weakref.WeakSet[ConverterPool] = weakref.WeakSet()
_DEFAULT: dict[tuple[Path, ...], ConverterPool] = {}
_DEFAULT_LOCK = threading.Lock()


#: Default ``max_rss_mb`` (``$DOCTEMPLATES_PDF_MAX_RSS_MB`` overrides it).
MAX_RSS_MB = 400


class _Slot:
    def __init__(self, profile: _soffice.ProfileSlot) -> None:
        self.place = profile
        self.profile = profile.profile
        self.worker: Worker | None = None


class ConverterPool:
    """Thread-safe pool of warm LibreOffice workers.  转换池（线程安全）。

    ``size`` defaults to ``min(2, cpu count)``; ``timeout`` is per document;
    ``max_jobs`` recycles a worker after that many documents and ``max_rss_mb``
    when its ``soffice.bin`` holds more memory than that; ``font_dirs`` are
    searched before the project's free stand-ins; ``use_uno=False`` forces the
    one-shot converter.
    """

    def __init__(
        self,
        size: int | None = None,
        *,
        font_dirs: Iterable[str | os.PathLike[str]] | None = None,
        timeout: float = 120,
        max_jobs: int = 200,
        max_rss_mb: float | None = None,
        startup_timeout: float = 60,
        use_uno: bool | None = None,
    ) -> None:
        self.soffice = _soffice.require_soffice()
        self.size = max(1, size or min(2, os.cpu_count() or 1))
        self.font_dirs = resolve_font_dirs(font_dirs)
        self.env = font_env(self.font_dirs)
        self.timeout = timeout
        self.max_jobs = max_jobs
        self.max_rss_mb = max_rss_mb or _env_rss() or MAX_RSS_MB
        self.startup_timeout = startup_timeout
        self.python = _soffice.uno_python() if use_uno is not False else None
        if use_uno is None and self.python is None:
            _log.warning(
                "no Python with 'uno' found (apt-get install python3-uno): "
                "PDF conversion falls back to one cold soffice per document"
            )
        self._slots: queue.Queue[_Slot] = queue.Queue()
        self._all: list[_Slot] = []
        try:
            for _ in range(self.size):
                self._all.append(_Slot(_soffice.ProfileSlot.acquire()))
        except BaseException:
            for slot in self._all:
                slot.place.release()
            raise
        for slot in self._all:
            self._slots.put(slot)
        self._closed = False
        self._pid = os.getpid()
        self._lock = threading.Lock()
        _POOLS.add(self)
        _register_exit()

    # -- public ---------------------------------------------------------------
    @property
    def mode(self) -> str:
        """``"uno"`` (warm workers) or ``"oneshot"`` (cold soffice per call)."""
        return "uno" if self.python else "oneshot"

    def start(self) -> ConverterPool:
        """Start every worker now (in parallel) instead of on first use."""
        if self.python:
            slots = [self._acquire() for _ in range(self.size)]
            try:
                with ThreadPoolExecutor(self.size) as ex:
                    list(ex.map(self._ensure_worker, slots))
            finally:
                for slot in slots:
                    self._slots.put(slot)
        return self

    def convert(
        self,
        docx: bytes,
        *,
        pdfa: bool = False,
        properties: Mapping[str, str] | None = None,
        timeout: float | None = None,
    ) -> bytes:
        """Convert .docx bytes to PDF bytes (PDF/A-2b when ``pdfa``)."""
        timeout = timeout or self.timeout
        slot = self._acquire()
        try:
            if not self.python:
                return _soffice.convert_oneshot(
                    docx, env=self.env, timeout=timeout, pdfa=pdfa, slot=slot.place
                )
            work = slot.place.fresh_work()
            source, target = work / "document.docx", work / "document.pdf"
            source.write_bytes(docx)
            job: dict[str, Any] = {"in": str(source), "out": str(target)}
            if pdfa:
                job["filter"] = {"SelectPdfVersion": 2}
            if properties:
                job["props"] = dict(properties)
            self._run(slot, job, timeout)
            return target.read_bytes()
        finally:
            slot.place.clear()
            self._slots.put(slot)

    def convert_many(self, documents: Sequence[bytes], *, pdfa: bool = False) -> list[bytes]:
        """Convert many documents in parallel (one thread per worker), in order."""
        if not documents:
            return []
        with ThreadPoolExecutor(min(self.size, len(documents))) as ex:
            return list(ex.map(lambda d: self.convert(d, pdfa=pdfa), documents))

    def worker_pids(self) -> list[int]:
        """The ``soffice`` launcher pids of the running workers (for tests, doctor)."""
        return [s.worker.office_pid for s in self._all if s.worker and s.worker.alive()]

    def pipe_names(self) -> list[str]:
        """The UNO pipe names of the running workers (they appear in ``soffice.bin``'s argv)."""
        return [s.worker.pipe_name for s in self._all if s.worker]

    def close(self) -> None:
        """Stop every worker and remove the profiles.  Idempotent."""
        if self._pid != os.getpid():
            return  # a forked child: the workers are its parent's
        with self._lock:
            if self._closed:
                return
            self._closed = True
        slots = [self._slots.get() for _ in self._all]  # waits for running jobs
        # Plain threads: a ThreadPoolExecutor refuses work once the interpreter exits (atexit).
        stoppers = [threading.Thread(target=self._stop_slot, args=(slot,)) for slot in slots]
        for thread in stoppers:
            thread.start()
        for thread in stoppers:
            thread.join()
        for slot in slots:
            slot.place.release()

    @property
    def closed(self) -> bool:
        """Closed, or inherited through ``fork`` (the workers belong to the parent)."""
        return self._closed or self._pid != os.getpid()

    def __enter__(self) -> ConverterPool:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- internals ------------------------------------------------------------
    def _check_open(self) -> None:
        if self.closed:
            raise PdfError("PDF 转换池已关闭")

    def _acquire(self) -> _Slot:
        self._check_open()
        slot = self._slots.get()
        if self._closed:
            self._slots.put(slot)
            raise PdfError("PDF 转换池已关闭")
        return slot

    def _ensure_worker(self, slot: _Slot) -> Worker:
        if slot.worker is not None and not slot.worker.alive():
            slot.worker.kill()
            slot.worker = None
        if slot.worker is None:
            assert self.python is not None
            _soffice.prepare_profile(slot.profile)
            slot.worker = Worker(
                self.soffice,
                self.python,
                self.env,
                slot.profile,
                startup_timeout=self.startup_timeout,
                scratch=slot.place.scratch,
            )
        return slot.worker

    def _run(self, slot: _Slot, job: Mapping[str, Any], timeout: float) -> None:
        for attempt in (1, 2):
            try:
                self._run_once(slot, job, timeout)
            except WorkerCrashedError:
                _log.warning("LibreOffice worker died; replacing it (attempt %d)", attempt)
                if attempt == 2:
                    raise
            else:
                return

    def _run_once(self, slot: _Slot, job: Mapping[str, Any], timeout: float) -> None:
        worker = self._ensure_worker(slot)
        try:
            worker.convert(job, timeout)
        except (WorkerCrashedError, PdfTimeoutError):
            worker.kill()
            slot.worker = None
            raise
        except PdfError:
            if _died(worker):  # killed mid-job: UNO answers "illegal object given", not EOF
                worker.kill()
                slot.worker = None
                raise WorkerCrashedError("LibreOffice 进程意外退出") from None
            raise
        self._recycle_if_needed(slot)

    def _recycle_if_needed(self, slot: _Slot) -> None:
        worker = slot.worker
        if worker is None:
            return
        if worker.jobs >= self.max_jobs or not worker.alive() or self._too_big(worker):
            worker.stop()
            slot.worker = None

    def _too_big(self, worker: Worker) -> bool:
        rss = worker.rss_mb()
        if rss > self.max_rss_mb:
            _log.info("LibreOffice holds %.0f MiB (> %.0f): recycled", rss, self.max_rss_mb)
            return True
        return False

    @staticmethod
    def _stop_slot(slot: _Slot) -> None:
        if slot.worker is not None:
            slot.worker.stop()
            slot.worker = None


def _died(worker: Worker, grace: float = 1.0) -> bool:
    """Whether ``worker`` is gone (or goes within ``grace`` seconds: its launcher exits after soffice.bin)."""
    deadline = time.monotonic() + grace
    while worker.alive():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.05)
    return True


def _env_rss() -> float | None:
    raw = os.environ.get("DOCTEMPLATES_PDF_MAX_RSS_MB", "")
    try:
        return float(raw) if raw else None
    except ValueError:
        return None


def get_pool(font_dirs: Iterable[str | os.PathLike[str]] | None = None) -> ConverterPool:
    """The shared pool for these font folders (created on first use, closed at exit)."""
    key = resolve_font_dirs(font_dirs)
    with _DEFAULT_LOCK:
        pool = _DEFAULT.get(key)
        if pool is None or pool.closed:
            pool = _DEFAULT[key] = ConverterPool(font_dirs=key)
        return pool


_EXIT_PIDS: set[int] = set()


def _register_exit() -> None:
    """Also close pools when a multiprocessing child ends (it skips :mod:`atexit`)."""
    if os.getpid() not in _EXIT_PIDS:
        _EXIT_PIDS.add(os.getpid())
        multiprocessing.util.Finalize(None, shutdown_pools, exitpriority=10)


def shutdown_pools() -> None:
    """Close every pool of this process (registered with :mod:`atexit`)."""
    for pool in list(_POOLS):
        with contextlib.suppress(Exception):
            pool.close()


atexit.register(shutdown_pools)
