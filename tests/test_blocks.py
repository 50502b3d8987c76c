"""Tables and pictures in the body of a ``document``; skipped levels and restarts."""

from __future__ import annotations

import io
from pathlib import Path

import docx
import pytest
from docx.oxml.ns import qn

from doctemplates.errors import DataError
from doctemplates.kinds import get_kind
from doctemplates.layout import geometry as g

BASE = {
    "organs": ["示例市科学技术局"],
    "title": "关于测试的通知",
    "signature": {"date": "2026-03-01"},
}


def _render(body: list[dict]) -> docx.document.Document:
    return docx.Document(io.BytesIO(get_kind("document").render({**BASE, "body": body})))


def test_table_in_the_body(tmp_path: Path) -> None:
    rows = [["序号", "事项"], ["1", "调研 & <核实>"], ["2"]]
    doc = _render(
        [
            {
                "heading": "安排",
                "paragraphs": ["见下表：", {"title": "表1 安排", "rows": rows}, "以上。"],
            }
        ]
    )
    table = doc.tables[0]
    assert [[c.text for c in r.cells] for r in table.rows] == [
        ["序号", "事项"],
        ["1", "调研 & <核实>"],
        ["2", ""],
    ]
    head = table.rows[0]._tr
    assert head.find(qn("w:trPr")).find(qn("w:tblHeader")) is not None  # repeats on every page
    widths = [int(c.get(qn("w:w"))) for c in table._tbl.find(qn("w:tblGrid"))]
    assert sum(widths) == g.mm_to_twips(g.BAN_XIN_WIDTH_MM)
    styles = [(p.style.name, p.text) for p in doc.paragraphs if p.text]
    i = styles.index(("表题", "表1 安排"))
    assert styles[i - 1] == ("正文", "见下表：") and styles[i + 1] == ("正文", "以上。")
    assert table.rows[0].cells[0].paragraphs[0].style.name == "表格标题行"


def test_picture_in_the_body(tmp_path: Path) -> None:
    from PIL import Image

    picture = tmp_path / "图.png"
    Image.new("RGB", (3000, 1000), "blue").save(picture)
    doc = _render([{"paragraphs": [{"image": str(picture), "caption": "图1 示意"}]}])
    shape = doc.inline_shapes[0]
    assert abs(shape.width.mm - g.BAN_XIN_WIDTH_MM) < 0.5  # a wide picture fits the 版心
    names = [
        p.style.name for p in doc.paragraphs if p.text or p._p.findall(".//" + qn("w:drawing"))
    ]
    assert "图片" in names and "图题" in names


def test_missing_picture_names_the_field() -> None:
    with pytest.raises(DataError, match=r"body\[0\]\.paragraphs\[1\]\.image"):
        _render([{"paragraphs": ["甲。", {"image": "/no/such.png"}]}])


def test_bad_table_is_refused() -> None:
    with pytest.raises(DataError, match="widths"):
        get_kind("document").validate(
            {**BASE, "body": [{"paragraphs": [{"rows": [["a", "b"]], "widths": [1]}]}]}
        )


def test_skipped_level_and_restart_render_the_sources_numbers() -> None:
    body = [
        {
            "heading": "总体要求",
            "children": [{"children": [{"heading": "目标"}, {"heading": "原则"}]}],
        },
        {
            "heading": "任务",
            "children": [
                {"heading": "甲"},
                {"paragraphs": ["此外："]},
                {"heading": "乙", "restart": True},
            ],
        },
    ]
    texts = [p.text for p in _render(body).paragraphs if p.style.name.endswith("标题") and p.text]
    assert texts[1:] == ["一、总体要求", "1.目标", "2.原则", "二、任务", "（一）甲", "（一）乙"]


def test_restart_needs_a_heading() -> None:
    with pytest.raises(DataError, match="restart"):
        get_kind("document").validate({**BASE, "body": [{"paragraphs": ["甲"], "restart": True}]})
