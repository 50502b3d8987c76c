"""Help pages of the command line, laid out by display width.  命令行帮助页。

The help half of :mod:`doctemplates.clikit` (which re-exports the public names):
用法, 参数, 选项, 命令 and 示例, wrapped with Chinese line breaking, never cut.
"""

from __future__ import annotations

import re
from typing import Any

from rich.cells import cell_len
from typer._click.core import Context, Parameter
from typer.core import TyperGroup

from doctemplates.clitext import columns, terminal_width, wrap

HELP_OPTION_NAMES = ["-h", "--help"]
#: Help of options that typer or click add themselves (by parameter name).
BUILTIN_HELP = {
    "help": "显示本帮助并退出",
    "install_completion": "为当前 shell 安装命令补全（Tab 键补全命令和选项）",
    "show_completion": "显示当前 shell 的补全脚本，可复制后自行安装",
}
_BUILTIN_METAVAR = {"install_completion": "", "show_completion": ""}


# -- help pages ----------------------------------------------------------------------------
def _option_names(param: Parameter) -> str:
    opts = sorted(param.opts, key=lambda o: (o.startswith("--"), o))
    names = ", ".join(opts)
    if param.secondary_opts:
        names += " / " + ", ".join(param.secondary_opts)
    metavar = metavar_of(param)
    return f"{names} {metavar}" if metavar else names


def metavar_of(param: Parameter) -> str:
    name = param.name or ""
    if name in _BUILTIN_METAVAR:
        return _BUILTIN_METAVAR[name]
    if getattr(param, "is_flag", False) or getattr(param, "count", False):
        return ""
    return param.metavar or "值"


def argument_name(param: Parameter) -> str:
    return param.metavar or (param.name or "").upper()


def _param_help(param: Parameter, ctx: Context) -> str:
    text = BUILTIN_HELP.get(param.name or "") or " ".join(
        (getattr(param, "help", "") or "").split()
    )
    extra = []
    default = _default_text(param, ctx)
    if default:
        extra.append(f"默认：{default}")
    if param.required:
        extra.append("必填")
    return f"{text}［{'；'.join(extra)}］" if extra else text


def _default_text(param: Parameter, ctx: Context) -> str:
    show = getattr(param, "show_default", False)
    if isinstance(show, str):
        return show
    if (
        not show
        or getattr(param, "is_flag", False)
        or getattr(param, "count", False)
        or param.name in BUILTIN_HELP
    ):
        return ""
    resilient = ctx.resilient_parsing
    ctx.resilient_parsing = True
    try:
        value = param.get_default(ctx, call=False)
    finally:
        ctx.resilient_parsing = resilient
    if value is None or value == [] or value == () or callable(value):
        return ""
    return str(getattr(value, "value", value))


def usage_line(command: Any, ctx: Context) -> str:
    """``用法：doctemplates render [选项] 文种 数据文件``."""
    pieces = ["[选项]"]
    for param in command.params:
        if param.param_type_name == "argument":
            name = argument_name(param) + (" ..." if param.nargs != 1 else "")
            pieces.append(name if param.required else f"[{name}]")
    if isinstance(command, TyperGroup):
        pieces.append("命令 [命令的参数和选项]")
    return f"用法：{ctx.command_path} {' '.join(pieces)}"


def render_help(command: Any, ctx: Context) -> str:
    """The help page of ``command``: plain text, wrapped to the terminal, nothing cut."""
    width = terminal_width()
    out = [usage_line(command, ctx), ""]
    text = (command.help or "").partition("\f")[0].strip()
    for paragraph in re.split(r"\n\s*\n", text) if text else []:
        out.extend("  " + line for line in wrap(join_lines(paragraph), width - 2))
        out.append("")
    params = [p for p in command.get_params(ctx) if not getattr(p, "hidden", False)]
    arguments = [p for p in params if p.param_type_name == "argument"]
    options = [p for p in params if p.param_type_name == "option"]
    if arguments:
        out.append("参数：")
        gap = min(max(cell_len(argument_name(p)) for p in arguments) + 4, 16)
        for p in arguments:
            out.extend(columns(argument_name(p), _param_help(p, ctx), 2, gap, width))
        out.append("")
    if options:
        out.append("选项：")
        gap = min(max(cell_len(_option_names(p)) for p in options) + 4, 28)
        for p in options:
            out.extend(columns(_option_names(p), _param_help(p, ctx), 2, gap, width))
        out.append("")
    if isinstance(command, TyperGroup):
        names = [n for n in command.list_commands(ctx) if not command.commands[n].hidden]
        if names:
            out.append("命令：")
            gap = max(cell_len(n) for n in names) + 4
            for name in names:
                summary = _summary(command.commands[name].help or "")
                out.extend(columns(name, summary, 2, gap, width))
            out.append("")
    if command.epilog:
        out.append("示例：")
        out.extend(f"  {line.strip()}" for line in command.epilog.strip().splitlines())
        out.append("")
    return "\n".join(line.rstrip() for line in out).rstrip() + "\n"


def _summary(help_text: str) -> str:
    """The first paragraph of a command's help, on one line."""
    return join_lines(re.split(r"\n\s*\n", help_text.strip(), maxsplit=1)[0])


def join_lines(text: str) -> str:
    """Source lines joined into one: no space where a Chinese character meets the break.

    >>> join_lines("也会生成\\n  PDF。\\n所有输出 and\\nmore")
    '也会生成 PDF。所有输出 and more'
    """
    joined = ""
    for line in (part.strip() for part in text.splitlines()):
        if not line:
            continue
        if joined and not (cell_len(joined[-1]) == 2 and cell_len(line[0]) == 2):
            joined += " "
        joined += line
    return " ".join(joined.split(" ")) if joined else ""


def examples(command: Any) -> list[str]:
    """The example lines of a command (its ``epilog``)."""
    return [line.strip() for line in (command.epilog or "").splitlines() if line.strip()]
