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

from dataclasses import replace

from doctemplates.check.docx import check_template_look
from doctemplates.errors import DocTemplatesError
from doctemplates.findings import Finding

__all__ = ["look_findings"]

#: The part a rule's finding is about (页脚 findings name the page side in the message).
_PARTS = {"style-fonts": "word/styles.xml"}


def look_findings(source: bytes) -> list[Finding]:
    """The checker's findings of template ``source``, each a ``warning`` in its part.

    The same findings ``check`` gives (rule, clause, message, expected, actual);
    only the severity is lint's and the location names the part.  Lint runs them
    on a template without errors only; one the checker cannot read as a Word
    document (its main part elsewhere than ``word/document.xml``, beyond the
    checker's bounds) has no look to judge: render's findings say all there is.
    """
    try:
        found = check_template_look(source)
    except DocTemplatesError:
        return []
    return [_in_template(f) for f in found]


def _in_template(f: Finding) -> Finding:
    """``f`` as lint reports it: a warning, located in its part of the template.

    >>> from doctemplates.check.rules import finding
    >>> print(_in_template(finding("page-margins", "天头（上边距）应为 37 mm ± 1 mm",
    ...     expected="37.0 mm", actual="30.0 mm")))
    §5.2.1 [警告] 正文：天头（上边距）应为 37 mm ± 1 mm（应为：37.0 mm；实为：30.0 mm） <page-margins>
    """
    where = replace(f.location, part=_PARTS.get(f.rule, "word/document.xml"))
    return replace(f, severity="warning", location=where)
