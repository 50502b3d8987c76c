"""Errors of the PDF pipeline.  PDF 生成相关错误。"""

from __future__ import annotations

from doctemplates.errors import DocTemplatesError

__all__ = [
    "FontSubstitutionError",
    "PdfError",
    "PdfTextMismatchError",
    "PdfTimeoutError",
    "PdfUnavailableError",
    "WorkerCrashedError",
]


class PdfError(DocTemplatesError):
    """LibreOffice failed to convert a document.  PDF 转换失败。"""


class PdfUnavailableError(PdfError):
    """LibreOffice is not installed.  未安装 LibreOffice。"""


class PdfTimeoutError(PdfError):
    """One document took longer than the per-document timeout.  转换超时。"""


class WorkerCrashedError(PdfError):
    """The LibreOffice worker died during a conversion.  LibreOffice 进程意外退出。"""


class FontSubstitutionError(PdfError):
    """Strict fonts: a standard face would be replaced.  严格字体模式下缺少标准字体。"""

    def __init__(self, message: str, substitutions: list[tuple[str, str]]) -> None:
        self.substitutions = substitutions
        super().__init__(message)


class PdfTextMismatchError(PdfError):
    """The PDF does not show exactly the text of its .docx.  PDF 文字与文档不一致。

    ``comparison`` is the :class:`~doctemplates.pdf.verify.TextComparison`
    (its ``differences`` name the page and the context of each).
    """

    def __init__(self, message: str, comparison: object) -> None:
        self.comparison = comparison
        super().__init__(message)
