"""Hostile .docx packages written by hand (they bypass render's refusals).  绕过渲染检查的恶意文档。

Each package points LibreOffice at something outside the document: an
external image relationship (body, header, footnote, VML), ``INCLUDEPICTURE``
/ ``INCLUDETEXT`` / ``LINK`` / ``DDEAUTO`` fields (simple and complex), an
``attachedTemplate``, an altChunk (HTML or RTF) that loads a URL, a linked
OLE object.  ``{url}`` is an ``http://127.0.0.1:PORT/…`` address of a
listener that must receive nothing, or a ``file:///…`` path whose content
must not reach the PDF.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable
from dataclasses import dataclass

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
MAIN_CT = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
MARKER = "安全转换标记"  # visible text: the document did convert

_NS = (
    f'xmlns:w="{W_NS}" xmlns:r="{R_NS}" '
    'xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" '
    'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
    'xmlns:pic="http://schemas.openxmlformats.org/drawingml/2006/picture" '
    'xmlns:v="urn:schemas-microsoft-com:vml" xmlns:o="urn:schemas-microsoft-com:office:office"'
)


def _xml(body: str) -> str:
    return f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n{body}'


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace('"', "&quot;").replace("<", "&lt;")


def drawing(rid: str, *, link: bool) -> str:
    """An inline picture whose blip is ``r:link`` (linked) or ``r:embed`` to ``rid``."""
    attr = "r:link" if link else "r:embed"
    return (
        "<w:r><w:drawing><wp:inline><wp:extent cx='1905000' cy='1905000'/>"
        "<wp:docPr id='1' name='p'/><a:graphic>"
        "<a:graphicData uri='http://schemas.openxmlformats.org/drawingml/2006/picture'>"
        "<pic:pic><pic:nvPicPr><pic:cNvPr id='1' name='p'/><pic:cNvPicPr/></pic:nvPicPr>"
        f"<pic:blipFill><a:blip {attr}='{rid}'/><a:stretch><a:fillRect/></a:stretch></pic:blipFill>"
        "<pic:spPr><a:xfrm><a:off x='0' y='0'/><a:ext cx='1905000' cy='1905000'/></a:xfrm>"
        "<a:prstGeom prst='rect'/></pic:spPr></pic:pic></a:graphicData></a:graphic>"
        "</wp:inline></w:drawing></w:r>"
    )


def vml_image(rid: str, href: str) -> str:
    return (
        "<w:r><w:pict><v:shape style='width:100pt;height:100pt'>"
        f"<v:imagedata r:id='{rid}' o:href='{_escape(href)}'/></v:shape></w:pict></w:r>"
    )


def simple_field(instr: str) -> str:
    return f'<w:fldSimple w:instr="{_escape(instr)}"><w:r><w:t>旧结果</w:t></w:r></w:fldSimple>'


def complex_field(instr: str) -> str:
    return (
        "<w:r><w:fldChar w:fldCharType='begin'/></w:r>"
        f'<w:r><w:instrText xml:space="preserve"> {_escape(instr)} </w:instrText></w:r>'
        "<w:r><w:fldChar w:fldCharType='separate'/></w:r><w:r><w:t>旧结果</w:t></w:r>"
        "<w:r><w:fldChar w:fldCharType='end'/></w:r>"
    )


@dataclass
class Package:
    """A .docx assembled part by part."""

    body: list[str]
    rels: list[tuple[str, str, str, bool]]  # id, type, target, external
    header: str | None = None
    header_rels: list[tuple[str, str, str, bool]] | None = None
    settings_rels: list[tuple[str, str, str, bool]] | None = None
    attached_template: bool = False
    extra: dict[str, tuple[str, bytes]] | None = None  # name → (content type, data)

    def build(self) -> bytes:
        out = io.BytesIO()
        rels = list(self.rels)
        overrides = {"/word/document.xml": MAIN_CT}
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
            sect = "<w:sectPr>"
            if self.header is not None:
                rels.append(("rIdH", f"{REL}/header", "header1.xml", False))
                sect += "<w:headerReference w:type='default' r:id='rIdH'/>"
                overrides["/word/header1.xml"] = (
                    "application/vnd.openxmlformats-officedocument.wordprocessingml.header+xml"
                )
                z.writestr(
                    "word/header1.xml",
                    _xml(f"<w:hdr {_NS}><w:p>{self.header}</w:p></w:hdr>"),
                )
                z.writestr("word/_rels/header1.xml.rels", _rels(self.header_rels or []))
            sect += "<w:pgSz w:w='11906' w:h='16838'/></w:sectPr>"
            rels.append(("rIdS", f"{REL}/settings", "settings.xml", False))
            overrides["/word/settings.xml"] = (
                "application/vnd.openxmlformats-officedocument.wordprocessingml.settings+xml"
            )
            template = "<w:attachedTemplate r:id='rIdT'/>" if self.attached_template else ""
            z.writestr("word/settings.xml", _xml(f"<w:settings {_NS}>{template}</w:settings>"))
            if self.settings_rels:
                z.writestr("word/_rels/settings.xml.rels", _rels(self.settings_rels))
            for name, (content_type, data) in (self.extra or {}).items():
                overrides["/" + name] = content_type
                z.writestr(name, data)
            paragraphs = "".join(f"<w:p>{p}</w:p>" for p in self.body)
            marker = f"<w:p><w:r><w:t>{MARKER}</w:t></w:r></w:p>"
            z.writestr(
                "word/document.xml",
                _xml(f"<w:document {_NS}><w:body>{marker}{paragraphs}{sect}</w:body></w:document>"),
            )
            z.writestr("word/_rels/document.xml.rels", _rels(rels))
            z.writestr(
                "_rels/.rels",
                _rels([("rId1", f"{REL}/officeDocument", "word/document.xml", False)]),
            )
            z.writestr("[Content_Types].xml", _types(overrides))
        return out.getvalue()


def _rels(items: list[tuple[str, str, str, bool]]) -> str:
    lines = "".join(
        f'<Relationship Id="{rid}" Type="{kind}" Target="{_escape(target)}"'
        + (' TargetMode="External"' if external else "")
        + "/>"
        for rid, kind, target, external in items
    )
    return _xml(f'<Relationships xmlns="{PKG_REL}">{lines}</Relationships>')


def _types(overrides: dict[str, str]) -> str:
    items = "".join(f'<Override PartName="{k}" ContentType="{v}"/>' for k, v in overrides.items())
    return _xml(
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        '<Default Extension="png" ContentType="image/png"/>'
        f"{items}</Types>"
    )


IMAGE = f"{REL}/image"


def _image_body(url: str, *, link: bool) -> bytes:
    return Package([drawing("rIdX", link=link)], [("rIdX", IMAGE, url, True)]).build()


def _image_header(url: str) -> bytes:
    return Package(
        ["<w:r><w:t>正文</w:t></w:r>"],
        [],
        header=drawing("rIdX", link=True),
        header_rels=[("rIdX", IMAGE, url, True)],
    ).build()


def _image_header_embed(url: str) -> bytes:
    return Package(
        ["<w:r><w:t>正文</w:t></w:r>"],
        [],
        header=drawing("rIdX", link=False),
        header_rels=[("rIdX", IMAGE, url, True)],
    ).build()


def _vml(url: str) -> bytes:
    return Package([vml_image("rIdX", url)], [("rIdX", IMAGE, url, True)]).build()


def _field(kind: str, instr: str) -> Callable[[str], bytes]:
    build = simple_field if kind == "simple" else complex_field
    return lambda url: Package([build(instr.format(url=url))], []).build()


def _attached_template(url: str) -> bytes:
    return Package(
        ["<w:r><w:t>正文</w:t></w:r>"],
        [],
        attached_template=True,
        settings_rels=[("rIdT", f"{REL}/attachedTemplate", url, True)],
    ).build()


def _alt_chunk_html(url: str) -> bytes:
    html = f'<html><body><p>外部</p><img src="{_escape(url)}"/></body></html>'.encode()
    return (
        Package(
            ["<w:r><w:t>正文</w:t></w:r>"],
            [("rIdA", f"{REL}/aFChunk", "chunk.html", False)],
            extra={"word/chunk.html": ("text/html", html)},
        )
        .build()
        .replace(
            b"<w:p><w:r><w:t>\xe6\xad\xa3\xe6\x96\x87</w:t></w:r></w:p>",
            b"<w:altChunk r:id='rIdA'/>",
        )
    )


def _alt_chunk_external(url: str) -> bytes:
    return (
        Package(["<w:r><w:t>正文</w:t></w:r>"], [("rIdA", f"{REL}/aFChunk", url, True)])
        .build()
        .replace(
            b"<w:p><w:r><w:t>\xe6\xad\xa3\xe6\x96\x87</w:t></w:r></w:p>",
            b"<w:altChunk r:id='rIdA'/>",
        )
    )


def _ole_link(url: str) -> bytes:
    ole = (
        "<w:r><w:object><v:shape style='width:100pt;height:50pt'>"
        "<v:imagedata r:id='rIdX'/></v:shape>"
        "<o:OLEObject Type='Link' ProgID='Word.Document.12' ShapeID='s1' r:id='rIdO' UpdateMode='Always'/>"
        "</w:object></w:r>"
    )
    return Package(
        [ole], [("rIdO", f"{REL}/oleObject", url, True), ("rIdX", IMAGE, url, True)]
    ).build()


def _subdocument(url: str) -> bytes:
    return Package(["<w:subDoc r:id='rIdD'/>"], [("rIdD", f"{REL}/subDocument", url, True)]).build()


#: name → builder(url) for every class of external reference.
HOSTILE: dict[str, Callable[[str], bytes]] = {
    "image-body-link": lambda url: _image_body(url, link=True),
    "image-body-embed-external": lambda url: _image_body(url, link=False),
    "image-header-link": _image_header,
    "image-header-embed-external": _image_header_embed,
    "image-vml": _vml,
    "includepicture-simple": _field("simple", 'INCLUDEPICTURE "{url}" \\d'),
    "includepicture-complex": _field("complex", 'INCLUDEPICTURE "{url}" \\d'),
    "includepicture-merge": _field("complex", 'INCLUDEPICTURE "{url}" \\* MERGEFORMAT'),
    "includetext-simple": _field("simple", 'INCLUDETEXT "{url}"'),
    "includetext-complex": _field("complex", 'INCLUDETEXT "{url}"'),
    "link-field": _field("complex", 'LINK Word.Document.12 "{url}" "" \\a \\f 0 \\p'),
    "ddeauto-field": _field("complex", 'DDEAUTO "{url}" "x"'),
    "hyperlink-field": _field("complex", 'HYPERLINK "{url}"'),
    "attached-template": _attached_template,
    "altchunk-html-img": _alt_chunk_html,
    "altchunk-external": _alt_chunk_external,
    "ole-link": _ole_link,
    "subdocument": _subdocument,
}
