"""Measured layout of rendered documents in LibreOffice (mm, ±1 mm; §1–§6)."""

from __future__ import annotations

import pytest

from doctemplates.layout import fit_mark
from doctemplates.layout import geometry as g
from doctemplates.pdf import soffice_path as find_soffice
from tests.docxbuild import pdf_in as convert_to_pdf

from .contexts import body_items, context, render
from .pdfmeasure import PageInfo, measure_pdf

pytestmark = [
    pytest.mark.pdf,
    pytest.mark.skipif(find_soffice() is None, reason="LibreOffice (soffice) not installed"),
]
TOL = 1.0
RED = (1.0, 0.0, 0.0)


def _pdf(tmp_path_factory, fmt: str, ctx: dict, name: str) -> list[PageInfo]:
    d = tmp_path_factory.mktemp(name)
    return measure_pdf(convert_to_pdf(render(fmt, ctx, d / f"{name}.docx"), d))


@pytest.fixture(scope="module")
def wenjian(tmp_path_factory):
    ctx = context(paragraphs=8, annexes=1)
    ctx["body"] = body_items(12, headings=False)  # page 2 full of plain text
    return _pdf(tmp_path_factory, "文件", ctx, "wj")


def _red_rules(page: PageInfo):
    return [r for r in page.rules if r.color and tuple(round(c, 2) for c in r.color) == RED]


def test_mark_top_72mm(wenjian):
    """§2.4: 标志 glyph top 35 mm below the 版心 top = 72 mm from the paper top."""
    assert wenjian[0].find("文件").top == pytest.approx(72, abs=TOL)


def test_red_line(wenjian):
    """§2.7: red line 156 mm from x = 28 mm, 4 mm under the 文号."""
    number = wenjian[0].find("示科发")
    rule = _red_rules(wenjian[0])[0]
    assert rule.x0 == pytest.approx(28, abs=TOL)
    assert rule.length == pytest.approx(156, abs=TOL)
    assert rule.y - number.bottom == pytest.approx(4, abs=TOL)


def test_body_left_edge_and_grid(wenjian):
    """§1: text at x = 28 mm; a full page holds 22 lines of 28 字."""
    page = wenjian[1]  # page 2: body only (page 1 carries the 版头)
    body = [ln for ln in page.lines if abs(ln.size - g.SIZE_SAN_HAO) < 0.1]
    assert len(body) == g.LINES_PER_PAGE
    assert min(ln.x0 for ln in body) == pytest.approx(28, abs=TOL)
    full = [ln.text.rstrip("。，、；：") for ln in body if ln.x0 < 29]
    assert max(len(t) for t in full) == g.CHARS_PER_LINE


def test_page_numbers(wenjian):
    """§5: 7 mm below the 版心; odd right / even left, one 字 in."""
    zi_mm = g.twips_to_mm(g.ZI_TWIPS)
    odd, even = wenjian[0].find("— 1 —"), wenjian[1].find("— 2 —")
    for line in (odd, even):
        assert line.top == pytest.approx(g.BAN_XIN_BOTTOM_MM + 7, abs=TOL)
    assert odd.x1 == pytest.approx(184 - zi_mm, abs=TOL)
    assert even.x0 == pytest.approx(28 + zi_mm, abs=TOL)


def test_annex_starts_new_page(wenjian):
    """§3: 附件 on a new page, label on line 1."""
    page = next(p for p in wenjian if any(ln.text == "附件1" for ln in p.lines))
    assert page.lines[0].text == "附件1"
    assert page.lines[0].x0 == pytest.approx(28, abs=TOL)


@pytest.mark.parametrize("paragraphs", [1, 5, 9])
def test_banji_on_bottom_edge(tmp_path_factory, paragraphs):
    """§4: the last 版记 line on the 版心 bottom (262 mm), body ending high or low."""
    pages = _pdf(
        tmp_path_factory,
        "文件",
        context(paragraphs=paragraphs, attachments=0),
        f"bj{paragraphs}",
    )
    last = pages[-1]
    black = [r for r in last.rules if not r.color or max(r.color) < 0.1]
    assert len(black) == 3
    assert black[-1].y + black[-1].thickness / 2 == pytest.approx(262, abs=TOL)
    assert last.find("印发").bottom < 262


@pytest.mark.parametrize("n", [8, 16, 24])
def test_mark_one_line(tmp_path_factory, n):
    """§2.4: 8-, 16- and 24-character names stay on one line inside the 版心."""
    name = ("示例市科学技术局" * 3)[:n]
    pages = _pdf(tmp_path_factory, "文件", context(organs=(name,), paragraphs=1), f"m{n}")
    mark = pages[0].find("文件")
    assert mark.text.endswith(name[-3:] + "文件")
    assert mark.x0 >= 28 - TOL and mark.x1 <= 184 + TOL
    assert mark.top == pytest.approx(72, abs=TOL)
    assert mark.size == pytest.approx(fit_mark(name).size_pt, abs=0.1)


def test_letter_format(tmp_path_factory):
    """§6 信函: 标志 30 mm from the top, double lines 170 mm, no page number on page 1."""
    ctx = context(paragraphs=8, attachments=0)
    ctx["header"]["mark_suffix"] = ""
    pages = _pdf(tmp_path_factory, "信函", ctx, "xh")
    first = pages[0]
    assert first.find("示例市科学技术局").top == pytest.approx(30, abs=TOL)
    reds = _red_rules(first)
    assert all(r.length == pytest.approx(170, abs=TOL) for r in reds)
    upper = min(r.y for r in reds)
    lower = max(r.y for r in reds)
    assert upper - first.find("示例市科学技术局").bottom == pytest.approx(4, abs=TOL)
    assert lower == pytest.approx(297 - 20, abs=TOL)
    assert not any(ln.text.startswith("—") for ln in first.lines)
    assert any(ln.text == "— 2 —" for ln in pages[1].lines)


_ORGANS = ("示例市科学技术局", "示例市财政局", "示例市教育局")


@pytest.mark.parametrize("organs", [1, 2, 3])
def test_joint_letter_mark_stacked(tmp_path_factory, organs: int) -> None:
    """§10.1 信函, 联合行文 as §7.2.4: one organ a line (never broken inside a name), red,
    centred, all in the size :func:`fit_mark` gives, the first 30 mm from the paper top;
    the upper double line (170 mm) 4 mm under the *last* 标志 line; ``check`` agrees."""
    from doctemplates.check.pdf import check_pages
    from doctemplates.kinds import get_kind

    names = _ORGANS[:organs]
    kind = get_kind("document")
    data = {
        "format": "信函",
        "organs": list(names),
        "title": "关于开展科技服务提质增效行动的函",
        "doc_number": "示科函〔2026〕7号",
        "body": [{"paragraphs": ["现将有关事项函告如下，请予支持。"]}],
        "signature": {"date": "2026-11-20", "seal_mode": "none"},
    }
    d = tmp_path_factory.mktemp(f"letter-joint-{organs}")
    path = d / "joint.docx"
    path.write_bytes(kind.render(kind.validate(data)))
    first = measure_pdf(convert_to_pdf(path, d))[0]
    marks = [ln for ln in first.lines if ln.is_red]
    assert [ln.text.replace(" ", "") for ln in marks] == list(names)
    assert marks[0].top == pytest.approx(g.LETTER_MARK_TOP_MM, abs=TOL)
    size = fit_mark(max(names, key=len), suffix=" " if organs > 1 else "").size_pt
    for line in marks:
        assert line.size == pytest.approx(size, abs=0.1)
        assert (line.x0 + line.x1) / 2 == pytest.approx(28 + 156 / 2, abs=TOL)
        assert line.x0 >= 28 - TOL and line.x1 <= 184 + TOL
    for upper, lower in zip(marks, marks[1:], strict=False):
        assert lower.top == pytest.approx(upper.bottom, abs=TOL)  # stacked, line under line
    reds = _red_rules(first)
    assert all(r.length == pytest.approx(g.LETTER_LINE_LENGTH_MM, abs=TOL) for r in reds)
    upper_line = min(r.y for r in reds)
    assert upper_line - marks[-1].bottom == pytest.approx(g.LETTER_LINE_GAP_MM, abs=TOL)
    assert first.find("示科函").top > upper_line  # the 文号 under the double line
    assert [f for f in check_pages([first], "信函") if f.rule == "letter-lines"] == []


def test_upward_and_joint(tmp_path_factory):
    """§2.4 联合行文 stacked; §2.6 上行文 文号 one 字 in, 签发人 right; red line full width."""
    organs = ("示例市科学技术局", "示例市财政局")
    pages = _pdf(
        tmp_path_factory,
        "文件",
        context(organs=organs, signers=("张三",), paragraphs=1),
        "joint",
    )
    first = pages[0]
    assert first.find("示例市科学技术局").top == pytest.approx(72, abs=TOL)
    line = first.find("签发人")
    zi_mm = g.twips_to_mm(g.ZI_TWIPS)
    assert line.x0 == pytest.approx(28 + zi_mm, abs=TOL)
    assert line.x1 == pytest.approx(184 - zi_mm, abs=TOL)
    rule = _red_rules(first)[0]
    assert rule.length == pytest.approx(156, abs=TOL)


@pytest.mark.parametrize("fmt", ["文件", "信函"])
def test_signature_never_alone_on_a_page(
    fmt: str, tmp_path_factory: pytest.TempPathFactory
) -> None:
    """§7.3.5.5: for bodies of every length around a page break, 署名 and 成文日期 stay with
    the last body text (the last body paragraph and 附件说明 keep with the signature)."""
    from doctemplates.check.measure import measure_pdf as measure
    from doctemplates.check.pdf import check_pages

    d = tmp_path_factory.mktemp(f"sig-{fmt}")
    for paragraphs in range(3, 12):
        ctx = context(paragraphs=paragraphs, attachments=1, annexes=0, record=False, mode="seal")
        pdf = convert_to_pdf(render(fmt, ctx, d / f"p{paragraphs}.docx"), d)
        lonely = [f for f in check_pages(measure(pdf), fmt) if f.rule == "signature-page"]
        assert lonely == [], (paragraphs, [str(f) for f in lonely])


@pytest.mark.parametrize("mode", ["seal", "none"])
def test_signature_centred_over_date(tmp_path_factory, mode: str) -> None:
    """§7.3.5.1–2: 署名 centred over the 成文日期 (±1 mm) for short and long dates; the date
    right-indented four 字 (加盖印章) or two 字 (不加盖印章).  Digits are half width."""
    from doctemplates.layout.textwidth import date_width_twips

    zi_mm = g.twips_to_mm(g.ZI_TWIPS)
    indent = 4 if mode == "seal" else 2
    d = tmp_path_factory.mktemp(f"centre-{mode}")
    for i, date in enumerate(("2026年1月5日", "2026年11月23日")):
        ctx = context(paragraphs=1, attachments=0, mode=mode, record=False, note=None)
        ctx["signature"].update(date=date, date_width=date_width_twips(date))
        page = measure_pdf(convert_to_pdf(render("文件", ctx, d / f"c{i}.docx"), d))[0]
        name = next(ln for ln in page.lines if ln.text.strip() == "示例市科学技术局")
        when = page.find(date)
        assert when.x1 == pytest.approx(184 - indent * zi_mm, abs=TOL)
        assert (name.x0 + name.x1) / 2 == pytest.approx((when.x0 + when.x1) / 2, abs=TOL), date
        # the width model the 署名 axis uses matches the measured date
        assert g.twips_to_mm(date_width_twips(date)) == pytest.approx(when.x1 - when.x0, abs=0.5)


def test_joint_mark_without_suffix_is_the_stack_alone_centred(tmp_path_factory) -> None:
    """§7.2.4 联合行文 whose data leaves the ``文件`` out (``mark_suffix: ""``): the organs
    stack centred on the 版心 axis, as in a 信函 — no empty suffix column beside them
    (``{{p 发文机关标志 }}`` is one block for every format)."""
    from doctemplates.kinds import get_kind

    kind = get_kind("document")
    data = {
        "organs": list(_ORGANS[:2]),
        "mark_suffix": "",
        "title": "关于开展科技服务提质增效行动的通知",
        "doc_number": "示科发〔2026〕7号",
        "body": [{"paragraphs": ["现将有关事项通知如下。"]}],
        "signature": {"date": "2026-11-20", "seal_mode": "none"},
    }
    d = tmp_path_factory.mktemp("joint-no-suffix")
    path = d / "joint.docx"
    path.write_bytes(kind.render(kind.validate(data)))
    first = measure_pdf(convert_to_pdf(path, d))[0]
    marks = [ln for ln in first.lines if ln.is_red]
    assert [ln.text.replace(" ", "") for ln in marks] == list(_ORGANS[:2])
    assert marks[0].top == pytest.approx(g.MARGIN_TOP_MM + g.MARK_BELOW_BAN_XIN_MM, abs=TOL)
    for line in marks:
        assert (line.x0 + line.x1) / 2 == pytest.approx(28 + 156 / 2, abs=TOL)
