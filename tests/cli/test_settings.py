"""An agency's settings in one place: doctemplates.toml (issue 18)."""

from __future__ import annotations

import json
from pathlib import Path

import docx

from tests.cli.run import one_sentence, run, user_config

DATA = """\
title: 关于开展示例工作的通知
body:
  - paragraphs: [做好示例工作。]
signature: {date: 2026-11-23}
"""
SETTINGS = """\
# 本单位的默认设置（数据文件中的值优先）
[defaults]
"发文机关" = "示例市科学技术局"
"版记"."印发机关" = "示例市科学技术局办公室"
"""


def all_text(path: Path) -> str:
    document = docx.Document(str(path))
    cells = [c.text for t in document.tables for row in t.rows for c in row.cells]
    return "\n".join([p.text for p in document.paragraphs] + cells)


def test_defaults_fill_what_the_data_leaves_out(tmp_path: Path) -> None:
    (tmp_path / "doctemplates.toml").write_text(SETTINGS, encoding="utf-8")
    (tmp_path / "n.yaml").write_text(DATA, encoding="utf-8")
    result = run("render", "document", "n.yaml", "-o", "n.docx", cwd=tmp_path)
    assert result.code == 0, result.stderr
    text = all_text(tmp_path / "n.docx")
    assert "示例市科学技术局" in text and "示例市科学技术局办公室" in text
    # without the settings file the same data is refused: the 发文机关 came from it
    (tmp_path / "doctemplates.toml").unlink()
    refused = run("render", "document", "n.yaml", "-o", "m.docx", cwd=tmp_path)
    assert refused.code == 1 and "缺少发文机关" in one_sentence(refused)


def test_the_data_file_wins(tmp_path: Path) -> None:
    (tmp_path / "doctemplates.toml").write_text(SETTINGS, encoding="utf-8")
    (tmp_path / "n.yaml").write_text(DATA + "organs: 示例市教育局\n", encoding="utf-8")
    assert run("render", "document", "n.yaml", "-o", "n.docx", cwd=tmp_path).code == 0
    text = all_text(tmp_path / "n.docx")
    assert "示例市教育局" in text and "示例市科学技术局\n" not in text
    assert (
        "示例市科学技术局办公室" in text
    )  # what the data leaves out still comes from the settings


def test_user_folder_then_working_folder_and_config_shows_sources(tmp_path: Path) -> None:
    home = user_config(tmp_path) / "doctemplates"
    home.mkdir(parents=True)
    fonts = tmp_path / "字体"
    fonts.mkdir()
    (home / "doctemplates.toml").write_text(
        f'[defaults]\n"发文机关" = "个人设置局"\n"附注" = "此件公开发布"\n\n[pdf]\n"字体目录" = ["{fonts}"]\n',
        encoding="utf-8",
    )
    (tmp_path / "doctemplates.toml").write_text(SETTINGS, encoding="utf-8")
    shown = run("config", "--json", cwd=tmp_path)
    assert shown.code == 0, shown.stderr
    report = json.loads(shown.stdout)
    assert [f["found"] for f in report["files"]] == [True, True]
    values = {s["key"]: (s["value"], s["source"]) for s in report["settings"]}
    assert values["默认值.发文机关"] == ("示例市科学技术局", str(tmp_path / "doctemplates.toml"))
    assert values["默认值.附注"] == ("此件公开发布", str(home / "doctemplates.toml"))
    assert values["PDF.字体目录"] == ([str(fonts)], str(home / "doctemplates.toml"))
    table = run("config", cwd=tmp_path).stdout
    assert "已读取" in table and "默认值.版记.印发机关" in table and "（来自" in table


def test_config_option_replaces_the_working_folder_file(tmp_path: Path) -> None:
    (tmp_path / "doctemplates.toml").write_text(SETTINGS, encoding="utf-8")
    (tmp_path / "本单位.toml").write_text('[defaults]\n"发文机关" = "示例市教育局"\n', "utf-8")
    (tmp_path / "n.yaml").write_text(DATA, encoding="utf-8")
    result = run(
        "--config", "本单位.toml", "render", "document", "n.yaml", "-o", "n.docx", cwd=tmp_path
    )
    assert result.code == 0, result.stderr
    text = all_text(tmp_path / "n.docx")
    assert "示例市教育局" in text and "办公室" not in text
    via_env = run("config", "--json", cwd=tmp_path, DOCTEMPLATES_CONFIG="本单位.toml").stdout
    assert json.loads(via_env)["files"][1]["path"] == "本单位.toml"
    missing = run("--config", "没有.toml", "config", cwd=tmp_path)
    assert missing.code == 2 and "找不到设置文件：没有.toml" in one_sentence(missing)


def test_batch_rows_take_the_defaults(tmp_path: Path) -> None:
    (tmp_path / "doctemplates.toml").write_text(SETTINGS, encoding="utf-8")
    (tmp_path / "r.csv").write_text(
        "标题,署名和成文日期.成文日期\n关于甲的通知,2026-11-23\n关于乙的通知,2026-11-24\n", "utf-8"
    )
    result = run("batch", "document", "r.csv", "-o", "out", "-j", "1", cwd=tmp_path)
    assert result.code == 0, result.stderr
    made = sorted((tmp_path / "out").glob("*.docx"))
    assert len(made) == 2 and all("示例市科学技术局办公室" in all_text(p) for p in made)


def test_bad_settings_are_one_sentence_with_line_and_fix(tmp_path: Path) -> None:
    cases = {
        '[defaults]\n发文机关 = "示例市科学技术局"\n': "第 2 行第 1 列：TOML 格式错误：中文键名和设置段名要加双引号",
        '[默认值]\n"发文机关" = "甲"\n': "第 1 行第 2 列：TOML 格式错误：中文键名和设置段名要加双引号",
        '[defaults]\n"发文机关" = 示例局\n': "第 2 行第 10 列：TOML 格式错误：值无效：文字要加双引号",
        '["字体"]\n"目录" = "x"\n': "未知的设置段「字体」",
        '[kinds.document]\n"发文单位" = "甲"\n': "doctemplates.toml：[文种.document] 中的「发文单位」不是该文种的字段",
        '[check]\n"日期写法" = "汉字"\n': "日期写法应为 arabic、chinese 或 any，实为「汉字」",
    }
    (tmp_path / "n.yaml").write_text(DATA, encoding="utf-8")
    for text, expected in cases.items():
        (tmp_path / "doctemplates.toml").write_text(text, encoding="utf-8")
        result = run("render", "document", "n.yaml", "-o", "n.docx", cwd=tmp_path)
        assert result.code == 2, (text, result.stderr)
        line = one_sentence(result)
        assert expected in line and line.endswith("（SettingsError）"), (text, line)
        assert not (tmp_path / "n.docx").exists()


def test_value_from_settings_is_named_when_it_is_wrong(tmp_path: Path) -> None:
    (tmp_path / "doctemplates.toml").write_text(
        '[defaults]\n"发文机关" = "示例市科学技术局"\n"紧急程度" = "很急"\n', "utf-8"
    )
    (tmp_path / "n.yaml").write_text(DATA, encoding="utf-8")
    result = run("render", "document", "n.yaml", "-o", "n.docx", cwd=tmp_path)
    assert result.code == 1
    line = one_sentence(result)
    assert "urgency：取值应为“特急”“加急”其一" in line
    assert f"此值来自设置文件 {tmp_path / 'doctemplates.toml'}" in line


def test_font_folder_from_settings_is_checked(tmp_path: Path) -> None:
    (tmp_path / "doctemplates.toml").write_text('[pdf]\n"字体目录" = ["没有的字体"]\n', "utf-8")
    (tmp_path / "n.yaml").write_text(DATA + "organs: 示例市科学技术局\n", encoding="utf-8")
    result = run("render", "document", "n.yaml", "-o", "n.pdf", cwd=tmp_path)
    assert result.code == 2
    assert "（设置文件 [pdf] 字体目录）" in one_sentence(result)
