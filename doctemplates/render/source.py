"""Reading a template's bytes, bounded, and naming the file in its errors.  读取模板文件。

A path must be a regular file (a FIFO or a device would block or never end); at most
``max_size + 1`` bytes are read, so the package reader refuses the excess without
holding it.
"""

from __future__ import annotations

import contextlib
import os
import stat
from collections.abc import Iterator
from pathlib import Path
from typing import IO

from doctemplates.errors import TemplateError

__all__ = ["naming", "read_bounded", "read_source"]


@contextlib.contextmanager
def naming(name: str) -> Iterator[None]:
    """Name the template file in every TemplateError raised inside (not for bytes input)."""
    try:
        yield
    except TemplateError as exc:
        if exc.template is None and not name.startswith("<"):
            exc.template = name
        raise


def read_source(
    source: str | os.PathLike[str] | bytes | IO[bytes], max_size: int
) -> tuple[bytes, str]:
    if isinstance(source, (bytes, bytearray)):
        return bytes(source), "<bytes>"
    if isinstance(source, (str, os.PathLike)):
        path = Path(source)
        try:
            with path.open("rb") as stream:
                if not stat.S_ISREG(os.fstat(stream.fileno()).st_mode):
                    raise TemplateError(f"模板 {path} 不是普通文件")
                return read_bounded(stream, max_size), str(path)
        except FileNotFoundError as exc:
            raise TemplateError(f"找不到模板文件：{path}") from exc
        except OSError as exc:
            raise TemplateError(f"无法读取模板文件 {path}：{exc.strerror}") from exc
    return read_bounded(source, max_size), getattr(source, "name", "<stream>")


def read_bounded(stream: IO[bytes], max_size: int) -> bytes:
    """At most ``max_size + 1`` bytes (read_package refuses the excess), in chunks."""
    chunks, total = [], 0
    while total <= max_size:
        chunk = stream.read(min(1 << 20, max_size + 1 - total))
        if not chunk:
            break
        chunks.append(chunk)
        total += len(chunk)
    return b"".join(chunks)
