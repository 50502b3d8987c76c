"""命令（令）格式 (GB/T 9704 §10.2), measured in LibreOffice's PDF.

标志 ``示例市人民政府令`` red, its top 20 mm below the 版心 top (57 mm from the paper top);
the 令号 two blank lines under it; the text two blank lines under the 令号; no red line;
签发人签名章 (§7.3.5.3): two blank lines under the text, the stamp (name) right-indented
four 字, 职务 two 字 to its left, the date one blank line below, right-indented four 字.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from doctemplates.check import check_docx
from doctemplates.check.measure import measure_pdf
from doctemplates.check.pdf import check_pages
from doctemplates.errors import DataError
from doctemplates.gbt9704 import geometry as g
from doctemplates.kinds import get_kind
from doctemplates.model import OfficialDocument
from doctemplates.pdf import PdfOptions, convert

ROOT = Path(__file__).resolve().parents[2]
PITCH = g.twips_to_mm(g.LINE_PITCH_TWIPS)
ZI = g.twips_to_mm(g.ZI_TWIPS)
RIGHT = g.MARGIN_LEFT_MM + g.BAN_XIN_WIDTH_MM
TOL = 1.0


def _data() -> dict[str, object]:
    return yaml.safe_load((ROOT / "samples" / "order.yaml").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def order_pdf(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    from doctemplates.pdf import soffice_path
    from tests.pdf.conftest import pdfplumber  # noqa: F401  (skips without the [pdf] extra)

    if soffice_path() is None:
        pytest.skip("LibreOffice (soffice) is not installed")
    docx = bytes(get_kind("document").render({k: v for k, v in _data().items() if k != "kind"}))
    result = convert(docx, PdfOptions())
    path = tmp_path_factory.mktemp("order") / "order.pdf"
    path.write_bytes(result.pdf)
    return docx, measure_pdf(path)


def test_order_geometry(order_pdf) -> None:  # type: ignore[no-untyped-def]
    docx, pages = order_pdf
    first = pages[0]
    mark = first.find("示例市人民政府令")
    assert mark.is_red and abs(mark.top - (g.MARGIN_TOP_MM + 20)) <= TOL  # §10.2: 57 mm
    assert abs((mark.x0 + mark.x1) / 2 - (g.MARGIN_LEFT_MM + RIGHT) / 2) <= TOL  # centred
    number = first.find("第18号")
    assert abs((number.x0 + number.x1) / 2 - (g.MARGIN_LEFT_MM + RIGHT) / 2) <= TOL
    text = first.find("2026年以来")
    assert abs(text.top - number.top - 3 * PITCH) <= TOL  # two blank lines under the 令号
    # the 令号 two blank lines under the 标志, as the 发文字号 of a 文件 (§7.2.5)
    assert 2 * PITCH < number.top - mark.bottom < 3 * PITCH
    assert not [r for r in first.rules if r.is_red]  # no red line
    # 签发人签名章 (§7.3.5.3)
    stamp = next(ln for p in pages for ln in p.lines if ln.text.startswith("市长"))
    date = next(ln for p in pages for ln in p.lines if ln.text.strip() == "2026年11月25日")
    last = next(ln for p in pages for ln in p.lines if ln.text.endswith("更大贡献。"))
    assert abs(stamp.top - last.top - 3 * PITCH) <= TOL  # two blank lines under the text
    assert abs(stamp.x1 - (RIGHT - 4 * ZI)) <= TOL  # stamp right-indented four 字
    assert stamp.text.replace("市长", "", 1).startswith("　　")  # 职务 two 字 to its left
    assert abs(date.top - stamp.top - 2 * PITCH) <= TOL  # one blank line below
    assert abs(date.x1 - (RIGHT - 4 * ZI)) <= TOL
    assert check_pages(pages) == [] and check_docx(docx) == []


def test_checker_knows_the_order_format(order_pdf) -> None:  # type: ignore[no-untyped-def]
    """A 令 with its 标志 at the 文件 position, or a 发文字号 for a 令号, is an error."""
    from doctemplates.check.pdf import detect_pdf_format

    _, pages = order_pdf
    assert detect_pdf_format(pages) == "命令"
    moved = [
        type(p)(p.number, [_shift(ln, 15) if ln.is_red else ln for ln in p.lines], p.rules)
        for p in pages
    ]
    assert [f.rule for f in check_pages(moved)] == ["mark-position"]
    renumbered = [
        type(p)(p.number, [_retext(ln, "第18号", "示府〔2026〕18号") for ln in p.lines], p.rules)
        for p in pages
    ]
    assert [f.rule for f in check_pages(renumbered)] == ["order-number"]


def _shift(line, mm: float):  # type: ignore[no-untyped-def]
    from dataclasses import replace

    return replace(line, top=line.top + mm, bottom=line.bottom + mm)


def _retext(line, old: str, new: str):  # type: ignore[no-untyped-def]
    from dataclasses import replace

    return replace(line, text=new) if line.text == old else line


def test_order_model() -> None:
    data = _data()
    doc = OfficialDocument.model_validate({k: v for k, v in data.items() if k != "kind"})
    assert doc.format == "命令" and doc.order_number == "第18号" and doc.mark_suffix == "令"
    assert doc.signature is not None and doc.signature.seal_mode == "stamp"  # §10.2 签名章
    for written in (18, "18", "第 18 号", "第０18号"):
        assert (
            OfficialDocument.model_validate(
                {**doc.model_dump(), "order_number": written}
            ).order_number
            == "第18号"
        )
    base = {k: v for k, v in data.items() if k not in ("kind", "order_number")}
    with pytest.raises((DataError, ValueError), match="缺少令号"):
        OfficialDocument.model_validate(base)
    with pytest.raises((DataError, ValueError), match="令号只用于"):
        OfficialDocument.model_validate({**base, "format": "文件", "order_number": 3})
    with pytest.raises((DataError, ValueError), match="令号"):
        OfficialDocument.model_validate({**base, "order_number": "十八号"})
    sealed = {**base, "order_number": 18, "signature": {**data["signature"], "seal_mode": "seal"}}  # type: ignore[dict-item]
    assert get_kind("document").validate(sealed).signature.seal_mode == "seal"  # type: ignore[attr-defined]


def test_new_scaffolds_an_order_template(tmp_path: Path) -> None:
    from doctemplates.cli import app

    out = tmp_path / "政府令.docx"
    result = CliRunner().invoke(app, ["new", str(out), "--format", "命令"])
    assert result.exit_code == 0, result.output
    assert "命令格式" in result.output and check_docx(out.read_bytes()) == []
    from doctemplates.check.docx import detect_docx_format
    from doctemplates.check.ooxml import load_docx

    assert detect_docx_format(load_docx(out.read_bytes())) == "命令"


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("copy_number", "000001"),
        ("classification", "秘密"),
        ("urgency", "特急"),
        ("signers", ["王明远"]),
    ],
)
def test_order_refuses_what_it_cannot_show(field: str, value: object) -> None:
    """No lines 1–3 above a 标志 20 mm down, no 签发人: refused, not dropped (§10.2)."""
    data = {k: v for k, v in _data().items() if k != "kind"}
    with pytest.raises((DataError, ValueError), match="命令（令）格式不排") as info:
        OfficialDocument.model_validate({**data, field: value})
    assert field in str(info.value)


def test_order_recipients_under_the_order_number() -> None:
    from tests.docxbuild import open_docx

    data = {k: v for k, v in _data().items() if k != "kind"}
    document = open_docx(get_kind("document").render({**data, "recipients": ["各区人民政府"]}))
    texts = [p.text for p in document.paragraphs]
    number = texts.index("第18号")
    assert texts[number + 1 : number + 4] == ["", "", "各区人民政府："]
