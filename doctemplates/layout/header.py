"""版头 variants (header block, §2; 信函 §6).

The 标志 size and scale come from the context (``header.mark_size``,
``header.mark_scale``, computed by :func:`doctemplates.layout.mark.fit_mark`);
they reach attributes through :func:`doctemplates.layout.oxml.dynamic`.
"""

from __future__ import annotations

from lxml import etree

from doctemplates.gbt9704 import geometry as g
from doctemplates.layout import calibration as cal
from doctemplates.layout.oxml import dynamic, el, table_layout
from doctemplates.layout.paragraphs import blank, control, para, run, tabs

__all__ = [
    "corner_line",
    "document_header",
    "letter_page_header",
    "minutes_header",
    "speech_header",
]

_SIZE = "header.mark_size"
_HALF_POINTS = f"{{{{ ({_SIZE} * 2)|round|int }}}}"
_LINE = f"{{{{ ({_SIZE} * 20)|round|int }}}}"
_SCALE = "{{ header.mark_scale|int }}"
_DEFAULT_SIZE = g.MARK_MAX_PT
_FULL_SCALE_PCT = 100  # w:w: glyphs at their natural width
#: 信函 double lines (§10.1) as an OOXML border: ``w:sz`` in eighths of a point.
_DOUBLE_SZ = g.border_eighths(g.pt_to_mm(g.LETTER_DOUBLE_LINE_PT))


def _mark_rpr() -> list[etree._Element]:
    """Run properties of 标志 glyphs: size and horizontal scale from the context."""
    defaults = [
        el("w:w", val=_FULL_SCALE_PCT),
        el("w:sz", val=round(_DEFAULT_SIZE * 2)),
        el("w:szCs", val=round(_DEFAULT_SIZE * 2)),
    ]
    live = f'<w:w w:val="{_SCALE}"/><w:sz w:val="{_HALF_POINTS}"/><w:szCs w:val="{_HALF_POINTS}"/>'
    return dynamic(defaults, live)


#: The 标志's glyph rises ``-MARK_GLYPH_OFFSET_EM`` em above its exact line, so the gap above
#: it grows with the size.  The spacer above (in the template) is set for the smallest 标志
#: and the 标志's first line (in the expanded block) adds the rest as its space before: the
#: template holds no size-dependent value an office suite's save would freeze.
_RISE = -cal.MARK_GLYPH_OFFSET_EM * g.TWIPS_PER_PT  # twips of rise per point of 标志 size
_MIN_SIZE = g.MARK_MIN_PT


def _mark_line(*, first: str = "true") -> list[etree._Element]:
    """Exact line as tall as the 标志 size, so the em box fills the line; the first line
    (``first``: a Jinja condition, e.g. ``loop.first``) has the rise above the smallest
    标志 as its space before (see :func:`_mark_spacer`)."""
    default = el(
        "w:spacing",
        before=round((_DEFAULT_SIZE - _MIN_SIZE) * _RISE),
        after=0,
        line=round(_DEFAULT_SIZE * g.TWIPS_PER_PT),
        lineRule="exact",
    )
    before = f"(([({_SIZE} - {_MIN_SIZE}) * {_RISE}, 0]|max) if {first} else 0)|round|int"
    live = (
        f'<w:spacing w:before="{{{{ {before} }}}}" w:after="0"'
        f' w:line="{{{{ ({_SIZE} * {g.TWIPS_PER_PT})|round|int }}}}" w:lineRule="exact"/>'
    )
    return dynamic([default], live)


def _mark_spacer(top_twips: int | None = None, *, lines: int = g.HEADER_LINES) -> etree._Element:
    """Gap above the 标志 so its glyph top lands ``top_twips`` below the area top.

    Default: 35 mm below the 版心 top, after the three header lines (§2.4).  Fixed: set for
    the smallest 标志; a larger one's first line adds the difference (:func:`_mark_line`).
    """
    if top_twips is None:
        top_twips = g.mm_to_twips(g.MARK_BELOW_BAN_XIN_MM)
    base = top_twips - lines * g.LINE_PITCH_TWIPS
    height = round(base + _MIN_SIZE * _RISE)
    return para(None, ppr=[el("w:spacing", before=0, after=0, line=height, lineRule="exact")])


def _mark_paragraph(text: str, *, align: str = "center", first: str = "true") -> etree._Element:
    return para(
        "发文机关标志",
        run(text, rpr=_mark_rpr()),
        ppr=[*_mark_line(first=first), el("w:jc", val=align)],
    )


def _joint_mark(*, suffix: bool = True) -> etree._Element:
    """联合行文: organs stacked (distributed), ``文件`` right, centred on the stack (§2.4).

    ``suffix=False``: the stack alone (no suffix column), e.g. a joint 信函 (§10.1), so that
    the stack is centred on the 版心 axis rather than beside an empty column.
    """
    chars = (  # the longest line: a long organ may be broken in two (layout.mark)
        "(header.mark_chars if header.mark_chars is defined else header.organs|map('length')|max)"
    )
    width = f"{{{{ ({chars} * header.mark_size * header.mark_scale / 100 * 20)|round|int }}}}"
    suffix_w = (
        "{{ ((header.mark_suffix|length + 0.5) * header.mark_size * header.mark_scale / 100 * 20"
        ")|round|int }}"
    )
    col1_default = g.mm_to_twips(cal.JOINT_MARK_ORGANS_MM)
    col2_default = g.mm_to_twips(cal.JOINT_MARK_SUFFIX_MM)
    columns = ((col1_default, width), (col2_default, suffix_w))[: 2 if suffix else 1]
    grid = el("w:tblGrid")
    for d, live in columns:
        for item in dynamic([el("w:gridCol", w=d)], f'<w:gridCol w:w="{live}"/>'):
            grid.append(item)
    borders = el(
        "w:tblBorders",
        *(
            el(f"w:{s}", val="nil")
            for s in ("top", "left", "bottom", "right", "insideH", "insideV")
        ),
    )
    tblpr = el(
        "w:tblPr",
        el("w:tblW", w=0, type="auto"),
        el("w:jc", val="center"),
        borders,
        *table_layout(),
    )
    organs = el("w:tc", el("w:tcPr", el("w:tcW", w=col1_default, type="dxa")))
    organs.append(control("for organ in header.organs"))
    organs.append(_mark_paragraph("{{ organ }}", align="distribute", first="loop.first"))
    organs.append(control("endfor"))
    if not suffix:
        return el("w:tbl", tblpr, grid, el("w:tr", organs))
    right = el(
        "w:tc", el("w:tcPr", el("w:tcW", w=col2_default, type="dxa"), el("w:vAlign", val="center"))
    )
    right.append(_mark_paragraph("{{ header.mark_suffix }}", align="right"))
    return el("w:tbl", tblpr, grid, el("w:tr", organs, right))


def mark_placeholder(name: str = "发文机关标志") -> etree._Element:
    """The 标志 as a block placeholder, ``{{p 发文机关标志 }}`` (expanded into
    :func:`mark_block` when the template is compiled) or ``{{p 纪要标志 }}``
    (:func:`minutes_mark`): in Word the template shows one centred line in the 标志's
    style, and a staff member may type the agency's own 标志 over it.  The size and
    horizontal scale come with the expanded block, so they survive an office suite's save
    of the template (which drops the comments :func:`~doctemplates.layout.oxml.dynamic`
    hides them in)."""
    # the rise of a 标志 at the style's size (the spacer above is set for the smallest): where
    # a staff member types the 标志 over the placeholder, it stands where the block would
    rise = el("w:spacing", before=round((_DEFAULT_SIZE - _MIN_SIZE) * _RISE))
    return para("发文机关标志", f"{{{{p {name} }}}}", ppr=[rise, el("w:jc", val="center")])


def mark_block() -> list[etree._Element]:
    """``{{p 发文机关标志 }}``: one organ on one line (+ suffix), or the joint stack (§2.4,
    §10.1) beside the suffix, or alone (centred on the 版心 axis) when there is no suffix
    (a joint 信函, or data that leaves the ``文件`` out)."""
    return [
        control("if header.organs|length > 1"),
        control("if header.mark_suffix"),
        _joint_mark(),
        control("else"),
        _joint_mark(suffix=False),
        control("endif"),
        control("else"),
        _mark_paragraph("{{ header.organs[0] }}{{ header.mark_suffix }}"),
        control("endif"),
    ]


def minutes_mark() -> list[etree._Element]:
    """``{{p 纪要标志 }}``: ``××纪要`` on one line (§10.3) — the first organ and the suffix,
    never a joint stack."""
    return [_mark_paragraph("{{ header.organs[0] }}{{ header.mark_suffix }}")]


def corner_line(text: str) -> etree._Element:
    """右上角标注: ``text`` (tags allowed) flush right in 三号 黑体 on a line of its own."""
    return para("右上角标注", text)


def _copy_number_line(corner: str | None) -> etree._Element:
    """份号 flush left; the 右上角标注 (if any) flush right on the same line 1."""
    if corner is None:
        return para("份号", "{{ 份号 or '' }}")
    return para(
        "份号",
        run("{{ 份号 or '' }}\t"),
        run(corner, style="右上角标注字符"),
        ppr=[tabs(("right", g.mm_to_twips(g.BAN_XIN_WIDTH_MM)))],
    )


def _top_lines(corner: str | None = None) -> list[etree._Element]:
    """份号 line 1, 密级 line 2 (even without 份号), 紧急程度 after it (§2.1–2.3)."""
    return [
        _copy_number_line(corner),
        para("密级", "{{ 密级和保密期限 or 紧急程度 or '' }}"),
        para("紧急程度", "{{ 紧急程度 if 密级和保密期限 and 紧急程度 else '' }}"),
    ]


def _number_line() -> list[etree._Element]:
    """发文字号 (centred) or 上行文 文号 + 签发人 (§2.5–2.6), red line under it (§2.7).

    One paragraph for both (no tag-only paragraphs): with 签发人 the inline ``{% if %}``
    adds the tabs and the 签发人 run, and the paragraph's tab stops, indents and left
    alignment come live from the context (:func:`~doctemplates.layout.oxml.dynamic`).
    """
    right_tab = g.mm_to_twips(g.BAN_XIN_WIDTH_MM) - g.zi(1)
    live = (
        f'{{% if 签发人 %}}<w:tabs><w:tab w:val="left" w:pos="{g.zi(1)}"/>'
        f'<w:tab w:val="right" w:pos="{right_tab}"/></w:tabs>'
        '<w:ind w:left="0" w:right="0" w:firstLine="0"/><w:jc w:val="left"/>{% endif %}'
    )
    return [
        para(
            "发文字号",
            run("{% if 签发人 %}\t{% endif %}{{ 发文字号 or '' }}{% if 签发人 %}\t签发人："),
            run("{{ 签发人|join('　') }}{% endif %}", style="签发人"),
            ppr=dynamic([], live),
        )
    ]


def document_header(
    corner: str | None = None,
    *,
    joint: bool = True,
    mark_below_mm: float = g.MARK_BELOW_BAN_XIN_MM,
) -> list[etree._Element]:
    """文件格式 版头: lines 1–3, 标志 (single or joint), two blank lines, 文号, red line.

    ``corner`` (e.g. ``"{{ category.label }}"``) goes flush right on line 1; ``joint``
    stacks several organs beside the suffix (§2.4, ``{{p 发文机关标志 }}``), else the 标志
    is one line (``{{p 纪要标志 }}``, §10.3); the 标志's top is ``mark_below_mm`` below
    the 版心 top.
    """
    mark = mark_placeholder("发文机关标志" if joint else "纪要标志")
    return [
        *_top_lines(corner),
        _mark_spacer(g.mm_to_twips(mark_below_mm)),
        mark,
        blank(),
        blank(),
        *_number_line(),
    ]


def minutes_header(corner: str | None = None) -> list[etree._Element]:
    """纪要格式: ``××纪要`` 标志 35 mm below the 版心 top, 期号, red line (§6)."""
    return document_header(corner, joint=False, mark_below_mm=g.MINUTES_MARK_BELOW_BAN_XIN_MM)


def order_header(
    *, joint: bool = True, mark_below_mm: float = g.ORDER_MARK_BELOW_BAN_XIN_MM
) -> list[etree._Element]:
    """命令（令）格式 版头 (§10.2): 标志 ``mark_below_mm`` under the 版心 top, 令号 two lines below.

    No 份号/密级 lines (the 标志 sits 20 mm down, less than their three lines), no red
    line; the 令号 (``header.doc_number``, e.g. ``第12号``) is centred two blank lines under
    the 标志, and the text follows two blank lines under it (the format's title block).
    """
    mark = mark_placeholder("发文机关标志" if joint else "纪要标志")
    number = para(
        "发文字号",
        "{{ 发文字号 or '' }}",
        ppr=[el("w:pBdr", el("w:bottom", val="nil")), el("w:jc", val="center")],
    )
    return [
        _mark_spacer(g.mm_to_twips(mark_below_mm), lines=0),
        mark,
        *(blank() for _ in range(g.ORDER_BLANK_LINES)),
        number,
    ]


def speech_header() -> list[etree._Element]:
    """讲话稿: no red header (spec §7)."""
    return []


def letter_page_header(
    corner: str | None = None, *, top_mm: float = g.LETTER_MARK_TOP_MM
) -> list[etree._Element]:
    """信函格式 first-page header: 标志 30 mm from the paper top, double red line (§10.1).

    A joint 信函 stacks the organs like the 文件 joint 标志 (one organ a line, sized and
    compressed by :func:`~doctemplates.layout.mark.fit_mark`); the upper double line is
    4 mm below the last 标志 line.  ``corner`` takes the header's first line, above the
    标志 (which stays 30 mm down).
    """
    overhang = -g.mm_to_twips((g.LETTER_LINE_LENGTH_MM - g.BAN_XIN_WIDTH_MM) / 2)
    offset = cal.MARK_GLYPH_OFFSET_EM
    base = g.mm_to_twips(g.LETTER_LINE_GAP_MM - cal.LETTER_LINE_BORDER_OFFSET_MM)
    line = para(
        None,
        ppr=[
            el(
                "w:pBdr",
                el("w:bottom", val="thickThinSmallGap", sz=_DOUBLE_SZ, space=0, color=g.COLOR_RED),
            ),
            *dynamic(
                [
                    el(
                        "w:spacing",
                        before=0,
                        after=0,
                        line=round(base + offset * _DEFAULT_SIZE * g.TWIPS_PER_PT),
                        lineRule="exact",
                    )
                ],
                '<w:spacing w:before="0" w:after="0" w:line="'
                f'{{{{ ({base} + {offset} * {_SIZE} * {g.TWIPS_PER_PT})|round|int }}}}" w:lineRule="exact"/>',
            ),
            el("w:ind", left=overhang, right=overhang),
        ],
    )
    top = g.mm_to_twips(top_mm - cal.HEADER_DISTANCE_MM)
    lead = [] if corner is None else [corner_line(corner)]
    return [
        *lead,
        _mark_spacer(top, lines=len(lead)),
        mark_placeholder(),
        line,
    ]


def letter_footer_line() -> etree._Element:
    """信函格式 lower double line (thin over thick), 20 mm above the paper bottom (§6)."""
    overhang = -g.mm_to_twips((g.LETTER_LINE_LENGTH_MM - g.BAN_XIN_WIDTH_MM) / 2)
    return para(
        None,
        ppr=[
            el(
                "w:pBdr",
                el("w:bottom", val="thinThickSmallGap", sz=_DOUBLE_SZ, space=0, color=g.COLOR_RED),
            ),
            el(
                "w:spacing",
                before=0,
                after=0,
                line=g.pt_to_twips(cal.MIN_LINE_PT),
                lineRule="exact",
            ),
            el("w:ind", left=overhang, right=overhang),
        ],
    )
