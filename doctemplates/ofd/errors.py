"""Errors of the OFD writer.  OFD 生成相关错误。"""

from __future__ import annotations

from doctemplates.errors import DocTemplatesError

__all__ = ["OfdError", "OfdFontError", "OfdInputError"]


class OfdError(DocTemplatesError):
    """An OFD cannot be written.  无法生成 OFD。"""


class OfdInputError(OfdError):
    """The input is not a PDF (or .docx) this converter can turn into OFD.  输入不是可转换的 PDF。"""


class OfdFontError(OfdError):
    """A font of the PDF cannot be embedded (no program, no usable cmap…).  字体无法嵌入。"""
