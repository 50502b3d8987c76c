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

import contextlib
import csv
import hashlib
import io
import json
import os
import re
import stat
import string
import unicodedata
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Executor, Future, ProcessPoolExecutor
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import pathvalidate
import pathvalidate.handler

from doctemplates.data import people_path
from doctemplates.errors import DataError, DocTemplatesError, OutputError, os_reason
from doctemplates.inputs import file_kind, human_bytes
from doctemplates.output import write_atomic
from doctemplates.processes import die_with_parent
from doctemplates.records import ColumnMap, Record

__all__ = [
    "BatchError",
    "InlineExecutor",
    "RecordResult",
    "make_name",
    "max_jobs",
    "render_many",
    "write_errors",
]

MANIFEST = "manifest.jsonl"
ERRORS = "errors.csv"
_CHUNK = 16
_MAX_NAME = 80  # characters of a generated stem
#: UTF-8 bytes of a generated stem: with "-NNNN", ".docx" or ".pdf" it stays far below
#: the 255-byte NAME_MAX of Linux, macOS and Windows file systems.
_MAX_NAME_BYTES = 200
_MAX_PATTERN_BYTES = 1000
_MANIFEST_BYTES = 512 * 1024 * 1024  # a manifest of 100,000 rows is about 20 MiB
#: Unicode categories never kept in a name: controls (C0, C1 incl. U+0085), format
#: characters (bidi overrides such as U+202E, zero-width), surrogates, and the line and
#: paragraph separators U+2028/U+2029.
_DROP_CATEGORIES = frozenset({"Cc", "Cf", "Cs", "Zl", "Zp"})


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
    field: str | None = None  # 出错的字段路径，如 signature.date
    skipped: bool = False  # resume 时已完成而跳过
    pdf: str | None = None  # 同时生成的 PDF 文件名
    column: str | None = None  # 出错字段所在的列，如 G
    header: str | None = None  # 该列的表头，如 答复日期

    @property
    def where(self) -> str:
        """The failing cell as people see it: ``G 列「答复日期」``, else ``字段 replied``."""
        if self.column:
            return f"{self.column} 列「{self.header}」"
        return f"字段 {people_path(self.field)}" if self.field else ""

    ofd: str | None = None  # 同时生成的 OFD 文件名
    metadata: Any = None  # OFD 元数据（--ofd 时由工作进程填写）

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


# -- the output folder and its manifest ------------------------------------------------------
def _lstat(path: Path) -> os.stat_result | None:
    try:
        return os.lstat(path)
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise BatchError(f"无法访问 {path}：{os_reason(exc)}") from exc


class _Manifest:
    """``manifest.jsonl``: what this tool wrote in the folder (opened without following links)."""

    def __init__(self, out: Path, entries: dict[int, dict[str, Any]], ours: set[str]) -> None:
        self.out = out
        self.entries = entries  # finished records by row
        self.ours = ours  # every name a manifest line claims (written or being written)
        self._fh: io.TextIOWrapper | None = None

    @classmethod
    def prepare(cls, out: Path, *, resume: bool, force: bool) -> _Manifest:
        try:
            out.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise BatchError(f"无法创建输出目录 {out}：{os_reason(exc)}") from exc
        if not out.is_dir():
            raise BatchError(f"输出路径 {out} 不是目录")
        if not os.access(out, os.W_OK):
            raise BatchError(f"输出目录 {out} 不可写")
        path = out / MANIFEST
        info = _lstat(path)
        if info is not None and not stat.S_ISREG(info.st_mode):
            raise BatchError(
                f"{path} 是{file_kind(info.st_mode)}，不会读取或追加（请删除它或换一个输出目录）"
            )
        has_outputs = info is not None or any(out.glob("*.docx"))
        if has_outputs and not (resume or force):
            raise BatchError(
                f"输出目录 {out} 中已有生成结果；续做请加 --resume，重新生成并覆盖请加 --force"
            )
        if force and info is not None:
            path.unlink()
        entries, ours = cls._read(path) if resume else ({}, set())
        errors = _lstat(out / ERRORS)
        if errors is not None and not force and not cls.owns_errors(out):
            raise BatchError(
                f"输出目录中已有 {ERRORS}，且不是本工具写的；请移走它、换一个输出目录或使用 --force"
            )
        manifest = cls(out, entries, ours)
        manifest._fh = _open_append(path)
        return manifest

    @staticmethod
    def _lines(path: Path) -> Iterator[dict[str, Any]]:
        try:
            fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_CLOEXEC | os.O_NONBLOCK)
        except FileNotFoundError:
            return
        except OSError as exc:
            raise BatchError(f"无法读取 {path}：{os_reason(exc)}（不会跟随符号链接）") from exc
        with os.fdopen(fd, "rb") as fh:
            info = os.fstat(fh.fileno())
            if not stat.S_ISREG(info.st_mode) or info.st_size > _MANIFEST_BYTES:
                raise BatchError(f"{path} 不是普通文件或超过 {human_bytes(_MANIFEST_BYTES)}")
            for raw in fh.read(_MANIFEST_BYTES).splitlines():
                with contextlib.suppress(ValueError):
                    entry = json.loads(raw)
                    if isinstance(entry, dict):
                        yield entry

    @classmethod
    def _read(cls, path: Path) -> tuple[dict[int, dict[str, Any]], set[str]]:
        entries: dict[int, dict[str, Any]] = {}
        ours: set[str] = set()
        for entry in cls._lines(path):
            for key in ("output", "pdf", "ofd"):
                if isinstance(entry.get(key), str):
                    ours.add(entry[key])
            if entry.get("sha256") and isinstance(entry.get("row"), int):
                entries[entry["row"]] = entry  # a line cut by an interrupted run is skipped
        return entries, ours

    @classmethod
    def owns_errors(cls, out: Path) -> bool:
        """The ``errors.csv`` in ``out`` is the one this tool last wrote (same SHA-256)."""
        recorded = [e.get("sha256") for e in cls._lines(out / MANIFEST) if e.get("file") == ERRORS]
        return bool(recorded) and _sha256_file(out / ERRORS) == recorded[-1]

    @staticmethod
    def append(out: Path, entry: dict[str, Any]) -> None:
        with _open_append(out / MANIFEST) as fh:
            fh.write(json.dumps(entry, ensure_ascii=False) + "\n")

    def writing(self, row: int, names: list[str]) -> None:
        """Claim ``names`` before they are written (a resumed run may replace them)."""
        self.ours.update(names)
        entry: dict[str, Any] = {"row": row, "output": names[0], "state": "writing"}
        for name in names[1:]:
            entry[Path(name).suffix.lstrip(".")] = name  # "pdf" / "ofd"
        self._write(entry)

    def done(self, result: RecordResult) -> None:
        entry: dict[str, Any] = {
            "row": result.row,
            "output": result.output,
            "sha256": result.sha256,
        }
        if result.pdf:
            entry["pdf"] = result.pdf
        if result.ofd:
            entry["ofd"] = result.ofd
        self._write(entry)

    def _write(self, entry: dict[str, Any]) -> None:
        assert self._fh is not None
        self._fh.write(json.dumps(entry, ensure_ascii=False) + "\n")
        self._fh.flush()

    def may_write(self, name: str, *, force: bool) -> str | None:
        """None when ``name`` may be written in the folder, else the reason (Chinese)."""
        path = self.out / name
        info = _lstat(path)
        if info is None:
            return None
        if not stat.S_ISREG(info.st_mode):
            return f"输出路径 {name} 是{file_kind(info.st_mode)}，不会写入（即使使用 --force）"
        if force or name in self.ours:
            return None
        return (
            f"输出文件 {name} 已存在，且不是本批量任务生成的（manifest.jsonl 中没有）；"
            "如需覆盖请使用 --force"
        )

    def close(self) -> None:
        if self._fh is not None:
            self._fh.close()
            self._fh = None


def _open_append(path: Path) -> io.TextIOWrapper:
    flags = os.O_WRONLY | os.O_APPEND | os.O_CREAT | os.O_NOFOLLOW | os.O_CLOEXEC | os.O_NONBLOCK
    try:
        fd = os.open(path, flags, 0o666)
    except OSError as exc:
        raise BatchError(f"无法写入 {path}：{os_reason(exc)}（不会跟随符号链接）") from exc
    if not stat.S_ISREG(os.fstat(fd).st_mode):
        os.close(fd)
        raise BatchError(f"{path} 不是普通文件，不会追加")
    return open(fd, "w", encoding="utf-8")  # noqa: SIM115 - closed by the caller


@dataclass(frozen=True)
class _Job:
    row: int
    data: dict[str, Any] | None
    output: str | None
    overwrite: bool = False  # the manifest (or --force) allows replacing an existing file


def _jobs(
    records: Iterable[Record],
    namer: _Namer,
    manifest: _Manifest,
    out: Path,
    *,
    force: bool,
    pdf: bool,
    ofd: bool = False,
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
        entry = manifest.entries.get(record.row)
        if (
            entry
            and entry.get("output") == output
            and _sha256_file(out / output) == entry.get("sha256")
            and (not pdf or entry.get("pdf") == _pdf_name(output))
            and (not ofd or entry.get("ofd") == _ofd_name(output))
        ):
            yield RecordResult(
                record.row,
                output,
                entry["sha256"],
                skipped=True,
                pdf=entry.get("pdf"),
                ofd=entry.get("ofd"),
            )
            continue
        names = (
            [output] + ([_pdf_name(output)] if pdf else []) + ([_ofd_name(output)] if ofd else [])
        )
        refusal = next((r for n in names if (r := manifest.may_write(n, force=force))), None)
        if refusal:
            yield RecordResult(record.row, error=refusal)
            continue
        manifest.writing(record.row, names)
        yield _Job(record.row, record.data, output, overwrite=(out / output).exists())


def _pdf_name(output: str) -> str:
    return str(Path(output).with_suffix(".pdf"))


def _ofd_name(output: str) -> str:
    return str(Path(output).with_suffix(".ofd"))


def _sha256_file(path: Path) -> str | None:
    """SHA-256 of a regular file (a symlink is not followed: None)."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_CLOEXEC | os.O_NONBLOCK)
    except OSError:
        return None
    digest = hashlib.sha256()
    with os.fdopen(fd, "rb") as fh:
        if not stat.S_ISREG(os.fstat(fh.fileno()).st_mode):
            return None
        while chunk := fh.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


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


_PDF_GROUP = 8


@dataclass(frozen=True)
class _Conversion:
    """Finished documents to PDF (and OFD) in groups through the warm pool (in this process)."""

    out: Path
    manifest: _Manifest
    force: bool
    font_dirs: tuple[str | os.PathLike[str], ...] = ()
    pdf: bool = True  # write the .pdf (else it is only the way to the .ofd)
    ofd: bool = False

    def each(self, results: Iterator[RecordResult]) -> Iterator[RecordResult]:
        group: list[RecordResult] = []
        for result in results:
            if result.ok and not result.skipped:
                group.append(result)
                if len(group) >= _PDF_GROUP:
                    yield from self._group(group)
                    group = []
            else:
                yield result
        yield from self._group(group)

    def _group(self, group: list[RecordResult]) -> list[RecordResult]:
        paths = [self.out / str(r.output) for r in group]
        pdfs = _pdf_each(paths, self.font_dirs) if group else []
        return [self._written(result, data) for result, data in zip(group, pdfs, strict=True)]

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


def _pdf_each(
    paths: list[Path], font_dirs: tuple[str | os.PathLike[str], ...]
) -> list[bytes | DocTemplatesError]:
    """Each document's PDF (converted in parallel through the warm pool), or why it failed:
    one document whose PDF is refused (e.g. lost text) fails only its own record."""
    from concurrent.futures import ThreadPoolExecutor

    from doctemplates.pdf import get_pool, to_pdf

    pool = get_pool(font_dirs or None)

    def one(path: Path) -> bytes | DocTemplatesError:
        try:
            return to_pdf(path.read_bytes(), pool=pool)
        except DocTemplatesError as exc:
            return exc
        except OSError as exc:
            return OutputError(f"无法读取 {path.name}：{exc.strerror}")

    with ThreadPoolExecutor(min(pool.size, len(paths))) as threads:
        return list(threads.map(one, paths))


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


# -- file names ----------------------------------------------------------------------------
class _Namer:
    """Safe, unique file names from a pattern such as ``{提案号}-{案由}``.

    The pattern is parsed like :meth:`str.format` (``{{`` and ``}}`` are literal
    braces); an unbalanced brace, a conversion (``!r``) or a format spec is a
    usage error rather than text taken literally.
    """

    def __init__(self, pattern: str | None, model: Any) -> None:
        self.lookup = {key: key for key in model.model_fields} | {
            info.title: key for key, info in model.model_fields.items() if info.title
        }
        self.used: set[str] = set()
        self.parts = _parse_pattern(pattern, self.lookup) if pattern else None

    def name(self, record: Record) -> str:
        stem = self._fill(record) if self.parts is not None else f"{record.row:05d}"
        stem = make_name(stem) or f"{record.row:05d}"
        candidate, n = stem, 1
        while candidate.lower() in self.used:
            n += 1
            candidate = f"{stem}-{n}"
        self.used.add(candidate.lower())
        return candidate + ".docx"

    def _fill(self, record: Record) -> str:
        out: list[str] = []
        for literal, key in self.parts or ():
            out.append(literal)
            if key is None:
                continue
            if key in ("行号", "row"):
                out.append(str(record.row))
                continue
            field = self.lookup[key]
            value = record.data.get(field)
            if value in (None, ""):
                raise DataError(f"文件名需要的字段 {key} 为空", field=field, row=record.row)
            out.append(_short(value))
        return "".join(out)


def _short(value: Any) -> str:
    """A field value as name text, bounded before any work on it (a value may be 1 MB)."""
    if isinstance(value, int) and not isinstance(value, bool) and abs(value) >= 10**_MAX_NAME:
        return "_"  # no 5,000-digit numbers in names (nor their slow conversion)
    return str(value)[: 4 * _MAX_NAME]


def _parse_pattern(pattern: str, lookup: dict[str, str]) -> list[tuple[str, str | None]]:
    """``"{提案号}-{案由}"`` → ``[("", "提案号"), ("-", "案由")]``; usage errors in Chinese."""
    if len(pattern.encode("utf-8", "surrogatepass")) > _MAX_PATTERN_BYTES:
        raise BatchError(f"文件名模式过长（上限 {_MAX_PATTERN_BYTES} 字节）")
    if "/" in pattern or "\\" in pattern or ".." in pattern:
        raise BatchError(f"文件名模式 {pattern} 含有路径分隔符或“..”，输出文件只能写在输出目录中")
    try:
        parsed = list(string.Formatter().parse(pattern))
    except ValueError as exc:
        raise BatchError(
            f"文件名模式 {pattern} 中的花括号不配对（字段写作 {{标题}}，花括号本身写作 {{{{ 和 }}}}）"
        ) from exc
    parts: list[tuple[str, str | None]] = []
    for literal, key, spec, conversion in parsed:
        if key is not None and (spec or conversion):
            raise BatchError(
                f"文件名模式中的 {{{key}{'!' + conversion if conversion else ''}{':' + spec if spec else ''}}} 不能带格式说明，只写字段名"
            )
        if key is not None and key not in lookup and key not in ("行号", "row"):
            raise BatchError(
                f"文件名模式中的 {{{key}}} 不是字段名（可用：{'、'.join(sorted(lookup))}）"
            )
        parts.append((literal, key))
    return parts


def make_name(text: str) -> str:
    """A file-name stem safe on Windows, macOS and Linux.  生成安全的文件名。

    Control, format (bidi), separator and surrogate characters are dropped;
    the stem is at most 80 characters and 200 UTF-8 bytes, cut at a character.

    >>> make_name('../第1号:关于<科技>的提案?')
    '第1号_关于_科技_的提案'
    >>> make_name("CON"), make_name("COM¹")
    ('_CON', '_COM¹')
    >>> make_name("a\u202eexe.docx\u2028b")
    'aexe.docxb'
    >>> len(make_name("𠀀" * 90).encode())
    200
    """
    text = unicodedata.normalize("NFC", text[: 4 * _MAX_NAME])
    # pathvalidate knows the characters file systems refuse, not bidi overrides or
    # zero-width characters that disguise a name: those are dropped here first.
    text = "".join(ch for ch in text if unicodedata.category(ch) not in _DROP_CATEGORIES)
    text = pathvalidate.sanitize_filename(
        text.replace("..", "_"),
        replacement_text="_",
        platform="universal",
        max_len=_MAX_NAME_BYTES,  # UTF-8 bytes, cut at a character
        reserved_name_handler=pathvalidate.handler.ReservedNameHandler.as_is,  # see below
    )
    text = re.sub(r"_+", "_", text).strip(" ._")[:_MAX_NAME].rstrip(" ._")
    if _reserved(text):  # after the last cut (``CON.docx`` cut to ``CON``)
        text = "_" + text
    return text


def _reserved(stem: str) -> bool:
    """A Windows device name (``CON``, ``COM¹``, ``nul.txt`` …), as pathvalidate knows them."""
    try:
        pathvalidate.validate_filename(stem.split(".")[0] or "_", platform="windows")
    except pathvalidate.ValidationError as exc:
        return exc.reason == pathvalidate.error.ErrorReason.RESERVED_NAME
    return False
