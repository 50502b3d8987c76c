"""Help pages, usage errors, --version, completion: all Chinese, readable in 80 columns (issue 18)."""

from __future__ import annotations

import json
import re
from importlib import metadata
from pathlib import Path

import pytest
from rich.cells import cell_len

from tests.cli.run import CJK, NOTICE, Result, one_sentence, run

ROOT = Path(__file__).resolve().parents[2]
#: Text typer/click print in English, and the type names they show as metavars.
ENGLISH = re.compile(
    r"Usage|Options|Arguments|Commands|Show this message|Missing|No such|Try '|Error|"
    r"Invalid value|required\]|default:|<bool>|<str>|<int>|<path>|list\[|\[OPTIONS\]|Got unexpected"
)


def commands(tmp_path: Path) -> list[str]:
    """The commands ``doctemplates -h`` lists (under 命令：)."""
    page = run("-h", cwd=tmp_path).stdout
    section = page.split("命令：", 1)[1].split("\n\n", 1)[0]
    return [
        line.split()[0] for line in section.splitlines() if line.startswith("  ") and line[2] != " "
    ]


def test_program_help_lists_commands(tmp_path: Path) -> None:
    names = commands(tmp_path)
    assert {
        "kinds",
        "schema",
        "render",
        "batch",
        "new",
        "check",
        "lint",
        "doctor",
        "config",
    } <= set(names)
    # no arguments at all shows the same page
    assert run(cwd=tmp_path).stdout == run("--help", cwd=tmp_path).stdout


def test_every_help_page_is_chinese_fits_80_columns_and_has_examples(tmp_path: Path) -> None:
    for command in ["", *commands(tmp_path)]:
        result = run(*([command] if command else []), "-h", cwd=tmp_path)
        assert result.code == 0, (command, result.stderr)
        page = result.stdout
        assert page.startswith(f"用法：doctemplates {command}".rstrip()), page
        assert "…" not in page, (command, page)  # nothing cut
        assert not ENGLISH.search(page), (command, ENGLISH.search(page), page)
        too_wide = [line for line in page.splitlines() if cell_len(line) > 80]
        assert not too_wide, (command, too_wide)
        # Chinese line breaking: no line starts with closing punctuation
        orphans = [
            line for line in page.splitlines() if line.strip()[:1] in set("，。、；：）」］")
        ]
        assert not orphans, (command, orphans)
        assert "显示本帮助并退出" in page
        examples = page.split("示例：\n", 1)[1].splitlines()
        assert any(
            line.strip().startswith(f"doctemplates {command}".strip()) for line in examples
        ), (
            command,
            page,
        )


def test_every_option_is_explained_with_a_chinese_value_name() -> None:
    """Each option and argument has help; each option that takes a value names it in Chinese."""
    from typer.main import get_command

    from doctemplates.cli import app

    group = get_command(app)
    for command in [group, *group.commands.values()]:  # type: ignore[attr-defined]
        for param in command.params:
            assert (getattr(param, "help", "") or "").strip(), (command.name, param.name)
            if param.param_type_name == "argument" or not (
                getattr(param, "is_flag", False) or getattr(param, "count", False)
            ):
                assert param.metavar and CJK.search(param.metavar), (command.name, param.name)


def test_help_shows_readme_commands_and_options(tmp_path: Path) -> None:
    """The README's command lines use only commands and options that ``-h`` shows, and
    every command in ``doctemplates -h`` is in the README."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    block = readme.split("## 命令行", 1)[1].split("```bash", 1)[1].split("```", 1)[0]
    lines = [line.split("#")[0] for line in block.replace("\\\n", " ").splitlines()]
    pages: dict[str, str] = {}
    for line in lines:
        words = line.split()
        if not words or words[0] != "$D":
            continue
        command = "" if words[1].startswith("-") else words[1]
        page = pages.setdefault(command, run(*[command] * bool(command), "-h", cwd=tmp_path).stdout)
        assert page.startswith(f"用法：doctemplates {command}".rstrip()), line
        for option in re.findall(r"(?<![\w-])(-{1,2}[a-z][a-z-]*)", line.split("$D", 1)[1]):
            assert re.search(rf"(?<![\w-]){re.escape(option)}(?![\w-])", page), (option, line)
    for command in commands(tmp_path):
        assert f"$D {command}" in block, command


@pytest.mark.parametrize(
    ("args", "expected", "error"),
    [
        (["render", "document", "n.yaml"], "缺少必填选项 -o / --output", "MissingParameter"),
        (["render", "document"], "缺少参数「数据文件」", "MissingParameter"),
        (
            ["render", "document", "n.yaml", "通知.docx"],
            "多出的「通知.docx」如果是它的值，请写成 --output 通知.docx",
            "MissingParameter",
        ),
        (
            ["render", "document", "n.yaml", "--out", "x.docx"],
            "没有选项 --out；是否想用 --output",
            "NoSuchOption",
        ),
        (["rendr", "document"], "没有命令「rendr」：是否想用 render？", "UsageProblem"),
        (
            ["batch", "document", "r.csv", "-o", "out", "-j", "abc"],
            "选项 -j / --jobs 的值无效：应为整数",
            "BadParameter",
        ),
        (
            ["render", "document", "n.yaml", "-o"],
            "选项 -o 后面缺少文件：请写成 -o 文件",
            "BadOptionUsage",
        ),
        (
            ["render", "document", "n.yaml", "-o", "x.docx", "--force=yes"],
            "选项 --force 是开关",
            "BadOptionUsage",
        ),
        (
            ["render", "document", "n.yaml", "-o", "x.docx", "多余"],
            "多出的参数：多余",
            "UsageProblem",
        ),
        (
            ["render", "document", "n.yaml", "-o", "x.docx", "-v"],
            "-v 是总选项，要写在命令名之前",
            "NoSuchOption",
        ),
    ],
)
def test_usage_errors_are_one_chinese_sentence(
    tmp_path: Path, args: list[str], expected: str, error: str
) -> None:
    (tmp_path / "n.yaml").write_text(NOTICE, encoding="utf-8")
    result = run(*args, cwd=tmp_path)
    assert result.code == 2, result.stderr
    line = one_sentence(result)
    assert expected in line, line
    assert line.endswith(f"（{error}）"), line
    assert not ENGLISH.search(line.removesuffix(f"（{error}）")), line
    assert not (tmp_path / "x.docx").exists()


def test_version(tmp_path: Path) -> None:
    for flag in ("--version", "-V"):
        result = run(flag, cwd=tmp_path)
        assert result.code == 0
        assert result.stdout == f"doctemplates {metadata.version('doctemplates')}\n"


def _installed(result: Result) -> Path:
    match = re.fullmatch(
        r"已为 (\S+) 安装命令补全：(.+)；重新打开终端后生效", result.stderr.strip()
    )
    assert match, result.stderr
    return Path(match[2])


def test_shell_completion_installs_and_completes(tmp_path: Path) -> None:
    home = tmp_path / "home"
    shown = run("--show-completion", cwd=tmp_path, SHELL="/bin/bash", HOME=str(home))
    assert shown.code == 0 and "_DOCTEMPLATES_COMPLETE" in shown.stdout
    installed = run("--install-completion", cwd=tmp_path, SHELL="/bin/bash", HOME=str(home))
    assert installed.code == 0, installed.stderr
    script = _installed(installed)
    assert script.is_relative_to(home) and "_DOCTEMPLATES_COMPLETE" in script.read_text()
    # what the shell's Tab key runs: the words so far → the candidates
    completed = run(
        cwd=tmp_path,
        _DOCTEMPLATES_COMPLETE="complete_bash",
        COMP_WORDS="doctemplates ren",
        COMP_CWORD="1",
    )
    assert completed.code == 0 and "render" in completed.stdout.split()
    options = run(
        cwd=tmp_path,
        _DOCTEMPLATES_COMPLETE="complete_bash",
        COMP_WORDS="doctemplates batch document r.xlsx --she",
        COMP_CWORD="4",
    )
    assert "--sheet" in options.stdout.split()


def test_kinds_json_and_schema_output(tmp_path: Path) -> None:
    kinds = json.loads(run("kinds", "--json", cwd=tmp_path).stdout)
    names = {k["name"]: k for k in kinds}
    assert names["document"]["title"] == "通用公文" and "公文" in names["document"]["aliases"]
    table = run("kinds", cwd=tmp_path).stdout
    assert all(cell_len(line) <= 80 for line in table.splitlines()) and "…" not in table
    printed = run("schema", "plan", cwd=tmp_path)
    written = run("schema", "工作实施方案", "-o", "plan.schema.json", cwd=tmp_path)
    assert written.code == 0 and written.stderr.strip() == "已生成 plan.schema.json"
    on_disk = (tmp_path / "plan.schema.json").read_text(encoding="utf-8")
    assert json.loads(on_disk) == json.loads(printed.stdout)
    again = run("schema", "plan", "-o", "plan.schema.json", cwd=tmp_path)
    assert again.code == 1 and "已存在" in one_sentence(again)
    assert run("schema", "plan", "-o", "plan.schema.json", "--force", cwd=tmp_path).code == 0


def test_quiet_and_verbose(tmp_path: Path) -> None:
    (tmp_path / "n.yaml").write_text(NOTICE, encoding="utf-8")
    (tmp_path / "doctemplates.toml").write_text(
        '[defaults]\n"附注" = "此件公开发布"\n', encoding="utf-8"
    )
    normal = run("render", "document", "n.yaml", "-o", "a.docx", cwd=tmp_path)
    assert normal.code == 0 and normal.err_lines == ["已生成 a.docx"]
    quiet = run("-q", "render", "document", "n.yaml", "-o", "b.docx", cwd=tmp_path)
    assert quiet.code == 0 and quiet.stderr == "" and (tmp_path / "b.docx").exists()
    verbose = run("-v", "render", "document", "n.yaml", "-o", "c.docx", cwd=tmp_path)
    assert verbose.code == 0
    assert f"使用设置文件 {tmp_path / 'doctemplates.toml'}" in verbose.stderr
    # errors still show with --quiet
    failed = run("-q", "render", "document", "n.yaml", "-o", "c.docx", cwd=tmp_path)
    assert failed.code == 1 and "已存在" in one_sentence(failed)
