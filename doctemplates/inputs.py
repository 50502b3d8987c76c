"""Bounded reading of files that come from users.  读取外来文件的资源上限。

Data files, record files and files given to ``check`` may come from anyone: a
symlink to ``/dev/zero``, a FIFO, a zip that inflates to gigabytes, XML with a
DTD.  Everything here checks *before* reading: regular files only, the size
from ``fstat`` against a limit, zip members by their declared sizes and ratios
(:mod:`zipfile` never inflates a member past its declared size), XML prologs by
parsing them.  Every refusal is one Chinese sentence naming the file.

:class:`Limits` holds every bound with defaults a web service can live with;
the API takes ``limits=`` and the command line ``--limit NAME=VALUE``.

>>> Limits().rows
100000
>>> parse_limits(["rows=50", "cell-chars=1000"]).cell_chars
1000
>>> human_bytes(64 * 1024 * 1024)
'64 MiB'
"""

from __future__ import annotations

import contextlib
import dataclasses
import io
import os
import stat
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import IO, TYPE_CHECKING, cast

if TYPE_CHECKING:
    from lxml import etree

from doctemplates.errors import DataError, os_reason

__all__ = [
    "DEFAULT_LIMITS",
    "LIMIT_HELP",
    "LimitError",
    "Limits",
    "check_zip",
    "file_kind",
    "human_bytes",
    "open_regular",
    "open_zip",
    "parse_limits",
    "read_regular",
    "refuse_dtd",
    "safe_xml_parser",
]

_MiB = 1024 * 1024


class LimitError(DataError):
    """Input over a configured bound.  输入超过资源上限（退出码 1）。"""


@dataclass(frozen=True)
class Limits:
    """Resource bounds for input from strangers.  外来输入的资源上限（均可配置）。"""

    data_bytes: int = 8 * _MiB  # 数据文件（.yaml/.json）大小
    depth: int = 64  # 数据嵌套层数
    nodes: int = 200_000  # YAML/JSON 值的个数（含别名展开）
    int_digits: int = 64  # 整数位数
    records_bytes: int = 128 * _MiB  # 记录文件（.xlsx/.csv/.jsonl）大小
    rows: int = 100_000  # 记录行数（含表头）
    columns: int = 512  # 列数
    cell_chars: int = 32_767  # 一个单元格（字段）的字数，与 Excel 相同
    line_bytes: int = 4 * _MiB  # JSONL 一行的字节数
    zip_members: int = 2_000  # .xlsx/.docx 中的部件数
    member_bytes: int = 64 * _MiB  # 一个部件解压后的大小
    zip_bytes: int = 256 * _MiB  # 全部部件解压后的大小
    zip_ratio: int = 200  # 一个部件的压缩比上限
    check_bytes: int = 64 * _MiB  # check 的文件大小
    pdf_pages: int = 500  # check 的 PDF 页数
    jobs: int = 4 * (os.cpu_count() or 1)  # --jobs 上限
    pdf_rss_mb: int = 400  # LibreOffice 常驻进程内存上限（MiB），超过即换新进程


DEFAULT_LIMITS = Limits()

#: Chinese description of each limit (CLI help, docs/reliability.md).
LIMIT_HELP: dict[str, str] = {
    "data_bytes": "数据文件大小（字节）",
    "depth": "数据嵌套层数",
    "nodes": "数据中值的个数（含 YAML 别名展开）",
    "int_digits": "整数位数",
    "records_bytes": "记录文件大小（字节）",
    "rows": "记录行数（含表头）",
    "columns": "记录列数",
    "cell_chars": "单元格字数",
    "line_bytes": "JSONL 一行的字节数",
    "zip_members": ".xlsx/.docx 部件数",
    "member_bytes": "一个部件解压后的字节数",
    "zip_bytes": "全部部件解压后的字节数",
    "zip_ratio": "部件压缩比",
    "check_bytes": "被检查文件的大小（字节）",
    "pdf_pages": "被检查 PDF 的页数",
    "jobs": "--jobs 并行进程数",
    "pdf_rss_mb": "LibreOffice 进程内存（MiB），超过即换新进程",
}


def parse_limits(items: Iterable[str], base: Limits = DEFAULT_LIMITS) -> Limits:
    """``["rows=50", "cell-chars=1000"]`` → :class:`Limits` (usage errors in Chinese).

    >>> parse_limits(["nope=1"])
    Traceback (most recent call last):
    ...
    doctemplates.errors.DataError: --limit: 未知的上限 nope（可用：...）
    """
    names = {f.name for f in dataclasses.fields(Limits)}
    changes: dict[str, int] = {}
    for item in items:
        key, sep, raw = item.partition("=")
        name = key.strip().replace("-", "_")
        if not sep or name not in names:
            known = "、".join(n.replace("_", "-") for n in sorted(names))
            raise DataError(f"未知的上限 {key.strip() or item}（可用：{known}）", field="--limit")
        try:
            value = int(raw.strip().replace("_", ""))
        except ValueError:
            value = 0
        if value < 1:
            raise DataError(f"上限 {key.strip()} 应为正整数，实为「{raw}」", field="--limit")
        changes[name] = value
    return dataclasses.replace(base, **changes)


def human_bytes(count: int) -> str:
    """``65536`` → ``'64 KiB'`` (for messages)."""
    for unit, size in (("GiB", 1 << 30), ("MiB", 1 << 20), ("KiB", 1 << 10)):
        if count >= size:
            value = count / size
            return f"{value:.0f} {unit}" if value.is_integer() else f"{value:.1f} {unit}"
    return f"{count} 字节"


_KINDS = (
    (stat.S_ISDIR, "目录"),
    (stat.S_ISFIFO, "命名管道 FIFO"),
    (stat.S_ISCHR, "字符设备"),
    (stat.S_ISBLK, "块设备"),
    (stat.S_ISSOCK, "套接字"),
    (stat.S_ISLNK, "符号链接"),
)


def file_kind(mode: int) -> str:
    """What a non-regular file is, in Chinese (``目录``, ``命名管道（FIFO）``…)."""
    return next((name for test, name in _KINDS if test(mode)), "特殊文件")


def open_regular(path: str | os.PathLike[str], limit: int, what: str) -> IO[bytes]:
    """Open ``path`` for reading if it is a regular file of at most ``limit`` bytes.

    Opened non-blocking (a FIFO cannot hang the open) and checked with ``fstat``
    on the descriptor, so a symlink to ``/dev/zero`` or a FIFO is refused before
    one byte is read.  The returned file stops at ``limit`` bytes even if the
    file grows meanwhile.  ``what`` names the file in messages (``数据文件``).
    """
    name = os.fspath(path)
    if not name:
        raise DataError(f"{what}的路径为空")
    try:
        fd = os.open(name, os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC | os.O_NOCTTY)
    except FileNotFoundError as exc:
        raise DataError(f"找不到{what}：{name}{_near(name)}") from exc
    except OSError as exc:
        with contextlib.suppress(OSError):
            mode = os.stat(name).st_mode
            if not stat.S_ISREG(mode):  # a socket or a terminal cannot even be opened
                raise DataError(
                    f"{what} {name} 不是普通文件（是{file_kind(mode)}），不会读取"
                ) from exc
        raise DataError(f"无法读取{what} {name}：{os_reason(exc)}") from exc
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise DataError(f"{what} {name} 不是普通文件（是{file_kind(info.st_mode)}），不会读取")
        if info.st_size > limit:
            raise LimitError(
                f"{what} {name} 太大（{human_bytes(info.st_size)}，上限 {human_bytes(limit)}）"
            )
        os.set_blocking(fd, True)
        raw = os.fdopen(fd, "rb", buffering=0)
    except BaseException:
        os.close(fd)
        raise
    return io.BufferedReader(_Capped(raw, limit, f"{what} {name}"), buffer_size=1 << 16)


def _near(name: str) -> str:
    """``；是否想用 通知.yaml？`` when the folder has a file with a close name (else a hint).

    At most 1,000 entries of the folder are looked at (a folder may be huge).
    """
    import difflib
    import itertools

    path = Path(name)
    folder = path.parent
    try:
        with os.scandir(folder) as entries:
            names = [e.name for e in itertools.islice(entries, 1000)]
    except OSError:
        return (
            f"；文件夹 {folder} 也不存在，请检查路径"
            if folder != Path(".")
            else "；请检查文件名和路径"
        )
    close = difflib.get_close_matches(path.name, names, n=1, cutoff=0.6)
    if close:
        return f"；是否想用 {folder / close[0] if folder != Path('.') else close[0]}？"
    return "；请检查文件名和路径"


def read_regular(path: str | os.PathLike[str], limit: int, what: str) -> bytes:
    """The bytes of a regular file of at most ``limit`` bytes (see :func:`open_regular`)."""
    with open_regular(path, limit, what) as fh:
        try:
            return fh.read()
        except OSError as exc:
            raise DataError(f"无法读取{what} {os.fspath(path)}：{os_reason(exc)}") from exc


class _Capped(io.RawIOBase):
    """A raw stream that refuses to yield more than ``limit`` bytes (a growing file)."""

    def __init__(self, raw: IO[bytes], limit: int, name: str) -> None:
        self._raw = raw
        self._left = limit
        self._limit = limit
        self._name = name

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: memoryview) -> int:  # type: ignore[override]
        data = self._raw.read(len(buffer))
        if data is None:
            return 0
        if len(data) > self._left:
            raise LimitError(f"{self._name} 在读取时变大，超过上限 {human_bytes(self._limit)}")
        self._left -= len(data)
        buffer[: len(data)] = data
        return len(data)

    def close(self) -> None:
        self._raw.close()
        super().close()


# -- zip packages (.xlsx, .docx) ----------------------------------------------------------
def check_zip(archive: zipfile.ZipFile, limits: Limits, name: str) -> None:
    """Refuse a package whose members would inflate past the limits (zip bombs).

    Declared sizes are binding: :mod:`zipfile` stops a member at its declared
    ``file_size`` and checks the CRC, so a lying header yields an error, not
    more bytes.
    """
    members = archive.infolist()
    if len(members) > limits.zip_members:
        raise LimitError(f"{name} 含有 {len(members)} 个部件，超过上限 {limits.zip_members}")
    total = 0
    for info in members:
        if info.flag_bits & 0x1:
            raise DataError(f"{name} 的部件 {info.filename} 已加密，无法读取")
        if info.file_size > limits.member_bytes:
            raise LimitError(
                f"{name} 的部件 {info.filename} 解压后 {human_bytes(info.file_size)}，"
                f"超过上限 {human_bytes(limits.member_bytes)}（可能是 zip 炸弹）"
            )
        ratio = info.file_size / max(info.compress_size, 1)
        if info.file_size > _MiB and ratio > limits.zip_ratio:
            raise LimitError(
                f"{name} 的部件 {info.filename} 压缩比 {ratio:.0f}:1，"
                f"超过上限 {limits.zip_ratio}:1（可能是 zip 炸弹）"
            )
        total += info.file_size
    if total > limits.zip_bytes:
        raise LimitError(
            f"{name} 解压后共 {human_bytes(total)}，超过上限 {human_bytes(limits.zip_bytes)}（可能是 zip 炸弹）"
        )


def safe_xml_parser() -> etree.XMLParser:
    """An lxml parser that loads no DTD, resolves no entity and reaches no network."""
    from lxml import etree  # imported on first use: the command line's start-up (issue 20 §3)

    return etree.XMLParser(
        resolve_entities=False, no_network=True, load_dtd=False, dtd_validation=False
    )


def refuse_dtd(stream: IO[bytes], name: str, part: str) -> None:
    """Refuse an XML part that has a document type declaration (XXE, billion laughs).

    Decided by parsing the prolog (any encoding, UTF-16 included) up to the
    first element, not by looking for ``<!DOCTYPE`` as spelled.  Office
    packages never need a DTD.
    """
    from lxml import etree

    parser = etree.XMLPullParser(
        events=("start",), resolve_entities=False, no_network=True, load_dtd=False
    )
    try:
        while True:
            chunk = stream.read(1 << 14)
            if chunk:
                parser.feed(chunk)
            else:
                parser.close()
            for _event, element in parser.read_events():
                docinfo = cast("etree._Element", element).getroottree().docinfo  # "start" events
                if docinfo.doctype:  # type: ignore[attr-defined]  # missing in lxml-stubs
                    raise DataError(
                        f"{name} 的部件 {part} 含有 DTD 声明（可能是 XXE 攻击），拒绝读取"
                    )
                return
            if not chunk:
                return
    except etree.XMLSyntaxError as exc:
        raise DataError(f"{name} 的部件 {part} 不是有效的 XML：{_xml_reason(exc)}") from exc


def _xml_reason(exc: etree.XMLSyntaxError) -> str:
    line = getattr(exc, "lineno", None)
    where = f"第 {line} 行" if line else ""
    return f"{where}{exc.msg}" if getattr(exc, "msg", None) else where or "格式错误"


def refuse_dtd_members(archive: zipfile.ZipFile, name: str) -> None:
    """:func:`refuse_dtd` for every XML part of a package (by content type or suffix)."""
    for info in archive.infolist():
        if info.is_dir() or info.file_size == 0:
            continue
        with archive.open(info) as member:
            head = member.read(4)
        if not _looks_like_xml(head, info.filename):
            continue
        with archive.open(info) as member:
            refuse_dtd(member, name, info.filename)


def _looks_like_xml(head: bytes, filename: str) -> bool:
    """XML by suffix, or by its first bytes (``<``, a BOM, UTF-16 ``<``)."""
    if filename.lower().endswith((".xml", ".rels", ".vml")):
        return True
    return head.startswith((b"<", b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff", b"\x00<", b"<\x00"))


def open_zip(data: bytes | IO[bytes], limits: Limits, name: str) -> zipfile.ZipFile:
    """A checked :class:`zipfile.ZipFile` (bounded, no DTD in any XML part)."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data) if isinstance(data, bytes) else data)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError) as exc:
        raise DataError(f"{name} 不是有效的 zip 文件（.xlsx/.docx 都是 zip 包）") from exc
    try:
        check_zip(archive, limits, name)
        refuse_dtd_members(archive, name)
    except (zipfile.BadZipFile, OSError, ValueError, EOFError, NotImplementedError) as exc:
        archive.close()
        raise DataError(f"{name} 已损坏，无法读取其中的部件：{exc}") from exc
    except BaseException:
        archive.close()
        raise
    return archive
