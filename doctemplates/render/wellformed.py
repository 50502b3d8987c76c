"""Prove at load time that a part always renders to safe, well-formed XML.  加载时证明渲染结果合法。

A rendered part is the template's static text (the ``TemplateData`` of the
parse tree) with printed values between.  A printed value is escaped text
(:mod:`.values`: no ``<``, ``&`` only as ``&amp;``, no character XML cannot
hold); a newline or tab in it becomes ``</w:t><w:br/><w:t xml:space="preserve">``,
which is balanced where the innermost open element is ``w:t``.  Raw XML
(``Markup``, RichText, pictures, macro output) is flagged while rendering and
then always parsed and scanned.  So whether *every* render of a part is well
formed, and whether data can reach markup, depends only on the template: it is
decided once, here, instead of parsing every rendered part (a third of the
render time of a large document).  The part is proven when

1. every printed value lies in element content inside the root element, or
   is a number by construction (``|int``, ``|length``, numeric constants,
   arithmetic on those) in a double-quoted ``w:`` attribute of a ``w:``
   element (never ``w:instr``): no value can reach a tag, a reference, a
   comment, a field, a relationship id or a link.  A text value in Word
   content outside a ``w:t`` (a block printed between paragraphs) is well
   formed only without a line break: :attr:`Proof.loose` says so, and the
   renderer parses the part when a value had one;
2. every body that may be skipped or repeated (``if``/``elif``/``else``,
   ``for`` and its ``else``) is *neutral*: it closes some open elements and
   opens the same names again — never the root, never an element that
   declares a namespace — so leaving it out or repeating it keeps the element
   structure (names, nesting, namespace scope) of the linearised part; a body
   may also sit between ``<!--`` and ``-->`` if it starts by closing that
   comment and ends by opening another (the builder's idiom);
3. the linearised part (every body once, ``0`` for every value) parses, has
   no DTD and keeps the root element; and
4. no static text after a value or a body starts with ``>`` or ``]>`` (which
   could complete a ``]]>`` in text).

Template text is what the parse tree says, with two readings the code
generator shares (:func:`constant_markup`, :func:`never_rendered`): ``{{ "-->"|safe }}``
of punctuation-only constants is text, and the body of ``{% if false %}`` is
never output.  Anything else — macros called as blocks, ``{% filter %}``,
``{% block %}``, ``{% autoescape %}``, includes — is not proven, and the part
is parsed after every render as before.  Hand-written (not a library): no XML
tool reasons about the Jinja control flow around the markup.

>>> from jinja2 import Environment
>>> head = '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>'
>>> def proof(body):
...     return analyse(Environment().parse(head + body + "</w:body></w:document>"))
>>> proof('{% for p in ps %}<w:p><w:r><w:t>{{ p }}</w:t></w:r></w:p>{% endfor %}')
Proof(loose=False)
>>> proof('<w:p><w:r><w:t>a{% if x %}</w:t></w:r></w:p><w:p><w:r><w:t>{% endif %}b</w:t></w:r></w:p>')
Proof(loose=False)
>>> proof('<w:p><w:pPr><w:spacing w:line="{{ (n * 20)|round|int }}"/></w:pPr></w:p>')
Proof(loose=False)
>>> proof('{% for p in ps %}{{ p.block }}{% endfor %}')
Proof(loose=True)
>>> proof('<w:p>{% if x %}<w:r><w:t>{% endif %}b</w:t></w:r></w:p>') is None
True
>>> proof('<w:p><w:pPr><w:pStyle w:val="{{ style }}"/></w:pPr></w:p>') is None
True
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from jinja2 import nodes
from lxml import etree

from doctemplates.render.partscan import SAFE_PARSER, has_doctype

__all__ = ["Proof", "analyse", "constant_markup", "is_number", "never_rendered"]

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_TEXT, _NUMBER = "\x00", "\x01"  # where a value is printed (never in XML text: invalid there)
_SENTINELS = re.compile("[\x00\x01]")
# Markup in element content, matched where a "<" or "&" (or a value) starts; each must
# be complete in the text between two bodies.  (Scanning from each "<" to its end keeps
# this linear in the size of the template.)
_START = re.compile(
    r"<(?P<name>[^\s<>/!?\x00\x01]+)(?P<attrs>(?:\s+[^\s=<>/]+\s*=\s*(?:\"[^\"<]*\"|'[^'<]*'))*)"
    r"\s*(?P<empty>/?)>"
)
_ATTRIBUTE = re.compile(r"\s+([^\s=<>/]+)\s*=\s*(?:\"([^\"<]*)\"|'([^'<]*)')")
_END = re.compile(r"</([^\s<>/\x00\x01]+)\s*>")
_REFERENCE = re.compile(r"&(?:[A-Za-z_][\w.-]*|#[0-9]+|#x[0-9A-Fa-f]+);")
_MARKUP = re.compile("[<&\x00\x01]")
_CLOSERS = (("<!--", "-->"), ("<![CDATA[", "]]>"), ("<?", "?>"))
#: Characters of the constant markup the builder prints to open and close comments.
_COMMENT_PUNCTUATION = frozenset("-<!>")
_NUMERIC_FILTERS = frozenset({"int", "float", "length", "count"})
_ARITHMETIC = (nodes.Add, nodes.Sub, nodes.Mul, nodes.Div, nodes.FloorDiv, nodes.Mod)


class _NotProven(Exception):
    """The part may render to malformed XML for some data (or we cannot tell)."""


@dataclass(frozen=True)
class Proof:
    """A part that renders to well-formed XML with data only in text.  证明结果。"""

    loose: bool  # a text value sits in Word content outside w:t: safe only without line breaks


@dataclass
class _Open:
    """An open element: its qualified name and the namespaces its start tag declares."""

    name: str
    decls: dict[str, str] = field(default_factory=dict)


@dataclass
class _State:
    word: bool
    stack: list[_Open] = field(default_factory=list)
    low: int = 0  # the lowest stack depth reached in the current body
    pending: list[str] = field(default_factory=list)  # text since the last body boundary
    pieces: list[str] = field(default_factory=list)  # the linearised part
    boundary: bool = False  # the pending text follows a body
    loose: bool = False  # a text value outside w:t (Word parts)
    in_comment: bool = False  # the last text ended by opening a comment ("<!--")

    # -- collecting ------------------------------------------------------------------------
    def value(self, node: nodes.Expr) -> None:
        self.pending.append(_NUMBER if is_number(node) else _TEXT)

    def flush(self) -> None:
        """Tokenise the text since the last body boundary (it must end in content)."""
        text = "".join(self.pending)
        self.pending.clear()
        if text:
            self._tokens(text)
            self.pieces.append(_SENTINELS.sub("0", text))
            self.boundary = False

    # -- tokens --------------------------------------------------------------------------
    def _tokens(self, text: str) -> None:
        position = 0
        if self.in_comment:
            if not text.startswith("-->"):
                raise _NotProven("a body inside a comment that it does not close")
            position, self.in_comment = 3, False
        elif self.boundary:
            self._after_boundary(text, 0)
        while (found := _MARKUP.search(text, position)) is not None:
            position = self._token(text, found.start())

    @staticmethod
    def _after_boundary(text: str, at: int) -> None:
        if text.startswith((">", "]>"), at):
            raise _NotProven("']]>' could form across a value or a body")

    def _token(self, text: str, at: int) -> int:
        """Consume the markup, reference or value at ``at``; the position after it."""
        char = text[at]
        if char in (_TEXT, _NUMBER):
            self._value_in_content(char == _NUMBER)
            self._after_boundary(text, at + 1)
            return at + 1
        for opener, closer in _CLOSERS:
            if text.startswith(opener, at):
                end = text.find(closer, at + len(opener))
                if end < 0 and opener == "<!--" and at + 4 == len(text):
                    self.in_comment = True  # closed by the text after the next body
                    return len(text)
                if end < 0 or _SENTINELS.search(text, at, end):
                    raise _NotProven("a comment, CDATA or instruction cut by a tag")
                return end + len(closer)
        if text.startswith("</", at):
            end_tag = _END.match(text, at)
            if end_tag is None or not self.stack or self.stack[-1].name != end_tag.group(1):
                raise _NotProven("an end tag without its start")
            self.stack.pop()
            self.low = min(self.low, len(self.stack))
            return end_tag.end()
        if char == "<":
            return self._start_tag(text, at)
        reference = _REFERENCE.match(text, at)
        if reference is None:
            raise _NotProven("a reference cut by a tag")
        return reference.end()

    def _start_tag(self, text: str, at: int) -> int:
        start = _START.match(text, at)
        if start is None:
            raise _NotProven("a tag cut by a template tag, or a declaration")
        name, attributes = start.group("name"), _ATTRIBUTE.findall(start.group("attrs"))
        element = _Open(name, {_declared(a): v or w for a, v, w in attributes if _declares(a)})
        for attribute, double, single in attributes:
            if _SENTINELS.search(attribute) or _SENTINELS.search(single):
                raise _NotProven("a value in an attribute name or a single-quoted value")
            if _SENTINELS.search(double) and not self._harmless(element, attribute, double):
                raise _NotProven("a value in an attribute that could reach outside")
        if not start.group("empty"):
            self.stack.append(element)
        return start.end()

    def _harmless(self, element: _Open, attribute: str, value: str) -> bool:
        """Only numbers, in a ``w:`` attribute of a ``w:`` element (not a field instruction)."""
        if _TEXT in value or attribute.partition(":")[2] == "instr":
            return False
        return self._namespace(element.name, element) == W == self._namespace(attribute, element)

    def _value_in_content(self, number: bool) -> None:
        if not self.stack:
            raise _NotProven("a value outside the root element")
        top = self.stack[-1]
        if self.word and not number and not (top.name == "w:t" and self._namespace("w:t") == W):
            self.loose = True  # a line break there would not be balanced

    def _namespace(self, qname: str, element: _Open | None = None) -> str | None:
        prefix = qname.partition(":")[0] if ":" in qname else ""
        if not prefix and element is not None and qname != element.name:
            return None  # an attribute without a prefix has no namespace
        for scope in ([element] if element else []) + self.stack[::-1]:
            if prefix in scope.decls:
                return scope.decls[prefix]
        return None


def _declares(attribute: str) -> bool:
    return attribute == "xmlns" or attribute.startswith("xmlns:")


def _declared(attribute: str) -> str:
    return attribute.partition(":")[2]


def is_number(node: nodes.Node) -> bool:
    """Whether the expression can only print a number (``|int``, ``|length``, arithmetic…).

    >>> from jinja2 import Environment
    >>> def number(source):
    ...     return is_number(Environment().parse("{{ %s }}" % source).body[0].nodes[0])
    >>> number("(a * 20)|round|int"), number("1 if x else 0"), number("a|int('x')"), number("a + b")
    (True, True, False, False)
    """
    if isinstance(node, nodes.Const):
        return type(node.value) in (int, float)
    if isinstance(node, nodes.Filter):
        return node.name in _NUMERIC_FILTERS and not (
            node.args or node.kwargs or node.dyn_args or node.dyn_kwargs
        )
    if isinstance(node, nodes.CondExpr):
        return node.expr2 is not None and is_number(node.expr1) and is_number(node.expr2)
    if isinstance(node, (nodes.Neg, nodes.Pos)):
        return is_number(node.node)
    if isinstance(node, _ARITHMETIC):
        return is_number(node.left) and is_number(node.right)
    return False


def constant_markup(node: nodes.Node) -> str | None:
    """The text of ``{{ ("-"~"->")|safe }}``: ``|safe`` of constant punctuation, or None.

    The builder opens and closes comments this way (a template shows Word its
    default and hides the tag that replaces it); such a tag is template text.

    >>> from jinja2 import Environment
    >>> def markup(source):
    ...     return constant_markup(Environment().parse("{{ %s }}" % source).body[0].nodes[0])
    >>> markup('("-"~"->")|safe'), markup('"<w:br/>"|safe'), markup('x|safe')
    ('-->', None, None)
    """
    if not (
        isinstance(node, nodes.Filter)
        and node.name == "safe"
        and not (node.args or node.kwargs or node.dyn_args or node.dyn_kwargs)
    ):
        return None
    text = _constant_text(node.node)
    if text is None or len(text) > 8 or not set(text) <= _COMMENT_PUNCTUATION:
        return None
    return text


def _constant_text(node: nodes.Node | None) -> str | None:
    if isinstance(node, nodes.Const) and isinstance(node.value, str):
        return node.value
    if isinstance(node, nodes.Concat) and len(node.nodes) <= 8:
        texts = [_constant_text(n) for n in node.nodes]
        return None if None in texts else "".join(t for t in texts if t is not None)
    return None


def never_rendered(node: nodes.If) -> bool:
    """``{% if false %}``: a constant false test (its body is never output)."""
    return isinstance(node.test, nodes.Const) and not node.test.value


def analyse(tree: nodes.Template, *, word: bool = True, root: str | None = None) -> Proof | None:
    """The proof that every render of ``tree`` without raw XML is well formed and keeps
    data in text, or None.

    ``word``: printed newlines become ``<w:br/>`` (WordprocessingML parts);
    ``root``: the Clark name the root element must keep (``{ns}document``).
    """
    state = _State(word)
    try:
        _statements(tree.body, state)
        state.flush()
        if state.stack or state.in_comment:
            raise _NotProven("elements left open")
        parsed = etree.fromstring("".join(state.pieces).encode("utf-8"), parser=SAFE_PARSER)
    except (_NotProven, etree.XMLSyntaxError, ValueError):
        return None
    if has_doctype(parsed):
        return None
    return Proof(state.loose) if root is None or parsed.tag == root else None


def _statements(body: list[nodes.Node], state: _State) -> None:
    for node in body:
        if isinstance(node, nodes.Output):
            for child in node.nodes:
                if isinstance(child, nodes.TemplateData):
                    state.pending.append(child.data)
                elif (text := constant_markup(child)) is not None:
                    state.pending.append(text)
                else:
                    state.value(child)
        elif isinstance(node, nodes.If):
            bodies = [e.body for e in node.elif_] + [node.else_]
            if not never_rendered(node):
                bodies.insert(0, node.body)
            for branch in bodies:
                _neutral(branch, state)
        elif isinstance(node, nodes.For):
            _neutral(node.body, state)
            _neutral(node.else_, state)
        elif isinstance(node, nodes.With):
            _statements(node.body, state)
        elif not isinstance(node, (nodes.Assign, nodes.Macro, nodes.AssignBlock)):
            # (an assignment, a macro definition or a capture outputs nothing here;
            # a macro's or a capture's XML is raw when printed)
            raise _NotProven(f"{type(node).__name__} is not analysed")


def _neutral(body: list[nodes.Node], state: _State) -> None:
    """Run ``body``; it must leave the element structure as it found it."""
    if not body:
        return
    state.flush()
    before, comment = list(state.stack), state.in_comment
    outer_low, state.low = state.low, len(before)
    state.boundary = True
    _statements(body, state)
    state.flush()
    low, after = state.low, state.stack
    if len(after) != len(before) or low < 1 or state.in_comment != comment:
        raise _NotProven("a body that does not close what it opens")
    for old, new in zip(before[low:], after[low:], strict=True):
        if old.name != new.name or old.decls or new.decls:
            raise _NotProven("a body that reopens other elements")
    state.stack, state.low = before, min(outer_low, low)
    state.boundary = True
