"""Reading user data files (YAML / JSON).  读取数据文件。

Errors name the file and, for syntax errors, the line and column.  Sizes,
nesting, integer digits and YAML alias expansion are bounded
(:class:`~doctemplates.inputs.Limits`): hostile data gets a Chinese sentence,
never a ``RecursionError`` or ``MemoryError``.
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
from doctemplates.inputs import DEFAULT_LIMITS, LimitError, Limits, human_bytes, read_regular

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
    "parse_json_value",
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


#: The event scan (:func:`_scan_yaml`) uses libyaml's parser when PyYAML has it (fast).
_EventLoader: type[Any] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

_Loader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def load_data(source: str | Path, *, limits: Limits = DEFAULT_LIMITS) -> dict[str, Any]:
    """Read a .yaml/.yml/.json file, or standard input for ``-`` (YAML or JSON).

    Only a regular file of at most ``limits.data_bytes`` is read (a FIFO or a
    symlink to a device is refused before reading); nesting, the number of
    values (YAML aliases expanded) and integer digits are bounded too.
    """
    if str(source) == "-":
        raw = sys.stdin.buffer.read(limits.data_bytes + 1)
        if len(raw) > limits.data_bytes:
            raise LimitError(f"标准输入超过数据大小上限 {human_bytes(limits.data_bytes)}")
        return parse_data(_decode(raw, "标准输入"), "yaml", "标准输入", limits=limits)
    path = Path(source)
    fmt = _SUFFIXES.get(path.suffix.lower())
    if fmt is None:
        raise DataError(f"不支持的数据文件类型：{path.name}（应为 .yaml、.yml 或 .json）")
    raw = read_regular(path, limits.data_bytes, "数据文件")
    return parse_data(_decode(raw, f"数据文件 {path}"), fmt, str(path), limits=limits)


def _decode(raw: bytes, name: str) -> str:
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise DataError(f"{name} 不是 UTF-8 编码（第 {line} 行第 {exc.start + 1} 字节）") from exc


def parse_data(
    text: str, fmt: str, name: str, *, limits: Limits = DEFAULT_LIMITS
) -> dict[str, Any]:
    """Parse YAML or JSON text into a mapping; errors give line and column.

    >>> parse_data('{"a": [[[1]]]}', "json", "x.json", limits=Limits(depth=2))
    Traceback (most recent call last):
    ...
    doctemplates.inputs.LimitError: a[0]: x.json 嵌套超过 2 层（上限，见 --limit depth）
    """
    try:
        if fmt == "json":
            data = parse_json_value(text, name, limits=limits)
        else:
            _scan_yaml(text, name, limits)
            data = yaml.load(text, Loader=_loader(name, limits))  # noqa: S506 - SafeLoader subclass
            _check_tree(data, name, limits)
    except json.JSONDecodeError as exc:
        raise DataError(
            f"{name} 第 {exc.lineno} 行第 {exc.colno} 列 JSON 格式错误：{exc.msg}"
        ) from exc
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        where = f"第 {mark.line + 1} 行第 {mark.column + 1} 列" if mark else ""
        trap = _alias_trap(exc, text)
        if trap:
            raise DataError(f"{name} {trap}") from exc
        if "nesting depth" in str(exc.problem):  # libyaml's own bound (1000)
            raise LimitError(f"{name} {where}{_too_deep(limits)}") from exc
        raise DataError(f"{name} {where}YAML 格式错误：{exc.problem or exc}") from exc
    except yaml.YAMLError as exc:
        raise DataError(f"{name} YAML 格式错误：{exc}") from exc
    except RecursionError as exc:
        raise LimitError(f"{name} {_too_deep(limits)}") from exc
    if not isinstance(data, dict):
        raise DataError(f"{name} 的顶层应为键值对（映射），实际为 {type(data).__name__}")
    return data


def _alias_trap(exc: yaml.MarkedYAMLError, text: str) -> str | None:
    """An unquoted value starting with ``*`` or ``&`` (``*镇市科技局``): YAML reads an alias/anchor."""
    scanning = exc.context in ("while scanning an alias", "while scanning an anchor")
    undefined = (exc.problem or "").startswith("found undefined alias")
    mark = exc.context_mark if scanning else exc.problem_mark
    if not (scanning or undefined) or mark is None:
        return None
    line = text.splitlines()[mark.line] if mark.line < len(text.splitlines()) else ""
    value = line[mark.column :].strip()
    char = value[:1] or "*"
    role = "别名（alias）" if char == "*" else "锚点（anchor）"
    return (
        f"第 {mark.line + 1} 行的值“{value}”以 {char} 开头：YAML 把 {char} 当作{role}的开始；"
        f'这个值需要加引号，如 "{value}"'
    )


def _too_deep(limits: Limits) -> str:
    return f"嵌套超过 {limits.depth} 层（上限，见 --limit depth）"


def _too_long(digits: int, limits: Limits) -> str:
    return f"整数有 {digits} 位，超过上限 {limits.int_digits} 位（见 --limit int-digits）"


def parse_json_value(text: str, name: str, *, limits: Limits = DEFAULT_LIMITS) -> Any:
    """``json.loads`` with bounded integers, depth and size; no lone surrogates.

    Raises :class:`json.JSONDecodeError` for syntax errors (the caller words
    them with its own location) and :class:`DataError` for the bounds.
    """
    try:
        data = json.loads(text, parse_int=_bounded_int(name, limits))
    except RecursionError as exc:
        raise LimitError(f"{name} {_too_deep(limits)}") from exc
    _check_tree(data, name, limits)
    return data


def _bounded_int(name: str, limits: Limits) -> Any:
    def bounded_int(literal: str) -> int:
        digits = len(literal.lstrip("-"))
        if digits > limits.int_digits:
            raise LimitError(f"{name} {_too_long(digits, limits)}")
        return int(literal)

    return bounded_int


def _check_tree(data: Any, name: str, limits: Limits) -> None:
    """Depth, size and text of parsed data, walked without recursion.

    A lone surrogate (``"\\ud800"`` in JSON) is no text: refused here, with
    its path, instead of failing later when a file or a message is written.
    """
    stack: list[tuple[Any, int, str]] = [(data, 1, "")]
    count = 0
    while stack:
        value, depth, path = stack.pop()
        count += 1
        if count > limits.nodes:
            raise LimitError(f"{name} 含有超过 {limits.nodes} 个值（上限，见 --limit nodes）")
        if isinstance(value, str):
            if _SURROGATE.search(value):
                raise DataError(
                    f"{name} 中的文本含有单独的代理字符（不是有效的 Unicode）", field=path or None
                )
        elif isinstance(value, dict | list):
            if depth > limits.depth:
                raise LimitError(f"{name} {_too_deep(limits)}", field=path or None)
            if isinstance(value, dict):
                for key, child in value.items():
                    key_text = str(key)
                    if _SURROGATE.search(key_text):
                        raise DataError(f"{name} 中的键含有单独的代理字符（不是有效的 Unicode）")
                    stack.append((child, depth + 1, f"{path}.{key_text}" if path else key_text))
            else:
                stack.extend((child, depth + 1, f"{path}[{i}]") for i, child in enumerate(value))


_SURROGATE = re.compile("[\ud800-\udfff]")


def _scan_yaml(text: str, name: str, limits: Limits) -> None:
    """Bound depth and expanded size from the event stream, before anything is built.

    PyYAML's composer recurses once per level, and aliases let a few lines
    stand for billions of values ("billion laughs"): both are measured on the
    parser's events, which come without recursion.
    """
    depth = count = 0
    anchors: dict[str, int] = {}
    open_nodes: list[tuple[str | None, int]] = []
    for event in yaml.parse(text, Loader=_EventLoader):
        if isinstance(event, yaml.CollectionStartEvent):
            depth += 1
            if depth > limits.depth:
                raise LimitError(f"{name} 第 {event.start_mark.line + 1} 行{_too_deep(limits)}")
            open_nodes.append((event.anchor, count))
            count += 1
        elif isinstance(event, yaml.CollectionEndEvent):
            depth -= 1
            anchor, before = open_nodes.pop()
            if anchor:
                anchors[anchor] = count - before
        elif isinstance(event, yaml.ScalarEvent):
            count += 1
            if event.anchor:
                anchors[event.anchor] = 1
        elif isinstance(event, yaml.AliasEvent):
            count += anchors.get(event.anchor, 1)
        if count > limits.nodes:
            line = event.start_mark.line + 1
            raise LimitError(
                f"{name} 第 {line} 行：展开后超过 {limits.nodes} 个值（上限，见 --limit nodes；可能是 YAML 别名炸弹）"
            )


def _loader(name: str, limits: Limits) -> type[_Loader]:
    """The safe loader with integers bounded by ``limits.int_digits``."""

    class Bounded(_Loader):
        pass

    def construct_int(loader: yaml.SafeLoader, node: yaml.ScalarNode) -> Any:
        digits = sum(ch.isalnum() for ch in str(node.value))
        if digits > limits.int_digits:
            line = node.start_mark.line + 1
            raise LimitError(f"{name} 第 {line} 行：{_too_long(digits, limits)}")
        return yaml.SafeLoader.construct_yaml_int(loader, node)

    Bounded.add_constructor("tag:yaml.org,2002:int", construct_int)
    return Bounded


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
