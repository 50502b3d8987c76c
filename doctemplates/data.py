"""Reading user data files (YAML / JSON).  读取数据文件。

Errors name the file and, for syntax errors, the line and column.
"""

from __future__ import annotations

import base64
import binascii
import contextlib
import json
import re
import sys
from collections.abc import Iterator
from contextvars import ContextVar
from pathlib import Path
from typing import Any

import yaml

from doctemplates.errors import DataError

__all__ = [
    "KIND_KEY",
    "FileAccessError",
    "check_file_access",
    "data_dir",
    "decode_data_uri",
    "file_access",
    "file_access_allowed",
    "is_data_uri",
    "load_data",
    "parse_data",
    "resolve_path",
    "set_file_access",
]

#: Optional top-level key naming the kind a data file is for (samples use it).
KIND_KEY = "kind"
_SUFFIXES = {".yaml": "yaml", ".yml": "yaml", ".json": "json"}


class _Loader(yaml.SafeLoader):
    """Safe YAML loader that keeps dates as text.

    PyYAML turns ``2021-02-30`` into a date itself and fails with an English
    ValueError; left as text, the model's date parser reports it in Chinese
    with the field path.
    """


_Loader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def load_data(source: str | Path) -> dict[str, Any]:
    """Read a .yaml/.yml/.json file, or standard input for ``-`` (YAML or JSON)."""
    if str(source) == "-":
        return parse_data(sys.stdin.read(), "yaml", "标准输入")
    path = Path(source)
    fmt = _SUFFIXES.get(path.suffix.lower())
    if fmt is None:
        raise DataError(f"不支持的数据文件类型：{path.name}（应为 .yaml、.yml 或 .json）")
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError as exc:
        raise DataError(f"找不到数据文件：{path}") from exc
    except UnicodeDecodeError as exc:
        raise DataError(f"数据文件 {path} 不是 UTF-8 编码") from exc
    except OSError as exc:
        raise DataError(f"无法读取数据文件 {path}：{exc.strerror}") from exc
    return parse_data(text, fmt, str(path))


def parse_data(text: str, fmt: str, name: str) -> dict[str, Any]:
    """Parse YAML or JSON text into a mapping; errors give line and column."""
    try:
        data = json.loads(text) if fmt == "json" else yaml.load(text, Loader=_Loader)  # noqa: S506 - a SafeLoader subclass
    except json.JSONDecodeError as exc:
        raise DataError(
            f"{name} 第 {exc.lineno} 行第 {exc.colno} 列 JSON 格式错误：{exc.msg}"
        ) from exc
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        where = f"第 {mark.line + 1} 行第 {mark.column + 1} 列" if mark else ""
        raise DataError(f"{name} {where}YAML 格式错误：{exc.problem or exc}") from exc
    except yaml.YAMLError as exc:
        raise DataError(f"{name} YAML 格式错误：{exc}") from exc
    if not isinstance(data, dict):
        raise DataError(f"{name} 的顶层应为键值对（映射），实际为 {type(data).__name__}")
    return data


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
    doctemplates.data.FileAccessError: signature.seal_image: 此处不能使用文件路径，...
    """
    check_file_access(field=field)
    path = Path(value)
    base = _DATA_DIR.get()
    if path.is_absolute() or base is None:
        return path
    candidate = base / path
    return candidate if candidate.exists() or not path.exists() else path


# -- file access policy (the service switches it off) -------------------------------------

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
