"""Command line: ``doctemplates kinds|schema|render``.  命令行。

User mistakes print one Chinese sentence (with the English class name) and
exit non-zero — never a traceback.  Exit codes: 0 done, 1 data/template error,
2 usage error.
"""

from __future__ import annotations

import contextlib
import dataclasses
import itertools
import json
import os
import sys
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Annotated, Any, NoReturn

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from doctemplates.data import KIND_KEY, data_dir, load_data
from doctemplates.errors import DataError, DocTemplatesError
from doctemplates.inputs import LIMIT_HELP, LimitError, Limits, parse_limits
from doctemplates.kinds import Kind, available_kinds, get_kind
from doctemplates.output import check_name, write_atomic

__all__ = ["app", "main"]

app = typer.Typer(
    help="党政机关公文生成工具（GB/T 9704-2012）。Generate Chinese official documents.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
_err = Console(stderr=True)
_out = Console()


def _fail(error: DocTemplatesError, code: int = 1) -> NoReturn:
    text = error.describe().encode("utf-8", "backslashreplace").decode("utf-8")
    _err.print(f"[bold red]错误：[/]{escape(text)}", highlight=False, soft_wrap=True)
    raise typer.Exit(code)


_LIMIT_OPTION_HELP = "资源上限，可多次指定，如 --limit rows=200000；可用：" + "、".join(
    name.replace("_", "-") for name in LIMIT_HELP
)
LimitOption = Annotated[
    list[str] | None, typer.Option("--limit", metavar="名称=值", help=_LIMIT_OPTION_HELP)
]


def _limits(items: list[str] | None) -> Limits:
    """``--limit`` values (usage errors exit 2); ``pdf-rss-mb`` also reaches the PDF pool."""
    try:
        limits = parse_limits(items or ())
    except DataError as exc:
        _fail(exc, 2)
    if any(item.strip().replace("_", "-").startswith("pdf-rss-mb=") for item in items or ()):
        os.environ["DOCTEMPLATES_PDF_MAX_RSS_MB"] = str(limits.pdf_rss_mb)
    return limits


def _output(raw: str) -> Path:
    """The ``-o`` path: an empty or over-long name is refused before any work."""
    try:
        check_name(raw)
    except DocTemplatesError as exc:
        _fail(exc, 2)
    return Path(raw)


@app.command("kinds")
def kinds_command() -> None:
    """列出全部文种（名称、中文名、说明、模板）。List document kinds."""
    table = Table(title="文种 / kinds")
    for column in ("名称 name", "中文名", "说明", "模板 template"):
        table.add_column(column)
    for kind in available_kinds().values():
        table.add_row(kind.name, kind.title, kind.description, str(kind.default_template or ""))
    _out.print(table)


@app.command("schema")
def schema_command(
    kind: Annotated[str, typer.Argument(help="文种名称，如 plan 或 工作实施方案")],
) -> None:
    """输出文种数据的 JSON Schema。Print the kind's JSON Schema."""
    try:
        schema = get_kind(kind).schema()
    except DocTemplatesError as exc:
        _fail(exc, 2)
    sys.stdout.write(json.dumps(schema, ensure_ascii=False, indent=2) + "\n")


@app.command("render")
def render_command(
    kind: Annotated[str, typer.Argument(help="文种名称，如 plan、document")],
    data: Annotated[str, typer.Argument(help="数据文件（.yaml/.yml/.json），或 - 表示标准输入")],
    output: Annotated[str, typer.Option("-o", "--output", help="输出的 .docx 文件")],
    template: Annotated[
        Path | None, typer.Option("--template", help="使用修改过的模板代替内置模板")
    ] = None,
    force: Annotated[bool, typer.Option("--force", help="覆盖已存在的输出文件")] = False,
    pdf: Annotated[bool, typer.Option("--pdf", help="同时生成 PDF（需要 LibreOffice）")] = False,
    font_dir: Annotated[
        list[Path] | None,
        typer.Option("--font-dir", help="本单位字体文件夹（可多次指定），优先于替代字体"),
    ] = None,
    strict_fonts: Annotated[
        bool, typer.Option("--strict-fonts", help="缺少标准字体（如仿宋_GB2312）时不生成 PDF")
    ] = False,
    watermark: Annotated[
        str | None, typer.Option("--watermark", help="在 PDF 每页加斜向水印，如 征求意见稿")
    ] = None,
    pdfa: Annotated[bool, typer.Option("--pdfa", help="生成 PDF/A-2b 归档格式")] = False,
    limit: LimitOption = None,
) -> None:
    """按数据渲染一份公文。Render one document from a data file."""
    limits = _limits(limit)
    target = _output(output)
    try:
        chosen = get_kind(kind)
    except DocTemplatesError as exc:
        _fail(exc, 2)
    try:
        with data_dir(Path(data).parent if data != "-" else Path.cwd()):
            payload = chosen.validate(data_for_kind(chosen, load_data(data, limits=limits)))
            # pictures in the data (body figures, seal) are relative to the data file too
            document = chosen.render(payload, template=template)
        written = write_atomic(target, document, overwrite=force)
        notices = chosen.notices(payload)
    except DocTemplatesError as exc:
        _fail(exc)
    for notice in notices:
        _err.print(f"[yellow]提示：[/]{escape(notice)}", highlight=False, soft_wrap=True)
    _err.print(f"已生成 {written}", highlight=False, markup=False, soft_wrap=True)
    if pdf or watermark or pdfa or strict_fonts:
        options = _PdfChoices(
            font_dir or [], strict_fonts, watermark, pdfa, chosen.metadata(payload)
        )
        _write_pdf(written, force, options)


@app.command("batch")
def batch_command(
    kind: Annotated[str, typer.Argument(help="文种名称，如 proposal-reply")],
    records: Annotated[Path, typer.Argument(help="记录文件：.xlsx、.csv（UTF-8 或 GBK）或 .jsonl")],
    output: Annotated[Path, typer.Option("-o", "--output", help="输出目录")],
    jobs: Annotated[
        int,
        typer.Option("--jobs", "-j", help="并行进程数（默认 CPU 核数，上限见 --limit jobs）"),
    ] = os.cpu_count() or 1,
    name: Annotated[
        str | None, typer.Option("--name", help='文件名模式，如 "{提案号}-{案由}"')
    ] = None,
    resume: Annotated[
        bool, typer.Option("--resume", help="续做：跳过已生成且校验一致的记录")
    ] = False,
    force: Annotated[bool, typer.Option("--force", help="覆盖输出目录中已有的结果")] = False,
    template: Annotated[
        Path | None, typer.Option("--template", help="使用修改过的模板代替内置模板")
    ] = None,
    pdf: Annotated[bool, typer.Option("--pdf", help="同时生成 PDF（需要 LibreOffice）")] = False,
    defaults: Annotated[
        Path | None,
        typer.Option(
            "--defaults", help="各行共用的数据（.yaml/.json），如发文机关、联系人；表格中的值优先"
        ),
    ] = None,
    limit: LimitOption = None,
    executor_url: Annotated[
        str | None,
        typer.Option(
            "--executor",
            help="在 Dask 集群上生成：dask://主机:端口（加 ?output=shared 则由各节点直接写入共享目录）",
        ),
    ] = None,
) -> None:
    """按表格批量生成公文：每行一份。Render one document per record.

    退出码：0 全部成功；1 有记录失败（见 输出目录/errors.csv）或超出资源上限；2 用法错误。
    """
    from doctemplates.batch import BatchError, render_many, write_errors
    from doctemplates.records import read_records

    limits = _limits(limit)
    if not 1 <= jobs <= limits.jobs:
        _fail(
            BatchError(
                f"--jobs 应在 1 到 {limits.jobs} 之间（本机 {os.cpu_count() or 1} 核；"
                "上限可用 --limit jobs=N 调整），实为 {jobs}".replace("{jobs}", str(jobs))
            ),
            2,
        )
    try:
        chosen = get_kind(kind)
        shared = data_for_kind(chosen, load_data(defaults, limits=limits)) if defaults else {}
        stream = read_records(records, chosen.model, provided=frozenset(shared), limits=limits)
        first = next(stream, None)  # header problems surface before anything is written
        all_records = with_defaults(itertools.chain([first] if first else [], stream), shared)
    except BatchError as exc:
        _fail(exc, 2)
    except LimitError as exc:
        _fail(exc, 1)
    except DocTemplatesError as exc:
        _fail(exc, 2 if exc.row in (None, 1) else 1)
    executor = _batch_executor(executor_url, jobs)
    try:
        with _progress() as advance:
            results = render_many(
                chosen.name,
                all_records,
                output,
                executor=executor,
                name=name,
                resume=resume,
                force=force,
                template=template,
                pdf=pdf,
                on_result=advance,
            )
        errors_file = write_errors(output, results, force=force)
    except BatchError as exc:
        _fail(exc, 2)
    except DocTemplatesError as exc:
        _fail(exc, 1)
    finally:
        executor.shutdown(cancel_futures=True)
    _summarise(results, output, errors_file)


def _batch_executor(url: str | None, jobs: int) -> Any:
    """The executor of ``batch``: a Dask cluster (``--executor``), or the local one for ``jobs``."""
    if url:
        from doctemplates.batch import BatchError
        from doctemplates.cluster import dask_executor

        try:
            return dask_executor(url)
        except BatchError as exc:
            _fail(exc, 2)
    from doctemplates.batch import new_executor

    return new_executor(jobs)


def _summarise(results: list[Any], output: Path, errors_file: Path | None) -> None:
    failed = [r for r in results if not r.ok]
    skipped = sum(1 for r in results if r.skipped)
    from doctemplates.batch import printable

    for result in failed:
        column = f"，列 {result.field}" if result.field else ""
        _err.print(
            printable(f"第 {result.row} 行{column}：{result.error}"),
            highlight=False,
            markup=False,
            soft_wrap=True,
        )
    done = len(results) - len(failed) - skipped
    _err.print(
        f"完成：生成 {done} 份，跳过 {skipped} 份，失败 {len(failed)} 份；输出目录 {output}",
        highlight=False,
        markup=False,
        soft_wrap=True,
    )
    if errors_file:
        _err.print(f"失败记录见 {errors_file}", highlight=False, markup=False, soft_wrap=True)
        raise typer.Exit(1)


@contextlib.contextmanager
def _progress() -> Iterator[Callable[[Any], None]]:
    if not _err.is_terminal:
        yield lambda _result: None
        return
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    with Progress(
        TextColumn("生成中"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(), console=_err
    ) as bar:
        task = bar.add_task("batch", total=None)
        yield lambda _result: bar.advance(task)


@app.command("new")
def new_command(
    target: Annotated[str, typer.Argument(help="新模板文件（.docx）")],
    fmt: Annotated[str, typer.Option("--format", help="公文格式：文件、信函、讲话或纪要")] = "文件",
    force: Annotated[bool, typer.Option("--force", help="覆盖已存在的文件")] = False,
) -> None:
    """按国标版式新建一个可编辑的模板。Scaffold a staff-editable template."""
    from doctemplates.layout import FORMATS, build_template

    path = _output(target)
    name = fmt.removesuffix("格式")
    if name not in FORMATS:
        _fail(
            DataError(f"未知的公文格式：{fmt}（可用：{'、'.join(FORMATS)}）", field="--format"), 2
        )
    try:
        written = write_atomic(path, build_template(name), overwrite=force)
    except DocTemplatesError as exc:
        _fail(exc)
    _err.print(f"已生成模板 {written}（{name}格式）", highlight=False, markup=False, soft_wrap=True)


@app.command("check")
def check_command(
    file: Annotated[Path, typer.Argument(help="要检查的公文（.docx 或 .pdf）")],
    fmt: Annotated[
        str | None,
        typer.Option("--format", help="公文格式：文件、信函、讲话或纪要（默认自动判断）"),
    ] = None,
    date_style: Annotated[
        str, typer.Option("--date-style", help="成文日期写法：arabic（默认）、chinese 或 any")
    ] = "arabic",
    as_json: Annotated[bool, typer.Option("--json", help="以 JSON 输出")] = False,
    limit: LimitOption = None,
    source: Annotated[
        Path | None,
        typer.Option("--source", help="PDF 的来源 .docx：逐字比对两者的文字（只用于 PDF）"),
    ] = None,
) -> None:
    """按 GB/T 9704-2012 检查公文版式，每条结果注明条款、位置、应为与实为。Check a document.

    退出码：0 没有错误（可能有警告）；1 有错误；2 文件或参数有误。
    """
    from doctemplates.check import run_check

    limits = _limits(limit)
    if date_style not in ("arabic", "chinese", "any"):
        _fail(
            DataError(
                f"未知的日期写法：{date_style}（应为 arabic、chinese 或 any）", field="--date-style"
            ),
            2,
        )
    try:
        code = run_check(
            file,
            as_json=as_json,
            fmt=fmt,
            date_style=None if date_style == "any" else date_style,  # type: ignore[arg-type]
            limits=limits,
            source=source,
        )
    except DocTemplatesError as exc:
        _fail(exc, 2)
    raise typer.Exit(code)


@app.command("lint")
def lint_command(
    template: Annotated[Path, typer.Argument(help="要检查的模板 .docx")],
    kind: Annotated[str | None, typer.Option("--kind", help="按该文种的数据检查模板变量")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="以 JSON 输出")] = False,
) -> None:
    """检查模板：标签语法、被拆开的标签、中文引号、未知变量、外部链接和宏。Lint a template.

    退出码：0 没有问题；1 有问题；2 不是模板文件。
    """
    from doctemplates.lint import LintError, lint_template

    try:
        context_type = get_kind(kind).context_type if kind else None
        findings = lint_template(_read_bytes(template), context_type=context_type)
    except LintError as exc:
        _fail(exc, 2)
    except DocTemplatesError as exc:
        _fail(exc, 2)
    if as_json:
        sys.stdout.write(
            json.dumps([f.as_dict() for f in findings], ensure_ascii=False, indent=2) + "\n"
        )
    else:
        _print_findings(template, findings)
    if any(f.severity != "info" for f in findings):
        raise typer.Exit(1)


def _print_findings(template: Path, findings: list[Any]) -> None:
    names = {"error": "[red]错误[/]", "warning": "[yellow]警告[/]", "info": "[green]已修复[/]"}
    for f in findings:
        where = (
            f.where
            + (f"，段落「{escape(f.paragraph[:40])}」" if f.paragraph else "")
            + (f"，标签 {escape(f.tag)}" if f.tag else "")
        )
        _out.print(
            f"{names[f.severity]} {where}：{escape(f.message)}", highlight=False, soft_wrap=True
        )
    problems = sum(1 for f in findings if f.severity != "info")
    _out.print(
        f"{template}：{problems} 个问题" if problems else f"{template}：未发现问题",
        highlight=False,
        markup=False,
        soft_wrap=True,
    )


def _read_bytes(path: Path) -> bytes:
    from doctemplates.lint import LintError

    try:
        return path.read_bytes()
    except OSError as exc:
        raise LintError(f"无法读取文件 {path}：{exc.strerror}") from exc


def with_defaults(records: Iterable[Any], shared: dict[str, Any]) -> Iterator[Any]:
    """Merge shared settings under every record (the record's own values win)."""
    from doctemplates.records import Record

    for record in records:
        yield Record(record.row, _merge(shared, record.data)) if shared else record


def _merge(base: dict[str, Any], override: dict[str, Any]) -> dict[str, Any]:
    merged = dict(base)
    for key, value in override.items():
        if isinstance(value, dict) and isinstance(merged.get(key), dict):
            merged[key] = _merge(merged[key], value)
        else:
            merged[key] = value
    return merged


def data_for_kind(kind: Kind, data: dict[str, Any]) -> dict[str, Any]:
    """Drop the optional ``kind:`` key of a data file after checking it matches."""
    named = data.get(KIND_KEY)
    if named is None:
        return data
    if get_kind(str(named)).name != kind.name:
        raise DataError(f"数据文件是为文种 {named} 准备的，不能用于 {kind.name}", field=KIND_KEY)
    return {k: v for k, v in data.items() if k != KIND_KEY}


@dataclasses.dataclass(frozen=True)
class _PdfChoices:
    font_dirs: list[Path]
    strict_fonts: bool
    watermark: str | None
    pdfa: bool
    metadata: dict[str, Any]


def _write_pdf(docx_path: Path, force: bool, choices: _PdfChoices) -> None:
    from doctemplates.pdf import PdfMetadata, PdfOptions, PdfUnavailableError, convert_file_result

    options = PdfOptions(
        metadata=PdfMetadata(**choices.metadata),
        watermark=choices.watermark,
        pdfa=choices.pdfa,
        strict_fonts=choices.strict_fonts,
    )
    try:
        pdf_path, result = convert_file_result(
            docx_path, overwrite=force, options=options, font_dirs=choices.font_dirs or None
        )
    except PdfUnavailableError as exc:
        _err.print(
            f"[yellow]未生成 PDF：[/]{escape(exc.describe())}", highlight=False, soft_wrap=True
        )
        return
    except DocTemplatesError as exc:
        _fail(exc)
    for use in result.fonts.standard_substitutions:
        _err.print(
            f"[yellow]字体替代：[/]{escape(use.requested)} → {escape(use.family or use.used or '')}",
            highlight=False,
            soft_wrap=True,
        )
    _err.print(f"已生成 {pdf_path}", highlight=False, markup=False, soft_wrap=True)


@app.command("serve")
def serve_command(
    host: Annotated[str, typer.Option("--host", help="监听地址（默认只监听本机）")] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", min=1, max=65535, help="端口")] = 8000,
    workers: Annotated[
        int, typer.Option("--workers", min=1, max=64, help="服务进程数（各有自己的 PDF 转换进程）")
    ] = 1,
    pdf_workers: Annotated[
        int,
        typer.Option(
            "--pdf-workers", min=0, max=32, help="每个服务进程的 LibreOffice 进程数（0 不提供 PDF）"
        ),
    ] = 2,
    token_file: Annotated[
        Path | None,
        typer.Option(
            "--token-file", help="访问令牌文件（每行一个）；设置后请求需带 Authorization: Bearer"
        ),
    ] = None,
    cors_origin: Annotated[
        list[str] | None, typer.Option("--cors-origin", help="允许跨域访问的来源（默认不允许）")
    ] = None,
    max_body_mb: Annotated[
        float, typer.Option("--max-body-mb", min=0.001, help="JSON 请求体上限（MiB）")
    ] = 4,
    max_upload_mb: Annotated[
        float, typer.Option("--max-upload-mb", min=0.001, help="上传请求体上限（MiB）")
    ] = 32,
    max_records: Annotated[
        int, typer.Option("--max-records", min=1, help="一次批量生成的记录数上限")
    ] = 10_000,
    pdf_queue: Annotated[
        int, typer.Option("--pdf-queue", min=0, help="PDF 排队数上限，满则回答 429")
    ] = 8,
    pdf_timeout: Annotated[
        float, typer.Option("--pdf-timeout", min=1, help="一次 PDF 转换的时限（秒），超过回答 503")
    ] = 60,
    batch_workers: Annotated[
        int, typer.Option("--batch-workers", min=1, max=64, help="批量生成的渲染进程数")
    ] = 1,
    render_threads: Annotated[
        int,
        typer.Option("--render-threads", min=1, max=64, help="每个服务进程同时渲染的线程数"),
    ] = 4,
) -> None:
    """启动公文生成 HTTP 服务（需要 pip install 'doctemplates[server]'）。Serve the HTTP API."""
    try:
        from doctemplates.service import ServiceSettings, serve
    except ImportError as exc:
        _fail(DataError(f"缺少服务所需的软件包（{exc.name}），请安装 doctemplates[server]"), 2)
    mib = 1024 * 1024
    settings = ServiceSettings(
        max_body_bytes=int(max_body_mb * mib),
        max_upload_bytes=int(max_upload_mb * mib),
        max_records=max_records,
        pdf_workers=pdf_workers,
        pdf_queue=pdf_queue,
        pdf_timeout=pdf_timeout,
        batch_workers=batch_workers,
        render_threads=render_threads,
        tokens_file=str(token_file) if token_file else None,
        cors_origins=tuple(cors_origin or ()),
    )
    try:
        settings.with_tokens()
    except DocTemplatesError as exc:
        _fail(exc, 2)
    _err.print(f"公文服务：http://{host}:{port}/docs", highlight=False, markup=False)
    serve(settings, host=host, port=port, workers=workers)


# -- import / format (issue 15) -------------------------------------------------------------
_NO_NORMALIZE_HELP = "关闭一条规范化规则（可多次指定）：" + "、".join(
    ["punctuation", "label", "renumber", "heading-number", "leading-zeros", "doc-number"]
    + ["date", "unwrap", "title-lines"]
)


#: Errors in the options (not in the draft) are usage errors: exit code 2.
_USAGE_CODE = {"--no-normalize": 2, "--kind": 2}


def _import_draft(draft: Path, kind: str | None, no_normalize: list[str] | None) -> Any:
    from doctemplates.importer import import_file, options

    return import_file(draft, kind=kind, options=options(no_normalize or []))


def _print_import_report(result: Any) -> None:
    """识别 / 规范 / 未能确定 / 说明, normalisations grouped by rule."""
    from doctemplates.importer import RULES

    titles = {rule.id: rule.title for rule in RULES}

    def say(text: str) -> None:
        _err.print(text, highlight=False, markup=False, soft_wrap=True)

    report = result.report
    model = result.model
    say(f"识别：{model.format}格式；标题“{model.title}”")
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
    for entry in whole + local[: 3 if whole else 10]:
        say(f"说明：{entry.where}：{entry.message}")
    shown = 3 if whole else 10
    if len(local) > shown:
        say(
            f"说明：另有 {len(local) - shown} 条逐段说明（完整报告：import 草稿 --report 报告.txt）"
        )


def _write_media(result: Any, folder: Path, force: bool) -> None:
    for name in sorted(result.media):
        target = folder / name
        if target.exists() and not force:
            from doctemplates.errors import OutputExistsError

            raise OutputExistsError(f"图片 {target} 已存在（用 --force 覆盖）")
    for name, content in sorted(result.media.items()):
        target = folder / name
        target.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(target, content, overwrite=True)


@app.command("import")
def import_command(
    draft: Annotated[Path, typer.Argument(help="草稿：.txt、.md 或 .docx")],
    output: Annotated[
        Path | None,
        typer.Option("-o", "--output", help="写出的数据文件（.yaml）；不填则输出到屏幕"),
    ] = None,
    kind: Annotated[str | None, typer.Option("--kind", help="文种（目前为 document）")] = None,
    no_normalize: Annotated[
        list[str] | None, typer.Option("--no-normalize", help=_NO_NORMALIZE_HELP)
    ] = None,
    force: Annotated[bool, typer.Option("--force", help="覆盖已存在的输出文件")] = False,
    report: Annotated[
        Path | None, typer.Option("--report", help="把完整报告（逐段的每一条）写入文件")
    ] = None,
) -> None:
    """把草稿（文本、Markdown、Word）转成公文数据文件，并报告识别和规范化的内容。Import a draft."""
    if output is not None:
        output = _output(str(output))
    try:
        result = _import_draft(draft, kind, no_normalize)
        if report is not None:
            text = result.report.text() + "\n"
            write_atomic(report, text.encode("utf-8"), overwrite=force)
    except DocTemplatesError as exc:
        _fail(exc, _USAGE_CODE.get(exc.field or "", 1))
    _print_import_report(result)
    if output is None:
        sys.stdout.write(result.yaml())
        return
    try:
        _write_media(result, output.parent, force)
        written = write_atomic(output, result.yaml().encode("utf-8"), overwrite=force)
    except DocTemplatesError as exc:
        _fail(exc)
    _err.print(f"已生成 {written}", highlight=False, markup=False, soft_wrap=True)


@app.command("format")
def format_command(
    draft: Annotated[Path, typer.Argument(help="草稿：.txt、.md 或 .docx")],
    output: Annotated[
        Path | None, typer.Option("-o", "--output", help="输出的公文（.docx）")
    ] = None,
    pdf: Annotated[bool, typer.Option("--pdf", help="同时生成 PDF（需要 LibreOffice）")] = False,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="只报告识别和规范化的结果，不生成文件")
    ] = False,
    kind: Annotated[str | None, typer.Option("--kind", help="文种（目前为 document）")] = None,
    no_normalize: Annotated[
        list[str] | None, typer.Option("--no-normalize", help=_NO_NORMALIZE_HELP)
    ] = None,
    force: Annotated[bool, typer.Option("--force", help="覆盖已存在的输出文件")] = False,
) -> None:
    """一键排版：导入草稿，按 GB/T 9704 模板生成公文，再检查结果。Format a draft in one step.

    退出码：0 完成（检查可能有警告）；1 草稿或检查有错误；2 用法错误。
    """
    import tempfile

    from doctemplates.check import check_docx, exit_code, format_findings

    if output is None and not dry_run:
        _fail(DataError("请用 -o 指定输出的 .docx 文件（或用 --dry-run 只看报告）", field="-o"), 2)
    if output is not None:
        output = _output(str(output))
    try:
        result = _import_draft(draft, kind, no_normalize)
    except DocTemplatesError as exc:
        _fail(exc, _USAGE_CODE.get(exc.field or "", 1))
    _print_import_report(result)
    if dry_run or output is None:
        return
    try:
        with tempfile.TemporaryDirectory(prefix="doctemplates-format-") as folder:
            result.write_media(folder)
            with data_dir(folder):
                document = get_kind("document").render(result.model)
        written = write_atomic(output, document, overwrite=force)
        findings = check_docx(document, date_style=result.model.date_style)
    except DocTemplatesError as exc:
        _fail(exc)
    _err.print(f"已生成 {written}", highlight=False, markup=False, soft_wrap=True)
    _err.print(
        format_findings(findings, source=str(written)) if findings else "检查：未发现问题",
        highlight=False,
        markup=False,
        soft_wrap=True,
    )
    if pdf:
        metadata = get_kind("document").metadata(result.model)
        _write_pdf(written, force, _PdfChoices([], False, None, False, metadata))
    if exit_code(findings):
        raise typer.Exit(1)


@app.command("doctor")
def doctor_command(
    font_dir: Annotated[
        list[Path] | None, typer.Option("--font-dir", help="本单位字体文件夹（可多次指定）")
    ] = None,
) -> None:
    """检查本机环境：LibreOffice 版本、转换方式、各标准字体实际使用的字体。Check this machine."""
    from doctemplates.pdf import doctor_report

    table = Table(title="doctemplates doctor")
    table.add_column("项目 item")
    table.add_column("结果 finding")
    for item, finding in doctor_report(font_dir or None):
        table.add_row(escape(item), escape(finding))
    _out.print(table)


def main() -> None:
    """Console-script entry point."""
    app()


if __name__ == "__main__":
    main()
