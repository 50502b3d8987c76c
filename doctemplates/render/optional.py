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
* the group rule (组规则): a paragraph whose every ``{{ }}`` is a plain field path and
  every name it reads — its fields and its inline ``{% if %}`` / ``{% for %}`` tags,
  loop variables of those inline loops excepted — lies under one group ``G``
  (``截至{{ 办复.截止日期 }}，已办复{{ 办复.已办复 }}件{% if 办复.在办 %}…{% endif %}``)
  is printed only when ``G`` has a value, as if ``G`` were its one field; ``G`` is the
  longest dotted path the names share that is above every one of them (``办复`` above;
  a paragraph that reads ``G`` itself, as in ``{% if p %}{{ p }}{% endif %}印发``,
  guards it by hand and is printed);
* a paragraph with an expression (``{{ 份号 or '' }}``, ``{{ x|default('') }}``), with
  fields of two groups (``{{ 年度 }}年，{{ 发文机关 }}……``), with another tag
  (``{% set %}``, a filter in a loop) or a tag the parser refuses is always printed:
  that is how a fixed line stays in place when it is empty (份号, 密级, 紧急程度, §7.2);
* tags in a paragraph's properties (``<w:pPr>``: a block's keep-with-next) are not
  fields: they decide how the paragraph looks, not whether it is printed;
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
from collections.abc import Iterator

import jinja2
from jinja2 import nodes

from doctemplates.render.tags import TAG_RE

__all__ = ["condition", "group_of", "guard_optional", "optional_field", "quiet_condition"]

# A plain field: a name, then ``.attribute`` or ``[0]`` steps (names may be Chinese).
_FIELD = re.compile(r"\{\{-?\s*([^\W\d]\w*(?:\.[^\W\d]\w*|\[\d+\])*)\s*-?\}\}")
_PARA_END = "</w:p>"
_EMPTY = "<w:p/>"
_OPENS = re.compile(r"<w:(?:tc|txbxContent)[ >]")
_CLOSES = re.compile(r"</w:(?:tc|txbxContent)>")
_VISIBLE = re.compile(r"<w:(?:t|drawing|pict|object|br|tab|sym|fldSimple|instrText)[ >/]")
_PPR = re.compile(r"<w:pPr>.*?</w:pPr>|<w:pPr .*?</w:pPr>", re.DOTALL)
#: Bounds of the group rule's parse (a paragraph beyond them is printed, as before the
#: rule): Jinja's parser recurses, so a stranger's paragraph is measured first.
MAX_GROUP_TAGS = 64
MAX_GROUP_SOURCE = 4000
_PARSER = jinja2.Environment(autoescape=False)  # parses only: nothing is compiled or run
_TEST_NODES = (nodes.Not, nodes.And, nodes.Or, nodes.Compare, nodes.Operand, nodes.Const)


def optional_field(paragraph: str) -> str | None:
    """The field of a one-field paragraph (``<w:p>…</w:p>``), or None when the rule skips it.

    >>> optional_field('<w:p><w:r><w:t>{{ 副标题 }}</w:t></w:r></w:p>')
    '副标题'
    >>> optional_field("<w:p><w:r><w:t>{{ 份号 or '' }}</w:t></w:r></w:p>") is None
    True
    """
    if "w:sectPr" in paragraph:
        return None
    found = TAG_RE.findall(_PPR.sub("", paragraph))
    if len(found) != 1:
        return None
    match = _FIELD.fullmatch(found[0])
    return match.group(1) if match else None


def group_of(paragraph: str) -> str | None:
    """The group of a paragraph under the group rule, or None when the rule skips it.

    >>> group_of('<w:p><w:r><w:t>已办复{{ 办复.已办复 }}件{% if 办复.在办 %}，'
    ...          '其余{{ 办复.在办 }}件{% endif %}</w:t></w:r></w:p>')
    '办复'
    >>> group_of('<w:p><w:r><w:t>{{ a.b.c }}{% for x in a.b.d %}{{ x }}{% endfor %}</w:t></w:r></w:p>')
    'a.b'
    >>> group_of("<w:p><w:r><w:t>{{ 年度 }}年{{ 发文机关 }}</w:t></w:r></w:p>") is None
    True
    >>> group_of("<w:p><w:r><w:t>{{ a.x }}{{ a.y or '' }}</w:t></w:r></w:p>") is None
    True
    >>> group_of("<w:p><w:r><w:t>{% if p %}{{ p }}{% endif %}印发</w:t></w:r></w:p>") is None
    True
    """
    if "w:sectPr" in paragraph:
        return None
    found = TAG_RE.findall(_PPR.sub("", paragraph))
    if len(found) > MAX_GROUP_TAGS or not any(t.startswith("{{") for t in found):
        return None
    source = "".join(t for t in found if not t.startswith("{#"))
    if len(source) > MAX_GROUP_SOURCE:
        return None
    try:
        tree = _PARSER.parse(source)
        paths = list(_reads(tree.body, frozenset()))
    except (jinja2.TemplateSyntaxError, RecursionError, _Unsupported):
        return None  # compiling reports a syntax error, located; the rule keeps the line
    if not paths:
        return None
    common = paths[0]
    for path in paths[1:]:
        size = 0
        while size < min(len(common), len(path)) and common[size] == path[size]:
            size += 1
        common = common[:size]
    # a group: dotted steps only, and strictly above every name read (a paragraph that
    # reads the group itself, ``{% if p %}{{ p }}{% endif %}印发``, guards it by hand)
    size = min(len(common), min(map(len, paths)) - 1)
    common = common[: next((k for k, s in enumerate(common[:size]) if s[0] == "["), size)]
    return ".".join(common) or None


class _Unsupported(Exception):
    """A tag the group rule does not read: the paragraph is printed."""


def _path(node: nodes.Node) -> tuple[str, ...] | None:
    """``a.b[0].c`` as ``("a", "b", "[0]", "c")``; None for anything but a field path."""
    steps: list[str] = []
    while True:
        if isinstance(node, nodes.Getattr):
            steps.append(node.attr)
            node = node.node
        elif isinstance(node, nodes.Getitem) and isinstance(node.arg, nodes.Const):
            if not isinstance(node.arg.value, int) or isinstance(node.arg.value, bool):
                return None
            steps.append(f"[{node.arg.value}]")
            node = node.node
        elif isinstance(node, nodes.Name):
            return (node.name, *reversed(steps))
        else:
            return None


def _reads(body: list[nodes.Node], loops: frozenset[str]) -> Iterator[tuple[str, ...]]:
    """The context paths a paragraph's tags read (names of its own loops left out);
    :class:`_Unsupported` for any tag but a plain field, ``if`` and ``for``."""
    for node in body:
        if isinstance(node, nodes.Output):
            for child in node.nodes:
                if isinstance(child, nodes.TemplateData):
                    continue
                path = _path(child)
                if path is None:
                    raise _Unsupported
                if path[0] not in loops:
                    yield path
        elif isinstance(node, nodes.If):
            for branch in (node, *node.elif_):
                yield from _test_reads(branch.test, loops)
                yield from _reads(branch.body, loops)
            yield from _reads(node.else_, loops)
        elif isinstance(node, nodes.For) and node.test is None and not node.recursive:
            path = _path(node.iter)
            target = node.target
            names = [target] if isinstance(target, nodes.Name) else target.find_all(nodes.Name)
            targets = [n.name for n in names]
            if path is None or not targets:
                raise _Unsupported
            if path[0] not in loops:
                yield path
            yield from _reads(node.body, loops | {*targets, "loop"})
            yield from _reads(node.else_, loops)
        else:
            raise _Unsupported


def _test_reads(test: nodes.Node, loops: frozenset[str]) -> Iterator[tuple[str, ...]]:
    """The paths an ``{% if %}`` test reads: fields, constants, comparisons, ``not`` /
    ``and`` / ``or`` and tests without arguments (``is none``)."""
    path = _path(test)
    if path is not None:
        if path[0] not in loops:
            yield path
    elif isinstance(test, nodes.Test) and not (test.args or test.kwargs):
        yield from _test_reads(test.node, loops)
    elif isinstance(test, _TEST_NODES):
        for child in test.iter_child_nodes():
            yield from _test_reads(child, loops)
    else:
        raise _Unsupported


def condition(paragraph: str) -> str | None:
    """The Jinja test under which a paragraph is printed (None: always printed): its one
    field, else its group (:func:`group_of`), has a value.

    >>> condition('<w:p><w:r><w:t>（{{ 附注 }}）</w:t></w:r></w:p>')
    "附注 not in (none, '', [], {})"
    """
    field = optional_field(paragraph) or group_of(paragraph)
    return None if field is None else f"{_value(field)} not in (none, '', [], {{}})"


def quiet_condition(paragraph: str) -> str | None:
    """:func:`condition` that is false, not an error, when a name on the path is undefined:
    for a test made *before* the paragraph is rendered (a keep-with-next that depends on
    which later paragraphs print), so a misspelt field fails in its own paragraph.

    >>> quiet_condition('<w:p><w:r><w:t>{{ a.b }}</w:t></w:r></w:p>')
    "(a is defined and a is not none and a.b is defined and a.b not in (none, '', [], {}))"
    """
    field = optional_field(paragraph) or group_of(paragraph)
    if field is None:
        return None
    steps = re.findall(r"\.[^\W\d]\w*|\[\d+\]", field)
    head = field[: len(field) - sum(map(len, steps))]
    parents = [head + "".join(steps[:k]) for k in range(len(steps))]
    checks = [f"{p} is defined and {p} is not none" for p in parents]
    checks.append(f"{field} is defined and {field} not in (none, '', [], {{}})")
    return "(" + " and ".join(checks) + ")"


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
        test = condition(line[:end])
        if test is None:
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
        guard = "{%- if " + test + " %}"
        lines[index] = guard + line[:end] + "{% endif %}" + line[end:]
    return "\n".join(lines)
