"""印章 (§7.3.5.1): the optional seal picture floats over 署名 and 成文日期, inside the 版心."""

from __future__ import annotations

import struct
import zlib
from pathlib import Path

import pdfplumber
import pytest

from doctemplates.assemble import data_for_kind
from doctemplates.data import load_data
from doctemplates.errors import DataError
from doctemplates.kinds import get_kind
from doctemplates.layout import geometry as g
from doctemplates.pdf import soffice_path, to_pdf
from tests.docxbuild import open_docx

SAMPLE = Path(__file__).resolve().parents[2] / "samples" / "notice.yaml"
MM = 25.4 / 72


def red_disc_png(size: int = 120) -> bytes:
    """A red disc on a transparent square (RGBA PNG), built without an imaging library."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    r = size / 2
    rows = b"".join(
        b"\x00"
        + b"".join(
            b"\xe6\x00\x12\xff"
            if (x - r + 0.5) ** 2 + (y - r + 0.5) ** 2 <= r * r
            else b"\x00\x00\x00\x00"
            for x in range(size)
        )
        for y in range(size)
    )
    header = struct.pack(">IIBBBBB", size, size, 8, 6, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(rows))
        + chunk(b"IEND", b"")
    )


def _sealed(tmp_path: Path, mode: str = "seal") -> bytes:
    (tmp_path / "seal.png").write_bytes(red_disc_png())
    kind = get_kind("document")
    data = data_for_kind(kind, load_data(SAMPLE))
    data["signature"] = {
        **data["signature"],
        "seal_mode": mode,
        "seal_image": str(tmp_path / "seal.png"),
    }
    return kind.render(data)


def test_seal_is_a_floating_picture_in_the_signature_paragraph(tmp_path: Path) -> None:
    document = open_docx(_sealed(tmp_path))
    (paragraph,) = [p for p in document.paragraphs if p._p.xpath(".//wp:anchor")]
    assert paragraph.style.name == "署名" and paragraph.text.strip() == "示例市科学技术局"
    (extent,) = paragraph._p.xpath(".//wp:anchor/wp:extent")
    assert int(extent.get("cx")) == g.mm_to_emu(g.SEAL_DIAMETER_MM)


def test_no_seal_without_seal_mode(tmp_path: Path) -> None:
    document = open_docx(_sealed(tmp_path, mode="none"))
    assert not any(p._p.xpath(".//wp:anchor") for p in document.paragraphs)


def test_missing_seal_file_names_the_field(tmp_path: Path) -> None:
    kind = get_kind("document")
    data = data_for_kind(kind, load_data(SAMPLE))
    data["signature"] = {
        **data["signature"],
        "seal_mode": "seal",
        "seal_image": str(tmp_path / "无.png"),
    }
    with pytest.raises(DataError, match="找不到印章图片") as info:
        kind.render(data)
    assert info.value.field == "signature.seal_image"


@pytest.mark.skipif(soffice_path() is None, reason="LibreOffice (soffice) 未安装")
def test_seal_covers_name_and_date_measured(tmp_path: Path) -> None:
    pdf = tmp_path / "sealed.pdf"
    pdf.write_bytes(to_pdf(_sealed(tmp_path)))
    with pdfplumber.open(pdf) as doc:
        page = next(p for p in doc.pages if p.images)
        (image,) = page.images
        words = page.extract_words()
    year = next(w for w in words if w["text"] == "2026")
    line = [w for w in words if abs(w["top"] - year["top"]) < 1 and w["x0"] >= year["x0"]]
    date = {"x0": year["x0"], "x1": max(w["x1"] for w in line), "top": year["top"]}
    centre_x = (image["x0"] + image["x1"]) / 2 * MM
    centre_y = (image["top"] + image["bottom"]) / 2 * MM
    assert abs((image["x1"] - image["x0"]) * MM - g.SEAL_DIAMETER_MM) < 0.5
    name = next(w for w in words if w["text"] == "示例市科学技术局")
    assert abs(centre_x - (name["x0"] + name["x1"]) / 2 * MM) < 1  # centred over the 署名
    # and over the date (whose width depends on the digits of the installed 仿宋 face)
    assert date["x0"] * MM < centre_x < date["x1"] * MM
    assert centre_y < date["top"] * MM  # 署名 and date below the seal's centre
    assert image["x1"] * MM <= g.PAGE_WIDTH_MM - g.MARGIN_RIGHT_MM + 0.5  # inside the 版心
