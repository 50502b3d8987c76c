"""check rule title-break (§7.3.1 词意完整): a 标题 line break inside a word is a warning.

The segmentation is layout.titles' (``breaks_inside_words``).  Measured over the generated
corpus (260 PDFs, 490 titles of two lines or more broken by the engine): no finding.  A
manual break (``\\n`` in the title, which the engine keeps as written) inside a word is found,
and so is the office suite's own wrap of a line the author made too long.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from doctemplates.check.measure import Line, PageInfo, measure_pdf
from doctemplates.check.pdf import PdfView, check_pages
from doctemplates.check.pdf.body import title_breaks
from doctemplates.kinds import get_kind
from doctemplates.layout.titles import breaks_inside_words
from doctemplates.pdf import soffice_path, to_pdf

ROOT = Path(__file__).resolve().parents[2]


def _line(text: str, top: float, size: float = 22.0) -> Line:
    return Line(text, top, top + 7.8, 40.0, 170.0, size, frozenset(), frozenset())


@pytest.mark.parametrize(
    ("lines", "found"),
    [
        (["示例市科学技术局关于开展科技服务", "提质增效行动的通知"], []),
        (["示例市科学技术局关于开展科技服务提质增", "效行动的通知"], [0]),
        (["关于印发《示例市科技创新", "促进条例》的通知"], [0]),  # inside a 《…》 that fits
        (["关于2026", "年度科技项目的通知"], [0]),  # a number and its unit
        (["关于 2026 年度科技", "项目 的 通知"], []),  # spaces a PDF extractor adds
    ],
)
def test_breaks_inside_words(lines: list[str], found: list[int]) -> None:
    assert breaks_inside_words(lines) == found


def test_rule_on_measured_lines() -> None:
    title = [_line("示例市科学技术局关于开展科技服务提质增", 80.0), _line("效行动的通知", 90.2)]
    body = _line("各区科技局：", 110.6, size=16.0)
    (finding,) = title_breaks(PdfView.of([PageInfo(1, [*title, body], [])], "文件"))
    assert finding.rule == "title-break" and finding.severity == "warning"
    assert finding.actual == "…提质增/效行动…"
    one_line_apart = [_line("关于开展科技服务提质增效行动的通知", 80.0), body]
    assert list(title_breaks(PdfView.of([PageInfo(1, one_line_apart, [])], "文件"))) == []


@pytest.mark.skipif(soffice_path() is None, reason="LibreOffice (soffice) is not installed")
def test_manual_break_inside_a_word_found_in_the_pdf(tmp_path: Path) -> None:
    data = yaml.safe_load((ROOT / "samples" / "notice.yaml").read_text(encoding="utf-8"))
    data.pop("kind")
    good = to_pdf(get_kind("document").render(data))
    assert [f for f in check_pages(measure_pdf(good)) if f.rule == "title-break"] == []
    data["title"] = "示例市科学技术局关于开展2026年度科技创新服务提质增\n效专项行动的通知"
    bad = measure_pdf(to_pdf(get_kind("document").render(data)))
    found = [f for f in check_pages(bad) if f.rule == "title-break"]
    # the manual break, and the line before it too long: LibreOffice wrapped it in 科技创新
    assert [(f.location.page, f.actual) for f in found] == [
        (1, "…科技创/新服务…"),
        (1, "…提质增/效专项…"),
    ]
