"""Good and deliberately wrong documents for the check tests (测试文档).

Good documents are rendered from the project's templates and samples; wrong
ones are the good ones with one edit to the XML of a part.
"""

from __future__ import annotations

import functools
import io
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml
from lxml import etree

from doctemplates.check.ooxml import qn
from doctemplates.context import DocumentContext
from doctemplates.fieldnames import with_chinese_names
from doctemplates.kinds import get_kind
from doctemplates.layout import build_template
from doctemplates.layout.titles import break_title
from doctemplates.render import Template
from tests.layout.contexts import context

__all__ = ["edit_part", "good", "no_number", "paragraphs", "render_ctx", "sample"]

ROOT = Path(__file__).resolve().parents[2]


@functools.cache
def _template(fmt: str) -> Template:
    return Template.load(build_template(fmt))


def render_ctx(fmt: str, **kwargs: Any) -> bytes:
    """A rendered generic template; 信函 gets no ``文件`` suffix; annexes match notes."""
    kwargs.setdefault("annexes", kwargs.get("attachments", 2))
    ctx = context(**kwargs)
    # the title broken as documents have it (context.py: layout.titles, §7.3.1); unbroken,
    # LibreOffice wraps it inside 科技创新 and check warns (title-break)
    ctx["title"] = break_title(ctx["title"], protect=ctx["header"]["organs"]).text
    if fmt == "信函":
        ctx["header"]["mark_suffix"] = ""
    if fmt == "命令":  # ××令 and the 令号 where the 发文字号 would be (§10.2)
        ctx["header"].update(mark_suffix="令", doc_number="第3号")
    return _template(fmt).render(with_chinese_names(ctx, DocumentContext))  # the names it uses


@functools.cache
def no_number(fmt: str = "文件", organs: tuple[str, ...] = ()) -> bytes:
    """A 文件 (or 纪要) without 发文字号, rendered by the ``document`` kind (issue 12, defect 2).

    ``organs``: 联合行文 — the stacked red 标志 lines are not the 文号 line above the red line.
    """
    data = yaml.safe_load((ROOT / "samples" / "notice.yaml").read_text(encoding="utf-8"))
    for key in ("kind", "doc_number"):
        data.pop(key, None)
    if organs:
        data["organs"] = list(organs)
    return get_kind("document").render({**data, "format": fmt})


@functools.cache
def sample(name: str) -> bytes:
    """samples/<name>.yaml rendered with the ``document`` kind."""
    data = yaml.safe_load((ROOT / "samples" / f"{name}.yaml").read_text(encoding="utf-8"))
    data.pop("kind", None)
    return get_kind("document").render(data)


@functools.cache
def good(fmt: str = "文件") -> bytes:
    return render_ctx(fmt)


def edit_part(data: bytes, part: str, change: Callable[[etree._Element], None]) -> bytes:
    """``data`` with ``change`` applied to the parsed XML of ``part``."""
    src = zipfile.ZipFile(io.BytesIO(data))
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            body = src.read(info.filename)
            if info.filename == part:
                root = etree.fromstring(body)
                change(root)
                body = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
            dst.writestr(info, body)
    return buf.getvalue()


def paragraphs(root: etree._Element) -> list[etree._Element]:
    return list(root.iter(qn("w:p")))


def text_of(p: etree._Element) -> str:
    return "".join(t.text or "" for t in p.iter(qn("w:t")))


def set_text(p: etree._Element, text: str) -> None:
    """Put ``text`` in the first ``w:t`` of ``p`` and empty the others."""
    ts = list(p.iter(qn("w:t")))
    ts[0].text = text
    for t in ts[1:]:
        t.text = ""


def find_para(root: etree._Element, start: str) -> etree._Element:
    for p in paragraphs(root):
        if text_of(p).strip().startswith(start):
            return p
    raise LookupError(start)


def style_el(root: etree._Element, sid: str) -> etree._Element:
    for st in root.iter(qn("w:style")):
        if st.get(qn("w:styleId")) == sid:
            return st
    raise LookupError(sid)
