"""The OFD package we write: structure, metadata, fonts, paths, pictures, determinism (issue 21)."""

from __future__ import annotations

import io
import re
import zipfile

import pytest
from fontTools.ttLib import TTFont
from lxml import etree
from PIL import Image

from doctemplates.ofd import OfdMetadata, convert, to_ofd
from doctemplates.pdf import ConverterPool, PdfOptions
from doctemplates.pdf import convert as pdf_convert
from tests.ofd.conftest import Doc

NS = {"ofd": "http://www.ofdspec.org/2016"}


def _parts(ofd: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(ofd)) as archive:
        assert archive.testzip() is None
        return {name: archive.read(name) for name in archive.namelist()}


def _xml(parts: dict[str, bytes], name: str) -> etree._Element:
    return etree.fromstring(parts[name])


def test_package_layout_and_metadata(samples: dict[str, Doc]) -> None:
    doc = samples["notice"]
    parts = _parts(to_ofd(doc.pdf, doc.metadata))
    assert list(parts)[:3] == ["OFD.xml", "Doc_0/Document.xml", "Doc_0/PublicRes.xml"]
    root = _xml(parts, "OFD.xml")
    assert root.get("Version") == "1.0" and root.get("DocType") == "OFD"
    info = root.find("ofd:DocBody/ofd:DocInfo", NS)
    assert info is not None
    assert re.fullmatch(r"[0-9a-f]{32}", info.findtext("ofd:DocID", namespaces=NS) or "")
    assert info.findtext("ofd:Title", namespaces=NS) == doc.metadata.title
    assert info.findtext("ofd:Author", namespaces=NS) == "示例市科学技术局"
    assert info.findtext("ofd:CreationDate", namespaces=NS) == "2026-11-20"
    custom = {c.get("Name"): c.text for c in info.iterfind("ofd:CustomDatas/ofd:CustomData", NS)}
    assert custom == {
        "文种": "通知",
        "发文字号": "示科发〔2026〕18号",
        "成文日期": "2026-11-20",
        "发文机关": "示例市科学技术局",
        "密级": "秘密",
        "保密期限": "1年",
        "紧急程度": "加急",
        "份号": "000123",
    }
    assert root.findtext("ofd:DocBody/ofd:DocRoot", namespaces=NS) == "Doc_0/Document.xml"
    document = _xml(parts, "Doc_0/Document.xml")
    assert (
        document.findtext("ofd:CommonData/ofd:PageArea/ofd:PhysicalBox", namespaces=NS)
        == "0 0 210 297"
    )
    pages = document.findall("ofd:Pages/ofd:Page", NS)
    assert [p.get("BaseLoc") for p in pages] == [
        f"Pages/Page_{i}/Content.xml" for i in range(len(pages))
    ]
    assert all(f"Doc_0/{p.get('BaseLoc')}" in parts for p in pages)


def test_ids_are_unique_and_max_unit_id_is_right(samples: dict[str, Doc]) -> None:
    parts = _parts(to_ofd(samples["plan"].pdf))
    ids = [
        int(i)
        for xml in parts.values()
        if xml[:5] == b"<?xml"
        for i in re.findall(rb' ID="(\d+)"', xml)
    ]
    assert len(ids) == len(set(ids))
    document = _xml(parts, "Doc_0/Document.xml")
    assert int(document.findtext("ofd:CommonData/ofd:MaxUnitID", namespaces=NS) or 0) == max(ids)


def test_landscape_pages_keep_their_turn(samples: dict[str, Doc]) -> None:
    """The 整改方案's task table pages are turned upright in the PDF, head to the left (§8,
    pdf.postprocess.turn_landscape_pages): A4 portrait pages whose text objects carry the
    quarter turn in their CTM."""
    parts = _parts(to_ofd(samples["rectification"].pdf))
    pages = [
        etree.fromstring(xml) for name, xml in sorted(parts.items()) if name.endswith("Content.xml")
    ]
    assert [p.findtext("ofd:Area/ofd:PhysicalBox", namespaces=NS) for p in pages] == [None] * len(
        pages
    )  # every page uses the document's portrait PageArea
    turned = [
        p
        for p in pages
        if any(
            t.findtext("ofd:TextCode", namespaces=NS) == "整改任务分解表"
            for t in p.iter(f"{{{NS['ofd']}}}TextObject")
        )
    ]
    assert turned
    text_objects = turned[0].iter(f"{{{NS['ofd']}}}TextObject")
    ctms = {tuple(t.get("CTM", "").split()[:4]) for t in text_objects}
    assert ctms == {("0", "-1", "1", "0")}


def test_every_text_object_has_position_font_size_colour(samples: dict[str, Doc]) -> None:
    parts = _parts(to_ofd(samples["notice"].pdf))
    page = _xml(parts, "Doc_0/Pages/Page_0/Content.xml")
    texts = page.findall(".//ofd:TextObject", NS)
    assert texts
    for text in texts:
        assert len(text.get("Boundary", "").split()) == 4
        assert text.get("Font") and float(text.get("Size", "0")) > 0
        assert text.find("ofd:FillColor", NS) is not None
        code = text.find("ofd:TextCode", NS)
        assert code is not None and code.get("X") is not None and code.get("Y") is not None
        if len(code.text or "") > 1:
            assert code.get("DeltaX")
    mark = next(t for t in texts if "文件" in "".join(t.itertext()))
    assert mark.find("ofd:FillColor", NS).get("Value") == "255 0 0"  # red 发文机关标志
    body = next(t for t in texts if "为进一步优化" in "".join(t.itertext()))
    assert abs(float(body.get("Size")) - 16 * 25.4 / 72) < 0.01  # 三号 = 16 pt


def test_red_separator_is_a_path(samples: dict[str, Doc]) -> None:
    parts = _parts(to_ofd(samples["notice"].pdf))
    page = _xml(parts, "Doc_0/Pages/Page_0/Content.xml")
    red = [
        p
        for p in page.iterfind(".//ofd:PathObject", NS)
        if any(c.get("Value") == "255 0 0" for c in p.iter("{*}StrokeColor", "{*}FillColor"))
    ]
    assert red, "the red separator line (分隔线) is missing"
    width = float(red[0].get("Boundary").split()[2])
    assert width > 150  # spans the 版心 (156 mm)


def test_fonts_are_embedded_subsets_whose_cmap_covers_the_text(samples: dict[str, Doc]) -> None:
    parts = _parts(to_ofd(samples["opinion"].pdf))
    public = _xml(parts, "Doc_0/PublicRes.xml")
    fonts = {f.get("ID"): f for f in public.iterfind("ofd:Fonts/ofd:Font", NS)}
    assert fonts
    used: dict[str, set[str]] = {}
    for name, xml in parts.items():
        if name.endswith("Content.xml"):
            for text in etree.fromstring(xml).iterfind(".//ofd:TextObject", NS):
                used.setdefault(text.get("Font"), set()).update("".join(text.itertext()))
    for font_id, font in fonts.items():
        file = font.findtext("ofd:FontFile", namespaces=NS)
        assert file, f"font {font.get('FontName')} is not embedded"
        tt = TTFont(io.BytesIO(parts[f"Doc_0/Res/{file}"]))
        cmap = tt.getBestCmap()
        assert all(ord(ch) in cmap for ch in used.get(font_id, ())), font.get("FontName")
        assert tt["OS/2"].fsType & 0x0302 == 0  # installable/editable, subsettable
        assert len(tt.getGlyphOrder()) < 2000  # a subset, not the whole CJK face


def test_same_input_same_bytes(samples: dict[str, Doc]) -> None:
    doc = samples["letter"]
    assert to_ofd(doc.pdf, doc.metadata) == to_ofd(doc.pdf, doc.metadata)


def test_same_document_same_bytes_from_two_conversions(
    samples: dict[str, Doc], ofd_pool: ConverterPool
) -> None:
    """LibreOffice stamps every PDF with a new /ID: two conversions of one .docx differ in
    bytes, yet they show the same document, and the OFD (DocID included) is the same."""
    doc = samples["letter"]
    again = pdf_convert(doc.docx, PdfOptions(), pool=ofd_pool).pdf
    assert again != doc.pdf
    first = convert(doc.pdf, doc.metadata, families=doc.families).ofd
    assert convert(again, doc.metadata, families=doc.families).ofd == first
    other = OfdMetadata(title=f"{doc.metadata.title}（修订）", author=doc.metadata.author)
    doc_id = _xml(_parts(first), "OFD.xml").findtext(
        "ofd:DocBody/ofd:DocInfo/ofd:DocID", namespaces=NS
    )
    changed = _xml(_parts(convert(doc.pdf, other, families=doc.families).ofd), "OFD.xml")
    assert changed.findtext("ofd:DocBody/ofd:DocInfo/ofd:DocID", namespaces=NS) != doc_id


def test_seal_is_an_image_object_with_transparency(variants: dict[str, Doc]) -> None:
    parts = _parts(to_ofd(variants["sealed"].pdf))
    res = _xml(parts, "Doc_0/DocumentRes.xml")
    (media,) = res.findall("ofd:MultiMedias/ofd:MultiMedia", NS)
    assert media.get("Type") == "Image"
    image = Image.open(
        io.BytesIO(parts[f"Doc_0/Res/{media.findtext('ofd:MediaFile', namespaces=NS)}"])
    )
    assert image.mode == "RGBA" and image.getextrema()[3][0] == 0  # transparent corners
    objects = [
        o for name, xml in parts.items() if name.endswith("Content.xml")
        for o in etree.fromstring(xml).iterfind(".//ofd:ImageObject", NS)
    ]  # fmt: skip
    (seal,) = objects
    assert seal.get("ResourceID") == media.get("ID")
    width = float(seal.get("Boundary").split()[2])
    assert abs(width - 42) < 0.5  # GB/T 9704 印章 diameter


def test_watermark_is_rotated_translucent_text(variants: dict[str, Doc]) -> None:
    parts = _parts(to_ofd(variants["watermark"].pdf))
    page = _xml(parts, "Doc_0/Pages/Page_0/Content.xml")
    marks = [
        t for t in page.iterfind(".//ofd:TextObject", NS) if "征求意见稿" in "".join(t.itertext())
    ]
    assert marks
    assert marks[0].get("CTM")  # rotated along the diagonal
    assert int(marks[0].find("ofd:FillColor", NS).get("Alpha")) < 255


def test_docx_input_goes_through_the_pdf_pipeline(samples: dict[str, Doc]) -> None:
    doc = samples["speech"]
    result = convert(doc.docx, doc.metadata)
    public = _xml(_parts(result.ofd), "Doc_0/PublicRes.xml")
    families = {f.get("FamilyName") for f in public.iterfind("ofd:Fonts/ofd:Font", NS)}
    # named after the faces fontconfig chose (the PDF font report), not the PostScript names
    assert families and families <= set(doc.families.values()), (families, doc.families)
    assert result.pages >= 1 and not result.notes


def test_metadata_without_kind() -> None:
    meta = OfdMetadata(title="关于开展检查的通报", urgency="特急")
    assert dict(meta.custom_data()) == {"文种": "通报", "紧急程度": "特急"}


@pytest.mark.parametrize(
    "title, kind", [("关于……的请示", "请示"), ("关于……的函", "函"), ("工作方案", None)]
)
def test_doc_type_from_title(title: str, kind: str | None) -> None:
    assert OfdMetadata(title=title).kind_of_document() == kind


def test_threads_give_the_same_bytes(samples: dict[str, Doc]) -> None:
    from concurrent.futures import ThreadPoolExecutor

    pdfs = [samples["letter"].pdf, samples["speech"].pdf] * 4
    expected = [to_ofd(pdf) for pdf in pdfs[:2]] * 4
    with ThreadPoolExecutor(4) as pool:
        assert list(pool.map(to_ofd, pdfs)) == expected
