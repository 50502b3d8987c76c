"""Text forms written once (gbt9704.patterns) and read alike by the model, builder and checker."""

from __future__ import annotations

import ast
import datetime as dt
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from doctemplates.check.measure import is_red_color
from doctemplates.check.textforms import doc_number_problems, is_doc_number_like
from doctemplates.cli import data_for_kind
from doctemplates.data import data_dir, load_data
from doctemplates.errors import DataError, DocNumberError
from doctemplates.gbt9704.patterns import (
    BANJI_LINE,
    DOC_NUMBER_FORM,
    PRINT_DATE,
    is_red_hex,
    print_date_problem,
    width_units,
)
from doctemplates.kinds import get_kind
from doctemplates.layout.blocks import column_weights
from doctemplates.layout.mark import fit_mark
from doctemplates.model import DocNumber, OfficialDocument

PACKAGE = Path(__file__).resolve().parents[2] / "doctemplates"
SAMPLES = PACKAGE.parent / "samples"


def _literals(path: Path) -> list[object]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return [n.value for n in ast.walk(tree) if isinstance(n, ast.Constant)]


@pytest.mark.parametrize(
    ("what", "found"),
    [
        ("the CJK width boundary U+2E80", lambda v: v == 0x2E80),
        ("the 版记 line pattern", lambda v: isinstance(v, str) and "印发$" in v),
        ("the 文号 pattern", lambda v: isinstance(v, str) and r"〔\d{4}〕[1-9]" in v),
        ("the red thresholds", lambda v: v in (0xB0, 0x70)),
    ],
)
def test_each_text_form_is_written_once(what: str, found: object) -> None:
    """No module outside gbt9704 (and the importer's Unicode tables) writes the rule again."""
    places = [
        str(p.relative_to(PACKAGE))
        for p in sorted(PACKAGE.rglob("*.py"))
        if "gbt9704" not in p.parts and "importer" not in p.parts
        if any(found(v) for v in _literals(p))  # type: ignore[operator]
    ]
    assert places == [], f"{what} written again in {places}"


@pytest.mark.parametrize(
    ("color", "red"),
    [("FF0000", True), ("E60012", True), ("C00000", True), ("B07070", True)]
    + [("AF0000", False), ("B07170", False), ("000000", False), ("auto", False), (None, False)],
)
def test_red_hex_edges(color: str | None, red: bool) -> None:
    assert is_red_hex(color) is red


@given(st.integers(0, 255), st.integers(0, 255), st.integers(0, 255))
def test_a_pdf_colour_is_red_exactly_when_its_hex_is(r: int, g: int, b: int) -> None:
    """The PDF checker and the .docx checker judge one colour alike (they used two rules)."""
    assert is_red_color((r / 255, g / 255, b / 255)) is is_red_hex(f"{r:02X}{g:02X}{b:02X}")


def test_cmyk_red_is_judged_by_its_rgb() -> None:
    assert is_red_color((0, 1, 1, 0)) and is_red_color((0.05, 0.95, 0.9, 0.1))
    # a dark CMYK red is no redder than the same colour written as hex (B0 is the limit)
    assert not is_red_color((0.2, 0.9, 0.9, 0.25)) and not is_red_hex("990F0F")


def test_quotes_and_dash_are_one_zi_everywhere() -> None:
    """The 标志 fitter and the table weights measured “” — as half width; the checker, one 字."""
    assert width_units("“示例”——") == 6.0
    assert fit_mark("示例市“科技”局", suffix="") == fit_mark("示例市科学技术局", suffix="")
    assert column_weights([["“甲”", "乙乙乙乙"]], 2) == [3.0, 4.0]


def test_the_model_and_the_checker_read_one_doc_number_form() -> None:
    assert DocNumber.model_json_schema()["pattern"] == DOC_NUMBER_FORM
    assert str(DocNumber.parse("钟科发｛2020｝第02")) == "钟科发〔2020〕2号"
    assert doc_number_problems("钟科发｛2020｝第02") == [
        "年份应使用六角括号〔〕",
        "序号前不加“第”",
        "序号不编虚位（不写前导零）",
        "序号后应加“号”",
    ]
    assert not is_doc_number_like("表（1）2")  # a one-digit "year" is no 文号
    with pytest.raises(DocNumberError, match="年份应为四位数字"):
        DocNumber.parse("钟科发〔20201〕2号")


@given(
    st.text("钟科发国办函", min_size=1, max_size=4),
    st.integers(1949, 2100),
    st.integers(1, 9999),
    st.sampled_from(["〔〕", "[]", "（）", "【】", "{}"]),
    st.booleans(),
)
def test_what_the_model_normalises_the_checker_accepts(
    code: str, year: int, serial: int, brackets: str, di: bool
) -> None:
    loose = f"{code}{brackets[0]}{year}{brackets[1]}{'第' if di else ''}{serial:03d}号"
    assert is_doc_number_like(loose)
    assert doc_number_problems(str(DocNumber.parse(loose))) == []


def test_print_date_rule_is_one_sentence_for_both_model_families() -> None:
    early = print_date_problem(dt.date(2026, 11, 1), dt.date(2026, 11, 30))
    assert early == "印发日期2026年11月1日早于成文日期2026年11月30日"
    data = {
        "organs": ["示例市科学技术局"],
        "title": "示例市科学技术局关于开展示例工作的通知",
        "body": ["现将有关事项通知如下。"],
        "signature": {"date": "2026-11-30"},
        "record": {"printer": "示例市科学技术局办公室", "print_date": "2026-11-01"},
    }
    with pytest.raises(ValueError, match=early):
        OfficialDocument.model_validate(data)
    reply = load_data(SAMPLES / "proposal-reply.yaml")
    kind = get_kind(str(reply["kind"]))
    reply["record"] = {"printer": "示例市科学技术局办公室", "print_date": "2000-01-01"}
    with data_dir(SAMPLES), pytest.raises(DataError, match="印发日期2000年1月1日早于成文日期"):
        kind.validate(data_for_kind(kind, reply))
    line = "示例市科学技术局办公室  2026年11月1日印发"
    assert BANJI_LINE.search(line) and PRINT_DATE.search(line)[1] == "2026年11月1日"  # type: ignore[index]
