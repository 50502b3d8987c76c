"""One-off commands import only what they use (issue 20 §3).

Not timed (the machine is shared): which modules a command has loaded when it
ends.  The figures are in docs/performance.md (benchmarks/startup_bench.py).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
HEAVY = ("cn2an", "pypdf", "pdfplumber", "multiprocessing", "reportlab", "doctemplates.pdf.pool")
_PROBE = """
import json, runpy, sys
sys.argv = ["doctemplates", *json.loads(sys.argv[1])]
try:
    runpy.run_module("doctemplates.cli", run_name="__main__")
except SystemExit as exc:
    assert not exc.code, exc.code
print(json.dumps(sorted(sys.modules)))
"""


@pytest.fixture(autouse=True, scope="module")
def _own_cache(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """The commands of this module share a user cache of their own (first run cold)."""
    with pytest.MonkeyPatch.context() as m:
        m.setenv("DOCTEMPLATES_CACHE", str(tmp_path_factory.mktemp("startup-cache")))
        m.delenv("DOCTEMPLATES_NO_CACHE", raising=False)
        yield


def _modules(*args: str) -> set[str]:
    out = subprocess.run(
        [sys.executable, "-c", _PROBE, json.dumps(args)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=True,
    ).stdout
    return set(json.loads(out.splitlines()[-1]))


@pytest.mark.parametrize(
    "args",
    [
        ("kinds",),
        ("render", "document", "samples/notice.yaml", "-o", "{out}", "--force"),
    ],
)
def test_commands_without_pdf_do_not_import_the_pdf_stack(
    args: tuple[str, ...], tmp_path: Path
) -> None:
    loaded = _modules(*(a.format(out=tmp_path / "x.docx") for a in args))
    assert "doctemplates.kindlist" in loaded  # the command ran (render finds its kind there)
    assert loaded.isdisjoint(HEAVY), sorted(loaded & set(HEAVY))


#: What listing the kinds must not need: the kinds' modules and models, the renderer,
#: the data readers, the settings model, docx and lxml.
LISTING_NEEDS_NONE_OF = (
    "doctemplates.kinds",
    "doctemplates.model",
    "doctemplates.context",
    "doctemplates.settings",
    "doctemplates.data",
    "doctemplates.records",
    "doctemplates.render.template",
    "pingyi_docs",
    "jinja2",
    "docx",
    "lxml",
    "yaml",
)


def _heavy(loaded: set[str], names: tuple[str, ...]) -> list[str]:
    return sorted(m for m in loaded if m in names or m.startswith(tuple(n + "." for n in names)))


@pytest.mark.parametrize("args", [("kinds",), ("kinds", "--json"), ("-h",), ("-q", "kinds")])
def test_listing_the_kinds_imports_no_kind(args: tuple[str, ...]) -> None:
    """The second run reads the kinds' declarations (doctemplates.kindlist) from the cache."""
    _modules("kinds")  # the first run of this tree (and sys.path) stores the declarations
    loaded = _modules(*args)
    assert "doctemplates.clifast" in loaded  # the listing code is loaded
    assert _heavy(loaded, LISTING_NEEDS_NONE_OF) == []


#: What the plain ``kinds`` and ``kinds --json`` print without (doctemplates.clifast): the
#: command-line libraries, pydantic, the installed packages' metadata (read only to store).
KINDS_NEEDS_NONE_OF = ("typer", "click", "rich.console", "pydantic", "importlib.metadata")


@pytest.mark.parametrize("args", [("kinds",), ("kinds", "--json")])
def test_the_plain_listing_loads_no_command_line_library(args: tuple[str, ...]) -> None:
    _modules("kinds")
    loaded = _modules(*args)
    assert "doctemplates.kindlist" in loaded
    assert _heavy(loaded, KINDS_NEEDS_NONE_OF) == []
    assert "doctemplates.cliinfo" not in loaded  # typer's command did not run


@pytest.mark.parametrize("args", [("-q", "kinds"), ("kinds", "-h"), ("--no-cache", "kinds")])
def test_other_listings_still_go_through_typer(args: tuple[str, ...]) -> None:
    assert {"doctemplates.cliinfo", "typer"} <= _modules(*args)


def _stdout(*args: str) -> str:
    return subprocess.run(
        [sys.executable, "-m", "doctemplates.cli", *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=True,
    ).stdout


@pytest.mark.parametrize("json_flag", [(), ("--json",)])
def test_the_plain_listing_prints_what_typer_prints(json_flag: tuple[str, ...]) -> None:
    """``-q kinds`` runs typer's command (same listing, nothing on stdout changes with -q)."""
    fast = _stdout("kinds", *json_flag)
    assert fast == _stdout("-q", "kinds", *json_flag)
    assert "document" in fast and "通用公文" in fast


def test_a_kinds_completion_request_is_typer_s(monkeypatch: pytest.MonkeyPatch) -> None:
    """Tab completion of ``doctemplates kinds --j`` is answered by typer, not listed."""
    monkeypatch.setenv("_DOCTEMPLATES_COMPLETE", "complete_bash")
    monkeypatch.setenv("COMP_WORDS", "doctemplates kinds --j")
    monkeypatch.setenv("COMP_CWORD", "2")
    out = subprocess.run(
        [sys.executable, "-m", "doctemplates.cli", "kinds", "--json"],
        capture_output=True,
        text=True,
        cwd=ROOT,
    ).stdout
    assert "--json" in out and "通用公文" not in out


#: What a one-document render (the .docx, a second run) does without: typer's pydantic
#: adapters for its options (doctemplates.cliparams), rich's console (nothing styled to print).
RENDER_NEEDS_NONE_OF = ("typer._adapters", "rich.console", "rich.markup")


def test_a_render_builds_no_option_adapter_and_no_console(tmp_path: Path) -> None:
    args = ("render", "document", "samples/notice.yaml", "-o", str(tmp_path / "x.docx"))
    loaded = _modules(
        *args, "--template", "doctemplates/templates/wenjian.docx", "--limit", "depth=40"
    )
    assert "doctemplates.cliparams" in loaded and "doctemplates.render.template" in loaded
    assert _heavy(loaded, RENDER_NEEDS_NONE_OF) == []


def test_render_imports_only_its_own_kind(tmp_path: Path) -> None:
    _modules("kinds")
    loaded = _modules("render", "document", "samples/notice.yaml", "-o", str(tmp_path / "x.docx"))
    assert "doctemplates.render.template" in loaded  # it rendered
    assert _heavy(loaded, ("pingyi_docs",)) == []


def test_the_kinds_listing_equals_the_kinds(tmp_path: Path) -> None:
    """Declarations from the cache say what importing the kinds says (the --json output)."""
    from doctemplates.kinds import available_kinds

    _modules("kinds")
    out = subprocess.run(
        [sys.executable, "-m", "doctemplates.cli", "kinds", "--json"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=True,
    ).stdout
    listed = json.loads(out)
    assert [row["name"] for row in listed] == list(available_kinds())
    for row in listed:
        kind = available_kinds()[row["name"]]
        assert row == {
            "name": kind.name,
            "title": kind.title,
            "aliases": list(kind.aliases),
            "description": kind.description,
            "template": str(kind.default_template),
        }


def test_pdf_package_names_load_on_first_use() -> None:
    code = (
        "import sys, doctemplates.pdf as p; assert 'pypdf' not in sys.modules; "
        "import doctemplates.pdf.convert; from doctemplates.pdf import convert, PdfOptions; "
        "assert callable(convert) and convert is p.convert and convert.__module__ == "
        "'doctemplates.pdf.convert', convert; assert 'PdfOptions' in dir(p)"
    )
    subprocess.run([sys.executable, "-c", code], check=True, cwd=ROOT)


#: What a second render of the same document reads from the user cache instead of loading:
#: the tag repair (docxtpl, python-docx), the segmenter, the font reader.
CACHED_AWAY = ("docxtpl", "docx", "rjieba", "fontTools")


def test_a_second_render_loads_no_compiler_segmenter_or_font_reader(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    args = ("render", "document", "samples/notice.yaml", "-o", str(tmp_path / "x.docx"), "--force")
    _modules(*args)  # fills the cache (this module's own folder)
    assert _heavy(_modules(*args), CACHED_AWAY) == []
    monkeypatch.setenv("DOCTEMPLATES_NO_CACHE", "1")
    assert set(CACHED_AWAY) <= _modules(*args)  # without the cache: all of them


def _kinds_into(stdout: int, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "doctemplates.cli", *args],
        stdout=stdout,
        stderr=subprocess.PIPE,
        text=True,
        cwd=ROOT,
    )


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="no /dev/full")
@pytest.mark.parametrize("args", [("kinds",), ("-q", "kinds")])
def test_a_full_disk_is_one_chinese_sentence_both_ways(args: tuple[str, ...]) -> None:
    with open("/dev/full", "w") as full:
        done = _kinds_into(full.fileno(), *args)
    assert done.returncode == 1
    assert done.stderr.strip() == "错误：磁盘空间不足（OSError）", done.stderr


def test_a_reader_that_goes_away_is_no_traceback() -> None:
    """``doctemplates kinds | head -c 1``: exit 1 quietly, as click does under typer."""
    for _ in range(3):  # the reader must be gone before the write: close our end first
        reader, writer = os.pipe()
        os.close(reader)
        try:
            done = _kinds_into(writer, "kinds")
        finally:
            os.close(writer)
        assert done.returncode == 1
        assert done.stderr == "", done.stderr
