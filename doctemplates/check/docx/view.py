"""What every .docx check reads (检查视图): the parsed file, its paragraphs with roles, the format.

A check is a function of a :class:`DocxView` that yields findings; each module of
this package lists its checks in ``CHECKS`` (a registry, as Babel's checkers).

>>> from doctemplates.check.ooxml import Para
>>> at(Para(2, None, "一、总体要求", None, None, False))  # type: ignore[arg-type]
Location(page=None, paragraph=2, text='一、总体要求', element=None, part=None, tag=None)
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass

from doctemplates.check.ooxml import DocxFile, Para
from doctemplates.check.textforms import DateStyle
from doctemplates.findings import Finding, Location
from doctemplates.gbt9704.formats import Format

__all__ = ["Check", "DocxView", "at"]


@dataclass(frozen=True)
class DocxView:
    """A .docx as the checks see it (read-only: no check changes the document)."""

    doc: DocxFile
    #: Every ``w:p`` of the body in order, with its role (check.structure).
    paras: tuple[Para, ...]
    #: The paragraphs with text to check (template placeholders have none yet).
    texts: tuple[Para, ...]
    #: The 公文格式 the document is checked as.
    format: Format
    #: The configured 成文日期 form (``None`` accepts either).
    date_style: DateStyle | None


#: A check: the view in, findings out.
Check = Callable[[DocxView], Iterator[Finding]]


def at(p: Para) -> Location:
    """The location of paragraph ``p`` (its index and text)."""
    return Location(paragraph=p.index, text=p.text)
