"""The corpus of wrong documents (错误样本): each is a good document with one fault.

``DOCX_CASES`` maps a name to (builder, expected rule ids); the builder returns
.docx bytes.  ``PDF_CASES`` does the same for faults only visible after layout.
"""

from __future__ import annotations

from collections.abc import Callable

from lxml import etree

from doctemplates.check.ooxml import qn
from doctemplates.layout import geometry as g
from tests.check.builders import (
    edit_part,
    find_para,
    good,
    no_number,
    paragraphs,
    render_ctx,
    set_text,
    style_el,
    text_of,
)

__all__ = ["DOCX_CASES", "PDF_CASES"]

DOC, STYLES, SETTINGS = "word/document.xml", "word/styles.xml", "word/settings.xml"


def _doc(fn: Callable[[etree._Element], None], fmt: str = "文件") -> Callable[[], bytes]:
    return lambda: edit_part(good(fmt), DOC, fn)


def _styles(fn: Callable[[etree._Element], None], base: Callable[[], bytes] = good):
    return lambda: edit_part(base(), STYLES, fn)


def _both(*edits: Callable[[etree._Element], None]) -> Callable[[etree._Element], None]:
    def apply(root: etree._Element) -> None:
        for edit in edits:
            edit(root)

    return apply


def _retext(start: str, new: str) -> Callable[[etree._Element], None]:
    return lambda root: set_text(find_para(root, start), new)


def _margin(side: str, mm: float) -> Callable[[etree._Element], None]:
    def change(root: etree._Element) -> None:
        root.find(f".//{qn('w:pgMar')}").set(qn(f"w:{side}"), str(g.mm_to_twips(mm)))

    return change


def _page_size(root: etree._Element) -> None:
    size = root.find(f".//{qn('w:pgSz')}")
    size.set(qn("w:w"), "12240")
    size.set(qn("w:h"), "15840")


def _defaults(tag: str, attr: str, value: str) -> Callable[[etree._Element], None]:
    """Set ``attr`` on ``tag`` in the docDefaults (w:line → paragraph, w:val → run)."""
    where = "w:pPrDefault" if attr == "w:line" else "w:rPrDefault"

    def change(root: etree._Element) -> None:
        dd = root.find(f"{qn('w:docDefaults')}/{qn(where)}")
        node = next(n for n in dd.iter(qn(tag)))
        node.set(qn(attr), value)

    return change


def _style_font(sid: str, font: str) -> Callable[[etree._Element], None]:
    def change(root: etree._Element) -> None:
        rpr = style_el(root, sid).find(qn("w:rPr"))
        rpr.insert(0, etree.Element(qn("w:rFonts"), {qn("w:eastAsia"): font}))

    return change


def _style_color(sid: str, color: str) -> Callable[[etree._Element], None]:
    def change(root: etree._Element) -> None:
        style_el(root, sid).find(f"{qn('w:rPr')}/{qn('w:color')}").set(qn("w:val"), color)

    return change


def _no_border(root: etree._Element) -> None:
    ppr = style_el(root, "DocNumber").find(qn("w:pPr"))
    ppr.remove(ppr.find(qn("w:pBdr")))


def _direct_run(start: str, child: etree._Element) -> Callable[[etree._Element], None]:
    def change(root: etree._Element) -> None:
        run = find_para(root, start).find(qn("w:r"))
        rpr = run.find(qn("w:rPr"))
        if rpr is None:
            rpr = etree.Element(qn("w:rPr"))
            run.insert(0, rpr)
        rpr.append(child)

    return change


def _banji_anchor(spec: str) -> Callable[[etree._Element], None]:
    def change(root: etree._Element) -> None:
        root.find(f".//{qn('w:tblpPr')}").set(qn("w:tblpYSpec"), spec)

    return change


def _swap_header(root: etree._Element) -> None:
    ps = paragraphs(root)
    copy = next(p for p in ps if text_of(p) == "000001")
    cls = next(p for p in ps if text_of(p) == "机密★1年")
    set_text(copy, "机密★1年")
    set_text(cls, "000001")


def _page_number_hyphens(root: etree._Element) -> None:
    for t in root.iter(qn("w:t")):
        t.text = (t.text or "").replace("—", "-")


def _no_even_odd(root: etree._Element) -> None:
    root.remove(root.find(qn("w:evenAndOddHeaders")))


def _footer(fn: Callable[[etree._Element], None]) -> Callable[[], bytes]:
    return lambda: edit_part(good(), "word/footer1.xml", fn)


def _annex_title(root: etree._Element) -> None:
    titles = [p for p in paragraphs(root) if text_of(p).startswith("示范项目申报书样式")]
    set_text(titles[-1], "另一个附件标题")


def _page_break_before_signature(root: etree._Element) -> None:
    first = next(
        p
        for p in paragraphs(root)
        if p.find(f".//{qn('w:pStyle')}") is not None
        and p.find(f".//{qn('w:pStyle')}").get(qn("w:val")) == "Signature"
    )
    first.find(qn("w:pPr")).append(etree.Element(qn("w:pageBreakBefore")))


DOCX_CASES: dict[str, tuple[Callable[[], bytes], list[str]]] = {
    "left margin 35 mm": (_doc(_margin("left", 35)), ["page-margins"]),
    "top margin 30 mm": (_doc(_margin("top", 30)), ["page-margins"]),
    "US Letter paper": (_doc(_page_size), ["page-size"]),
    "26 lines per page": (_styles(_defaults("w:spacing", "w:line", "480")), ["page-grid"]),
    "30 characters per line": (_styles(_defaults("w:spacing", "w:val", "-30")), ["grid-chars"]),
    "正文 style in 宋体": (_styles(_style_font("Zhengwen", "宋体")), ["style-fonts"]),
    "body run in 宋体": (
        _doc(
            _direct_run(
                "示例市科学技术局围绕", etree.Element(qn("w:rFonts"), {qn("w:eastAsia"): "宋体"})
            )
        ),
        ["run-fonts"],
    ),
    "title run in 三号": (
        _doc(_direct_run("示例市科学技术局关于", etree.Element(qn("w:sz"), {qn("w:val"): "32"}))),
        ["run-fonts"],
    ),
    "[2026] in 文号": (_doc(_retext("示科发", "示科发[2026]3号")), ["doc-number"]),
    "第3号 in 文号": (_doc(_retext("示科发", "示科发〔2026〕第3号")), ["doc-number"]),
    "leading zero in 文号": (_doc(_retext("示科发", "示科发〔2026〕03号")), ["doc-number"]),
    "2026-11-23 as 成文日期": (_doc(_retext("2026年11月23日", "2026-11-23")), ["date-form"]),
    "2026年01月05日 as 成文日期": (
        _doc(_retext("2026年11月23日", "2026年01月05日")),
        ["date-form"],
    ),
    "（一） under 1.": (_doc(_retext("（1）细化", "（一）细化工作措施。")), ["numbering-level"]),
    "skipped 一、": (_doc(_retext("一、总体要求", "二、总体要求")), ["numbering-sequence"]),
    "1. directly under 一、": (
        _doc(_both(_retext("（一）强化", "1.强化组织领导"), _retext("1.明确", "2.明确责任分工。"))),
        ["numbering-skip"],
    ),
    "skipped （一）": (_doc(_retext("（一）强化", "（二）强化组织领导")), ["numbering-sequence"]),
    "half-width (一)": (_doc(_retext("（一）强化", "(一)强化组织领导")), ["numbering-form"]),
    "1、 instead of 1.": (_doc(_retext("1.明确", "1、明确责任分工。")), ["numbering-form"]),
    "一. instead of 一、": (_doc(_retext("一、总体要求", "一.总体要求")), ["numbering-form"]),
    "black 标志": (_styles(_style_color("OrganMark", "000000")), ["mark-color"]),
    "no red line": (_styles(_no_border), ["red-line"]),
    "no 文号 and no red line": (_styles(_no_border, lambda: no_number("文件")), ["red-line"]),
    "no 期号 and no red line (纪要)": (
        _styles(_no_border, lambda: no_number("纪要")),
        ["red-line"],
    ),
    "份号 after 密级": (_doc(_swap_header), ["header-order"]),
    "5-digit 份号": (_doc(_retext("000001", "00001")), ["copy-number"]),
    "版记 floating mid-page": (_doc(_banji_anchor("center")), ["banji-bottom"]),
    "主送 without ：": (
        _doc(_retext("各区科技局", "各区科技局、各有关单位")),
        ["recipients-colon"],
    ),
    "主送 with half-width :": (
        _doc(_retext("各区科技局", "各区科技局、各有关单位:")),
        ["recipients-colon"],
    ),
    "抄送 without 。": (_doc(_retext("抄送：", "抄送：市政协提案委，市政府督查室")), ["cc-period"]),
    "印发日期 2026.11.23": (
        _doc(_retext("示例市科学技术局办公室", "示例市科学技术局办公室\t2026.11.23印发")),
        ["date-form"],
    ),
    "附件说明 with half-width colon": (
        _doc(_retext("附件：1.", "附件:1.示范项目申报书样式及填写说明")),
        ["attachment-note"],
    ),
    "附件说明 name ends with 。": (
        _doc(_retext("附件：1.", "附件：1.示范项目申报书样式及填写说明。")),
        ["attachment-note", "attachment-match"],
    ),
    "annex title differs": (_doc(_annex_title), ["attachment-match"]),
    "annex missing": (lambda: render_ctx("文件", attachments=2, annexes=1), ["attachment-match"]),
    "no annex pages": (
        lambda: render_ctx("文件", attachments=2, annexes=0),
        ["attachment-missing"],
    ),
    "page number with hyphens": (_footer(_page_number_hyphens), ["page-number"]),
    "no odd/even footers": (
        lambda: edit_part(good(), SETTINGS, _no_even_odd),
        ["page-number"],
    ),
}

PDF_CASES: dict[str, tuple[Callable[[], bytes], str, list[str]]] = {
    # name: (builder, format, expected rule ids besides banji-even)
    "no 文号 and no red line": (
        lambda: edit_part(no_number("文件"), STYLES, _no_border),
        "文件",
        ["red-line"],
    ),
    "top margin 45 mm": (
        lambda: edit_part(good("讲话"), DOC, _margin("top", 45)),
        "讲话",
        ["page-margins"],
    ),
    "24 pt lines, −1.5 pt tracking": (
        lambda: edit_part(
            edit_part(good("讲话"), STYLES, _defaults("w:spacing", "w:line", "480")),
            STYLES,
            _defaults("w:spacing", "w:val", "-30"),
        ),
        "讲话",
        ["page-grid", "grid-chars"],
    ),
    "black 标志, 版记 mid-page": (
        lambda: edit_part(
            edit_part(good(), STYLES, _style_color("OrganMark", "000000")),
            DOC,
            _banji_anchor("center"),
        ),
        "文件",
        ["mark-color", "banji-bottom"],
    ),
    "signature alone on a page": (
        lambda: edit_part(render_ctx("文件", attachments=0), DOC, _page_break_before_signature),
        "文件",
        ["signature-page"],
    ),
    "主送 fills page 1": (
        lambda: render_ctx(
            "文件",
            recipients="、".join(f"示例市第{i}区科学技术局" for i in range(1, 40)) + "：",
        ),
        "文件",
        ["first-page-body"],
    ),
}
