"""Block placeholders: ``{{p 正文 }}`` expanded when a template is compiled.  块占位符。

A paragraph whose whole text is ``{{p 名称 }}`` (docxtpl's paragraph tag with a
bare name, Chinese or English) stands for a whole block of paragraphs — the
numbered body, the 署名 block, the 版记 … — that an *expander* supplies.  The
block is spliced into the part's prepared Jinja source before it is compiled,
so it is compiled once with the template (and cached with it); rendering then
costs what the loops written out in the template cost.

``render`` knows nothing of 公文: expanders are registered from above, through
the ``doctemplates.placeholders`` entry points (each names a mapping
``name → expander``), or with :func:`register`.  An expander takes no argument
and returns WordprocessingML body elements as text (``w:`` prefix, no namespace
declarations), control paragraphs (``{%p %}``, ``{%tr %}``) included, whose
style references (``w:pStyle``, ``w:rStyle``, ``w:tblStyle``) hold style *names*.
Each name becomes the id the template's own ``styles.xml`` gives that name —
office suites rename ids (LibreOffice saves 一级标题 as ``Style25``) but keep
names — so restyling 一级标题 in the template restyles every expanded heading.  A
name the template lacks stays as written (an id of the template, or Normal).
The placeholder paragraph's own properties are dropped: it is a marker, its look
is the block's.

Inside an expansion every promise of the renderer holds: the block is compiled
by the same sandboxed, bounded environment, its values escaped like any other.
The whole block sits on one source line opened by a comment naming the
placeholder, so an error inside it is located at ``{{p 正文 }}``
(:func:`doctemplates.render.tags.paragraph_text`).

Paragraph groups worded in the template (``{{p 段落组 名称 }}`` … ``{{p 段落组结束 }}``,
:mod:`.groups`) are cut out of the part first and spliced into the slots the expanded
blocks mark; their paragraphs keep lines of their own (errors name them).

A bare name no expander knows is refused with a suggestion when it is close to
a known one or written in Chinese (``{{p 正问 }}`` → 是否应为 正文？); other
English names keep docxtpl's meaning (``{{p var }}`` prints ``var``'s XML).

>>> register({"示例块": lambda: "<w:p><w:r><w:t>甲</w:t></w:r></w:p>"})
>>> src = '<w:body>\\n<w:p><w:r><w:t>前</w:t></w:r></w:p>{{ 示例块 }}</w:body>'
>>> print(expand(src, "word/document.xml"))
<w:body>
<w:p><w:r><w:t>前</w:t></w:r></w:p>
{#- {{p 示例块 }} #}<w:p><w:r><w:t>甲</w:t></w:r></w:p></w:body>
"""

from __future__ import annotations

import functools
import hashlib
import importlib.util
import os
import re
import sys
import threading
import warnings
from collections.abc import Callable, Mapping
from importlib import metadata
from pathlib import Path

from lxml import etree

from doctemplates.errors import TemplateLimitError, TemplateSyntaxError
from doctemplates.render import groups as paragraph_groups
from doctemplates.render import tags
from doctemplates.render.findings import closest
from doctemplates.render.optional import guard_optional
from doctemplates.render.partscan import parse_xml

__all__ = [
    "GROUP",
    "STYLES_PART",
    "Expander",
    "expand",
    "fingerprint",
    "known_names",
    "register",
    "style_ids",
]

#: Entry-point group naming mappings of expanders.
GROUP = "doctemplates.placeholders"

#: The part whose style names give expanded blocks their style ids.
STYLES_PART = "word/styles.xml"

#: Returns the block's WordprocessingML (body elements, ``w:`` prefix, docxtpl tags).
Expander = Callable[[], str]

_BODY = "<w:body>\n"  # the optional-line rule reads a document body, one paragraph a line
_REGISTERED: dict[str, Expander] = {}
_PREPARED: dict[str, str] = {}  # name → the block's prepared, one-line Jinja source
_LOCK = threading.Lock()

# Container tags (a placeholder stands where a paragraph may) and docxtpl's rewritten
# ``{{p name }}``: ``{{ name }}`` outside every paragraph.
_SCAN = re.compile(
    r"<(?P<close>/?)w:(?P<tag>p|tbl|tr|tc)(?=[\s>/])(?P<attrs>[^>]*)>"
    r"|\{\{\s*(?P<name>[^\W\d]\w*)\s*\}\}"
)
_STYLE_REF = re.compile(r'(<w:(?:pStyle|rStyle|tblStyle) w:val=")([^"]*)(")')
_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
#: Placeholders expanded in one part at most: each is a whole block of source (kilobytes),
#: so a stranger's template of placeholders only must not grow without bound when compiled.
MAX_EXPANSIONS = 200
#: Opens the source line of an expansion; ``{#-`` also takes the line break out.
MARK = "{{#- {{{{p {name} }}}} #}}"


def register(expanders: Mapping[str, Expander]) -> None:
    """Add expanders (``name → expander``); a later registration of a name wins."""
    with _LOCK:
        _REGISTERED.update(expanders)
        for name in expanders:
            _PREPARED.pop(name, None)


@functools.cache
def _installed() -> dict[str, Expander]:
    """The expanders named by the ``doctemplates.placeholders`` entry points."""
    found: dict[str, Expander] = {}
    for entry in sorted(metadata.entry_points(group=GROUP), key=lambda e: e.name):
        try:
            mapping = entry.load()
        except Exception as exc:  # a broken plug-in must not hide the others
            warnings.warn(f"块占位符 {entry.name} 无法加载（{entry.value}）：{exc}", stacklevel=2)
            continue
        if isinstance(mapping, Mapping):
            found.update({str(k): v for k, v in mapping.items() if callable(v)})
    return found


def _expanders() -> dict[str, Expander]:
    return {**_installed(), **_REGISTERED}


@functools.cache
def _installed_sources() -> tuple[str, ...]:
    """The source files expansions may depend on: every ``.py`` of the top-level
    packages that provide ``doctemplates.placeholders`` entry points (an expander
    builds its block with the layout code of its package), by path, size and mtime.

    Found without importing the expanders (importing and calling them all costs
    about half a second, which the compiled-template cache exists to save).
    """
    roots: set[Path] = set()
    for entry in metadata.entry_points(group=GROUP):
        spec = importlib.util.find_spec(entry.module.partition(".")[0])
        if spec is not None and spec.origin:
            roots.add(Path(spec.origin).parent)
    out: list[str] = []
    for root in sorted(roots):
        for folder, _, names in os.walk(root):
            for file in sorted(n for n in names if n.endswith(".py")):
                stat = os.stat(os.path.join(folder, file))
                out.append(f"{folder}/{file}:{stat.st_size}:{stat.st_mtime_ns}")
    return tuple(sorted(out))


def fingerprint() -> str:
    """What an expansion depends on besides the template, for the compiled-template
    cache's key (:mod:`.partcache`): the installed expanders' package sources and the
    expanders registered in this process (name, function, its module's file)."""
    with _LOCK:
        registered = dict(_REGISTERED)
    pieces = list(_installed_sources())
    for name, expander in sorted(registered.items()):
        module = sys.modules.get(getattr(expander, "__module__", "") or "")
        file = getattr(module, "__file__", None) or ""
        stat = f"{os.stat(file).st_size}:{os.stat(file).st_mtime_ns}" if file else ""
        # the object: re-registering a name in this process misses (entries of a runtime
        # registration are in effect per process; the installed expanders key by source)
        pieces.append(f"{name}={id(expander)}@{file}:{stat}")
    return hashlib.sha256("\n".join(pieces).encode("utf-8", "surrogatepass")).hexdigest()


def known_names() -> list[str]:
    """Every placeholder name an expander knows.  已知的块占位符名称。"""
    return sorted(_expanders())


def _prepared(name: str, expander: Expander) -> str:
    with _LOCK:
        text = _PREPARED.get(name)
    if text is None:
        # docxtpl's tag repair (one paragraph a line), the optional-line rule on the
        # block's own paragraphs as on a template's (.optional: a one-field paragraph
        # goes when its field is empty), then back on one line: one source line a block
        text = guard_optional(_BODY + tags.restore(tags.prepare(expander())))
        text = text[len(_BODY) :].replace("\n", "")
        with _LOCK:
            _PREPARED[name] = text
    return text


def style_ids(styles_xml: bytes | None) -> dict[str, str]:
    """Style name → style id in a ``styles.xml`` part (empty when there is none).

    >>> xml = ('<w:styles xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
    ...        '<w:style w:styleId="Style25"><w:name w:val="一级标题"/></w:style></w:styles>')
    >>> style_ids(xml.encode())
    {'一级标题': 'Style25'}
    """
    if not styles_xml:
        return {}
    try:
        root = parse_xml(styles_xml)
    except etree.XMLSyntaxError:
        return {}  # the package checks report a broken part; names then stay as written
    found: dict[str, str] = {}
    for style in root.iter(f"{_W}style"):
        name, sid = style.find(f"{_W}name"), style.get(f"{_W}styleId")
        if name is not None and sid and (value := name.get(f"{_W}val")):
            found.setdefault(value, sid)
    return found


def expand(source: str, part: str, styles_xml: bytes | None = None) -> str:
    """``source`` (a prepared Word part) with every block placeholder expanded.

    ``styles_xml``: the template's ``styles.xml``, which gives the style names of the
    expanded paragraphs their ids in this template.
    """
    if "{{" not in source:
        return source
    source, groups = paragraph_groups.cut(source, part)
    expanders: dict[str, Expander] | None = None
    ids: dict[str, str] | None = None
    out: list[str] = []
    last = 0
    stack: list[str] = []
    for match in _SCAN.finditer(source):
        name = match.group("name")
        if name is None:
            tag = match.group("tag")
            if match.group("close"):
                if tag in stack:
                    del stack[len(stack) - 1 - stack[::-1].index(tag) :]
            elif not match.group("attrs").endswith("/"):
                stack.append(tag)
            continue
        if stack and stack[-1] != "tc":
            continue  # inside a paragraph (a field) or between rows and cells ({{tr }})
        expanders = _expanders() if expanders is None else expanders
        expander = expanders.get(name)
        if expander is None:
            _refuse_unknown(name, part, expanders)
            continue
        if len(out) >= 4 * MAX_EXPANSIONS:  # four pieces per expansion
            tag = f"{{{{p {name} }}}}"
            raise TemplateLimitError(
                f"模板超过沙箱的资源上限：一个部件中的块占位符超过 {MAX_EXPANSIONS} 个",
                part=part,
                paragraph=tag,
                tag=tag,
            )
        ids = style_ids(styles_xml) if ids is None else ids
        out += [source[last : match.start()], "\n", MARK.format(name=name)]
        block = _restyled(_prepared(name, expander), ids)
        out.append(paragraph_groups.fill(block, groups, MARK.format(name=name), part))
        last = match.end()
    paragraph_groups.unused(groups, part)
    return "".join(out) + source[last:] if out else source


def _restyled(block: str, ids: Mapping[str, str]) -> str:
    """Style names in ``block`` → the template's ids for them."""
    return _STYLE_REF.sub(
        lambda m: m.group(1) + ids.get(m.group(2), m.group(2)) + m.group(3), block
    )


def _refuse_unknown(name: str, part: str, expanders: Mapping[str, Expander]) -> None:
    close = closest(name, expanders)
    if close is None and name.isascii():
        return  # docxtpl's {{p var }}: prints the variable's XML in place of the paragraph
    tag = f"{{{{p {name} }}}}"
    hint = f"，是否应为 {close}？" if close else f"（可用：{'、'.join(sorted(expanders))}）"
    raise TemplateSyntaxError(f"未知的块占位符 {tag}{hint}", part=part, paragraph=tag, tag=tag)
