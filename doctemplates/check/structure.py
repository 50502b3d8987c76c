"""Recognising the parts of a 公文 in a .docx (要素识别).

Paragraphs get a ``role`` from the project's named styles when present and
otherwise from their text and position (other systems' documents): a small
state machine walks 版头 → 标题 → 主送 → 正文 → 附件说明/署名/日期 → 附件 → 版记.
"""

from __future__ import annotations

import re

from doctemplates.check.docx import props
from doctemplates.check.ooxml import DocxFile, Para, RunProps
from doctemplates.check.textforms import is_date_like, is_doc_number_like, parse_label
from doctemplates.gbt9704 import tolerances as tol
from doctemplates.gbt9704.patterns import BANJI_LINE
from doctemplates.gbt9704.patterns import is_red_hex as is_red
from doctemplates.gbt9704.styles import PARAGRAPH_ROLES, style_roles

__all__ = ["ROLES", "assign_roles", "doc_number_text"]

#: paragraph style name → role, from the one style table (doctemplates.gbt9704.styles)
STYLE_ROLES: dict[str, str] = style_roles()
ROLES = PARAGRAPH_ROLES | {"annex_title", "annex_body", "blank", "table", "other"}

_COPY = re.compile(r"^\d{6}$|^\d{1,8}$")
_CLASSIFICATION = re.compile(r"^(绝密|机密|秘密)\s*([★☆*＊].*)?$")
_URGENCY = re.compile(r"^(特急|加急)$")
_ANNEX_LABEL = re.compile(r"^附件\s*\d*$")
_ATTACH_NOTE = re.compile(r"^附件\s*[：:]")


def doc_number_text(text: str) -> str:
    """The 发文字号 part of a 文号 line (上行文 lines carry ``签发人：…`` too)."""
    return re.split(r"签\s*发\s*人", text)[0].strip(" \t\u3000")


def _header_kind(text: str) -> str | None:
    if re.fullmatch(r"\d{6}", text):
        return "copy"
    if _CLASSIFICATION.match(text):
        return "classification"
    if _URGENCY.match(text):
        return "urgency"
    return None


def _align(doc: DocxFile, p: Para) -> str | None:
    return props.attr(doc.para_ppr(p, "w:jc"))


def _first_props(doc: DocxFile, p: Para) -> RunProps:
    runs = doc.text_runs(p)
    return doc.run_props(p, runs[0] if runs else None)


def _is_mark_like(doc: DocxFile, p: Para) -> bool:
    props = _first_props(doc, p)
    return is_red(props.color) or (props.size or 0) >= tol.MARK_MIN_PT


class _Walker:
    def __init__(self, doc: DocxFile) -> None:
        self.doc = doc
        self.state = "header"
        self.seen_title = False

    def style_role(self, p: Para, text: str) -> str | None:
        role = STYLE_ROLES.get(p.style_name or "")
        if role in ("copy", "classification", "urgency"):
            return _header_kind(text) or role
        if self.state == "annex" and role == "body":
            return "annex_body"
        if self.state == "annex" and role == "title":
            return "annex_title"
        return role

    def text_role(self, p: Para, text: str) -> str:
        doc, state = self.doc, self.state
        if p.in_table:
            return "banji" if BANJI_LINE.search(text) else "table"
        if _ANNEX_LABEL.match(text) and state != "header":
            return "annex_label"
        if state == "header":
            kind = _header_kind(text)
            if kind:
                return kind
            if is_doc_number_like(doc_number_text(text)):
                return "number"
            if (
                _is_mark_like(doc, p)
                and not self.seen_title
                and (_align(doc, p) or "")
                in (
                    "center",
                    "distribute",
                    "both",
                    "",
                )
            ):
                props = _first_props(doc, p)
                if is_red(props.color) or text.endswith(("文件", "纪要")):
                    return "mark"
            return "title"
        if state == "title":
            if text.endswith(("：", ":")) and len(text) < 300:
                return "recipients"
            if _align(doc, p) == "center":
                return "subtitle"
            if _looks_like_recipients(doc, p, text):
                return "recipients"
            return "body"
        if state == "annex":
            return "annex_body"
        if _ATTACH_NOTE.match(text):
            return "attach_note"
        if is_date_like(text):
            return "date"
        if BANJI_LINE.search(text):
            return "banji"
        if state == "closing":
            if re.match(r"^\d+[.．]", text):
                return "attach_note"
            if text.startswith(("（", "(")):
                return "note"
            return "signature"
        return "body"

    def advance(self, role: str) -> None:
        nxt = {
            "title": "title",
            "subtitle": "title",
            "recipients": "body",
            "body": "body",
            "attendance": "body",
            "attach_note": "closing",
            "signature": "closing",
            "date": "closing",
            "note": "closing",
            "annex_label": "annex",
            "banji": "banji",
        }.get(role)
        if role == "title":
            self.seen_title = True
        if self.state == "annex" and role in ("annex_title", "annex_body"):
            return
        if nxt:
            self.state = nxt


def assign_roles(doc: DocxFile) -> list[Para]:
    """Set ``role`` on every paragraph of ``doc`` and return the paragraphs."""
    walker = _Walker(doc)
    annex_waiting = False
    for p in doc.paragraphs:
        text = p.text.strip()
        if not text or text.startswith("{%"):
            p.role = "blank"
            continue
        role = walker.style_role(p, text) or walker.text_role(p, text)
        if annex_waiting and role in ("annex_body", "title", "annex_title"):
            role, annex_waiting = "annex_title", False
        if role == "annex_label":
            annex_waiting = True
        if role == "date":
            _mark_signatures(doc.paragraphs, p.index)
        p.role = role
        walker.advance(role)
    return doc.paragraphs


def _looks_like_recipients(doc: DocxFile, p: Para, text: str) -> bool:
    """A short flush-left line right under the title, not a sentence: 主送 without ``：``."""
    if len(text) > 60 or text.endswith(("。", "；", "！", "？")) or parse_label(text):
        return False
    return props.first_line(doc.para_ppr(p, "w:ind")) == 0


def _mark_signatures(paras: list[Para], date_index: int) -> None:
    """Up to three short unstyled lines right above a 成文日期 are the 署名 (fallback)."""
    marked = 0
    for q in reversed(paras[:date_index]):
        if q.role == "blank":
            continue
        t = q.text.strip()
        if (
            marked < 3
            and q.role == "body"
            and q.style_name not in STYLE_ROLES
            and len(t) <= 25
            and not t.endswith(("。", "：", "；", "，"))
            and parse_label(t) is None
        ):
            q.role = "signature"
            marked += 1
            continue
        break
