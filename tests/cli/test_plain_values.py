"""Options coerced without typer's pydantic adapters give what the adapters give (issue 20 §3).

:mod:`doctemplates.cliparams` passes values of a parameter's own type through;
here every such parameter of every command is fed the same values both ways.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import typer.main
from hypothesis import given, settings
from hypothesis import strategies as st
from typer._click import Context
from typer._coercion import build_runtime_param
from typer.core import _TyperParameter

from doctemplates.cli import app
from doctemplates.cliparams import PlainValue, use_plain_values


def _params() -> list[tuple[Any, _TyperParameter]]:
    group = typer.main.get_command(app)
    found: list[tuple[Any, _TyperParameter]] = []
    for command in [group, *group.commands.values()]:  # type: ignore[attr-defined]
        ctx = Context(command)
        for param in command.get_params(ctx):
            if isinstance(param, _TyperParameter):
                found.append((command, param))
    return found


PARAMS = _params()
PLAIN = []
for _command, _param in PARAMS:
    _param._runtime_param = None
    use_plain_values([_param])
    if isinstance(_param._runtime_param, PlainValue):
        PLAIN.append((_command, _param))


def test_the_render_command_s_parameters_are_all_plain() -> None:
    render = [p.name for c, p in PARAMS if c.name == "render"]
    assert sorted(p.name for c, p in PLAIN if c.name == "render") == sorted(render)
    assert len(PLAIN) > 40  # the other commands' text, switches, counts and file names too


def test_bounded_numbers_keep_typer_s_adapter() -> None:
    serve = {p.name: p for c, p in PARAMS if c.name == "serve"}
    serve["port"]._runtime_param = None
    use_plain_values([serve["port"]])
    assert serve["port"]._runtime_param is None  # min/max: typer's adapter checks them


def _outcome(coerce: Any, value: Any, param: _TyperParameter, ctx: Context) -> tuple[Any, ...]:
    try:
        result = coerce(value, param=param, ctx=ctx)
    except Exception as exc:  # noqa: BLE001 — the two ways must fail alike
        return ("error", type(exc).__name__)
    shape = [type(v) for v in result] if isinstance(result, list) else None
    return ("value", type(result), result, shape)


values = st.one_of(
    st.text(),
    st.booleans(),
    st.integers(),
    st.none(),
    st.tuples(st.text(), st.text()),
    st.lists(st.text(max_size=5), max_size=3).map(tuple),
    st.builds(Path, st.text(alphabet="ab/.-~ 中", max_size=6)),
    st.just("-"),
    st.just("a\x00b"),  # os.stat refuses it: a usage error both ways, not a ValueError
    st.just(()),
)


@pytest.mark.parametrize(("command", "param"), PLAIN, ids=[f"{c.name}-{p.name}" for c, p in PLAIN])
@settings(max_examples=40, deadline=None)
@given(value=values)
def test_plain_values_equal_typer_s_adapter(
    command: Any, param: _TyperParameter, value: Any
) -> None:
    ctx = Context(command)
    plain = param._runtime_param
    assert isinstance(plain, PlainValue)
    adapter = build_runtime_param(param.type_descriptor)
    assert _outcome(plain.coerce, value, param, ctx) == _outcome(adapter.coerce, value, param, ctx)


def test_progress_messages_are_written_without_rich(capsys: pytest.CaptureFixture[str]) -> None:
    """``say`` writes plain text (no rich console), without a file name's control characters."""
    from doctemplates.clishared import say

    say("已生成 通知[1]:smile:\x1b[31m\r.docx\t完")
    assert capsys.readouterr().err == "已生成 通知[1]:smile:[31m.docx\t完\n"
