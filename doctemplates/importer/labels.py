"""Structure numbers typed in a draft (结构层次序数的识别).

:func:`doctemplates.check.textforms.parse_label` knows the standard forms and
the usual wrong ones (``1、`` ``(一)`` ``一.``); a draft adds ``1)`` / ``1）``
(read as ``（1）``) and a space after the number.  What is left after the label
is the heading or the text.

>>> found = typed_label("（一）准备阶段（4月）")
>>> found.level, found.number, found.rest, found.problem
(2, 1, '准备阶段（4月）', None)
>>> typed_label("1、 成立专班。").problem
'“1、”应写作“1.”'
>>> typed_label("01.目标").zeros
True
>>> typed_label("2020年工作要点") is None
True
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from doctemplates.check.textforms import parse_label
from doctemplates.numbering import cn_number, label

__all__ = ["TypedLabel", "typed_label"]

_SPACES = " \t\u3000\u00a0"
_PAREN_DIGIT = re.compile(r"^(\d{1,3})[)）](?![\d%])")
_CN_VALUES = {cn_number(i): i for i in range(1, 100)}


@dataclass(frozen=True)
class TypedLabel:
    """A structure number found at the start of a paragraph."""

    level: int  # 1–4
    number: int
    typed: str  # as written, with the spaces after it
    rest: str  # the text after it
    problem: str | None  # why the written form is not the standard one (rule ``label``)
    zeros: bool  # written with leading zeros (rule ``leading-zeros``)

    @property
    def standard(self) -> str:
        """The standard form of this number, e.g. ``（一）``."""
        return label(self.level, self.number)


def typed_label(text: str) -> TypedLabel | None:
    """The structure number starting ``text`` (already stripped), or None."""
    found = parse_label(text)
    if found is not None:
        level, number, typed = found.level, found.number, found.text
    else:
        match = _PAREN_DIGIT.match(text)
        if match is None:
            return None
        level, number, typed = 4, int(match[1]), match[0]
    if number < 1:
        return None
    rest = text[len(typed) :]
    stripped = rest.lstrip(_SPACES)
    spaces = rest[: len(rest) - len(stripped)]
    if not stripped:
        return None  # a number alone on a line is no heading
    standard = label(level, number)
    zeros = bool(re.search(r"(?<!\d)0\d", typed))
    problem = None
    if typed != standard and not zeros:
        problem = f"“{typed}”应写作“{standard}”"
    elif spaces:
        problem = f"序数“{standard}”后不空格"
    return TypedLabel(level, number, typed + spaces, stripped, problem, zeros)
