"""Markdown drafts: headings and lists on the 公文 hierarchy, emphasis dropped with a note."""

from __future__ import annotations

from pathlib import Path

from doctemplates.importer import import_markdown
from tests.importer.helpers import body_texts, expected_body, outline, render

DRAFT = """# 关于开展评议工作的通知

各科室:

## 工作目标

做好评议。

## 主要任务

### 加强领导

1. **压实责任**。各科室要落实责任.
2. *完善机制*
   1. 建立台账
   2. 定期通报

- 不编号的事项

| 序号 | 事项 |
|---|---|
| 1 | 调研 |

![示意图](pic.png)

示例局
2026年3月1日
"""


def test_headings_and_lists(tmp_path: Path) -> None:
    from PIL import Image

    Image.new("RGB", (40, 20), "red").save(tmp_path / "pic.png")
    result = import_markdown(DRAFT, base=tmp_path)
    data = result.data
    assert data["title"] == "关于开展评议工作的通知"
    assert data["recipients"] == ["各科室"]
    assert outline(data["body"]) == [
        (1, "工作目标"),
        (1, "主要任务"),
        (2, "加强领导"),
        (3, "压实责任。"),
        (3, "完善机制"),
        (4, "建立台账"),
        (4, "定期通报"),
    ]
    rendered = body_texts(render(result))
    assert rendered == expected_body(result)
    assert rendered[:2] == ["一、工作目标", "做好评议。"]
    assert "（1）建立台账" in rendered and "不编号的事项" in rendered
    notes = [e.message for e in result.report.of("note")]
    assert any("加粗" in n for n in notes) and any("斜体" in n for n in notes)
    assert result.media == {"images/image1.png": (tmp_path / "pic.png").read_bytes()}
    assert data["signature"] == {"date": "2026-03-01", "names": ["示例局"]}
    rules = result.report.rules_used()
    assert rules["heading-number"] == 3  # 工作目标, 主要任务, 加强领导 had no numbers


def test_missing_picture_is_reported_not_fatal(tmp_path: Path) -> None:
    result = import_markdown(
        "# 通知\n\n正文。\n\n![图](nope.png)\n\n示例局\n\n2026年3月1日", base=tmp_path
    )
    assert any("nope.png" in e.message for e in result.report.of("note"))
    assert result.media == {}
