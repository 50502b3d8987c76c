"""One-off commands import only what they use (issue 20 §3).

Not timed (the machine is shared): which modules a command has loaded when it
ends.  The figures are in docs/performance.md (benchmarks/startup_bench.py).
"""

from __future__ import annotations

import json
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
    assert {"doctemplates.cliinfo", "doctemplates.clirender"} <= loaded  # the command ran
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


@pytest.mark.parametrize("args", [("kinds",), ("kinds", "--json"), ("-h",)])
def test_listing_the_kinds_imports_no_kind(args: tuple[str, ...]) -> None:
    """The second run reads the kinds' declarations (doctemplates.kindlist) from the cache."""
    _modules("kinds")  # the first run of this tree (and sys.path) stores the declarations
    loaded = _modules(*args)
    assert "doctemplates.cliinfo" in loaded  # the command ran
    assert _heavy(loaded, LISTING_NEEDS_NONE_OF) == []


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
