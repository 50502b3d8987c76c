"""The allow-list tables of a template package: content types, relationships, refusals.  模板包允许的部件与关系。

Read by :mod:`.policy`, which judges a package against them.
"""

from __future__ import annotations

_CT_NS = "http://schemas.openxmlformats.org/package/2006/content-types"
_REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
_WML = "application/vnd.openxmlformats-officedocument.wordprocessingml."
_OFD = "http://schemas.openxmlformats.org/officedocument/2006/relationships/"
_PKG = "http://schemas.openxmlformats.org/package/2006/relationships/"
_MSO = "http://schemas.microsoft.com/office/"
MAIN_TYPES = (_WML + "document.main+xml", _WML + "template.main+xml")
DOCUMENT_MAIN = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
CONTENT_TYPES_PART = "[Content_Types].xml"

#: Allowed content types (lower case) → role.  Roles with tags: main, header,
#: footer, footnotes, endnotes, properties.
CONTENT_TYPES: dict[str, str] = {
    MAIN_TYPES[0]: "main",
    MAIN_TYPES[1]: "main",
    _WML + "header+xml": "header",
    _WML + "footer+xml": "footer",
    _WML + "footnotes+xml": "footnotes",
    _WML + "endnotes+xml": "endnotes",
    "application/vnd.openxmlformats-package.core-properties+xml": "properties",
    "application/vnd.openxmlformats-officedocument.extended-properties+xml": "properties",
    "application/vnd.openxmlformats-officedocument.custom-properties+xml": "properties",
    **dict.fromkeys(
        [
            _WML + name + "+xml"
            for name in (
                "styles",
                "settings",
                "websettings",
                "fonttable",
                "numbering",
                "comments",
                "commentsextended",
                "commentsids",
                "commentsextensible",
                "people",
                "document.glossary",
            )
        ]
        + [
            "application/vnd.ms-word.styleswitheffects+xml",
            "application/vnd.openxmlformats-officedocument.theme+xml",
            "application/vnd.openxmlformats-officedocument.customxmlproperties+xml",
            "application/xml",  # customXml items
            "text/xml",
        ],
        "xml",
    ),
    "application/vnd.openxmlformats-package.relationships+xml": "rels",
    "application/vnd.openxmlformats-officedocument.obfuscatedfont": "binary",
    _WML + "printersettings": "binary",
    **dict.fromkeys(
        [
            "image/png",
            "image/jpeg",
            "image/jpg",
            "image/pjpeg",
            "image/gif",
            "image/bmp",
            "image/x-bmp",
            "image/tiff",
            "image/x-emf",
            "image/emf",
            "image/x-wmf",
            "image/wmf",
        ],
        "image",
    ),
}
#: Templatable roles: parts whose tags are rendered.
TAG_ROLES = frozenset({"main", "header", "footer", "footnotes", "endnotes", "properties"})

#: Allowed relationship types (lower case).  External targets: hyperlink only.
RELATIONSHIPS = frozenset(
    [
        _OFD + name
        for name in (
            "officedocument",
            "extended-properties",
            "custom-properties",
            "styles",
            "settings",
            "websettings",
            "fonttable",
            "numbering",
            "header",
            "footer",
            "footnotes",
            "endnotes",
            "comments",
            "theme",
            "image",
            "customxml",
            "customxmlprops",
            "glossarydocument",
            "font",
            "printersettings",
            "hyperlink",
            "metadata/core-properties",
            "metadata/thumbnail",
        )
    ]
    + [
        _PKG + "metadata/core-properties",
        _PKG + "metadata/thumbnail",
        _MSO + "2007/relationships/styleswitheffects",
        _MSO + "2011/relationships/commentsextended",
        _MSO + "2016/09/relationships/commentsids",
        _MSO + "2018/08/relationships/commentsextensible",
        _MSO + "2011/relationships/people",
    ]
)
_HYPERLINK = _OFD + "hyperlink"

# Refused kinds with their own message, matched on the last segment of a type.
_MACRO = "模板含有宏（VBA）或宏相关部件，出于安全原因不能使用；请另存为不含宏的 .docx"
_ACTIVEX = "模板含有 ActiveX 控件，出于安全原因不能使用；请删除该控件"
_OLE = "模板嵌入了 OLE 对象或其他文档（如 Excel 表格），出于安全原因不能使用；请删除或改为图片、普通表格"
_REFUSED_RELS = {
    "vbaproject": ("macro", _MACRO),
    "wordvbadata": ("macro", _MACRO),
    "keymapcustomizations": ("macro", _MACRO),
    "attachedtoolbars": ("macro", _MACRO),
    "control": ("activex", _ACTIVEX),
    "activexcontrolbinary": ("activex", _ACTIVEX),
    "oleobject": ("ole", _OLE),
    "package": ("ole", _OLE),
}
_EXTERNAL_KINDS = {
    "attachedtemplate": "外部模板（attachedTemplate）",
    "image": "外部图片",
    "subdocument": "外部子文档（subDocument）",
    "oleobject": "外部链接的 OLE 对象",
    "package": "外部链接的嵌入对象",
    "afchunk": "外部插入内容（altChunk）",
    "frame": "外部框架（frame）",
    "hyperlink": "链接",
    "mailmergesource": "邮件合并数据源",
    "mailmergeheadersource": "邮件合并数据源",
}
_WNE = "{http://schemas.microsoft.com/office/word/2006/wordml}"
_MACRO_ROOTS = frozenset({_WNE + "vbaSuppData", _WNE + "tcg"})  # vbaData.xml, customizations
_MAGIC_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_MAGIC_ZIP = (b"PK\x03\x04", b"PK\x05\x06", b"PK\x07\x08")
