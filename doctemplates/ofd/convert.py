"""The OFD entry points.  生成 OFD 的入口。

:func:`to_ofd` takes PDF bytes (or .docx bytes, which go through the project's
PDF pipeline first) and returns the OFD package bytes.  Same input, same
bytes: fixed zip timestamps and member order, IDs in drawing order, a DocID
derived from what the OFD shows (not from the PDF's bytes, which LibreOffice stamps
with a new /ID each time).  Nothing is written to disk except by
:func:`convert_file`, which writes atomically and never overwrites silently.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import os
import re
import zipfile
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pypdf import PdfReader
from pypdf.errors import PdfReadError

from doctemplates.errors import OutputError
from doctemplates.ofd import pdfsource
from doctemplates.ofd.errors import OfdError, OfdInputError
from doctemplates.ofd.fonts import FontSet, font_key
from doctemplates.ofd.metadata import OfdMetadata
from doctemplates.ofd.writer import MM, OfdDocument, snap
from doctemplates.output import write_atomic
from doctemplates.package import write_package
from doctemplates.pdf._pdfium import PDFIUM_LOCK

__all__ = ["OfdResult", "convert", "convert_file", "to_ofd"]

#: Largest input accepted (bytes).  输入大小上限。
MAX_INPUT = 256 * 1024 * 1024
_PDF_HEADER = re.compile(rb"%PDF-\d\.\d")


@dataclass(frozen=True)
class OfdResult:
    """An OFD package and what went into it.  转换结果。"""

    ofd: bytes
    pages: int
    fonts: tuple[tuple[str, str, bool], ...]  # (FontName, FamilyName, embedded)
    notes: tuple[str, ...] = ()  # licence or glyph remarks (Chinese)
    page_texts: tuple[str, ...] = field(default=(), repr=False)


def to_ofd(
    source: bytes,
    metadata: OfdMetadata | None = None,
    *,
    font_dirs: Iterable[str | os.PathLike[str]] | None = None,
) -> bytes:
    """PDF or .docx bytes → OFD bytes.  生成 OFD。"""
    return convert(source, metadata, font_dirs=font_dirs).ofd


def convert(
    source: bytes,
    metadata: OfdMetadata | None = None,
    *,
    font_dirs: Iterable[str | os.PathLike[str]] | None = None,
    families: Mapping[str, str] | None = None,
) -> OfdResult:
    """Like :func:`to_ofd`, returning an :class:`OfdResult` (fonts, notes, page texts).

    ``families`` maps a PostScript name (no subset tag) to the family name to
    write; .docx input fills it from the PDF font report (e.g. ``Noto Serif CJK SC``).
    """
    if not isinstance(source, bytes | bytearray):
        raise OfdInputError("输入必须是 PDF 或 .docx 文件的字节内容")
    if len(source) > MAX_INPUT:
        raise OfdInputError(f"输入文件过大（{len(source)} 字节，上限 {MAX_INPUT} 字节）")
    source = bytes(source)
    if _is_docx(source):
        source, families = _docx_to_pdf(source, metadata, font_dirs, families)
    elif not _PDF_HEADER.search(source[:1024]):
        raise OfdInputError("输入既不是 PDF 也不是 .docx 文件，无法转换为 OFD")
    try:
        return _convert_pdf(source, metadata, font_dirs, families)
    except (OfdError, OutputError):
        raise
    except Exception as exc:  # a damaged PDF can trip pypdf, PDFium or fontTools anywhere
        raise OfdInputError(
            f"PDF 内容已损坏或不受支持，无法转换为 OFD（{type(exc).__name__}: {exc}）"
        ) from exc


def _is_docx(data: bytes) -> bool:
    if data[:4] != b"PK\x03\x04":
        return False
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
    except (zipfile.BadZipFile, OSError, ValueError):
        return False
    return "word/document.xml" in names and "[Content_Types].xml" in names


def _docx_to_pdf(
    docx: bytes,
    metadata: OfdMetadata | None,
    font_dirs: Iterable[str | os.PathLike[str]] | None,
    families: Mapping[str, str] | None,
) -> tuple[bytes, dict[str, str]]:
    from doctemplates.pdf import PdfOptions
    from doctemplates.pdf import convert as pdf_convert

    options = PdfOptions(metadata=_pdf_metadata(metadata)) if metadata else None
    result = pdf_convert(docx, options, font_dirs=font_dirs)
    return result.pdf, {**pdf_families(result.fonts), **(families or {})}


def _pdf_metadata(meta: OfdMetadata) -> Any:
    from doctemplates.pdf import PdfMetadata

    return PdfMetadata(
        title=meta.title, author=meta.author, subject=meta.subject, created=meta.created
    )


def pdf_families(report: Any) -> dict[str, str]:
    """PostScript name → family that fontconfig chose, from a PDF :class:`FontReport`."""
    out: dict[str, str] = {}
    for use in getattr(report, "uses", ()):
        if use.used and use.family:
            out.setdefault(font_key(use.used), use.family)
    return out


def _convert_pdf(
    pdf: bytes,
    metadata: OfdMetadata | None,
    font_dirs: Iterable[str | os.PathLike[str]] | None,
    families: Mapping[str, str] | None,
) -> OfdResult:
    reader = _reader(pdf)
    meta = metadata or OfdMetadata()
    info_title, info_date = _info(reader)
    fonts = FontSet(_font_env(font_dirs), families)
    _collect_fonts(reader, fonts)
    with PDFIUM_LOCK:  # PDFium is not thread-safe: one document at a time in this process
        doc = pdfsource.open_pdf(pdf)
        try:
            pages = list(pdfsource.read_pages(doc))
        finally:
            doc.close()
    used: dict[str, set[str]] = {}
    names: dict[str, str] = {}
    for page in pages:
        for item in page.items:
            if isinstance(item, pdfsource.TextRun):
                used.setdefault(item.font, set()).update(g.text for g in item.glyphs)
                names[item.font] = item.font_name
    fonts.build(used, names)
    identity = hashlib.sha256(repr(meta).encode()).digest()
    ofd = OfdDocument(
        fonts, meta, identity, page_box=_page_box(pages), info_title=info_title, info_date=info_date
    )
    ofd.assign_fonts()
    for number, page in enumerate(pages, 1):
        ofd.add_page(page, number)
    expected = sum(len(p.text) for p in pages)
    if ofd.glyphs_written != expected:  # every character of the text layer is written once
        raise OfdError(
            f"OFD 中写入了 {ofd.glyphs_written} 个字符，而 PDF 有 {expected} 个，转换结果不完整"
        )
    return OfdResult(
        ofd=write_package(ofd.members()),
        pages=len(pages),
        fonts=tuple((f.name, f.family, f.data is not None) for f in fonts.fonts.values()),
        notes=tuple(f.note for f in fonts.fonts.values() if f.note),
        page_texts=tuple(p.text for p in pages),
    )


def _reader(pdf: bytes) -> PdfReader:
    try:
        reader = PdfReader(io.BytesIO(pdf))
        encrypted = reader.is_encrypted
    except (PdfReadError, ValueError, KeyError, TypeError, OSError) as exc:
        raise OfdInputError(f"PDF 文件已损坏，无法读取：{exc}") from exc
    if encrypted:
        raise OfdInputError("PDF 已加密，无法转换为 OFD")
    return reader


def _font_env(font_dirs: Iterable[str | os.PathLike[str]] | None) -> dict[str, str] | None:
    try:
        from doctemplates.pdf.fontconfig import font_env, resolve_font_dirs
    except ImportError:  # pragma: no cover - the pdf extra is required by the package
        return None
    return font_env(resolve_font_dirs(font_dirs))


def _collect_fonts(reader: PdfReader, fonts: FontSet) -> None:
    seen: set[int] = set()
    try:
        for page in reader.pages:
            _fonts_of(page.get("/Resources"), fonts, seen, 0)
    except OfdError:
        raise
    except Exception as exc:  # pypdf raises many kinds on a broken file
        raise OfdInputError(f"PDF 的字体资源无法读取：{exc}") from exc


def _fonts_of(resources: Any, fonts: FontSet, seen: set[int], depth: int) -> None:
    resources = resources.get_object() if resources is not None else None
    if not resources or depth > pdfsource.MAX_FORM_DEPTH:
        return
    ident = (
        id(resources)
        if getattr(resources, "indirect_reference", None) is None
        else resources.indirect_reference.idnum
    )
    if ident in seen:
        return
    seen.add(ident)
    for ref in (resources.get("/Font") or {}).values():
        font = ref.get_object()
        base = str(font.get("/BaseFont", "")).lstrip("/")
        idnum = ref.idnum if hasattr(ref, "idnum") else id(font)
        fonts.add(base, font, idnum)
    for ref in (resources.get("/XObject") or {}).values():
        xobject = ref.get_object()
        if xobject.get("/Subtype") == "/Form":
            _fonts_of(xobject.get("/Resources"), fonts, seen, depth + 1)


def _info(reader: PdfReader) -> tuple[str | None, dt.date | None]:
    """Title and creation date of the PDF's Info dictionary (used when no metadata is given)."""
    try:
        info: Any = reader.metadata or {}
        title = info.get("/Title")
        created = _pdf_date(str(info.get("/CreationDate") or ""))
    except Exception:  # a broken Info dictionary only loses the title
        return None, None
    return (str(title) if title else None), created


def _pdf_date(text: str) -> dt.date | None:
    match = re.match(r"D:(\d{4})(\d{2})(\d{2})", text)
    if not match:
        return None
    try:
        return dt.date(int(match[1]), int(match[2]), int(match[3]))
    except ValueError:
        return None


def _page_box(pages: list[pdfsource.Page]) -> tuple[float, float]:
    """The most common page size (mm) is the document's PageArea; others carry their own."""
    sizes: dict[tuple[float, float], int] = {}
    for page in pages:
        size = (snap(page.width * MM), snap(page.height * MM))
        sizes[size] = sizes.get(size, 0) + 1
    return max(sizes, key=lambda s: (sizes[s], s[1]))


def convert_file(
    source: str | os.PathLike[str],
    target: str | os.PathLike[str] | None = None,
    *,
    overwrite: bool = False,
    metadata: OfdMetadata | None = None,
    font_dirs: Iterable[str | os.PathLike[str]] | None = None,
) -> Path:
    """Convert a PDF or .docx file to an OFD beside it (or at ``target``), atomically."""
    path = Path(source)
    out = Path(target) if target else path.with_suffix(".ofd")
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise OutputError(f"无法读取 {path}：{exc.strerror}") from exc
    return write_atomic(out, to_ofd(data, metadata, font_dirs=font_dirs), overwrite=overwrite)
