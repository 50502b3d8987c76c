"""Plain-text drafts (.txt): one paragraph per line.  纯文本草稿。

Text pasted from a web page or typed in a plain editor keeps one paragraph per
line (often with blank lines between).  Text copied out of a PDF is *wrapped*:
a paragraph runs over several lines of nearly equal length.  Such blocks are
joined again (rule ``unwrap``, listed in the report); everything else keeps
its lines as paragraphs.
"""

from __future__ import annotations

import re

from doctemplates.errors import DataError
from doctemplates.importer.source import Draft, SourceParagraph

__all__ = ["MAX_DRAFT_BYTES", "decode", "read_text"]

#: Largest draft read (bytes); a 公文 is a few pages.
MAX_DRAFT_BYTES = 8 * 1024 * 1024
_SENTENCE_END = tuple("。！？；：:;!?")
_WRAP_MIN_CHARS = 20  # a wrapped line is at least this long …
_WRAP_RATIO = 0.9  # … and nearly as long as the longest line of its block
_WRAP_MIN_LINES = 3  # two lines (a title over a 文号) cannot be told from a wrapped paragraph


def decode(data: bytes, name: str = "草稿") -> tuple[str, str]:
    """Text and encoding of a draft: UTF-8 (with or without BOM), else GB 18030 (GBK).

    >>> decode("关于开展评议的通知".encode("gbk"))
    ('关于开展评议的通知', 'gb18030')
    """
    if len(data) > MAX_DRAFT_BYTES:
        raise DataError(
            f"{name} 过大（超过 {MAX_DRAFT_BYTES // 1024 // 1024} MB），不像一份公文草稿"
        )
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding), encoding.removesuffix("-sig")
        except UnicodeDecodeError:
            continue
    raise DataError(f"{name} 不是 UTF-8 或 GBK 编码的文本")


def is_wrapped(lines: list[str]) -> bool:
    """Whether a block of lines is one paragraph wrapped at a fixed width."""
    if len(lines) < _WRAP_MIN_LINES:
        return False
    body = [line.strip() for line in lines[:-1]]
    longest = max(len(line) for line in body)
    return longest >= _WRAP_MIN_CHARS and all(
        len(line) >= longest * _WRAP_RATIO and not line.endswith(_SENTENCE_END) for line in body
    )


def read_text(text: str, *, unwrap: bool = True) -> Draft:
    """Split ``text`` into source paragraphs (``第 N 行``).

    >>> [p.text for p in read_text("标题\\n\\n一、总则\\n正文。").paragraphs]
    ['标题', '一、总则', '正文。']
    """
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    paragraphs: list[SourceParagraph] = []
    notes: list[str] = []
    block: list[tuple[int, str]] = []

    def flush() -> None:
        if not block:
            return
        texts = [line for _, line in block]
        if unwrap and is_wrapped(texts):
            first, last = block[0][0], block[-1][0]
            joined = "".join(line.strip() for line in texts)
            note = f"第 {first}—{last} 行是折行的同一段，已合并（unwrap）"
            paragraphs.append(SourceParagraph(joined, f"第 {first} 行", notes=[note]))
        else:
            paragraphs.extend(SourceParagraph(line, f"第 {number} 行") for number, line in block)
        block.clear()

    for number, line in enumerate(lines, 1):
        if line.strip():
            block.append((number, line))
        else:
            flush()
    flush()
    if any(re.search(r"\t", p.text) for p in paragraphs):
        notes.append("文中有制表符（Tab），按原样保留")
    return Draft(paragraphs, notes, kind="text")
