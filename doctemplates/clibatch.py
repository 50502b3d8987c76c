"""Command ``batch``: many documents from one table.  批量生成。"""

from __future__ import annotations

import contextlib
import itertools
import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Annotated, Any

import typer

from doctemplates.clirender import (
    kind_defaults,
)
from doctemplates.clishared import (
    RUN,
    FontDirOption,
    LimitOption,
    TemplateOption,
    app,
    err_console,
    examples_epilog,
    fail,
    font_dirs_from,
    kind_named,
    limits_from,
    require_pdf,
    say,
    template_path,
)
from doctemplates.errors import DocTemplatesError


@app.command(
    "batch",
    epilog=examples_epilog(
        "doctemplates batch proposal-reply 提案.xlsx -o 答复函",
        'doctemplates batch proposal-reply 提案.xlsx -o 答复函 --name "{提案号}-{案由}"',
        "doctemplates batch proposal-reply 提案.xlsx -o 答复函 --pdf --jobs 2",
        "doctemplates batch document 通知.xlsx -o 通知 --defaults 共用.yaml --sheet 2",
        "doctemplates batch proposal-reply 提案.xlsx -o 答复函 --resume",
        "doctemplates batch plan 方案.xlsx -o 方案 --executor dask://主机:8786",
    ),
)
def batch_command(
    kind: Annotated[str, typer.Argument(metavar="文种", help="文种名称，如 proposal-reply")],
    records: Annotated[
        Path,
        typer.Argument(
            metavar="记录文件",
            help="每行一份：.xlsx、.csv（UTF-8 或 GBK）或 .jsonl；表头用字段中文名或英文名",
        ),
    ],
    output: Annotated[
        Path, typer.Option("-o", "--output", metavar="目录", help="输出目录（不存在则创建）")
    ],
    jobs: Annotated[
        int,
        typer.Option(
            "--jobs",
            "-j",
            metavar="整数",
            help="并行进程数（默认为 CPU 核数，上限见 --limit jobs）",
        ),
    ] = os.cpu_count() or 1,
    name: Annotated[
        str | None,
        typer.Option(
            "--name", metavar="模式", help='文件名模式，如 "{提案号}-{案由}"（默认按行号）'
        ),
    ] = None,
    sheet: Annotated[
        str | None,
        typer.Option(
            "--sheet",
            metavar="工作表",
            help="读取的工作表：名称或序号（从 1 起）；默认为第一个表头相符的工作表",
        ),
    ] = None,
    strict_columns: Annotated[
        bool,
        typer.Option("--strict-columns", help="表格中有不是字段的列时拒绝（默认忽略并提示）"),
    ] = False,
    resume: Annotated[
        bool, typer.Option("--resume", help="续做：跳过已生成且校验一致的记录")
    ] = False,
    force: Annotated[bool, typer.Option("--force", help="覆盖输出目录中已有的结果")] = False,
    template: TemplateOption = None,
    pdf: Annotated[bool, typer.Option("--pdf", help="同时生成 PDF（需要 LibreOffice）")] = False,
    font_dir: FontDirOption = None,
    ofd: Annotated[
        bool, typer.Option("--ofd", help="同时生成 OFD（GB/T 33190 版式文档，需要 LibreOffice）")
    ] = False,
    defaults: Annotated[
        Path | None,
        typer.Option(
            "--defaults",
            metavar="文件",
            help="各行共用的数据（.yaml/.json），如发文机关、联系人；表格中的值优先",
        ),
    ] = None,
    limit: LimitOption = None,
    executor_url: Annotated[
        str | None,
        typer.Option(
            "--executor",
            metavar="地址",
            help="在 Dask 集群上生成：dask://主机:端口（加 ?output=shared 则由各节点直接写入共享目录）",
        ),
    ] = None,
) -> None:
    """按表格批量生成公文：每行一份。Render one document per record.

    表格中不是字段的列（如 备注）忽略并提示；出错的行记入 输出目录/errors.csv（注明列和表头），
    其他行照常生成。退出码：0 全部成功；1 有记录失败或超出资源上限；2 用法错误。
    """
    from doctemplates.batch import BatchError, render_many, write_errors
    from doctemplates.records import open_records

    limits = limits_from(limit)
    if not 1 <= jobs <= limits.jobs:
        fail(
            BatchError(
                f"--jobs 应在 1 到 {limits.jobs} 之间（本机 {os.cpu_count() or 1} 核；"
                "上限可用 --limit jobs=N 调整），实为 {jobs}".replace("{jobs}", str(jobs))
            ),
            2,
        )
    chosen = kind_named(kind)
    fonts = font_dirs_from(font_dir) if pdf or ofd or font_dir else []
    if pdf or ofd:
        require_pdf("--ofd " if ofd and not pdf else "--pdf ")
    template_path(template)
    from doctemplates.assemble import data_for_kind, merge_data, with_defaults
    from doctemplates.data import load_data
    from doctemplates.inputs import LimitError

    try:
        shared = merge_data(
            kind_defaults(chosen),
            data_for_kind(chosen, load_data(defaults, limits=limits)) if defaults else {},
        )
        source = open_records(
            records,
            chosen.model,
            provided=frozenset(shared),
            limits=limits,
            sheet=sheet,
            strict_columns=strict_columns,
        )
        first = next(source.records, None)  # header problems surface before anything is written
        all_records = with_defaults(
            itertools.chain([first] if first else [], source.records), shared
        )
    except BatchError as exc:
        fail(exc, 2)
    except LimitError as exc:
        fail(exc, 1)
    except DocTemplatesError as exc:
        fail(exc, 2 if exc.row in (None, 1) else 1)
    executor = _batch_executor(executor_url, jobs)
    try:
        with _progress(source.total) as advance:
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
                ofd=ofd,
                on_result=advance,
                columns=source.columns,
                font_dirs=fonts,
            )
        errors_file = write_errors(output, results, force=force)
    except BatchError as exc:
        fail(exc, 2)
    except DocTemplatesError as exc:
        fail(exc, 1)
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
            fail(exc, 2)
    from doctemplates.batch import new_executor

    return new_executor(jobs)


def _summarise(results: list[Any], output: Path, errors_file: Path | None) -> None:
    from doctemplates.batch import printable

    failed = [r for r in results if not r.ok]
    skipped = sum(1 for r in results if r.skipped)
    for result in failed:
        where = f"，{result.where}" if result.where else ""
        err_console().print(
            printable(f"第 {result.row} 行{where}：{result.error}"),
            highlight=False,
            markup=False,
            soft_wrap=True,
        )
    done = len(results) - len(failed) - skipped
    say(f"完成：生成 {done} 份，跳过 {skipped} 份，失败 {len(failed)} 份；输出目录 {output}")
    if errors_file:
        err_console().print(
            f"失败记录见 {errors_file}", highlight=False, markup=False, soft_wrap=True
        )
        raise typer.Exit(1)


@contextlib.contextmanager
def _progress(total: int) -> Iterator[Callable[[Any], None]]:
    """A progress bar (count, percentage, time left) on a terminal; nothing otherwise."""
    if not err_console().is_terminal or RUN.quiet:
        yield lambda _result: None
        return
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TaskProgressColumn,
        TextColumn,
        TimeRemainingColumn,
    )

    with Progress(
        TextColumn("生成中"),
        BarColumn(bar_width=None),
        MofNCompleteColumn(),
        TaskProgressColumn(),
        TextColumn("剩余"),
        TimeRemainingColumn(),
        console=err_console(),
        expand=False,
    ) as bar:
        task = bar.add_task("batch", total=total or None)
        yield lambda _result: bar.advance(task)
