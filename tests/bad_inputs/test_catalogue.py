"""Every bad input gets a Chinese message naming the culprit, and leaves nothing behind.

坏输入目录：每个用例断言中文提示中含有出错的字段、行、列、标签或文件，退出码正确，
且没有留下输出文件（也没有临时文件）。Cases live in :mod:`tests.bad_inputs.cases`.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from doctemplates.cli import app
from doctemplates.errors import DocTemplatesError
from tests.bad_inputs import files
from tests.bad_inputs.cases import CASES, Case
from tests.reliability.checks import has_cjk

runner = CliRunner()


def _params() -> list[object]:
    marks = lambda case: [pytest.mark.xfail(strict=True, reason=case.xfail)] if case.xfail else []  # noqa: E731
    return [pytest.param(case, id=case.id, marks=marks(case)) for case in CASES]


def test_catalogue_size() -> None:
    assert len(CASES) >= 40
    assert len({case.id for case in CASES}) == len(CASES)


def _run(case: Case, directory: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[str, int | None]:
    if case.call is not None:
        with pytest.raises(DocTemplatesError) as caught:
            case.call(directory, monkeypatch)
        return str(caught.value), None
    argv = [part.replace("{d}", str(directory)) for part in case.argv]
    result = runner.invoke(app, argv)
    assert "Traceback" not in result.output, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(
        result.exception
    )
    return result.stderr + result.stdout, result.exit_code


@pytest.mark.parametrize("case", _params())
def test_bad_input(case: Case, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    files.write(tmp_path, case.files)
    before = {name: (tmp_path / name).read_bytes() for name in case.unchanged}
    message, code = _run(case, tmp_path, monkeypatch)
    assert code == case.code, message
    assert has_cjk(message), message
    flat = " ".join(message.split())  # rich may wrap long lines
    for expected in case.expect:
        assert expected in flat or expected in message.replace("\n", ""), (expected, message)
    for name in case.absent:
        assert not (tmp_path / name).exists(), f"{name} was written"
    for name in case.present:
        assert (tmp_path / name).exists(), f"{name} is missing"
    for name, content in before.items():
        assert (tmp_path / name).read_bytes() == content, f"{name} was changed"
    temps = [p.name for p in tmp_path.rglob("*.tmp")]
    assert temps == [], f"temporary files left: {temps}"
