"""The checker is cut by clause: one CHECKS tuple a module, small modules, a light import."""

from __future__ import annotations

import importlib
import pkgutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from lxml import etree

import doctemplates.check.docx as docx_checks
import doctemplates.check.pdf as pdf_checks
from doctemplates.check import check_docx
from doctemplates.check.ooxml import qn
from doctemplates.check.pdf import PdfView, check_pages
from doctemplates.gbt9704.formats import FORMATS, DocumentFormat
from doctemplates.layout import build_template
from tests.check.builders import edit_part, good

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


def _set(tag: str, name: str, value: str) -> Callable[[etree._Element], None]:
    def change(root: etree._Element) -> None:
        for node in root.iter(qn(tag)):
            node.set(qn(name), value)

    return change


def _drop(tag: str) -> Callable[[etree._Element], None]:
    def change(root: etree._Element) -> None:
        for node in list(root.iter(qn(tag))):
            parent = node.getparent()
            if parent is not None:
                parent.remove(node)

    return change


@pytest.mark.parametrize(
    ("part", "change", "rule"),
    [
        # a line pitch that is no number reads as none: the exact line spacing gives the
        # 22 lines (it raised ValueError)
        ("word/document.xml", _set("w:docGrid", "w:linePitch", "exact"), None),
        ("word/document.xml", _set("w:pgMar", "w:top", "abc"), "page-margins"),
        # a footer without paragraphs has no page number (it raised AttributeError)
        ("word/footer1.xml", _drop("w:p"), "page-number"),
        ("word/footer2.xml", _drop("w:p"), "page-number"),
    ],
)
def test_a_damaged_property_is_a_finding_not_a_crash(
    part: str, change: Callable[[etree._Element], None], rule: str | None
) -> None:
    data = edit_part(good("文件"), part, change)
    found = {f.rule for f in check_docx(data)}
    assert rule in found if rule else found == set()
