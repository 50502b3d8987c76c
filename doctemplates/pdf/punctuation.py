"""Line-end punctuation in LibreOffice: never hang, never lose a mark.  行末标点（避头尾、不悬挂）。

**The defect (issue 12, defect 1).**  LibreOffice 7.4 treats a CJK punctuation
mark that does not fit at the end of a full line as *hanging punctuation*
(paragraph property ``ParaIsHangingPunctuation``) and then does not paint the
hung glyph: the mark is missing from the page and from the PDF text layer.

**LibreOffice's inverted import.**  ECMA-376 §17.3.1.21 ``w:overflowPunct``:
on = punctuation may extend past the line end (hang).  LibreOffice's DOCX
import (writerfilter, ``PROP_PARA_IS_HANGING_PUNCTUATION = (nIntValue == 0)``)
maps it the other way round: ``w:val="1"`` → no hanging, ``w:val="0"`` → hanging.
Where nothing is said, LibreOffice hangs (its default is on).

**The project's choice.**  Chinese publications do not hang line-end marks
(W3C *Requirements for Chinese Text Layout* §3.1.7); the 避头尾 rule carries the
character before the mark down with it.  Our .docx says so the way Word and WPS
read it (``w:overflowPunct w:val="0"``, ``w:kinsoku`` in ``w:pPrDefault``,
:func:`doctemplates.layout.styles._doc_defaults`), and :func:`for_libreoffice`
rewrites the copy that LibreOffice converts so that LibreOffice reads the same
thing: every ``w:overflowPunct`` becomes ``w:val="1"`` and the document
defaults get one.  A plain ``soffice --convert-to pdf`` of a .docx saying
``overflowPunct=0`` — ours included — therefore loses marks; convert through
:func:`doctemplates.pdf.convert`.

Why a rewrite and not UNO: setting ``ParaIsHangingPunctuation`` on every style
and paragraph through the UNO bridge costs 1–2 ms per call (measured 0.1–0.5 s
per document, two to four times the conversion itself); the rewrite costs a few
milliseconds, works for the warm pool and the one-shot fallback alike, and
reaches paragraphs of table cells, headers, footers and frames through the
style hierarchy.  The sweep test ``tests/pdf/test_punctuation.py`` proves the
result on the page.
"""

from __future__ import annotations

import functools
import io
import re
import struct
import zipfile
from collections.abc import Mapping

from lxml import etree

from doctemplates.package import Member, read_package, write_package
from doctemplates.pdf._opc import W, main_part, parse_xml, plain_w, ppr_child, related_parts, w

__all__ = ["for_libreoffice", "no_hanging_xml", "styles_fast"]

_MARKER = b"overflowPunct"
_LOCAL = struct.Struct("<IHHHHHIIIHH")  # a zip local file header (APPNOTE 4.3.7)
_LOCAL_SIGNATURE = 0x04034B50
_STYLES = "styles"
_LIBREOFFICE_NO_HANGING = "1"  # inverted in LibreOffice: "1" means *no* hanging


def _set_no_hanging(ppr: etree._Element) -> None:
    node = ppr_child(ppr, "overflowPunct")
    node.set(w("val"), _LIBREOFFICE_NO_HANGING)


def _flip_all(root: etree._Element) -> None:
    for node in root.iter(w("overflowPunct")):
        node.set(w("val"), _LIBREOFFICE_NO_HANGING)


def _defaults_ppr(styles: etree._Element) -> etree._Element:
    """``w:docDefaults/w:pPrDefault/w:pPr``, created when missing."""
    defaults = styles.find(w("docDefaults"))
    if defaults is None:
        defaults = etree.Element(w("docDefaults"))
        styles.insert(0, defaults)
    default = defaults.find(w("pPrDefault"))
    if default is None:
        default = etree.SubElement(defaults, w("pPrDefault"))
    ppr = default.find(w("pPr"))
    if ppr is None:
        ppr = etree.SubElement(default, w("pPr"))
    return ppr


def _every_paragraph(root: etree._Element) -> None:
    """No style part to carry a default: say it on each paragraph."""
    for paragraph in root.iter(w("p")):
        ppr = paragraph.find(w("pPr"))
        if ppr is None:
            ppr = etree.Element(w("pPr"))
            paragraph.insert(0, ppr)
        _set_no_hanging(ppr)


_DECLARED = b'xmlns:w="' + W.encode() + b'"'
_FLIP = re.compile(
    rb"<w:overflowPunct(?P<attrs>(?:\s+[A-Za-z_][\w.:-]*\s*=\s*(?:\"[^\"<]*\"|'[^'<]*'))*)"
    rb"\s*(?P<end>/?>)"
)
_VAL = re.compile(rb"\s+w:val\s*=\s*(?:\"[^\"<]*\"|'[^'<]*')")
_DEFAULTS = re.compile(rb"<w:docDefaults\s*>.*?</w:docDefaults\s*>", re.DOTALL)


def _flipped(match: re.Match[bytes]) -> bytes:
    attrs = _VAL.sub(b"", match["attrs"])
    return b'<w:overflowPunct w:val="1"' + attrs + match["end"]


def styles_fast(data: bytes) -> bytes | None:
    """The styles part with no hanging punctuation, rewritten as bytes; None when unsure.

    The lxml parse and serialisation of a python-docx ``styles.xml`` (350 KiB of
    latent styles) was most of :func:`for_libreoffice`.  This rewrite touches only the
    ``w:overflowPunct`` elements and the small ``w:docDefaults`` element (parsed and
    changed with lxml, as :func:`no_hanging_xml` does), and copies the rest.  It runs
    only where the spelling is unambiguous — the ``w`` prefix bound once, to the
    WordprocessingML namespace, which is named nowhere else; no comments, CDATA,
    DOCTYPE or character references; every ``<w:overflowPunct`` a well-formed start
    tag; one ``w:docDefaults`` — and returns None otherwise (the lxml rewrite runs
    instead).  ``tests/pdf/test_punctuation.py`` checks both give the same XML.

    >>> styles_fast(b'<w:styles xmlns:w="%s"><!-- x --></w:styles>' % W.encode()) is None
    True
    """
    if not plain_w(data):
        return None
    if data.count(b"<w:overflowPunct") != len(_FLIP.findall(data)):
        return None
    data = _FLIP.sub(_flipped, data)
    found = list(_DEFAULTS.finditer(data))
    if len(found) != 1 or data.count(b"<w:docDefaults") != 1:
        return None
    start, end = found[0].span()
    try:
        wrapper = etree.fromstring(
            b"<w:styles " + _DECLARED + b">" + data[start:end] + b"</w:styles>"
        )
    except etree.XMLSyntaxError:
        return None  # another prefix inside the defaults: leave it to the full parse
    defaults = _defaults_ppr(wrapper)
    if defaults.find(w("overflowPunct")) is not None:
        return data  # already said, and flipped above
    _set_no_hanging(defaults)
    return data[:start] + etree.tostring(wrapper[0]) + data[end:]


def _no_hanging_styles(name: str, content: bytes) -> bytes:
    """The styles part ``name`` with no hanging punctuation (by spelling, or with lxml)."""
    fast = styles_fast(content)
    if fast is not None:
        return fast
    root = parse_xml(content, name)
    _flip_all(root)
    _set_no_hanging(_defaults_ppr(root))
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8")


# A batch converts documents of one template: their styles parts are the same bytes, so
# the rewrite and its compression are kept for the next document (issue 20 §2: 5 of the
# 7.6 ms of this step on the benchmark's python-docx document).  Keyed by the content
# itself (a hit compares every byte); parts over _MEMO_MAX are not kept.
_MEMO_MAX = 1 << 20
_styles_memo = functools.lru_cache(maxsize=8)(_no_hanging_styles)


@functools.lru_cache(maxsize=8)
def _deflated_memo(name: str, content: bytes) -> Member:
    return Member.deflate(name, content, level=1)


def _story_parts(parts: Mapping[str, bytes], main: str) -> list[str]:
    stories = [main]
    for kind in ("header", "footer", "footnotes", "endnotes", "numbering"):
        stories += related_parts(parts, main, kind)
    return stories


def no_hanging_xml(parts: dict[str, bytes]) -> dict[str, bytes]:
    """The parts LibreOffice must read as "no hanging punctuation" (changed ones only)."""
    main = main_part(parts)
    styles = related_parts(parts, main, _STYLES)
    changed: dict[str, bytes] = {}
    if styles:
        content = parts[styles[0]]
        rewrite = _styles_memo if len(content) <= _MEMO_MAX else _no_hanging_styles
        changed[styles[0]] = rewrite(styles[0], content)
    for name in _story_parts(parts, main):
        if name not in parts or (styles and _MARKER not in parts[name]):
            continue
        root = parse_xml(parts[name], name)
        if styles:
            _flip_all(root)
        else:
            _every_paragraph(root)
        changed[name] = etree.tostring(root, xml_declaration=True, encoding="UTF-8")
    return changed


def for_libreoffice(docx: bytes) -> bytes:
    """The copy of ``docx`` that LibreOffice converts: no hanging punctuation anywhere.

    Text, styles and everything else are unchanged; only ``w:overflowPunct``
    values (and one in the document defaults) differ.  Unchanged members keep their
    compressed bytes (no inflate and deflate again of pictures, fonts and
    ``stylesWithEffects.xml``: a third of this step on a python-docx document).
    """
    parts = read_package(docx)  # the bounds and name checks of every package read
    changed = no_hanging_xml(parts)
    raw = _raw_members(docx)
    styles = related_parts(parts, main_part(parts), _STYLES)[:1]
    return write_package(
        [_copied(name, content, changed, raw, styles) for name, content in parts.items()]
    )


def _copied(
    name: str, content: bytes, changed: dict[str, bytes], raw: dict[str, Member], kept: list[str]
) -> Member:
    """The member ``name`` of the LibreOffice copy; ``kept``: the styles part, whose
    rewrite (of at most _MEMO_MAX bytes) was kept for the next document.  Level 1: this
    copy lives for one conversion; compression speed matters more."""
    if name not in changed:
        return raw[name] if name in raw else Member.deflate(name, content, level=1)
    new = changed[name]
    if name in kept and len(content) <= _MEMO_MAX:
        return _deflated_memo(name, new)
    return Member.deflate(name, new, level=1)


def _raw_members(docx: bytes) -> dict[str, Member]:
    """The deflated members of ``docx`` as they are stored (compressed bytes, CRC, size).

    :mod:`zipfile` reads members only inflated; the local header gives where the
    compressed bytes start.  A member whose header disagrees with the central directory
    is left out (it is inflated and deflated again instead).
    """
    out: dict[str, Member] = {}
    with zipfile.ZipFile(io.BytesIO(docx)) as archive:
        for info in archive.infolist():
            if info.compress_type != zipfile.ZIP_DEFLATED or info.flag_bits & 0x1:
                continue
            at = info.header_offset
            header = docx[at : at + _LOCAL.size]
            if len(header) < _LOCAL.size:
                continue
            signature, *_, name_length, extra_length = _LOCAL.unpack(header)
            start = at + _LOCAL.size + name_length + extra_length
            data = docx[start : start + info.compress_size]
            if signature == _LOCAL_SIGNATURE and len(data) == info.compress_size:
                out[info.filename] = Member(info.filename, info.CRC, info.file_size, data)
    return out
