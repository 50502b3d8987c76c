"""Command ``serve``: the document service.  公文服务。"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from doctemplates.clishared import app, examples_epilog, fail, say
from doctemplates.errors import DataError, DocTemplatesError


@app.command(
    "serve",
    epilog=examples_epilog(
        "doctemplates serve",
        "doctemplates serve --port 8000 --workers 2 --token-file 令牌.txt",
        "curl -s http://127.0.0.1:8000/v1/kinds",
    ),
)
def serve_command(
    host: Annotated[
        str, typer.Option("--host", metavar="地址", help="监听地址（默认只监听本机）")
    ] = "127.0.0.1",
    port: Annotated[
        int, typer.Option("--port", metavar="端口", min=1, max=65535, help="端口")
    ] = 8000,
    workers: Annotated[
        int,
        typer.Option(
            "--workers", metavar="整数", min=1, max=64, help="服务进程数（各有自己的 PDF 转换进程）"
        ),
    ] = 1,
    pdf_workers: Annotated[
        int,
        typer.Option(
            "--pdf-workers",
            metavar="整数",
            min=0,
            max=32,
            help="每个服务进程的 LibreOffice 进程数（0 不提供 PDF）",
        ),
    ] = 2,
    token_file: Annotated[
        Path | None,
        typer.Option(
            "--token-file",
            metavar="文件",
            help="访问令牌文件（每行一个）；设置后请求需带 Authorization: Bearer 令牌",
        ),
    ] = None,
    cors_origin: Annotated[
        list[str] | None,
        typer.Option("--cors-origin", metavar="来源", help="允许跨域访问的来源（默认不允许）"),
    ] = None,
    max_body_mb: Annotated[
        float,
        typer.Option("--max-body-mb", metavar="兆字节", min=0.001, help="JSON 请求体上限（MiB）"),
    ] = 4,
    max_upload_mb: Annotated[
        float,
        typer.Option("--max-upload-mb", metavar="兆字节", min=0.001, help="上传请求体上限（MiB）"),
    ] = 32,
    max_records: Annotated[
        int,
        typer.Option("--max-records", metavar="整数", min=1, help="一次批量生成的记录数上限"),
    ] = 10_000,
    pdf_queue: Annotated[
        int,
        typer.Option("--pdf-queue", metavar="整数", min=0, help="PDF 排队数上限，满则回答 429"),
    ] = 8,
    pdf_timeout: Annotated[
        float,
        typer.Option(
            "--pdf-timeout", metavar="秒", min=1, help="一次 PDF 转换的时限，超过回答 503"
        ),
    ] = 60,
    batch_workers: Annotated[
        int,
        typer.Option("--batch-workers", metavar="整数", min=1, max=64, help="批量生成的渲染进程数"),
    ] = 1,
    render_threads: Annotated[
        int,
        typer.Option(
            "--render-threads", metavar="整数", min=1, max=64, help="每个服务进程同时渲染的线程数"
        ),
    ] = 4,
) -> None:
    """启动公文生成 HTTP 服务。Serve the HTTP API (docs/deploy.md).

    需要服务扩展（pip install 'doctemplates[server,pdf]'）。接口说明在 /docs 和 /openapi.json。
    """
    try:
        from doctemplates.service import ServiceSettings, serve
    except ImportError as exc:
        fail(DataError(f"缺少服务所需的软件包（{exc.name}），请安装 'doctemplates[server,pdf]'"), 2)
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
        fail(exc, 2)
    say(f"公文服务：http://{host}:{port}/docs")
    serve(settings, host=host, port=port, workers=workers)
