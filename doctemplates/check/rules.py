"""The one table of GB/T 9704 check rules (检查规则表).

Every check names a rule here; the clause and the severity of a finding come
from this table, and ``docs/checks.md`` is generated from it with
:func:`rules_markdown`, so the documentation always says what is checked.
Clauses are those of GB/T 9704-2012 as /work/shared/spec/gbt9704.md quotes them.

>>> rule("doc-number").clause
'§7.2.5'
>>> sorted({r.severity for r in RULES})
['error', 'warning']
"""

from __future__ import annotations

from dataclasses import dataclass

from doctemplates.check.unchecked import UNCHECKED
from doctemplates.findings import Finding, Location, Severity
from doctemplates.gbt9704 import geometry as g
from doctemplates.gbt9704 import tolerances as tol

__all__ = ["RULES", "UNCHECKED", "Rule", "finding", "rule", "rules_markdown"]


@dataclass(frozen=True)
class Rule:
    """One check (检查项): clause, id, what is checked, severity, the inputs it applies to."""

    id: str
    clause: str
    title: str
    check: str
    severity: Severity
    targets: frozenset[str]


def _r(rid: str, clause: str, title: str, check: str, severity: Severity, *targets: str) -> Rule:
    return Rule(rid, clause, title, check, severity, frozenset(targets))


RULES: tuple[Rule, ...] = (
    # page (§5)
    _r(
        "page-size",
        "§5.1",
        "纸张幅面",
        f"A4 纵向 {g.PAGE_WIDTH_MM:g} × {g.PAGE_HEIGHT_MM:g} mm（± {tol.POSITION_MM:g} mm）",
        "error",
        "docx",
    ),
    _r(
        "page-margins",
        "§5.2.1",
        "页边与版心",
        f"docx：天头 {g.MARGIN_TOP_MM:g}、订口 {g.MARGIN_LEFT_MM:g}、右 {g.MARGIN_RIGHT_MM:g}、"
        f"下 {g.MARGIN_BOTTOM_MM:g} mm（± {tol.POSITION_MM:g} mm）；PDF：正文左缘 {g.MARGIN_LEFT_MM:g} mm，"
        f"无版头页首行顶端约 {g.MARGIN_TOP_MM:g} mm，文字不出版心",
        "error",
        "docx",
        "pdf",
    ),
    _r(
        "page-grid",
        "§5.2.3",
        "每面行数",
        f"docx：文档网格或固定行距使版心排 {g.LINES_PER_PAGE} 行；PDF：每面三号字不超过 "
        f"{g.LINES_PER_PAGE} 行（署名页为容下署名、成文日期按 §7.3.5.5 收紧行距时不超过 "
        f"{int(g.LINES_PER_PAGE / g.SIGNATURE_FIT_MIN_PITCH)} 行，"
        f"行距不小于标准的 {g.SIGNATURE_FIT_MIN_PITCH:.0%}）",
        "error",
        "docx",
        "pdf",
    ),
    _r(
        "grid-chars",
        "§5.2.3",
        "每行字数",
        f"docx：默认字号与字距（或字符网格）使每行排 {g.CHARS_PER_LINE} 字；"
        f"PDF：每行不超过 {g.CHARS_PER_LINE} 字（句末标点可悬挂）",
        "warning",
        "docx",
        "pdf",
    ),
    _r(
        "style-fonts",
        "§5.2.2",
        "样式字体字号",
        "命名样式（正文、公文标题、一至四级标题、版记、页码等）的中文字体和字号",
        "error",
        "docx",
    ),
    _r(
        "run-fonts",
        "§5.2.2",
        "直接格式字体字号",
        "标题、正文、各级标题中直接设置（或无公文样式时）的中文字体和字号；层次序数字体"
        "（一、黑体，（一）楷体，1.（1）仿宋）",
        "error",
        "docx",
    ),
    # 版头 (§7.2)
    _r(
        "header-order",
        "§7.2",
        "版头要素顺序",
        "份号 → 密级和保密期限 → 紧急程度 → 发文机关标志 → 发文字号（按样式或文字识别）",
        "error",
        "docx",
    ),
    _r("copy-number", "§7.2.1", "份号", "份号为 6 位阿拉伯数字", "error", "docx"),
    _r(
        "mark-color",
        "§7.2.4",
        "发文机关标志颜色",
        "文件、纪要格式有发文机关标志，且为红色",
        "error",
        "docx",
        "pdf",
    ),
    _r(
        "mark-position",
        "§7.2.4",
        "发文机关标志位置",
        f"标志上边缘距版心上边缘 {g.MARK_BELOW_BAN_XIN_MM:g} mm（距纸张上边 "
        f"{g.MARGIN_TOP_MM + g.MARK_BELOW_BAN_XIN_MM:g} mm；信函格式距纸张上边 "
        f"{g.LETTER_MARK_TOP_MM:g} mm，见 §10.1；命令（令）格式距版心上边缘 "
        f"{g.ORDER_MARK_BELOW_BAN_XIN_MM:g} mm，见 §10.2）",
        "error",
        "pdf",
    ),
    _r(
        "doc-number",
        "§7.2.5",
        "发文字号形式",
        "机关代字〔年份〕序号号：六角括号〔〕、年份 4 位、不加“第”、不编虚位、以“号”结尾",
        "error",
        "docx",
    ),
    _r(
        "red-line",
        "§7.2.7",
        "版头分隔线",
        "docx：发文字号行（无文号时为该空行）下有红色分隔线且与版心等宽；"
        f"PDF：红线长 {g.BAN_XIN_WIDTH_MM:g} mm、起于 x = {g.MARGIN_LEFT_MM:g} mm、"
        f"在发文字号下 {g.RED_LINE_BELOW_NUMBER_MM:g} mm",
        "error",
        "docx",
        "pdf",
    ),
    # 主体 (§7.3)
    _r(
        "first-page-body",
        "§7.3.2",
        "首页显示正文",
        "首页须显示正文（主送机关过多时移至版记）",
        "error",
        "pdf",
    ),
    _r("recipients-colon", "§7.3.2", "主送机关", "主送机关以全角冒号“：”结尾", "error", "docx"),
    _r(
        "numbering-form",
        "§7.3.3",
        "层次序数写法",
        "“一、”用顿号；（一）（1）用全角括号且其后不加标点；“1.”用半角句点",
        "error",
        "docx",
    ),
    _r(
        "numbering-sequence",
        "§7.3.3",
        "层次序数连续",
        "同级序数不跳号、不重号；新的上级下重新从一开始",
        "error",
        "docx",
    ),
    _r(
        "numbering-level",
        "§7.3.3",
        "层次序数不倒置",
        "一、→（一）→ 1. →（1）由上而下使用，不倒置（如“1.”下出现“（一）”）",
        "error",
        "docx",
    ),
    _r(
        "numbering-skip",
        "§7.3.3",
        "层次序数不越级",
        "逐级使用，不越级（如“一、”下直接用“1.”）；标准写“一般”，讲话稿等常见越级，故为警告",
        "warning",
        "docx",
    ),
    _r(
        "attachment-note",
        "§7.3.4",
        "附件说明写法",
        "“附件：”全角冒号；多个附件用“1.”“2.”顺序编号；附件名称后不加标点",
        "error",
        "docx",
    ),
    _r(
        "attachment-match",
        "§7.3.7",
        "附件与附件说明一致",
        "附件说明的序号和名称与正文后附件页的“附件N”标识和标题一致",
        "error",
        "docx",
    ),
    _r(
        "attachment-missing",
        "§7.3.7",
        "附件页",
        "有附件说明但文件中没有附件页（附件另行装订时可忽略）",
        "warning",
        "docx",
    ),
    _r(
        "date-form",
        "§7.3.5.4",
        "成文日期与印发日期形式",
        "阿拉伯数字、年份全称、月日不编虚位（2020年4月20日）；按配置可为一致的汉字数字"
        "（二〇二〇年四月二十日）",
        "error",
        "docx",
    ),
    _r(
        "signature-page",
        "§7.3.5.5",
        "单独成页的署名",
        "不得出现只有署名、成文日期、附注而无正文的页面",
        "error",
        "pdf",
    ),
    # 版记 (§7.4)
    _r("cc-period", "§7.4.2", "抄送机关", "“抄送：”用全角冒号，末尾加句号“。”", "error", "docx"),
    _r(
        "banji-bottom",
        "§7.4",
        "版记位置",
        "docx：浮动版记表格固定在版心底部；PDF：版记在最后一页，末条分隔线（或末行）位于"
        f"版心下边缘 {g.BAN_XIN_BOTTOM_MM:g} mm",
        "error",
        "docx",
        "pdf",
    ),
    _r(
        "banji-even",
        "§7.4",
        "版记页为偶数页",
        "版记所在页为偶数页（GB/T 33476.2 明确要求；对 9704 为惯例）",
        "warning",
        "pdf",
    ),
    # 页码 (§7.5)
    _r(
        "page-number",
        "§7.5",
        "页码",
        "docx：奇偶页不同页脚（w:evenAndOddHeaders），奇偶页页脚均为“— PAGE —”，奇页居右、"
        f"偶页居左；PDF：页码顶端在版心下 {g.PAGE_NUMBER_BELOW_BAN_XIN_MM:g} mm，奇页右缘距版心右边一字，"
        "偶页左缘距版心左边一字",
        "error",
        "docx",
        "pdf",
    ),
    _r(
        "blank-page-number",
        "§7.5",
        "空白页不编页码",
        "PDF：版记页之前的空白页，以及前有空白页的版记页，不显示页码",
        "error",
        "pdf",
    ),
    _r(
        "title-break",
        "§7.3.1",
        "标题回行词意完整",
        "PDF：标题、附件标题（二号、连续多行）的回行处不在一个词的中间（按 layout.titles 的分词：词、"
        "数字和单位、书名号内容、文号；比一行还长的词除外）；分词是统计方法，故为警告",
        "warning",
        "pdf",
    ),
    # 横排表格 (§8)
    _r(
        "landscape-head",
        "§8",
        "横排表格表头方向",
        "PDF：转为纵向的横排表格页，表头（文字顶端，按字形矩阵判断）在单页码的订口一侧、"
        "双页码的切口一侧，即页面左侧",
        "error",
        "pdf",
    ),
    _r(
        "landscape-page",
        "§8",
        "横排表格页转为纵向",
        "PDF：横排表格页未转为纵向（宽页面、文字正排）时，表头朝向由打印设置决定，无法保证"
        "在订口或切口一侧",
        "warning",
        "pdf",
    ),
    # the PDF against its source .docx (check FILE.pdf --source FILE.docx; every conversion)
    _r(
        "pdf-text",
        "§7",
        "PDF 文字与来源文档一致",
        "PDF（按阅读顺序、忽略空白）与来源 .docx 的文字完全一致：正文、表格、版记、页眉页脚"
        "（页码除外）；逐处指出页码和上下文，如“…方式[，]是听取…”。PDF 是公文各要素（§7）"
        "的呈现，少一个标点即与原件不符",
        "error",
        "pdf",
    ),
    # special formats (§10)
    _r(
        "order-number",
        "§10.2",
        "命令（令）格式令号",
        "标志（“××令”或“××命令”，上边缘距版心上边缘 20 mm，见 mark-position）下空二行为令号"
        "“第N号”，不加红色分隔线；PDF：令号下空二行编排正文",
        "error",
        "docx",
        "pdf",
    ),
    _r(
        "letter-lines",
        "§10.1",
        "信函格式双线",
        f"首页页眉、页脚各有红色双线；PDF：双线长 {g.LETTER_LINE_LENGTH_MM:g} mm，"
        f"上线在标志（联合行文为其最后一行）下 {g.LETTER_LINE_GAP_MM:g} mm，"
        f"下线距纸张下边 {g.LETTER_BOTTOM_LINE_MM:g} mm",
        "error",
        "docx",
        "pdf",
    ),
)

_BY_ID = {r.id: r for r in RULES}


def rule(rule_id: str) -> Rule:
    """The rule called ``rule_id``."""
    return _BY_ID[rule_id]


def finding(
    rule_id: str,
    message: str,
    location: Location | None = None,
    *,
    expected: object = None,
    actual: object = None,
) -> Finding:
    """A :class:`Finding` of ``rule_id``, clause and severity taken from the table."""
    r = _BY_ID[rule_id]
    return Finding(
        rule=r.id,
        clause=r.clause,
        severity=r.severity,
        message=message,
        location=location or Location(),
        expected=None if expected is None else str(expected),
        actual=None if actual is None else str(actual),
    )


_TARGETS = {"docx": ".docx", "pdf": "PDF"}


def rules_markdown() -> str:
    """``docs/checks.md``: the rule table as a list, then what is not checked."""
    lines = [
        "# GB/T 9704 检查项（doctemplates check）",
        "",
        "<!-- 由 doctemplates.check.rules.rules_markdown() 生成，请勿手工修改；"
        "tests/check/test_rules.py 检查本文件是否最新。 -->",
        "",
        "`doctemplates check FILE.docx|FILE.pdf [--json] [--format 文件|信函|讲话|纪要] "
        "[--source FILE.docx]`："
        "每个问题给出条款、严重程度（错误 / 警告）、位置、说明以及应为值和实际值；"
        "没有错误时退出码为 0。检查 PDF 时用 `--source` 给出来源 .docx，即逐字比对两者的文字"
        "（与每次生成 PDF 时的校验相同）。",
        "",
        "## 已检查",
        "",
    ]
    for r in RULES:
        targets = "、".join(_TARGETS[t] for t in ("docx", "pdf") if t in r.targets)
        level = "错误" if r.severity == "error" else "警告"
        lines.append(f"- **{r.clause} {r.title}** (`{r.id}`, {level}, {targets})：{r.check}")
    lines += ["", "## 不能自动检查", ""]
    for clause, item, why in UNCHECKED:
        lines.append(f"- **{clause} {item}**：{why}")
    lines.append("")
    return "\n".join(lines)
