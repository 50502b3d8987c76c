"""Commands ``doctor`` and ``config``: this machine and its settings.  环境与设置。"""

from __future__ import annotations

import json
import sys
from typing import Annotated

import typer
from rich.cells import cell_len

from doctemplates.clikit import columns, terminal_width
from doctemplates.clishared import (
    PDF_EXTRA,
    RUN,
    FontDirOption,
    app,
    cli_settings,
    examples_epilog,
    fail,
    font_dirs_from,
    pdf_extra_missing,
)
from doctemplates.errors import DocTemplatesError


@app.command(
    "doctor",
    epilog=examples_epilog("doctemplates doctor", "doctemplates doctor --font-dir ~/字体"),
)
def doctor_command(font_dir: FontDirOption = None) -> None:
    """检查本机环境：LibreOffice 版本、转换方式、各标准字体实际使用的字体。Check this machine.

    需要 PDF 扩展（pip install 'doctemplates[pdf]'）。没有 LibreOffice 时退出码为 1。
    """
    if pdf_extra_missing():
        fail(DocTemplatesError(f"doctor 检查的是 PDF 环境，需要 PDF 扩展：请先运行 {PDF_EXTRA}"))
    fonts = font_dirs_from(font_dir)
    from doctemplates.pdf import doctor_report, soffice_path

    rows = doctor_report(fonts or None)
    gap = min(max(cell_len(item) for item, _ in rows) + 2, 24)
    for item, finding in rows:
        for line in columns(item, finding, 0, gap, terminal_width()):
            sys.stdout.write(line + "\n")
    if soffice_path() is None:
        raise typer.Exit(1)


@app.command(
    "config",
    epilog=examples_epilog(
        "doctemplates config",
        "doctemplates --config 本单位.toml config",
        "doctemplates config --json",
    ),
)
def config_command(
    as_json: Annotated[bool, typer.Option("--json", help="以 JSON 输出")] = False,
) -> None:
    """显示生效的设置及其来源（设置文件 doctemplates.toml）。Show the effective settings.

    设置文件依次读取：用户配置文件夹中的 doctemplates.toml，然后当前文件夹中的
    doctemplates.toml（或 --config 指定的文件），后读的优先；数据文件中的值总是优先于设置。
    """
    from doctemplates.kinds import available_kinds
    from doctemplates.settings import settings_files

    settings = cli_settings()
    files = settings_files(RUN.config)
    rows = settings.rows()
    unused = set(settings.unused(available_kinds().values()))
    if as_json:
        sys.stdout.write(
            json.dumps(
                {
                    "files": [{"path": str(p), "found": p in settings.files} for p in files],
                    "settings": [
                        {
                            "key": r.key,
                            "value": r.value,
                            "source": r.source,
                            "used": r.key not in unused,
                        }
                        for r in rows
                    ],
                },
                ensure_ascii=False,
                indent=2,
                default=str,
            )
            + "\n"
        )
        return
    width = terminal_width()
    sys.stdout.write("设置文件（后读的优先）：\n")
    for path in files:
        state = "已读取" if path in settings.files else "不存在"
        for line in columns(state, str(path), 2, 10, width):
            sys.stdout.write(line + "\n")
    if not rows:
        sys.stdout.write("没有生效的设置。\n")
        return
    sys.stdout.write("生效的设置：\n")
    gap = min(max(cell_len(r.key) for r in rows) + 4, 30)
    for row in rows:
        value = "、".join(map(str, row.value)) if isinstance(row.value, list) else str(row.value)
        note = "；没有文种有这个字段，不起作用（可能拼错）" if row.key in unused else ""
        for line in columns(row.key, f"{value}（来自 {row.source}{note}）", 2, gap, width):
            sys.stdout.write(line + "\n")
