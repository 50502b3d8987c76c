"""Template lint: what a staff member broke, where, and how to fix it.  模板检查。

Each finding names the part (正文 / 页眉 / 页脚 …), the text of the paragraph
and the tag.  Severity ``error`` breaks rendering or safety; ``warning`` renders
but probably not as meant; ``info`` tells what rendering repairs by itself
(e.g. a tag Word split across runs).
"""

from __future__ import annotations

import difflib
import io
import re
import zipfile
from dataclasses import asdict, dataclass
from typing import Any

import jinja2
from jinja2 import nodes
from lxml import etree

from doctemplates.context import context_paths
from doctemplates.errors import DocTemplatesError, TemplateError
from doctemplates.render import tags
from doctemplates.render.environment import WordEnvironment
from doctemplates.render.package import read_package

__all__ = ["Finding", "LintError", "lint_template", "part_label"]

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)
_ENV = WordEnvironment()
_TEXT_PARTS = re.compile(r"word/(document|header\d*|footer\d*|footnotes|endnotes)\.xml$")
_OPENERS = ("{{", "{%", "{#")
_SMART = "“”‘’"
_BLOCK_TAG = re.compile(r"\{%\s*(p|tr|tc)\s")
_RISKY_RELS = {
    "attachedTemplate": "模板引用了外部模板（attachedTemplate），打开时会访问外部地址",
    "image": "模板含有远程图片，打开或渲染时会访问外部地址",
    "oleObject": "模板含有外部链接的 OLE 对象",
    "package": "模板含有外部链接的嵌入对象",
    "frame": "模板含有外部框架链接",
    "subDocument": "模板含有外部子文档链接",
}


class LintError(DocTemplatesError):
    """The file is not a template at all (exit 2).  不是模板文件。"""


@dataclass(frozen=True)
class Finding:
    """One lint finding.  一条检查结果。"""

    code: str  # 机器可读代码，如 split-tag
    severity: str  # error / warning / info
    part: str  # 部件，如 word/header2.xml
    message: str  # 中文说明（含修改建议）
    paragraph: str = ""  # 段落文字
    tag: str = ""  # 标签

    @property
    def where(self) -> str:
        return part_label(self.part)

    def as_dict(self) -> dict[str, Any]:
        return {**asdict(self), "where": self.where}


def part_label(part: str) -> str:
    """Human name of a part.  部件的中文名称：正文、页眉1、页脚2……"""
    match = re.fullmatch(r"word/(header|footer)(\d*)\.xml", part)
    if match:
        return ("页眉" if match[1] == "header" else "页脚") + match[2]
    return {
        "word/document.xml": "正文",
        "word/footnotes.xml": "脚注",
        "word/endnotes.xml": "尾注",
        "docProps/core.xml": "文档属性",
    }.get(part, part)


def lint_template(source: bytes, *, context_type: type | None = None) -> list[Finding]:
    """All findings of a .docx template, in part order."""
    members = _members(source)
    findings = _package_findings(members)
    known = context_paths(context_type) if context_type else None
    for name, content in members.items():
        if _TEXT_PARTS.match(name) or name == "docProps/core.xml":
            findings += _part_findings(name, content.decode("utf-8", "replace"), known)
    return findings


def _members(source: bytes) -> dict[str, bytes]:
    if not zipfile.is_zipfile(io.BytesIO(source)):
        raise LintError("文件不是 .docx 模板（不是 zip 格式）")
    try:
        members = read_package(source)
    except TemplateError as exc:
        raise LintError(exc.message) from exc
    if "word/document.xml" not in members:
        raise LintError("文件不是 Word 文档（缺少 word/document.xml）")
    return members


# -- package-level ---------------------------------------------------------------------------
def _package_findings(members: dict[str, bytes]) -> list[Finding]:
    found: list[Finding] = []
    for name, content in members.items():
        if name.endswith("vbaProject.bin"):
            found.append(
                Finding(
                    "macro",
                    "error",
                    name,
                    "模板含有宏（VBA），出于安全原因不能使用；请另存为不含宏的 .docx",
                )
            )
        elif name.startswith("word/embeddings/"):
            found.append(
                Finding(
                    "ole",
                    "error",
                    name,
                    "模板嵌入了 OLE 对象（如 Excel 表格或其他程序的对象），请删除或改为图片",
                )
            )
        elif name.endswith((".xml", ".rels")) and (
            b"<!DOCTYPE" in content or b"<!ENTITY" in content
        ):
            found.append(
                Finding(
                    "dtd", "error", name, "部件中含有 DTD/实体声明，可能用于 XXE 攻击，拒绝使用"
                )
            )
        if name.endswith(".rels"):
            found += _external_relationships(name, content)
    if b"macroEnabled" in members.get("[Content_Types].xml", b""):
        found.append(
            Finding(
                "macro",
                "error",
                "[Content_Types].xml",
                "这是启用宏的文档（.docm/.dotm），请另存为 .docx",
            )
        )
    return found


def _external_relationships(name: str, content: bytes) -> list[Finding]:
    try:
        root = etree.fromstring(content, parser=_PARSER)
    except etree.XMLSyntaxError:
        return [Finding("xml", "error", name, "关系文件不是合法的 XML")]
    found = []
    for rel in root:
        if rel.get("TargetMode") != "External":
            continue
        kind = (rel.get("Type") or "").rsplit("/", 1)[-1]
        if kind in _RISKY_RELS:
            found.append(
                Finding(
                    "external",
                    "error",
                    name,
                    f"{_RISKY_RELS[kind]}（{rel.get('Target')}）；请删除该链接",
                )
            )
    return found


# -- part-level ----------------------------------------------------------------------------
def _part_findings(name: str, xml: str, known: set[str] | None) -> list[Finding]:
    try:
        root = etree.fromstring(xml.encode("utf-8"), parser=_PARSER)
    except etree.XMLSyntaxError as exc:
        return [Finding("xml", "error", name, f"部件不是合法的 XML：{exc.msg}")]
    found = _paragraph_findings(name, root) + _row_findings(name, root)
    if not any(f.severity == "error" for f in found):
        found += _jinja_findings(name, xml, known)
    return found


def _paragraphs(root: etree._Element) -> list[tuple[str, list[str]]]:
    result = []
    for para in root.iter(f"{_W}p"):
        pieces = [t.text or "" for t in para.iter(f"{_W}t")]
        result.append(("".join(pieces), pieces))
    if root.tag.endswith("coreProperties"):
        result += [(el.text or "", [el.text or ""]) for el in root if el.text]
    return result


def _paragraph_findings(name: str, root: etree._Element) -> list[Finding]:
    found: list[Finding] = []
    for text, pieces in _paragraphs(root):
        found += _split_tags(name, text, pieces)
        found += _lookalikes(name, text)
        for tag in tags.TAG_RE.findall(text):
            if any(q in tag for q in _SMART):
                found.append(
                    Finding(
                        "smart-quote",
                        "info",
                        name,
                        "标签中的中文（弯）引号已在渲染时自动改为英文引号",
                        text,
                        tag,
                    )
                )
            block = _BLOCK_TAG.match(tag)
            if block and block[1] == "p" and text.strip() != tag.strip():
                found.append(
                    Finding(
                        "block-not-alone",
                        "warning",
                        name,
                        f"{{%p … %}} 标签所在段落的其他文字「{text.replace(tag, '').strip()}」会被整段删除；请把标签单独放一段",
                        text,
                        tag,
                    )
                )
    return found


def _split_tags(name: str, text: str, pieces: list[str]) -> list[Finding]:
    found: list[Finding] = []
    boundaries = _boundaries(pieces)
    for match in tags.TAG_RE.finditer(text):
        if any(match.start() < b < match.end() for b in boundaries):
            found.append(
                Finding(
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
            found.append(
                Finding(
                    "unclosed-tag",
                    "error",
                    name,
                    f"标签 {rest[position : position + 20]}… 在本段内没有结束（缺少 {_closer(opener)}，或标签被拆到了下一段）；请在同一段内补全",
                    text,
                    rest[position : position + 20],
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


_LOOKALIKE = re.compile(r"｛\s*[｛{%]|[｛{]\s*｛|\{\s+\{|\{\s+%")


def _lookalikes(name: str, text: str) -> list[Finding]:
    match = _LOOKALIKE.search(text)
    if not match:
        return []
    snippet = text[match.start() : match.start() + 20]
    return [
        Finding(
            "fullwidth-brace",
            "error",
            name,
            f"「{snippet}」看起来像标签，但用了全角花括号或花括号之间有空格，不会被识别；请改为英文半角 {{{{ … }}}} 且两个花括号紧挨",
            text,
            snippet,
        )
    ]


def _row_findings(name: str, root: etree._Element) -> list[Finding]:
    found = []
    for row in root.iter(f"{_W}tr"):
        text = "".join(t.text or "" for t in row.iter(f"{_W}t"))
        tag_match = re.search(r"\{%\s*tr\s.*?%\}", text)
        if tag_match and text.replace(tag_match.group(0), "").strip():
            found.append(
                Finding(
                    "tr-not-alone",
                    "error",
                    name,
                    "{%tr … %} 标签所在的表格行中还有其他文字，这一整行会被替换；请把 {%tr %} 标签单独放在一行（其他单元格留空）",
                    text,
                    tag_match.group(0),
                )
            )
    return found


# -- Jinja ---------------------------------------------------------------------------------
def _jinja_findings(name: str, xml: str, known: set[str] | None) -> list[Finding]:
    if not tags.has_tags(xml):
        return []
    source = tags.prepare(xml) if name.startswith("word/") else xml
    try:
        tree = _ENV.parse(source)
        _ENV.compile(tree, name=name, filename=name)
    except jinja2.TemplateSyntaxError as exc:
        from doctemplates.render.template import _syntax_error

        error = _syntax_error(exc, name, source)
        return [
            Finding("syntax", "error", name, error.message, error.paragraph or "", error.tag or "")
        ]
    if known is None:
        return []
    return [
        _unknown(name, source, path, lineno, known)
        for path, lineno in _variable_paths(tree)
        if not _is_known(path, known)
    ]


def _is_known(path: str, known: set[str]) -> bool:
    return path in known or path.split(".")[0] in _ENV.globals


def _unknown(name: str, source: str, path: str, lineno: int, known: set[str]) -> Finding:
    close = difflib.get_close_matches(path, sorted(known), n=1, cutoff=0.6)
    hint = (
        f"，是否应为 {close[0].replace('[]', '')}？" if close else "；请对照文种的数据结构检查拼写"
    )
    paragraph = tags.paragraph_text(source, lineno)
    leaf = path.rsplit(".", 1)[-1].replace("[]", "")
    tag = next(
        (t for t in tags.TAG_RE.findall(tags.paragraph_text(source, lineno) or "") if leaf in t), ""
    )
    return Finding(
        "unknown-variable",
        "error",
        name,
        f"变量 {path.replace('[]', '')} 不在本文种的数据中{hint}",
        paragraph,
        tag,
    )


def _variable_paths(tree: nodes.Template) -> list[tuple[str, int]]:
    """Maximal variable paths read by a template, with loop variables resolved."""
    found: list[tuple[str, int]] = []
    _visit(tree, {}, found)
    return found


def _visit(node: nodes.Node, scope: dict[str, str | None], found: list[tuple[str, int]]) -> None:
    if isinstance(node, nodes.For):
        _visit(node.iter, scope, found)
        inner = dict(scope, loop=None)
        base = _path(node.iter, scope)
        for target in _names(node.target):
            inner[target] = f"{base}[]" if base else None
        for child in [*node.body, *node.else_]:
            _visit(child, inner, found)
        if node.test is not None:
            _visit(node.test, inner, found)
        return
    if isinstance(node, (nodes.Assign, nodes.AssignBlock)):
        _visit(
            node.node if isinstance(node, nodes.Assign) else nodes.Output(node.body), scope, found
        )
        for target in _names(node.target):
            scope[target] = None
        return
    if isinstance(node, nodes.Call) and isinstance(node.node, nodes.Getattr):
        # a method call (``x.strip()``): the variable is the object, not the method
        for child in [node.node.node, *node.args, *node.kwargs]:
            _visit(child, scope, found)
        return
    if isinstance(node, (nodes.Getattr, nodes.Getitem, nodes.Name)):
        path = _path(node, scope)
        if path is not None:
            found.append((path, node.lineno))
            return
    for child in node.iter_child_nodes():
        _visit(child, scope, found)


def _names(target: nodes.Node) -> list[str]:
    if isinstance(target, nodes.Name):
        return [target.name]
    if isinstance(target, nodes.Tuple):
        return [n for item in target.items for n in _names(item)]
    return []


def _path(node: nodes.Node, scope: dict[str, str | None]) -> str | None:
    """``a.b[0].c`` → ``a.b[].c``; None for locals, ``loop`` and computed keys."""
    if isinstance(node, nodes.Name):
        if node.name in scope:
            return scope[node.name]
        return node.name
    if isinstance(node, nodes.Getattr):
        base = _path(node.node, scope)
        return f"{base}.{node.attr}" if base else None
    if isinstance(node, nodes.Getitem) and isinstance(node.arg, nodes.Const):
        base = _path(node.node, scope)
        if base is None:
            return None
        return f"{base}[]" if isinstance(node.arg.value, int) else f"{base}.{node.arg.value}"
    return None
