"""GB/T 9704 checks of a .docx (Word 文档检查).

>>> from doctemplates.layout import build_template
>>> [f.rule for f in check_docx(build_template("文件"))]
[]
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path

from lxml import etree

from doctemplates.check.findings import Finding, Location
from doctemplates.check.ooxml import DocxFile, Para, load_docx, paragraph_text, qn
from doctemplates.check.rules import finding
from doctemplates.check.sequence import check_numbering
from doctemplates.check.structure import STYLE_ROLES, assign_roles, doc_number_text
from doctemplates.check.textforms import (
    DateStyle,
    date_problems,
    doc_number_problems,
    font_family,
    parse_label,
)
from doctemplates.gbt9704 import geometry as g
from doctemplates.gbt9704 import tolerances as tol
from doctemplates.gbt9704.formats import FORMAT_NAMES, format_of_mark
from doctemplates.gbt9704.patterns import ORDER_NUMBER, PRINT_DATE
from doctemplates.gbt9704.patterns import is_red_hex as is_red
from doctemplates.gbt9704.styles import LEVELS, STYLES, heading_style

__all__ = ["FORMAT_NAMES", "check_docx", "detect_docx_format"]

TOL_MM = tol.POSITION_MM
_SAN, _ER, _SI = g.SIZE_SAN_HAO, g.SIZE_ER_HAO, g.SIZE_SI_HAO

# style name → (accepted families, size pt or None): every style of the one table
STYLE_EXPECT: dict[str, tuple[tuple[str, ...], float | None]] = {
    s.name: (s.families, s.expected_size) for s in STYLES
}
_LEVEL_FAMILY = {level: heading_style(level).families[0] for level in LEVELS}


def _mm(twips: str | None) -> float | None:
    return g.twips_to_mm(int(twips)) if twips and twips.lstrip("-").isdigit() else None


def _fmt_mm(v: float) -> str:
    return f"{v:.1f} mm"


# --- page (§5) ------------------------------------------------------------------
def _page(doc: DocxFile) -> list[Finding]:
    sect = doc.sect_pr
    if sect is None:
        return [finding("page-size", "文档没有页面设置（w:sectPr）", Location(element="w:sectPr"))]
    out: list[Finding] = []
    size = sect.find(qn("w:pgSz"))
    w = _mm(size.get(qn("w:w"))) if size is not None else None
    h = _mm(size.get(qn("w:h"))) if size is not None else None
    if (
        w is None
        or h is None
        or abs(w - g.PAGE_WIDTH_MM) > TOL_MM
        or abs(h - g.PAGE_HEIGHT_MM) > TOL_MM
    ):
        out.append(
            finding(
                "page-size",
                "纸张应为 A4 纵向",
                Location(element="w:pgSz"),
                expected=f"{g.PAGE_WIDTH_MM:.0f} × {g.PAGE_HEIGHT_MM:.0f} mm",
                actual=f"{w or 0:.1f} × {h or 0:.1f} mm",
            )
        )
    mar = sect.find(qn("w:pgMar"))
    for attr, name, want in (
        ("top", "天头（上边距）", g.MARGIN_TOP_MM),
        ("left", "订口（左边距）", g.MARGIN_LEFT_MM),
        ("right", "右边距", g.MARGIN_RIGHT_MM),
        ("bottom", "下边距", g.MARGIN_BOTTOM_MM),
    ):
        got = _mm(mar.get(qn(f"w:{attr}"))) if mar is not None else None
        if attr == "left" and got is not None and mar is not None:
            got += _mm(mar.get(qn("w:gutter"))) or 0.0
        if got is None or abs(abs(got) - want) > TOL_MM:
            out.append(
                finding(
                    "page-margins",
                    f"{name}应为 {want:.0f} mm ± 1 mm",
                    Location(element=f"w:pgMar/@w:{attr}"),
                    expected=_fmt_mm(want),
                    actual=_fmt_mm(got) if got is not None else "未设置",
                )
            )
    return out


def _grid(doc: DocxFile) -> list[Finding]:
    sect = doc.sect_pr
    if sect is None:
        return []
    out: list[Finding] = []
    grid = sect.find(qn("w:docGrid"))
    gtype = grid.get(qn("w:type")) if grid is not None else None
    pitch_tw: float | None = None
    if gtype in ("lines", "linesAndChars", "snapToChars") and grid.get(qn("w:linePitch")):
        pitch_tw = float(grid.get(qn("w:linePitch")))
    spacing = doc.style_ppr(None, "w:spacing")
    if doc.styles_root is not None:
        dflt = doc.styles_root.find(
            f"{qn('w:docDefaults')}/{qn('w:pPrDefault')}/{qn('w:pPr')}/{qn('w:spacing')}"
        )
        normal = doc.style_by_name("Normal") or doc.style_by_name("正文")
        spacing = doc.style_ppr(normal, "w:spacing") if normal else None
        spacing = spacing if spacing is not None and spacing.get(qn("w:line")) else dflt
    if spacing is not None and spacing.get(qn("w:lineRule")) == "exact":
        line = spacing.get(qn("w:line"))
        if line and line.isdigit():
            pitch_tw = float(line)
    if pitch_tw:
        lines = int(g.mm_to_twips(g.BAN_XIN_HEIGHT_MM) // pitch_tw)
        if lines != g.LINES_PER_PAGE:
            out.append(
                finding(
                    "page-grid",
                    f"版心应排 {g.LINES_PER_PAGE} 行",
                    Location(element="w:docGrid/@w:linePitch"),
                    expected=f"{g.LINES_PER_PAGE} 行（行距约 {g.LINE_PITCH_TWIPS / g.TWIPS_PER_PT:.1f} pt）",
                    actual=f"{lines} 行（行距 {pitch_tw / g.TWIPS_PER_PT:.1f} pt）",
                )
            )
    else:
        out.append(
            finding(
                "page-grid",
                f"没有文档网格或固定行距，无法保证每面 {g.LINES_PER_PAGE} 行",
                Location(element="w:docGrid"),
                expected=f"文档网格 {g.LINES_PER_PAGE} 行或固定行距约 "
                f"{g.LINE_PITCH_TWIPS / g.TWIPS_PER_PT:.0f} pt",
                actual="未设置",
            )
        )
    props = (
        doc.style_props(doc.style_by_name("Normal") or "") if doc.styles_root is not None else None
    )
    size = (props.size if props else None) or g.SIZE_WU_HAO
    char_pitch = size
    if gtype == "linesAndChars" and grid.get(qn("w:charSpace")):
        char_pitch = size + int(grid.get(qn("w:charSpace"))) / g.CHAR_SPACE_PER_PT
    elif doc.styles_root is not None:
        dr = doc.styles_root.find(
            f"{qn('w:docDefaults')}/{qn('w:rPrDefault')}/{qn('w:rPr')}/{qn('w:spacing')}"
        )
        if dr is not None and (v := dr.get(qn("w:val"))) and v.lstrip("-").isdigit():
            char_pitch = size + int(v) / g.TWIPS_PER_PT
    chars = int(g.mm_to_pt(g.BAN_XIN_WIDTH_MM) / char_pitch + tol.EPSILON)
    if chars != g.CHARS_PER_LINE:
        out.append(
            finding(
                "grid-chars",
                f"版心每行应排 {g.CHARS_PER_LINE} 字",
                Location(element="w:docDefaults / w:docGrid"),
                expected=f"{g.CHARS_PER_LINE} 字",
                actual=f"{chars} 字（字号 {size:g} pt，字距 {char_pitch - size:+.2f} pt）",
            )
        )
    return out


# --- fonts (§5.2.2) ----------------------------------------------------------------
def _font_problem(
    font: str | None, size: float | None, families: tuple[str, ...], want: float | None
) -> tuple[str, str] | None:
    fam = font_family(font)
    bad_font = font is not None and fam not in families
    bad_size = want is not None and size is not None and abs(size - want) > tol.SIZE_PT
    if not (bad_font or bad_size):
        return None
    expected = "或".join(families) + (f" {want:g} pt" if want else "")
    actual = f"{font or '未设置'} {size:g} pt" if size else f"{font or '未设置'}"
    return expected, actual


def _style_fonts(doc: DocxFile) -> list[Finding]:
    out: list[Finding] = []
    for name, (families, want) in STYLE_EXPECT.items():
        sid = doc.style_by_name(name)
        if sid is None:
            continue
        props = doc.style_props(sid)
        problem = _font_problem(props.font, props.size, families, want)
        if problem:
            out.append(
                finding(
                    "style-fonts",
                    f"样式“{name}”的字体或字号不符合要求",
                    Location(element=f"样式 {name}（{sid}）"),
                    expected=problem[0],
                    actual=problem[1],
                )
            )
    return out


def _direct(run: etree._Element, tag: str) -> bool:
    """True when the run's own rPr sets ``tag``."""
    rpr = run.find(qn("w:rPr"))
    return rpr is not None and rpr.find(qn(tag)) is not None


def _run_fonts(doc: DocxFile, paras: list[Para]) -> list[Finding]:
    out: list[Finding] = []
    for p in paras:
        if p.role not in ("title", "body", "recipients"):
            continue
        styled = p.style_name in STYLE_EXPECT
        label = parse_label(p.text) if p.role == "body" else None
        for k, run in enumerate(doc.text_runs(p)):
            props = doc.run_props(p, run)
            if p.role == "title":
                families, want = ("小标宋",), _ER
            elif label and k == 0:
                families, want = (_LEVEL_FAMILY[label.level],), _SAN
            elif label:
                families, want = (_LEVEL_FAMILY[label.level], "仿宋"), _SAN
            else:
                families, want = ("仿宋",), _SAN
            rstyle = run.find(f"{qn('w:rPr')}/{qn('w:rStyle')}")
            known = rstyle is not None and doc.style_name(rstyle.get(qn("w:val"))) in STYLE_EXPECT
            direct_font = props.direct_font and not (known and not _direct(run, "w:rFonts"))
            direct_size = props.direct_size and not (known and not _direct(run, "w:sz"))
            font = props.font if (direct_font or not styled) else None
            size = props.size if (direct_size or not styled) else None
            problem = _font_problem(font, size, families, want)
            if problem:
                what = "标题" if p.role == "title" else ("层次序数" if label and k == 0 else "正文")
                out.append(
                    finding(
                        "run-fonts",
                        f"{what}文字的字体或字号不符合要求",
                        Location(paragraph=p.index, text=p.text),
                        expected=problem[0],
                        actual=problem[1],
                    )
                )
                break
    return out


# --- 版头 (§7.2) --------------------------------------------------------------------
_HEADER_RANK = {"copy": 0, "classification": 1, "urgency": 2, "mark": 3, "number": 4}
_HEADER_NAME = {
    "copy": "份号",
    "classification": "密级和保密期限",
    "urgency": "紧急程度",
    "mark": "发文机关标志",
    "number": "发文字号",
}


def _header(doc: DocxFile, paras: list[Para], texts: list[Para], fmt: str) -> list[Finding]:
    out: list[Finding] = []
    header = []
    for p in paras:
        if p.role in ("title", "recipients", "body"):
            break
        if p.role in _HEADER_RANK:
            header.append(p)
    best = -1
    last = None
    for p in header:
        rank = _HEADER_RANK[p.role]
        if rank < best and last is not None:
            out.append(
                finding(
                    "header-order",
                    f"“{_HEADER_NAME[p.role]}”应排在“{_HEADER_NAME[last.role]}”之前",
                    Location(paragraph=p.index, text=p.text),
                    expected="份号 → 密级 → 紧急程度 → 发文机关标志 → 发文字号",
                    actual=f"{_HEADER_NAME[last.role]} → {_HEADER_NAME[p.role]}",
                )
            )
        if rank > best:
            best, last = rank, p
        own = _own_text(doc, p).strip() if p.role == "copy" and p in texts else ""
        if own and not re.fullmatch(r"\d{6}", own):
            out.append(
                finding(
                    "copy-number",
                    "份号应为 6 位阿拉伯数字",
                    Location(paragraph=p.index, text=p.text),
                    expected="000001",
                    actual=own,
                )
            )
    marks = [p for p in header if p.role == "mark"]
    if fmt in ("文件", "纪要", "命令"):
        if not marks:
            out.append(
                finding(
                    "mark-color",
                    "未找到发文机关标志",
                    Location(element="版头"),
                    expected="红色发文机关标志",
                    actual="无",
                )
            )
        out += _mark_colors(doc, marks)
    numbers = [p for p in header if p.role == "number"]
    for p in numbers:
        if p not in texts:
            continue
        text = doc_number_text(p.text)
        if not text:
            continue
        if fmt == "命令":  # the 令号 stands where the 发文字号 would (§10.2)
            out += _order_number(p, text)
            continue
        problems = doc_number_problems(text)
        if problems:
            out.append(
                finding(
                    "doc-number",
                    "发文字号" + "；".join(problems),
                    Location(paragraph=p.index, text=p.text),
                    expected=_normal_number(text),
                    actual=text,
                )
            )
    if fmt in ("文件", "纪要"):
        out += _red_line(doc, paras, numbers)
    return out


def _order_number(p: Para, text: str) -> list[Finding]:
    """命令（令）: the line under the 标志 is the 令号 ``第N号`` (§10.2)."""
    if ORDER_NUMBER.match(text):
        return []
    return [
        finding(
            "order-number",
            "命令（令）格式标志下应为令号（如“第18号”）",
            Location(paragraph=p.index, text=p.text),
            expected="第N号",
            actual=text,
        )
    ]


def _own_text(doc: DocxFile, p: Para) -> str:
    """``p``'s text without runs in a 右上角标注 character style (flush right on line 1)."""
    parts = []
    for r in p.element.iter(qn("w:r")):
        rstyle = r.find(f"{qn('w:rPr')}/{qn('w:rStyle')}")
        name = doc.style_name(rstyle.get(qn("w:val"))) if rstyle is not None else None
        if name is None or _CHAR_ROLES.get(name) != "corner":
            parts.append(paragraph_text(r))
    return "".join(parts)


_CHAR_ROLES = {s.name: s.role for s in STYLES if s.kind == "character"}


def _normal_number(text: str) -> str:
    from doctemplates.errors import DocTemplatesError
    from doctemplates.model import DocNumber

    try:
        return str(DocNumber.parse(text))
    except DocTemplatesError:
        return "机关代字〔2020〕2号"


def _mark_colors(doc: DocxFile, marks: list[Para]) -> list[Finding]:
    out = []
    for p in marks:
        runs = doc.text_runs(p)
        colors = {doc.run_props(p, r).color for r in runs}
        bad = sorted(c or "auto" for c in colors if not is_red(c))
        if bad:
            out.append(
                finding(
                    "mark-color",
                    "发文机关标志应为红色",
                    Location(paragraph=p.index, text=p.text),
                    expected=f"红色（如 {g.COLOR_RED}）",
                    actual="、".join(bad),
                )
            )
    return out


def _border_red(node: etree._Element | None, side: str) -> bool | None:
    """True red, False present but not red, None absent."""
    if node is None:
        return None
    b = node.find(qn(f"w:{side}"))
    if b is None or b.get(qn("w:val")) in (None, "nil", "none"):
        return None
    return is_red(b.get(qn("w:color")))


def _drawing_red(p: Para) -> bool:
    xml = etree.tostring(p.element, encoding="unicode")
    if "<w:drawing" not in xml and "<w:pict" not in xml:
        return False
    colors = re.findall(r'srgbClr val="([0-9A-Fa-f]{6})"|strokecolor="#?([0-9A-Fa-f]{6})"', xml)
    return any(is_red(a or b) for a, b in colors) or 'strokecolor="red"' in xml


_BODY_ROLES = frozenset({"title", "subtitle", "recipients", "body", "attendance"})


def _header_paras(paras: list[Para]) -> list[Para]:
    """Paragraphs of the 版头: everything before the title (or the body)."""
    out = []
    for p in paras:
        if p.role in _BODY_ROLES:
            break
        out.append(p)
    return out


def _line_below(doc: DocxFile, paras: list[Para], p: Para) -> bool | None:
    """The separator under ``p``: its bottom border or the next line's top border."""
    state = _border_red(doc.para_ppr(p, "w:pBdr"), "bottom")
    nxt = next((q for q in paras[p.index + 1 :] if q.role != "blank" or q.text == ""), None)
    if state is None and nxt is not None:
        state = _border_red(doc.para_ppr(nxt, "w:pBdr"), "top")
    return state


def _number_slot(doc: DocxFile, paras: list[Para]) -> Para | None:
    """The 发文字号 line when it holds no 文号: the red line is drawn under it all the same.

    The paragraph in the 发文字号 style after the 标志, else the last 版头 line
    after the 标志 with a separator under it.
    """
    header = _header_paras(paras)
    marks = [k for k, p in enumerate(header) if p.role == "mark"]
    after = header[marks[-1] + 1 :] if marks else header
    styled = [p for p in after if STYLE_ROLES.get(p.style_name or "") == "number"]
    if styled:
        return styled[-1]
    lined = [p for p in after if _line_below(doc, paras, p) is not None]
    return lined[-1] if lined else None


def _red_line(doc: DocxFile, paras: list[Para], numbers: list[Para]) -> list[Finding]:
    """§7.2.7: a red line under the 发文字号 (its line, even without a 文号), 版心 wide."""
    p = numbers[-1] if numbers else _number_slot(doc, paras)
    if p is None:
        if any(_drawing_red(q) for q in _header_paras(paras)):
            return []
        return [
            finding(
                "red-line",
                "版头未找到发文字号下的红色分隔线",
                Location(element="版头"),
                expected="红色分隔线（发文字号行的段落下框线或线条）",
                actual="无",
            )
        ]
    state = _line_below(doc, paras, p)
    window = paras[max(0, p.index - 6) : p.index + 4]
    if state is None and any(_drawing_red(q) for q in window):
        return []
    if state is None:
        return [
            finding(
                "red-line",
                "发文字号下没有红色分隔线",
                Location(paragraph=p.index, text=p.text),
                expected="红色分隔线（段落下框线或线条）",
                actual="无",
            )
        ]
    if state is False:
        return [
            finding(
                "red-line",
                "发文字号下的分隔线不是红色",
                Location(paragraph=p.index, text=p.text),
                expected="红色",
                actual="非红色",
            )
        ]
    ind = doc.para_ppr(p, "w:ind")
    left = _mm(ind.get(qn("w:left")) or ind.get(qn("w:start"))) if ind is not None else 0.0
    right = _mm(ind.get(qn("w:right")) or ind.get(qn("w:end"))) if ind is not None else 0.0
    width = g.BAN_XIN_WIDTH_MM - (left or 0.0) - (right or 0.0)
    if abs(width - g.BAN_XIN_WIDTH_MM) > TOL_MM:
        return [
            finding(
                "red-line",
                "红色分隔线应与版心等宽",
                Location(paragraph=p.index, text=p.text),
                expected=_fmt_mm(g.BAN_XIN_WIDTH_MM),
                actual=_fmt_mm(width),
            )
        ]
    return []


# --- 主体 (§7.3) --------------------------------------------------------------------
def _recipients(paras: list[Para]) -> list[Finding]:
    out = []
    for p in paras:
        if p.role != "recipients":
            continue
        text = p.text.strip()
        if not text.endswith("："):
            msg = (
                "主送机关末尾应使用全角冒号“：”"
                if text.endswith(":")
                else "主送机关末尾应加全角冒号“：”"
            )
            out.append(
                finding(
                    "recipients-colon",
                    msg,
                    Location(paragraph=p.index, text=p.text),
                    expected=text.rstrip(":：。，") + "：",
                    actual=text,
                )
            )
    return out


def _numbering(paras: list[Para]) -> list[Finding]:
    out = check_numbering((p.index, p.text) for p in paras if p.role == "body")
    annex: list[tuple[int, str]] = []
    for p in paras:
        if p.role == "annex_label":
            out += check_numbering(annex)
            annex = []
        elif p.role == "annex_body":
            annex.append((p.index, p.text))
    return out + check_numbering(annex)


_NOTE_ITEM = re.compile(r"^(\d+)([.．、，,]?)\s*(.*)$")


def _attachments(paras: list[Para]) -> list[Finding]:
    out: list[Finding] = []
    notes = [p for p in paras if p.role == "attach_note"]
    items: list[tuple[int | None, str, Para]] = []
    for k, p in enumerate(notes):
        text = p.text.strip()
        loc = Location(paragraph=p.index, text=p.text)
        if k == 0:
            m = re.match(r"^附件\s*([：:])\s*(.*)$", text)
            if m is None:
                continue
            if m[1] != "：":
                out.append(
                    finding(
                        "attachment-note",
                        "“附件”后应使用全角冒号“：”",
                        loc,
                        expected="附件：",
                        actual=f"附件{m[1]}",
                    )
                )
            text = m[2]
        m = _NOTE_ITEM.match(text)
        if m and (len(notes) > 1 or m[2]):
            if m[2] != ".":
                out.append(
                    finding(
                        "attachment-note",
                        "附件序号后应使用半角句点“.”",
                        loc,
                        expected=f"{m[1]}.",
                        actual=f"{m[1]}{m[2]}",
                    )
                )
            items.append((int(m[1]), m[3], p))
        elif items and k > 0:
            n, title, q = items[-1]
            items[-1] = (n, title + text, q)
        else:
            items.append((None, text, p))
    for _n, title, p in items:
        if title and title[-1] in "。．.，,；;、：:":
            out.append(
                finding(
                    "attachment-note",
                    "附件名称后不加标点符号",
                    Location(paragraph=p.index, text=p.text),
                    expected=title.rstrip("。．.，,；;、：:"),
                    actual=title,
                )
            )
    numbered = [n for n, _, _ in items if n is not None]
    if numbered and numbered != list(range(1, len(numbered) + 1)):
        p = items[0][2]
        out.append(
            finding(
                "attachment-note",
                "附件说明的序号应从 1 起连续编排",
                Location(paragraph=p.index, text=p.text),
                expected="、".join(str(i) for i in range(1, len(numbered) + 1)),
                actual="、".join(map(str, numbered)),
            )
        )
    out += _match_annexes(paras, items)
    return out


def _annexes(paras: list[Para]) -> list[tuple[int | None, str, Para]]:
    found: list[tuple[int | None, str, Para]] = []
    for k, p in enumerate(paras):
        if p.role != "annex_label":
            continue
        m = re.match(r"^附件\s*(\d*)$", p.text.strip())
        number = int(m[1]) if m and m[1] else None
        title = next((q.text.strip() for q in paras[k + 1 :] if q.role == "annex_title"), "")
        nxt_label = next((q for q in paras[k + 1 :] if q.role == "annex_label"), None)
        tq = next((q for q in paras[k + 1 :] if q.role == "annex_title"), None)
        if tq is not None and nxt_label is not None and tq.index > nxt_label.index:
            title = ""
        found.append((number, title, p))
    return found


def _same(a: str, b: str) -> bool:
    norm = lambda s: re.sub(r"[\s《》“”\"]", "", s)  # noqa: E731
    return norm(a) == norm(b)


def _match_annexes(paras: list[Para], items: list[tuple[int | None, str, Para]]) -> list[Finding]:
    annexes = _annexes(paras)
    out: list[Finding] = []
    if items and not annexes:
        p = items[0][2]
        return [
            finding(
                "attachment-missing",
                "有附件说明，但文档中没有附件页",
                Location(paragraph=p.index, text=p.text),
                expected=f"{len(items)} 个附件页",
                actual="0 个",
            )
        ]
    if annexes and not items:
        p = annexes[0][2]
        return [
            finding(
                "attachment-match",
                "有附件页，但正文后没有附件说明",
                Location(paragraph=p.index, text=p.text),
                expected="附件说明",
                actual="无",
            )
        ]
    if len(items) == 1 and items[0][0] is None:
        if len(annexes) != 1 or annexes[0][0] not in (None, 1):
            p = annexes[0][2]
            return [
                finding(
                    "attachment-match",
                    "附件说明只列一个附件，附件页数量或标识不一致",
                    Location(paragraph=p.index, text=p.text),
                    expected="1 个附件页（附件 或 附件1）",
                    actual=f"{len(annexes)} 个：" + "、".join(a[2].text for a in annexes),
                )
            ]
        pairs = [(items[0], annexes[0])]
    else:
        by_number = {a[0]: a for a in annexes}
        pairs = []
        for item in items:
            annex = by_number.get(item[0])
            if annex is None:
                p = item[2]
                out.append(
                    finding(
                        "attachment-match",
                        f"附件说明列出附件{item[0]}，但没有对应的附件页",
                        Location(paragraph=p.index, text=p.text),
                        expected=f"附件{item[0]}　{item[1]}",
                        actual="无",
                    )
                )
            else:
                pairs.append((item, annex))
        listed = {i[0] for i in items}
        for a in annexes:
            if a[0] not in listed:
                p = a[2]
                out.append(
                    finding(
                        "attachment-match",
                        "附件页在附件说明中没有列出",
                        Location(paragraph=p.index, text=p.text),
                        expected="附件说明中的序号",
                        actual=p.text.strip(),
                    )
                )
    for item, annex in pairs:
        if not _same(item[1], annex[1]):
            p = annex[2]
            out.append(
                finding(
                    "attachment-match",
                    "附件标题与附件说明中的名称不一致",
                    Location(paragraph=p.index, text=p.text),
                    expected=item[1],
                    actual=annex[1] or "（无标题）",
                )
            )
    return out


def _dates(paras: list[Para], style: DateStyle | None) -> list[Finding]:
    out = []
    for p in paras:
        if p.role == "date":
            text, want = p.text.strip(" \t\u3000"), style
        elif p.role == "banji" and (m := PRINT_DATE.search(p.text.strip())):
            text, want = m[1].strip(), "arabic"
        else:
            continue
        problems = date_problems(text, want)
        if problems:
            what = "成文日期" if p.role == "date" else "印发日期"
            out.append(
                finding(
                    "date-form",
                    f"{what}" + "；".join(problems),
                    Location(paragraph=p.index, text=p.text),
                    expected=_normal_date(text, want),
                    actual=text,
                )
            )
    return out


def _normal_date(text: str, style: DateStyle | None) -> str:
    from doctemplates.dates import format_date, parse_date
    from doctemplates.errors import DocTemplatesError

    try:
        return format_date(parse_date(text), style or "arabic")
    except DocTemplatesError:
        return "2020年4月20日"


# --- 版记 (§7.4) ---------------------------------------------------------------------
def _banji(doc: DocxFile, paras: list[Para]) -> list[Finding]:
    out = []
    tables = []
    for p in paras:
        if p.role != "banji":
            continue
        text = p.text.strip()
        m = re.match(r"^抄送\s*([：:])", text)
        if m:
            loc = Location(paragraph=p.index, text=p.text)
            if m[1] != "：":
                out.append(
                    finding(
                        "cc-period",
                        "“抄送”后应使用全角冒号“：”",
                        loc,
                        expected="抄送：",
                        actual=f"抄送{m[1]}",
                    )
                )
            if not text.endswith("。"):
                out.append(
                    finding(
                        "cc-period",
                        "抄送机关末尾应加句号“。”",
                        loc,
                        expected=text.rstrip("，,；;.") + "。",
                        actual=text,
                    )
                )
        tbl = next((a for a in p.element.iterancestors(qn("w:tbl"))), None)
        if tbl is not None and tbl not in tables:
            tables.append(tbl)
    for tbl in tables:
        pos = tbl.find(f"{qn('w:tblPr')}/{qn('w:tblpPr')}")
        if pos is None:
            continue
        anchor = pos.get(qn("w:vertAnchor")) or "margin"
        spec = pos.get(qn("w:tblpYSpec"))
        if anchor != "margin" or spec != "bottom":
            first = (
                paragraph_text(tbl.find(f".//{qn('w:p')}"))
                if tbl.find(f".//{qn('w:p')}") is not None
                else ""
            )
            out.append(
                finding(
                    "banji-bottom",
                    "浮动的版记表格没有固定在版心底部",
                    Location(text=first, element="版记表格 w:tblpPr"),
                    expected='w:vertAnchor="margin" w:tblpYSpec="bottom"',
                    actual=f'w:vertAnchor="{anchor}" w:tblpYSpec="{spec or "（绝对位置）"}"',
                )
            )
    return out


# --- 页码 (§7.5) ---------------------------------------------------------------------
def _footer(doc: DocxFile, kind: str) -> etree._Element | None:
    sect = doc.sect_pr
    if sect is None:
        return None
    for ref in sect.findall(qn("w:footerReference")):
        if ref.get(qn("w:type")) == kind:
            return doc.related_part(ref.get(qn("r:id")))
    return None


def _field_pattern(p: etree._Element) -> str:
    """Paragraph text with a PAGE field shown as ``{PAGE}``."""
    out: list[str] = []
    depth = 0
    instr = ""
    for node in p.iter(qn("w:fldChar"), qn("w:instrText"), qn("w:t"), qn("w:fldSimple")):
        if node.tag == qn("w:fldSimple"):
            if "PAGE" in (node.get(qn("w:instr")) or "").upper():
                out.append("{PAGE}")
            continue
        if any(a.tag == qn("w:fldSimple") for a in node.iterancestors()):
            continue
        if node.tag == qn("w:fldChar"):
            t = node.get(qn("w:fldCharType"))
            if t == "begin":
                depth, instr = depth + 1, ""
            elif t == "end":
                depth -= 1
                out.append("{PAGE}" if re.search(r"\bPAGE\b", instr.upper()) else "")
        elif node.tag == qn("w:instrText"):
            instr += node.text or ""
        elif depth == 0:
            out.append(node.text or "")
    return "".join(out)


_PAGE_FORM = re.compile(r"^\s*—\s?\{PAGE\}\s?—\s*$")


def _page_numbers(doc: DocxFile) -> list[Finding]:
    out = []
    if doc.setting("w:evenAndOddHeaders") is None:
        out.append(
            finding(
                "page-number",
                "没有启用“奇偶页不同”，奇偶页页码无法分居右、左",
                Location(element="word/settings.xml w:evenAndOddHeaders"),
                expected="w:evenAndOddHeaders",
                actual="无",
            )
        )
    for kind, name, align in (("default", "奇数页", "right"), ("even", "偶数页", "left")):
        part = _footer(doc, kind)
        if part is None:
            out.append(
                finding(
                    "page-number",
                    f"没有{name}页脚",
                    Location(element=f"footerReference {kind}"),
                    expected="— PAGE —",
                    actual="无",
                )
            )
            continue
        paras = [p for p in part.iter(qn("w:p")) if "{PAGE}" in _field_pattern(p)]
        if not paras:
            out.append(
                finding(
                    "page-number",
                    f"{name}页脚没有页码域（PAGE）",
                    Location(element=f"{name}页脚"),
                    expected="— PAGE —",
                    actual=paragraph_text(part.find(f".//{qn('w:p')}")) or "空",
                )
            )
            continue
        p = paras[0]
        pattern = _field_pattern(p)
        if not _PAGE_FORM.match(pattern):
            out.append(
                finding(
                    "page-number",
                    f"{name}页码应写作“— 1 —”（页码两侧各一条一字线）",
                    Location(element=f"{name}页脚"),
                    expected="— PAGE —",
                    actual=pattern.replace("{PAGE}", "PAGE").strip(),
                )
            )
        para = Para(-1, p, "", None, None, False)
        sid = p.find(f"{qn('w:pPr')}/{qn('w:pStyle')}")
        para.style_id = sid.get(qn("w:val")) if sid is not None else None
        jc = doc.para_ppr(para, "w:jc")
        got = jc.get(qn("w:val")) if jc is not None else "left"
        got = {"end": "right", "start": "left"}.get(got, got)
        if got != align:
            out.append(
                finding(
                    "page-number",
                    f"{name}页码应{'居右' if align == 'right' else '居左'}",
                    Location(element=f"{name}页脚"),
                    expected=align,
                    actual=got,
                )
            )
    return out


def _letter(doc: DocxFile) -> list[Finding]:
    sect = doc.sect_pr
    out: list[Finding] = []
    if sect is None or sect.find(qn("w:titlePg")) is None:
        return [
            finding(
                "letter-lines",
                "信函格式首页应使用单独的页眉页脚（首页不同）",
                Location(element="w:titlePg"),
                expected="首页不同",
                actual="无",
            )
        ]
    for ref_tag, name in (("w:headerReference", "首页页眉"), ("w:footerReference", "首页页脚")):
        part = None
        for ref in sect.findall(qn(ref_tag)):
            if ref.get(qn("w:type")) == "first":
                part = doc.related_part(ref.get(qn("r:id")))
        ok = False
        if part is not None:
            for b in part.iter(qn("w:bottom"), qn("w:top")):
                if b.getparent().tag == qn("w:pBdr") and is_red(b.get(qn("w:color"))):
                    ok = True
            xml = etree.tostring(part, encoding="unicode")
            ok = ok or any(is_red(c) for c in re.findall(r'srgbClr val="([0-9A-Fa-f]{6})"', xml))
        if not ok:
            out.append(
                finding(
                    "letter-lines",
                    f"信函格式{name}应有红色双线",
                    Location(element=name),
                    expected="红色双线",
                    actual="无",
                )
            )
    return out


# --- entry point --------------------------------------------------------------------
def _format_of_marks(texts: Iterable[str]) -> str:
    """文件, or 纪要 / 命令 when a 标志 line ends so (a joint 令's suffix is a line of its own)."""
    found = {format_of_mark(text).name for text in texts} - {"文件"}
    return found.pop() if len(found) == 1 else "文件"


def _template_format(doc: DocxFile) -> str | None:
    """The format an engine template names in docProps/app.xml (``公文模板（命令格式）``)."""
    app = doc.parts.get("docProps/app.xml", b"").decode("utf-8", "replace")
    found = re.search(r"<Template>[^<]*（(\w+)格式）</Template>", app)
    name = found[1] if found else None
    return name if name in FORMAT_NAMES else None


def detect_docx_format(doc: DocxFile, paras: list[Para] | None = None) -> str:
    """文件 / 信函 / 讲话 / 纪要 / 命令, guessed from the header parts."""
    paras = paras if paras is not None else assign_roles(doc)
    sect = doc.sect_pr
    if (
        sect is not None
        and sect.find(qn("w:titlePg")) is not None
        and not any(p.role == "mark" for p in paras)
        and not _letter(doc)
    ):
        return "信函"
    marks = [p for p in paras if p.role == "mark"]
    if marks:
        if "{{" in marks[0].text:  # an unrendered template: the name the builder gave it
            return _template_format(doc) or "文件"
        return _format_of_marks(p.text for p in marks)
    if any(p.role == "number" for p in paras):
        return "文件"
    return "讲话"


def check_docx(
    source: str | Path | bytes,
    fmt: str | None = None,
    *,
    date_style: DateStyle | None = "arabic",
) -> list[Finding]:
    """All .docx findings of ``source`` (path or bytes).

    ``fmt`` is 文件 / 信函 / 讲话 / 纪要 / 命令 (guessed when None); ``date_style`` is the
    configured 成文日期 form: ``"arabic"`` (default), ``"chinese"`` or None (either).
    """
    doc = load_docx(source)
    paras = assign_roles(doc)
    fmt = fmt or detect_docx_format(doc, paras)
    # Template placeholders ({{ … }}, {% … %}) have no text to check yet.
    texts = [p for p in paras if "{{" not in p.text and "{%" not in p.text]
    out = _page(doc) + _grid(doc) + _style_fonts(doc) + _run_fonts(doc, texts)
    out += _header(doc, paras, texts, fmt)
    out += _recipients(texts) + _numbering(texts) + _attachments(texts)
    out += _dates(texts, date_style) + _banji(doc, texts) + _page_numbers(doc)
    if fmt == "信函":
        out += _letter(doc)
    return out
