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
from collections.abc import Iterator

from rich.cells import cell_len

__all__ = ["columns", "terminal_width", "wrap"]


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
