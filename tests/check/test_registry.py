"""The checker is cut by clause: one CHECKS tuple a module, small modules, a light import."""

from __future__ import annotations

import importlib
import pkgutil
import subprocess
import sys
from pathlib import Path

import pytest

import doctemplates.check.docx as docx_checks
import doctemplates.check.pdf as pdf_checks
from doctemplates.check import check_docx
from doctemplates.check.pdf import PdfView, check_pages
from doctemplates.gbt9704.formats import FORMATS, DocumentFormat
from doctemplates.layout import build_template

PACKAGE = Path(docx_checks.__file__).resolve().parents[1]
HELPERS = {"view", "props"}


@pytest.mark.parametrize("package", [docx_checks, pdf_checks], ids=["docx", "pdf"])
def test_every_clause_module_registers_its_checks(package: object) -> None:
    """Each clause module lists its checks in CHECKS; the package runs them all, once each."""
    names = [m.name for m in pkgutil.iter_modules(package.__path__)]  # type: ignore[attr-defined]
    clauses = [n for n in names if n not in HELPERS]
    assert {"page", "header", "body", "closing", "footer"} <= set(clauses)
    collected = []
    for name in clauses:
        module = importlib.import_module(f"{package.__name__}.{name}")  # type: ignore[attr-defined]
        checks = module.CHECKS
        assert isinstance(checks, tuple) and checks and all(callable(c) for c in checks), name
        assert all(c.__module__ == module.__name__ for c in checks), name
        collected += checks
    assert sorted(map(id, package.CHECKS)) == sorted(map(id, collected))  # type: ignore[attr-defined]
    assert len(set(map(id, collected))) == len(collected)


def test_no_checker_module_over_400_lines() -> None:
    sizes = {
        str(p.relative_to(PACKAGE)): len(p.read_text(encoding="utf-8").splitlines())
        for p in PACKAGE.rglob("*.py")
    }
    assert {name: n for name, n in sizes.items() if n > 400} == {}


def test_importing_the_checker_loads_no_builder_renderer_or_office_library() -> None:
    code = (
        "import sys, doctemplates.check\n"
        "bad = [m for m in sys.modules if m.split('.')[0] in ('docx', 'docxtpl', 'jinja2')"
        " or m.startswith(('doctemplates.layout', 'doctemplates.render'))]\n"
        "print(bad)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


class _Order(DocumentFormat):
    """A 命令-like red-header format (§10.2): a subclass is all a new format needs."""

    name = "命令（测试）"
    mark_suffix = "令"


def test_a_new_format_is_checked_by_its_attributes(monkeypatch: pytest.MonkeyPatch) -> None:
    """The checks read the format's class attributes, not its name."""
    monkeypatch.setitem(FORMATS, _Order.name, _Order())
    template = build_template("文件")
    assert [f.rule for f in check_docx(template, _Order.name)] == []
    letter = type("LetterLike", (_Order,), {"name": "函（测试）", "letterhead": True})
    monkeypatch.setitem(FORMATS, letter.name, letter())
    assert "letter-lines" in {f.rule for f in check_docx(template, letter.name)}
    assert [f.rule for f in check_pages([], letter.name)] == []
    assert PdfView.of([], letter.name).format.letterhead
