"""Optional lines without tags (可省略的段落): a one-field paragraph goes when its field is empty.

The rule staff read in the guide (docs/模板编写指南.md, 可省略的段落):

* a paragraph of the document body that holds exactly **one** field (``{{ 副标题 }}``,
  ``（{{ 附注 }}）``, ``{{ text }}`` in a loop) and no other tag is printed only when the
  field has a value: ``None``, an empty text and an empty list or mapping drop the whole
  paragraph, its fixed text (the brackets of ``（{{ 附注 }}）``) included, and so does a
  group on the field's path that is None (``{{ 署名和成文日期.成文日期 }}`` without one);
  ``0`` is a value;
* an empty paragraph (no text, no picture, no section break) directly above such a
  paragraph is its spacing line (the blank line above 主送, §7.3.1) and goes with it;
* a paragraph with two fields or more, with a control tag, or whose field is an
  expression (``{{ 份号 or '' }}``, ``{{ x|default('') }}``) is always printed: that is
  how a fixed line stays in place when it is empty (份号, 密级, 紧急程度, §7.2);
* paragraphs in table cells and text boxes are left alone (a cell needs a paragraph).

It is applied to the prepared source (:func:`doctemplates.render.tags.prepare`, one
paragraph per line) before compiling, by :func:`doctemplates.render.compiling.compile_source`,
so render and lint see the same guarded tree: lint does not ask for ``{% if %}`` around a
paragraph the rule guards, and render never prints ``None`` there.  The guard opens the
paragraph's own line and ``{% endif %}`` follows its ``</w:p>`` (a spacing line above
joins that line, leaving its own empty): no line moves, so errors name the paragraph
they happen in, and lint reports a misspelt field once.

>>> src = '<w:body>\\n<w:p><w:r><w:t>（{{ note }}）</w:t></w:r></w:p></w:body>'
>>> print(guard_optional(src))
<w:body>
{%- if note not in (none, '', [], {}) %}<w:p><w:r><w:t>（{{ note }}）</w:t></w:r></w:p>{% endif %}</w:body>
>>> guard_optional('<w:body>\\n<w:p><w:r><w:t>{{ a }}{{ b }}</w:t></w:r></w:p>').count('if')
0
"""

from __future__ import annotations

import re

from doctemplates.render.tags import TAG_RE

__all__ = ["guard_optional", "optional_field"]

# A plain field: a name, then ``.attribute`` or ``[0]`` steps (names may be Chinese).
_FIELD = re.compile(r"\{\{-?\s*([^\W\d]\w*(?:\.[^\W\d]\w*|\[\d+\])*)\s*-?\}\}")
_PARA_END = "</w:p>"
_EMPTY = "<w:p/>"
_OPENS = re.compile(r"<w:(?:tc|txbxContent)[ >]")
_CLOSES = re.compile(r"</w:(?:tc|txbxContent)>")
_VISIBLE = re.compile(r"<w:(?:t|drawing|pict|object|br|tab|sym|fldSimple|instrText)[ >/]")


def optional_field(paragraph: str) -> str | None:
    """The field of a one-field paragraph (``<w:p>…</w:p>``), or None when the rule skips it.

    >>> optional_field('<w:p><w:r><w:t>{{ 副标题 }}</w:t></w:r></w:p>')
    '副标题'
    >>> optional_field("<w:p><w:r><w:t>{{ 份号 or '' }}</w:t></w:r></w:p>") is None
    True
    """
    if "w:sectPr" in paragraph:
        return None
    found = TAG_RE.findall(paragraph)
    if len(found) != 1:
        return None
    match = _FIELD.fullmatch(found[0])
    return match.group(1) if match else None


def _value(field: str) -> str:
    """The field's value, None when a group on its path is None (``signature.date`` without
    a signature); a misspelt name still fails as it would when printed.

    >>> _value("a.b[0].c")
    '(a.b[0].c if a is not none and a.b is not none and a.b[0] is not none else none)'
    """
    steps = re.findall(r"\.[^\W\d]\w*|\[\d+\]", field)
    if not steps:
        return field
    head = field[: len(field) - sum(map(len, steps))]
    parents = [head + "".join(steps[:k]) for k in range(len(steps))]
    return f"({field} if {' and '.join(p + ' is not none' for p in parents)} else none)"


def _is_blank(line: str) -> bool:
    """An empty paragraph alone on its line: no text, no picture, nothing after it."""
    return (
        line.startswith("<w:p")
        and line.endswith(_PARA_END)
        and line.count(_PARA_END) == 1
        and "{" not in line
        and "w:sectPr" not in line
        and _VISIBLE.search(line) is None
    )


def guard_optional(source: str) -> str:
    """Wrap every one-field paragraph of a prepared document body in its guard."""
    if "<w:body" not in source:
        return source  # headers, footers, notes, properties: no rule
    lines = source.split("\n")
    depth = 0  # table cells and text boxes the scan is inside
    for index, line in enumerate(lines):
        inside, depth = depth, depth + len(_OPENS.findall(line)) - len(_CLOSES.findall(line))
        if inside or index == 0 or not (line.startswith("<w:p ") or line.startswith("<w:p>")):
            continue
        end = line.find(_PARA_END)
        if end < 0:
            continue  # the paragraph holds a text box or a table cell's paragraphs
        end += len(_PARA_END)
        field = optional_field(line[:end])
        if field is None:
            continue
        above = lines[index - 1]
        if index > 1 and _is_blank(above):
            # the spacing line joins this one; its own line stays, empty: no line moves
            end += len(above)
            line, lines[index - 1] = above + line, ""
        elif above.endswith(_EMPTY):  # ``<w:p/>`` is not split onto a line of its own
            end += len(_EMPTY)
            line, lines[index - 1] = _EMPTY + line, above[: -len(_EMPTY)]
        # ``{%-`` eats the line breaks before it (tags.prepare's layout, restored in output)
        guard = "{%- if " + _value(field) + " not in (none, '', [], {}) %}"
        lines[index] = guard + line[:end] + "{% endif %}" + line[end:]
    return "\n".join(lines)
