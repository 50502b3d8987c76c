"""The output folder and its ``manifest.jsonl``; the jobs a batch runs.  输出目录与清单。

What this tool wrote, opened without following links, so that a resumed batch skips
finished records and never overwrites a file it did not write (without ``--force``).
Split from :mod:`doctemplates.batch` (issue 14).
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import json
import os
import stat
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from doctemplates.batchnames import _Namer
from doctemplates.batchtypes import (
    ERRORS,
    MANIFEST,
    BatchError,
    RecordResult,
)
from doctemplates.errors import DataError, os_reason
from doctemplates.inputs import file_kind, human_bytes
from doctemplates.records import Record

_MANIFEST_BYTES = 512 * 1024 * 1024  # a manifest of 100,000 rows is about 20 MiB


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
