"""Drafts in: text, Markdown and Word drafts → the data of a document.  草稿导入。

Stages, each its own module: **reading** (:mod:`.text`, :mod:`.markdown`,
:mod:`.docx`: a flat list of source paragraphs with provenance), **recognition**
(:mod:`.recognize`, :mod:`.body`, :mod:`.labels`), **normalisation**
(:mod:`.normalize`: every rule listed and switchable) and the **report**
(:mod:`.report`).  The result holds the validated model, the data (ready to be
written as YAML that ``doctemplates render`` reads back) and the report::

    >>> result = import_text("关于开展评议的通知\\n各科室:\\n一、工作目标\\n做好评议。\\n"
    ...                      "示例市科学技术局\\n2026年3月2日")
    >>> result.model.title, result.data["recipients"], result.data["format"]
    ('关于开展评议的通知', ['各科室'], '文件')
    >>> [e.rule for e in result.report.of("normalised")]
    ['punctuation']

No character of the draft is lost or changed except by a listed normalisation
(:data:`~doctemplates.importer.normalize.RULES`).
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from doctemplates.errors import DataError
from doctemplates.importer.normalize import RULES, rule_ids
from doctemplates.importer.recognize import Options, recognise
from doctemplates.importer.report import Entry, Report
from doctemplates.importer.source import Draft
from doctemplates.importer.text import decode, read_text
from doctemplates.model import OfficialDocument, validate

__all__ = [
    "RULES",
    "Entry",
    "ImportResult",
    "Options",
    "Report",
    "import_docx",
    "import_file",
    "import_markdown",
    "import_text",
    "options",
]

SUFFIXES = {
    ".txt": "text",
    ".text": "text",
    ".md": "markdown",
    ".markdown": "markdown",
    ".docx": "docx",
}


@dataclass
class ImportResult:
    """What an import produced.  导入结果。"""

    model: OfficialDocument  # 校验后的模型
    data: dict[str, Any]  # 数据（可写成 YAML）
    report: Report  # 识别、规范化和未能确定的事项
    media: dict[str, bytes] = field(default_factory=dict)  # 图片：相对路径 → 内容
    trace: list[tuple[str, str, str]] = field(default_factory=list)  # 正文段落：位置、原文、输出

    def yaml(self) -> str:
        """The data as YAML (``kind: document`` first), read back by ``doctemplates render``."""
        body = {"kind": "document", **self.data}
        return yaml.safe_dump(body, allow_unicode=True, sort_keys=False, width=1000)

    def write_media(self, folder: str | os.PathLike[str]) -> list[Path]:
        """Write the pictures under ``folder`` (paths in the data are relative to it)."""
        written = []
        for name, content in sorted(self.media.items()):
            target = Path(folder) / name
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(content)
            written.append(target)
        return written


def options(disabled: Iterable[str] = ()) -> Options:
    """Options with the named normalisation rules switched off (unknown names refused)."""
    chosen = frozenset(disabled)
    unknown = chosen - set(rule_ids())
    if unknown:
        raise DataError(
            f"未知的规范化规则：{'、'.join(sorted(unknown))}（可关闭：{'、'.join(rule_ids())}）",
            field="--no-normalize",
        )
    return Options(chosen)


def _finish(draft: Draft, opts: Options | None, kind: str | None) -> ImportResult:
    if kind not in (None, "document", "公文", "通用公文"):
        raise DataError(f"目前只能导入为通用公文（document），不能导入为 {kind}", field="--kind")
    report = Report()
    found = recognise(draft, opts or Options(), report)
    model = validate(OfficialDocument, found.data)
    return ImportResult(model, found.data, report, found.media, found.trace)


def import_text(
    text: str, *, kind: str | None = None, options: Options | None = None
) -> ImportResult:
    """Import a plain-text draft (one paragraph per line).  导入纯文本草稿。"""
    unwrap = options is None or options.on("unwrap")
    return _finish(read_text(text, unwrap=unwrap), options, kind)


def import_markdown(
    text: str, *, kind: str | None = None, options: Options | None = None, base: Path | None = None
) -> ImportResult:
    """Import a Markdown draft; pictures are read relative to ``base``.  导入 Markdown 草稿。"""
    from doctemplates.importer.markdown import read_markdown

    unwrap = options is None or options.on("unwrap")
    return _finish(read_markdown(text, base=base, unwrap=unwrap), options, kind)


def import_docx(
    source: bytes | str | os.PathLike[str],
    *,
    kind: str | None = None,
    options: Options | None = None,
) -> ImportResult:
    """Import a Word draft (.docx bytes or path).  导入 Word 草稿。"""
    from doctemplates.importer.docx import read_docx

    data = source if isinstance(source, bytes) else _read(Path(source))
    return _finish(read_docx(data), options, kind)


def import_file(
    path: str | os.PathLike[str], *, kind: str | None = None, options: Options | None = None
) -> ImportResult:
    """Import a draft by its suffix (.txt, .md, .docx).  按扩展名导入草稿。"""
    path = Path(path)
    fmt = SUFFIXES.get(path.suffix.lower())
    if fmt is None:
        raise DataError(f"不支持的草稿类型：{path.name}（应为 .txt、.md 或 .docx）")
    data = _read(path)
    if fmt == "docx":
        return import_docx(data, kind=kind, options=options)
    text, _encoding = decode(data, path.name)
    if fmt == "markdown":
        return import_markdown(text, kind=kind, options=options, base=path.parent)
    return import_text(text, kind=kind, options=options)


def _read(path: Path) -> bytes:
    from doctemplates.importer.text import MAX_DRAFT_BYTES

    try:
        size = path.stat().st_size
        if size > MAX_DRAFT_BYTES * 4:
            raise DataError(f"草稿 {path.name} 过大（{size // 1024 // 1024} MB）")
        return path.read_bytes()
    except FileNotFoundError as exc:
        raise DataError(f"找不到草稿文件：{path}") from exc
    except OSError as exc:
        raise DataError(f"无法读取草稿文件 {path}：{exc.strerror}") from exc
