"""Tag placement checks on a part's XML, shared by render and lint.  标签位置检查。

docxtpl's paragraph, row and cell tags (``{%p %}``, ``{%tr %}``, ``{%tc %}``)
replace the whole paragraph, row or cell they stand in: any other text there is
silently lost.  Tags typed with full-width braces are not tags at all and would
print literally.  A tag broken across paragraphs cannot be repaired.  Each is
an error here, so lint reports it and ``Template.load`` refuses the template.
Tags Word split across runs and smart quotes inside tags are repaired at
render time and reported as ``info``.
"""

from __future__ import annotations

import re

from lxml import etree

from doctemplates.render import tags
from doctemplates.render.findings import Finding, finding

__all__ = ["tag_findings"]

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_OPENERS = ("{{", "{%", "{#")
_SMART = "“”‘’"
_LOOKALIKE = re.compile(r"｛\s*[｛{%]|[｛{]\s*｛|\{\s+\{|\{\s+%")
# docxtpl's element tags: {%p …%}, {{p …}}, {#p …#} (same for tr, tc)
_ELEMENT_TAG = {
    kind: re.compile(r"(\{%|\{\{|\{#)" + kind + r" [^}%#]*(%\}|\}\}|#\})")
    for kind in ("p", "tr", "tc")
}
_NAMES = {"p": "段落", "tr": "表格行", "tc": "单元格"}


def tag_findings(name: str, root: etree._Element) -> list[Finding]:
    """Placement problems of the tags in part ``name``."""
    found: list[Finding] = []
    for text, pieces in _paragraphs(root):
        found += _split_tags(name, text, pieces)
        found += _lookalikes(name, text)
        for tag in tags.TAG_RE.findall(text):
            if any(q in tag for q in _SMART):
                found.append(
                    finding(
                        "smart-quote",
                        "info",
                        name,
                        "标签中的中文（弯）引号已在渲染时自动改为英文引号",
                        text,
                        tag,
                    )
                )
    for kind, element in (("p", f"{_W}p"), ("tr", f"{_W}tr"), ("tc", f"{_W}tc")):
        for node in root.iter(element):
            found += _not_alone(name, kind, node)
    return found


def _paragraphs(root: etree._Element) -> list[tuple[str, list[str]]]:
    result = []
    for para in root.iter(f"{_W}p"):
        pieces = [t.text or "" for t in para.iter(f"{_W}t")]
        result.append(("".join(pieces), pieces))
    if root.tag.endswith("coreProperties") or root.tag.endswith("Properties"):
        result += [(el.text or "", [el.text or ""]) for el in root.iter() if el.text]
    return result


def _split_tags(name: str, text: str, pieces: list[str]) -> list[Finding]:
    found: list[Finding] = []
    boundaries = _boundaries(pieces)
    for match in tags.TAG_RE.finditer(text):
        if any(match.start() < b < match.end() for b in boundaries):
            found.append(
                finding(
                    "split-tag",
                    "info",
                    name,
                    "标签被 Word 拆成了多段格式，渲染时已自动合并",
                    text,
                    match.group(0),
                )
            )
    rest = tags.TAG_RE.sub("", text)
    for opener in _OPENERS:
        if opener in rest:
            position = rest.index(opener)
            snippet = rest[position : position + 20]
            found.append(
                finding(
                    "unclosed-tag",
                    "error",
                    name,
                    f"标签 {snippet}… 在本段内没有结束（缺少 {_closer(opener)}，或标签被拆到了下一段）；请在同一段内补全",
                    text,
                    snippet,
                )
            )
    return found


def _closer(opener: str) -> str:
    return {"{{": "}}", "{%": "%}", "{#": "#}"}[opener]


def _boundaries(pieces: list[str]) -> list[int]:
    positions, total = [], 0
    for piece in pieces[:-1]:
        total += len(piece)
        positions.append(total)
    return positions


def _lookalikes(name: str, text: str) -> list[Finding]:
    rest = tags.TAG_RE.sub("", text)  # inside a real tag, "{ {" is a dict literal
    match = _LOOKALIKE.search(rest)
    if not match:
        return []
    snippet = rest[match.start() : match.start() + 20]
    return [
        finding(
            "fullwidth-brace",
            "error",
            name,
            f"「{snippet}」看起来像标签，但用了全角花括号或花括号之间有空格，不会被识别；请改为英文半角 {{{{ … }}}} 且两个花括号紧挨",
            text,
            snippet,
        )
    ]


def _not_alone(name: str, kind: str, node: etree._Element) -> list[Finding]:
    """A {%p/tr/tc %} tag must be the only text of its paragraph, row or cell."""
    text = "".join(t.text or "" for t in node.iter(f"{_W}t"))
    match = _ELEMENT_TAG[kind].search(text)
    if match is None:
        return []
    if kind == "p" and _inner_holds(node, kind):
        return []
    rest = _ELEMENT_TAG[kind].sub("", text).strip()
    if not rest:
        return []
    return [
        finding(
            f"{kind if kind != 'p' else 'block'}-not-alone",
            "error",
            name,
            f"{match.group(0)} 标签所在的{_NAMES[kind]}中还有其他文字「{rest[:30]}」，"
            f"渲染时整个{_NAMES[kind]}会被标签替换、这些文字会丢失；请把标签单独放在一个{_NAMES[kind]}中",
            text,
            match.group(0),
        )
    ]


def _inner_holds(node: etree._Element, kind: str) -> bool:
    """True when the tag sits in a nested paragraph (a text box) judged on its own."""
    return any(
        inner is not node
        and _ELEMENT_TAG[kind].search("".join(t.text or "" for t in inner.iter(f"{_W}t")))
        for inner in node.iter(f"{_W}p")
    )
