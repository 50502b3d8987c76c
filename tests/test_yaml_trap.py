"""An unquoted YAML value starting with * or & gets a message saying why and where."""

from __future__ import annotations

import pytest


@pytest.mark.parametrize(
    ("text", "line", "value"),
    [
        ("organ: *镇市科技局\n", 1, "*镇市科技局"),
        ("title: 通知\nparagraphs:\n  - *月*日以来，工作顺利\n", 3, "*月*日以来，工作顺利"),
        ("organ: &镇市科技局\n", 1, "&镇市科技局"),
        ("organ: *abc\n", 1, "*abc"),
    ],
)
def test_yaml_alias_trap_names_the_line(text: str, line: int, value: str) -> None:
    from doctemplates.data import parse_data
    from doctemplates.errors import DataError

    with pytest.raises(DataError) as err:
        parse_data(text, "yaml", "数据.yaml")
    message = str(err.value)
    assert f"第 {line} 行" in message and value in message and "加引号" in message
