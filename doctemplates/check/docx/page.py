"""§5 page checks of a .docx (页面): paper, margins, lines per page, characters per line."""

from __future__ import annotations

from collections.abc import Iterator

from doctemplates.check.docx import props
from doctemplates.check.docx.view import Check, DocxView
from doctemplates.check.ooxml import DocxFile
from doctemplates.check.rules import finding
from doctemplates.findings import Finding, Location
from doctemplates.gbt9704 import geometry as g
from doctemplates.gbt9704 import tolerances as tol

__all__ = ["CHECKS", "fmt_mm"]

_GRID_TYPES = ("lines", "linesAndChars", "snapToChars")


def fmt_mm(v: float) -> str:
    """A length as findings show it (``37.0 mm``)."""
    return f"{v:.1f} mm"


def _off(got: float | None, want: float) -> bool:
    return got is None or abs(abs(got) - want) > tol.POSITION_MM


def paper(view: DocxView) -> Iterator[Finding]:
    """§5.1 A4 portrait and §5.2.1 the four margins."""
    sect = view.doc.sect_pr
    if sect is None:
        yield finding("page-size", "文档没有页面设置（w:sectPr）", Location(element="w:sectPr"))
        return
    w, h = props.page_size_mm(sect)
    if _off(w, g.PAGE_WIDTH_MM) or _off(h, g.PAGE_HEIGHT_MM):
        yield finding(
            "page-size",
            "纸张应为 A4 纵向",
            Location(element="w:pgSz"),
            expected=f"{g.PAGE_WIDTH_MM:.0f} × {g.PAGE_HEIGHT_MM:.0f} mm",
            actual=f"{w or 0:.1f} × {h or 0:.1f} mm",
        )
    for side, name, want in (
        ("top", "天头（上边距）", g.MARGIN_TOP_MM),
        ("left", "订口（左边距）", g.MARGIN_LEFT_MM),
        ("right", "右边距", g.MARGIN_RIGHT_MM),
        ("bottom", "下边距", g.MARGIN_BOTTOM_MM),
    ):
        got = props.margin_mm(sect, side)
        if _off(got, want):
            yield finding(
                "page-margins",
                f"{name}应为 {want:.0f} mm ± {tol.POSITION_MM:g} mm",
                Location(element=f"w:pgMar/@w:{side}"),
                expected=fmt_mm(want),
                actual=fmt_mm(got) if got is not None else "未设置",
            )


def _line_pitch(doc: DocxFile, grid: props.Grid) -> float | None:
    """Twips per line: the document grid, else an exact line spacing of the Normal style."""
    pitch = grid.line_pitch if grid.type in _GRID_TYPES else None
    if doc.styles_root is None:
        spacing = doc.style_ppr(None, "w:spacing")
    else:
        normal = doc.style_by_name("Normal") or doc.style_by_name("正文")
        spacing = doc.style_ppr(normal, "w:spacing") if normal else None
        if spacing is None or props.line_spacing(spacing)[0] is None:
            spacing = props.default_spacing(doc.styles_root, "p")
    line, rule = props.line_spacing(spacing)
    if rule == "exact" and line and line.isdigit():
        pitch = float(line)
    return pitch


def lines(view: DocxView) -> Iterator[Finding]:
    """§5.2.3 22 lines a page: a document grid or an exact line spacing."""
    sect = view.doc.sect_pr
    if sect is None:
        return
    pitch = _line_pitch(view.doc, props.grid(sect))
    per_pt = g.TWIPS_PER_PT
    if not pitch:
        yield finding(
            "page-grid",
            f"没有文档网格或固定行距，无法保证每面 {g.LINES_PER_PAGE} 行",
            Location(element="w:docGrid"),
            expected=f"文档网格 {g.LINES_PER_PAGE} 行或固定行距约 "
            f"{g.LINE_PITCH_TWIPS / per_pt:.0f} pt",
            actual="未设置",
        )
        return
    count = int(g.mm_to_twips(g.BAN_XIN_HEIGHT_MM) // pitch)
    if count != g.LINES_PER_PAGE:
        yield finding(
            "page-grid",
            f"版心应排 {g.LINES_PER_PAGE} 行",
            Location(element="w:docGrid/@w:linePitch"),
            expected=f"{g.LINES_PER_PAGE} 行（行距约 {g.LINE_PITCH_TWIPS / per_pt:.1f} pt）",
            actual=f"{count} 行（行距 {pitch / per_pt:.1f} pt）",
        )


def chars(view: DocxView) -> Iterator[Finding]:
    """§5.2.3 28 characters a line: the default size and spacing (or the character grid)."""
    doc, sect = view.doc, view.doc.sect_pr
    if sect is None:
        return
    grid = props.grid(sect)
    normal = doc.style_by_name("Normal") or ""
    style = doc.style_props(normal) if doc.styles_root is not None else None
    size = (style.size if style else None) or g.SIZE_WU_HAO
    pitch = size
    if grid.type == "linesAndChars" and grid.char_space is not None:
        pitch = size + grid.char_space / g.CHAR_SPACE_PER_PT
    elif doc.styles_root is not None:
        spacing = props.char_spacing_pt(props.default_spacing(doc.styles_root, "r"))
        pitch = size + spacing if spacing is not None else pitch
    count = int(g.mm_to_pt(g.BAN_XIN_WIDTH_MM) / pitch + tol.EPSILON)
    if count != g.CHARS_PER_LINE:
        yield finding(
            "grid-chars",
            f"版心每行应排 {g.CHARS_PER_LINE} 字",
            Location(element="w:docDefaults / w:docGrid"),
            expected=f"{g.CHARS_PER_LINE} 字",
            actual=f"{count} 字（字号 {size:g} pt，字距 {pitch - size:+.2f} pt）",
        )


CHECKS: tuple[Check, ...] = (paper, lines, chars)
