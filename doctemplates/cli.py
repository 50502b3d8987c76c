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

The commands live in sibling modules by responsibility (issue 14): shared options,
messages and checks in :mod:`doctemplates.clishared`; ``kinds``/``schema`` in
``cliinfo``, ``render`` in ``clirender``, ``batch`` in ``clibatch``,
``new``/``check``/``lint`` in ``clicheck``, ``serve`` in ``cliserve``,
``import``/``format`` in ``cliimport``, ``doctor``/``config`` in ``cliconfig``.
This module imports them in help order and keeps the entry point :func:`main`.
"""

from __future__ import annotations

import os
import sys
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import typer
    from typer.models import CommandInfo

    from doctemplates.assemble import data_for_kind as data_for_kind
    from doctemplates.clishared import app as app

__all__ = ["app", "data_for_kind", "main"]


def __getattr__(name: str) -> Any:
    """``app`` and ``data_for_kind`` load on first use: ``kinds`` starts without typer
    (:mod:`doctemplates.clifast`), nothing starts with the data readers."""
    if name == "app":
        return _app()
    if name == "data_for_kind":
        from doctemplates.assemble import data_for_kind

        return data_for_kind
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def _app() -> typer.Typer:
    """The typer program with every command registered, in the order of ``doctemplates -h``."""
    # The commands register on ``app`` as their modules load: this order is the help's order.
    # isort: off
    from doctemplates import cliinfo  # noqa: F401  kinds, schema
    from doctemplates import clirender  # noqa: F401  render
    from doctemplates import clibatch  # noqa: F401  batch
    from doctemplates import clicheck  # noqa: F401  new, check, lint
    from doctemplates import cliserve  # noqa: F401  serve
    from doctemplates import cliimport  # noqa: F401  import, format
    from doctemplates import cliconfig  # noqa: F401  doctor, config

    # isort: on
    from doctemplates.clishared import app

    return app


def main() -> None:
    """Console-script entry point."""
    from doctemplates.clifast import answered

    if answered(sys.argv[1:]):  # ``kinds`` (``--json``): printed without loading typer
        return
    from typer._completion_classes import completion_init

    completion_init()  # Tab completion (``_DOCTEMPLATES_COMPLETE``) without typer's English options
    app = _app()
    _only_the_named_command(app, sys.argv[1:])
    app(prog_name="doctemplates")


def _only_the_named_command(app: typer.Typer, args: list[str]) -> None:
    """``doctemplates render …``: build only ``render``'s click command (start-up, issue 20 §3).

    typer builds every command's options before parsing (a few ms each); when the first
    argument names a command exactly, the others cannot run.  Anything else (options
    first, help, an unknown or misspelt name, completion) keeps every command.
    """
    if not args or "_DOCTEMPLATES_COMPLETE" in os.environ:
        return
    named = [c for c in app.registered_commands if _name(c) == args[0]]
    if len(named) == 1:
        app.registered_commands = named


def _name(info: CommandInfo) -> str:
    if info.name:
        return info.name
    callback = info.callback
    return str(getattr(callback, "__name__", "")).lower().replace("_", "-")


if __name__ == "__main__":
    main()
