"""The fast paths of a verified conversion agree with the old ones (issue 20 §2).  快路径与旧路径一致。

- the byte-level rewrite of ``styles.xml`` (:func:`~doctemplates.pdf.punctuation.styles_fast`)
  gives the same XML as the lxml rewrite, and falls back where the spelling is not plain;
- unchanged members of the LibreOffice copy keep their compressed bytes;
- on every sample PDF, the one PDFium parse (:mod:`~doctemplates.pdf.pdfview`) gives the
  page count, the fonts, the page sizes and the page text that pypdf gave the page rules,
  the font report, the landscape turn and the page count before.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import docx
import pytest
from lxml import etree
from pypdf import PdfReader

from doctemplates.package import Member, read_package, write_package
from doctemplates.pdf import ConverterPool, PdfOptions, compare_text, convert, pdfview
from doctemplates.pdf._opc import W, parse_xml, plain_w
from doctemplates.pdf._pdfium import PDFIUM_LOCK
from doctemplates.pdf.fontreport import _faces, _faces_fast, requested_faces
from doctemplates.pdf.pdfview import PdfView, forget, pdf_view
from doctemplates.pdf.postprocess import _any_wide_page
from doctemplates.pdf.punctuation import (
    _defaults_ppr,
    _flip_all,
    _set_no_hanging,
    for_libreoffice,
    styles_fast,
)
from doctemplates.pdf.signature_fit import SignatureFitMode, signature_fit_report
from doctemplates.pdf.signature_fit_revise import _Document
from tests.pdf.conftest import needs_soffice
from tests.pdf.docs import cjk_docx

ROOT = Path(__file__).resolve().parents[2]
SHIPPED = sorted(ROOT.glob("doctemplates/templates/*.docx")) + sorted(
    ROOT.glob("pingyi_docs/templates/*.docx")
)


def _python_docx() -> bytes:
    out = io.BytesIO()
    docx.Document().save(out)
    return out.getvalue()


def _styles(document: bytes) -> bytes:
    return read_package(document)["word/styles.xml"]


def _slow(data: bytes) -> bytes:
    """The lxml rewrite (the path before the byte-level one)."""
    root = parse_xml(data, "styles")
    _flip_all(root)
    _set_no_hanging(_defaults_ppr(root))
    return etree.tostring(root)


def _c14n(data: bytes) -> bytes:
    return etree.tostring(etree.fromstring(data), method="c14n")


def _cases() -> Iterator[tuple[str, bytes]]:
    plain = _styles(_python_docx())
    yield "python-docx", plain
    yield "cjk", _styles(cjk_docx("x"))
    for path in SHIPPED:
        yield path.name, _styles(path.read_bytes())
    # the defaults already say it (as the project's layout does), in the other quotes
    said = plain.replace(
        b"<w:pPrDefault><w:pPr>",
        b"<w:pPrDefault><w:pPr><w:kinsoku/><w:overflowPunct w:val='0' />",
    )
    assert said != plain
    yield "defaults-said", said
    # a paragraph style that hangs, with another attribute before the value
    hangs = plain.replace(b"<w:pPr>", b'<w:pPr><w:overflowPunct w:extra="a&gt;b" w:val="off"/>', 1)
    assert hangs != plain
    yield "style-hangs", hangs


@pytest.mark.parametrize(("name", "data"), list(_cases()), ids=lambda v: str(v)[:20])
def test_styles_fast_equals_the_lxml_rewrite(name: str, data: bytes) -> None:
    fast = styles_fast(data)
    assert fast is not None, f"{name}: the fast path did not run"
    assert _c14n(fast) == _c14n(_slow(data))
    root = etree.fromstring(fast)
    values = {n.get(f"{{{W}}}val") for n in root.iter(f"{{{W}}}overflowPunct")}
    assert values == {"1"}
    default = root.find(f"{{{W}}}docDefaults/{{{W}}}pPrDefault/{{{W}}}pPr/{{{W}}}overflowPunct")
    assert default is not None


def _variants() -> Iterator[tuple[str, bytes]]:
    plain = _styles(_python_docx())
    yield (
        "comment",
        plain.replace(b"<w:docDefaults>", b"<!-- <w:overflowPunct/> --><w:docDefaults>"),
    )
    yield "cdata", plain.replace(b"</w:styles>", b"<![CDATA[<w:docDefaults>]]></w:styles>")
    yield "other-prefix", plain.replace(b"xmlns:w=", b"xmlns:x=").replace(b"<w:", b"<x:")
    yield "no-defaults", re.sub(rb"<w:docDefaults>.*?</w:docDefaults>", b"", plain, flags=re.S)
    yield (
        "two-declarations",
        plain.replace(b"<w:docDefaults>", b'<w:docDefaults xmlns:w="' + W.encode() + b'">'),
    )
    yield "odd-tag", plain.replace(b"<w:pPr>", b'<w:pPr><w:overflowPunct w:val="0" x/>', 1)


@pytest.mark.parametrize(("name", "data"), list(_variants()), ids=lambda v: str(v)[:20])
def test_styles_fast_declines_what_it_cannot_read_plainly(name: str, data: bytes) -> None:
    assert styles_fast(data) is None, name


def test_lxml_rewrite_still_serves_the_declined() -> None:
    document = _python_docx()
    parts = read_package(document)
    parts["word/styles.xml"] = parts["word/styles.xml"].replace(
        b"<w:docDefaults>", b"<!-- note --><w:docDefaults>"
    )
    copy = read_package(
        for_libreoffice(write_package([Member.deflate(n, c) for n, c in parts.items()]))
    )
    root = etree.fromstring(copy["word/styles.xml"])
    assert root.find(f".//{{{W}}}pPrDefault/{{{W}}}pPr/{{{W}}}overflowPunct") is not None


def test_copy_keeps_unchanged_members_compressed_as_they_were() -> None:
    document = _python_docx()
    copy = for_libreoffice(document)
    assert read_package(copy)["word/document.xml"] == read_package(document)["word/document.xml"]
    with zipfile.ZipFile(io.BytesIO(document)) as a, zipfile.ZipFile(io.BytesIO(copy)) as b:
        same = {i.filename: (i.CRC, i.compress_size) for i in a.infolist()}
        kept = [
            i.filename for i in b.infolist() if same.get(i.filename) == (i.CRC, i.compress_size)
        ]
        assert b.testzip() is None
    assert "word/stylesWithEffects.xml" in kept and "word/styles.xml" not in kept
    assert set(read_package(copy)) == set(read_package(document))


# ------------------------------------------------------------------ one PDF parse


def _pypdf_fonts(pdf: bytes) -> frozenset[str]:
    """The font report's reading before issue 20 §2: the pages' font resources (pypdf)."""
    names: set[str] = set()
    for page in PdfReader(io.BytesIO(pdf)).pages:
        resources = page.get("/Resources")
        fonts = resources.get_object().get("/Font") if resources else None
        for ref in (fonts.get_object() if fonts else {}).values():
            base = str(ref.get_object().get("/BaseFont", ""))
            if base:
                names.add(re.sub(r"^[A-Z]{6}\+", "", base.lstrip("/")))
    return frozenset(names)


def _chars(text: str) -> Counter[str]:
    return Counter(ch for ch in text if not ch.isspace())


def _sample_pdfs(pool: ConverterPool) -> Iterator[tuple[str, bytes]]:
    from pingyi_docs.rectification import KIND
    from tests.layout.contexts import context
    from tests.layout.contexts import render as render_to
    from tests.pingyi.conftest import sample

    yield "cjk-1", convert(cjk_docx("甲"), pool=pool).pdf
    yield "cjk-3", convert(cjk_docx("乙", pages=3), pool=pool).pdf
    yield "watermark", convert(cjk_docx("丙"), PdfOptions(watermark="征求意见稿"), pool=pool).pdf
    rectification = bytes(KIND.render(sample("rectification")))
    yield "rectification (landscape)", convert(rectification, pool=pool).pdf
    yield "unturned", convert(rectification, PdfOptions(turn_landscape=False), pool=pool).pdf
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        for fmt in ("文件", "信函", "命令", "纪要"):
            path = render_to(fmt, context(), Path(folder) / "doc.docx")
            yield fmt, convert(path.read_bytes(), pool=pool).pdf


def docx_reads(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """The sizes of the .docx the signature rule parses from now on (``_Document.read``)."""
    reads: list[int] = []
    original = _Document.read

    def counted(cls: type[_Document], data: bytes) -> _Document | None:
        reads.append(len(data))
        return original(data)

    monkeypatch.setattr(_Document, "read", classmethod(counted))
    return reads


@pytest.fixture(scope="module")
def sample_pdfs(pool: ConverterPool) -> list[tuple[str, bytes]]:
    return list(_sample_pdfs(pool))


@needs_soffice
@pytest.mark.pdf
def test_one_parse_reads_what_pypdf_read(sample_pdfs: list[tuple[str, bytes]]) -> None:
    assert len(sample_pdfs) >= 8
    turned = False
    for name, pdf in sample_pdfs:
        reader = PdfReader(io.BytesIO(pdf))
        wide = any(
            p.mediabox.width > p.mediabox.height and not p.rotation % 360 for p in reader.pages
        )
        turned |= any(
            p.rotation % 360 or p.mediabox.width > p.mediabox.height for p in reader.pages
        )
        with PDFIUM_LOCK:
            view = pdf_view(pdf)
            assert view.count == len(reader.pages), name
            if name == "watermark":
                # reportlab's overlay declares Helvetica and draws with the CJK face: pypdf
                # lists the declared font, PDFium the fonts of the text (the font report
                # reads the PDF before the watermark is drawn)
                assert _pypdf_fonts(pdf) - view.fonts() == {"Helvetica"}
                assert view.fonts() < _pypdf_fonts(pdf)
            else:
                assert view.fonts() == _pypdf_fonts(pdf), name
            for index, page in enumerate(reader.pages):
                assert _chars(view.text(index)) == _chars(page.extract_text() or ""), (name, index)
        assert _any_wide_page(pdf) == wide, name
        forget(pdf)
    assert turned  # the landscape samples are among them (a wide page, or one turned upright)


def _parts_with_fonts() -> Iterator[tuple[str, bytes]]:
    for name, document in [("python-docx", _python_docx()), ("cjk", cjk_docx("x"))] + [
        (p.name, p.read_bytes()) for p in SHIPPED
    ]:
        for part, data in read_package(document).items():
            if _FONT_PARTS.match(part) and b"rFonts" in data:
                yield f"{name}:{part}", data


_FONT_PARTS = re.compile(r"word/(styles|document|header\d*|footer\d*)\.xml$")


@pytest.mark.parametrize(("name", "data"), list(_parts_with_fonts()), ids=lambda v: str(v)[:40])
def test_requested_faces_read_by_spelling_equal_lxml(name: str, data: bytes) -> None:
    assert plain_w(data), name  # the fast path runs on what the project and python-docx write
    assert _faces_fast(data) == _faces(data)


def test_requested_faces_fall_back_where_the_spelling_is_not_plain() -> None:
    head = b'<?xml version="1.0"?><w:styles xmlns:w="' + W.encode() + b'">'
    plain = head + b'<w:rFonts w:hAnsi="B" w:eastAsia="A"/><w:rFonts w:ascii="C"/></w:styles>'
    assert _faces_fast(plain) == _faces(plain) == ["A", "B", "C"]  # eastAsia, ascii, hAnsi
    entity = plain.replace(b'"B"', b'"B&amp;D"')
    assert _faces_fast(entity) is None and _faces(entity) == ["A", "B&D", "C"]
    odd_tag = plain.replace(b'w:ascii="C"', b'w:ascii="C" x')
    assert _faces_fast(odd_tag) is None
    commented = plain.replace(b"</w:styles>", b"<!-- <w:rFonts w:ascii='X'/> --></w:styles>")
    assert not plain_w(commented)
    document = write_package([Member.deflate("word/styles.xml", commented)])
    assert requested_faces(document) == ["A", "B", "C"]  # lxml: the comment is no element


@needs_soffice
@pytest.mark.pdf
@pytest.mark.parametrize("mode", ["tighten", "keep"])
def test_signature_report_reuses_the_rules_reading(
    pool: ConverterPool, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, mode: SignatureFitMode
) -> None:
    """The report after the passes reads nothing the rule's last pass read, and says the same
    as a reading afresh."""
    from tests.pdf.test_signature_fit import _docx

    docx = _docx(tmp_path, "pushed", paragraphs=8, attachments=1, record=True)
    reads = docx_reads(monkeypatch)
    result = convert(docx, PdfOptions(signature_fit=mode), pool=pool)
    assert result.signature_fit is not None and result.signature_fit.action != "none"
    assert len(reads) == result.passes  # once per pass by the rule, not again by the report
    # the conversion closed its views: this report reads the .docx and the PDF afresh
    assert signature_fit_report(result.docx, result.pdf, mode) == result.signature_fit
    assert len(reads) == result.passes + 1


@needs_soffice
@pytest.mark.pdf
def test_each_pdf_is_parsed_once_per_conversion(
    pool: ConverterPool, monkeypatch: pytest.MonkeyPatch
) -> None:
    opened: list[int] = []
    original = PdfView.__init__

    def counting(self: PdfView, pdf: bytes) -> None:
        opened.append(len(pdf))
        original(self, pdf)

    monkeypatch.setattr(PdfView, "__init__", counting)
    reads = docx_reads(monkeypatch)
    result = convert(cjk_docx("丁", pages=3), pool=pool)
    # page rules, font report, verification, signature report and page count: one parse
    assert len(opened) == result.passes == 1
    # not our layout: no style named 成文日期, so neither the signature rule nor its report
    # parsed the .docx (signature_fit_revise._Document.without_chain)
    assert len(reads) == 0 and result.signature_fit is not None
    assert result.signature_fit.action == "none"
    assert result.pdf not in pdfview._views  # closed when the conversion ended
    assert compare_text(result.docx, result.pdf).ok
    assert len(opened) == 2 and result.pdf not in pdfview._views  # a check alone keeps nothing
