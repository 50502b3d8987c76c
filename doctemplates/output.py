"""Atomic, no-clobber file output.  原子写入：先写临时文件再改名，不静默覆盖。

>>> import tempfile, pathlib
>>> d = pathlib.Path(tempfile.mkdtemp())
>>> write_atomic(d / "a.docx", b"one")
PosixPath('...a.docx')
>>> write_atomic(d / "a.docx", b"two")
Traceback (most recent call last):
...
doctemplates.errors.OutputExistsError: ...已存在...
>>> _ = write_atomic(d / "a.docx", b"two", overwrite=True); (d / "a.docx").read_bytes()
b'two'
"""

from __future__ import annotations

import contextlib
import errno
import os
import tempfile
from pathlib import Path

from doctemplates.errors import OutputError, OutputExistsError

__all__ = ["write_atomic"]


def write_atomic(path: str | os.PathLike[str], data: bytes, *, overwrite: bool = False) -> Path:
    """Write ``data`` to ``path`` through a temporary file and an atomic rename.

    Readers never see a half-written file.  An existing file is kept unless
    ``overwrite`` is true (then it is replaced atomically).
    """
    target = Path(path)
    if not overwrite and target.exists():
        raise OutputExistsError(
            f"输出文件已存在：{target}（如需覆盖请使用 --force / overwrite=True）"
        )
    directory = target.parent if str(target.parent) else Path(".")
    if not directory.is_dir():
        raise OutputError(f"输出目录不存在：{directory}")
    tmp_name = _write_temp(directory, target.name, data)
    try:
        _publish(tmp_name, target, overwrite)
    finally:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp_name)
    return target


def _write_temp(directory: Path, name: str, data: bytes) -> str:
    try:
        fd, tmp_name = tempfile.mkstemp(prefix=f".{name}.", suffix=".tmp", dir=directory)
    except OSError as exc:
        raise OutputError(f"无法在目录 {directory} 中写入文件：{_reason(exc)}") from exc
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
    except OSError as exc:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp_name)
        raise OutputError(f"写入 {directory / name} 失败：{_reason(exc)}") from exc
    return tmp_name


def _publish(tmp_name: str, target: Path, overwrite: bool) -> None:
    try:
        if overwrite:
            os.replace(tmp_name, target)
        else:
            # link() fails when the target exists: no-clobber without a race.
            os.link(tmp_name, target)
    except FileExistsError as exc:
        raise OutputExistsError(
            f"输出文件已存在：{target}（如需覆盖请使用 --force / overwrite=True）"
        ) from exc
    except OSError as exc:
        if not overwrite and exc.errno in (errno.EPERM, errno.ENOTSUP, errno.EXDEV):
            # File systems without hard links: exists() was checked above.
            os.replace(tmp_name, target)
            return
        raise OutputError(f"写入 {target} 失败：{_reason(exc)}") from exc


def _reason(exc: OSError) -> str:
    if exc.errno == errno.ENOSPC:
        return "磁盘空间不足"
    if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return "没有写入权限"
    return exc.strerror or str(exc)
