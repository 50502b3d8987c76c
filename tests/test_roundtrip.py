"""Office-suite round trip: every shipped template saved by LibreOffice still lints clean,
renders the same text as the original and gives the same PDF: page count, the page of the
版记 (even) and measured geometry — 版记 on the 版心 bottom, 标志 top, red line (issue 12,
defect 5: the 版记 page rule must not depend on a style id the office suite renames)."""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from doctemplates.check.measure import PageInfo, measure_pdf
from doctemplates.context import DocumentContext
from doctemplates.fieldnames import with_chinese_names
from doctemplates.gbt9704.patterns import BANJI_LINE
from doctemplates.kinds import FORMAT_TEMPLATES, template_resource
from doctemplates.layout import geometry as g
from doctemplates.lint import lint_template
from doctemplates.pdf import ConverterPool, convert_many
from doctemplates.render import Template
from tests.docxbuild import open_docx
from tests.layout.contexts import context
from tests.officesave import saved_by_libreoffice as office_save
from tests.shipped import sample_contexts

pytestmark = pytest.mark.skipif(
    shutil.which("soffice") is None, reason="LibreOffice (soffice) 未安装"
)


def _shipped() -> dict[str, tuple[Path, dict, type | None]]:
    """Template path, a context and the context type of every shipped template."""
    # the templates use the Chinese names: render with them, as a kind does
    document = with_chinese_names(context(), DocumentContext)
    shipped: dict[str, tuple[Path, dict, type | None]] = {
        f"document-{fmt}": (template_resource("doctemplates", name), document, DocumentContext)
        for fmt, name in FORMAT_TEMPLATES.items()
    }
    for kind, ctx in sample_contexts():
        shipped[kind.name] = (kind.default_template, ctx, kind.context_type)
    return shipped


SHIPPED = _shipped()


@pytest.fixture(scope="module")
def saved(tmp_path_factory: pytest.TempPathFactory) -> dict[str, bytes]:
    """Each template opened and saved as .docx by LibreOffice (one soffice call)."""
    work = tmp_path_factory.mktemp("roundtrip")
    return office_save({name: path for name, (path, _, _) in SHIPPED.items()}, work)


def _texts(data: bytes) -> list[str]:
    document = open_docx(data)
    texts = [p.text for p in document.paragraphs]
    texts += [c.text for t in document.tables for row in t.rows for c in row.cells]
    for section in document.sections:
        for part in (
            section.header,
            section.footer,
            section.even_page_header,
            section.even_page_footer,
            section.first_page_header,
            section.first_page_footer,
        ):
            texts += [p.text for p in part.paragraphs]
    # PAGE fields keep the office suite's cached result; Word/LibreOffice recompute them.
    return [re.sub(r"— \d+ —", "— N —", t) for t in texts]


@pytest.mark.parametrize("name", sorted(SHIPPED))
def test_shipped_template_lints_clean(name: str) -> None:
    path, _, context_type = SHIPPED[name]
    problems = [
        f
        for f in lint_template(path.read_bytes(), context_type=context_type)
        if f.severity != "info"
    ]
    assert problems == []


@pytest.mark.parametrize("name", sorted(SHIPPED))
def test_round_trip_lints_clean_and_renders_same_text(name: str, saved: dict[str, bytes]) -> None:
    path, ctx, context_type = SHIPPED[name]
    problems = [
        f for f in lint_template(saved[name], context_type=context_type) if f.severity != "info"
    ]
    assert problems == []
    assert _texts(Template.load(saved[name]).render(ctx)) == _texts(Template.load(path).render(ctx))


# --- the rendered PDFs --------------------------------------------------------------

_BANJI_LINE = BANJI_LINE  # the checker's own pattern (gbt9704.patterns)
TOL_MM = 0.5  # original vs saved
STANDARD_TOL_MM = 1.0  # against GB/T 9704 (the checker's tolerance)


@dataclass(frozen=True)
class Geometry:
    """What the round trip must keep, measured on the PDF (mm from the paper top)."""

    pages: int
    banji_page: int | None
    banji_bottom: float | None  # last separator line, or (信函: no lines) last glyph bottom
    banji_ruled: bool
    mark_top: float | None
    red_line: float | None


def _banji_bottom(page: PageInfo) -> tuple[float, bool]:
    lines = [ln for ln in page.lines if _BANJI_LINE.search(ln.text.strip())]
    top = min(ln.top for ln in lines)
    rules = [
        r.y + r.thickness / 2
        for r in page.rules
        if not r.is_red and r.length > 0.9 * g.BAN_XIN_WIDTH_MM and r.y > top - 10
    ]
    return (max(rules), True) if rules else (max(ln.bottom for ln in lines), False)


def geometry(pdf: bytes, tmp: Path) -> Geometry:
    path = tmp / "measured.pdf"
    path.write_bytes(pdf)
    pages = measure_pdf(path)
    banji = [p for p in pages if any(_BANJI_LINE.search(ln.text.strip()) for ln in p.lines)]
    first = pages[0]
    red_text = [ln for ln in first.lines if ln.is_red]
    red_rules = [r for r in first.rules if r.is_red and r.length > 100]
    bottom, ruled = _banji_bottom(banji[-1]) if banji else (None, False)
    return Geometry(
        pages=len(pages),
        banji_page=banji[-1].number if banji else None,
        banji_bottom=bottom,
        banji_ruled=ruled,
        mark_top=min(ln.top for ln in red_text) if red_text else None,
        red_line=min(r.y for r in red_rules) if red_rules else None,
    )


@pytest.fixture(scope="module")
def pool() -> Iterator[ConverterPool]:
    with ConverterPool(size=2, timeout=120) as shared:
        yield shared.start()


@pytest.fixture(scope="module")
def pdfs(saved: dict[str, bytes], pool: ConverterPool) -> dict[str, tuple[bytes, bytes]]:
    """(PDF of the original template, PDF of the saved one) for each template, rendered alike."""
    names = sorted(SHIPPED)
    documents = []
    for name in names:
        path, ctx, _ = SHIPPED[name]
        documents += [Template.load(path).render(ctx), Template.load(saved[name]).render(ctx)]
    results = convert_many(documents, pool=pool)  # page rules and text verification on
    return {name: (results[2 * i].pdf, results[2 * i + 1].pdf) for i, name in enumerate(names)}


def _on_ban_xin_bottom(bottom: float, ruled: bool) -> bool:
    """§7.4: the last 版记 line on the 版心 bottom (as the checker measures it: the last
    separator line ± 1 mm, or without lines the last glyph within one line above)."""
    if ruled:
        return abs(bottom - g.BAN_XIN_BOTTOM_MM) <= STANDARD_TOL_MM
    pitch = g.twips_to_mm(g.LINE_PITCH_TWIPS)
    return g.BAN_XIN_BOTTOM_MM - pitch <= bottom <= g.BAN_XIN_BOTTOM_MM + STANDARD_TOL_MM


def _close(a: float | None, b: float | None) -> bool:
    return (a is None and b is None) or (a is not None and b is not None and abs(a - b) <= TOL_MM)


@pytest.mark.pdf
@pytest.mark.parametrize("name", sorted(SHIPPED))
def test_round_trip_renders_the_same_pdf(
    name: str, pdfs: dict[str, tuple[bytes, bytes]], tmp_path: Path
) -> None:
    before, after = (geometry(pdf, tmp_path) for pdf in pdfs[name])
    assert (after.pages, after.banji_page) == (before.pages, before.banji_page)
    if before.banji_page is not None:
        assert before.banji_page % 2 == 0, "版记 on an even page"
        assert after.banji_ruled == before.banji_ruled
        for measured in (before, after):
            assert measured.banji_bottom is not None
            assert _on_ban_xin_bottom(measured.banji_bottom, measured.banji_ruled)
    assert _close(after.banji_bottom, before.banji_bottom)
    assert _close(after.mark_top, before.mark_top)
    assert _close(after.red_line, before.red_line)


def test_every_format_is_measured() -> None:
    """The round trip covers the 版记, the 标志 and the red line of each format."""
    formats = {name for name in SHIPPED if name.startswith("document-")}
    assert formats == {f"document-{fmt}" for fmt in FORMAT_TEMPLATES}


_LONG = "示例市科学技术局示例市科学技术局示例局"  # 30 pt and compressed: the size the save froze
_MARK_SUFFIX = {"文件": "文件", "纪要": "纪要", "命令": "令", "信函": ""}


@pytest.mark.pdf
def test_round_trip_keeps_a_long_marks_size_and_top(
    saved: dict[str, bytes], pool: ConverterPool, tmp_path: Path
) -> None:
    """A long organ name: the saved template prints the 标志 on one line, at the fitted size,
    with its top where the shipped template puts it (the spacer above the 标志 holds no
    size-dependent value a save could freeze; before, the top moved 0.77 mm)."""
    from doctemplates.layout import fit_mark

    documents, sizes = [], []
    for fmt, suffix in sorted(_MARK_SUFFIX.items()):
        fit = fit_mark(_LONG, suffix=suffix)
        ctx = with_chinese_names(context(organs=(_LONG,)), DocumentContext)
        ctx["header"].update(mark_suffix=suffix, mark_size=fit.size_pt, mark_scale=fit.scale_pct)
        path = SHIPPED[f"document-{fmt}"][0]
        documents += [
            Template.load(path).render(ctx),
            Template.load(saved[f"document-{fmt}"]).render(ctx),
        ]
        sizes.append(fit.size_pt)
    results = convert_many(documents, pool=pool)
    for i, size in enumerate(sizes):
        tops = []
        for result in results[2 * i : 2 * i + 2]:
            (tmp_path / "mark.pdf").write_bytes(result.pdf)
            marks = [ln for ln in measure_pdf(tmp_path / "mark.pdf")[0].lines if ln.is_red]
            assert len(marks) == 1 and _LONG in marks[0].text.replace(" ", "")
            assert marks[0].size == pytest.approx(size, abs=0.1)
            tops.append(marks[0].top)
        assert _close(*tops), tops
