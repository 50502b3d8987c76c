"""Commands ``new``, ``check`` and ``lint``: make templates, check documents and templates.  模板与检查。"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from doctemplates.clishared import (
    PDF_EXTRA,
    LimitOption,
    app,
    cli_settings,
    examples_epilog,
    fail,
    kind_named,
    limits_from,
    output_path,
    pdf_extra_missing,
    say,
)
from doctemplates.errors import DataError, DocTemplatesError, OutputError
from doctemplates.output import check_targets, write_atomic


@app.command(
    "new",
    epilog=examples_epilog(
        "doctemplates new 我的模板.docx",
        "doctemplates new 我的函.docx --format 信函",
        "doctemplates new 政府令.docx --format 命令",
    ),
)
def new_command(
    target: Annotated[str, typer.Argument(metavar="模板文件", help="新模板文件（.docx）")],
    fmt: Annotated[
        str,
        typer.Option("--format", metavar="格式", help="公文格式：文件、信函、讲话、纪要或命令"),
    ] = "文件",
    force: Annotated[bool, typer.Option("--force", help="覆盖已存在的文件")] = False,
) -> None:
    """按国标版式新建一个可编辑的模板。Scaffold a staff-editable template."""
    from doctemplates.layout import FORMATS, build_template

    path = output_path(target)
    name = fmt.removesuffix("格式")
    if name not in FORMATS:
        fail(DataError(f"未知的公文格式：{fmt}（可用：{'、'.join(FORMATS)}）", field="--format"), 2)
    if path.suffix.lower() != ".docx":
        fail(OutputError(f"模板文件应以 .docx 结尾：{path.name}"), 2)
    try:
        check_targets([path], overwrite=force)
        written = write_atomic(path, build_template(name), overwrite=force)
    except DocTemplatesError as exc:
        fail(exc)
    say(f"已生成模板 {written}（{name}格式）")


@app.command(
    "check",
    epilog=examples_epilog(
        "doctemplates check 通知.docx",
        "doctemplates check 通知.pdf --json",
        "doctemplates check 函.docx --format 信函 --date-style chinese",
    ),
)
def check_command(
    file: Annotated[Path, typer.Argument(metavar="文件", help="要检查的公文（.docx 或 .pdf）")],
    fmt: Annotated[
        str | None,
        typer.Option(
            "--format",
            metavar="格式",
            help="公文格式：文件、信函、讲话、纪要或命令（默认自动判断）",
        ),
    ] = None,
    date_style: Annotated[
        str | None,
        typer.Option(
            "--date-style",
            metavar="写法",
            show_default=False,
            help="成文日期写法：arabic（默认）、chinese 或 any；默认取设置文件 [check] 日期写法",
        ),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="以 JSON 输出")] = False,
    limit: LimitOption = None,
    source: Annotated[
        Path | None,
        typer.Option(
            "--source", metavar="文件", help="PDF 的来源 .docx：逐字比对两者的文字（只用于 PDF）"
        ),
    ] = None,
) -> None:
    """按 GB/T 9704-2012 检查公文版式，每条结果注明条款、位置、应为与实为。Check a document.

    检查 .docx 不需要 PDF 扩展；检查 PDF 需要 pip install 'doctemplates[pdf]'。
    退出码：0 没有错误（可能有警告）；1 有错误；2 文件或参数有误。
    """
    limits = limits_from(limit)
    style = date_style or cli_settings().date_style or "arabic"
    if style not in ("arabic", "chinese", "any"):
        fail(
            DataError(
                f"未知的日期写法：{style}（应为 arabic、chinese 或 any）", field="--date-style"
            ),
            2,
        )
    if file.suffix.lower() == ".pdf" and pdf_extra_missing():
        fail(DocTemplatesError(f"检查 PDF 需要 PDF 扩展：请先运行 {PDF_EXTRA}"), 1)
    from doctemplates.check import run_check

    try:
        code = run_check(
            file,
            as_json=as_json,
            fmt=fmt,
            date_style=None if style == "any" else style,  # type: ignore[arg-type]
            limits=limits,
            source=source,
        )
    except DocTemplatesError as exc:
        fail(exc, 2)
    raise typer.Exit(code)


@app.command(
    "lint",
    epilog=examples_epilog(
        "doctemplates lint 我的模板.docx",
        "doctemplates lint 我的模板.docx --kind document --json",
    ),
)
def lint_command(
    template: Annotated[Path, typer.Argument(metavar="模板文件", help="要检查的模板（.docx）")],
    kind: Annotated[
        str | None,
        typer.Option("--kind", metavar="文种", help="按该文种的数据检查模板变量"),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="以 JSON 输出")] = False,
) -> None:
    """检查模板：标签语法、被拆开的标签、中文引号、未知变量、外部链接和宏，以及页面设置、样式字体字号、标志颜色和页码（GB/T 9704）。Lint a template.

    退出码：0 没有问题；1 有问题；2 不是模板文件。
    """
    from doctemplates.lint import lint_template

    named = kind_named(kind) if kind else None
    try:
        findings = lint_template(
            _read_bytes(template),
            context_type=named.context_type if named else None,
            groups=named.groups if named else None,
        )
    except DocTemplatesError as exc:  # LintError (not a template) is one
        fail(exc, 2)
    from doctemplates.findings import findings_json, format_findings

    text = (findings_json if as_json else format_findings)(findings, source=str(template))
    print(text)  # as check prints (plain text: no rich markup or emoji codes)
    if any(f.severity != "info" for f in findings):
        raise typer.Exit(1)


def _read_bytes(path: Path) -> bytes:
    from doctemplates.errors import os_reason
    from doctemplates.lint import LintError

    try:
        return path.read_bytes()
    except OSError as exc:
        raise LintError(f"无法读取文件 {path}：{os_reason(exc)}") from exc
