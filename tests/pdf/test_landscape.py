"""§8: a landscape table page is turned upright with the table head at the left edge.

单页码表头在订口一边，双页码表头在切口一边 — the left edge of the sheet on odd and even
pages alike.  The 整改方案 sample puts its 整改任务分解表 on two landscape pages (5 and 6);
before this rule LibreOffice's PDF left them wide (842 × 595 pt), their head side up to the
printer driver.  Measured here: the pages are A4 portrait with no ``/Rotate``, every glyph's
matrix turned a quarter counter-clockwise (its top faces the left edge), the text inside
the portrait 版心, the head row (序号) left of the body rows.
"""

from __future__ import annotations

import io

import pytest
from pypdf import PdfReader, PdfWriter

from doctemplates.check.measure import Line, PageInfo, measure_pdf
from doctemplates.check.pdf import PdfView, check_pages
from doctemplates.check.pdf.page import landscape_heads
from doctemplates.gbt9704 import geometry as g
from doctemplates.pdf import PdfOptions, convert
from doctemplates.pdf.postprocess import turn_landscape_pages
from pingyi_docs.rectification import KIND
from tests.pdf.conftest import needs_soffice, pdfplumber
from tests.pingyi.conftest import sample

MM = 25.4 / 72
TOL = 1.0


@pytest.fixture(scope="module")
def turned(pool) -> bytes:  # type: ignore[no-untyped-def]
    return convert(bytes(KIND.render(sample("rectification"))), PdfOptions(), pool=pool).pdf


@needs_soffice
def test_table_pages_upright_head_left(turned: bytes) -> None:
    reader = PdfReader(io.BytesIO(turned))
    assert [round(float(p.mediabox.width)) for p in reader.pages] == [595] * len(reader.pages)
    assert all(not p.rotation for p in reader.pages)
    pages = measure_pdf(turned)
    assert [p.number for p in pages if p.landscape] == [5, 6]
    assert {p.head for p in pages if p.landscape} == {"left"}
    with pdfplumber.open(io.BytesIO(turned)) as pdf:
        for number in (5, 6):
            page = pdf.pages[number - 1]
            glyphs = [c for c in page.chars if c["text"].strip()]
            ups = {(round(c["matrix"][2]), round(c["matrix"][3])) for c in glyphs}
            assert ups == {(-1, 0)}  # every glyph's top faces the left edge
            body = [c for c in glyphs if not _page_number(c)]
            assert min(c["x0"] for c in body) * MM >= g.MARGIN_LEFT_MM - TOL
            assert max(c["x1"] for c in body) * MM <= g.PAGE_WIDTH_MM - g.MARGIN_RIGHT_MM + TOL
            assert min(c["top"] for c in body) * MM >= g.MARGIN_TOP_MM - TOL
            assert max(c["bottom"] for c in body) * MM <= g.BAN_XIN_BOTTOM_MM + TOL
            number_glyphs = "".join(c["text"] for c in glyphs if _page_number(c))
            assert str(number) in number_glyphs  # still numbered (turned with the page)
            head = next(c for c in body if c["text"] == "序")  # the head row's first cell
            xs = sorted(c["x0"] for c in body)
            assert head["x0"] < xs[len(xs) // 2]  # toward the left edge
    assert [f for f in check_pages(pages) if f.rule.startswith("landscape")] == []


def _page_number(ch: dict) -> bool:  # type: ignore[type-arg]
    return ch["text"] in "—0123456789" and ch["x0"] * MM > g.PAGE_WIDTH_MM - g.MARGIN_RIGHT_MM


def _pdf(*sizes: tuple[float, float]) -> bytes:
    writer = PdfWriter()
    for width, height in sizes:
        writer.add_blank_page(width, height)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def test_turn_only_wide_pages() -> None:
    portrait = _pdf((595, 842), (595, 842))
    assert turn_landscape_pages(portrait) == portrait  # nothing to turn: the same bytes
    mixed = PdfReader(io.BytesIO(turn_landscape_pages(_pdf((595, 842), (842, 595)))))
    sizes = [(round(float(p.mediabox.width)), round(float(p.mediabox.height))) for p in mixed.pages]
    assert sizes == [(595, 842), (595, 842)] and all(not p.rotation for p in mixed.pages)


def _sideways(number: int, head: str | None) -> PageInfo:
    line = Line("序号", 40.0, 45.6, 30.0, 40.0, 12.0, frozenset(), frozenset())
    return PageInfo(number, [line], [], landscape=True, head=head)


@pytest.mark.parametrize(
    ("head", "rules"),
    [("left", []), ("right", ["landscape-head"]), ("top", ["landscape-page"]), (None, [])],
)
@pytest.mark.parametrize("number", [5, 6])
def test_check_head_side(number: int, head: str | None, rules: list[str]) -> None:
    """Odd and even pages alike: head to the left; turned the other way an error, left wide
    (the printer decides) a warning."""
    found = list(landscape_heads(PdfView.of([_sideways(number, head)], "文件")))
    assert [f.rule for f in found] == rules
    assert all(f.location.page == number for f in found)
