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

The help pages are :mod:`doctemplates.clihelp`; this module has the classes and the errors.

>>> wrap("资源上限，可多次指定，如 --limit rows=200000；可用：data-bytes、depth", 20)
['资源上限，可多次指', '定，如 --limit', 'rows=200000；可用：', 'data-bytes、depth']
"""

from __future__ import annotations

import contextlib
import difflib
import re
import sys
from collections.abc import Iterator, Sequence
from typing import Any, NoReturn

from typer._click import exceptions as click_errors
from typer._click.core import Context, Parameter
from typer.core import TyperCommand, TyperGroup

from doctemplates.clihelp import (
    BUILTIN_HELP,
    HELP_OPTION_NAMES,
    argument_name,
    examples,
    metavar_of,
    render_help,
)
from doctemplates.cliparams import use_plain_values
from doctemplates.clitext import columns, echo_error, reported, terminal_width, wrap

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


class UsageProblem(click_errors.UsageError):
    """A usage error already worded in Chinese (exit 2).  用法错误。"""


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
        return f"缺少参数「{argument_name(param)}」（{_short_help(param)}）{sample}"
    if isinstance(exc, click_errors.NoSuchOption):
        return _no_such_option(exc.option_name, ctx, help_hint)
    if isinstance(exc, click_errors.BadOptionUsage):
        option = _find_option(ctx, exc.option_name)
        if option is not None and getattr(option, "is_flag", False):
            return f"选项 {exc.option_name} 是开关，后面不能跟值：请只写 {exc.option_name}；{help_hint}"
        metavar = metavar_of(option) if option is not None else "值"
        return (
            f"选项 {exc.option_name} 后面缺少{metavar}：请写成 {exc.option_name} {metavar}{sample}"
        )
    if isinstance(exc, click_errors.BadParameter):
        param = exc.param
        if param is None:
            return f"参数的值无效：{help_hint}"
        if param.param_type_name == "option":
            names = " / ".join(sorted(param.opts, key=len))
            return f"选项 {names} 的值无效：应为{metavar_of(param)}（{_short_help(param)}）；{help_hint}"
        return f"参数「{argument_name(param)}」的值无效：{_short_help(param)}；{help_hint}"
    if isinstance(exc, click_errors.BadArgumentUsage):
        return f"参数的个数不对：{help_hint}"
    return f"命令行用法有误：{help_hint}（{exc.format_message()}）"


def _short_help(param: Parameter) -> str:
    """The help's first phrase (up to ；。（), to name a parameter inside a sentence."""
    text = BUILTIN_HELP.get(param.name or "") or (getattr(param, "help", "") or "")
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
        value = f" {metavar_of(outer)}" if metavar_of(outer) else ""
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
            option.help = BUILTIN_HELP["help"]
        return option

    def parse_args(self, ctx: Context, args: list[str]) -> list[str]:
        ctx.meta["doctemplates.args"] = list(args)
        use_plain_values(self.get_params(ctx))  # no pydantic adapter per option (start-up)
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
    names = [argument_name(p) for p in command.params if p.param_type_name == "argument"]
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
            option.help = BUILTIN_HELP["help"]
        return option

    def parse_args(self, ctx: Context, args: list[str]) -> list[str]:
        ctx.meta["doctemplates.args"] = list(args)
        use_plain_values(self.get_params(ctx))
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
            echo_error(usage_message(exc), type(exc).__name__)
            code = exc.exit_code
        except (EOFError, KeyboardInterrupt):
            echo_error("已中断", "KeyboardInterrupt")
            code = 130
        except Exception as exc:  # typer's Abort, and anything not caught by a command
            code = _unexpected(exc)
        if standalone_mode:
            sys.exit(code)
        return code


def _unexpected(exc: Exception) -> int:
    """A last net: an OS error in Chinese (exit 1); a programming error is re-raised."""
    import typer

    if isinstance(exc, typer.Abort):
        echo_error("已取消", "Abort")
        return 1
    code = reported(exc)
    if code is None:
        raise exc
    return code


def _chinese(command: Any) -> Any:
    """A plain typer command gets this module's help and errors (its class is swapped)."""
    if type(command) is TyperCommand:
        command.__class__ = Command
    return command


def fail_usage(message: str) -> NoReturn:
    """Raise a Chinese usage error from inside a command (exit 2)."""
    raise UsageProblem(message)
