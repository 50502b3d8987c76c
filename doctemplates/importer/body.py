"""The body hierarchy from typed numbers (正文层次).  正文结构层次的识别。

A small stack machine over the body paragraphs: a paragraph starting with a
structure number opens a node at the number's level (``一、`` 1, ``（一）`` 2,
``1.`` 3, ``（1）`` 4); a level skipped in the draft (``一、`` followed by
``1.``) becomes an unnumbered group, as :func:`doctemplates.numbering.number_sections`
numbers it; a second run starting again at 1 under the same parent is a
``restart``; plain paragraphs, tables and pictures belong to the node above them.
A numbered paragraph whose first sentence is followed by more text is a run-in
heading (``1.强化组织领导。为了……``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from doctemplates.importer.labels import TypedLabel

__all__ = ["Node", "split_run_in", "tree_data"]

_SENTENCE_END = "。！？"
_OPENERS = "“‘《（〔【(["
_CLOSERS = "”’》）〕】)]"


def split_run_in(text: str) -> tuple[str, str]:
    """Heading sentence and the text after it (``("强化组织领导。", "为了……")``).

    The first 。！？ outside quotes and brackets ends the heading; no text after it
    means the paragraph is a heading alone.

    >>> split_run_in("强化组织领导。为了做好……")
    ('强化组织领导。', '为了做好……')
    >>> split_run_in("坚持“以评促改。”原则。评议……")
    ('坚持“以评促改。”原则。', '评议……')
    >>> split_run_in("指导思想")
    ('指导思想', '')
    """
    depth = 0
    for index, char in enumerate(text):
        if char in _OPENERS:
            depth += 1
        elif char in _CLOSERS:
            depth = max(0, depth - 1)
        elif char in _SENTENCE_END and depth == 0:
            rest = text[index + 1 :]
            return (text[: index + 1], rest) if rest.strip() else (text, "")
    return text, ""


@dataclass
class Node:
    """One section of the tree being built (level 0 is the body itself)."""

    level: int
    heading: str | None = None
    run_in: bool = False
    restart: bool = False
    items: list[Any] = field(default_factory=list)  # paragraphs, tables, pictures
    children: list[Node] = field(default_factory=list)
    counter: int = 0  # numbered children so far (since the last restart)

    def data(self) -> dict[str, Any]:
        """The section as data of :class:`doctemplates.model.Section`."""
        out: dict[str, Any] = {}
        if self.heading is not None:
            out["heading"] = self.heading
        if self.run_in:
            out["run_in"] = True
        if self.restart:
            out["restart"] = True
        if self.items:
            out["paragraphs"] = list(self.items)
        if self.children:
            out["children"] = [child.data() for child in self.children]
        return out


class TreeBuilder:
    """Feed numbered and plain paragraphs in order; :attr:`root` holds the tree."""

    def __init__(self, on_event: Callable[[str, str], None] | None = None) -> None:
        self.root = Node(0)
        self.stack: list[Node] = [self.root]
        self.on_event = on_event or (lambda _kind, _message: None)

    def numbered(self, found: TypedLabel, heading: str, text: str, *, renumber: bool) -> int:
        """Open a node for a numbered paragraph; return the number it will print."""
        level = found.level
        while self.stack[-1].level >= level:
            self.stack.pop()
        parent = self.stack[-1]
        while parent.level < level - 1:  # a skipped level: an unnumbered group
            last = parent.children[-1] if parent.children else None
            if last is None or last.heading is not None or last.items:
                last = Node(parent.level + 1)
                parent.children.append(last)
                self.on_event("skip", f"跳过了第 {parent.level + 1} 级（按原文保留越级）")
            self.stack.append(last)
            parent = last
        node = Node(level, heading=heading, run_in=bool(text))
        if text:
            node.items.append(text)
        expected = parent.counter + 1
        if found.number == 1 and parent.counter >= 1:
            node.restart = True
            parent.counter = 1
            self.on_event("restart", f"“{found.standard}”在同一上级下重新从 1 编号")
        else:
            if found.number != expected:
                if not renumber:
                    raise ValueError(found.number)
                self.on_event("renumber", f"原文序号 {found.number}，按位置改为 {expected}")
            parent.counter = expected
        parent.children.append(node)
        self.stack.append(node)
        return parent.counter

    def plain(self, item: Any, *, closing: bool = False) -> None:
        """A paragraph, table or picture: it belongs to the innermost open node.

        ``closing`` puts it after everything at the top level (a speech's
        closing ``同志们，……`` after the last numbered point).
        """
        top = self.root if closing else self.stack[-1]
        if top is self.root:
            last = top.children[-1] if top.children else None
            if last is None or last.heading is not None or last.children:
                last = Node(1)
                top.children.append(last)
            last.items.append(item)
            if closing:
                self.stack = [self.root, last]
            return
        top.items.append(item)

    def expected_number(self, level: int) -> int:
        """The number the next node at ``level`` would print."""
        for node in reversed(self.stack):
            if node.level == level - 1:
                return node.counter + 1
            if node.level < level - 1:
                return 1
        return 1


def tree_data(root: Node) -> list[dict[str, Any]]:
    """The body as a list of section data."""
    return [child.data() for child in root.children]
