"""§5.2.2 face and size checks of a .docx (字体字号): every named style, then the text itself.

The expected face family and size of each style come from the one style table
(:mod:`doctemplates.gbt9704.styles`).
"""

from __future__ import annotations

from collections.abc import Iterator

from lxml import etree

from doctemplates.check.docx import props
from doctemplates.check.docx.view import Check, DocxView, at
from doctemplates.check.ooxml import DocxFile, Para
from doctemplates.check.rules import finding
from doctemplates.check.textforms import Label, font_family, parse_label
from doctemplates.findings import Finding, Location
from doctemplates.gbt9704 import geometry as g
from doctemplates.gbt9704 import tolerances as tol
from doctemplates.gbt9704.fonts import BODY_FAMILY
from doctemplates.gbt9704.styles import LEVELS, STYLES, heading_style

__all__ = ["CHECKS", "STYLE_EXPECT", "style_problems"]

#: style name → (accepted families, size pt or None): every style of the one table
STYLE_EXPECT: dict[str, tuple[tuple[str, ...], float | None]] = {
    s.name: (s.families, s.expected_size) for s in STYLES
}
_LEVEL_FAMILY = {level: heading_style(level).families[0] for level in LEVELS}
_TITLE = next(s for s in STYLES if s.role == "title" and s.kind == "paragraph")


def _problem(
    font: str | None, size: float | None, families: tuple[str, ...], want: float | None
) -> tuple[str, str, str] | None:
    """(what is wrong, expected, actual) when ``font`` is not of ``families`` or ``size``
    is not ``want``: 字体, 字号 or 字体和字号, so a size alone is not called a wrong face.

    >>> _problem("仿宋_GB2312", 15.0, ("仿宋",), 16.0)
    ('字号', '16 pt（三号）', '15 pt')
    >>> _problem("宋体", 16.0, ("仿宋",), 16.0)
    ('字体', '仿宋', '宋体')
    """
    bad_font = font is not None and font_family(font) not in families
    bad_size = want is not None and size is not None and abs(size - want) > tol.SIZE_PT
    if bad_size and not bad_font and want is not None and size is not None:
        return "字号", g.size_label(want), g.size_label(size)
    if bad_font and not bad_size:
        return "字体", "或".join(families), font or "未设置"
    if not (bad_font or bad_size):
        return None
    expected = "或".join(families) + (f" {want:g} pt" if want else "")
    actual = f"{font or '未设置'} {size:g} pt" if size else f"{font or '未设置'}"
    return "字体和字号", expected, actual


def style_problems(
    name: str, font: str | None, size: float | None
) -> Iterator[tuple[str, str, str]]:
    """(message, expected, actual) for style ``name``'s face, then its size, each on its own.

    A style whose size alone is off is not told its face is wrong (nor the reverse).

    >>> [m for m, _, _ in style_problems("正文", "仿宋_GB2312", 15.0)]
    ['样式“正文”字号应为 16 pt（三号），实为 15 pt']
    >>> [m for m, _, _ in style_problems("一级标题", "楷体_GB2312", 16.0)]
    ['样式“一级标题”字体应为 黑体，实为 楷体_GB2312']
    """
    families, want = STYLE_EXPECT[name]
    if font is not None and font_family(font) not in families:
        expected = "或".join(families)
        yield f"样式“{name}”字体应为 {expected}，实为 {font}", expected, font
    if want is not None and size is not None and abs(size - want) > tol.SIZE_PT:
        expected, actual = g.size_label(want), g.size_label(size)
        yield f"样式“{name}”字号应为 {expected}，实为 {actual}", expected, actual


def styles(view: DocxView) -> Iterator[Finding]:
    """Each named style of the table that the document has gives its text the right face."""
    for name in STYLE_EXPECT:
        sid = view.doc.style_by_name(name)
        if sid is None:
            continue
        style_props = view.doc.style_props(sid)
        for message, expected, actual in style_problems(name, style_props.font, style_props.size):
            yield finding(
                "style-fonts",
                message,
                Location(element=f"样式 {name}（{sid}）"),
                expected=expected,
                actual=actual,
            )


def _expected(role: str, label: Label | None, first: bool) -> tuple[tuple[str, ...], float]:
    """Families and size a run of a paragraph of ``role`` must have."""
    if role == "title":
        return _TITLE.families, _TITLE.expected_size or g.SIZE_ER_HAO
    if label and first:
        return (_LEVEL_FAMILY[label.level],), g.SIZE_SAN_HAO
    if label:
        return (_LEVEL_FAMILY[label.level], BODY_FAMILY), g.SIZE_SAN_HAO
    return (BODY_FAMILY,), g.SIZE_SAN_HAO


def _run_problem(
    doc: DocxFile, p: Para, k: int, run: etree._Element
) -> tuple[str, str, str] | None:
    """A run's face or size when direct formatting (or an unknown style) sets it wrong.

    A run in a known character style is judged by that style unless it sets the
    property itself; a paragraph in a known style, by the style unless the run does.
    """
    label = parse_label(p.text) if p.role == "body" else None
    families, want = _expected(p.role, label, k == 0)
    got = doc.run_props(p, run)
    known = doc.style_name(props.run_style(run)) in STYLE_EXPECT
    styled = p.style_name in STYLE_EXPECT
    direct_font = got.direct_font and not (known and not props.run_sets(run, "w:rFonts"))
    direct_size = got.direct_size and not (known and not props.run_sets(run, "w:sz"))
    font = got.font if (direct_font or not styled) else None
    size = got.size if (direct_size or not styled) else None
    return _problem(font, size, families, want)


def runs(view: DocxView) -> Iterator[Finding]:
    """The title, the 主送 and the body are set in their faces (the first problem a paragraph)."""
    for p in view.texts:
        if p.role not in ("title", "body", "recipients"):
            continue
        for k, run in enumerate(view.doc.text_runs(p)):
            problem = _run_problem(view.doc, p, k, run)
            if problem:
                label = parse_label(p.text) if p.role == "body" else None
                what = "标题" if p.role == "title" else ("层次序数" if label and k == 0 else "正文")
                yield finding(
                    "run-fonts",
                    f"{what}文字的{problem[0]}不符合要求",
                    at(p),
                    expected=problem[1],
                    actual=problem[2],
                )
                break


CHECKS: tuple[Check, ...] = (styles, runs)
