"""The conversion entry points.  .docx → PDF 的入口。

:func:`convert` runs one document through the pool and the post-processing
stages: LibreOffice (on a copy that never hangs punctuation,
:mod:`~doctemplates.pdf.punctuation`) → page rules (second pass) → font report
(strict check) → text verification (:mod:`~doctemplates.pdf.verify`) → 附件
merge → watermark → metadata.  :func:`to_pdf` returns only the bytes.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Protocol

from doctemplates.errors import OutputError
from doctemplates.output import write_atomic
from doctemplates.pdf import postprocess
from doctemplates.pdf._pdfium import PDFIUM_LOCK
from doctemplates.pdf.errors import FontSubstitutionError
from doctemplates.pdf.fontreport import FontReport, font_report
from doctemplates.pdf.pagerules import DEFAULT_PAGE_RULES
from doctemplates.pdf.pdfview import forget, pdf_view
from doctemplates.pdf.pool import ConverterPool, get_pool
from doctemplates.pdf.postprocess import PdfMetadata
from doctemplates.pdf.punctuation import for_libreoffice
from doctemplates.pdf.signature_fit import (
    SignatureFit,
    SignatureFitMode,
    SignatureFitReport,
    signature_fit_report,
)
from doctemplates.pdf.verify import verify_text

__all__ = [
    "PageRule",
    "PdfOptions",
    "PdfResult",
    "convert",
    "convert_file",
    "convert_file_result",
    "convert_many",
    "to_pdf",
    "to_pdf_many",
]

Attachment = bytes | str | os.PathLike[str]


class PageRule(Protocol):
    """A rule that needs real page breaks (issue 6 part 4).  两遍排版规则。

    Called with the .docx and the PDF it gave; returns a revised .docx to
    convert again, or None when the PDF is fine.
    """

    def __call__(self, docx: bytes, pdf: bytes) -> bytes | None: ...


@dataclass(frozen=True)
class PdfOptions:
    """What to do besides converting.  转换选项。

    ``attachments`` are 附件 PDFs (bytes or paths; .docx bytes are converted
    first) appended in order; ``watermark`` is drawn on every page; ``pdfa``
    asks LibreOffice for PDF/A-2b; ``strict_fonts`` refuses substituted
    standard faces; ``page_rules`` run after the first pass, at most
    ``max_passes`` conversions in all (by default: 署名 and 成文日期 on the page of
    the last body text, then the 版记 on an even page); ``signature_fit`` chooses how
    the first of them keeps the signature with the body (§7.3.5.5): ``"tighten"``
    the line pitch of that page within limits (default), or ``"keep"`` the signature
    with the last body paragraph on the next page — both leave body text on page 1
    (:mod:`~doctemplates.pdf.signature_fit`); ``verify_text`` compares the text of the
    PDF with that of the .docx and refuses a PDF that lost or gained a character
    (:class:`PdfTextMismatchError`); turn it off only for speed (it costs a few per
    cent of a conversion); ``turn_landscape`` turns landscape table pages upright with
    the table head at the side GB/T 9704 §8 gives
    (:func:`~doctemplates.pdf.postprocess.turn_landscape_pages`).
    """

    metadata: PdfMetadata | None = None
    attachments: Sequence[Attachment] = ()
    watermark: str | None = None
    pdfa: bool = False
    strict_fonts: bool = False
    page_rules: Sequence[PageRule] = DEFAULT_PAGE_RULES
    max_passes: int = 5  # first pass, signature (tighten, verify / fall back), 版记
    signature_fit: SignatureFitMode = "tighten"
    timeout: float | None = None
    verify_text: bool = True
    turn_landscape: bool = True  # §8: landscape table pages upright, head to the left


@dataclass(frozen=True)
class PdfResult:
    """A PDF, how its fonts were resolved and how its signature was kept with the body.
    转换结果。"""

    pdf: bytes
    fonts: FontReport
    pages: int = 0
    passes: int = 1
    docx: bytes = field(default=b"", repr=False)
    signature_fit: SignatureFitReport | None = None  # §7.3.5.5, when the rule ran


def convert(
    docx: bytes,
    options: PdfOptions | None = None,
    *,
    pool: ConverterPool | None = None,
    font_dirs: Iterable[str | os.PathLike[str]] | None = None,
) -> PdfResult:
    """Convert .docx bytes to a :class:`PdfResult`.  转换一份文档。

    ``pool`` defaults to the shared pool for ``font_dirs`` (user font folders,
    searched before the free stand-ins).
    """
    options = options or PdfOptions()
    pool = pool or get_pool(font_dirs)
    made: list[bytes] = []  # every PDF of this conversion: their shared views are closed at the end
    try:
        docx, pdf, passes = _passes(pool, docx, options, made)
        # The checks below and the page rules read the PDF through one shared parse
        # (doctemplates.pdf.pdfview): PDFium opens it once for all of them.
        fonts = font_report(docx, pdf, pool.env)
        _check_fonts(fonts, options.strict_fonts)
        if options.verify_text:
            verify_text(docx, pdf)
        fit = None
        if any(isinstance(rule, SignatureFit) for rule in options.page_rules):
            fit = signature_fit_report(docx, pdf, options.signature_fit)
        pdf = _finish(pool, pdf, options)
        made.append(pdf)
        return PdfResult(pdf, fonts, _page_count(pdf), passes, docx, fit)
    finally:
        forget(*made)


def _export(pool: ConverterPool, docx: bytes, options: PdfOptions) -> bytes:
    properties = options.metadata.office_properties() if options.metadata else None
    return pool.convert(
        for_libreoffice(docx), pdfa=options.pdfa, properties=properties, timeout=options.timeout
    )


def _passes(
    pool: ConverterPool, docx: bytes, options: PdfOptions, made: list[bytes] | None = None
) -> tuple[bytes, bytes, int]:
    made = [] if made is None else made
    pdf, passes = _export(pool, docx, options), 1
    made.append(pdf)
    rules = _rules(options)
    while rules and passes < options.max_passes:
        revised = _apply_rules(rules, docx, pdf)
        if revised is None:
            break
        docx, pdf, passes = revised, _export(pool, revised, options), passes + 1
        made.append(pdf)
    return docx, pdf, passes


def _rules(options: PdfOptions) -> list[PageRule]:
    """The page rules, the signature rule set to ``options.signature_fit``."""
    return [
        replace(rule, mode=options.signature_fit) if isinstance(rule, SignatureFit) else rule
        for rule in options.page_rules
    ]


def _apply_rules(rules: Sequence[PageRule], docx: bytes, pdf: bytes) -> bytes | None:
    """The first rule that revises the document wins this pass: the later rules then see
    a PDF of the revised document (the signature rule can change the page count that the
    版记 rule counts on)."""
    for rule in rules:
        revised = rule(docx, pdf)
        if revised is not None:
            return revised
    return None


def _check_fonts(fonts: FontReport, strict: bool) -> None:
    missing = fonts.standard_substitutions
    if strict and missing:
        names = "、".join(f"{u.requested}（由 {u.family or u.used} 替代）" for u in missing)
        raise FontSubstitutionError(
            f"严格字体模式：缺少标准字体 {names}，请安装字体或用 --font-dir 指定字体目录",
            [(u.requested, u.used or "") for u in missing],
        )


def _finish(pool: ConverterPool, pdf: bytes, options: PdfOptions) -> bytes:
    if options.turn_landscape:  # the document's own pages, before any 附件 PDF joins them
        pdf = postprocess.turn_landscape_pages(pdf)
    if options.attachments:
        pdf = postprocess.merge_pdfs(
            pdf, [_attachment(pool, a, options) for a in options.attachments]
        )
    if options.watermark:
        pdf = postprocess.add_watermark(pdf, options.watermark, env=pool.env)
    if options.metadata:
        pdf = postprocess.set_metadata(pdf, options.metadata)
    return pdf


def _attachment(pool: ConverterPool, item: Attachment, options: PdfOptions) -> Attachment:
    if isinstance(item, bytes) and item[:2] == b"PK":
        pdf = _export(pool, item, replace(options, metadata=None))
        if options.verify_text:
            verify_text(item, pdf)
            forget(pdf)
        return pdf
    return item


def _page_count(pdf: bytes) -> int:
    with PDFIUM_LOCK:  # the shared view when the PDF was checked, else one open without pages
        return pdf_view(pdf).count


def convert_many(
    documents: Sequence[bytes],
    options: PdfOptions | None = None,
    *,
    pool: ConverterPool | None = None,
    font_dirs: Iterable[str | os.PathLike[str]] | None = None,
) -> list[PdfResult]:
    """Convert many documents in parallel, in order.

    Where a core is left beside the workers, a second thread per worker keeps
    the worker converting the next document while one thread checks its PDF
    (font report, text verification, page rules; issue 20 §2).  Without a spare
    core the checks compete with LibreOffice for CPU and a second thread only
    adds contention (measured: docs/performance.md).
    """
    pool = pool or get_pool(font_dirs)
    if not documents:
        return []
    with ThreadPoolExecutor(min(check_threads(pool.size), len(documents))) as ex:
        return list(ex.map(lambda d: convert(d, options, pool=pool), documents))


def check_threads(workers: int) -> int:
    """Threads that keep ``workers`` LibreOffice workers busy: two per worker while the
    cores allow, one at least.

    >>> check_threads(1) <= 2 and check_threads(2) >= 2
    True
    """
    return max(workers, min(2 * workers, os.cpu_count() or 1))


def to_pdf(
    docx: bytes,
    options: PdfOptions | None = None,
    *,
    timeout: float | None = None,
    pool: ConverterPool | None = None,
    font_dirs: Iterable[str | os.PathLike[str]] | None = None,
) -> bytes:
    """Convert .docx bytes to PDF bytes through the warm pool.  生成 PDF。"""
    if timeout is not None:
        options = _with_timeout(options, timeout)
    return convert(docx, options, pool=pool, font_dirs=font_dirs).pdf


def to_pdf_many(
    documents: Sequence[bytes],
    options: PdfOptions | None = None,
    *,
    pool: ConverterPool | None = None,
    font_dirs: Iterable[str | os.PathLike[str]] | None = None,
) -> list[bytes]:
    """Convert many .docx to PDF bytes, in order.  批量生成 PDF。"""
    return [r.pdf for r in convert_many(documents, options, pool=pool, font_dirs=font_dirs)]


def _with_timeout(options: PdfOptions | None, timeout: float) -> PdfOptions:
    return replace(options or PdfOptions(), timeout=timeout)


def convert_file(
    docx_path: str | os.PathLike[str],
    pdf_path: str | os.PathLike[str] | None = None,
    *,
    overwrite: bool = False,
    options: PdfOptions | None = None,
    font_dirs: Iterable[str | os.PathLike[str]] | None = None,
) -> Path:
    """Convert a .docx file to a PDF beside it (or at ``pdf_path``), atomically."""
    return convert_file_result(
        docx_path, pdf_path, overwrite=overwrite, options=options, font_dirs=font_dirs
    )[0]


def convert_file_result(
    docx_path: str | os.PathLike[str],
    pdf_path: str | os.PathLike[str] | None = None,
    *,
    overwrite: bool = False,
    options: PdfOptions | None = None,
    font_dirs: Iterable[str | os.PathLike[str]] | None = None,
) -> tuple[Path, PdfResult]:
    """Like :func:`convert_file`, also returning the :class:`PdfResult` (font report)."""
    source = Path(docx_path)
    target = Path(pdf_path) if pdf_path else source.with_suffix(".pdf")
    try:
        data = source.read_bytes()
    except OSError as exc:
        raise OutputError(f"无法读取 {source}：{exc.strerror}") from exc
    result = convert(data, options, font_dirs=font_dirs)
    return write_atomic(target, result.pdf, overwrite=overwrite), result
