"""Whether files named in user data may be read here.  文件访问策略。

The HTTP service switches file access off for its whole process (and its batch
workers): a ``seal_image`` or ``records_file`` in posted data is then refused,
never opened.  On the ground floor (it imports only the errors) so that the data
loader, the models and ``render``'s pictures all ask the same question.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from contextvars import ContextVar

from doctemplates.errors import DataError

__all__ = [
    "FileAccessError",
    "check_file_access",
    "file_access",
    "file_access_allowed",
    "set_file_access",
]

_FILE_ACCESS: ContextVar[bool | None] = ContextVar("doctemplates_file_access", default=None)
_PROCESS_FILE_ACCESS = [True]  # process-wide default; a list so that tests can reset it


class FileAccessError(DataError):
    """Data names a file where reading files is not allowed.  不允许读取文件。"""


def set_file_access(allowed: bool) -> None:
    """Allow or forbid, for the whole process, files named in user data.  整个进程的文件访问策略。

    The HTTP service forbids them at start (and in its worker processes): a
    ``seal_image`` or ``records_file`` in posted data is then refused, never opened.
    """
    _PROCESS_FILE_ACCESS[0] = allowed


@contextlib.contextmanager
def file_access(allowed: bool) -> Iterator[None]:
    """Allow or forbid files named in user data within a ``with`` block (this context only)."""
    token = _FILE_ACCESS.set(allowed)
    try:
        yield
    finally:
        _FILE_ACCESS.reset(token)


def file_access_allowed() -> bool:
    """Whether a path in user data may be opened here.  是否允许按数据中的路径读取文件。"""
    local = _FILE_ACCESS.get()
    return _PROCESS_FILE_ACCESS[0] if local is None else local


def check_file_access(*, field: str | None = None) -> None:
    """Raise :class:`FileAccessError` (naming ``field``) when file access is off."""
    if not file_access_allowed():
        raise FileAccessError(
            "此处不能使用文件路径，服务不会读取服务器上的文件；"
            "图片请以 data: URI（base64）或上传文件的方式提供，记录请直接写在数据中",
            field=field,
        )
