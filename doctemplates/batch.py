"""Many records → many documents.  批量生成。

``render_many`` streams records through any :class:`concurrent.futures.Executor`
(a process pool over the machine's cores by default), writes each document
atomically, and keeps ``manifest.jsonl`` (row, output, SHA-256) so that
``resume=True`` skips what is already done.  One bad record never stops the
others: its error is returned (and written to ``errors.csv`` by the CLI).

The batch replaces only files the manifest says it wrote: before a document is
handed to a worker, a ``{"row", "output", "pdf", "state": "writing"}`` line
records the names it will write (so a run killed with -9 can be resumed), and
a finished one adds ``{"row", "output", "sha256"}``.  Any other existing file,
a user's ``errors.csv`` or ``00002.pdf``, is left alone unless ``force``; a
symlink, FIFO or device is never written through, even with ``force``.
"""

from __future__ import annotations

import csv
import hashlib
import io
import os
import stat
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Executor, Future, ProcessPoolExecutor
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from doctemplates.batchmanifest import (
    _Job,
    _jobs,
    _lstat,
    _Manifest,
    _ofd_name,
    _pdf_name,
)
from doctemplates.batchnames import (
    _Namer as _Namer,  # doctemplates.service.batchzip names its zip members with it
)
from doctemplates.batchnames import make_name
from doctemplates.batchtypes import (
    ERRORS,
    MANIFEST,
    BatchError,
    InlineExecutor,
    RecordResult,
)
from doctemplates.errors import DocTemplatesError, OutputError
from doctemplates.inputs import file_kind
from doctemplates.output import write_atomic
from doctemplates.processes import die_with_parent
from doctemplates.records import ColumnMap, Record

#: Split by responsibility (issue 14): result types (:mod:`.batchtypes`), file names
#: (:mod:`.batchnames`), the output folder and manifest (:mod:`.batchmanifest`); their
#: names are imported from here.
__all__ = [
    "ERRORS",
    "MANIFEST",
    "BatchError",
    "InlineExecutor",
    "RecordResult",
    "make_name",
    "max_jobs",
    "render_many",
    "write_errors",
]

_CHUNK = 16


def render_many(
    kind: str,
    records: Iterable[Record],
    out_dir: str | os.PathLike[str],
    *,
    executor: Executor | Any | None = None,
    name: str | None = None,
    resume: bool = False,
    force: bool = False,
    template: str | os.PathLike[str] | None = None,
    pdf: bool = False,
    on_result: Callable[[RecordResult], None] | None = None,
    columns: ColumnMap | None = None,
    font_dirs: Iterable[str | os.PathLike[str]] | None = None,
    ofd: bool = False,
) -> list[RecordResult]:
    """Render every record of ``kind`` into ``out_dir``; returns one result per record.

    ``executor`` is any :class:`~concurrent.futures.Executor`, or a Dask cluster: a
    ``distributed.Client`` or a ``"dask://HOST:PORT"`` address (:mod:`doctemplates.cluster`).
    ``columns`` (the records' :class:`~doctemplates.records.ColumnMap`) lets a
    failed record name its column and header (``G 列「答复日期」``);
    ``font_dirs`` are the user font folders for ``pdf``; ``pdf`` / ``ofd`` also write
    ``.pdf`` / ``.ofd`` files beside each ``.docx``.
    """
    from doctemplates.kinds import get_kind

    chosen = get_kind(kind)
    out = Path(out_dir)
    namer = _Namer(name, chosen.model)
    cluster = executor is not None and (
        not isinstance(executor, Executor) or getattr(executor, "converts_pdf", False)
    )
    if cluster and ofd:
        raise BatchError("OFD 暂不能在 Dask 集群上生成，请在本机生成（去掉 --executor）")
    manifest = _Manifest.prepare(out, resume=resume, force=force)
    own_pool = not isinstance(executor, Executor)  # ours: the default pool or a Dask wrapper
    if executor is not None and not isinstance(executor, Executor):
        from doctemplates.cluster import dask_executor

        executor = dask_executor(executor)  # a distributed.Client or dask://HOST:PORT
    pool = executor or new_executor(os.cpu_count() or 1)
    remote_pdf = pdf and getattr(pool, "converts_pdf", False)  # Dask: each worker converts its own
    results: list[RecordResult] = []
    try:
        jobs = _jobs(records, namer, manifest, out, force=force, pdf=pdf, ofd=ofd)
        stream = _run(pool, chosen.name, template, out, jobs, ofd, pdf=remote_pdf)
        local_pdf = pdf and not remote_pdf
        conversion = _Conversion(out, manifest, force, tuple(font_dirs or ()), local_pdf, ofd)
        for result in conversion.each(stream) if local_pdf or ofd else stream:
            if result.ok and not result.skipped:
                manifest.done(result)
            elif columns is not None and not result.ok:
                result = _located(result, columns)
            results.append(result)
            if on_result:
                on_result(result)
    finally:
        manifest.close()
        if own_pool:
            pool.shutdown(cancel_futures=True)
    return results


def _located(result: RecordResult, columns: ColumnMap) -> RecordResult:
    """A failed record's field paths named by their columns."""
    found = columns.locate(result.field) if result.field else None
    return replace(
        result,
        column=found[0] if found else None,
        header=found[1] if found else None,
        error=columns.humanize(result.error or ""),
    )


def max_jobs() -> int:
    """The default upper bound of ``--jobs``: 4 × the CPU count.  并行进程数上限。"""
    return 4 * (os.cpu_count() or 1)


def new_executor(jobs: int) -> Executor:
    """A process pool whose workers die with this process (kill -9 included)."""
    if jobs == 1:
        return InlineExecutor()
    return ProcessPoolExecutor(
        max_workers=jobs, initializer=die_with_parent, initargs=(os.getpid(),)
    )


def write_errors(
    out_dir: str | os.PathLike[str], results: Iterable[RecordResult], *, force: bool = False
) -> Path | None:
    """``errors.csv`` (行号, 列, 表头, 字段, 原因) for failed records, or None when all succeeded.

    An existing ``errors.csv`` is replaced or removed only when the manifest
    says this tool wrote it (or ``force``); a user's file is never touched.
    """
    failed = [r for r in results if not r.ok]
    out = Path(out_dir)
    target = out / ERRORS
    ours = force or _Manifest.owns_errors(out)
    existing = _lstat(target)
    if existing is not None and not stat.S_ISREG(existing.st_mode):
        raise OutputError(f"{target} 是{file_kind(existing.st_mode)}，不会写入错误清单")
    if not failed:
        if existing is not None and ours:
            target.unlink()
        return None
    if existing is not None and not ours:
        raise OutputError(
            f"{target} 已存在且不是本工具写的，未写入错误清单（如需覆盖请使用 --force）"
        )
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(["行号", "列", "表头", "字段", "原因"])
    for result in failed:
        writer.writerow(
            [
                result.row,
                result.column or "",
                printable(result.header or ""),
                printable(result.field or ""),
                printable(result.error or ""),
            ]
        )
    data = buffer.getvalue().encode("utf-8-sig")
    written = write_atomic(target, data, overwrite=existing is not None)
    _Manifest.append(out, {"file": ERRORS, "sha256": hashlib.sha256(data).hexdigest()})
    return written


def printable(text: str) -> str:
    """``text`` without lone surrogates (shown as ``\\udcff``): safe to encode and print.

    >>> printable("a\\udcffb")
    'a\\\\udcffb'
    """
    return text.encode("utf-8", "backslashreplace").decode("utf-8")


# -- running -------------------------------------------------------------------------------
def _run(
    pool: Executor,
    kind: str,
    template: Any,
    out: Path,
    jobs: Iterator[_Job | RecordResult],
    ofd: bool = False,
    *,
    pdf: bool = False,
) -> Iterator[RecordResult]:
    """Submit chunks with a bounded number in flight; yield results in record order.

    An executor with ``submit_chunk`` (:class:`doctemplates.cluster.DaskExecutor`)
    takes the chunk itself (and makes its PDFs when ``pdf``).
    """
    limit = 2 * (getattr(pool, "_max_workers", None) or os.cpu_count() or 1)
    pending: list[Future[list[RecordResult]] | list[RecordResult]] = []
    chunk: list[_Job] = []
    tpl = str(template) if template else None
    remote = getattr(pool, "submit_chunk", None)

    def flush() -> None:
        if chunk:
            if remote is not None:
                pending.append(remote(kind, tpl, str(out), list(chunk), pdf=pdf))
            else:
                pending.append(pool.submit(_render_chunk, kind, tpl, str(out), list(chunk), ofd))
            chunk.clear()

    for job in jobs:
        if isinstance(job, RecordResult):
            flush()
            pending.append([job])
        else:
            chunk.append(job)
            if len(chunk) >= _CHUNK:
                flush()
        while len(pending) > limit:
            yield from _collect(pending.pop(0))
    flush()
    while pending:
        yield from _collect(pending.pop(0))


@dataclass(frozen=True)
class _Conversion:
    """Finished documents to PDF (and OFD) through the warm pool (in this process).

    A streaming window (issue 20 §2): each finished document is handed to the conversion
    threads as it arrives, a bounded number at once, and its PDF is written (with
    ``fsync``) as soon as it and every document before it are done, while the threads
    convert the next ones.  Results come out in the order they came in, so the manifest's
    order does not depend on which conversion finished first.  (Before: groups of 8,
    converted, then written while the pool waited.)
    """

    out: Path
    manifest: _Manifest
    force: bool
    font_dirs: tuple[str | os.PathLike[str], ...] = ()
    pdf: bool = True  # write the .pdf (else it is only the way to the .ofd)
    ofd: bool = False

    def each(self, results: Iterator[RecordResult]) -> Iterator[RecordResult]:
        from concurrent.futures import ThreadPoolExecutor

        one, threads = _converter(self.font_dirs)
        window: deque[tuple[RecordResult, Future[bytes | DocTemplatesError] | None]] = deque()
        # every thread busy and as many again queued, so that no thread waits for the
        # writing of the PDF before; bounded, as the window's PDFs are held until written
        limit = 2 * threads
        converting = 0
        executor = ThreadPoolExecutor(threads)
        try:
            for result in results:
                if result.ok and not result.skipped:
                    window.append((result, executor.submit(one, self.out / str(result.output))))
                    converting += 1
                else:
                    window.append((result, None))
                # write what is done, in order; wait for the oldest while the window is full
                while window and (
                    window[0][1] is None or window[0][1].done() or converting >= limit
                ):
                    head, future = window.popleft()
                    if future is None:
                        yield head
                        continue
                    converting -= 1
                    yield self._written(head, future.result())
            while window:
                head, future = window.popleft()
                yield head if future is None else self._written(head, future.result())
        finally:
            executor.shutdown(wait=True, cancel_futures=True)

    def _written(self, result: RecordResult, data: bytes | DocTemplatesError) -> RecordResult:
        """``result`` with its PDF (and OFD) written, or the reason it is not."""
        if isinstance(data, DocTemplatesError):
            return replace(result, error=f"PDF 转换失败：{data.message}")
        out, manifest, force = self.out, self.manifest, self.force
        if self.pdf:
            name = _pdf_name(str(result.output))
            refusal = manifest.may_write(name, force=force)
            try:
                if refusal:
                    raise OutputError(refusal)
                write_atomic(out / name, data, overwrite=(out / name).exists())
            except DocTemplatesError as exc:
                return replace(result, error=f"PDF 未写入：{exc.message}")
            result = replace(result, pdf=name)
        return _write_ofd(result, data, out, manifest, force) if self.ofd else result


def _converter(
    font_dirs: tuple[str | os.PathLike[str], ...],
) -> tuple[Callable[[Path], bytes | DocTemplatesError], int]:
    """How to make one document's PDF through the warm pool, and how many threads to use:
    a document whose PDF is refused (e.g. lost text) fails only its own record."""
    from doctemplates.pdf import get_pool, to_pdf
    from doctemplates.pdf.convert import check_threads  # a spare core: convert while checking

    pool = get_pool(font_dirs or None)

    def one(path: Path) -> bytes | DocTemplatesError:
        try:
            return to_pdf(path.read_bytes(), pool=pool)
        except DocTemplatesError as exc:
            return exc
        except OSError as exc:
            return OutputError(f"无法读取 {path.name}：{exc.strerror}")

    return one, check_threads(pool.size)


def _write_ofd(
    result: RecordResult, pdf: bytes, out: Path, manifest: _Manifest, force: bool
) -> RecordResult:
    """``.ofd`` beside the .docx, from its PDF; a failed OFD fails only its record."""
    from doctemplates.ofd import to_ofd

    name = _ofd_name(str(result.output))
    try:
        refusal = manifest.may_write(name, force=force)
        if refusal:
            raise OutputError(refusal)
        write_atomic(out / name, to_ofd(pdf, result.metadata), overwrite=(out / name).exists())
    except DocTemplatesError as exc:
        return replace(result, error=f"OFD 未写入：{exc.message}")
    return replace(result, ofd=name)


def _collect(item: Future[list[RecordResult]] | list[RecordResult]) -> list[RecordResult]:
    return item if isinstance(item, list) else item.result()


def _render_chunk(
    kind: str, template: str | None, out: str, jobs: list[_Job], ofd: bool = False
) -> list[RecordResult]:
    """Worker: validate, render and write each job (runs in the pool)."""
    from doctemplates.kinds import get_kind

    chosen = get_kind(kind)
    return [_render_one(chosen, template, Path(out), job, ofd) for job in jobs]


def _render_one(
    kind: Any, template: str | None, out: Path, job: _Job, ofd: bool = False
) -> RecordResult:
    assert job.output is not None and job.data is not None
    try:
        prepared = kind.prepare(kind.validate(job.data, row=job.row))
        data = prepared.render(template)
        write_atomic(out / job.output, data, overwrite=job.overwrite)
        metadata = _ofd_metadata(prepared) if ofd else None
    except DocTemplatesError as exc:
        return RecordResult(job.row, error=exc.message, field=exc.field)
    return RecordResult(job.row, job.output, hashlib.sha256(data).hexdigest(), metadata=metadata)


def _ofd_metadata(prepared: Any) -> Any:
    from doctemplates.ofd import metadata_for

    return metadata_for(prepared)
