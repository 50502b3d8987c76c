"""Files and pictures named in user data: the data folder and ``data:`` URIs.  数据中的文件路径与 data: URI。

Re-exported by :mod:`doctemplates.data`.  Paths go through the file-access
policy (:mod:`doctemplates.access`) before anything is looked at.
"""

from __future__ import annotations

import base64
import binascii
import contextlib
import re
from collections.abc import Iterator
from contextvars import ContextVar
from pathlib import Path

from doctemplates.access import check_file_access, file_access  # noqa: F401  (doctest)
from doctemplates.errors import DataError

_DATA_DIR: ContextVar[Path | None] = ContextVar("doctemplates_data_dir", default=None)


@contextlib.contextmanager
def data_dir(folder: str | Path) -> Iterator[None]:
    """Paths inside the data (e.g. ``records_file``) are relative to ``folder``.  数据文件所在目录。"""
    token = _DATA_DIR.set(Path(folder))
    try:
        yield
    finally:
        _DATA_DIR.reset(token)


def resolve_path(value: str | Path, *, field: str | None = None) -> Path:
    """A path written in user data: relative to the data file's folder, else to the
    current folder.  数据中的相对路径以数据文件所在目录为准。

    Where file access is off (:func:`set_file_access`, the HTTP service) every
    path is refused with :class:`FileAccessError` before anything is looked at.

    >>> with data_dir("/srv/data"):
    ...     str(resolve_path("/abs/x.xlsx")), resolve_path("no/such.xlsx").as_posix()
    ('/abs/x.xlsx', '/srv/data/no/such.xlsx')
    >>> with file_access(False):
    ...     resolve_path("/etc/passwd", field="signature.seal_image")
    Traceback (most recent call last):
    ...
    doctemplates.access.FileAccessError: signature.seal_image: 此处不能使用文件路径，...
    """
    check_file_access(field=field)
    path = Path(value)
    base = _DATA_DIR.get()
    if path.is_absolute() or base is None:
        return path
    candidate = base / path
    return candidate if candidate.exists() or not path.exists() else path


#: ``data:[<media type>][;base64],<data>`` (RFC 2397)
_DATA_URI = re.compile(r"data:(?P<type>[\w.+-]+/[\w.+-]+)?(?P<params>(?:;[^,;]*)*),", re.ASCII)
#: Largest decoded data URI (a seal picture is far smaller).
MAX_DATA_URI_BYTES = 8 * 1024 * 1024


def is_data_uri(value: object) -> bool:
    """Whether ``value`` is a ``data:`` URI (RFC 2397).

    >>> is_data_uri("data:image/png;base64,iVBORw0KGgo="), is_data_uri("/etc/seal.png")
    (True, False)
    """
    return isinstance(value, str) and value[:5].lower() == "data:"


def decode_data_uri(
    value: str, *, field: str | None = None, max_bytes: int = MAX_DATA_URI_BYTES
) -> tuple[str, bytes]:
    """(media type, content) of a ``data:`` URI; Chinese errors naming ``field``.

    >>> decode_data_uri("data:image/png;base64,aGVsbG8=")
    ('image/png', b'hello')
    >>> decode_data_uri("data:image/png;base64,@@", field="signature.seal_image")
    Traceback (most recent call last):
    ...
    doctemplates.errors.DataError: signature.seal_image: data: URI 的 base64 内容无效
    """
    match = _DATA_URI.match(value)
    if match is None:
        raise DataError("data: URI 格式不正确，应形如“data:image/png;base64,……”", field=field)
    payload = value[match.end() :]
    if (len(payload) * 3) // 4 > max_bytes:
        raise DataError(f"data: URI 的内容超过 {max_bytes // (1024 * 1024)} MiB", field=field)
    media = (match["type"] or "text/plain").lower()
    if "base64" not in [p.strip().lower() for p in match["params"].split(";")]:
        from urllib.parse import unquote_to_bytes

        return media, unquote_to_bytes(payload)
    try:
        return media, base64.b64decode(re.sub(r"\s+", "", payload), validate=True)
    except (binascii.Error, ValueError) as exc:
        raise DataError("data: URI 的 base64 内容无效", field=field) from exc
