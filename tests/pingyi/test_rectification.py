"""整改方案: task table columns, 序号, deadlines, landscape flag."""

from __future__ import annotations

import pytest

from doctemplates.errors import DataError
from doctemplates.render import Template
from pingyi_docs.rectification import KIND
from tests.docxbuild import make_template, open_docx
from tests.pingyi.conftest import headings, sample

NINE = [
    "序号",
    "问题",
    "整改措施",
    "整改目标",
    "责任领导",
    "责任单位",
    "责任人",
    "完成时限",
    "备注",
]


def test_task_table_rows() -> None:
    ctx = KIND.context(sample("rectification"))
    assert [c["title"] for c in ctx["task_columns"]] == NINE
    assert ctx["landscape"] is True
    tasks = ctx["tasks"]
    assert [t["index"] for t in tasks] == [str(i) for i in range(1, 8)]
    assert (
        tasks[0]["measures"]
        == "1.研究制定基础研究投入稳定增长办法；2.在市级科技计划中设立基础研究专项。"
    )
    assert tasks[2]["measures"] == "制定市级创新平台绩效评价办法，实行动态调整。"
    assert tasks[0]["deadline"] == "2026年10月31日"
    assert tasks[-1]["deadline"] == "长期坚持"
    assert tasks[4]["remark"] == "需市财政局支持"
    assert ctx["attachments"] == [{"index": 1, "title": "整改任务分解表"}]


def test_fewer_columns_portrait() -> None:
    data = {
        **sample("rectification"),
        "columns": ["序号", "问题", "整改措施", "责任单位", "完成时限"],
    }
    ctx = KIND.context(data)
    assert ctx["landscape"] is False
    assert ctx["tasks"][0]["cells"] == [
        "1",
        "财政科技投入中基础研究比重偏低",
        "1.研究制定基础研究投入稳定增长办法；2.在市级科技计划中设立基础研究专项。",
        "规划财务处",
        "2026年10月31日",
    ]


def test_body_lists_problems() -> None:
    ctx = KIND.context(sample("rectification"))
    assert [h for h in headings(ctx) if h[1] == "、"] == [
        "一、总体要求",
        "二、整改任务",
        "三、保障措施",
    ]
    assert "（一）财政科技投入中基础研究比重偏低。" in headings(ctx)


def test_deadline_before_date_refused() -> None:
    data = sample("rectification")
    data["problems"][3]["deadline"] = "2026-08-01"
    with pytest.raises(DataError) as err:
        KIND.validate(data)
    assert err.value.field == "problems[3].deadline"
    assert "完成时限2026年8月1日早于成文日期2026年8月25日" in str(err.value)


def test_unknown_column_refused() -> None:
    with pytest.raises(DataError) as err:
        KIND.validate({**sample("rectification"), "columns": ["序号", "问题描述"]})
    assert err.value.field == "columns[1]"


def test_table_renders() -> None:
    tpl = Template.load(
        make_template(
            ["{{ task_table_title }}"],
            table=[
                NINE,
                ["{%tr for t in tasks %}"] + [""] * 8,
                [
                    "{{ t.index }}",
                    "{{ t.problem }}",
                    "{{ t.measures }}",
                    "{{ t.target }}",
                    "{{ t.leader }}",
                    "{{ t.unit }}",
                    "{{ t.person }}",
                    "{{ t.deadline }}",
                    "{{ t.remark }}",
                ],
                ["{%tr endfor %}"] + [""] * 8,
            ],
        )
    )
    document = open_docx(KIND.render(sample("rectification"), template=tpl))
    rows = [[c.text for c in row.cells] for row in document.tables[0].rows]
    assert rows[0] == NINE
    assert len(rows) == 1 + 7
    assert rows[1][:2] == ["1", "财政科技投入中基础研究比重偏低"]
    assert rows[7][7] == "长期坚持"
