"""提案办理总结's template (proposal-summary.docx): the opening and the 办理情况 sentences.

The wording lives here only to build the shipped template; staff change it in the
template itself (Word/WPS), where it reads as the document does: two paragraph groups
(段落组, :mod:`doctemplates.render.groups`) of plain sentences with the figures as
fields, and ``{{p 正文 }}`` for the body, which prints each group where the body names
it (the kind puts :data:`STANDARD_OPENING` at the head of the body when the data has no
opening of its own, :data:`REGION` under the 办理情况 heading, in the data's part order).

No ``{%p if %}``: a sentence whose figures were not typed (``counts``) is left out by
the optional-line rule's group rule, each such sentence reading one group of figures
(``办复``, ``办理结果``, ``反馈``) that the kind sets to None; half-sentences by an
inline ``{% if %}``.
"""

from __future__ import annotations

from typing import Any

__all__ = ["OPENING", "REGION", "STANDARD_OPENING", "template_spec"]

#: Name of the template's paragraph group printed under the 办理情况 heading.
REGION = "办理情况"
#: Name of the template's paragraph group printed when the data gives no opening.
STANDARD_OPENING = "标准开头"
# The standard opening (the data's ``opening`` replaces it).
OPENING = (
    "根据{{ 会议届次 or '' }}提案交办会要求，{{ 发文机关 }}高度重视提案办理工作，"
    "逐件明确牵头领导、责任科室和责任人，认真办理、如实答复、按期办结。"
    "现将{{ 年度 }}年度提案办理工作总结如下："
)

# The 办理情况 sentences.
_ROLES = "{% for r in 分工 %}{{ r.办理方式 }}{{ r.件数 }}件{% if not loop.last %}、{% endif %}{% endfor %}"
_FIELDS = "{% for f in 涉及领域 %}{{ f.领域 }}（{{ f.件数 }}件）{% if not loop.last %}、{% endif %}{% endfor %}"
_CATEGORIES = (
    "{% for c in 办理结果.各类 %}{{ c.类别 }}类（{{ c.含义 }}）{{ c.件数 }}件，占{{ c.占比 }}"
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
    "截至{{ 办复.截止日期 }}，{% if 办复.全部办复 %}{{ 办复.已办复 }}件提案已全部办复"
    "{% else %}已办复{{ 办复.已办复 }}件{% endif %}，办复率{{ 办复.办复率 }}"
    "{% if 办复.在办 %}，其余{{ 办复.在办 }}件正在办理{% endif %}"
    "{% if 办复.按期办复 is not none %}；按期办复{{ 办复.按期办复 }}件，"
    "按期办复率{{ 办复.按期办复率 }}{% endif %}。"
)
CATEGORIES = (
    "从办理结果看，在已明确办理结果类别的{{ 办理结果.已分类 }}件提案中，" + _CATEGORIES + "。"
)
SATISFACTION = (
    "提案人反馈意见{{ 反馈.件数 }}件，其中满意和基本满意{{ 反馈.满意 }}件，"
    "满意率{{ 反馈.满意率 }}。"
)


def template_spec() -> Any:
    """proposal-summary.docx: 文件格式; the body ``{{p 正文 }}``; the standard opening
    before it and the 办理情况 sentences after it, each a paragraph group."""
    from doctemplates.layout import TemplateSpec
    from doctemplates.layout.paragraphs import para

    def group(name: str, *sentences: str) -> list[Any]:
        return [
            para(None, f"{{{{p 段落组 {name} }}}}"),
            *(para("正文", text) for text in sentences),
            para(None, "{{p 段落组结束 }}"),
        ]

    return TemplateSpec(
        fmt="文件",
        name="提案办理总结",
        opening=group(STANDARD_OPENING, OPENING),
        ending=group(REGION, TOTALS, REPLIED, CATEGORIES, SATISFACTION),
    )
