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
import secrets
import stat
from collections.abc import Iterable
from pathlib import Path

from doctemplates.errors import OutputError, OutputExistsError, os_reason

__all__ = [
    "NAME_MAX",
    "OUTPUT_KINDS",
    "STDOUT",
    "check_name",
    "check_target",
    "check_targets",
    "output_kind",
    "write_atomic",
]

#: Longest file name in bytes on Linux, macOS and Windows file systems.
NAME_MAX = 255
#: What a command writes, by the output's extension (``-o 方案.pdf`` writes a PDF).
#: A new format registers its extension here (``.ofd`` → ``"ofd"``).
OUTPUT_KINDS: dict[str, str] = {".docx": "docx", ".pdf": "pdf", ".ofd": "ofd"}
#: ``-o -``: standard output.
STDOUT = "-"


def output_kind(path: str | os.PathLike[str]) -> str:
    """The kind of file ``path`` asks for, by its extension (``docx``, ``pdf`` …).

    >>> output_kind("方案.PDF"), output_kind("-")
    ('pdf', 'docx')
    >>> output_kind("通知.doc")
    Traceback (most recent call last):
    ...
    doctemplates.errors.OutputError: 不支持的输出类型「.doc」：输出文件应以 .docx、.pdf、.ofd 结尾...
    """
    raw = os.fspath(path)
    if raw == STDOUT:
        return "docx"
    suffix = Path(raw).suffix.lower()
    kind = OUTPUT_KINDS.get(suffix)
    if kind is None:
        known = "、".join(OUTPUT_KINDS)
        shown = f"「{suffix}」" if suffix else "（没有扩展名）"
        raise OutputError(
            f"不支持的输出类型{shown}：输出文件应以 {known} 结尾（按扩展名决定生成的格式），"
            f"如 -o 通知.docx"
        )
    return kind


def check_targets(
    paths: Iterable[str | os.PathLike[str]], *, overwrite: bool = False
) -> list[Path]:
    """Check every file a command will write, before it writes any of them.

    Each name must be writable (:func:`check_target`: a legal name, no
    directory or special file in the way, an existing file only with
    ``overwrite``), and each folder must exist and be writable.  The first
    problem raises an :class:`OutputError`; nothing has been written then.
    """
    checked: list[Path] = []
    for path in dict.fromkeys(Path(p) for p in paths):
        target = check_target(path, overwrite=overwrite)
        folder = target.parent
        try:
            info = os.stat(folder)
        except FileNotFoundError as exc:
            raise OutputError(f"输出目录不存在：{folder}（请先创建它，或换一个输出路径）") from exc
        except OSError as exc:
            raise OutputError(f"无法访问输出目录 {folder}：{os_reason(exc)}") from exc
        if not stat.S_ISDIR(info.st_mode):
            raise OutputError(f"输出目录 {folder} 不是目录")
        if not os.access(folder, os.W_OK | os.X_OK):
            raise OutputError(f"输出目录 {folder} 不可写：没有权限（请换一个输出目录）")
        checked.append(target)
    return checked


def write_atomic(path: str | os.PathLike[str], data: bytes, *, overwrite: bool = False) -> Path:
    """Write ``data`` to ``path`` through a temporary file and an atomic rename.

    Readers never see a half-written file.  An existing file is kept unless
    ``overwrite`` is true (then it is replaced atomically); a directory, FIFO,
    device or symbolic link at ``path`` is never replaced, even then.  The file
    gets the permissions of the umask (``0o666 & ~umask``), like any tool's.
    The temporary name is short (``.dt-XXXXXXXXXX.tmp``), so any legal name,
    255 bytes included, can be written.
    """
    target = check_target(path, overwrite=overwrite)
    directory = target.parent
    if not directory.is_dir():
        raise OutputError(f"输出目录不存在：{directory}")
    tmp_name = _write_temp(directory, target.name, data)
    try:
        _publish(tmp_name, target, overwrite)
    finally:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp_name)
    return target


def check_target(path: str | os.PathLike[str], *, overwrite: bool = False) -> Path:
    """The output path, or a Chinese :class:`OutputError` for a name that cannot be written.

    The name is checked by :func:`check_name`; an existing entry must be a
    regular file (and ``overwrite`` true).
    """
    target = check_name(path)
    try:
        info = os.lstat(target)
    except FileNotFoundError:
        return target
    except NotADirectoryError as exc:
        raise OutputError(f"输出目录不存在：{target.parent}（它不是目录）") from exc
    except OSError as exc:
        raise OutputError(f"无法访问输出路径 {target}：{os_reason(exc)}") from exc
    if stat.S_ISDIR(info.st_mode):
        raise OutputError(f"输出路径 {target} 是目录，应为文件名")
    if not stat.S_ISREG(info.st_mode):
        from doctemplates.inputs import file_kind

        raise OutputError(
            f"输出路径 {target} 是{file_kind(info.st_mode)}，不会覆盖（即使使用 --force）"
        )
    if not overwrite:
        raise OutputExistsError(
            f"输出文件已存在：{target}（如需覆盖请使用 --force / overwrite=True）"
        )
    return target


def check_name(path: str | os.PathLike[str]) -> Path:
    """The path if its last part can be a file name (not empty, at most 255 bytes).

    >>> check_name("")
    Traceback (most recent call last):
    ...
    doctemplates.errors.OutputError: 输出文件名为空
    >>> check_name("x" * 256 + ".docx")
    Traceback (most recent call last):
    ...
    doctemplates.errors.OutputError: 输出文件名过长：261 字节（上限 255 字节）
    >>> check_name("中" * 83 + ".docx").name[-5:]
    '.docx'
    """
    raw = os.fspath(path)
    if not raw or not raw.strip():
        raise OutputError("输出文件名为空")
    target = Path(raw)
    name = target.name
    if name in ("", ".", "..") or raw.endswith(("/", os.sep)):
        raise OutputError(f"输出路径 {raw} 是目录，应为文件名")
    size = (
        len(os.fsencode(name)) if _encodable(name) else len(name.encode("utf-8", "surrogatepass"))
    )
    if size > NAME_MAX:
        raise OutputError(f"输出文件名过长：{size} 字节（上限 {NAME_MAX} 字节）")
    if not _encodable(name) or "\x00" in raw:
        raise OutputError(f"输出文件名含有无法用作文件名的字符：{name!a}")
    return target


def _encodable(name: str) -> bool:
    try:
        os.fsencode(name)
    except UnicodeEncodeError:
        return False
    return True


def _write_temp(directory: Path, name: str, data: bytes) -> str:
    # Not tempfile.mkstemp: its 0600 would ignore the umask, and its ".<name>.<random>"
    # names add 14 bytes to a name that may already be 255.
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | os.O_CLOEXEC
    for _ in range(100):
        tmp_name = str(directory / f".dt-{secrets.token_hex(5)}.tmp")
        try:
            fd = os.open(tmp_name, flags, 0o666)
            break
        except FileExistsError:
            continue
        except OSError as exc:
            raise OutputError(f"无法在目录 {directory} 中写入文件：{os_reason(exc)}") from exc
    else:
        raise OutputError(f"无法在目录 {directory} 中创建临时文件")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
    except OSError as exc:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp_name)
        raise OutputError(f"写入 {directory / name} 失败：{os_reason(exc)}") from exc
    return tmp_name


def _publish(tmp_name: str, target: Path, overwrite: bool) -> None:
    try:
        if overwrite:
            check_target(target, overwrite=True)  # still a regular file (or gone)
            os.replace(tmp_name, target)
        else:
            # link() fails when the target exists: no-clobber without a race.
            os.link(tmp_name, target)
    except FileExistsError as exc:
        raise OutputExistsError(
            f"输出文件已存在：{target}（如需覆盖请使用 --force / overwrite=True）"
        ) from exc
    except IsADirectoryError as exc:
        raise OutputError(f"输出路径 {target} 是目录，应为文件名") from exc
    except OSError as exc:
        if not overwrite and exc.errno in (errno.EPERM, errno.ENOTSUP, errno.EXDEV):
            # File systems without hard links: the target was checked above.
            os.replace(tmp_name, target)
            return
        raise OutputError(f"写入 {target} 失败：{os_reason(exc)}") from exc
