"""Commands ``import`` and ``format`` (issue 15).  导入与整理。"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated, Any

import typer

from doctemplates.clirender import (
    convert_outputs,
    render_plan,
    write_outputs,
)
from doctemplates.clishared import app, examples_epilog, fail, output_path, require_pdf, say
from doctemplates.errors import DataError, DocTemplatesError, OutputExistsError
from doctemplates.output import check_targets, write_atomic

# -- import / format (issue 15) -------------------------------------------------------------
_NORMALIZE_RULES = (
    "punctuation",
    "label",
    "renumber",
    "heading-number",
    "leading-zeros",
    "doc-number",
    "date",
    "unwrap",
    "title-lines",
)
NoNormalizeOption = Annotated[
    list[str] | None,
    typer.Option(
        "--no-normalize",
        metavar="规则",
        help="关闭一条规范化规则（可多次指定）：" + "、".join(_NORMALIZE_RULES),
    ),
]
ImportKindOption = Annotated[
    str | None, typer.Option("--kind", metavar="文种", help="文种（目前为 document）")
]

#: Errors in the options (not in the draft) are usage errors: exit code 2.
_USAGE_CODE = {"--no-normalize": 2, "--kind": 2}


def _import_draft(draft: Path, kind: str | None, no_normalize: list[str] | None) -> Any:
    from doctemplates.importer import import_file, options

    try:
        return import_file(draft, kind=kind, options=options(no_normalize or []))
    except DocTemplatesError as exc:
        fail(exc, _USAGE_CODE.get(exc.field or "", 1))


def _print_import_report(result: Any) -> None:
    """识别 / 规范 / 未能确定 / 说明, normalisations grouped by rule."""
    from doctemplates.importer import RULES

    titles = {rule.id: rule.title for rule in RULES}
    report = result.report
    say(f"识别：{result.model.format}格式；标题“{result.model.title}”")
    for entry in report.of("recognised"):
        if entry.element not in ("title", "body") and not entry.message.startswith("第 "):
            say(f"  {entry.where}：{entry.message}")
    levels: dict[str, int] = {}
    for entry in report.of("recognised"):
        if entry.message.startswith("第 ") and "级" in entry.message:
            key = entry.message.split("“")[0]
            levels[key] = levels.get(key, 0) + 1
    if levels:
        say("  层次：" + "，".join(f"{k} {n} 处" for k, n in levels.items()))
    grouped: dict[str, list[Any]] = {}
    for entry in report.of("normalised"):
        grouped.setdefault(entry.rule or "", []).append(entry)
    if grouped:
        say("规范：")
    for rule, entries in grouped.items():
        places = "、".join(dict.fromkeys(e.where for e in entries[:5]))
        more = "等" if len(entries) > 5 else ""
        say(f"  {titles.get(rule, rule)}（{rule}）：{len(entries)} 处（{places}{more}）")
    undecided = report.of("undecided")
    if undecided:
        say("未能确定：")
    for entry in undecided:
        excerpt = f"「{entry.text[:40]}」" if entry.text else ""
        say(f"  {entry.where}{excerpt}：{entry.message}")
    notes = report.of("note")
    whole = [e for e in notes if e.where == "全文"]
    local = [e for e in notes if e.where != "全文"]
    shown = 3 if whole else 10
    for entry in whole + local[:shown]:
        say(f"说明：{entry.where}：{entry.message}")
    if len(local) > shown:
        say(
            f"说明：另有 {len(local) - shown} 条逐段说明（完整报告：import 草稿 --report 报告.txt）"
        )


def _media_targets(result: Any, folder: Path) -> list[Path]:
    return [folder / name for name in sorted(result.media)]


@app.command(
    "import",
    epilog=examples_epilog(
        "doctemplates import 草稿.docx -o 通知.yaml",
        "doctemplates import 草稿.txt -o 通知.yaml --report 报告.txt",
        "doctemplates import 草稿.md --no-normalize punctuation > 通知.yaml",
    ),
)
def import_command(
    draft: Annotated[Path, typer.Argument(metavar="草稿", help="草稿：.txt、.md 或 .docx")],
    output: Annotated[
        str | None,
        typer.Option(
            "-o",
            "--output",
            metavar="文件",
            help="写出的数据文件（.yaml）；不填则输出到屏幕",
        ),
    ] = None,
    kind: ImportKindOption = None,
    no_normalize: NoNormalizeOption = None,
    force: Annotated[bool, typer.Option("--force", help="覆盖已存在的输出文件")] = False,
    report: Annotated[
        Path | None,
        typer.Option("--report", metavar="文件", help="把完整报告（逐段的每一条）写入文件"),
    ] = None,
) -> None:
    """把草稿（文本、Markdown、Word）转成公文数据文件，并报告识别和规范化的内容。Import a draft.

    草稿中的每个字都保留，只做报告中列出的规范化（可用 --no-normalize 关闭）；
    生成的数据文件可直接用于 doctemplates render。
    """
    target = output_path(output) if output is not None else None
    planned = [p for p in (target, report) if p is not None]
    try:
        check_targets(planned, overwrite=force)
    except DocTemplatesError as exc:
        fail(exc)
    result = _import_draft(draft, kind, no_normalize)
    try:
        taken = _media_targets(result, target.parent) if target is not None else []
        clash = next((p for p in taken if p.exists() or p.is_symlink()), None)
        if clash is not None and not force:
            raise OutputExistsError(f"图片 {clash} 已存在（如需覆盖请使用 --force）")
        if report is not None:
            write_atomic(report, (result.report.text() + "\n").encode("utf-8"), overwrite=force)
    except DocTemplatesError as exc:
        fail(exc)
    _print_import_report(result)
    if target is None:
        sys.stdout.write(result.yaml())
        return
    try:
        for path, name in zip(
            _media_targets(result, target.parent), sorted(result.media), strict=True
        ):
            path.parent.mkdir(parents=True, exist_ok=True)
            write_atomic(path, result.media[name], overwrite=force)
        say(f"已生成 {write_atomic(target, result.yaml().encode('utf-8'), overwrite=force)}")
    except DocTemplatesError as exc:
        fail(exc)


@app.command(
    "format",
    epilog=examples_epilog(
        "doctemplates format 草稿.docx -o 通知.docx",
        "doctemplates format 草稿.txt -o 通知.docx --pdf",
        "doctemplates format 草稿.md --dry-run",
    ),
)
def format_command(
    draft: Annotated[Path, typer.Argument(metavar="草稿", help="草稿：.txt、.md 或 .docx")],
    output: Annotated[
        str | None,
        typer.Option("-o", "--output", metavar="文件", help="输出的公文（.docx）"),
    ] = None,
    pdf: Annotated[
        bool, typer.Option("--pdf", help="另外生成同名的 PDF（需要 LibreOffice）")
    ] = False,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="只报告识别和规范化的结果，不生成文件")
    ] = False,
    kind: ImportKindOption = None,
    no_normalize: NoNormalizeOption = None,
    force: Annotated[bool, typer.Option("--force", help="覆盖已存在的输出文件")] = False,
) -> None:
    """一键排版：导入草稿，按 GB/T 9704 模板生成公文，再检查结果。Format a draft in one step.

    退出码：0 完成（检查可能有警告）；1 草稿或检查有错误；2 用法错误。
    """
    import tempfile

    from doctemplates.check import check_docx, exit_code, format_findings
    from doctemplates.kinds import get_kind

    if output is None and not dry_run:
        fail(DataError("请用 -o 指定输出的 .docx 文件（或用 --dry-run 只看报告）", field="-o"), 2)
    plan = render_plan(output, pdf) if output is not None and not dry_run else None
    if plan is not None:
        try:
            check_targets(plan.files, overwrite=force)
        except DocTemplatesError as exc:
            fail(exc)
        if plan.pdf:
            require_pdf("生成 PDF ")
    result = _import_draft(draft, kind, no_normalize)
    _print_import_report(result)
    if plan is None:
        return
    document_kind = get_kind("document")
    from doctemplates.data import data_dir

    try:
        with tempfile.TemporaryDirectory(prefix="doctemplates-format-") as folder:
            result.write_media(folder)
            with data_dir(folder):
                prepared = document_kind.prepare(result.model)
            document = prepared.render()  # pictures are read while rendering: in the folder
        findings = check_docx(document, date_style=result.model.date_style)
        converted = (
            convert_outputs(document, prepared.metadata(), [], False, None, False)
            if plan.pdf
            else None
        )
    except DocTemplatesError as exc:
        fail(exc)
    write_outputs(plan, document, converted.pdf if converted else None, force)
    say(
        format_findings(findings, source=str(plan.docx or plan.pdf))
        if findings
        else "检查：未发现问题"
    )
    if exit_code(findings):
        raise typer.Exit(1)
