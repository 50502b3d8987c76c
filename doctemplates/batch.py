"""Many records → many documents.  批量生成。

``render_many`` streams records through any :class:`concurrent.futures.Executor`
(a process pool over the machine's cores by default), writes each document
atomically, and keeps ``manifest.jsonl`` (row, output, SHA-256) so that
``resume=True`` skips what is already done.  One bad record never stops the
others: its error is returned (and written to ``errors.csv`` by the CLI).
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import os
import re
import unicodedata
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Executor, Future, ProcessPoolExecutor
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from doctemplates.errors import DataError, DocTemplatesError
from doctemplates.output import write_atomic
from doctemplates.records import Record

__all__ = [
    "BatchError",
    "InlineExecutor",
    "RecordResult",
    "make_name",
    "render_many",
    "write_errors",
]

MANIFEST = "manifest.jsonl"
ERRORS = "errors.csv"
_CHUNK = 16
_MAX_NAME = 80
_WINDOWS_RESERVED = {
    "CON",
    "PRN",
    "AUX",
    "NUL",
    *(f"COM{i}" for i in range(1, 10)),
    *(f"LPT{i}" for i in range(1, 10)),
}
_UNSAFE = re.compile(r'[\x00-\x1f\x7f<>:"/\\|?*]')


class InlineExecutor(Executor):
    """Runs each task at once in the calling thread (``--jobs 1``, tests).  单进程执行。"""

    def submit(self, fn: Callable[..., Any], /, *args: Any, **kwargs: Any) -> Future[Any]:
        future: Future[Any] = Future()
        try:
            future.set_result(fn(*args, **kwargs))
        except BaseException as exc:
            future.set_exception(exc)
        return future


class BatchError(DocTemplatesError):
    """The batch cannot start (usage problem).  批量任务无法开始。"""


@dataclass(frozen=True)
class RecordResult:
    """Outcome of one record.  一条记录的结果。"""

    row: int  # 行号（表头为第 1 行）
    output: str | None = None  # 输出文件名（相对输出目录）
    sha256: str | None = None
    error: str | None = None  # 中文错误说明
    field: str | None = None  # 出错的字段（列）
    skipped: bool = False  # resume 时已完成而跳过

    @property
    def ok(self) -> bool:
        return self.error is None


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
) -> list[RecordResult]:
    """Render every record of ``kind`` into ``out_dir``; returns one result per record.

    ``executor`` is any :class:`~concurrent.futures.Executor`, or a Dask cluster: a
    ``distributed.Client`` or a ``"dask://HOST:PORT"`` address (:mod:`doctemplates.cluster`).
    """
    from doctemplates.kinds import get_kind

    chosen = get_kind(kind)
    out = Path(out_dir)
    done = _prepare_dir(out, resume=resume, force=force)
    namer = _Namer(name, chosen.model)
    own_pool = not isinstance(executor, Executor)  # ours: the default pool or a Dask wrapper
    if executor is not None and not isinstance(executor, Executor):
        from doctemplates.cluster import dask_executor

        executor = dask_executor(executor)  # a distributed.Client or dask://HOST:PORT
    pool = executor or ProcessPoolExecutor(max_workers=os.cpu_count() or 1)
    remote_pdf = pdf and getattr(pool, "converts_pdf", False)  # each Dask worker converts its own
    results: list[RecordResult] = []
    try:
        with (out / MANIFEST).open("a", encoding="utf-8") as manifest:
            jobs = _jobs(records, namer, done, out)
            stream = _run(pool, chosen.name, template, out, jobs, force, pdf=remote_pdf)
            for result in _with_pdfs(stream, out) if pdf and not remote_pdf else stream:
                if result.ok and not result.skipped:
                    entry = {"row": result.row, "output": result.output, "sha256": result.sha256}
                    manifest.write(json.dumps(entry, ensure_ascii=False) + "\n")
                    manifest.flush()
                results.append(result)
                if on_result:
                    on_result(result)
    finally:
        if own_pool:
            pool.shutdown(cancel_futures=True)
    return results


def write_errors(out_dir: str | os.PathLike[str], results: Iterable[RecordResult]) -> Path | None:
    """``errors.csv`` (行号, 列, 原因) for failed records, or None when all succeeded."""
    failed = [r for r in results if not r.ok]
    target = Path(out_dir) / ERRORS
    if not failed:
        if target.exists():
            target.unlink()
        return None
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(["行号", "列", "原因"])
    for result in failed:
        writer.writerow([result.row, result.field or "", result.error])
    return write_atomic(target, buffer.getvalue().encode("utf-8-sig"), overwrite=True)


# -- preparation ---------------------------------------------------------------------------
def _prepare_dir(out: Path, *, resume: bool, force: bool) -> dict[int, dict[str, Any]]:
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise BatchError(f"无法创建输出目录 {out}：{exc.strerror}") from exc
    if not os.access(out, os.W_OK):
        raise BatchError(f"输出目录 {out} 不可写")
    manifest = out / MANIFEST
    has_outputs = manifest.exists() or any(out.glob("*.docx"))
    if has_outputs and not (resume or force):
        raise BatchError(
            f"输出目录 {out} 中已有生成结果；续做请加 --resume，重新生成并覆盖请加 --force"
        )
    if force and manifest.exists():
        manifest.unlink()
    return _read_manifest(manifest) if resume else {}


def _read_manifest(path: Path) -> dict[int, dict[str, Any]]:
    entries: dict[int, dict[str, Any]] = {}
    if not path.exists():
        return entries
    for line in path.read_text(encoding="utf-8").splitlines():
        try:
            entry = json.loads(line)
            entries[int(entry["row"])] = entry
        except (ValueError, KeyError, TypeError):
            continue  # a line cut by an interrupted run
    return entries


@dataclass(frozen=True)
class _Job:
    row: int
    data: dict[str, Any] | None
    output: str | None
    error: str | None = None
    field: str | None = None


def _jobs(
    records: Iterable[Record], namer: _Namer, done: dict[int, dict[str, Any]], out: Path
) -> Iterator[_Job | RecordResult]:
    for record in records:
        if record.error:
            yield RecordResult(record.row, error=record.error)
            continue
        try:
            output = namer.name(record)
        except DataError as exc:
            yield RecordResult(record.row, error=exc.message, field=exc.field)
            continue
        entry = done.get(record.row)
        if (
            entry
            and entry.get("output") == output
            and _sha256_file(out / output) == entry.get("sha256")
        ):
            yield RecordResult(record.row, output, entry["sha256"], skipped=True)
            continue
        yield _Job(record.row, record.data, output)


def _sha256_file(path: Path) -> str | None:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return None


# -- running -------------------------------------------------------------------------------
def _run(
    pool: Executor,
    kind: str,
    template: Any,
    out: Path,
    jobs: Iterator[_Job | RecordResult],
    force: bool,
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
                pending.append(pool.submit(_render_chunk, kind, tpl, str(out), list(chunk)))
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


_PDF_GROUP = 8


def _with_pdfs(results: Iterator[RecordResult], out: Path) -> Iterator[RecordResult]:
    """Convert finished documents to PDF in groups through the warm pool (in this process)."""
    group: list[RecordResult] = []
    for result in results:
        if result.ok and not result.skipped:
            group.append(result)
            if len(group) >= _PDF_GROUP:
                yield from _convert_group(group, out)
                group = []
        else:
            yield result
    yield from _convert_group(group, out)


def _convert_group(group: list[RecordResult], out: Path) -> list[RecordResult]:
    from doctemplates.pdf import to_pdf_many

    if not group:
        return []
    paths = [out / str(r.output) for r in group]
    try:
        pdfs = to_pdf_many([p.read_bytes() for p in paths])
    except DocTemplatesError as exc:
        return [replace(r, error=f"PDF 转换失败：{exc.message}") for r in group]
    for path, pdf in zip(paths, pdfs, strict=True):
        write_atomic(path.with_suffix(".pdf"), pdf, overwrite=True)
    return group


def _collect(item: Future[list[RecordResult]] | list[RecordResult]) -> list[RecordResult]:
    return item if isinstance(item, list) else item.result()


def _render_chunk(
    kind: str, template: str | None, out: str, jobs: list[_Job]
) -> list[RecordResult]:
    """Worker: validate, render and write each job (runs in the pool)."""
    from doctemplates.kinds import get_kind

    chosen = get_kind(kind)
    return [_render_one(chosen, template, Path(out), job) for job in jobs]


def _render_one(kind: Any, template: str | None, out: Path, job: _Job) -> RecordResult:
    assert job.output is not None and job.data is not None
    try:
        data = kind.render(kind.validate(job.data, row=job.row), template=template)
        write_atomic(out / job.output, data, overwrite=True)
    except DocTemplatesError as exc:
        return RecordResult(job.row, error=exc.message, field=exc.field)
    return RecordResult(job.row, job.output, hashlib.sha256(data).hexdigest())


# -- file names ----------------------------------------------------------------------------
class _Namer:
    """Safe, unique file names from a pattern such as ``{提案号}-{案由}``."""

    def __init__(self, pattern: str | None, model: Any) -> None:
        self.pattern = pattern
        self.lookup = {key: key for key in model.model_fields} | {
            info.title: key for key, info in model.model_fields.items() if info.title
        }
        self.used: set[str] = set()
        if pattern and ("/" in pattern or "\\" in pattern or ".." in pattern):
            raise BatchError(
                f"文件名模式 {pattern} 含有路径分隔符或“..”，输出文件只能写在输出目录中"
            )
        if pattern:
            for placeholder in re.findall(r"\{([^{}]*)\}", pattern):
                if placeholder not in self.lookup and placeholder not in ("行号", "row"):
                    raise BatchError(
                        f"文件名模式中的 {{{placeholder}}} 不是字段名（可用：{'、'.join(sorted(self.lookup))}）"
                    )

    def name(self, record: Record) -> str:
        stem = self._fill(record) if self.pattern else f"{record.row:05d}"
        stem = make_name(stem) or f"{record.row:05d}"
        candidate, n = stem, 1
        while candidate.lower() in self.used:
            n += 1
            candidate = f"{stem}-{n}"
        self.used.add(candidate.lower())
        return candidate + ".docx"

    def _fill(self, record: Record) -> str:
        def value(match: re.Match[str]) -> str:
            key = match.group(1)
            if key in ("行号", "row"):
                return str(record.row)
            field = self.lookup[key]
            if record.data.get(field) in (None, ""):
                raise DataError(f"文件名需要的字段 {key} 为空", field=field, row=record.row)
            return str(record.data[field])

        return re.sub(r"\{([^{}]*)\}", value, self.pattern or "")


def make_name(text: str) -> str:
    """A file-name stem safe on Windows, macOS and Linux.  生成安全的文件名。

    >>> make_name('../第1号:关于<科技>的提案?')
    '第1号_关于_科技_的提案'
    >>> make_name("CON")
    '_CON'
    """
    text = unicodedata.normalize("NFC", text)
    text = _UNSAFE.sub("_", text).replace("..", "_")
    text = re.sub(r"_+", "_", text).strip(" ._")
    if len(text) > _MAX_NAME:
        text = text[:_MAX_NAME].rstrip(" ._")
    if text.split(".")[0].upper() in _WINDOWS_RESERVED:
        text = "_" + text
    return text
