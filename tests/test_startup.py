"""One-off commands import only what they use (issue 20 §3).

Not timed (the machine is shared): which modules a command has loaded when it
ends.  The figures are in docs/performance.md (benchmarks/startup_bench.py).
"""

from __future__ import annotations

import json
import subprocess
import sys
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
    assert "doctemplates.kinds" in loaded  # the command ran
    assert loaded.isdisjoint(HEAVY), sorted(loaded & set(HEAVY))


def test_pdf_package_names_load_on_first_use() -> None:
    code = (
        "import sys, doctemplates.pdf as p; assert 'pypdf' not in sys.modules; "
        "import doctemplates.pdf.convert; from doctemplates.pdf import convert, PdfOptions; "
        "assert callable(convert) and convert is p.convert and convert.__module__ == "
        "'doctemplates.pdf.convert', convert; assert 'PdfOptions' in dir(p)"
    )
    subprocess.run([sys.executable, "-c", code], check=True, cwd=ROOT)
