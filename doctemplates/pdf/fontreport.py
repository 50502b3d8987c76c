"""Which face stood in for which: read back from the PDF.  字体替换报告。

The faces a .docx asks for come from ``w:rFonts`` (``w:eastAsia``, ``w:ascii``,
``w:hAnsi``) in its styles, body, headers and footers.  The faces actually used
come from the PDF's font resources (``BaseFont`` without the ``ABCDEF+`` subset
prefix).  Each requested face is resolved with fontconfig under the same
configuration LibreOffice ran with and paired with the PDF font of that face.
"""

from __future__ import annotations

import functools
import io
import os
import re
import zipfile
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from lxml import etree

from doctemplates.fonts import fc_query
from doctemplates.gbt9704.fonts import FAMILIES, standard_face
from doctemplates.pdf._opc import plain_w
from doctemplates.pdf._pdfium import PDFIUM_LOCK
from doctemplates.pdf.pdfview import pdf_view

__all__ = [
    "FontReport",
    "FontUse",
    "font_report",
    "pdf_fonts",
    "requested_faces",
]

_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_PARTS = re.compile(r"word/(styles|document|header\d*|footer\d*|footnotes|endnotes)\.xml$")
_ATTRS = ("eastAsia", "ascii", "hAnsi")
_STYLE_WORDS = {
    "regular", "bold", "light", "medium", "semibold", "demibold", "extralight", "black",
    "heavy", "italic", "oblique", "bolditalic", "book", "normal", "vkana", "thin", "roman",
}  # fmt: skip
#: Other names of the standard faces (Windows / English), from :mod:`doctemplates.gbt9704.fonts`.
#: ``doctemplates/fonts/fonts.conf`` is generated from the same table and maps each to a free face.
STANDARD_ALIASES: dict[str, tuple[str, ...]] = {f.face: f.aliases for f in FAMILIES}


@dataclass(frozen=True)
class FontUse:
    """One requested face and the PDF font that rendered it.  请求字体与实际字体。

    ``used`` is the PDF ``BaseFont`` (None when the face rendered no text);
    ``family`` the fontconfig family it resolved to.
    """

    requested: str
    used: str | None
    family: str | None
    substituted: bool

    @property
    def standard(self) -> bool:
        """A GB/T 9704 standard face (or one of its aliases)."""
        return standard_face(self.requested) is not None


@dataclass(frozen=True)
class FontReport:
    """The substitution report of one conversion.  一次转换的字体报告。"""

    uses: tuple[FontUse, ...]
    pdf_fonts: frozenset[str] = field(default_factory=frozenset)

    @property
    def pairs(self) -> list[tuple[str, str]]:
        """``(requested, used)`` for every face that rendered text."""
        return [(u.requested, u.used) for u in self.uses if u.used]

    @property
    def substitutions(self) -> list[FontUse]:
        """Faces that rendered text in another face.  被替换的字体。"""
        return [u for u in self.uses if u.used and u.substituted]

    @property
    def standard_substitutions(self) -> list[FontUse]:
        """Standard GB/T 9704 faces that were replaced."""
        return [u for u in self.substitutions if u.standard]

    def describe(self) -> str:
        """One Chinese line per face: ``仿宋_GB2312 → Noto Serif CJK SC（替代）``."""
        lines = []
        for u in self.uses:
            if not u.used:
                lines.append(f"{u.requested} → （未用于 PDF 文字）")
            else:
                mark = "（替代）" if u.substituted else ""
                lines.append(f"{u.requested} → {u.family or u.used}{mark}")
        return "\n".join(lines)


def requested_faces(docx: bytes) -> list[str]:
    """Every face named by ``w:rFonts`` in the document, in first-seen order."""
    seen: dict[str, None] = {}
    with zipfile.ZipFile(io.BytesIO(docx)) as zf:
        for name in zf.namelist():
            if not _PARTS.match(name):
                continue
            data = zf.read(name)
            for face in _faces_memo(data) if len(data) <= _MEMO_MAX else _part_faces(data):
                seen.setdefault(face, None)
    return list(seen)


def _part_faces(data: bytes) -> tuple[str, ...]:
    """The faces ``w:rFonts`` name in one part, in order (by spelling where plain)."""
    faces = _faces_fast(data) if plain_w(data) else None
    return tuple(faces if faces is not None else _faces(data))


# Documents of one template share their styles part (350 KiB in a python-docx document):
# its faces are kept for the next report (issue 20 §2), keyed by the content itself.
_MEMO_MAX = 1 << 20
_faces_memo = functools.lru_cache(maxsize=16)(_part_faces)


def _faces(data: bytes) -> list[str]:
    root = etree.fromstring(data)
    return [
        value
        for el in root.iter(f"{{{_W}}}rFonts")
        for attr in _ATTRS
        if (value := el.get(f"{{{_W}}}{attr}"))
    ]


_RFONTS = re.compile(
    rb"<w:rFonts(?P<attrs>(?:\s+[A-Za-z_][\w.:-]*\s*=\s*(?:\"[^\"<]*\"|'[^'<]*'))*)\s*/?>"
)
_FACE_ATTR = re.compile(rb"\s+w:(eastAsia|ascii|hAnsi)\s*=\s*(?:\"([^\"<]*)\"|'([^'<]*)')")


def _faces_fast(data: bytes) -> list[str] | None:
    """:func:`_faces` read by spelling (a python-docx ``styles.xml`` is 350 KiB of latent
    styles; only its ``w:rFonts`` matter), or None where that is not plain: a tag the
    pattern does not read, or an entity in a value (``&amp;``)."""
    found = _RFONTS.findall(data) if b"<w:rFonts" in data else []
    if data.count(b"<w:rFonts") != len(found):
        return None
    faces = []
    for attrs in found:
        values = {m[1]: m[2] or m[3] for m in _FACE_ATTR.finditer(attrs)}
        for attr in _ATTRS:
            value = values.get(attr.encode())
            if value and b"&" in value:
                return None
            if value:
                faces.append(value.decode("utf-8"))
    return faces


def pdf_fonts(pdf: bytes) -> frozenset[str]:
    """``BaseFont`` names of the fonts of every page's text (subset prefix stripped).

    Read by PDFium from the PDF's shared view (:mod:`~doctemplates.pdf.pdfview`); pypdf
    read the same names from the pages' resources in 15–20 ms more per document.
    """
    with PDFIUM_LOCK:
        return pdf_view(pdf).fonts()


def _strip_subset(name: str) -> str:
    return re.sub(r"^[A-Z]{6}\+", "", name)


def font_key(name: str) -> str:
    """A comparable key for a PostScript name: style words and CJK region dropped.

    >>> font_key("BAAAAA+NotoSerifCJKjp-Regular-VKana") == font_key("NotoSerifCJKsc-Bold")
    True
    """
    parts = _strip_subset(name).split("-")
    while len(parts) > 1 and parts[-1].lower() in _STYLE_WORDS:
        parts.pop()
    key = re.sub(r"[^0-9a-z]", "", "".join(parts).lower())
    return re.sub(r"cjk(jp|sc|tc|kr|hk)$", "cjk", key)


@functools.lru_cache(maxsize=512)
def _resolve(face: str, fontconfig_file: str) -> tuple[str, tuple[str, ...]] | None:
    """``(postscript name, families)`` fontconfig picks for ``face``."""
    env = dict(os.environ, FONTCONFIG_FILE=fontconfig_file)
    out = fc_query(face, "%{postscriptname}|%{family}", env)
    if out is None:
        return None
    ps, _, families = out.partition("|")
    return (ps, tuple(families.split(","))) if ps else None


def _pick(pdf_names: Iterable[str], ps: str) -> str | None:
    key = font_key(ps)
    matches = sorted(n for n in pdf_names if font_key(n) == key)
    exact = [n for n in matches if n == ps]
    same_style = [n for n in matches if _style(n) == _style(ps)]  # Regular is not Bold
    best = exact or same_style or matches
    return best[0] if best else None


def _style(name: str) -> tuple[str, ...]:
    parts = [p.lower() for p in _strip_subset(name).split("-")[1:]]
    return tuple(p for p in parts if p in _STYLE_WORDS and p != "vkana")


def _use(face: str, resolved: tuple[str, tuple[str, ...]] | None, names: frozenset[str]) -> FontUse:
    if resolved is None:
        direct = _pick(names, face)
        return FontUse(face, direct, None, substituted=direct is None)
    ps, families = resolved
    used = _pick(names, ps)
    substituted = face not in families and standard_face(face) not in families
    return FontUse(face, used, families[0], substituted=substituted)


def font_report(docx: bytes, pdf: bytes, env: Mapping[str, str]) -> FontReport:
    """Pair each face the .docx asks for with the PDF font that rendered it."""
    names = pdf_fonts(pdf)
    config = env.get("FONTCONFIG_FILE", "")
    uses = tuple(_use(face, _resolve(face, config), names) for face in requested_faces(docx))
    return FontReport(uses, names)
