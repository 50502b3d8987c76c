"""Command line: ``doctemplates kinds|schema|render|batch|new|check|lint|doctor|config``.  命令行。

Help pages and usage errors are Chinese (:mod:`doctemplates.clikit`); every
command's help ends with examples.  User mistakes print one Chinese sentence
(with the English class name) and exit non-zero — never a traceback.  Exit
codes: 0 done, 1 data, template or environment problem (the command did not
do what was asked), 2 usage error.

Every file a command will write is checked before it writes any (names, folders,
font folders, LibreOffice and the ``[pdf]`` extra when a PDF is asked for); the
output's kind follows its extension (:data:`doctemplates.output.OUTPUT_KINDS`).
The library logs under the ``doctemplates`` logger; ``--quiet``/``--verbose``
choose how much of it the command line shows.
"""

from __future__ import annotations

import contextlib
import dataclasses
import importlib
import itertools
import json
import logging
import os
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, NoReturn

import typer
from rich.cells import cell_len
from rich.console import Console
from rich.markup import escape

from doctemplates.assemble import data_for_kind, merge_data, with_defaults
from doctemplates.clifields import FIELDS_EPILOG, fields_command
from doctemplates.clikit import HELP_OPTION_NAMES, Group, columns, terminal_width
from doctemplates.data import DataFile, data_dir, load_data, read_data
from doctemplates.errors import DataError, DocTemplatesError, OutputError, OutputExistsError
from doctemplates.inputs import LIMIT_HELP, LimitError, Limits, parse_limits
from doctemplates.output import STDOUT, check_name, check_targets, output_kind, write_atomic
from doctemplates.settings import CONFIG_ENV, Settings, SettingsError, load_settings

if TYPE_CHECKING:  # the kinds (and pydantic models) load only for the commands that use them
    from doctemplates.kinds import Kind, Prepared
    from doctemplates.pdf import PdfResult

__all__ = ["app", "main"]


def _examples(*lines: str) -> str:
    """A command's examples, shown at the end of its help (示例)."""
    return "\n".join(lines)


app = typer.Typer(
    cls=Group,
    help="党政机关公文生成工具（GB/T 9704-2012）。Generate Chinese official documents.",
    epilog=_examples(
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
_err = Console(stderr=True)
_out = Console()
_log = logging.getLogger("doctemplates")
#: What the ``[pdf]`` extra installs; checked before a PDF is promised.
_PDF_MODULES = ("pypdf", "pdfplumber", "reportlab")
PDF_EXTRA = "pip install 'doctemplates[pdf]'"

if TYPE_CHECKING:
    from doctemplates.pdf.signature_fit import SignatureFitMode


# -- one run: options before the command, settings, logging -----------------------------------
@dataclasses.dataclass
class _Run:
    quiet: bool = False
    verbose: int = 0
    config: Path | None = None
    settings: Settings | None = None


_RUN = _Run()


class _Handler(logging.Handler):
    """Library log records on standard error, in the command line's words."""

    _LABELS = {logging.DEBUG: "调试：", logging.INFO: "", logging.WARNING: "警告："}

    def emit(self, record: logging.LogRecord) -> None:
        label = self._LABELS.get(record.levelno, "错误：")
        style = "yellow" if record.levelno == logging.WARNING else "red"
        text = escape(self.format(record))
        _err.print(f"[{style}]{label}[/]{text}" if label else text, highlight=False, soft_wrap=True)


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
        _err.print(
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
        _fail(
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
    _RUN.quiet, _RUN.verbose, _RUN.config, _RUN.settings = quiet, verbose, config, None


def _settings() -> Settings:
    """The settings files' content (read once per run; a bad file is a usage error)."""
    if _RUN.settings is None:
        try:
            _RUN.settings = load_settings(_RUN.config)
        except SettingsError as exc:
            _fail(exc, 2)
        for path in _RUN.settings.files:
            _log.info("使用设置文件 %s", path)
    return _RUN.settings


# -- output -----------------------------------------------------------------------------------
def _fail(error: DocTemplatesError, code: int = 1) -> NoReturn:
    text = error.describe().encode("utf-8", "backslashreplace").decode("utf-8")
    _err.print(f"[bold red]错误：[/]{escape(text)}", highlight=False, soft_wrap=True)
    raise typer.Exit(code)


def _say(text: str) -> None:
    """A progress message (已生成 …), silent with --quiet."""
    if not _RUN.quiet:
        _err.print(text, highlight=False, markup=False, soft_wrap=True)


def _notice(label: str, text: str) -> None:
    """A notice that does not stop the command (提示, 字体替代), silent with --quiet."""
    if not _RUN.quiet:
        _err.print(f"[yellow]{label}：[/]{escape(text)}", highlight=False, soft_wrap=True)


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


def _kind(name: str) -> Kind:
    """The kind named on the command line; an unknown one is a usage error with a suggestion."""
    from doctemplates.kinds import get_kind

    try:
        return get_kind(name)
    except DataError as exc:
        _fail(DataError(exc.message + "；全部文种见 doctemplates kinds"), 2)


def _font_dirs(given: list[Path] | None) -> list[Path]:
    """``--font-dir`` (else the settings file's): each must be a folder (usage error)."""
    dirs = list(given) if given else list(_settings().font_dirs)
    where = "--font-dir" if given else "设置文件 [pdf] 字体目录"
    for folder in dirs:
        if not folder.expanduser().is_dir():
            state = "不是文件夹" if folder.expanduser().exists() else "不存在"
            _fail(OutputError(f"字体文件夹{state}：{folder}（{where}）；请检查路径"), 2)
    return [folder.expanduser() for folder in dirs]


def _require_pdf(what: str) -> None:
    """The ``[pdf]`` extra and LibreOffice must be there before a PDF is promised (exit 1)."""
    missing = _pdf_extra_missing()
    if missing:
        _fail(
            DocTemplatesError(
                f"{what}需要 PDF 扩展（缺少 {'、'.join(missing)}）：请先运行 {PDF_EXTRA}"
            )
        )
    from doctemplates.pdf import PdfUnavailableError, soffice_path

    soffice = soffice_path()
    if soffice is None or not (Path(soffice).is_file() and os.access(soffice, os.X_OK)):
        from doctemplates.pdf import INSTALL_HINT

        _fail(
            PdfUnavailableError(
                f"{what}需要 LibreOffice，但本机没有找到：请先安装（{INSTALL_HINT}），"
                "或去掉 PDF 选项只生成 .docx"
            )
        )


def _pdf_extra_missing() -> list[str]:
    """The modules of the ``[pdf]`` extra that cannot be imported (imported only when needed)."""
    missing = []
    for name in _PDF_MODULES:
        try:
            importlib.import_module(name)
        except ImportError:
            missing.append(name)
    return missing


def _template(path: Path | None) -> Path | None:
    """A ``--template`` must be a readable file (checked before any work)."""
    if path is not None and not path.is_file():
        if path.is_dir():
            _fail(OutputError(f"--template 应为模板文件，{path} 是文件夹"), 1)
        _fail(OutputError(f"找不到模板文件：{path}（--template）；请检查路径"), 1)
    return path


# -- commands ---------------------------------------------------------------------------------
@app.command(
    "kinds", epilog=_examples("doctemplates kinds", "doctemplates kinds --json > 文种.json")
)
def kinds_command(
    as_json: Annotated[
        bool, typer.Option("--json", help="以 JSON 输出（名称、中文名、别名、说明、模板）")
    ] = False,
) -> None:
    """列出全部文种（名称、中文名、说明）。List document kinds."""
    from doctemplates.kinds import available_kinds

    kinds = list(available_kinds().values())
    if as_json:
        rows = [
            {
                "name": k.name,
                "title": k.title,
                "aliases": list(k.aliases),
                "description": k.description,
                "template": str(k.default_template or ""),
            }
            for k in kinds
        ]
        sys.stdout.write(json.dumps(rows, ensure_ascii=False, indent=2) + "\n")
        return
    gap = max(cell_len(k.name) for k in kinds) + 2
    for k in kinds:
        for line in columns(k.name, f"{k.title}：{k.description}", 0, gap, terminal_width()):
            sys.stdout.write(line + "\n")


@app.command(
    "schema",
    epilog=_examples(
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
    chosen = _kind(kind)
    text = json.dumps(chosen.schema(), ensure_ascii=False, indent=2) + "\n"
    if output == STDOUT:
        sys.stdout.write(text)
        return
    target = _output(output)
    try:
        check_targets([target], overwrite=force)
        written = write_atomic(target, text.encode("utf-8"), overwrite=force)
    except DocTemplatesError as exc:
        _fail(exc)
    _say(f"已生成 {written}")


@app.command(
    "render",
    epilog=_examples(
        "doctemplates render document 通知.yaml -o 通知.docx",
        "doctemplates render plan 方案.yaml -o 方案.pdf",
        "doctemplates render document 通知.yaml -o 通知.docx --pdf",
        "doctemplates render document 通知.yaml -o 通知.ofd",
        "doctemplates render document 通知.yaml -o - > 通知.docx",
        "doctemplates render document 通知.yaml -o 通知.pdf --watermark 征求意见稿",
    ),
)
def render_command(
    kind: Annotated[
        str,
        typer.Argument(
            metavar="文种", help="文种名称，如 document、plan；全部见 doctemplates kinds"
        ),
    ],
    data: Annotated[
        str,
        typer.Argument(metavar="数据文件", help="数据文件（.yaml、.yml 或 .json），- 表示标准输入"),
    ],
    output: Annotated[
        str,
        typer.Option(
            "-o",
            "--output",
            metavar="文件",
            help="输出文件，按扩展名生成 .docx、.pdf 或 .ofd；- 表示把 .docx 写到标准输出",
        ),
    ],
    template: TemplateOption = None,
    force: Annotated[bool, typer.Option("--force", help="覆盖已存在的输出文件")] = False,
    pdf: Annotated[
        bool, typer.Option("--pdf", help="另外生成同名的 PDF（需要 LibreOffice）")
    ] = False,
    font_dir: FontDirOption = None,
    strict_fonts: Annotated[
        bool,
        typer.Option("--strict-fonts", help="缺少标准字体（如仿宋_GB2312）时不生成 PDF"),
    ] = False,
    watermark: Annotated[
        str | None,
        typer.Option("--watermark", metavar="文字", help="在 PDF 每页加斜向水印，如 征求意见稿"),
    ] = None,
    pdfa: Annotated[bool, typer.Option("--pdfa", help="生成 PDF/A-2b 归档格式")] = False,
    signature_fit: Annotated[
        str,
        typer.Option(
            "--signature-fit",
            metavar="方式",
            help="PDF 末页放不下署名和成文日期时：tighten 在限度内收紧该页行距使其与正文同页（默认）；"
            "keep 与最后一段正文一同移到下一页（两者都保证首页有正文，GB/T 9704 §7.3.5.5）",
        ),
    ] = "tighten",
    limit: LimitOption = None,
    ofd: Annotated[
        bool, typer.Option("--ofd", help="同时生成 OFD（GB/T 33190 版式文档，需要 LibreOffice）")
    ] = False,
) -> None:
    """按数据渲染一份公文，生成 .docx、PDF 或 OFD。Render one document from a data file.

    输出的格式由 -o 的扩展名决定；--watermark、--pdfa、--strict-fonts 也会生成 PDF。
    所有输出文件在写入前一并检查：已存在的文件不覆盖（除非 --force），不会只写成一半。
    数据中没有的发文机关等可由设置文件 doctemplates.toml 提供（见 doctemplates config）。
    """
    limits = _limits(limit)
    chosen = _kind(kind)
    plan = _render_plan(output, pdf or bool(watermark) or pdfa or strict_fonts, ofd)
    fonts = _font_dirs(font_dir) if plan.converts or font_dir else []
    _template(template)
    try:
        check_targets(plan.files, overwrite=force)
    except DocTemplatesError as exc:
        _fail(exc)
    if plan.converts:
        _require_pdf("生成 OFD " if plan.ofd and not plan.pdf else "生成 PDF ")
    # the modes live with the PDF rule (it needs the [pdf] extra): read only when converting
    fit = _signature_fit_mode(signature_fit) if plan.converts else "tighten"
    try:
        source = read_data(data, limits=limits)
        payload = _validated(chosen, source)
        # pictures in the data (body figures, seal) are relative to the data file too
        with data_dir(_data_folder(source)):
            prepared = chosen.prepare(payload)  # once: the .docx, PDF and OFD read it
            document = prepared.render(template)
        notices = prepared.notices()
        converted = (
            _convert(document, prepared.metadata(), fonts, strict_fonts, watermark, pdfa, fit)
            if plan.converts
            else None
        )
        ofd_bytes = (
            _to_ofd(converted, _ofd_metadata(prepared), fonts)
            if plan.ofd and converted is not None
            else None
        )
    except DocTemplatesError as exc:
        _fail(exc)
    for notice in notices:
        _notice("提示", notice)
    _write_outputs(plan, document, converted.pdf if converted else None, force, ofd_bytes)


@dataclasses.dataclass(frozen=True)
class _RenderPlan:
    """What ``render`` writes: .docx, PDF and OFD files, or the .docx on standard output."""

    docx: Path | None
    pdf: Path | None
    stdout: bool = False
    ofd: Path | None = None

    @property
    def files(self) -> list[Path]:
        return [p for p in (self.docx, self.pdf, self.ofd) if p is not None]

    @property
    def converts(self) -> bool:
        """LibreOffice is needed: a PDF, or an OFD (made from the PDF)."""
        return self.pdf is not None or self.ofd is not None


def _render_plan(output: str, pdf_asked: bool, ofd_asked: bool = False) -> _RenderPlan:
    """The files ``-o`` asks for, by extension; unknown extensions are usage errors."""
    if output == STDOUT:
        if pdf_asked or ofd_asked:
            _fail(
                OutputError(
                    "-o - 只能把 .docx 写到标准输出：要生成 PDF 请写文件名，如 -o 通知.pdf"
                ),
                2,
            )
        return _RenderPlan(None, None, stdout=True)
    target = _output(output)
    try:
        kind = output_kind(target)
    except OutputError as exc:
        _fail(exc, 2)
    ofd = target.with_suffix(".ofd") if ofd_asked or kind == "ofd" else None
    if kind == "pdf":
        return _RenderPlan(None, target, ofd=ofd)
    if kind == "ofd":
        return _RenderPlan(None, target.with_suffix(".pdf") if pdf_asked else None, ofd=ofd)
    return _RenderPlan(target, target.with_suffix(".pdf") if pdf_asked else None, ofd=ofd)


def _defaults(chosen: Kind) -> dict[str, Any]:
    """The settings' defaults for ``chosen`` (a key the kind lacks in its own section: exit 2)."""
    try:
        return _settings().defaults_for(chosen)
    except SettingsError as exc:
        _fail(exc, 2)


def _data_folder(source: DataFile) -> Path:
    """Paths in the data are relative to the data file's folder (standard input: the cwd)."""
    return Path(source.name).parent if source.name != "标准输入" else Path.cwd()


def _validated(chosen: Kind, source: DataFile) -> Any:
    """The data validated for ``chosen``, under the settings' defaults; errors name lines."""
    defaults = _defaults(chosen)
    try:
        with data_dir(_data_folder(source)):
            own = data_for_kind(chosen, source.data)
            return chosen.validate(merge_data(defaults, own) if defaults else own)
    except DataError as exc:
        explained = source.explain(exc)
        top = (exc.field or "").split(".")[0].split("[")[0]
        if top and top in defaults and top not in source.data:
            files = "、".join(str(p) for p in _settings().files)
            explained = type(explained)(f"{explained.message}（此值来自设置文件 {files}）")
        raise explained from exc


def _convert(
    document: bytes,
    metadata: dict[str, Any],
    fonts: list[Path],
    strict_fonts: bool,
    watermark: str | None,
    pdfa: bool,
    signature_fit: SignatureFitMode = "tighten",
) -> PdfResult:
    from doctemplates.pdf import PdfMetadata, PdfOptions, convert

    options = PdfOptions(
        metadata=PdfMetadata(**metadata),
        watermark=watermark,
        pdfa=pdfa,
        strict_fonts=strict_fonts,
        signature_fit=signature_fit,
    )
    result = convert(document, options, font_dirs=fonts or None)
    for use in result.fonts.standard_substitutions:
        _notice("字体替代", f"{use.requested} → {use.family or use.used or ''}")
    if result.signature_fit is not None and result.signature_fit.action != "none":
        _say(result.signature_fit.describe())
    return result


def _to_ofd(converted: PdfResult, metadata: Any, fonts: list[Path]) -> bytes:
    """The OFD of the PDF just made (its font report names the families to write)."""
    from doctemplates.ofd import convert as ofd_convert
    from doctemplates.ofd.convert import pdf_families

    families = pdf_families(converted.fonts)
    return ofd_convert(converted.pdf, metadata, font_dirs=fonts or None, families=families).ofd


def _write_outputs(
    plan: _RenderPlan, document: bytes, pdf: bytes | None, force: bool, ofd: bytes | None = None
) -> None:
    if plan.stdout:
        sys.stdout.flush()
        sys.stdout.buffer.write(document)
        sys.stdout.buffer.flush()
        return
    try:
        for target, data in ((plan.docx, document), (plan.pdf, pdf), (plan.ofd, ofd)):
            if target is not None and data is not None:
                _say(f"已生成 {write_atomic(target, data, overwrite=force)}")
    except DocTemplatesError as exc:
        _fail(exc)


@app.command(
    "batch",
    epilog=_examples(
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

    limits = _limits(limit)
    if not 1 <= jobs <= limits.jobs:
        _fail(
            BatchError(
                f"--jobs 应在 1 到 {limits.jobs} 之间（本机 {os.cpu_count() or 1} 核；"
                "上限可用 --limit jobs=N 调整），实为 {jobs}".replace("{jobs}", str(jobs))
            ),
            2,
        )
    chosen = _kind(kind)
    fonts = _font_dirs(font_dir) if pdf or ofd or font_dir else []
    if pdf or ofd:
        _require_pdf("--ofd " if ofd and not pdf else "--pdf ")
    _template(template)
    try:
        shared = merge_data(
            _defaults(chosen),
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
        _fail(exc, 2)
    except LimitError as exc:
        _fail(exc, 1)
    except DocTemplatesError as exc:
        _fail(exc, 2 if exc.row in (None, 1) else 1)
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
    from doctemplates.batch import printable

    failed = [r for r in results if not r.ok]
    skipped = sum(1 for r in results if r.skipped)
    for result in failed:
        where = f"，{result.where}" if result.where else ""
        _err.print(
            printable(f"第 {result.row} 行{where}：{result.error}"),
            highlight=False,
            markup=False,
            soft_wrap=True,
        )
    done = len(results) - len(failed) - skipped
    _say(f"完成：生成 {done} 份，跳过 {skipped} 份，失败 {len(failed)} 份；输出目录 {output}")
    if errors_file:
        _err.print(f"失败记录见 {errors_file}", highlight=False, markup=False, soft_wrap=True)
        raise typer.Exit(1)


@contextlib.contextmanager
def _progress(total: int) -> Iterator[Callable[[Any], None]]:
    """A progress bar (count, percentage, time left) on a terminal; nothing otherwise."""
    if not _err.is_terminal or _RUN.quiet:
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
        console=_err,
        expand=False,
    ) as bar:
        task = bar.add_task("batch", total=total or None)
        yield lambda _result: bar.advance(task)


@app.command(
    "new",
    epilog=_examples(
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

    path = _output(target)
    name = fmt.removesuffix("格式")
    if name not in FORMATS:
        _fail(
            DataError(f"未知的公文格式：{fmt}（可用：{'、'.join(FORMATS)}）", field="--format"), 2
        )
    if path.suffix.lower() != ".docx":
        _fail(OutputError(f"模板文件应以 .docx 结尾：{path.name}"), 2)
    try:
        check_targets([path], overwrite=force)
        written = write_atomic(path, build_template(name), overwrite=force)
    except DocTemplatesError as exc:
        _fail(exc)
    _say(f"已生成模板 {written}（{name}格式）")


@app.command(
    "check",
    epilog=_examples(
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
    limits = _limits(limit)
    style = date_style or _settings().date_style or "arabic"
    if style not in ("arabic", "chinese", "any"):
        _fail(
            DataError(
                f"未知的日期写法：{style}（应为 arabic、chinese 或 any）", field="--date-style"
            ),
            2,
        )
    if file.suffix.lower() == ".pdf" and _pdf_extra_missing():
        _fail(DocTemplatesError(f"检查 PDF 需要 PDF 扩展：请先运行 {PDF_EXTRA}"), 1)
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
        _fail(exc, 2)
    raise typer.Exit(code)


@app.command(
    "lint",
    epilog=_examples(
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

    context_type = _kind(kind).context_type if kind else None
    try:
        findings = lint_template(_read_bytes(template), context_type=context_type)
    except DocTemplatesError as exc:  # LintError (not a template) is one
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
    from doctemplates.errors import os_reason
    from doctemplates.lint import LintError

    try:
        return path.read_bytes()
    except OSError as exc:
        raise LintError(f"无法读取文件 {path}：{os_reason(exc)}") from exc


def _ofd_metadata(prepared: Prepared) -> Any:
    from doctemplates.ofd import metadata_for

    return metadata_for(prepared)


@app.command(
    "serve",
    epilog=_examples(
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
        _fail(
            DataError(f"缺少服务所需的软件包（{exc.name}），请安装 'doctemplates[server,pdf]'"), 2
        )
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
    _say(f"公文服务：http://{host}:{port}/docs")
    serve(settings, host=host, port=port, workers=workers)


def _signature_fit_mode(value: str) -> SignatureFitMode:
    """``--signature-fit`` is ``keep`` or ``tighten`` (a usage error otherwise, exit 2)."""
    from doctemplates.pdf.signature_fit import SIGNATURE_FIT_MODES

    for mode in SIGNATURE_FIT_MODES:
        if value == mode:
            return mode
    choices = "、".join(SIGNATURE_FIT_MODES)
    _fail(
        DataError(f"--signature-fit 只能是 {choices}，不能是 {value}", field="--signature-fit"),
        2,
    )


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
        _fail(exc, _USAGE_CODE.get(exc.field or "", 1))


def _print_import_report(result: Any) -> None:
    """识别 / 规范 / 未能确定 / 说明, normalisations grouped by rule."""
    from doctemplates.importer import RULES

    titles = {rule.id: rule.title for rule in RULES}
    report = result.report
    _say(f"识别：{result.model.format}格式；标题“{result.model.title}”")
    for entry in report.of("recognised"):
        if entry.element not in ("title", "body") and not entry.message.startswith("第 "):
            _say(f"  {entry.where}：{entry.message}")
    levels: dict[str, int] = {}
    for entry in report.of("recognised"):
        if entry.message.startswith("第 ") and "级" in entry.message:
            key = entry.message.split("“")[0]
            levels[key] = levels.get(key, 0) + 1
    if levels:
        _say("  层次：" + "，".join(f"{k} {n} 处" for k, n in levels.items()))
    grouped: dict[str, list[Any]] = {}
    for entry in report.of("normalised"):
        grouped.setdefault(entry.rule or "", []).append(entry)
    if grouped:
        _say("规范：")
    for rule, entries in grouped.items():
        places = "、".join(dict.fromkeys(e.where for e in entries[:5]))
        more = "等" if len(entries) > 5 else ""
        _say(f"  {titles.get(rule, rule)}（{rule}）：{len(entries)} 处（{places}{more}）")
    undecided = report.of("undecided")
    if undecided:
        _say("未能确定：")
    for entry in undecided:
        excerpt = f"「{entry.text[:40]}」" if entry.text else ""
        _say(f"  {entry.where}{excerpt}：{entry.message}")
    notes = report.of("note")
    whole = [e for e in notes if e.where == "全文"]
    local = [e for e in notes if e.where != "全文"]
    shown = 3 if whole else 10
    for entry in whole + local[:shown]:
        _say(f"说明：{entry.where}：{entry.message}")
    if len(local) > shown:
        _say(
            f"说明：另有 {len(local) - shown} 条逐段说明（完整报告：import 草稿 --report 报告.txt）"
        )


def _media_targets(result: Any, folder: Path) -> list[Path]:
    return [folder / name for name in sorted(result.media)]


@app.command(
    "import",
    epilog=_examples(
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
    target = _output(output) if output is not None else None
    planned = [p for p in (target, report) if p is not None]
    try:
        check_targets(planned, overwrite=force)
    except DocTemplatesError as exc:
        _fail(exc)
    result = _import_draft(draft, kind, no_normalize)
    try:
        taken = _media_targets(result, target.parent) if target is not None else []
        clash = next((p for p in taken if p.exists() or p.is_symlink()), None)
        if clash is not None and not force:
            raise OutputExistsError(f"图片 {clash} 已存在（如需覆盖请使用 --force）")
        if report is not None:
            write_atomic(report, (result.report.text() + "\n").encode("utf-8"), overwrite=force)
    except DocTemplatesError as exc:
        _fail(exc)
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
        _say(f"已生成 {write_atomic(target, result.yaml().encode('utf-8'), overwrite=force)}")
    except DocTemplatesError as exc:
        _fail(exc)


@app.command(
    "format",
    epilog=_examples(
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
        _fail(DataError("请用 -o 指定输出的 .docx 文件（或用 --dry-run 只看报告）", field="-o"), 2)
    plan = _render_plan(output, pdf) if output is not None and not dry_run else None
    if plan is not None:
        try:
            check_targets(plan.files, overwrite=force)
        except DocTemplatesError as exc:
            _fail(exc)
        if plan.pdf:
            _require_pdf("生成 PDF ")
    result = _import_draft(draft, kind, no_normalize)
    _print_import_report(result)
    if plan is None:
        return
    document_kind = get_kind("document")
    try:
        with tempfile.TemporaryDirectory(prefix="doctemplates-format-") as folder:
            result.write_media(folder)
            with data_dir(folder):
                prepared = document_kind.prepare(result.model)
            document = prepared.render()  # pictures are read while rendering: in the folder
        findings = check_docx(document, date_style=result.model.date_style)
        converted = (
            _convert(document, prepared.metadata(), [], False, None, False) if plan.pdf else None
        )
    except DocTemplatesError as exc:
        _fail(exc)
    _write_outputs(plan, document, converted.pdf if converted else None, force)
    _say(
        format_findings(findings, source=str(plan.docx or plan.pdf))
        if findings
        else "检查：未发现问题"
    )
    if exit_code(findings):
        raise typer.Exit(1)


@app.command(
    "doctor",
    epilog=_examples("doctemplates doctor", "doctemplates doctor --font-dir ~/字体"),
)
def doctor_command(font_dir: FontDirOption = None) -> None:
    """检查本机环境：LibreOffice 版本、转换方式、各标准字体实际使用的字体。Check this machine.

    需要 PDF 扩展（pip install 'doctemplates[pdf]'）。没有 LibreOffice 时退出码为 1。
    """
    if _pdf_extra_missing():
        _fail(DocTemplatesError(f"doctor 检查的是 PDF 环境，需要 PDF 扩展：请先运行 {PDF_EXTRA}"))
    fonts = _font_dirs(font_dir)
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
    epilog=_examples(
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

    settings = _settings()
    files = settings_files(_RUN.config)
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


def main() -> None:
    """Console-script entry point."""
    from typer._completion_classes import completion_init

    completion_init()  # Tab completion (``_DOCTEMPLATES_COMPLETE``) without typer's English options
    app(prog_name="doctemplates")


if __name__ == "__main__":
    main()
