"""Paragraph groups worded in the template (段落组), printed where a block says.  段落组。

Staff write a group as plain paragraphs between two marker paragraphs::

    {{p 段落组 办理情况 }}
    2026年，{{ 发文机关 }}共承办政协提案{{ 承办总数 }}件。
    截至{{ 办复.截止日期 }}，已办复{{ 办复.已办复 }}件。
    {{p 段落组结束 }}

(English: ``{{p group 名称 }}`` … ``{{p endgroup }}``).  When the template is compiled
the group is cut out of its part, and an expanded block placeholder that marks a *slot*
for groups (:func:`slot`: the 正文 block marks one where a body item names a group)
gets every group of the part there, each behind a test of the slot's selector
(``item.text == "办理情况"``).  The renderer knows nothing of what a group means: the
block says where groups go and how their name is selected; the data says which.

* A group's paragraphs keep their own source lines, so an error inside one names that
  paragraph, and the optional-line rule (:mod:`.optional`) guards each of them as in
  the template's own body.
* The slot's *keep* test (the 正文 block: ``loop.last``, the body's last item) gives
  the last printed paragraph of the group Word's keep-with-next, so a group that ends
  the body stays with the 署名 after it (GB/T 9704 §7.3.5.5).  A paragraph the staff
  already set to keep with next is left as it is.
* A group no slot of its part prints, a group defined twice, a group inside another,
  a marker without its pair, or a marker inside a paragraph or a table is refused,
  naming the group (lint and render compile alike, so both refuse it).
* A body item naming no group prints nothing.

>>> src = ('<w:body>\\n<w:p/>{{ 段落组 甲 }}\\n<w:p><w:r><w:t>{{ a.b }}</w:t></w:r></w:p>'
...        '{{ 段落组结束 }}{# 段落组位置 item.text loop.last #}</w:body>')
>>> rest, found = cut(src, "word/document.xml")
>>> rest
'<w:body>\\n<w:p/>{# 段落组位置 item.text loop.last #}</w:body>'
>>> print(fill(rest, found, "{#- {{p 正文 }} #}", "word/document.xml"))
<w:body>
<w:p/>{% if item.text == "甲" %}{# 段落组 甲 #}
<w:p><w:pPr><w:keepNext w:val="{{ 1 if (loop.last) else 0 }}"/></w:pPr><w:r><w:t>{{ a.b }}</w:t></w:r></w:p>
{#- {{p 正文 }} #}{% endif %}</w:body>
"""

from __future__ import annotations

import re
from collections.abc import Collection
from dataclasses import dataclass, field

from doctemplates.errors import TemplateLimitError, TemplateSyntaxError
from doctemplates.render.findings import closest
from doctemplates.render.optional import quiet_condition

__all__ = [
    "MAX_SPLICED",
    "Group",
    "cut",
    "defined",
    "fill",
    "printed",
    "slot",
    "unknown_message",
    "unused",
]

#: Characters of group source spliced into one part at most (a group is copied into
#: every slot: a stranger's template must not grow without bound when compiled).
MAX_SPLICED = 4_000_000

_NAME = r"[^\W\d]\w*"
_SCAN = re.compile(
    r"<(?P<close>/?)w:(?P<tag>p|tbl|tr|tc|txbxContent)(?=[\s>/])(?P<attrs>[^>]*)>"
    rf"|\{{\{{\s*(?:段落组|group)\s+(?P<open>{_NAME})\s*\}}\}}"
    r"|\{\{\s*(?P<end>段落组结束|endgroup)\s*\}\}"
)
_SLOT = re.compile(r"\{#\s*段落组位置\s+(?P<select>[\w.]+)\s+(?P<keep>[\w.]+)\s*#\}")
_PRINTED = re.compile(r"\{# 段落组 (" + _NAME + r") #\}")  # what fill() writes at each group
_PARA_HEAD = re.compile(r"<w:p(?:\s[^>]*)?>")
_STYLE = re.compile(r"<w:pStyle\s[^>]*/>")


def slot(select: str, keep: str) -> str:
    """The paragraph text a block writes where the part's groups go (a docxtpl comment,
    removed with its paragraph): each group is printed when ``select`` equals its name,
    its last printed paragraph keeps with the next one when ``keep`` holds.

    >>> slot("item.text", "loop.last")
    '{#p 段落组位置 item.text loop.last #}'
    """
    return f"{{#p 段落组位置 {select} {keep} #}}"


@dataclass
class Group:
    """One group: its name, its source (paragraphs, one a line) and whether a slot took it."""

    name: str
    source: str
    used: bool = field(default=False)

    @property
    def tag(self) -> str:
        return f"{{{{p 段落组 {self.name} }}}}"


def _refuse(message: str, part: str, tag: str) -> TemplateSyntaxError:
    return TemplateSyntaxError(message, part=part, paragraph=tag, tag=tag)


def cut(source: str, part: str) -> tuple[str, dict[str, Group]]:
    """``source`` without its groups, and the groups by name (in the template's order)."""
    if "段落组" not in source and "group" not in source:
        return source, {}
    groups: dict[str, Group] = {}
    out: list[str] = []
    last, depth, opened = 0, 0, None
    for match in _SCAN.finditer(source):
        if match.group("tag"):
            if match.group("close"):
                depth -= 1
            elif not match.group("attrs").endswith("/"):
                depth += 1
            continue
        name = match.group("open")
        tag = f"{{{{p 段落组 {name} }}}}" if name else "{{p 段落组结束 }}"
        if depth:
            raise _refuse(f"{tag} 须单独成段，不能放在段落或表格中", part, tag)
        if name is None:
            if opened is None:
                raise _refuse(f"{tag} 前面没有 {{{{p 段落组 名称 }}}}", part, tag)
            text = source[opened.end() : match.start()]
            if not _balanced(text):
                tag = f"{{{{p 段落组 {opened.group('open')} }}}}"
                raise _refuse(
                    f"{tag} 与 {{{{p 段落组结束 }}}} 须在同一层（不能一个在内容控件中、一个在外）",
                    part,
                    tag,
                )
            groups[opened.group("open")] = Group(opened.group("open"), text)
            out.append(source[last : opened.start()])
            last, opened = match.end(), None
        elif opened is not None:
            raise _refuse(f"段落组不能嵌套：{tag} 在段落组 {opened.group('open')} 之中", part, tag)
        elif name in groups:
            raise _refuse(f"段落组 {name} 定义了两次", part, tag)
        else:
            opened = match
    if opened is not None:
        tag = f"{{{{p 段落组 {opened.group('open')} }}}}"
        raise _refuse(f"{tag} 后面缺少 {{{{p 段落组结束 }}}}", part, tag)
    return ("".join(out) + source[last:] if groups else source), groups


_ELEMENT = re.compile(r"<(/?)([\w:.-]+)[^>]*?(/?)>")


def _balanced(text: str) -> bool:
    """Whether ``text`` is whole elements (what the cut takes out leaves the part whole).

    >>> _balanced("<w:p><w:r/></w:p>"), _balanced("</w:sdtContent></w:sdt><w:p/>")
    (True, False)
    """
    depth = 0
    for match in _ELEMENT.finditer(text):
        if match.group(3):
            continue
        depth += -1 if match.group(1) else 1
        if depth < 0:
            return False
    return depth == 0


def fill(block: str, groups: dict[str, Group], mark: str, part: str) -> str:
    """``block`` (an expanded placeholder's one-line source) with its slots filled by
    ``groups``; ``mark`` reopens the block's line after a group (errors there name the
    placeholder)."""
    if "段落组位置" not in block:
        return block
    spliced = 0

    def filled(match: re.Match[str]) -> str:
        nonlocal spliced
        pieces: list[str] = []
        for name, group in groups.items():
            group.used = True
            keyword = "elif" if pieces else "if"
            pieces += [
                f'{{% {keyword} {match.group("select")} == "{name}" %}}{{# 段落组 {name} #}}'
            ]
            pieces += [_kept(group.source, match.group("keep")), "\n" + mark]
            spliced += len(group.source)
        if spliced > MAX_SPLICED:
            tag = next(iter(groups.values())).tag
            raise TemplateLimitError(
                f"模板超过沙箱的资源上限：段落组展开后超过 {MAX_SPLICED} 个字符",
                part=part,
                paragraph=tag,
                tag=tag,
            )
        return "".join(pieces) + "{% endif %}" if pieces else ""

    return _SLOT.sub(filled, block)


def unused(groups: dict[str, Group], part: str) -> None:
    """Refuse a group no slot printed (its paragraphs would silently vanish)."""
    for group in groups.values():
        if not group.used:
            raise _refuse(
                f"段落组 {group.name} 没有印出的位置：本部分没有可放段落组的块占位符"
                "（如 {{p 正文 }}）",
                part,
                group.tag,
            )


def _kept(source: str, keep: str) -> str:
    """The group's lines, the last printed paragraph keeping with the next when ``keep``."""
    lines = source.split("\n")
    paragraphs = [
        (k, quiet_condition(line[: line.find("</w:p>") + 6]))
        for k, line in enumerate(lines)
        if _PARA_HEAD.match(line) and "</w:p>" in line
    ]
    for position, (k, _) in enumerate(paragraphs):
        later = [test for _, test in paragraphs[position + 1 :] if test is not None]
        if len(later) < len(paragraphs) - position - 1:
            continue  # a later paragraph is always printed: this one is never the last
        test = f"({keep})" + (f" and not ({' or '.join(later)})" if later else "")
        lines[k] = _with_keep(lines[k], f'<w:keepNext w:val="{{{{ 1 if {test} else 0 }}}}"/>')
    return "\n".join(lines)


def _with_keep(line: str, keep: str) -> str:
    """``keep`` as the paragraph's keep-with-next (schema order: after ``w:pStyle``)."""
    end = line.find("</w:p>")
    head = _PARA_HEAD.match(line)
    if head is None or "<w:keepNext" in line[:end]:
        return line
    if line.startswith("<w:pPr/>", head.end()):
        return line[: head.end()] + "<w:pPr>" + keep + "</w:pPr>" + line[head.end() + 8 :]
    if line.startswith("<w:pPr>", head.end()) or line.startswith("<w:pPr ", head.end()):
        at = line.index(">", head.end()) + 1
        style = _STYLE.match(line, at)
        at = style.end() if style else at
        return line[:at] + keep + line[at:]
    return line[: head.end()] + "<w:pPr>" + keep + "</w:pPr>" + line[head.end() :]


def defined(source: str) -> list[str]:
    """The names of the groups a part's prepared source words, in order.

    >>> defined("<w:body>\\n{{ 段落组 甲 }}\\n<w:p/>{{ 段落组结束 }}{{ group b }}{{ endgroup }}")
    ['甲', 'b']
    """
    return list(dict.fromkeys(m.group("open") for m in _SCAN.finditer(source) if m.group("open")))


def printed(source: str) -> list[str]:
    """The names of the groups :func:`fill` spliced into a compiled part's source, in order.

    >>> printed('{% if item.text == "甲" %}{# 段落组 甲 #}<w:p/>{% elif x == "乙" %}{# 段落组 乙 #}')
    ['甲', '乙']
    """
    return list(dict.fromkeys(_PRINTED.findall(source)))


def unknown_message(name: str, known: Collection[str]) -> str:
    """The one sentence lint and a kind's render give for a group the kind never prints
    (a misspelt name would silently print nothing).

    >>> unknown_message("办里情况", ["办理情况", "标准开头"])
    '段落组 办里情况 不是本文种印出的段落组（本文种有：办理情况、标准开头），是否应为 办理情况？'
    >>> unknown_message("甲", [])
    '段落组 甲 不是本文种印出的段落组（本文种没有段落组）'
    """
    listed = f"本文种有：{'、'.join(known)}" if known else "本文种没有段落组"
    close = closest(name, known)
    return f"段落组 {name} 不是本文种印出的段落组（{listed}）" + (
        f"，是否应为 {close}？" if close else ""
    )
