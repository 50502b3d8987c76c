"""What a template package may hold: an allow-list of parts and relationships.  模板包的允许内容。

Judged by parsed content and declared types, never by how names are spelled:

- every member needs a content type from ``[Content_Types].xml`` (matched
  case-insensitively, as OPC requires) that is on :data:`CONTENT_TYPES` — the
  parts a 公文 template legitimately has; macros (``macroEnabled`` types,
  ``vbaProject``, ``vbaData``), ActiveX, OLE objects and embedded packages are
  refused with their own message, anything else as "not allowed";
- every member is sniffed: an OLE compound file or a zip inside the package is
  refused whatever its name or type; an image must look like one;
- every XML member (whatever its name or encoding) is parsed without DTDs and
  scanned (:mod:`.partscan`);
- every relationship part (found by content, not by name) is checked: its type
  is on :data:`RELATIONSHIPS`, an external target is an http(s)/mailto
  hyperlink, an internal target exists in the package;
- the main document is the target of the package's ``officeDocument``
  relationship, whatever its name, and has a main-document content type.

So a package that passes opens in python-docx and Word: ``[Content_Types].xml``
covers every part, every relationship target exists, every XML part is well formed.
"""

from __future__ import annotations

import posixpath
from dataclasses import dataclass, field
from urllib.parse import unquote

from lxml import etree

from doctemplates.render.allowlist import (
    _ACTIVEX,
    _CT_NS,
    _EXTERNAL_KINDS,
    _HYPERLINK,
    _MACRO,
    _MACRO_ROOTS,
    _MAGIC_OLE,
    _MAGIC_ZIP,
    _OFD,
    _OLE,
    _REFUSED_RELS,
    _REL_NS,
    CONTENT_TYPES,
    CONTENT_TYPES_PART,
    DOCUMENT_MAIN,
    MAIN_TYPES,
    RELATIONSHIPS,
    TAG_ROLES,
)
from doctemplates.render.findings import Finding, finding
from doctemplates.render.partscan import has_doctype, is_safe_url, parse_xml, scan_part

__all__ = [
    "CONTENT_TYPES",
    "CONTENT_TYPES_PART",
    "RELATIONSHIPS",
    "PackagePlan",
    "inspect_package",
]


@dataclass
class PackagePlan:
    """What load needs to know about an accepted package.  包的结构。"""

    main: str = ""
    roles: dict[str, str] = field(default_factory=dict)  # part → role
    rel_ids: dict[str, set[str]] = field(default_factory=dict)  # part → its relationship ids
    roots: dict[str, etree._Element] = field(default_factory=dict)  # parsed XML parts
    content_types: bytes | None = None  # rewritten [Content_Types].xml (.dotx → .docx)

    def templatable(self) -> list[str]:
        return [name for name, role in self.roles.items() if role in TAG_ROLES]


def inspect_package(members: dict[str, bytes]) -> tuple[PackagePlan, list[Finding]]:
    """Check every member of a package; the plan is meaningful only without error findings."""
    plan, found = PackagePlan(), []
    types_xml = members.get(CONTENT_TYPES_PART)
    if types_xml is None:
        found.append(
            _package_error(CONTENT_TYPES_PART, "缺少 [Content_Types].xml，不是有效的 Word 文档")
        )
        return plan, found
    try:
        defaults, overrides = _content_types(types_xml)
    except etree.XMLSyntaxError as exc:
        found.append(_package_error(CONTENT_TYPES_PART, f"[Content_Types].xml 无法解析（{exc}）"))
        return plan, found
    except ValueError:
        found.append(
            finding("dtd", "error", CONTENT_TYPES_PART, "部件中含有 DTD/实体声明，拒绝使用")
        )
        return plan, found
    lower_names = {name.lower(): name for name in members}
    for name, data in members.items():
        if name == CONTENT_TYPES_PART:
            continue
        found += _check_member(name, data, defaults, overrides, plan)
    for name in list(plan.roles):
        if plan.roles[name] == "rels" or _looks_like_rels(name):
            found += _check_rels(name, members, lower_names, plan)
    found += _check_main(members, plan)
    found += _scan_xml_parts(plan)
    if plan.main and overrides.get("/" + plan.main.lower()) == MAIN_TYPES[1]:
        plan.content_types = _as_document(types_xml, plan.main)
    return plan, found


def _package_error(name: str, message: str) -> Finding:
    return finding("package", "error", name, message)


def _content_types(data: bytes) -> tuple[dict[str, str], dict[str, str]]:
    root = parse_xml(data)
    if has_doctype(root):
        raise ValueError("含有 DTD")
    defaults = {
        (el.get("Extension") or "").lower(): (el.get("ContentType") or "").strip().lower()
        for el in root.iter(f"{{{_CT_NS}}}Default")
    }
    overrides = {
        (el.get("PartName") or "").lower(): (el.get("ContentType") or "").strip().lower()
        for el in root.iter(f"{{{_CT_NS}}}Override")
    }
    return defaults, overrides


def _content_type(name: str, defaults: dict[str, str], overrides: dict[str, str]) -> str | None:
    override = overrides.get("/" + name.lower())
    if override is not None:
        return override
    extension = name.rsplit(".", 1)[-1].lower() if "." in posixpath.basename(name) else ""
    return defaults.get(extension)


def _looks_like_rels(name: str) -> bool:
    folder, base = posixpath.split(name.lower())
    return posixpath.basename(folder) == "_rels" and base.endswith(".rels")


def _check_member(
    name: str,
    data: bytes,
    defaults: dict[str, str],
    overrides: dict[str, str],
    plan: PackagePlan,
) -> list[Finding]:
    base = posixpath.basename(name).lower()
    if base in ("vbaproject.bin", "vbadata.xml"):
        return [finding("macro", "error", name, _MACRO)]
    if data.startswith(_MAGIC_OLE):
        return [
            finding(
                "ole",
                "error",
                name,
                "部件是 OLE 复合文档（宏、OLE 对象或 ActiveX 控件），出于安全原因拒绝使用",
            )
        ]
    if data.startswith(_MAGIC_ZIP):
        return [finding("ole", "error", name, _OLE)]
    content_type = _content_type(name, defaults, overrides)
    if _looks_like_rels(name):
        content_type = content_type or "application/vnd.openxmlformats-package.relationships+xml"
    if not content_type:
        return [
            _package_error(
                name, "部件没有声明内容类型（[Content_Types].xml 中找不到），Word 无法打开"
            )
        ]
    refused = _refused_type(content_type)
    if refused:
        return [finding(refused[0], "error", name, refused[1])]
    role = CONTENT_TYPES.get(content_type)
    if role is None:
        return [
            finding(
                "part-type",
                "error",
                name,
                f"部件类型「{content_type}」不在公文模板允许的部件类型中，出于安全原因拒绝使用；请删除该内容后另存",
            )
        ]
    if _looks_like_rels(name):
        role = "rels"
    plan.roles[name] = role
    if role == "image" and not _is_image(data):
        return [
            finding(
                "image-format",
                "error",
                name,
                "图片不是可识别的格式（PNG、JPEG、GIF、BMP、TIFF、EMF、WMF）",
            )
        ]
    if role in ("image", "binary"):
        return []
    try:
        root = plan.roots[name] = parse_xml(data)
    except etree.XMLSyntaxError as exc:
        return [_package_error(name, f"部件不是合法的 XML（{exc.msg}），Word 无法打开")]
    if root.tag in _MACRO_ROOTS:
        return [finding("macro", "error", name, _MACRO)]
    return []


def _refused_type(content_type: str) -> tuple[str, str] | None:
    if "macroenabled" in content_type:
        return ("macro", "这是启用宏的文档（.docm/.dotm），出于安全原因不能使用；请另存为 .docx")
    if "vbaproject" in content_type or "vbadata" in content_type:
        return ("macro", _MACRO)
    if "activex" in content_type:
        return ("activex", _ACTIVEX)
    if any(
        word in content_type
        for word in (
            "oleobject",
            "package+",
            ".package",
            "spreadsheetml",
            "presentationml",
            "ms-excel",
            "ms-powerpoint",
            "msword",
        )
    ):
        return ("ole", _OLE)
    if "keymapcustomizations" in content_type or "attachedtoolbars" in content_type:
        return ("macro", _MACRO)
    return None


def _is_image(data: bytes) -> bool:
    """Raster and metafile signatures (hand-written: a table of magic numbers)."""
    return (
        data.startswith((b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff", b"GIF87a", b"GIF89a", b"BM"))
        or data.startswith((b"II*\x00", b"MM\x00*", b"\xd7\xcd\xc6\x9a"))
        or (data[:4] == b"\x01\x00\x00\x00" and data[40:44] == b" EMF")
        or (data[:2] in (b"\x01\x00", b"\x02\x00") and data[2:4] == b"\x09\x00")
    )


def _source_of(rels_name: str) -> str:
    """``word/_rels/document.xml.rels`` → ``word/document.xml``; ``_rels/.rels`` → ``""``."""
    folder, base = posixpath.split(rels_name)
    return posixpath.join(posixpath.dirname(folder), base[: -len(".rels")]).lstrip("/")


def _check_rels(
    name: str, members: dict[str, bytes], lower_names: dict[str, str], plan: PackagePlan
) -> list[Finding]:
    root = plan.roots.get(name)
    if root is None or root.tag != f"{{{_REL_NS}}}Relationships":
        return [_package_error(name, "关系部件（.rels）不是合法的关系列表，Word 无法打开")]
    source = _source_of(name)
    ids: set[str] = set()
    found = []
    for rel in root.iter(f"{{{_REL_NS}}}Relationship"):
        rel_type = (rel.get("Type") or "").strip().lower()
        target = rel.get("Target") or ""
        ids.add(rel.get("Id") or "")
        kind = rel_type.rsplit("/", 1)[-1]
        external = (rel.get("TargetMode") or "internal").strip().lower() != "internal"
        if external:
            if rel_type == _HYPERLINK and is_safe_url(target):
                continue
            what = _EXTERNAL_KINDS.get(kind, f"外部关系（{kind}）")
            found.append(
                finding(
                    "external",
                    "error",
                    name,
                    f"模板含有{what}，指向外部地址「{target[:80]}」，打开或转换时会访问它；请删除该链接或改为嵌入的内容",
                )
            )
        elif kind in _REFUSED_RELS:
            code, message = _REFUSED_RELS[kind]
            found.append(finding(code, "error", name, f"{message}（关系 {kind} → {target}）"))
        elif rel_type not in RELATIONSHIPS:
            found.append(
                finding(
                    "relationship-type",
                    "error",
                    name,
                    f"关系类型「{rel.get('Type')}」不在公文模板允许的类型中（目标 {target}），出于安全原因拒绝使用",
                )
            )
        elif _resolve(source, target, members) is None:
            found.append(_package_error(name, f"关系指向的部件「{target}」不存在，Word 无法打开"))
    plan.rel_ids[source] = ids
    return found


def _resolve(source: str, target: str, members: dict[str, bytes]) -> str | None:
    for candidate in (target, unquote(target)):
        if candidate.startswith("/"):
            path = posixpath.normpath(candidate).lstrip("/")
        else:
            path = posixpath.normpath(posixpath.join(posixpath.dirname(source), candidate))
        if path in members and path != CONTENT_TYPES_PART:
            return path
    return None


def _check_main(members: dict[str, bytes], plan: PackagePlan) -> list[Finding]:
    root = plan.roots.get("_rels/.rels")
    if root is None:
        return [_package_error("_rels/.rels", "缺少包关系 _rels/.rels，不是有效的 Word 文档")]
    targets = [
        rel.get("Target") or ""
        for rel in root.iter(f"{{{_REL_NS}}}Relationship")
        if (rel.get("Type") or "").strip().lower() == _OFD + "officedocument"
    ]
    if len(targets) != 1:
        return [
            _package_error(
                "_rels/.rels", "包中应恰好有一个主文档（officeDocument 关系），不是有效的 Word 文档"
            )
        ]
    main = _resolve("", targets[0], members)
    if main is None or plan.roles.get(main) != "main":
        return [
            _package_error(main or targets[0], "主文档不存在或不是 Word 文档类型，Word 无法打开")
        ]
    plan.main = main
    return []


def _scan_xml_parts(plan: PackagePlan) -> list[Finding]:
    found = []
    for name, root in plan.roots.items():
        role = plan.roles.get(name)
        # relationship ids: in parts that have relationships or tags (styles and
        # themes have neither, and are the largest parts)
        checked = name in plan.rel_ids or role in TAG_ROLES
        rel_ids = plan.rel_ids.get(name, set()) if checked and role != "rels" else None
        found += scan_part(name, root, rel_ids)
    return found


def _as_document(types_xml: bytes, main: str) -> bytes:
    """[Content_Types].xml with the main part declared a document, not a template (.dotx)."""
    root = parse_xml(types_xml)
    for override in root.iter(f"{{{_CT_NS}}}Override"):
        if (override.get("PartName") or "").lower() == "/" + main.lower():
            override.set("ContentType", DOCUMENT_MAIN)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
