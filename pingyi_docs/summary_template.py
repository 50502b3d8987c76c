"""提案办理总结's template (proposal-summary.docx): the opening and the 办理情况 sentences.

The wording lives here only to build the shipped template; staff change it in the
template itself (Word/WPS).  The figures are fields with Chinese names
(:class:`~pingyi_docs.proposal_stats.Figures` under ``SummaryContext.figures``); the
sentences are one paragraph each, in the body loop's region :data:`REGION`, printed where
the data's ``parts`` put 办理情况.  A sentence whose figures were not typed (``counts``)
is left out by a ``{%p if %}``; half-sentences by an inline ``{% if %}``.
"""

from __future__ import annotations

from typing import Any

__all__ = ["OPENING", "REGION", "template_spec"]

#: Name of the template's paragraph group printed under the 办理情况 heading.
REGION = "办理情况"
# The standard opening (the data's ``opening`` replaces it).
OPENING = (
    "根据{{ 会议届次 or '' }}提案交办会要求，{{ 发文机关 }}高度重视提案办理工作，"
    "逐件明确牵头领导、责任科室和责任人，认真办理、如实答复、按期办结。"
    "现将{{ 年度 }}年度提案办理工作总结如下："
)


def template_spec() -> Any:
    """proposal-summary.docx: 文件格式; standard opening unless the data gives one.

    The 办理情况 sentences are plain text with the figures as fields, one paragraph
    each; a sentence whose figures were not typed is left out (``counts``).
    """
    from doctemplates.layout import TemplateSpec
    from doctemplates.layout import body as pieces

    opening = pieces.paragraphs_or("开头", OPENING)
    main = pieces.body_loop(regions={REGION: _figure_lines()})
    return TemplateSpec(fmt="文件", name="提案办理总结", opening=opening, body=main)


# The 办理情况 sentences.
_ROLES = "{% for r in 分工 %}{{ r.办理方式 }}{{ r.件数 }}件{% if not loop.last %}、{% endif %}{% endfor %}"
_FIELDS = "{% for f in 涉及领域 %}{{ f.领域 }}（{{ f.件数 }}件）{% if not loop.last %}、{% endif %}{% endfor %}"
_CATEGORIES = (
    "{% for c in 办理结果 %}{{ c.类别 }}类（{{ c.含义 }}）{{ c.件数 }}件，占{{ c.占比 }}"
    "{% if not loop.last %}；{% endif %}{% endfor %}"
)
TOTALS = (
    "{{ 年度 }}年，{{ 发文机关 }}共承办政协提案{{ 承办总数 }}件{% if 分工 %}，其中"
    + _ROLES
    + "{% endif %}。{% if 涉及领域 %}提案主要涉及"
    + _FIELDS
    + "等方面。{% endif %}"
)
REPLIED = (
    "截至{{ 截止日期 }}，{% if 全部办复 %}{{ 承办总数 }}件提案已全部办复{% else %}"
    "已办复{{ 已办复 }}件{% endif %}，办复率{{ 办复率 }}{% if 在办 %}，其余{{ 在办 }}件正在办理"
    "{% endif %}{% if 按期办复 is not none %}；按期办复{{ 按期办复 }}件，"
    "按期办复率{{ 按期办复率 }}{% endif %}。"
)
CATEGORIES = "从办理结果看，在已明确办理结果类别的{{ 已分类 }}件提案中，" + _CATEGORIES + "。"
SATISFACTION = "提案人反馈意见{{ 反馈 }}件，其中满意和基本满意{{ 满意 }}件，满意率{{ 满意率 }}。"


def _figure_lines() -> list[Any]:
    """One paragraph a sentence; the last one printed keeps with the 署名 when the
    region ends the body (§7.3.5.5)."""
    from doctemplates.layout.oxml import dynamic, el
    from doctemplates.layout.paragraphs import control, para

    def line(text: str, last_unless: str | None) -> Any:
        when = "loop.last" + (f" and not ({last_unless})" if last_unless else "")
        keep = dynamic(
            [el("w:keepNext", val=0)], f'<w:keepNext w:val="{{{{ 1 if {when} else 0 }}}}"/>'
        )
        return para("正文", text, ppr=keep)

    return [
        line(TOTALS, "已办复 is not none"),
        control("if 已办复 is not none"),
        line(REPLIED, "办理结果"),
        control("endif"),
        control("if 办理结果"),
        line(CATEGORIES, "反馈"),
        control("endif"),
        control("if 反馈"),
        line(SATISFACTION, None),
        control("endif"),
    ]
