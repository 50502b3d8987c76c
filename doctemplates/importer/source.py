"""What a reader hands to the recogniser: source paragraphs with provenance.  源段落。

Every reader (text, Markdown, .docx) turns a draft into one flat list of
:class:`SourceParagraph` — text, where it came from (``第 3 行``, ``第 5 段``) and
what the reader itself changed (frozen Word numbering, dropped emphasis …) —
plus tables and pictures as their own items.  The recogniser never looks at the
original format again.
"""

from __future__ import annotations

from dataclasses import dataclass, field

__all__ = ["Draft", "Picture", "SourceParagraph"]


@dataclass(frozen=True)
class Picture:
    """A picture found in a draft: its bytes and a file name (``image1.png``)."""

    name: str
    data: bytes


@dataclass
class SourceParagraph:
    """One paragraph of a draft.  草稿中的一段。

    ``where`` names it as the user sees it (``第 12 行``); ``level`` is a level
    the format itself gives (a Markdown ``##`` heading, a Word heading style),
    ``label`` a structure number the format gives (a Markdown ordered list item:
    ``(level, number)``); ``rows`` makes it a table and ``picture`` a figure.
    ``notes`` are the reader's own changes (冻结的自动编号 …), reported with it.
    """

    text: str
    where: str
    level: int | None = None
    label: tuple[int, int] | None = None
    rows: list[list[str]] | None = None
    picture: Picture | None = None
    centred: bool = False
    notes: list[str] = field(default_factory=list)

    @property
    def is_block(self) -> bool:
        """A table or a picture, not text."""
        return self.rows is not None or self.picture is not None


@dataclass
class Draft:
    """A draft read by a reader: paragraphs in order and notes about the whole file."""

    paragraphs: list[SourceParagraph]
    notes: list[str] = field(default_factory=list)
    kind: str = "text"  # text / markdown / docx
