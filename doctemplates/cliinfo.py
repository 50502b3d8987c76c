"""Commands ``kinds`` and ``schema``: what the tool knows.  文种与数据结构。"""

from __future__ import annotations

import json
import sys
from typing import Annotated

import typer

from doctemplates.clifast import print_kinds
from doctemplates.clishared import app, examples_epilog, fail, kind_named, output_path, say
from doctemplates.errors import DocTemplatesError
from doctemplates.output import STDOUT, check_targets, write_atomic


@app.command(
    "kinds", epilog=examples_epilog("doctemplates kinds", "doctemplates kinds --json > 文种.json")
)
def kinds_command(
    as_json: Annotated[
        bool, typer.Option("--json", help="以 JSON 输出（名称、中文名、别名、说明、模板）")
    ] = False,
) -> None:
    """列出全部文种（名称、中文名、说明）。List document kinds."""
    print_kinds(as_json)  # also answered before typer loads: doctemplates.clifast


@app.command(
    "schema",
    epilog=examples_epilog(
        "doctemplates schema plan",
        "doctemplates schema 工作实施方案 -o plan.schema.json",
    ),
)
def schema_command(
    kind: Annotated[str, typer.Argument(metavar="文种", help="文种名称，如 plan 或 工作实施方案")],
    output: Annotated[
        str,
        typer.Option(
            "-o", "--output", metavar="文件", help="写入文件（.json）；- 表示屏幕（标准输出）"
        ),
    ] = STDOUT,
    force: Annotated[bool, typer.Option("--force", help="覆盖已存在的输出文件")] = False,
) -> None:
    """输出文种数据的 JSON Schema（字段、中文名、说明）。Print the kind's JSON Schema."""
    chosen = kind_named(kind)
    text = json.dumps(chosen.schema(), ensure_ascii=False, indent=2) + "\n"
    if output == STDOUT:
        sys.stdout.write(text)
        return
    target = output_path(output)
    try:
        check_targets([target], overwrite=force)
        written = write_atomic(target, text.encode("utf-8"), overwrite=force)
    except DocTemplatesError as exc:
        fail(exc)
    say(f"已生成 {written}")
