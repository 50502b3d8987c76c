"""印章 (§7.3.5.1): the optional seal picture floats over 署名 and 成文日期, inside the 版心."""

from __future__ import annotations

import itertools
import math
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


# --- 联合行文加盖印章 (§7.3.5.1) and 签发人签名章 (§7.3.5.3) ------------------------------
JOINT = ("示例市科学技术局", "示例市财政局", "示例市教育局")


def _joint(tmp_path: Path, organs: tuple[str, ...] = JOINT) -> bytes:
    kind = get_kind("document")
    data = data_for_kind(kind, load_data(SAMPLE))
    seals = []
    for i in range(len(organs)):
        (tmp_path / f"seal{i}.png").write_bytes(red_disc_png())
        seals.append(str(tmp_path / f"seal{i}.png"))
    data["organs"] = list(organs)
    data["signature"] = {"date": "2026-11-20", "seal_mode": "seal", "seal_images": seals}
    return kind.render(data)


def stamp_png(width: int = 150, height: int = 60) -> bytes:
    """A red striped signature-stamp picture (RGBA PNG), as :func:`red_disc_png`."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    rows = b"".join(
        b"\x00"
        + b"".join(
            b"\xe6\x00\x12\xff" if abs(y - height / 2) < height / 4 and x % 7 < 4 else b"\0" * 4
            for x in range(width)
        )
        for y in range(height)
    )
    header = struct.pack(">IIBBBBB", width, height, 8, 6, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(rows))
        + chunk(b"IEND", b"")
    )


def test_joint_seals_one_per_organ_in_rows(tmp_path: Path) -> None:
    """Each organ's 署名 carries its own floating seal, in one 署名 row (three fit)."""
    document = open_docx(_joint(tmp_path))
    rows = [p for p in document.paragraphs if p._p.xpath(".//wp:anchor")]
    assert len(rows) == 1 and len(rows[0]._p.xpath(".//wp:anchor")) == len(JOINT)
    assert [t.strip() for t in rows[0].text.split("\t") if t.strip()] == list(JOINT)


def test_joint_seal_count_must_match(tmp_path: Path) -> None:
    kind = get_kind("document")
    data = data_for_kind(kind, load_data(SAMPLE))
    (tmp_path / "a.png").write_bytes(red_disc_png())
    data["organs"] = list(JOINT)
    data["signature"] = {"date": "2026-11-20", "seal_images": [str(tmp_path / "a.png")]}
    with pytest.raises(DataError, match="应一一对应") as info:
        kind.validate(data)
    assert info.value.field == "signature.seal_images"


def _images(pdf: bytes, *texts: str) -> tuple[list[dict], list[dict], list[dict]]:  # type: ignore[type-arg]
    """Pictures and words of the page with pictures, and where each of ``texts`` is on it."""
    import io

    with pdfplumber.open(io.BytesIO(pdf)) as doc:
        page = next(p for p in doc.pages if p.images)
        found = [page.search(text, regex=False)[-1] for text in texts]
        return list(page.images), page.extract_words(), found


@pytest.mark.skipif(soffice_path() is None, reason="LibreOffice (soffice) 未安装")
@pytest.mark.parametrize("count", [2, 3, 4])
def test_joint_seals_measured(tmp_path: Path, count: int) -> None:
    """§7.3.5.1: seals paired with names (each centred on its 署名), not touching, inside the
    版心; the last over the last name and the 成文日期; the first row's top within one line
    of the text above."""
    organs = (*JOINT, "示例市农业农村局")[:count]
    images, words, names = _images(to_pdf(_joint(tmp_path, organs)), *organs)
    assert len(images) == count
    boxes = sorted(
        ([v * MM for v in (i["x0"], i["top"], i["x1"], i["bottom"])] for i in images),
        key=lambda b: (round(b[1]), b[0]),
    )
    left, right = g.MARGIN_LEFT_MM, g.PAGE_WIDTH_MM - g.MARGIN_RIGHT_MM
    for x0, _, x1, _ in boxes:
        assert left - 0.5 <= x0 and x1 <= right + 0.5 and abs(x1 - x0 - g.SEAL_DIAMETER_MM) < 0.5
    for a, b in itertools.combinations(boxes, 2):  # circles: centres a diameter apart at least
        ca = ((a[0] + a[2]) / 2, (a[1] + a[3]) / 2)
        cb = ((b[0] + b[2]) / 2, (b[1] + b[3]) / 2)
        assert math.dist(ca, cb) > g.SEAL_DIAMETER_MM
    for name, box in zip(names, boxes, strict=True):
        assert abs((box[0] + box[2]) / 2 - (name["x0"] + name["x1"]) / 2 * MM) < 1.5
        assert (box[1] + box[3]) / 2 < name["top"] * MM  # 署名 below the seal's centre
    year = next(w for w in words if w["text"].startswith("2026") and w["top"] * MM > boxes[-1][1])
    line = [w for w in words if abs(w["top"] - year["top"]) < 1 and w["x0"] >= year["x0"]]
    last, end = boxes[-1], max(w["x1"] for w in line) * MM
    centre = (last[0] + last[2]) / 2
    assert year["x0"] * MM < centre < end and (last[1] + last[3]) / 2 < year["top"] * MM
    above = max(w["bottom"] * MM for w in words if w["bottom"] * MM < boxes[0][1] + 1)
    assert boxes[0][1] - above < g.twips_to_mm(g.LINE_PITCH_TWIPS)  # within one line


@pytest.mark.skipif(soffice_path() is None, reason="LibreOffice (soffice) 未安装")
def test_signature_stamp_picture_measured(tmp_path: Path) -> None:
    """§7.3.5.3: the 签名章 picture right-indented four 字, 职务 two 字 to its left, the date
    one blank line below, right-indented four 字."""
    import yaml

    data = yaml.safe_load((SAMPLE.parent / "order.yaml").read_text(encoding="utf-8"))
    data.pop("kind")
    (tmp_path / "stamp.png").write_bytes(stamp_png())
    data["signature"]["seal_image"] = str(tmp_path / "stamp.png")
    document = get_kind("document").render(data)
    (paragraph,) = [p for p in open_docx(document).paragraphs if p._p.xpath(".//wp:anchor")]
    assert paragraph.text.strip() == "市长"  # the picture stands for the name
    (image,), words, _ = _images(to_pdf(document))
    zi = g.twips_to_mm(g.ZI_TWIPS)
    right = g.PAGE_WIDTH_MM - g.MARGIN_RIGHT_MM
    x0, top, x1, bottom = (
        v * MM for v in (image["x0"], image["top"], image["x1"], image["bottom"])
    )
    assert abs(x1 - (right - 4 * zi)) < 1 and abs(x1 - x0 - g.SIGNATURE_STAMP_WIDTH_MM) < 0.5
    title = next(w for w in words if w["text"] == "市长")
    assert abs(x0 - title["x1"] * MM - 2 * zi) < 1  # 职务 two 字 left of the stamp
    assert title["top"] * MM < (top + bottom) / 2 < title["bottom"] * MM  # on the 署名 line
    date = next(w for w in words if w["text"].startswith("2026年11月25日") or w["text"] == "2026")
    pitch = g.twips_to_mm(g.LINE_PITCH_TWIPS)
    assert abs((date["top"] - title["top"]) * MM - 2 * pitch) < 1  # one blank line between
