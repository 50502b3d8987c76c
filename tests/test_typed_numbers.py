"""Numbers typed into headings are dropped once, everywhere, with a notice (issue 12, defect 6).

The engine computes every structure number (一、（一）1.（1）); a number the user
typed in front of a heading used to be printed twice (``一、一、标题``) in
``document``, while the 评议 kinds dropped it silently.  Now the model drops it,
``Kind.notices`` names the field, and ``render`` prints the notice.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml
from typer.testing import CliRunner

from doctemplates.cli import app
from doctemplates.errors import DataError
from doctemplates.kinds import get_kind
from tests.docxbuild import open_docx

SAMPLES = Path(__file__).resolve().parent.parent / "samples"
NOTICE = "已去掉手工输入的序号“{}”，序号由系统自动生成"


def _notice(body: list[Any], **more: Any) -> dict[str, Any]:
    return {
        "organs": ["示例市科学技术局"],
        "title": "示例市科学技术局关于开展科技服务月活动的通知",
        "recipients": ["各区科技局"],
        "body": body,
        "signature": {"date": "2026-05-06"},
        **more,
    }


def _texts(data: bytes) -> list[str]:
    return [p.text for p in open_docx(data).paragraphs if p.text.strip()]


def _sample(name: str) -> dict[str, Any]:
    data = yaml.safe_load((SAMPLES / f"{name}.yaml").read_text(encoding="utf-8"))
    data.pop("kind", None)
    return data


def test_document_prints_each_number_once_and_says_so() -> None:
    kind = get_kind("document")
    data = _notice(
        [
            {"paragraphs": ["为推动科技服务走深走实，决定开展科技服务月活动。"]},
            {"heading": "一、标题", "paragraphs": ["正文。"]},
            {
                "heading": "（二）工作措施",
                "children": [
                    {"heading": "（一）学习到位", "run_in": True, "paragraphs": ["认真学习。"]},
                    {"heading": "(2) 落实到位", "run_in": True, "paragraphs": ["抓好落实。"]},
                ],
            },
            {"heading": "2026年工作要点", "paragraphs": ["继续推进。"]},
            {"heading": "5G基站建设", "paragraphs": ["加快建设。"]},
        ],
        attachments=[{"title": "活动安排", "sections": [{"heading": "１．时间安排"}]}],
    )
    texts = _texts(kind.render(data))
    assert "一、标题" in texts and "一、一、标题" not in texts
    assert "二、工作措施" in texts
    assert "（一）学习到位。认真学习。" in texts
    assert "（二）落实到位。抓好落实。" in texts
    assert "三、2026年工作要点" in texts and "四、5G基站建设" in texts
    assert "一、时间安排" in texts
    assert kind.notices(data) == [
        f"body[1].heading: {NOTICE.format('一、')}",
        f"body[2].heading: {NOTICE.format('（二）')}",
        f"body[2].children[0].heading: {NOTICE.format('（一）')}",
        f"body[2].children[1].heading: {NOTICE.format('(2)')}",
        f"attachments[0].sections[0].heading: {NOTICE.format('１．')}",
    ]


def test_clean_headings_give_no_notice() -> None:
    kind = get_kind("document")
    assert kind.notices(_sample("notice")) == []


def test_heading_that_is_only_a_number_is_refused() -> None:
    with pytest.raises(DataError) as caught:
        get_kind("document").validate(_notice([{"heading": "（三）", "paragraphs": ["正文。"]}]))
    assert caught.value.field == "body[0].heading"
    assert "只有序号“（三）”" in str(caught.value)


def test_speech_points_and_parts_say_so_too() -> None:
    kind = get_kind("speech")
    data = _sample("speech")
    data["parts"][0]["heading"] = "一、" + data["parts"][0]["heading"]
    data["parts"][0]["points"][0] = "1、凝聚工作合力。各部门要加强配合。"
    notices = kind.notices(data)
    assert f"parts[0].heading: {NOTICE.format('一、')}" in notices
    assert f"parts[0].points[0].heading: {NOTICE.format('1、')}" in notices
    texts = _texts(kind.render(data))
    assert "1.凝聚工作合力。各部门要加强配合。" in texts
    assert not any(t.startswith("一、一、") for t in texts)


def test_plan_contents_and_rectification_problems() -> None:
    plan = _sample("plan")
    plan["contents"][1] = "2." + plan["contents"][1]
    assert get_kind("plan").notices(plan)[0] == f"contents[1]: {NOTICE.format('2.')}"
    fixes = _sample("rectification")
    fixes["problems"][0]["problem"] = "（一）" + fixes["problems"][0]["problem"]
    assert get_kind("rectification").notices(fixes)[0] == (
        f"problems[0].problem: {NOTICE.format('（一）')}"
    )


def test_render_command_prints_the_notice(tmp_path: Path) -> None:
    source = tmp_path / "notice.yaml"
    source.write_text(
        yaml.safe_dump(
            {
                "kind": "document",
                **_notice([{"heading": "一、工作目标", "paragraphs": ["正文。"]}]),
            },
            allow_unicode=True,
        ),
        encoding="utf-8",
    )
    out = tmp_path / "notice.docx"
    result = CliRunner().invoke(app, ["render", "document", str(source), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert f"提示：body[0].heading: {NOTICE.format('一、')}" in result.output.replace("\n", "")
    assert "一、工作目标" in _texts(out.read_bytes())
