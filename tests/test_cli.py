"""Command line: kinds, schema, render — outcomes and Chinese errors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from doctemplates.cli import app
from tests.docxbuild import body_text, make_template

runner = CliRunner()

DATA = """\
kind: document
organs: 示例市科学技术局
doc_number: 示科发[2026]第07号
title: 关于示例工作的通知
recipients: [各区科技局, 各直属单位]
body:
  - heading: 工作目标
    paragraphs: ["做好示例工作 & 相关事项。"]
signature: {date: 2026-11-23}
"""

SIMPLE = make_template(
    [
        "{{ header.doc_number }}",
        "{{ title }}",
        "{{ recipients }}",
        "{%p for p in body %}",
        "{{ p.label }}{{ p.heading }}{{ p.text }}",
        "{%p endfor %}",
        "{{ signature.names|join('、') }}",
        "{{ signature.date }}",
    ]
)


@pytest.fixture
def files(tmp_path: Path) -> Path:
    (tmp_path / "data.yaml").write_text(DATA, encoding="utf-8")
    (tmp_path / "simple.docx").write_bytes(SIMPLE)
    return tmp_path


def test_kinds_lists_document() -> None:
    result = runner.invoke(app, ["kinds"])
    assert result.exit_code == 0
    assert "document" in result.stdout and "通用公文" in result.stdout


def test_schema_is_json_with_chinese_titles() -> None:
    result = runner.invoke(app, ["schema", "公文"])
    assert result.exit_code == 0
    schema = json.loads(result.stdout)
    assert schema["properties"]["doc_number"]["title"] == "发文字号"


def test_render_with_custom_template(files: Path) -> None:
    out = files / "out.docx"
    result = runner.invoke(
        app,
        [
            "render",
            "document",
            str(files / "data.yaml"),
            "-o",
            str(out),
            "--template",
            str(files / "simple.docx"),
        ],
    )
    assert result.exit_code == 0, result.output
    assert body_text(out.read_bytes()) == [
        "示科发〔2026〕7号",
        "关于示例工作的通知",
        "各区科技局、各直属单位：",
        "一、工作目标",
        "做好示例工作 & 相关事项。",
        "示例市科学技术局",
        "2026年11月23日",
    ]


def test_render_refuses_overwrite_without_force(files: Path) -> None:
    out = files / "out.docx"
    out.write_bytes(b"keep")
    args = [
        "render",
        "document",
        str(files / "data.yaml"),
        "-o",
        str(out),
        "--template",
        str(files / "simple.docx"),
    ]
    result = runner.invoke(app, args)
    assert result.exit_code == 1
    assert "已存在" in result.stderr and "OutputExistsError" in result.stderr
    assert out.read_bytes() == b"keep"
    assert runner.invoke(app, [*args, "--force"]).exit_code == 0
    assert out.read_bytes() != b"keep"


def test_unknown_kind_suggests(files: Path) -> None:
    result = runner.invoke(
        app, ["render", "documnet", str(files / "data.yaml"), "-o", str(files / "x.docx")]
    )
    assert result.exit_code == 2
    assert "未知的文种：documnet" in result.stderr and "document" in result.stderr
    assert not (files / "x.docx").exists()


@pytest.mark.parametrize(
    ("content", "suffix", "expected"),
    [
        ("title: [unclosed\n", ".yaml", "第 1 行第 8 列：YAML 格式错误：方括号列表 [ ] 没有闭合"),
        ('{"title": }', ".json", "第 1 行第 11 列：JSON 格式错误：这里缺少值"),
        ("- a\n- b\n", ".yaml", "顶层应为「键: 值」的映射"),
        (
            DATA.replace("2026-11-23", "2021-02-30"),
            ".yaml",
            "第 9 行第 19 列，signature.date：日期无效：2021-02-30",
        ),
        (DATA.replace("title:", "titel:"), ".yaml", "titel"),
        ("title: x\n", ".txt", "不支持的数据文件类型"),
    ],
)
def test_bad_data_one_chinese_sentence(
    files: Path, content: str, suffix: str, expected: str
) -> None:
    data = files / f"bad{suffix}"
    data.write_text(content, encoding="utf-8")
    out = files / "x.docx"
    result = runner.invoke(
        app,
        ["render", "document", str(data), "-o", str(out), "--template", str(files / "simple.docx")],
    )
    assert result.exit_code == 1
    assert expected in result.stderr
    assert "Traceback" not in result.output
    assert not out.exists()


def test_missing_data_file(files: Path) -> None:
    result = runner.invoke(
        app, ["render", "document", str(files / "nope.yaml"), "-o", str(files / "x.docx")]
    )
    assert result.exit_code == 1 and "找不到数据文件" in result.stderr


def test_template_error_names_tag(files: Path) -> None:
    (files / "broken.docx").write_bytes(make_template(["{{ titel }}"]))
    result = runner.invoke(
        app,
        [
            "render",
            "document",
            str(files / "data.yaml"),
            "-o",
            str(files / "x.docx"),
            "--template",
            str(files / "broken.docx"),
        ],
    )
    assert result.exit_code == 1
    assert "{{ titel }}" in result.stderr and "UndefinedVariableError" in result.stderr


def test_stdin_data(files: Path) -> None:
    out = files / "stdin.docx"
    result = runner.invoke(
        app,
        ["render", "document", "-", "-o", str(out), "--template", str(files / "simple.docx")],
        input=DATA,
    )
    assert result.exit_code == 0, result.output
    assert body_text(out.read_bytes())[1] == "关于示例工作的通知"


def test_data_for_other_kind_refused(files: Path) -> None:
    (files / "other.yaml").write_text(
        DATA.replace("kind: document", "kind: nosuchkind"), encoding="utf-8"
    )
    result = runner.invoke(
        app, ["render", "document", str(files / "other.yaml"), "-o", str(files / "x.docx")]
    )
    assert result.exit_code == 1 and "nosuchkind" in result.stderr


@pytest.mark.parametrize("fmt", ["文件", "信函", "讲话", "纪要格式"])
def test_new_scaffolds_template_that_lints_clean(tmp_path: Path, fmt: str) -> None:
    target = tmp_path / "新模板.docx"
    assert runner.invoke(app, ["new", str(target), "--format", fmt]).exit_code == 0
    assert runner.invoke(app, ["lint", str(target), "--kind", "document"]).exit_code == 0
    again = runner.invoke(app, ["new", str(target), "--format", fmt])
    assert again.exit_code == 1 and "已存在" in again.stderr


def test_new_unknown_format(tmp_path: Path) -> None:
    result = runner.invoke(app, ["new", str(tmp_path / "x.docx"), "--format", "通报"])
    assert result.exit_code == 2 and "未知的公文格式" in result.stderr
