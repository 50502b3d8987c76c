"""Layers import one way (design.md): the ground floor and ``render`` know nothing of 公文.

Read from the source with :mod:`ast` (every ``import`` and ``from … import``,
inside functions too), so a lazy import cannot hide a dependency.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "doctemplates"

#: What ``render`` may import of the project: errors, the zip layer, atomic output,
#: the file-access policy, the findings (one type with check), itself.
RENDER_MAY_IMPORT = (
    "doctemplates.errors",
    "doctemplates.findings",
    "doctemplates.package",
    "doctemplates.output",
    "doctemplates.access",
)


def _imports(path: Path) -> list[tuple[str, list[str]]]:
    """``(module, names)`` of every import statement in ``path`` (absolute modules)."""
    found: list[tuple[str, list[str]]] = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found += [(alias.name, []) for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module:
            found.append((node.module, [alias.name for alias in node.names]))
    return found


def _project(path: Path) -> set[str]:
    return {m for m, _ in _imports(path) if m.split(".")[0] == "doctemplates"}


@pytest.mark.parametrize("path", sorted((PACKAGE / "render").glob("*.py")), ids=lambda p: p.name)
def test_render_imports_nothing_of_gongwen(path: Path) -> None:
    foreign = {
        m
        for m in _project(path)
        if not m.startswith("doctemplates.render") and m not in RENDER_MAY_IMPORT
    }
    assert foreign == set(), f"{path.name} imports {sorted(foreign)}"


def test_pictures_do_not_import_the_template() -> None:
    """media.py is imported by template.py: no circle back."""
    assert "doctemplates.render.template" not in _project(PACKAGE / "render" / "media.py")


def test_zip_layer_is_the_ground_floor() -> None:
    assert _project(PACKAGE / "package.py") <= {"doctemplates.errors"}


def test_findings_are_the_ground_floor() -> None:
    """One Finding type for render, check and lint: it imports nothing of the project."""
    assert _project(PACKAGE / "findings.py") == set()


@pytest.mark.parametrize("name", ["lint.py", "kinds.py", "cli.py", "assemble.py"])
def test_no_private_names_imported_across_modules(name: str) -> None:
    private = [
        f"{module}.{n}"
        for module, names in _imports(PACKAGE / name)
        if module.startswith("doctemplates")
        for n in names
        if n.startswith("_") and not n.endswith("__")
    ]
    assert private == []
