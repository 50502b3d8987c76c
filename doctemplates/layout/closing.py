"""Closing parts (§3 §4): 署名/成文日期 (three modes of §7.3.5), 附注, 附件 pages, 版记."""

from __future__ import annotations

from lxml import etree

from doctemplates.gbt9704 import geometry as g
from doctemplates.layout import calibration as cal
from doctemplates.layout.body import body_loop
from doctemplates.layout.oxml import dynamic, el, table_layout
from doctemplates.layout.paragraphs import blank, control, para, run, tabs
from doctemplates.layout.sealplace import (
    JOINT_SEAL_ROW_LINES,
    joint_seal_rows,
    seal_anchor,
    stamp_anchor,
)

__all__ = [
    "annex_pages",
    "banji",
    "joint_seal_rows",
    "note",
    "seal_anchor",
    "signature_block",
    "stamp_anchor",
]

_WIDTH = g.mm_to_twips(g.BAN_XIN_WIDTH_MM)


_DATE_WIDTH = "signature.date_width"  # context: the 成文日期's set width in twips


def _centre_tab(right_indent_zi: float) -> list[etree._Element]:
    """Centre tab on the axis of a 成文日期 right-indented ``right_indent_zi`` 字.

    The axis is the date's middle: its right edge less half its real width
    (``signature.date_width``, digits half width, §7.3.5); unrendered, a typical date.
    """
    right = _WIDTH - g.zi(right_indent_zi)
    default = tabs(("center", right - g.zi(cal.SIGN_DATE_WIDTH_ZI / 2)))
    live = (
        f'<w:tabs><w:tab w:val="center" w:pos="{{{{ ({right} - ({_DATE_WIDTH} if {_DATE_WIDTH}'
        f' is defined else {g.zi(cal.SIGN_DATE_WIDTH_ZI)}) / 2)|round|int }}}}"/></w:tabs>'
    )
    return dynamic([default], live)


def _joint_seals() -> list[etree._Element]:
    """联合行文加盖印章: rows of 署名, each under its seal (``signature.seal_rows``, §7.3.5.1).

    Each row is one 署名 paragraph with a centre tab per organ (its seal's axis); rows are
    :data:`JOINT_SEAL_ROW_LINES` lines apart so that no two seals touch.
    """
    default = tabs(("center", _WIDTH - g.zi(g.SIGN_RIGHT_SEAL_ZI + cal.SIGN_DATE_WIDTH_ZI / 2)))
    live = (
        "<w:tabs>{% for cell in row.cells %}"
        '<w:tab w:val="center" w:pos="{{ cell.pos }}"/>'
        "{% endfor %}</w:tabs>"
    )
    return [
        control("for row in signature.seal_rows"),
        para(
            "署名",
            "{% for cell in row.cells %}\t{{ cell.seal }}{{ cell.name }}{% endfor %}",
            ppr=dynamic([default], live),
        ),
        control("if not loop.last"),
        *(blank("署名") for _ in range(JOINT_SEAL_ROW_LINES - 1)),
        control("endif"),
        control("endfor"),
        para(
            "成文日期",
            "\t{{ signature.date }}",
            ppr=[tabs(("right", _WIDTH - g.zi(g.SIGN_RIGHT_SEAL_ZI)))],
        ),
    ]


def _centred_pair(right_indent_zi: float, *, seal: bool = False) -> list[etree._Element]:
    """署名 lines centred over the date, date right-indented (§7.3.5.1, .2).

    ``seal``: the first 署名 line carries the optional seal picture (floating, over the text).
    """
    name = (
        "{{ signature.seal if loop.first and signature.seal else '' }}{{ name }}"
        if seal
        else "{{ name }}"
    )
    return [
        control("for name in signature.names"),
        para("署名", "\t" + name, ppr=_centre_tab(right_indent_zi)),
        control("endfor"),
        para(
            "成文日期",
            "\t{{ signature.date }}",
            ppr=[tabs(("right", _WIDTH - g.zi(right_indent_zi)))],
        ),
    ]


def _stamp_mode() -> list[etree._Element]:
    """签发人签名章: 职务 two 字 left of the stamp, right-indented four 字 (§7.3.5.3)."""
    right = tabs(("right", _WIDTH - g.zi(g.SIGN_RIGHT_STAMP_ZI)))
    # with a 签名章 picture: 职务 flush right two 字 left of the picture's left edge
    title_tab = dynamic(
        [right],
        '<w:tabs><w:tab w:val="right" w:pos="{{ signature.stamp_title_pos }}"/></w:tabs>',
    )
    return [
        blank("署名"),
        blank("署名"),
        control("if signature.stamp is defined and signature.stamp"),
        para("署名", "\t{{ signature.signer_title or '' }}{{ signature.stamp }}", ppr=title_tab),
        control("else"),
        control("for name in signature.names"),
        para("署名", "\t{{ signature.signer_title or '' }}　　{{ name }}", ppr=[right]),
        control("endfor"),
        control("endif"),
        blank("署名"),  # 署名 keeps with next: the date never sits alone (§7.3.5.5)
        para(
            "成文日期",
            "\t{{ signature.date }}",
            ppr=[tabs(("right", _WIDTH - g.zi(g.SIGN_RIGHT_STAMP_ZI)))],
        ),
    ]


def signature_block() -> list[etree._Element]:
    """署名 + 成文日期 in the mode the data chooses (§7.3.5)."""
    return [
        control("if signature"),
        # Blank lines in the 署名 style keep with next, so the body's last paragraph,
        # the blank lines, 署名 and 成文日期 stay on one page (§7.3.5.5).
        control(
            'if signature.mode == "seal" and signature.seal_rows is defined and signature.seal_rows'
        ),
        blank("署名"),
        blank("署名"),
        *_joint_seals(),
        control('elif signature.mode == "seal"'),
        blank("署名"),
        blank("署名"),
        *_centred_pair(g.SIGN_RIGHT_SEAL_ZI, seal=True),
        control('elif signature.mode == "stamp"'),
        *_stamp_mode(),
        control("else"),
        blank("署名"),
        *_centred_pair(g.SIGN_RIGHT_PLAIN_ZI),
        control("endif"),
        control("endif"),
    ]


def note() -> list[etree._Element]:
    """附注 in full-width parentheses on the line after the date (§3)."""
    return [para("附注", "（{{ 附注 }}）")]  # left out when empty (render.optional)


def annex_pages() -> list[etree._Element]:
    """Each 附件 on a new page: ``附件N`` line 1, title centred on line 3 (§3)."""
    return [
        control("for annex in annexes"),
        para("附件标识", "{{ annex.label }}"),  # “附件” alone when there is one
        blank(),
        para("公文标题", "{{ annex.title }}"),
        blank(),
        *body_loop("annex.body", "aitem", groups=False),  # 段落组: the 正文 only
        control("endfor"),
    ]


def _banji_borders(lines: bool = True) -> etree._Element:
    if not lines:  # §10.1 信函格式: 版记 without separator lines
        return el("w:tblBorders", *(el(f"w:{side}", val="nil") for side in _SIDES))
    thick = g.border_eighths(g.BANJI_THICK_MM)
    thin = g.border_eighths(g.BANJI_THIN_MM)
    return el(
        "w:tblBorders",
        el("w:top", val="single", sz=thick, space=0, color="000000"),
        el("w:left", val="nil"),
        el("w:bottom", val="single", sz=thick, space=0, color="000000"),
        el("w:right", val="nil"),
        el("w:insideH", val="single", sz=thin, space=0, color="000000"),
        el("w:insideV", val="nil"),
    )


_SIDES = ("top", "left", "bottom", "right", "insideH", "insideV")


def _banji_row(*paragraphs: etree._Element) -> etree._Element:
    cell = el("w:tc", el("w:tcPr", el("w:tcW", w=_WIDTH, type="dxa")), *paragraphs)
    return el("w:tr", el("w:trPr", el("w:cantSplit")), cell)


def banji(*, lines: bool = True, printer: bool = True) -> list[etree._Element]:
    """版记 as a floating table pinned to the bottom of the 版心 (§4).

    ``lines``: separator lines; ``printer``: the 印发机关/印发日期 line (a 信函 has
    neither, §10.1: :class:`~doctemplates.gbt9704.formats.Format` ``banji_lines``,
    ``banji_printer``).

    ``w:tblpPr w:vertAnchor="margin" w:tblpYSpec="bottom"``: Word and
    LibreOffice place it so its last line is on the 版心 bottom edge of the
    page holding the final paragraph, whatever the body length.  The
    horizontal anchor is the *page* (x = 28 mm): LibreOffice only turns a
    floating table as wide as the 版心 into a frame when it is positioned
    relative to the page (writerfilter's floating-table heuristic).
    """
    printer_tab = tabs(("right", _WIDTH - g.pt_to_twips(g.SIZE_SI_HAO)))
    tblpr = el(
        "w:tblPr",
        el(
            "w:tblpPr",
            leftFromText=0,
            rightFromText=0,
            topFromText=0,
            bottomFromText=0,
            vertAnchor="margin",
            horzAnchor="page",
            tblpX=g.mm_to_twips(g.MARGIN_LEFT_MM),
            tblpYSpec="bottom",
        ),
        el("w:tblOverlap", val="never"),
        el("w:tblW", w=_WIDTH, type="dxa"),
        el("w:jc", val="center"),
        _banji_borders(lines),
        *table_layout(),
    )
    cc_row = _banji_row(
        para(
            "版记",
            "抄送：{{ record.cc }}。",
            ppr=[
                el(
                    "w:ind",
                    left=g.pt_to_twips(g.SIZE_SI_HAO),
                    right=g.pt_to_twips(g.SIZE_SI_HAO),
                    hanging=0,
                )
            ],
        )
    )
    printer_row = _banji_row(
        para(
            "版记",
            run(
                "{{ record.printer or '' }}\t{{ record.print_date or '' }}{{ '印发' if record.print_date else '' }}"
            ),
            ppr=[printer_tab],
        )
    )
    table = el(
        "w:tbl",
        tblpr,
        el("w:tblGrid", el("w:gridCol", w=_WIDTH)),
        control_row("if record.cc"),
        cc_row,
        control_row("endif"),
        *((printer_row,) if printer else ()),
    )
    condition = "if record" if printer else "if record and record.cc"  # a table needs a row
    return [control(condition), table, control("endif")]


def control_row(tag: str) -> etree._Element:
    """A docxtpl row-level tag row: ``{%tr tag %}``."""
    return _banji_row(para(None, f"{{%tr {tag} %}}"))
