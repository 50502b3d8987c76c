"""OFD output (GB/T 33190-2016), the fixed-layout format of electronic 公文.  生成 OFD。

>>> from doctemplates.ofd import OfdMetadata, to_ofd            # doctest: +SKIP
>>> ofd = to_ofd(pdf_bytes, OfdMetadata(title="关于……的通知"))    # doctest: +SKIP

- :func:`to_ofd` / :func:`convert` — PDF (or .docx) bytes → OFD bytes: text as
  text with the fonts embedded, rules as paths, pictures as images;
- :class:`OfdMetadata` / :func:`metadata_for` (a prepared document) /
  :func:`metadata_for_kind` — DocInfo and the 公文
  elements (文种, 发文字号, 成文日期, 发文机关, 密级, 保密期限, 紧急程度, 份号);
- :func:`convert_file` — atomic, no-clobber file output.

See ``docs/ofd.md``.
"""

from __future__ import annotations

from doctemplates.ofd.convert import OfdResult, convert, convert_file, to_ofd
from doctemplates.ofd.errors import OfdError, OfdFontError, OfdInputError
from doctemplates.ofd.metadata import OfdMetadata, metadata_for, metadata_for_kind

__all__ = [
    "OfdError",
    "OfdFontError",
    "OfdInputError",
    "OfdMetadata",
    "OfdResult",
    "convert",
    "convert_file",
    "metadata_for",
    "metadata_for_kind",
    "to_ofd",
]
