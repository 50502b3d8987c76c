"""标题 lines measured in the PDF (pdfplumber, mm): the engine's breaks, centred, inside the 版心.

§7.3.1: the lines LibreOffice sets are exactly the lines layout.titles chose (not where
the line ran out), each centred and narrower than the 版心 less one 字 a side, in a
trapezoid or diamond; long organ names of a joint 标志 break in two, inside the 版心 (§7.2.4).
"""

from __future__ import annotations

import io

import pdfplumber
import pytest

from doctemplates.check.measure import measure_pdf
from doctemplates.kinds import get_kind
from doctemplates.layout import geometry as g
from doctemplates.layout.titles import break_title, shape_of
from doctemplates.pdf import soffice_path, to_pdf

pytestmark = [
    pytest.mark.pdf,
    pytest.mark.skipif(soffice_path() is None, reason="LibreOffice (soffice) not installed"),
]
TOL = 1.0
LEFT, RIGHT = g.MARGIN_LEFT_MM, g.PAGE_WIDTH_MM - g.MARGIN_RIGHT_MM
ZI_MM = g.pt_to_mm(g.SIZE_ER_HAO + g.CHAR_SPACING_PT)
KJJ = "示例市科学技术局"
CASES = [
    # (organs, title): the examples and the shapes we choose
    ((KJJ,), f"在示例市人大常委会评议{KJJ}科技创新工作动员会上的讲话"),
    ((KJJ,), f"{KJJ}关于开展2026年度科技创新示范项目申报工作的通知"),
    (("示例市人民政府办公室",), "关于印发示例市2020年政府信息公开工作要点和重点任务分工的通知"),
    ((KJJ,), f"{KJJ}关于迎接2026年度市人大常委会科技创新工作评议的工作实施方案"),
    (
        ("示例市人民政府办公室",),
        "关于转发《示例省人民政府办公厅关于进一步优化营商环境降低市场主体制度性交易成本的意见》的通知",
    ),
]


def _render(organs: tuple[str, ...], title: str, annex: str | None = None) -> bytes:
    data = {
        "organs": list(organs),
        "title": title,
        "recipients": ["各区科技局"],
        "body": [{"paragraphs": ["为做好示例工作，现将有关事项通知如下。"]}],
        "signature": {"names": [organs[-1]], "date": "2026-03-05"},
    }
    if annex:
        data["attachments"] = [{"title": annex, "paragraphs": ["附件正文。"]}]
    return to_pdf(get_kind("document").render(data))


def _title_lines(pdf: bytes, page: int = 0):
    with pdfplumber.open(io.BytesIO(pdf)) as doc:
        chars = [c for c in doc.pages[page].chars if abs(c["size"] - g.SIZE_ER_HAO) < 0.1]
    rows: dict[int, list[dict]] = {}
    for c in chars:
        rows.setdefault(round(c["top"]), []).append(c)
    out = []
    for top in sorted(rows):
        row = sorted(rows[top], key=lambda c: c["x0"])
        x0, x1 = g.pt_to_mm(row[0]["x0"]), g.pt_to_mm(row[-1]["x1"])
        out.append(("".join(c["text"] for c in row), x0, x1))
    return out


@pytest.mark.parametrize(("organs", "title"), CASES, ids=[t for _, t in CASES])
def test_pdf_title_lines_are_the_chosen_lines(organs: tuple[str, ...], title: str) -> None:
    chosen = break_title(title, protect=[*organs, "各区科技局"])
    measured = _title_lines(_render(organs, title))
    assert [text for text, _, _ in measured] == list(chosen.lines)
    widths = []
    for (text, x0, x1), predicted in zip(measured, chosen.widths_pt, strict=True):
        assert x0 >= LEFT + ZI_MM - TOL and x1 <= RIGHT - ZI_MM + TOL, text  # one 字 free a side
        assert (x0 + x1) / 2 == pytest.approx((LEFT + RIGHT) / 2, abs=TOL), text  # centred
        assert x1 - x0 == pytest.approx(g.pt_to_mm(predicted), abs=TOL), text  # metrics hold
        widths.append((x1 - x0) / ZI_MM)
    assert shape_of(widths) in {"inverted", "trapezoid", "diamond"}, widths


def test_pdf_annex_title_broken_and_joint_mark_inside_the_ban_xin(tmp_path) -> None:
    long = "中共示例市委示例市人民政府示例市人大常委会联合调研组办公室"
    annex = "科技创新工作评议整改任务分解表及责任单位联系人名单"
    pdf = _render((long, KJJ), "关于开展科技创新工作评议的通知", annex)
    (tmp_path / "joint.pdf").write_bytes(pdf)
    pages = measure_pdf(tmp_path / "joint.pdf")
    mark = [ln for ln in pages[0].lines if ln.is_red and ln.size > 20]
    texts = [ln.text for ln in mark]
    assert texts[0] + texts[1].removesuffix("文件") == long  # one name, two lines
    assert texts[2] == KJJ
    for line in mark:
        assert line.x0 >= LEFT - TOL and line.x1 <= RIGHT + TOL, line.text
    # distributed: the stack's lines share one width
    assert mark[0].x1 == pytest.approx(mark[2].x1, abs=TOL)
    annex_page = next(i for i, p in enumerate(pages) if p.lines and p.lines[0].text == "附件")
    lines = [text for text, _, _ in _title_lines(pdf, annex_page)]
    assert lines == list(break_title(annex, protect=[long, KJJ, "各区科技局"]).lines)
    assert len(lines) == 2
