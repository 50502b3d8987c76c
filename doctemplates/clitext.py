"""Text laid out by display width for the terminal.  终端文字排版。

Shared by the help pages (:mod:`doctemplates.clihelp`) and the commands that print
two columns (``kinds``, ``fields``, ``doctor``, ``config``).  Imports no command-line
library beyond :func:`rich.cells.cell_len`, so ``kinds`` can print before typer is
loaded (:mod:`doctemplates.clifast`).

>>> wrap("资源上限，可多次指定，如 --limit rows=200000；可用：data-bytes、depth", 20)
['资源上限，可多次指', '定，如 --limit', 'rows=200000；可用：', 'data-bytes、depth']
>>> list(columns("document", "通用公文：通知、报告", 0, 10, 40))
['document  通用公文：通知、报告']
"""

from __future__ import annotations

import re
import shutil
import sys
from collections.abc import Iterator

from rich.cells import cell_len

__all__ = ["columns", "echo_error", "reported", "terminal_width", "wrap"]


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


# -- errors the command line prints itself (no traceback) ----------------------------------------
def echo_error(message: str, name: str) -> None:
    """``错误：message（name）`` on standard error (red on a terminal)."""
    from rich.console import Console
    from rich.markup import escape

    text = f"{message}（{name}）".encode("utf-8", "backslashreplace").decode("utf-8")
    Console(stderr=True).print(
        f"[bold red]错误：[/]{escape(text)}", highlight=False, soft_wrap=True
    )


def reported(exc: BaseException) -> int | None:
    """Print an error a user can cause and return its exit code; None for anything else.

    Ctrl-C 130; a :class:`~doctemplates.errors.DocTemplatesError` or an OS error (in
    Chinese, with the file name) 1; a broken pipe (``doctemplates kinds | head``) 1,
    silently, with standard output sent nowhere so Python's final flush cannot fail.
    """
    from doctemplates.errors import DocTemplatesError, os_reason

    if isinstance(exc, (EOFError, KeyboardInterrupt)):
        echo_error("已中断", "KeyboardInterrupt")
        return 130
    if isinstance(exc, DocTemplatesError):
        echo_error(str(exc), type(exc).__name__)
        return 1
    if isinstance(exc, BrokenPipeError):
        import os

        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 1
    if isinstance(exc, OSError):
        where = f"{exc.filename}：" if exc.filename else ""
        echo_error(f"{where}{os_reason(exc)}", type(exc).__name__)
        return 1
    return None
