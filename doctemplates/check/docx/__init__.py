"""GB/T 9704 checks of a .docx (Word 文档检查), cut by clause as the builder (layout/) is.

Each module lists its checks in ``CHECKS``; :data:`CHECKS` is all of them in
the order findings are reported (page, fonts, 版头, 主体, 成文日期 and 版记,
page furniture).  A check takes a read-only :class:`~.view.DocxView` and yields
findings, so a new check is one function added to its clause's tuple.

>>> from doctemplates.layout import build_template
>>> [f.rule for f in check_docx(build_template("文件"))]
[]
>>> [c.__name__ for c in CHECKS][:4]
['paper', 'lines', 'chars', 'styles']
"""

from __future__ import annotations

import re
from pathlib import Path

from doctemplates.check.docx import body, closing, fonts, footer, header, page, props
from doctemplates.check.docx.fonts import STYLE_EXPECT
from doctemplates.check.docx.view import Check, DocxView
from doctemplates.check.ooxml import DocxFile, Para, load_docx
from doctemplates.check.structure import assign_roles
from doctemplates.check.textforms import DateStyle
from doctemplates.errors import DataError
from doctemplates.findings import Finding
from doctemplates.gbt9704.formats import FORMAT_NAMES, FORMATS, Format, format_of_mark, get_format
from doctemplates.gbt9704.styles import STYLES

__all__ = [
    "CHECKS",
    "FORMAT_NAMES",
    "STYLE_EXPECT",
    "TEMPLATE_CHECKS",
    "Check",
    "DocxView",
    "check_docx",
    "check_template_look",
    "detect_docx_format",
    "props",
]

CHECKS: tuple[Check, ...] = (
    *page.CHECKS,
    *fonts.CHECKS,
    *header.CHECKS,
    *body.CHECKS,
    *closing.CHECKS,
    *footer.CHECKS,
)
#: The checks of the look a template sets before any data is in it (lint runs them):
#: page setup and grid, the styles' faces and sizes, the 标志 and red line colours,
#: the footers' PAGE fields and the 信函 lines.  The others read the text data gives.
TEMPLATE_CHECKS: tuple[Check, ...] = (
    *page.CHECKS,
    fonts.styles,
    header.mark,
    header.red_line,
    *footer.CHECKS,
)


def _template_format(doc: DocxFile) -> str | None:
    """The format an engine template names in docProps/app.xml (``公文模板（命令格式）``)."""
    app = doc.parts.get("docProps/app.xml", b"").decode("utf-8", "replace")
    found = re.search(r"<Template>[^<]*（(\w+)格式）</Template>", app)
    name = found[1] if found else None
    return name if name in FORMAT_NAMES else None


def detect_docx_format(doc: DocxFile, paras: list[Para] | None = None) -> str:
    """文件 / 信函 / 讲话 / 纪要 / 命令, guessed from the header parts."""
    paras = paras if paras is not None else assign_roles(doc)
    marks = [p for p in paras if p.role == "mark"]
    letter = next(f for f in FORMATS.values() if f.letterhead)
    if not marks and props.title_page(doc.sect_pr) and not any(footer.letterhead_lines(doc)):
        return letter.name
    if marks:
        if "{{" in marks[0].text:  # an unrendered template: the name the builder gave it
            return _template_format(doc) or FORMATS["文件"].name
        # 文件, or 纪要 / 命令 by a 标志 line's ending (a joint 令's suffix is a line of its own)
        found = {format_of_mark(p.text).name for p in marks} - {FORMATS["文件"].name}
        return found.pop() if len(found) == 1 else FORMATS["文件"].name
    if any(p.role == "number" for p in paras):
        return FORMATS["文件"].name
    return next(f for f in FORMATS.values() if not f.has_mark).name


def _format(name: str | None, doc: DocxFile, paras: list[Para]) -> Format:
    try:
        return get_format(name or detect_docx_format(doc, paras))
    except KeyError:
        raise DataError(
            f"未知格式 {name!r}（可选：{'、'.join(FORMAT_NAMES)}）", field="format"
        ) from None


def check_docx(
    source: str | Path | bytes,
    fmt: str | None = None,
    *,
    date_style: DateStyle | None = "arabic",
    checks: tuple[Check, ...] = CHECKS,
) -> list[Finding]:
    """All .docx findings of ``source`` (path or bytes).

    ``fmt`` is 文件 / 信函 / 讲话 / 纪要 (guessed when None); ``date_style`` is the
    configured 成文日期 form: ``"arabic"`` (default), ``"chinese"`` or None (either);
    ``checks`` the checks to run (:data:`TEMPLATE_CHECKS` for a template's look).
    """
    return _run(load_docx(source), fmt, date_style, checks)


def check_template_look(source: bytes, fmt: str | None = None) -> list[Finding]:
    """The :data:`TEMPLATE_CHECKS` findings of a 公文 template (``lint`` runs them).

    A .docx that uses none of the table's paragraph styles is not a 公文 template
    (a form letter, a test file): its look is not the standard's, and nothing is said.

    >>> from doctemplates.layout import build_template
    >>> check_template_look(build_template("文件"))
    []
    """
    doc = load_docx(source)
    if not any(doc.style_by_name(s.name) for s in STYLES if s.kind == "paragraph"):
        return []
    return _run(doc, fmt, None, TEMPLATE_CHECKS)


def _run(
    doc: DocxFile, fmt: str | None, date_style: DateStyle | None, checks: tuple[Check, ...]
) -> list[Finding]:
    paras = assign_roles(doc)
    view = DocxView(
        doc,
        tuple(paras),
        # Template placeholders ({{ … }}, {% … %}) have no text to check yet.
        tuple(p for p in paras if "{{" not in p.text and "{%" not in p.text),
        _format(fmt, doc, paras),
        date_style,
    )
    return [f for check in checks for f in check(view)]
