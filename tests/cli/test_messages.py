"""Messages a person can act on: lines and columns, paths counted from 1, Chinese only (issue 18)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from tests.cli.run import NOTICE, one_sentence, run

#: Words an English parser or the OS would have put in the sentence.
PARSER_ENGLISH = re.compile(
    r"mapping values|could not|found character|expected|Expecting|Unterminated|File exists|"
    r"Is a directory|File name too long|No such file|Permission denied|NoneType|\bint\b|\bstr\b"
)


def _render(d: Path, name: str, text: str, *extra: str) -> str:
    (d / name).write_text(text, encoding="utf-8")
    result = run("render", "document", name, "-o", "out.docx", *extra, cwd=d)
    assert result.code == 1, result.stderr
    line = one_sentence(result)
    assert not PARSER_ENGLISH.search(line), line
    assert not (d / "out.docx").exists()
    return line


BODY = """\
title: 关于开展示例工作的通知
organs: 示例市科学技术局
body:
  - heading: 工作目标
    paragraphs: [做好示例工作。]
  - heading: 工作步骤
    paragraphs: [分三步进行。]
  - heading: 工作要求
    paragraphs: 按时报送
    childern: []
signature:
  date: 2026-11-23
"""


def test_yaml_validation_error_has_line_column_and_items_from_one(tmp_path: Path) -> None:
    line = _render(tmp_path, "通知.yaml", BODY)
    assert line.startswith(
        "错误：通知.yaml：第 9 行第 17 列，body 第 3 项的 paragraphs：应为列表"
    ), line
    assert "；第 10 行第 15 列，body 第 3 项的 childern：未知字段" in line  # every problem located
    assert "最接近的字段是“children”" in line


def test_json_validation_error_has_line_column(tmp_path: Path) -> None:
    data = {
        "title": "关于开展示例工作的通知",
        "organs": "示例市科学技术局",
        "body": [{"heading": "甲"}, {"heading": "乙", "paragraphs": "丙"}],
        "signature": {"date": "2026-11-31"},
    }
    text = json.dumps(data, ensure_ascii=False, indent=2)
    line = _render(tmp_path, "通知.json", text)
    rows = text.splitlines()
    where = [i + 1 for i, row in enumerate(rows) if "2026-11-31" in row][0]
    item = [i + 1 for i, row in enumerate(rows) if '"丙"' in row][0]
    column = rows[item - 1].index('"丙"') + 1
    assert line.startswith(
        f"错误：通知.json：第 {item} 行第 {column} 列，body 第 2 项的 paragraphs："
    ), line
    assert f"；第 {where} 行第 13 列，signature.date：日期无效：2026-11-31" in line


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "title: 关于示例工作的通知\norgans: 示例市科学技术局\nnote: 联系人: 王明\n",
            "第 3 行第 10 列：YAML 格式错误：这里不能出现「: 」",
        ),
        ("title: 通知\n\torgans: 甲\n", "第 2 行第 1 列：YAML 格式错误：用了 Tab 键缩进或分隔"),
        (
            "title: '通知\norgans: 甲\n",
            "第 1 行第 8 列：YAML 格式错误：文件意外结束：有引号或括号没有闭合",
        ),
        (
            "body:\n  - heading: 甲\n   paragraphs: [乙]\n",
            "第 3 行第 4 列：YAML 格式错误：列表项的缩进不一致",
        ),
        ("title: 甲\ntitle: 乙\n", "第 2 行第 1 列：键「title」重复（第 1 行已有）"),
    ],
)
def test_yaml_syntax_errors_worded_in_chinese_with_separators(
    tmp_path: Path, text: str, expected: str
) -> None:
    line = _render(tmp_path, "通知.yaml", text)
    assert f"通知.yaml {expected}" in line, line


def test_json_syntax_error(tmp_path: Path) -> None:
    line = _render(tmp_path, "通知.json", '{"title": "甲",\n "organs": ["乙",]\n}')
    assert "通知.json 第 2 行第 17 列：JSON 格式错误：这里缺少值（或多了一个逗号）" in line


def test_empty_file_says_it_is_empty(tmp_path: Path) -> None:
    for text in ("", "\n\n", "# 只有注释\n"):
        line = _render(tmp_path, "空.yaml", text)
        assert "空.yaml 是空的，没有任何数据" in line and "NoneType" not in line


def test_number_where_a_date_is_expected(tmp_path: Path) -> None:
    line = _render(tmp_path, "通知.yaml", NOTICE.replace("date: 2026-11-23", "date: 20261123"))
    assert "signature.date：日期无效：20261123 是一个数字，不是日期（应写作 2020-04-20" in line


def test_genre_as_kind_suggests_document(tmp_path: Path) -> None:
    (tmp_path / "通知.yaml").write_text(NOTICE, encoding="utf-8")
    for genre in ("通知", "请示", "会议纪要"):
        result = run("render", genre, "通知.yaml", "-o", "x.docx", cwd=tmp_path)
        assert result.code == 2
        assert "请用通用公文 document" in one_sentence(result)


def test_os_errors_in_chinese(tmp_path: Path) -> None:
    (tmp_path / "r.csv").write_text(
        "标题,发文机关,署名和成文日期.成文日期\n关于甲的通知,示例市科学技术局,2026-11-23\n", "utf-8"
    )
    (tmp_path / "已有文件").write_text("我的文件", encoding="utf-8")
    exists = run("batch", "document", "r.csv", "-o", "已有文件", cwd=tmp_path)  # EEXIST
    assert exists.code == 2 and "无法创建输出目录 已有文件：文件已存在" in one_sentence(exists)
    (tmp_path / "模板目录").mkdir()
    is_dir = run("lint", "模板目录", cwd=tmp_path)  # EISDIR
    assert is_dir.code == 2 and "这是一个目录，不是文件" in one_sentence(is_dir)
    (tmp_path / "n.yaml").write_text(NOTICE, encoding="utf-8")
    long = run("render", "document", "n.yaml", "-o", "长" * 100 + "/n.docx", cwd=tmp_path)
    assert long.code == 1 and "文件名或路径过长" in one_sentence(long)  # ENAMETOOLONG
    for result in (exists, is_dir, long):
        assert not PARSER_ENGLISH.search(result.stderr), result.stderr


def test_missing_data_file_and_template(tmp_path: Path) -> None:
    missing = run("render", "document", "没有.yaml", "-o", "x.docx", cwd=tmp_path)
    assert missing.code == 1 and "找不到数据文件：没有.yaml" in one_sentence(missing)
    (tmp_path / "n.yaml").write_text(NOTICE, encoding="utf-8")
    template = run(
        "render", "document", "n.yaml", "-o", "x.docx", "--template", "无.docx", cwd=tmp_path
    )
    assert template.code == 1 and "找不到模板文件：无.docx" in one_sentence(template)
