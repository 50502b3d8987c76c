"""§7.3.5.5 署名页调整: the 署名 and 成文日期 stay on the page of the last body text, and
page 1 keeps body text (§7.3.2) — measured on LibreOffice PDFs (mm, pdfplumber).

Documents from :mod:`tests.layout.contexts`; each case states its precondition (where
the closing chain goes without the rule), so that a change of layout cannot turn a
test into one that passes for nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from doctemplates.check.measure import Line, PageInfo, measure_pdf
from doctemplates.check.pdf import check_pages
from doctemplates.findings import Finding
from doctemplates.layout import geometry as g
from doctemplates.package import Member, read_package, write_package
from doctemplates.pdf import ConverterPool, PdfOptions, PdfResult, convert
from doctemplates.pdf.pagerules import banji_on_even_page
from doctemplates.pdf.signature_fit import SignatureFit, SignatureFitReport
from tests.layout.contexts import context, render

pytestmark = pytest.mark.pdf

PITCH = g.twips_to_mm(g.LINE_PITCH_TWIPS)
DATE = "2026年11月23日"  # the 成文日期 in tests.layout.contexts (and its 印发日期)


def _docx(tmp: Path, name: str, **ctx: object) -> bytes:
    return render("文件", context(**ctx), tmp / f"{name}.docx").read_bytes()


@pytest.fixture(scope="module")
def docs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, bytes]:
    tmp = tmp_path_factory.mktemp("fit")
    return {
        # 一、heading + one paragraph: the chain (heading, paragraph, 署名) leaves page 1
        "short": _docx(tmp, "short", paragraphs=1, attachments=0, record=False, note=None),
        # a chain pushed from page 3 to page 4, two lines short
        "pushed": _docx(tmp, "pushed", paragraphs=8, attachments=1, record=True),
        # the chain needs 0.76 of the grid pitch on page 1: beyond the limit
        "tight": _docx(tmp, "tight", paragraphs=1, attachments=1, record=True),
    }


def _run(pool: ConverterPool, docx: bytes, **options: object) -> tuple[PdfResult, list[PageInfo]]:
    result = convert(docx, PdfOptions(**options), pool=pool)  # type: ignore[arg-type]
    return result, measure_pdf(result.pdf)


def _page_of(pages: list[PageInfo], text: str) -> int:
    """The page of the first line holding ``text`` (the 成文日期: the line that is it)."""
    return next(
        p.number
        for p in pages
        for ln in p.lines
        if (ln.text.replace(" ", "") == DATE if text == DATE else text in ln.text)
    )


def _body_pitches(page: PageInfo, after: float = 0.0) -> list[float]:
    """Distances between consecutive 三号 lines below ``after`` (mm)."""
    body = [ln for ln in page.lines if abs(ln.size - g.SIZE_SAN_HAO) < 0.6 and ln.top > after]
    body = [ln for ln in body if ln.bottom <= g.BAN_XIN_BOTTOM_MM + 1]
    return [b.top - a.top for a, b in zip(body, body[1:], strict=False)]


def _errors(pages: list[PageInfo], *rules: str) -> list[Finding]:
    return [
        f for f in check_pages(pages) if f.severity == "error" and (not rules or f.rule in rules)
    ]


def _title_bottom(page: PageInfo) -> float:
    return max(ln.bottom for ln in page.lines if ln.size >= 20 and not ln.is_red)


def test_one_paragraph_body_stays_on_page_one(pool: ConverterPool, docs: dict[str, bytes]):
    """A heading and one paragraph: without the rule the whole chain, heading included,
    goes to page 2 and page 1 has no body text; tightened, page 1 holds the body, the
    署名 and the date (the case of issue 12 that failed ``test_signature_centred_over_date``)."""
    _, before = _run(pool, docs["short"], page_rules=(banji_on_even_page,))
    assert _page_of(before, DATE) == 2 and _errors(before, "first-page-body")  # precondition
    result, pages = _run(pool, docs["short"])
    assert _page_of(pages, DATE) == 1 and _page_of(pages, "总体要求") == 1
    assert _errors(pages) == []
    fit = result.signature_fit
    assert fit is not None and fit.action == "tightened" and fit.page == 1
    assert g.SIGNATURE_FIT_MIN_PITCH <= (fit.pitch or 0) < 1
    pitches = _body_pitches(pages[0], after=_title_bottom(pages[0]))
    assert pitches and min(pitches) >= g.SIGNATURE_FIT_MIN_PITCH * PITCH - 0.3
    assert min(pitches) < PITCH - 0.2  # tightened indeed
    assert "第1页行距收紧为标准行距的" in fit.describe()


def test_pushed_chain_comes_back_and_only_its_page_is_tightened(
    pool: ConverterPool, docs: dict[str, bytes]
):
    """Pushed from page 3 (two lines free) to page 4: tightened, the last body paragraph,
    署名 and date are on page 3; pages 1–2 keep the 22-line grid; the 版记 is on an even
    page at the foot of the 版心."""
    _, before = _run(pool, docs["pushed"], signature_fit="keep")
    assert _page_of(before, DATE) == 4  # precondition: the chain went on
    free = g.BAN_XIN_BOTTOM_MM - max(ln.bottom for ln in before[2].lines if ln.top < 262)
    assert free > PITCH
    result, pages = _run(pool, docs["pushed"])
    assert result.signature_fit is not None and result.signature_fit.action == "tightened"
    assert _page_of(pages, DATE) == 3
    assert all(abs(p - PITCH) < 0.3 for p in _body_pitches(pages[1]))  # page 2: the grid
    assert len(_body_pitches(pages[1])) + 1 == g.LINES_PER_PAGE
    # page 3: the paragraphs wholly on it and the chain, one pitch within the limit (the
    # paragraph that began on page 2 keeps the grid; gaps are blank lines)
    tight = [p for p in _body_pitches(pages[2]) if p < 1.5 * PITCH]
    assert min(tight) >= g.SIGNATURE_FIT_MIN_PITCH * PITCH - 0.3
    assert len([p for p in tight if p < PITCH - 0.5]) >= 10
    assert len(pages) % 2 == 0 and _page_of(pages, "印发") == len(pages)
    assert _errors(pages) == []  # page-grid allows the tightened page, banji-bottom holds


def test_keep_mode_moves_the_chain_with_the_last_paragraph(
    pool: ConverterPool, docs: dict[str, bytes]
):
    """``signature_fit="keep"``: no line is tightened; 署名 and date go to page 4 with the
    last body paragraph, and the render report says so."""
    result, pages = _run(pool, docs["pushed"], signature_fit="keep")
    assert _page_of(pages, DATE) == 4
    body = [ln for ln in pages[3].lines if ln.x0 < g.MARGIN_LEFT_MM + 12 and ln.size < 17]
    assert body, "the last body paragraph is on the signature's page"
    for page in pages[:4]:
        assert all(abs(p - PITCH) < 0.3 or p > PITCH for p in _body_pitches(page))
    fit = result.signature_fit
    assert fit == SignatureFitReport("keep", "kept", 4)
    assert "第4页" in fit.describe() and "keep" in fit.describe()
    assert _errors(pages) == []


def test_beyond_the_limit_page_one_still_has_body(pool: ConverterPool, docs: dict[str, bytes]):
    """Needing 0.76 of the pitch, the rule does not tighten: it keeps the grid and splits
    the chain at the last body paragraph, so page 1 keeps its heading (§7.3.2) and the
    paragraph goes on with the 附件说明, 署名 and date (§7.3.5.5)."""
    _, before = _run(pool, docs["tight"], page_rules=(banji_on_even_page,))
    assert _errors(before, "first-page-body")  # precondition
    result, pages = _run(pool, docs["tight"])
    assert result.signature_fit is not None and result.signature_fit.action == "split"
    assert _page_of(pages, "总体要求") == 1
    assert _errors(pages) == []
    assert all(abs(p - PITCH) < 0.3 or p > PITCH for p in _body_pitches(pages[0]))
    assert "首页须有正文" in result.signature_fit.describe()


def _renamed_ids(docx: bytes) -> bytes:
    """As after an office-suite save: every style id renamed, names kept."""
    parts = read_package(docx)
    for old, new in (
        ("Zhengwen", "Style1"),
        ("H1", "Style2"),
        ("Signature", "Style3"),
        ("SignDate", "Style4"),
        ("GongwenTitle", "Style5"),
        ("DocNumber", "Style6"),
    ):
        for part in ("word/styles.xml", "word/document.xml"):
            for attr in ("w:val", "w:styleId"):
                parts[part] = parts[part].replace(
                    f'{attr}="{old}"'.encode(), f'{attr}="{new}"'.encode()
                )
    return write_package([Member.deflate(n, c) for n, c in parts.items()])


def test_styles_are_found_by_name_not_id(pool: ConverterPool, docs: dict[str, bytes]):
    renamed = _renamed_ids(docs["short"])
    assert b'"Signature"' not in read_package(renamed)["word/document.xml"]
    result, pages = _run(pool, renamed)
    assert result.signature_fit is not None and result.signature_fit.action == "tightened"
    assert _page_of(pages, DATE) == 1


def test_nothing_to_fit(pool: ConverterPool, tmp_path: Path):
    """A chain that fits where it falls: the rule changes nothing (no second pass for it)."""
    docx = _docx(tmp_path, "fits", paragraphs=3, attachments=1, record=False)
    result, pages = _run(pool, docx)
    assert result.signature_fit == SignatureFitReport("tighten", "none", _page_of(pages, DATE))
    assert result.passes == 1
    assert SignatureFit()(docx, result.pdf) is None


def test_a_revising_rule_makes_the_later_rules_wait(pool: ConverterPool, tmp_path: Path):
    """The first rule that revises wins the pass; the next rule sees a PDF *of* the revised
    document (the signature rule can change the page count the 版记 rule counts)."""
    docx = _docx(tmp_path, "order", paragraphs=3, attachments=0, record=False)
    added = "第二遍加上的一段"
    seen: list[bool] = []

    def first(document: bytes, pdf: bytes) -> bytes | None:
        parts = read_package(document)
        main = parts["word/document.xml"]
        if added.encode() in main:
            return None
        paragraph = f"<w:p><w:r><w:t>{added}</w:t></w:r></w:p><w:sectPr"
        parts["word/document.xml"] = main.replace(b"<w:sectPr", paragraph.encode(), 1)
        return write_package([Member.deflate(n, c) for n, c in parts.items()])

    def second(document: bytes, pdf: bytes) -> bytes | None:
        seen.append(any(added in ln.text for page in measure_pdf(pdf) for ln in page.lines))
        return None

    rules: tuple[Callable[[bytes, bytes], bytes | None], ...] = (first, second)
    result = convert(docx, PdfOptions(page_rules=rules), pool=pool)
    assert result.passes == 2 and seen == [True], seen


def test_a_full_odd_last_page_sends_the_banji_on_without_a_blank_page(pool: ConverterPool):
    """The corpus's proposal-reply-02: tightened, page 1 holds everything down to its last
    line and the 版记 — one page, odd, so the 版记 rule sends the 版记 to page 2.  Its page
    break must cost no line on page 1 (before: an empty line moved to a blank page 2 and
    the 版记 went to page 3)."""
    import re

    from doctemplates.data import data_dir
    from doctemplates.kinds import get_kind
    from tests.corpus.matrix import SAMPLES, all_cases

    case = next(c for c in all_cases() if c.id == "proposal-reply-02")
    kind = get_kind(case.kind)
    with data_dir(SAMPLES):
        docx = kind.render(kind.validate(case.data))
    result, pages = _run(pool, docx)
    assert result.signature_fit is not None and result.signature_fit.action == "tightened"
    blank = [
        p.number for p in pages if all(re.fullmatch(r"[—\s\d]+", ln.text.strip()) for ln in p.lines)
    ]
    assert blank == [] and len(pages) == 2
    assert _page_of(pages, "抄送") == 2 and not _errors(pages)


# --- check: the page-grid rule and a tightened signature page ------------------------------


def _lines(count: int, pitch: float, *, date: bool) -> PageInfo:
    top = g.MARGIN_TOP_MM + 3
    lines = [
        Line(
            "示" * 28,
            top + i * pitch,
            top + i * pitch + 5.6,
            28,
            184,
            16.0,
            frozenset(),
            frozenset(),
        )
        for i in range(count - 1)
    ]
    last = DATE if date else "示" * 10
    y = top + (count - 1) * pitch
    lines.append(Line(last, y, y + 5.6, 140, 170, 16.0, frozenset(), frozenset()))
    return PageInfo(2, lines, [])


@pytest.mark.parametrize(
    ("count", "ratio", "date", "flagged"),
    [
        (22, 1.0, False, False),
        (24, 0.9, True, False),  # the signature page, tightened within the limit
        (24, 0.9, False, True),  # not the signature page: 22 lines at most
        (24, 0.8, True, True),  # tighter than the limit
        (26, 0.85, True, True),  # more lines than the limit allows
    ],
)
def test_page_grid_allows_the_tightened_signature_page(count, ratio, date, flagged) -> None:
    from doctemplates.check.pdf import PdfView, page

    view = PdfView.of([_lines(count, ratio * PITCH, date=date)], "文件")
    found = [f.rule for f in page.grid(view)]
    assert ("page-grid" in found) is flagged


# --- the command line: --signature-fit and the render report ---------------------------------

_ONE_LINE = """\
kind: document
organs: 示例市科学技术局
doc_number: 示科发〔2026〕87号
signers: [王明远]
title: 示例市科学技术局关于开展科技服务提质增效行动的通知
recipients: [示例市人民政府]
body:
  - paragraphs: ["特此通知。"]
attachments:
  - title: 科技服务提质增效行动任务清单
signature: {date: 2026-11-20, seal_mode: stamp, signer_title: 局长}
"""


@pytest.mark.parametrize(
    ("mode", "said"),
    [
        (None, "署名页调整（§7.3.5.5）：第1页行距收紧为标准行距的"),
        ("keep", "首页须有正文"),
    ],
)
def test_render_pdf_reports_the_choice(tmp_path: Path, mode: str | None, said: str) -> None:
    """``render --pdf``: a one-line body whose 附件说明 and 签发人签名章 do not fit under it
    (0.91 of the grid pitch would hold them); the report line says what was done: tightened
    by default, the chain split with keep (page 1 keeps its body either way)."""
    from typer.testing import CliRunner

    from doctemplates.cli import app

    data = tmp_path / "d.yaml"
    data.write_text(_ONE_LINE, encoding="utf-8")
    out = tmp_path / "通知.docx"
    args = ["render", "document", str(data), "-o", str(out), "--pdf"]
    result = CliRunner().invoke(app, args + (["--signature-fit", mode] if mode else []))
    assert result.exit_code == 0, result.output
    assert said in result.stderr
    pages = measure_pdf(out.with_suffix(".pdf"))
    assert _errors(pages) == []
    assert _page_of(pages, "特此通知") == 1


def test_render_refuses_an_unknown_choice(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from doctemplates.cli import app

    data = tmp_path / "d.yaml"
    data.write_text(_ONE_LINE, encoding="utf-8")
    args = ["render", "document", str(data), "-o", str(tmp_path / "a.docx"), "--pdf"]
    result = CliRunner().invoke(app, [*args, "--signature-fit", "squeeze"])
    assert result.exit_code == 2
    assert "--signature-fit 只能是 keep、tighten" in result.stderr
    assert not (tmp_path / "a.docx").exists()
