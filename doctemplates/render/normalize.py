"""Load-time normalisation of template XML.  模板载入时修正办公软件遗留的非法值。

An office suite that opens and saves a template may write values the OOXML
schema (ISO/IEC 29500) refuses; every document rendered from that template
would carry them.  Found by saving each shipped template with LibreOffice
(``soffice --convert-to docx:"MS Word 2007 XML"``) and validating the result
with ``openxml-audit`` (see ``tests/test_word_compat.py``):

* **unsigned 32-bit wraps of signed numbers** — LibreOffice writes the
  document grid's character pitch −16385 as ``w:charSpace="4294950911"``
  (2³² − 16385).  Every signed attribute in :data:`SIGNED_ATTRIBUTES` whose
  value lies in [2³¹, 2³²) is read as the negative number it wraps;
* **``w:val="true"`` on on/off-only elements** — ``w:cantSplit``,
  ``w:tblHeader`` … accept only ``on``/``off`` (``CT_OnOffOnly``);
  LibreOffice writes ``true``.  ``true``/``1`` become ``on``, ``false``/``0``
  ``off``;
* **a paragraph's section break before its style** — LibreOffice writes
  ``<w:pPr><w:sectPr>…</w:sectPr><w:pStyle/>…`` where the schema wants the
  ``w:sectPr`` last (before ``w:pPrChange`` only).

Values are judged by their parsed value, never by spelling, and only parts
that may hold a problem are parsed (a cheap byte search first), so an
unchanged part keeps its exact bytes.  Each change is a :class:`Fix` whose
:meth:`Fix.describe` says in Chinese what was corrected (for ``lint``).

>>> xml = (b'<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/'
...        b'2006/main"><w:body><w:sectPr><w:docGrid w:type="lines" w:linePitch="579" '
...        b'w:charSpace="4294950911"/></w:sectPr></w:body></w:document>')
>>> fixed, fixes = normalize_part("word/document.xml", xml)
>>> b'w:charSpace="-16385"' in fixed
True
>>> print(fixes[0].describe())
word/document.xml：w:docGrid 的 w:charSpace="4294950911" 是有符号数被写成了无符号 32 位的溢出值，已修正为 -16385
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

from lxml import etree

__all__ = [
    "ON_OFF_ONLY",
    "SIGNED_ATTRIBUTES",
    "Fix",
    "Normalized",
    "normalize_package",
    "normalize_part",
]

_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"

#: Signed attributes (WordprocessingML element → attributes; all ``w:``).  A value in
#: [2³¹, 2³²) is a 32-bit wrap: a real one would be over 1,000 km of twips.
SIGNED_ATTRIBUTES: Mapping[str, frozenset[str]] = {
    "docGrid": frozenset({"charSpace", "linePitch"}),
    # pPr spacing: line is ST_SignedTwipsMeasure; rPr spacing: val (character spacing)
    "spacing": frozenset({"val", "line", "beforeLines", "afterLines"}),
    "ind": frozenset(
        {
            "left",
            "right",
            "start",
            "end",
            "leftChars",
            "rightChars",
            "startChars",
            "endChars",
            "firstLineChars",
            "hangingChars",
        }
    ),
    "pgMar": frozenset({"top", "bottom"}),
    "tab": frozenset({"pos"}),
    "tblInd": frozenset({"w"}),
    "tblpPr": frozenset({"tblpX", "tblpY"}),
    "framePr": frozenset({"x", "y"}),
    "position": frozenset({"val"}),
    "pgNumType": frozenset({"start"}),
}

#: Elements of type ``CT_OnOffOnly`` in the Open XML SDK's schema: ``on``/``off`` only.
ON_OFF_ONLY = frozenset(
    {
        "noWrap",
        "tcFitText",
        "hideMark",
        "cantSplit",
        "tblHeader",
        "bidiVisual",
        "noResizeAllowed",
        "linkedToFile",
        "noBorder",
        "flatBorders",
        "autoRedefine",
        "hidden",
        "semiHidden",
        "unhideWhenUsed",
        "qFormat",
        "locked",
        "personal",
        "personalCompose",
        "personalReply",
    }
)
_ON_OFF = {"true": "on", "1": "on", "false": "off", "0": "off"}

_WRAP, _SIGNED_MAX = 1 << 32, (1 << 31) - 1
# Cheap pre-checks on the raw bytes: parse a part only when one of these matches.
_MAYBE_WRAP = re.compile(rb'="\s*[1-9][0-9]{9}\s*"')
_MAYBE_ON_OFF = re.compile(
    rb"<w:(?:" + b"|".join(n.encode() for n in sorted(ON_OFF_ONLY)) + rb')\b[^>]*?w:val="'
)
_MAYBE_SECT_FIRST = re.compile(rb"(?:</w:sectPr>|<w:sectPr\b[^>]*/>)\s*<w:(?!pPrChange\b)[A-Za-z]")
_PARSER = etree.XMLParser(
    resolve_entities=False,
    no_network=True,
    load_dtd=False,
    huge_tree=False,
    remove_blank_text=False,
)


@dataclass(frozen=True)
class Fix:
    """One corrected value.  一处修正。"""

    part: str  # 部件，如 word/document.xml
    element: str  # 元素，如 w:docGrid
    attribute: str  # 属性，如 w:charSpace（结构修正时为空）
    old: str  # 原值
    new: str  # 修正后的值
    reason: str  # 原因（中文）

    def describe(self) -> str:
        """One Chinese sentence: part, element, old value, why, what was done."""
        if self.attribute:
            where = f'{self.element} 的 {self.attribute}="{self.old}"'
            return f"{self.part}：{where} {self.reason}，已修正为 {self.new}"
        return f"{self.part}：{self.old}，{self.reason}，已{self.new}"


class Normalized(dict[str, bytes]):
    """Package members after normalisation, with the :class:`Fix` list in ``fixes``."""

    fixes: list[Fix]

    def __init__(self, members: Mapping[str, bytes], fixes: list[Fix]) -> None:
        super().__init__(members)
        self.fixes = fixes


def normalize_package(members: Mapping[str, bytes]) -> Normalized:
    """Normalise every XML part of a package (member order kept).  修正整个包。"""
    out: dict[str, bytes] = {}
    fixes: list[Fix] = []
    for name, content in members.items():
        if name.endswith(".xml"):
            content, found = normalize_part(name, content)
            fixes += found
        out[name] = content
    return Normalized(out, fixes)


def normalize_part(name: str, content: bytes) -> tuple[bytes, list[Fix]]:
    """Normalise one XML part; returns the (possibly same) bytes and the fixes made."""
    if not (
        _MAYBE_WRAP.search(content)
        or _MAYBE_ON_OFF.search(content)
        or _MAYBE_SECT_FIRST.search(content)
    ):
        return content, []
    try:
        root = etree.fromstring(content, parser=_PARSER)
    except etree.XMLSyntaxError:
        return content, []  # not XML: compiling the part reports it
    fixes: list[Fix] = []
    for node in root.iter(f"{{{_W}}}*"):
        local = etree.QName(node).localname
        fixes += _signed(name, node, local)
        fixes += _on_off(name, node, local)
        if local == "pPr":
            fixes += _section_last(name, node)
    if not fixes:
        return content, []
    body = etree.tostring(root.getroottree(), encoding="UTF-8", xml_declaration=False)
    return _prolog(content) + body, fixes


def _signed(part: str, node: etree._Element, local: str) -> list[Fix]:
    fixes = []
    for attr in SIGNED_ATTRIBUTES.get(local, ()):
        key = f"{{{_W}}}{attr}"
        value = node.get(key)
        number = _integer(value)
        if number is not None and _SIGNED_MAX < number < _WRAP:
            node.set(key, str(number - _WRAP))
            fixes.append(
                Fix(
                    part,
                    f"w:{local}",
                    f"w:{attr}",
                    str(value),
                    str(number - _WRAP),
                    "是有符号数被写成了无符号 32 位的溢出值",
                )
            )
    return fixes


def _integer(value: str | None) -> int | None:
    text = (value or "").strip()
    return int(text) if text.isascii() and text.isdigit() else None


def _on_off(part: str, node: etree._Element, local: str) -> list[Fix]:
    if local not in ON_OFF_ONLY:
        return []
    key = f"{{{_W}}}val"
    value = node.get(key)
    new = _ON_OFF.get((value or "").strip().lower())
    if new is None:
        return []
    node.set(key, new)
    return [Fix(part, f"w:{local}", "w:val", str(value), new, "只能取 on 或 off")]


def _section_last(part: str, ppr: etree._Element) -> list[Fix]:
    sect = ppr.find(f"{{{_W}}}sectPr")
    if sect is None:
        return []
    after = [n for n in sect.itersiblings() if isinstance(n.tag, str)]
    change = ppr.find(f"{{{_W}}}pPrChange")
    if not [n for n in after if n is not change]:
        return []
    ppr.remove(sect)
    if change is not None:
        change.addprevious(sect)
    else:
        ppr.append(sect)
    first = etree.QName(after[0]).localname
    return [
        Fix(
            part,
            "w:pPr",
            "",
            f"w:pPr 中分节符 w:sectPr 位于 w:{first} 之前",
            "移到段落属性末尾",
            "不符合元素顺序",
        )
    ]


def _prolog(content: bytes) -> bytes:
    """The original XML declaration (kept byte for byte), or nothing."""
    if not content.startswith(b"<?xml"):
        return b""
    end = content.index(b"?>") + 2
    return content[:end] + (b"\n" if content[end : end + 1] in (b"\n", b"\r") else b"")
