"""Zip package I/O: bounded reading and deterministic writing.  包（zip）层。

The ground floor of every package the project reads or writes (.docx templates
and documents, OFD): bounded reading against zip bombs and hostile member names,
and one deterministic writer.  This layer knows nothing of Word, Jinja or 公文.

The writer is hand-written because :mod:`zipfile` cannot write members that
are already compressed: a template's unchanged parts (styles, fonts, theme) are
deflated once at load time and copied into every rendered document, which is
most of the saving of compile-once rendering for small documents.  Fixed
timestamps and member order make the output byte-identical for equal input.
"""

from __future__ import annotations

import io
import posixpath
import struct
import zipfile
import zlib
from collections.abc import Iterable
from dataclasses import dataclass

from doctemplates.errors import TemplateError, TemplateSecurityError

__all__ = ["Member", "PackageLimits", "read_package", "write_package"]

# 1980-01-01 00:00:00 in DOS format: the fixed timestamp of every member.
_DOS_TIME = 0
_DOS_DATE = (0 << 9) | (1 << 5) | 1
_UTF8_FLAG = 0x0800
_UNIX = 3  # "version made by" host system: Unix (its permissions are in the external attributes)


@dataclass(frozen=True)
class PackageLimits:
    """Bounds against zip bombs.  防 zip 炸弹的上限。"""

    max_members: int = 2000  # 成员个数
    max_member_size: int = 64 * 1024 * 1024  # 单个成员解压后的字节数
    max_total_size: int = 256 * 1024 * 1024  # 解压后的总字节数
    max_ratio: float = 200.0  # 压缩比
    max_file_size: int = 64 * 1024 * 1024  # .docx 文件本身的字节数


@dataclass(frozen=True)
class Member:
    """One compressed member ready to be written.  已压缩的包成员。"""

    name: str
    crc: int
    size: int
    data: bytes  # raw deflate stream

    @classmethod
    def deflate(cls, name: str, content: bytes, level: int = 6) -> Member:
        compressor = zlib.compressobj(level, zlib.DEFLATED, -15)
        data = compressor.compress(content) + compressor.flush()
        return cls(name, zlib.crc32(content), len(content), data)


def read_package(source: bytes, limits: PackageLimits | None = None) -> dict[str, bytes]:
    """Read a .docx zip into ``{name: content}`` in member order, within ``limits``."""
    limits = limits or PackageLimits()
    if len(source) > limits.max_file_size:
        raise TemplateError(f".docx 文件过大（{len(source)} 字节，上限 {limits.max_file_size}）")
    try:
        archive = zipfile.ZipFile(io.BytesIO(source))
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise TemplateError("文件不是有效的 .docx（zip）文件") from exc
    with archive:
        infos = archive.infolist()
        _check_limits(infos, limits)
        _check_names(infos)
        try:
            return {info.filename: archive.read(info) for info in infos if not info.is_dir()}
        except (zipfile.BadZipFile, zlib.error, NotImplementedError, RuntimeError) as exc:
            raise TemplateError(f".docx 文件已损坏，无法读取：{exc}") from exc


def _check_limits(infos: list[zipfile.ZipInfo], limits: PackageLimits) -> None:
    if len(infos) > limits.max_members:
        raise TemplateError(f".docx 包含 {len(infos)} 个成员，超过上限 {limits.max_members}")
    total = 0
    for info in infos:
        total += info.file_size
        if info.file_size > limits.max_member_size:
            raise TemplateError(f".docx 成员 {info.filename} 解压后过大（{info.file_size} 字节）")
        if info.compress_size and info.file_size / info.compress_size > limits.max_ratio:
            raise TemplateError(f".docx 成员 {info.filename} 压缩比异常，疑似 zip 炸弹")
    if total > limits.max_total_size:
        raise TemplateError(f".docx 解压后总大小 {total} 字节，超过上限")


def _check_names(infos: list[zipfile.ZipInfo]) -> None:
    """Refuse member names that could escape a folder or collide (OPC names are case-insensitive)."""
    seen: dict[str, str] = {}
    for info in infos:
        raw = info.orig_filename
        problem = _name_problem(raw)
        if problem:
            raise TemplateSecurityError(f".docx 中的成员名「{raw[:80]!s}」{problem}，拒绝使用")
        if info.flag_bits & 0x1:
            raise TemplateError(f".docx 成员 {raw} 已加密，无法读取")
        key = raw.rstrip("/").lower()
        if key in seen:
            raise TemplateSecurityError(
                f".docx 中有重名的成员「{seen[key]}」与「{raw}」（不区分大小写），拒绝使用"
            )
        seen[key] = raw


def _name_problem(name: str) -> str | None:
    if not name or name.startswith("/") or (len(name) > 1 and name[1] == ":"):
        return "是绝对路径"
    if "\\" in name:
        return "含有反斜杠"
    if any(ord(c) < 0x20 or ord(c) == 0x7F for c in name):
        return "含有控制字符"
    segments = name.rstrip("/").split("/")
    if any(s in ("", ".", "..") for s in segments) or posixpath.normpath(name) != name.rstrip("/"):
        return "含有 ../ 或空的路径段"
    return None


def write_package(members: Iterable[Member], *, unix_mode: int | None = None) -> bytes:
    """Write members, in the given order, as a deterministic zip archive.

    ``unix_mode`` (e.g. ``0o644``) records the members as made on Unix with
    those permissions, as :mod:`zipfile` does (the built templates); without it
    no system or permissions are recorded (rendered documents, OFD).

    >>> data = write_package([Member.deflate("a.xml", b"<a/>")])
    >>> data == write_package([Member.deflate("a.xml", b"<a/>")]), read_package(data)
    (True, {'a.xml': b'<a/>'})
    """
    out = io.BytesIO()
    central: list[bytes] = []
    made_by = 20 if unix_mode is None else (_UNIX << 8) | 20
    attributes = 0 if unix_mode is None else unix_mode << 16
    for member in members:
        offset = out.tell()
        name = member.name.encode("utf-8")
        flags = 0 if name.isascii() else _UTF8_FLAG
        fields = (20, flags, 8, _DOS_TIME, _DOS_DATE, member.crc, len(member.data), member.size)
        out.write(struct.pack("<IHHHHHIIIHH", 0x04034B50, *fields, len(name), 0))
        out.write(name)
        out.write(member.data)
        central.append(
            struct.pack(
                "<IHHHHHHIIIHHHHHII",
                0x02014B50,
                made_by,
                *fields,
                len(name),
                0,
                0,
                0,
                0,
                attributes,
                offset,
            )
            + name
        )
    start = out.tell()
    for entry in central:
        out.write(entry)
    size = out.tell() - start
    if start > 0xFFFFFFFF or len(central) > 0xFFFF:
        raise TemplateError("生成的文档过大（超过 4 GB），无法写出")
    count = len(central)
    out.write(struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, count, count, size, start, 0))
    return out.getvalue()
