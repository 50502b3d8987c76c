"""Shared pieces of the command line: the typer ``app``, options, messages, checks.  命令行公用部分。"""

from __future__ import annotations

import contextlib
import dataclasses
import functools
import importlib
import logging
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, NoReturn

import typer

from doctemplates.clifields import FIELDS_EPILOG, fields_command
from doctemplates.clikit import HELP_OPTION_NAMES, Group
from doctemplates.environ import CONFIG_ENV
from doctemplates.errors import DataError, DocTemplatesError, OutputError
from doctemplates.inputs import LIMIT_HELP
from doctemplates.output import check_name

if TYPE_CHECKING:  # the kinds (and pydantic models) load only for the commands that use them
    from rich.console import Console

    from doctemplates.inputs import Limits
    from doctemplates.kinds import Kind
    from doctemplates.settings import Settings


def examples_epilog(*lines: str) -> str:
    """A command's examples, shown at the end of its help (示例)."""
    return "\n".join(lines)


app = typer.Typer(
    cls=Group,
    help="党政机关公文生成工具（GB/T 9704-2012）。Generate Chinese official documents.",
    epilog=examples_epilog(
        "doctemplates kinds",
        "doctemplates render document 通知.yaml -o 通知.docx",
        "doctemplates render plan 方案.yaml -o 方案.pdf",
        "doctemplates batch proposal-reply 提案.xlsx -o 答复函",
        "doctemplates render -h        （每个命令的帮助和示例）",
    ),
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": HELP_OPTION_NAMES},
)
app.command("fields", epilog=FIELDS_EPILOG)(fields_command)


@functools.cache
def err_console() -> Console:
    """rich's console on standard error, made when something is styled (errors, notices, logs,
    the batch's progress): importing ``rich.console`` is ~30 ms a plain ``render`` need not pay."""
    from rich.console import Console

    return Console(stderr=True)


def escape(text: str) -> str:
    """``text`` with rich markup escaped (``[`` of user text is printed, not read as a style)."""
    from rich.markup import escape

    return escape(text)


_log = logging.getLogger("doctemplates")
#: What the ``[pdf]`` extra installs; checked before a PDF is promised.
_PDF_MODULES = ("pypdf", "pdfplumber", "reportlab")
PDF_EXTRA = "pip install 'doctemplates[pdf]'"

if TYPE_CHECKING:
    pass


# -- one run: options before the command, settings, logging -----------------------------------
@dataclasses.dataclass
class _Run:
    quiet: bool = False
    verbose: int = 0
    config: Path | None = None
    settings: Settings | None = None


RUN = _Run()


class _Handler(logging.Handler):
    """Library log records on standard error, in the command line's words."""

    _LABELS = {logging.DEBUG: "调试：", logging.INFO: "", logging.WARNING: "警告："}

    def emit(self, record: logging.LogRecord) -> None:
        label = self._LABELS.get(record.levelno, "错误：")
        style = "yellow" if record.levelno == logging.WARNING else "red"
        text = escape(self.format(record))
        err_console().print(
            f"[{style}]{label}[/]{text}" if label else text, highlight=False, soft_wrap=True
        )


def _configure_logging(quiet: bool, verbose: int) -> None:
    for handler in [h for h in _log.handlers if isinstance(h, _Handler)]:
        _log.removeHandler(handler)
    handler = _Handler()
    handler.setFormatter(logging.Formatter("%(message)s"))
    _log.addHandler(handler)
    _log.setLevel(
        logging.ERROR
        if quiet
        else logging.DEBUG
        if verbose > 1
        else logging.INFO
        if verbose
        else logging.WARNING
    )


def _version() -> str:
    from importlib import metadata

    try:
        return metadata.version("doctemplates")
    except metadata.PackageNotFoundError:
        from doctemplates import __version__

        return __version__


def _show_version(value: bool) -> None:
    if value:
        sys.stdout.write(f"doctemplates {_version()}\n")
        raise typer.Exit()


def _install_completion(value: bool) -> None:
    if value:
        shell = _shell()
        from typer._completion_shared import install

        _, path = install(shell=shell, prog_name="doctemplates")
        err_console().print(
            f"已为 {shell} 安装命令补全：{path}；重新打开终端后生效",
            highlight=False,
            markup=False,
            soft_wrap=True,
        )
        raise typer.Exit()


def _show_completion(value: bool) -> None:
    if value:
        from typer._completion_shared import get_completion_script

        script = get_completion_script(
            prog_name="doctemplates", complete_var="_DOCTEMPLATES_COMPLETE", shell=_shell()
        )
        sys.stdout.write(script + "\n")
        raise typer.Exit()


_SHELLS = ("bash", "zsh", "fish", "powershell", "pwsh")


def _shell() -> str:
    """The user's shell (shellingham, else ``$SHELL``), or a usage error naming the choices."""
    name = None
    with contextlib.suppress(Exception):
        import shellingham  # type: ignore[import-untyped]

        name = shellingham.detect_shell()[0]
    name = name if name in _SHELLS else Path(os.environ.get("SHELL", "")).name or None
    if name not in _SHELLS:
        fail(
            DataError(
                f"无法识别当前的 shell（{name or '未知'}）：命令补全支持 bash、zsh、fish 和 "
                "PowerShell；请在这些 shell 中运行，或设置 SHELL 环境变量"
            ),
            2,
        )
    return str(name)


@app.callback()
def _options(
    version: Annotated[
        bool,
        typer.Option(
            "--version", "-V", is_eager=True, callback=_show_version, help="显示版本并退出"
        ),
    ] = False,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="只显示错误")] = False,
    verbose: Annotated[
        int,
        typer.Option("--verbose", "-v", count=True, help="显示更多过程信息（-vv 另显示调试信息）"),
    ] = 0,
    config: Annotated[
        Path | None,
        typer.Option(
            "--config",
            metavar="文件",
            envvar=CONFIG_ENV,
            show_default=False,
            help=f"设置文件（默认：当前文件夹的 doctemplates.toml；也可用环境变量 {CONFIG_ENV}）",
        ),
    ] = None,
    no_cache: Annotated[
        bool,
        typer.Option(
            "--no-cache",
            help="不读也不写编译缓存（模板编译结果、字宽；也可设环境变量 DOCTEMPLATES_NO_CACHE=1）",
        ),
    ] = False,
    install_completion: Annotated[
        bool,
        typer.Option(
            "--install-completion",
            is_eager=True,
            callback=_install_completion,
            help="为当前 shell 安装命令补全（Tab 键补全命令和选项）",
        ),
    ] = False,
    show_completion: Annotated[
        bool,
        typer.Option(
            "--show-completion",
            is_eager=True,
            callback=_show_completion,
            help="显示当前 shell 的补全脚本，可复制后自行安装",
        ),
    ] = False,
) -> None:
    _configure_logging(quiet, verbose)
    if no_cache:  # the environment: worker processes of a batch inherit it
        os.environ["DOCTEMPLATES_NO_CACHE"] = "1"
    RUN.quiet, RUN.verbose, RUN.config, RUN.settings = quiet, verbose, config, None


def cli_settings() -> Settings:
    """The settings files' content (read once per run; a bad file is a usage error)."""
    if RUN.settings is None:
        from doctemplates.settings import SettingsError, load_settings

        try:
            RUN.settings = load_settings(RUN.config)
        except SettingsError as exc:
            fail(exc, 2)
        for path in RUN.settings.files:
            _log.info("使用设置文件 %s", path)
    return RUN.settings


# -- output -----------------------------------------------------------------------------------
def fail(error: DocTemplatesError, code: int = 1) -> NoReturn:
    text = error.describe().encode("utf-8", "backslashreplace").decode("utf-8")
    err_console().print(f"[bold red]错误：[/]{escape(text)}", highlight=False, soft_wrap=True)
    raise typer.Exit(code)


#: Control characters a progress message must not send to the terminal (a hostile file name's
#: escape sequences); rich's console drops BEL, BS, VT, FF and CR of what it prints.
_CONTROLS = dict.fromkeys([*range(0x20), 0x7F]) | {ord("\n"): "\n", ord("\t"): "\t"}


def say(text: str) -> None:
    """A progress message (已生成 …), silent with --quiet."""
    if not RUN.quiet:  # plain text: written without rich (its console costs more than a render)
        sys.stderr.write(text.translate(_CONTROLS) + "\n")
        sys.stderr.flush()


def say_notice(label: str, text: str) -> None:
    """A notice that does not stop the command (提示, 字体替代), silent with --quiet."""
    if not RUN.quiet:
        err_console().print(f"[yellow]{label}：[/]{escape(text)}", highlight=False, soft_wrap=True)


_LIMIT_OPTION_HELP = "资源上限，可多次指定，如 --limit rows=200000；可用：" + "、".join(
    name.replace("_", "-") for name in LIMIT_HELP
)
LimitOption = Annotated[
    list[str] | None, typer.Option("--limit", metavar="名称=值", help=_LIMIT_OPTION_HELP)
]
FontDirOption = Annotated[
    list[Path] | None,
    typer.Option(
        "--font-dir",
        metavar="目录",
        help="本单位字体文件夹（可多次指定），优先于替代字体；默认取设置文件 [pdf] 字体目录",
    ),
]
TemplateOption = Annotated[
    Path | None,
    typer.Option("--template", metavar="模板", help="使用修改过的模板（.docx）代替内置模板"),
]


def limits_from(items: list[str] | None) -> Limits:
    """``--limit`` values (usage errors exit 2); ``pdf-rss-mb`` also reaches the PDF pool."""
    from doctemplates.inputs import parse_limits

    try:
        limits = parse_limits(items or ())
    except DataError as exc:
        fail(exc, 2)
    if any(item.strip().replace("_", "-").startswith("pdf-rss-mb=") for item in items or ()):
        os.environ["DOCTEMPLATES_PDF_MAX_RSS_MB"] = str(limits.pdf_rss_mb)
    return limits


def output_path(raw: str) -> Path:
    """The ``-o`` path: an empty or over-long name is refused before any work."""
    try:
        check_name(raw)
    except DocTemplatesError as exc:
        fail(exc, 2)
    return Path(raw)


def kind_named(name: str) -> Kind:
    """The kind named on the command line; an unknown one is a usage error with a suggestion."""
    from doctemplates.kinds import get_kind

    try:
        return get_kind(name)
    except DataError as exc:
        fail(DataError(exc.message + "；全部文种见 doctemplates kinds"), 2)


def font_dirs_from(given: list[Path] | None) -> list[Path]:
    """``--font-dir`` (else the settings file's): each must be a folder (usage error)."""
    dirs = list(given) if given else list(cli_settings().font_dirs)
    where = "--font-dir" if given else "设置文件 [pdf] 字体目录"
    for folder in dirs:
        if not folder.expanduser().is_dir():
            state = "不是文件夹" if folder.expanduser().exists() else "不存在"
            fail(OutputError(f"字体文件夹{state}：{folder}（{where}）；请检查路径"), 2)
    return [folder.expanduser() for folder in dirs]


def require_pdf(what: str) -> None:
    """The ``[pdf]`` extra and LibreOffice must be there before a PDF is promised (exit 1)."""
    missing = pdf_extra_missing()
    if missing:
        fail(
            DocTemplatesError(
                f"{what}需要 PDF 扩展（缺少 {'、'.join(missing)}）：请先运行 {PDF_EXTRA}"
            )
        )
    from doctemplates.pdf import PdfUnavailableError, soffice_path

    soffice = soffice_path()
    if soffice is None or not (Path(soffice).is_file() and os.access(soffice, os.X_OK)):
        from doctemplates.pdf import INSTALL_HINT

        fail(
            PdfUnavailableError(
                f"{what}需要 LibreOffice，但本机没有找到：请先安装（{INSTALL_HINT}），"
                "或去掉 PDF 选项只生成 .docx"
            )
        )


def pdf_extra_missing() -> list[str]:
    """The modules of the ``[pdf]`` extra that cannot be imported (imported only when needed)."""
    missing = []
    for name in _PDF_MODULES:
        try:
            importlib.import_module(name)
        except ImportError:
            missing.append(name)
    return missing


def template_path(path: Path | None) -> Path | None:
    """A ``--template`` must be a readable file (checked before any work)."""
    if path is not None and not path.is_file():
        if path.is_dir():
            fail(OutputError(f"--template 应为模板文件，{path} 是文件夹"), 1)
        fail(OutputError(f"找不到模板文件：{path}（--template）；请检查路径"), 1)
    return path
