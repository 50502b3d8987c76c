"""``doctemplates kinds`` before typer is loaded (start-up, issue 20 §3).  文种清单的快速路径。

Listing the kinds prints declarations the user cache already holds
(:mod:`doctemplates.kindlist`); importing typer, its click, rich's console and
pydantic (typer's option adapters) costs more than the listing itself.  So the
console-script entry (:func:`doctemplates.cli.main`) asks :func:`answered` first:
``doctemplates kinds`` and ``doctemplates kinds --json`` — exactly these arguments,
nothing before the command, no completion request — are printed here by the very
function the typer command calls (:func:`print_kinds`), so both ways print the
same bytes.  Anything else (``kinds -h``, ``--no-cache kinds``, a misspelt option)
goes through typer as before, with its Chinese help and usage errors.
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Sequence

__all__ = ["answered", "print_kinds"]

#: The argument lists answered without typer, and whether each asks for JSON.
_FAST = {("kinds",): False, ("kinds", "--json"): True}
_COMPLETE_ENV = "_DOCTEMPLATES_COMPLETE"  # typer's completion request (click's complete_var)


def answered(args: Sequence[str]) -> bool:
    """Print the kinds and return True when ``args`` are exactly a plain ``kinds`` command."""
    as_json = _FAST.get(tuple(args))
    if as_json is None or _COMPLETE_ENV in os.environ:
        return False
    try:
        print_kinds(as_json)
        sys.stdout.flush()
    except (Exception, KeyboardInterrupt) as exc:  # the net Group.main spreads under typer
        from doctemplates.clitext import reported

        code = reported(exc)  # a broken pipe (kinds | head), Ctrl-C, an OS error: no traceback
        if code is None:
            raise
        raise SystemExit(code) from None
    return True


def print_kinds(as_json: bool) -> None:
    """The kinds' names, titles and descriptions (or, with ``as_json``, their JSON rows)."""
    from doctemplates.kindlist import kind_infos  # declarations: no kind is imported

    kinds = list(kind_infos().values())
    if as_json:
        rows = [
            {
                "name": k.name,
                "title": k.title,
                "aliases": list(k.aliases),
                "description": k.description,
                "template": k.template,
            }
            for k in kinds
        ]
        sys.stdout.write(json.dumps(rows, ensure_ascii=False, indent=2) + "\n")
        return
    from rich.cells import cell_len

    from doctemplates.clitext import columns, terminal_width

    gap = max(cell_len(k.name) for k in kinds) + 2
    for k in kinds:
        for line in columns(k.name, f"{k.title}：{k.description}", 0, gap, terminal_width()):
            sys.stdout.write(line + "\n")
