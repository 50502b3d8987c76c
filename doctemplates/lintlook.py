"""Lint of a template's look (版式检查): the GB/T 9704 rules a template already decides.

Page setup and grid, the faces and sizes of the named styles, the 标志 and red-line
colours, the footers' PAGE fields: the checker's own clause checks
(:data:`doctemplates.check.docx.TEMPLATE_CHECKS`) run on the template, so lint and
``check`` cannot disagree.  Each finding is a ``warning``: the template renders, but
every document it gives would fail ``check`` for the same rule.  Render does not
refuse such a template (it refuses only what lint calls an ``error``).

>>> from doctemplates.layout import build_template
>>> look_findings(build_template("文件"))
[]
"""

from __future__ import annotations

from doctemplates.check.docx import check_template_look
from doctemplates.check.findings import Finding as CheckFinding
from doctemplates.errors import DocTemplatesError
from doctemplates.render.findings import Finding

__all__ = ["look_findings"]

#: The part a rule's finding is about (页脚 findings name the page side in the message).
_PARTS = {"style-fonts": "word/styles.xml"}


def look_findings(source: bytes) -> list[Finding]:
    """The look findings of template ``source`` as lint findings (severity ``warning``).

    Lint runs them on a template without errors only; one the checker cannot read
    as a Word document (its main part elsewhere than ``word/document.xml``, beyond
    the checker's bounds) has no look to judge: render's findings say all there is.
    """
    try:
        found = check_template_look(source)
    except DocTemplatesError:
        return []
    return [_lint_finding(f) for f in found]


def _lint_finding(f: CheckFinding) -> Finding:
    """One check finding told as lint tells it: one Chinese sentence with both values.

    >>> from doctemplates.check.rules import finding
    >>> _lint_finding(finding("page-margins", "天头（上边距）应为 37 mm ± 1 mm",
    ...     expected="37.0 mm", actual="30.0 mm")).message
    '天头（上边距）应为 37 mm ± 1 mm，实为 30.0 mm（GB/T 9704 §5.2.1）'
    """
    message = f.message
    if f.actual is not None and "实为" not in message:
        shown = "，实为" if "应为" in message else f"：应为 {f.expected}，实为"
        message += f"{shown} {f.actual}"
    part = _PARTS.get(f.rule, "word/document.xml")
    # the message names the style or the page setting; a paragraph is shown by its text
    paragraph = f.location.text or ""
    return Finding(f.rule, "warning", part, f"{message}（GB/T 9704 {f.clause}）", paragraph)
