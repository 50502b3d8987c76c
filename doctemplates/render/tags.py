"""Tag preparation: turn Word XML into Jinja source.  标签预处理。

Word and WPS split ``{{ name }}`` across runs and wrap docxtpl's paragraph,
row, cell and run tags (``{%p %}``, ``{%tr %}``, ``{%tc %}``, ``{%r %}``) in
markup.  docxtpl's ``patch_xml`` repairs both; we reuse it rather than
re-implement its regular expressions, and add the line-per-paragraph layout
that lets an error name the paragraph it happened in.
"""

from __future__ import annotations

import re
from html import unescape

from lxml import etree

__all__ = ["TAG_RE", "has_tags", "paragraph_text", "part_source", "prepare", "restore"]

TAG_RE = re.compile(r"\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}", re.DOTALL)
_PARA_START = re.compile(r"<w:p([ >])")
_PARA_RESTORE = re.compile(r"\n<w:p([ >])")
_ANY_TAG = re.compile(r"<[^>]+>")
# The line of an expanded block placeholder (.placeholders): errors there name the placeholder.
_EXPANDED = re.compile(r"\{#- (\{\{p \w+ \}\}) #\}")
# docxtpl's way to write literal braces in a template.  Replaced in the source
# (by an expression printing the braces), never in rendered output, so that
# user data containing "{_{" is left alone.
_ESCAPES = (
    ("{_{", "{{ '{{' }}"),
    ("}_}", "{{ '}}' }}"),
    ("{_%", "{{ '{%' }}"),
    ("%_}", "{{ '%}' }}"),
)


def has_tags(xml: str) -> bool:
    """Whether a part holds any Jinja tag (before repair)."""
    return "{{" in xml or "{%" in xml or "{#" in xml or _split_open(xml)


def _split_open(xml: str) -> bool:
    # "{<w:r>…{" — an opening brace pair split across runs.
    return re.search(r"\{(<[^>]*>)+[\{%#]", xml) is not None


def prepare(xml: str) -> str:
    """Repair split tags and put every paragraph on its own source line."""
    # imported here: docxtpl brings python-docx (0.1 s), which only loading a template needs
    from docxtpl import DocxTemplate

    patched = DocxTemplate.patch_xml(None, xml)  # uses no instance state
    # Inside a tag the text is Jinja source that the office suite stored XML-escaped;
    # LibreOffice writes ' and " as &apos; and &quot;, which docxtpl leaves alone.
    patched = TAG_RE.sub(lambda m: unescape(m.group(0)), patched)
    for escaped, expression in _ESCAPES:
        patched = patched.replace(escaped, expression)
    return _PARA_START.sub(r"\n<w:p\1", patched)


def part_source(content: bytes, root: etree._Element, role: str) -> str:
    """The Jinja source of a templatable part: UTF-8 text, tags repaired (Word parts)."""
    if (root.getroottree().docinfo.encoding or "UTF-8").upper() not in ("UTF-8", "UTF8"):
        content = etree.tostring(root.getroottree(), encoding="UTF-8", xml_declaration=True)
    text = content.decode("utf-8", errors="replace")
    return prepare(text) if role != "properties" else text


def restore(xml: str) -> str:
    """Undo :func:`prepare`'s line layout."""
    return _PARA_RESTORE.sub(r"<w:p\1", xml)


def paragraph_text(source: str, lineno: int | None) -> str:
    """Visible text of the prepared paragraph at ``lineno`` (1-based)."""
    if not lineno:
        return ""
    lines = source.splitlines()
    if not 0 < lineno <= len(lines):
        return ""
    line = lines[lineno - 1]
    if expanded := _EXPANDED.match(line):
        return expanded.group(1)
    if line.startswith("<w:p") and "</w:p>" in line:
        # the paragraph itself, without control tags of removed {%p %} paragraphs after it
        line = line[: line.index("</w:p>")]
    return unescape(_ANY_TAG.sub("", line)).strip()
