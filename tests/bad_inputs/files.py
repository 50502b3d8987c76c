"""Input files for the bad-input cases, built in code.  坏输入文件（代码生成）。"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import openpyxl

from tests.docxbuild import make_template
from tests.fixtures.templates import BROKEN, with_members

GOOD = """\
organs: 示例市科学技术局
doc_number: 示科发〔2026〕7号
title: 关于示例工作的通知
body:
  - heading: 工作目标
    paragraphs: [做好示例工作。]
signature: {date: 2026-11-23}
"""
SIMPLE = make_template(["{{ header.doc_number or '' }}", "{{ title }}", "{{ signature.date }}"])
HEADER = "标题,发文机关,发文字号,signature.date\n"
ROW = "关于第{i}项工作的通知,示例市科学技术局,示科发〔2026〕{i}号,2026-11-23\n"


def good_with(**changes: str | None) -> str:
    """The good data with top-level lines replaced (None drops the key)."""
    lines = GOOD.splitlines(keepends=True)
    out: list[str] = []
    skipping = False
    for line in lines:
        key = line.split(":", 1)[0]
        if not line.startswith(" ") and key in changes:
            skipping = True
            if changes[key] is not None:
                out.append(f"{key}: {changes[key]}\n")
            continue
        if skipping and line.startswith(" "):
            continue
        skipping = False
        out.append(line)
    return "".join(out)


def csv_rows(*rows: str) -> str:
    return HEADER + "".join(rows)


def rows(n: int) -> str:
    return csv_rows(*(ROW.format(i=i) for i in range(1, n + 1)))


def xlsx(rows: list[list[object]], merge: str | None = None, far: str | None = None) -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(row)
    if merge:
        sheet.merge_cells(merge)
    if far:
        sheet[far] = "远"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def zip_bomb() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", b"<Types/>")
        archive.writestr("word/document.xml", b"<a/>" + b" " * (50 * 1024 * 1024))
    return buffer.getvalue()


def docm() -> bytes:
    base = make_template(["{{ title }}"])
    with zipfile.ZipFile(io.BytesIO(base)) as src:
        types = src.read("[Content_Types].xml").replace(
            b"document.main+xml", b"document.macroEnabled.main+xml"
        )
    return with_members(base, {}, {"[Content_Types].xml": types})


def deep_body(levels: int) -> str:
    text = "{heading: 第五级, paragraphs: [太深]}"
    for _ in range(levels - 1):
        text = "{heading: 层次, children: [" + text + "]}"
    return "[" + text + "]"


TEMPLATES: dict[str, bytes] = {
    "unclosed_if.docx": BROKEN["unclosed_if"][0],
    "unknown_filter.docx": BROKEN["unknown_filter"][0],
    "missing_var.docx": make_template(["{{ title }}", "日期：{{ signatur.date }}"]),
    "macro.docx": BROKEN["macro"][0],
    "xxe.docx": BROKEN["xxe"][0],
    "docm.docx": docm(),
    "sandbox.docx": make_template(["{{ ''.__class__.__mro__ }}"]),
}


def write(base: Path, files: dict[str, str | bytes]) -> None:
    for name, content in files.items():
        path = base / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
