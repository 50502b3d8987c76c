"""The command line's Chinese face: help pages and usage errors.  命令行的中文界面。

Typer and the click it carries speak English (``Missing option '-o'``, ``No such
option``, ``Show this message and exit.``, types shown as ``<bool>``) and lay help
out in boxes that cut Chinese text with ``…`` in an 80-column terminal.  One
mechanism replaces both for every command: :class:`Group` is the program's
click group and turns each subcommand into a :class:`Command` (also the ones a
later ``@app.command`` adds), so

- help pages are written here (:func:`render_help`): 用法, 参数, 选项, 命令 and
  示例 (the command's ``epilog``), wrapped by display width with Chinese line
  breaking, never cut;
- usage errors are rewritten from the error object's class and parameter
  (:func:`usage_message`), never from click's English text, as one Chinese
  sentence that says what to do, with the English class name for programmers;
- running a command without any argument shows its help.

>>> wrap("资源上限，可多次指定，如 --limit rows=200000；可用：data-bytes、depth", 20)
['资源上限，可多次指', '定，如 --limit', 'rows=200000；可用：', 'data-bytes、depth']
"""

from __future__ import annotations

import contextlib
import difflib
import re
import shutil
import sys
from collections.abc import Iterator, Sequence
from typing import Any, NoReturn

from rich.cells import cell_len
from typer._click import exceptions as click_errors
from typer._click.core import Context, Parameter
from typer.core import TyperCommand, TyperGroup

__all__ = [
    "HELP_OPTION_NAMES",
    "Command",
    "Group",
    "UsageProblem",
    "columns",
    "examples",
    "fail_usage",
    "render_help",
    "terminal_width",
    "usage_message",
    "wrap",
]

HELP_OPTION_NAMES = ["-h", "--help"]
#: Help of options that typer or click add themselves (by parameter name).
_BUILTIN_HELP = {
    "help": "显示本帮助并退出",
    "install_completion": "为当前 shell 安装命令补全（Tab 键补全命令和选项）",
    "show_completion": "显示当前 shell 的补全脚本，可复制后自行安装",
}
_BUILTIN_METAVAR = {"install_completion": "", "show_completion": ""}


class UsageProblem(click_errors.UsageError):
    """A usage error already worded in Chinese (exit 2).  用法错误。"""


def terminal_width() -> int:
    """The terminal width (``COLUMNS`` first), between 40 and 100 columns."""
    return max(40, min(shutil.get_terminal_size((80, 24)).columns, 100))


# -- line breaking -------------------------------------------------------------------------
#: Never at the start of a line (closing punctuation) / the end of one (opening).
_CLOSING = set("，。、；：？！）」』】〉》”’］｝〕…,.;:?!)]}%")
_OPENING = set("（「『【〈《“‘［｛〔([{")


def _units(word: str) -> list[str]:
    """A word split where a line may break: around every wide (CJK) character."""
    units: list[str] = []
    for char in word:
        wide = cell_len(char) == 2
        if (
            units
            and (char in _CLOSING or units[-1][-1] in _OPENING)
            or units
            and not wide
            and cell_len(units[-1][-1]) == 1
        ):
            units[-1] += char
        else:
            units.append(char)
    return units


def wrap(text: str, width: int) -> list[str]:
    """Lines of at most ``width`` display cells; breaks at spaces and between Chinese characters.

    Hand-written: :mod:`textwrap` counts characters, not display cells, and
    rich breaks only at spaces (a long Chinese phrase is cut with ``…``).
    Closing punctuation stays with the character before it.
    """
    lines: list[str] = []
    for paragraph in text.splitlines() or [""]:
        current = ""
        for match in re.finditer(r"(\s*)(\S+)", paragraph):
            for index, unit in enumerate(_units(match[2])):
                piece = (" " if index == 0 and match[1] and current else "") + unit
                if cell_len(current + piece) <= width:
                    current += piece
                    continue
                if current:
                    lines.append(current)
                current = unit
                while cell_len(current) > width:
                    cut = _fit(current, width)
                    lines.append(current[:cut])
                    current = current[cut:]
        lines.append(current)
    return lines


def _fit(text: str, width: int) -> int:
    """How many characters of ``text`` fit in ``width`` cells (at least one)."""
    used = 0
    for index, char in enumerate(text):
        used += cell_len(char)
        if used > width:
            return max(index, 1)
    return len(text)


def columns(
    left: str, right: str, indent: int, gap: int, width: int | None = None
) -> Iterator[str]:
    """``left`` then ``right`` wrapped in the column that starts at ``gap`` (two-column text)."""
    width = width or terminal_width()
    room = max(width - gap, 20)
    lines = wrap(right, room) if right else [""]
    pad = " " * indent + left
    if cell_len(pad) + 2 > gap:
        yield pad
        first = 0
    else:
        yield pad + " " * (gap - cell_len(pad)) + lines[0]
        first = 1
    for line in lines[first:]:
        yield (" " * gap + line).rstrip()


# -- help pages ----------------------------------------------------------------------------
def _option_names(param: Parameter) -> str:
    opts = sorted(param.opts, key=lambda o: (o.startswith("--"), o))
    names = ", ".join(opts)
    if param.secondary_opts:
        names += " / " + ", ".join(param.secondary_opts)
    metavar = _metavar(param)
    return f"{names} {metavar}" if metavar else names


def _metavar(param: Parameter) -> str:
    name = param.name or ""
    if name in _BUILTIN_METAVAR:
        return _BUILTIN_METAVAR[name]
    if getattr(param, "is_flag", False) or getattr(param, "count", False):
        return ""
    return param.metavar or "值"


def _argument_name(param: Parameter) -> str:
    return param.metavar or (param.name or "").upper()


def _param_help(param: Parameter, ctx: Context) -> str:
    text = _BUILTIN_HELP.get(param.name or "") or " ".join(
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
        or param.name in _BUILTIN_HELP
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
            name = _argument_name(param) + (" ..." if param.nargs != 1 else "")
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
        gap = min(max(cell_len(_argument_name(p)) for p in arguments) + 4, 16)
        for p in arguments:
            out.extend(columns(_argument_name(p), _param_help(p, ctx), 2, gap, width))
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


# -- usage errors --------------------------------------------------------------------------
def usage_message(exc: click_errors.ClickException) -> str:
    """One Chinese sentence for a click error, from its class and parameter.

    The English text click wrote is not used (nor shown): each kind of usage
    error is worded here, with the fix and, where the command has one, an
    example from its help.
    """
    ctx: Context | None = getattr(exc, "ctx", None)
    if isinstance(exc, UsageProblem):
        return exc.message
    if ctx is None:
        return f"命令行用法有误：请用 -h 查看用法（{exc.format_message()}）"
    path, command = ctx.command_path, ctx.command
    help_hint = f"用法见 {path} -h"
    example = examples(command)
    sample = f"，例如：{example[0]}" if example else f"；{help_hint}"
    if isinstance(exc, click_errors.MissingParameter):
        param = exc.param
        if param is None:
            return f"缺少必填的参数{sample}"
        if param.param_type_name == "option":
            names = " / ".join(sorted(param.opts, key=len))
            what = _short_help(param)
            stray = _stray_value(ctx)
            if stray:
                long_name = max(param.opts, key=len)
                return (
                    f"缺少必填选项 {names}（{what}）：多出的「{stray}」如果是它的值，"
                    f"请写成 {long_name} {stray}{sample}"
                )
            return f"缺少必填选项 {names}（{what}）：请加上它{sample}"
        return f"缺少参数「{_argument_name(param)}」（{_short_help(param)}）{sample}"
    if isinstance(exc, click_errors.NoSuchOption):
        return _no_such_option(exc.option_name, ctx, help_hint)
    if isinstance(exc, click_errors.BadOptionUsage):
        option = _find_option(ctx, exc.option_name)
        if option is not None and getattr(option, "is_flag", False):
            return f"选项 {exc.option_name} 是开关，后面不能跟值：请只写 {exc.option_name}；{help_hint}"
        metavar = _metavar(option) if option is not None else "值"
        return (
            f"选项 {exc.option_name} 后面缺少{metavar}：请写成 {exc.option_name} {metavar}{sample}"
        )
    if isinstance(exc, click_errors.BadParameter):
        param = exc.param
        if param is None:
            return f"参数的值无效：{help_hint}"
        if param.param_type_name == "option":
            names = " / ".join(sorted(param.opts, key=len))
            return (
                f"选项 {names} 的值无效：应为{_metavar(param)}（{_short_help(param)}）；{help_hint}"
            )
        return f"参数「{_argument_name(param)}」的值无效：{_short_help(param)}；{help_hint}"
    if isinstance(exc, click_errors.BadArgumentUsage):
        return f"参数的个数不对：{help_hint}"
    return f"命令行用法有误：{help_hint}（{exc.format_message()}）"


def _short_help(param: Parameter) -> str:
    """The help's first phrase (up to ；。（), to name a parameter inside a sentence."""
    text = _BUILTIN_HELP.get(param.name or "") or (getattr(param, "help", "") or "")
    return re.split(r"[；。（]", " ".join(text.split()), maxsplit=1)[0] or (param.name or "")


def _find_option(ctx: Context, name: str) -> Parameter | None:
    return next(
        (p for p in ctx.command.get_params(ctx) if name in (*p.opts, *p.secondary_opts)), None
    )


def _no_such_option(name: str, ctx: Context, help_hint: str) -> str:
    own = [o for p in ctx.command.get_params(ctx) for o in (*p.opts, *p.secondary_opts)]
    root = ctx.find_root()
    bare = name.split("=", 1)[0]
    outer = next(
        (p for p in root.command.get_params(root) if bare in (*p.opts, *p.secondary_opts)), None
    )
    if root is not ctx and outer is not None:
        value = f" {_metavar(outer)}" if _metavar(outer) else ""
        return (
            f"{bare} 是总选项，要写在命令名之前：{root.command_path} {bare}{value} "
            f"{ctx.info_name} …；{help_hint}"
        )
    close = difflib.get_close_matches(bare, own, n=2, cutoff=0.5)
    guess = f"；是否想用 {' 或 '.join(close)}？" if close else "；"
    return f"{ctx.command_path} 没有选项 {name}{guess}全部选项见 {ctx.command_path} -h"


def _stray_value(ctx: Context) -> str | None:
    """A positional argument more than the command takes (often an option's value typed bare)."""
    args: list[str] = ctx.meta.get("doctemplates.args", [])
    takes_value = {
        o
        for p in ctx.command.get_params(ctx)
        if p.param_type_name == "option" and not getattr(p, "is_flag", False)
        for o in p.opts
    }
    positional: list[str] = []
    skip = False
    for arg in args:
        if skip:
            skip = False
        elif arg == "-" or not arg.startswith("-"):
            positional.append(arg)
        elif arg in takes_value:
            skip = True
    declared = sum(1 for p in ctx.command.params if p.param_type_name == "argument")
    return positional[declared] if len(positional) > declared else None


def _echo_error(message: str, name: str) -> None:
    from rich.console import Console
    from rich.markup import escape

    text = f"{message}（{name}）".encode("utf-8", "backslashreplace").decode("utf-8")
    Console(stderr=True).print(
        f"[bold red]错误：[/]{escape(text)}", highlight=False, soft_wrap=True
    )


def _echo_help(text: str) -> None:
    sys.stdout.write(text.rstrip("\n") + "\n")
    sys.stdout.flush()


# -- the classes ---------------------------------------------------------------------------
class Command(TyperCommand):
    """A command with a Chinese help page and Chinese usage errors.  中文命令。"""

    def format_help(self, ctx: Context, formatter: Any) -> None:
        formatter.write(render_help(self, ctx))

    def get_help_option(self, ctx: Context) -> Any:
        option = super().get_help_option(ctx)
        if option is not None:
            option.help = _BUILTIN_HELP["help"]
        return option

    def parse_args(self, ctx: Context, args: list[str]) -> list[str]:
        ctx.meta["doctemplates.args"] = list(args)
        if not args and not ctx.resilient_parsing and any(p.required for p in self.params):
            raise click_errors.NoArgsIsHelpError(ctx)
        allowed = ctx.allow_extra_args
        ctx.allow_extra_args = True
        try:
            with _in_context(ctx):
                rest = super().parse_args(ctx, args)
        finally:
            ctx.allow_extra_args = allowed
        if rest and not allowed and not ctx.resilient_parsing:
            extra = " ".join(rest)
            raise UsageProblem(
                f"多出的参数：{extra}（{ctx.command_path} 只接受 "
                f"{_arguments_text(self)}）；含空格的文件名请加引号，用法见 {ctx.command_path} -h",
                ctx,
            )
        return rest


@contextlib.contextmanager
def _in_context(ctx: Context) -> Iterator[None]:
    """Attach the command's context to parser errors raised without one (for the message)."""
    try:
        yield
    except click_errors.UsageError as exc:
        if exc.ctx is None:
            exc.ctx, exc.cmd = ctx, ctx.command
        raise


def _arguments_text(command: Any) -> str:
    names = [_argument_name(p) for p in command.params if p.param_type_name == "argument"]
    return "、".join(names) + " 这几个参数" if names else "选项，不接受参数"


class Group(TyperGroup):
    """The program: Chinese help, usage errors and messages for every command.  中文命令组。"""

    def __init__(self, **attrs: Any) -> None:
        super().__init__(**attrs)
        for name, command in list(self.commands.items()):
            self.commands[name] = _chinese(command)

    def add_command(self, cmd: Any, name: str | None = None) -> None:
        super().add_command(_chinese(cmd), name)

    def format_help(self, ctx: Context, formatter: Any) -> None:
        formatter.write(render_help(self, ctx))

    def get_help_option(self, ctx: Context) -> Any:
        option = super().get_help_option(ctx)
        if option is not None:
            option.help = _BUILTIN_HELP["help"]
        return option

    def parse_args(self, ctx: Context, args: list[str]) -> list[str]:
        ctx.meta["doctemplates.args"] = list(args)
        with _in_context(ctx):
            rest = super().parse_args(ctx, args)
        if (
            not getattr(ctx, "_protected_args", None)
            and not rest
            and not self.invoke_without_command
            and not ctx.resilient_parsing
        ):
            raise click_errors.NoArgsIsHelpError(ctx)
        return rest

    def resolve_command(self, ctx: Context, args: list[str]) -> Any:
        name = args[0] if args else ""
        if name and self.get_command(ctx, name) is None and not ctx.resilient_parsing:
            known = list(self.commands)
            close = difflib.get_close_matches(name, known, n=1, cutoff=0.5)
            guess = f"是否想用 {close[0]}？" if close else f"可用的命令：{'、'.join(known)}；"
            raise UsageProblem(f"没有命令「{name}」：{guess}用法见 {ctx.command_path} -h", ctx)
        return super().resolve_command(ctx, args)

    def main(
        self,
        args: Sequence[str] | None = None,
        prog_name: str | None = None,
        complete_var: str | None = None,
        standalone_mode: bool = True,
        windows_expand_args: bool = True,
        **extra: Any,
    ) -> Any:
        """Run the program; every click error becomes one Chinese sentence (exit 2 for usage)."""
        try:
            result = super().main(
                args,
                prog_name,
                complete_var,
                standalone_mode=False,
                windows_expand_args=windows_expand_args,
                **extra,
            )
            code = result if isinstance(result, int) else 0
        except click_errors.NoArgsIsHelpError as exc:
            _echo_help(exc.message)
            code = 0
        except click_errors.ClickException as exc:
            _echo_error(usage_message(exc), type(exc).__name__)
            code = exc.exit_code
        except (EOFError, KeyboardInterrupt):
            _echo_error("已中断", "KeyboardInterrupt")
            code = 130
        except Exception as exc:  # typer's Abort, and anything not caught by a command
            code = _unexpected(exc)
        if standalone_mode:
            sys.exit(code)
        return code


def _unexpected(exc: Exception) -> int:
    """A last net: an OS error in Chinese (exit 1); a programming error is re-raised."""
    import typer

    from doctemplates.errors import DocTemplatesError, os_reason

    if isinstance(exc, typer.Abort):
        _echo_error("已取消", "Abort")
        return 1
    if isinstance(exc, DocTemplatesError):
        _echo_error(str(exc), type(exc).__name__)
        return 1
    if isinstance(exc, OSError):
        where = f"{exc.filename}：" if exc.filename else ""
        _echo_error(f"{where}{os_reason(exc)}", type(exc).__name__)
        return 1
    raise exc


def _chinese(command: Any) -> Any:
    """A plain typer command gets this module's help and errors (its class is swapped)."""
    if type(command) is TyperCommand:
        command.__class__ = Command
    return command


def fail_usage(message: str) -> NoReturn:
    """Raise a Chinese usage error from inside a command (exit 2)."""
    raise UsageProblem(message)
