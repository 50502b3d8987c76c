"""Millimetres and points live in gbt9704 (and layout/calibration.py): an AST scan finds strays.

Every numeric literal in the builder (``layout/``), the checker (``check/``) and the PDF page
rules (``pdf/pagerules.py``, ``pdf/signature_fit.py``) must be

* one of :data:`ANYWHERE` (the integers 0, 1, 2, −1 — halves, doubles, first and last) or
  :data:`ANYWHERE_FLOAT` (0.0, 0.5), or
* an index or slice bound, an argument of ``range()``, or compared with a ``len()`` (counts), or
* listed in :data:`ALLOWED` for its module with the reason it is no length
  (or the module in :data:`EXEMPT`, with the reason none of its numbers is).

In the rest of the package (process control, packages, fonts, text verification) a length
shows itself by how it is used: a literal handed to a unit conversion (``zi(4)``,
``mm_to_twips(110)``) or the inch in millimetres (``25.4``) is refused everywhere.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[2] / "doctemplates"
STANDARD = ("gbt9704/", "layout/calibration.py")
SCANNED = ("layout/", "check/", "pdf/pagerules.py", "pdf/signature_fit")  # and its parts
ANYWHERE = {0, 1, 2, -1}  # integers: first, last, halves and doubles
ANYWHERE_FLOAT = {0.0, 0.5}  # a float 1.0 or 2.0 is a length more often than not
CONVERSIONS = {
    "zi",
    "mm_to_pt",
    "mm_to_twips",
    "mm_to_emu",
    "pt_to_mm",
    "pt_to_twips",
    "twips_to_mm",
    "twips_to_emu",
    "border_eighths",
}

#: Modules whose numbers are no lengths at all (the unit-conversion scan still applies).
EXEMPT = {
    "layout/titles.py": "the title breaker's penalty weights and search bounds; its lengths "
    "come from gbt9704 (TITLE_STEP_ZI, TITLE_SIDE_MARGIN_ZI) and layout.textwidth",
    "layout/titlewords.py": "split from layout/titles.py (issue 14): dictionary bounds and "
    "the break costs between words; no lengths",
}

#: module → {value: why it is no millimetre or point}
ALLOWED: dict[str, dict[float, str]] = {
    "layout/builder.py": {0o644: "file mode of the template's zip members"},
    "layout/blocks.py": {
        6.0: "ratio cap between table column weights",
        240: "OOXML unit: w:spacing line 240 = single spacing (lineRule auto)",
    },
    "layout/tables.py": {3: "the data-driven table's three columns", 1.0: "relative weight"},
    "layout/mark.py": {100: "percent (w:w character scale)", 1.0: "at least one 字 (empty name)"},
    "layout/header.py": {100: "percent (w:w character scale)"},
    "layout/titlecache.py": {
        4: "MiB bound of the title-segmentation cache (4 × 1024 × 1024 bytes)",
        1024: "bytes in a KiB / KiB in a MiB",
        400: "characters: longer texts are segmented, not cached",
    },
    "check/api.py": {1024: "bytes searched for the %PDF- header"},
    "check/docx/header.py": {
        6: "paragraphs before the 文号 line searched for a red line drawn as a shape",
        4: "paragraphs after it",
    },
    "findings.py": {24: "characters of a paragraph shown in a finding"},
    "check/sequence.py": {
        3: "结构层次 level 3 (1.)",
        4: "结构层次 level 4 ((1))",
        5: "one past the four 结构层次 levels",
    },
    "check/structure.py": {3: "signature lines recognised without a style"},
    "check/textforms.py": {
        3: "结构层次 level 3 (1.)",
        4: "结构层次 level 4 ((1))",
    },
    # pdf/signature_fit.py split into parts (issue 14): each number stays with its module
    "pdf/signature_fit_docx.py": {
        5000: "pages looked at (a bound, as the text verification)",
        0.995: "share of the pitch aimed at (LibreOffice rounds line heights)",
        32: "characters of header/footer before a page's body",
    },
    "pdf/signature_fit_plan.py": {
        64: "characters page 1 may show before the body",
        0.95: "share of the line pitch (free space that holds one more line)",
    },
    "pdf/signature_fit_revise.py": {
        8: "revisions kept for the next pass (a bound on conversions in flight, not a length)",
    },
    "pdf/signature_fit_pdf.py": {
        0xD800: "UTF-16 surrogate range",
        0xDC00: "UTF-16 surrogate range",
        0.2: "share of the line pitch (where the signature's frame may end)",
        0.3: "share of the line pitch (a new line starts)",
    },
}


def _modules() -> Iterator[tuple[str, ast.Module]]:
    for path in sorted(PACKAGE.rglob("*.py")):
        name = path.relative_to(PACKAGE).as_posix()
        if not name.startswith(STANDARD) and name != "layout/geometry.py":
            yield name, ast.parse(path.read_text(encoding="utf-8"), name)


def _counts(tree: ast.Module) -> set[int]:
    """ids of literals used as counts: indexes, slices, range() arguments, len() comparisons,
    and the unit handed to a conversion (``pt_to_mm(1.0)``: one point in millimetres)."""
    out: set[int] = set()
    for node in ast.walk(tree):
        parts: list[ast.AST] = []
        if isinstance(node, ast.Subscript):
            parts = [node.slice]
        elif isinstance(node, ast.Call) and _call_name(node) == "range":
            parts = list(node.args)
        elif isinstance(node, ast.Call) and _call_name(node) in CONVERSIONS:
            parts = [a for a in node.args if isinstance(a, ast.Constant) and a.value == 1]
        elif isinstance(node, ast.Compare):
            sides = [node.left, *node.comparators]
            if any(isinstance(s, ast.Call) and getattr(s.func, "id", "") == "len" for s in sides):
                parts = sides
        for part in parts:
            out.update(id(n) for n in ast.walk(part) if isinstance(n, ast.Constant))
    return out


def _call_name(node: ast.Call) -> str:
    func = node.func
    return func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")


def _numbers(tree: ast.Module) -> Iterator[ast.Constant]:
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and type(node.value) in (int, float):
            yield node


def test_no_length_outside_the_standard_layer() -> None:
    stray = []
    for name, tree in _modules():
        if not name.startswith(SCANNED) or name in EXEMPT:
            continue
        counts, allowed = _counts(tree), ALLOWED.get(name, {})
        for node in _numbers(tree):
            value = node.value
            usual = ANYWHERE if type(value) is int else ANYWHERE_FLOAT
            if value in usual or id(node) in counts or value in allowed:
                continue
            stray.append(f"{name}:{node.lineno}: {value!r}")
    assert stray == [], "numbers outside doctemplates/gbt9704 (name them there):\n" + "\n".join(
        stray
    )


def test_no_literal_length_handed_to_a_unit_conversion_anywhere() -> None:
    stray = []
    for name, tree in _modules():
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and _call_name(node) in CONVERSIONS:
                for arg in node.args:
                    if isinstance(arg, ast.Constant) and arg.value not in (0, 1, 1.0):
                        stray.append(f"{name}:{node.lineno}: {_call_name(node)}({arg.value!r})")
        stray += [f"{name}:{n.lineno}: 25.4" for n in _numbers(tree) if n.value == 25.4]
    assert stray == []


def test_the_allow_list_has_no_stale_entries() -> None:
    """An entry whose number is gone from its module is removed (the list stays small)."""
    present = {name: {n.value for n in _numbers(tree)} for name, tree in _modules()}
    stale = [
        f"{name}: {value!r}"
        for name, values in ALLOWED.items()
        for value in values
        if value not in present.get(name, set())
    ]
    assert stale == []


@pytest.mark.parametrize(
    ("source", "found"),
    [
        ("x = g.zi(4)", ["zi(4)"]),
        ("x = mm_to_twips(110)", ["mm_to_twips(110)"]),
        ("x = 7 * 25.4", ["25.4"]),
        ("x = g.zi(g.SIGN_RIGHT_SEAL_ZI)", []),
    ],
)
def test_the_scan_sees_a_length(source: str, found: list[str]) -> None:
    tree = ast.parse(source)
    calls = [
        f"{_call_name(n)}({n.args[0].value!r})"  # type: ignore[attr-defined]
        for n in ast.walk(tree)
        if isinstance(n, ast.Call) and _call_name(n) in CONVERSIONS
        if isinstance(n.args[0], ast.Constant)
    ]
    assert calls + [str(n.value) for n in _numbers(tree) if n.value == 25.4] == found
