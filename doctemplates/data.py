"""Reading user data files (YAML / JSON).  读取数据文件。

Errors name the file and, for syntax errors, the line and column.
"""

from __future__ import annotations

import contextlib
import json
import sys
from collections.abc import Iterator
from contextvars import ContextVar
from pathlib import Path
from typing import Any

import yaml

from doctemplates.errors import DataError

__all__ = ["KIND_KEY", "data_dir", "load_data", "parse_data", "resolve_path"]

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
        trap = _alias_trap(exc, text)
        if trap:
            raise DataError(f"{name} {trap}") from exc
        raise DataError(f"{name} {where}YAML 格式错误：{exc.problem or exc}") from exc
    except yaml.YAMLError as exc:
        raise DataError(f"{name} YAML 格式错误：{exc}") from exc
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


_DATA_DIR: ContextVar[Path | None] = ContextVar("doctemplates_data_dir", default=None)


@contextlib.contextmanager
def data_dir(folder: str | Path) -> Iterator[None]:
    """Paths inside the data (e.g. ``records_file``) are relative to ``folder``.  数据文件所在目录。"""
    token = _DATA_DIR.set(Path(folder))
    try:
        yield
    finally:
        _DATA_DIR.reset(token)


def resolve_path(value: str | Path) -> Path:
    """A path written in user data: relative to the data file's folder, else to the
    current folder.  数据中的相对路径以数据文件所在目录为准。

    >>> with data_dir("/srv/data"):
    ...     str(resolve_path("/abs/x.xlsx")), resolve_path("no/such.xlsx").as_posix()
    ('/abs/x.xlsx', '/srv/data/no/such.xlsx')
    """
    path = Path(value)
    base = _DATA_DIR.get()
    if path.is_absolute() or base is None:
        return path
    candidate = base / path
    return candidate if candidate.exists() or not path.exists() else path
