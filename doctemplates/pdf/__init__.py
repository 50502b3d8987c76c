"""PDF output through a warm LibreOffice pool.  生成 PDF（常驻 LibreOffice 转换池）。

>>> from doctemplates.pdf import PdfMetadata, PdfOptions, convert   # doctest: +SKIP
>>> result = convert(docx, PdfOptions(metadata=PdfMetadata(title="关于……的通知")))  # doctest: +SKIP
>>> result.fonts.describe()                                         # doctest: +SKIP
'仿宋_GB2312 → Noto Serif CJK SC（替代）…'

- :func:`convert` / :func:`to_pdf` / :func:`to_pdf_many` — .docx bytes → PDF
- :class:`ConverterPool` / :func:`get_pool` — warm workers (own profile,
  timeout, recycling; closed at exit)
- :class:`FontReport` — which face stood in for which, read back from the PDF
- :func:`compare_text` / :func:`verify_text` — the PDF holds exactly the text of
  its .docx (run by every conversion unless ``PdfOptions(verify_text=False)``)
- :mod:`~doctemplates.pdf.postprocess` — metadata, 附件, watermark, PDF/A check
- :func:`doctor_report` — what this machine offers
"""

from __future__ import annotations

import sys
import types
from typing import TYPE_CHECKING, Any

from doctemplates.lazyexports import lazy_exports

if TYPE_CHECKING:
    from doctemplates.pdf._soffice import INSTALL_HINT, soffice_path
    from doctemplates.pdf.convert import (
        PageRule,
        PdfOptions,
        PdfResult,
        convert,
        convert_file,
        convert_file_result,
        convert_many,
        to_pdf,
        to_pdf_many,
    )
    from doctemplates.pdf.doctor import doctor_report
    from doctemplates.pdf.errors import (
        FontSubstitutionError,
        PdfError,
        PdfTextMismatchError,
        PdfTimeoutError,
        PdfUnavailableError,
        WorkerCrashedError,
    )
    from doctemplates.pdf.fontconfig import FONT_DIRS_ENV, STANDARD_FACES, resolve_font_dirs
    from doctemplates.pdf.fontreport import FontReport, FontUse
    from doctemplates.pdf.pagerules import DEFAULT_PAGE_RULES, banji_on_even_page
    from doctemplates.pdf.pool import ConverterPool, get_pool, shutdown_pools
    from doctemplates.pdf.postprocess import (
        PdfMetadata,
        add_watermark,
        merge_pdfs,
        pdfa_identification,
        set_metadata,
    )
    from doctemplates.pdf.verify import TextComparison, TextDifference, compare_text, verify_text

#: Where each name lives: imported on first use (PEP 562), so that a command that
#: does not convert (``render -o x.docx``, ``kinds``) does not import pypdf,
#: pdfplumber, pypdfium2 and multiprocessing (0.2 s; issue 20 §3).
_EXPORTS = {
    "INSTALL_HINT": "_soffice",
    "soffice_path": "_soffice",
    "PageRule": "convert",
    "PdfOptions": "convert",
    "PdfResult": "convert",
    "convert": "convert",
    "convert_file": "convert",
    "convert_file_result": "convert",
    "convert_many": "convert",
    "to_pdf": "convert",
    "to_pdf_many": "convert",
    "doctor_report": "doctor",
    "FontSubstitutionError": "errors",
    "PdfError": "errors",
    "PdfTextMismatchError": "errors",
    "PdfTimeoutError": "errors",
    "PdfUnavailableError": "errors",
    "WorkerCrashedError": "errors",
    "FONT_DIRS_ENV": "fontconfig",
    "STANDARD_FACES": "fontconfig",
    "resolve_font_dirs": "fontconfig",
    "FontReport": "fontreport",
    "FontUse": "fontreport",
    "DEFAULT_PAGE_RULES": "pagerules",
    "banji_on_even_page": "pagerules",
    "ConverterPool": "pool",
    "get_pool": "pool",
    "shutdown_pools": "pool",
    "PdfMetadata": "postprocess",
    "add_watermark": "postprocess",
    "merge_pdfs": "postprocess",
    "pdfa_identification": "postprocess",
    "set_metadata": "postprocess",
    "TextComparison": "verify",
    "TextDifference": "verify",
    "compare_text": "verify",
    "verify_text": "verify",
}


__getattr__, __dir__ = lazy_exports(
    {name: f"{__name__}.{module}" for name, module in _EXPORTS.items()}, globals()
)


class _Package(types.ModuleType):
    """Keeps ``doctemplates.pdf.convert`` the function, as the eager imports did.

    Importing the submodule ``doctemplates.pdf.convert`` sets the package's
    attribute ``convert`` to that module; the function of the same name wins.
    """

    def __setattr__(self, name: str, value: Any) -> None:
        if name in _EXPORTS and isinstance(value, types.ModuleType):
            return
        super().__setattr__(name, value)


sys.modules[__name__].__class__ = _Package

__all__ = [
    "DEFAULT_PAGE_RULES",
    "banji_on_even_page",
    "FONT_DIRS_ENV",
    "INSTALL_HINT",
    "STANDARD_FACES",
    "ConverterPool",
    "FontReport",
    "FontSubstitutionError",
    "FontUse",
    "PageRule",
    "PdfError",
    "PdfMetadata",
    "PdfOptions",
    "PdfResult",
    "PdfTextMismatchError",
    "PdfTimeoutError",
    "TextComparison",
    "TextDifference",
    "PdfUnavailableError",
    "WorkerCrashedError",
    "add_watermark",
    "compare_text",
    "convert",
    "convert_file",
    "convert_file_result",
    "convert_many",
    "doctor_report",
    "get_pool",
    "merge_pdfs",
    "pdfa_identification",
    "resolve_font_dirs",
    "set_metadata",
    "shutdown_pools",
    "soffice_path",
    "to_pdf",
    "to_pdf_many",
    "verify_text",
]
