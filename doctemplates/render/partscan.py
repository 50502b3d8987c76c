"""Checks of one parsed XML part: what would reach outside the document.  部件内容检查。

Run on every XML part of a template when it is loaded, and again on every part
a render produced (a DTD or a field can be assembled at render time from
strings, ``|safe`` or the data itself: ``<w:instrText>{{ x }}</w:instrText>``).

- a DTD of any kind (XXE, entity expansion), whatever the encoding;
- fields that include outside content (``INCLUDEPICTURE``, ``INCLUDETEXT``,
  ``LINK``, ``DDE``…, in ``w:instrText`` split over runs or in ``w:fldSimple``,
  any case and spacing) and hyperlink fields to anything but http(s)/mailto;
- VML attributes that point at a file or URL (``o:href``, ``src``);
- mail-merge data sources in settings;
- relationship ids that the part's relationships do not define.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from typing import Any
from urllib.parse import urlsplit

from lxml import etree

from doctemplates.render.findings import Finding, finding

__all__ = [
    "SAFE_PARSER",
    "field_problem",
    "has_doctype",
    "is_safe_url",
    "parse_xml",
    "scan_part",
]

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_VML = ("urn:schemas-microsoft-com:vml", "urn:schemas-microsoft-com:office:office")
_INSTR = (f"{{{W}}}instrText", f"{{{W}}}delInstrText")
_FLDCHAR = f"{{{W}}}fldChar"
_FLDSIMPLE = f"{{{W}}}fldSimple"
_MAILMERGE = f"{{{W}}}mailMerge"

SAFE_PARSER = etree.XMLParser(
    resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False, dtd_validation=False
)

#: Field types that bring outside content (or the server's file names) into the document.
DENIED_FIELDS = {
    "INCLUDEPICTURE": "插入外部图片",
    "INCLUDETEXT": "插入外部文件的内容",
    "INCLUDE": "插入外部文件的内容",
    "IMPORT": "导入外部图片",
    "LINK": "链接外部文件中的对象",
    "DDE": "通过 DDE 读取其他程序的数据",
    "DDEAUTO": "通过 DDE 读取其他程序的数据",
    "DATABASE": "读取外部数据库",
    "RD": "引用外部文档",
    "EMBED": "嵌入外部对象",
    "FILENAME": "写出服务器上的文件名",
    "TEMPLATE": "写出服务器上的模板文件名",
}
_SAFE_SCHEMES = ("http", "https", "mailto")
_FIELD_WORD = re.compile(r"\s*([A-Za-z]+)")
_FIELD_ARGS = re.compile(r'"[^"]*"|\S+')


def parse_xml(data: bytes) -> etree._Element:
    """Parse a part without loading DTDs, entities or anything from the network."""
    return etree.fromstring(data, parser=SAFE_PARSER)


def has_doctype(root: etree._Element) -> bool:
    """Whether the parsed document has a ``<!DOCTYPE>`` (internal subset or external DTD)."""
    docinfo: Any = root.getroottree().docinfo  # lxml-stubs lack DocInfo.doctype
    return bool(docinfo.doctype or docinfo.internalDTD is not None)


def is_safe_url(target: str) -> bool:
    """http(s) and mailto only.

    >>> is_safe_url("https://example.org/a"), is_safe_url("file:///etc/passwd")
    (True, False)
    >>> is_safe_url(" FILE:///x"), is_safe_url("\\\\\\\\host\\\\share")
    (False, False)
    """
    text = unicodedata.normalize("NFKC", target).strip()
    try:
        parts = urlsplit(text)
    except ValueError:
        return False
    return parts.scheme.lower() in _SAFE_SCHEMES and (
        parts.scheme.lower() == "mailto" or bool(parts.netloc)
    )


def field_problem(instruction: str) -> str | None:
    """Why a field instruction is refused, or None.

    >>> field_problem(' includePicture  "http://127.0.0.1/x.png" \\\\d')
    '插入外部图片（INCLUDEPICTURE）'
    >>> field_problem("PAGE \\\\* MERGEFORMAT") is None
    True
    """
    text = unicodedata.normalize("NFKC", instruction)
    match = _FIELD_WORD.match(text)
    if match is None:
        return None
    word = match.group(1).upper()
    if word in DENIED_FIELDS:
        return f"{DENIED_FIELDS[word]}（{word}）"
    if word == "HYPERLINK":
        target = _hyperlink_target(text[match.end() :])
        if target is not None and not is_safe_url(target):
            return f"链接到 http(s)/mailto 以外的地址「{target[:60]}」（HYPERLINK）"
    return None


def _hyperlink_target(arguments: str) -> str | None:
    tokens = _FIELD_ARGS.findall(arguments)
    index = 0
    while index < len(tokens):
        token = tokens[index]
        if token.startswith("\\"):
            index += 2 if token[1:2].lower() in ("l", "o", "t") else 1
            continue
        return str(token).strip('"')
    return None


def _instructions(root: etree._Element) -> Iterable[str]:
    """Field instructions in document order; complex fields joined across runs."""
    stack: list[list[str]] = []
    for element in root.iter(_FLDCHAR, *_INSTR, _FLDSIMPLE):
        if element.tag == _FLDSIMPLE:
            yield element.get(f"{{{W}}}instr") or ""
        elif element.tag == _FLDCHAR:
            kind = element.get(f"{{{W}}}fldCharType")
            if kind == "begin":
                stack.append([])
            elif kind in ("separate", "end") and stack:
                yield "".join(stack[-1])
                stack[-1] = []
                if kind == "end":
                    stack.pop()
        elif stack:
            stack[-1].append(element.text or "")
        else:
            yield element.text or ""  # an instruction outside any field: judged alone
    for pieces in stack:
        yield "".join(pieces)  # fields left open


def scan_part(
    name: str,
    root: etree._Element,
    rel_ids: set[str] | None = None,
    *,
    rendered: bool = False,
    attributes: bool = True,
) -> list[Finding]:
    """Problems of parsed part ``name``; ``rel_ids``: ids its relationships define.

    ``attributes=False`` skips the attribute scans (VML links, relationship ids).
    """
    found: list[Finding] = []
    when = "渲染结果中" if rendered else ""
    if has_doctype(root):
        found.append(
            finding(
                "dtd",
                "error",
                name,
                f"部件{when}含有 DTD（<!DOCTYPE>/实体声明），可用于 XXE 攻击或实体膨胀，拒绝使用",
            )
        )
    for instruction in _instructions(root):
        problem = field_problem(instruction)
        if problem:
            found.append(
                finding(
                    "field",
                    "error",
                    name,
                    f"{when}含有会{problem}的域代码「{' '.join(instruction.split())[:60]}」；"
                    "出于安全原因拒绝使用，请删除该域",
                )
            )
    if attributes:
        found += _vml_links(name, root)
    if root.tag == f"{{{W}}}settings" and root.find(f".//{_MAILMERGE}") is not None:
        found.append(
            finding(
                "mail-merge",
                "error",
                name,
                "模板设置了邮件合并数据源（mailMerge），打开时会连接外部数据；请取消邮件合并后另存",
            )
        )
    if rel_ids is not None and attributes:
        found += _dangling_ids(name, root, rel_ids, rendered)
    return found


_VML_LINKS = etree.XPath(
    "//v:*/@*[local-name()='href' or local-name()='src']"
    " | //o:*/@*[local-name()='href' or local-name()='src']",
    namespaces={"v": _VML[0], "o": _VML[1]},
)
_REL_IDS = etree.XPath(f"//@*[namespace-uri()='{R}']")


def _xpath_strings(xpath: etree.XPath, root: etree._Element) -> list[str]:
    result = xpath(root)
    return [str(value) for value in result] if isinstance(result, list) else []


def _vml_links(name: str, root: etree._Element) -> list[Finding]:
    return [
        finding(
            "vml-link",
            "error",
            name,
            f"图形（VML）引用了外部文件或地址「{value[:60]}」，打开时会访问它；请改为嵌入的图片",
        )
        for value in _xpath_strings(_VML_LINKS, root)
        if value.strip() and not is_safe_url(value)
    ]


def _dangling_ids(
    name: str, root: etree._Element, rel_ids: set[str], rendered: bool
) -> list[Finding]:
    missing = {v for v in _xpath_strings(_REL_IDS, root) if v not in rel_ids and "{" not in v}
    if not missing:
        return []
    ids = "、".join(sorted(missing)[:5])
    when = "渲染结果" if rendered else "部件"
    return [
        finding(
            "package",
            "error",
            name,
            f"{when}引用了不存在的关系 {ids}（Word 会报告文件损坏）",
        )
    ]
