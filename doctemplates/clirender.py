"""Command ``render`` and the steps ``format`` shares with it.  生成单份公文。"""

from __future__ import annotations

import dataclasses
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from doctemplates.errors import DataError, DocTemplatesError, OutputError
from doctemplates.output import STDOUT, check_targets, output_kind, write_atomic

if TYPE_CHECKING:  # the kinds (and pydantic models) load only for the commands that use them
    from doctemplates.data import DataFile
    from doctemplates.kinds import Kind, Prepared
    from doctemplates.pdf import PdfResult
    from doctemplates.pdf.signature_fit import SignatureFitMode

from doctemplates.clishared import (
    FontDirOption,
    LimitOption,
    TemplateOption,
    app,
    cli_settings,
    examples_epilog,
    fail,
    font_dirs_from,
    kind_named,
    limits_from,
    output_path,
    require_pdf,
    say,
    say_notice,
    template_path,
)


@app.command(
    "render",
    epilog=examples_epilog(
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
    limits = limits_from(limit)
    chosen = kind_named(kind)
    plan = render_plan(output, pdf or bool(watermark) or pdfa or strict_fonts, ofd)
    fonts = font_dirs_from(font_dir) if plan.converts or font_dir else []
    template_path(template)
    try:
        check_targets(plan.files, overwrite=force)
    except DocTemplatesError as exc:
        fail(exc)
    if plan.converts:
        require_pdf("生成 OFD " if plan.ofd and not plan.pdf else "生成 PDF ")
    # the modes live with the PDF rule (it needs the [pdf] extra): read only when converting
    fit = _signature_fit_mode(signature_fit) if plan.converts else "tighten"
    from doctemplates.data import data_dir, read_data

    try:
        source = read_data(data, limits=limits)
        payload = _validated(chosen, source)
        # pictures in the data (body figures, seal) are relative to the data file too
        with data_dir(_data_folder(source)):
            prepared = chosen.prepare(payload)  # once: the .docx, PDF and OFD read it
            document = prepared.render(template)
        notices = prepared.notices()
        converted = (
            convert_outputs(
                document, prepared.metadata(), fonts, strict_fonts, watermark, pdfa, fit
            )
            if plan.converts
            else None
        )
        ofd_bytes = (
            _to_ofd(converted, _ofd_metadata(prepared), fonts)
            if plan.ofd and converted is not None
            else None
        )
    except DocTemplatesError as exc:
        fail(exc)
    for notice in notices:
        say_notice("提示", notice)
    write_outputs(plan, document, converted.pdf if converted else None, force, ofd_bytes)


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


def render_plan(output: str, pdf_asked: bool, ofd_asked: bool = False) -> _RenderPlan:
    """The files ``-o`` asks for, by extension; unknown extensions are usage errors."""
    if output == STDOUT:
        if pdf_asked or ofd_asked:
            fail(
                OutputError(
                    "-o - 只能把 .docx 写到标准输出：要生成 PDF 请写文件名，如 -o 通知.pdf"
                ),
                2,
            )
        return _RenderPlan(None, None, stdout=True)
    target = output_path(output)
    try:
        kind = output_kind(target)
    except OutputError as exc:
        fail(exc, 2)
    ofd = target.with_suffix(".ofd") if ofd_asked or kind == "ofd" else None
    if kind == "pdf":
        return _RenderPlan(None, target, ofd=ofd)
    if kind == "ofd":
        return _RenderPlan(None, target.with_suffix(".pdf") if pdf_asked else None, ofd=ofd)
    return _RenderPlan(target, target.with_suffix(".pdf") if pdf_asked else None, ofd=ofd)


def kind_defaults(chosen: Kind) -> dict[str, Any]:
    """The settings' defaults for ``chosen`` (a key the kind lacks in its own section: exit 2)."""
    from doctemplates.settings import SettingsError

    try:
        return cli_settings().defaults_for(chosen)
    except SettingsError as exc:
        fail(exc, 2)


def _data_folder(source: DataFile) -> Path:
    """Paths in the data are relative to the data file's folder (standard input: the cwd)."""
    return Path(source.name).parent if source.name != "标准输入" else Path.cwd()


def _validated(chosen: Kind, source: DataFile) -> Any:
    """The data validated for ``chosen``, under the settings' defaults; errors name lines."""
    from doctemplates.assemble import data_for_kind, merge_data
    from doctemplates.data import data_dir

    defaults = kind_defaults(chosen)
    try:
        with data_dir(_data_folder(source)):
            own = data_for_kind(chosen, source.data)
            return chosen.validate(merge_data(defaults, own) if defaults else own)
    except DataError as exc:
        explained = source.explain(exc)
        top = (exc.field or "").split(".")[0].split("[")[0]
        if top and top in defaults and top not in source.data:
            files = "、".join(str(p) for p in cli_settings().files)
            explained = type(explained)(f"{explained.message}（此值来自设置文件 {files}）")
        raise explained from exc


def convert_outputs(
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
        say_notice("字体替代", f"{use.requested} → {use.family or use.used or ''}")
    if result.signature_fit is not None and result.signature_fit.action != "none":
        say(result.signature_fit.describe())
    return result


def _to_ofd(converted: PdfResult, metadata: Any, fonts: list[Path]) -> bytes:
    """The OFD of the PDF just made (its font report names the families to write)."""
    from doctemplates.ofd import convert as ofd_convert
    from doctemplates.ofd.convert import pdf_families

    families = pdf_families(converted.fonts)
    return ofd_convert(converted.pdf, metadata, font_dirs=fonts or None, families=families).ofd


def write_outputs(
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
                say(f"已生成 {write_atomic(target, data, overwrite=force)}")
    except DocTemplatesError as exc:
        fail(exc)


def _ofd_metadata(prepared: Prepared) -> Any:
    from doctemplates.ofd import metadata_for

    return metadata_for(prepared)


def _signature_fit_mode(value: str) -> SignatureFitMode:
    """``--signature-fit`` is ``keep`` or ``tighten`` (a usage error otherwise, exit 2)."""
    from doctemplates.pdf.signature_fit import SIGNATURE_FIT_MODES

    for mode in SIGNATURE_FIT_MODES:
        if value == mode:
            return mode
    choices = "、".join(SIGNATURE_FIT_MODES)
    fail(
        DataError(f"--signature-fit 只能是 {choices}，不能是 {value}", field="--signature-fit"),
        2,
    )
