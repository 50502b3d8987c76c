"""Corpus cases that show defects other developers are fixing (issue 12).  已知缺陷。

Each entry names the check rule whose *error* findings a case is allowed to show,
and why.  A listed case must still show them (when a fix lands the test fails and
says so — remove the entry then); any other error, any text difference or any
exception fails at once.  Generated from ``python -m tests.corpus all`` (220 cases).
"""

from __future__ import annotations

__all__ = ["KNOWN", "REASONS"]

REASONS = {
    "letter-lines": (
        "new, not in issue 12 (layout/header.py, check/pdf.py): 信函 with joint organs — the "
        "标志 is one line that wraps inside a name (「示例市科学技术局　示 / 例市财政局」) instead "
        "of one organ a line, and the upper double line is 18.8 / 33.6 mm under the first line"
    ),
    "first-page-body": (
        "new, not in issue 12 (layout/closing.py): a one-line body whose 附件说明 and 署名 "
        "(keep-with-next chain) do not fit on page 1 goes to page 2 with them, leaving page 1 "
        "without body text (§7.3.2)"
    ),
}

_LETTER_LINES = (
    "document-信函-00",
    "document-信函-02",
    "document-信函-03",
    "document-信函-05",
    "document-信函-06",
    "document-信函-07",
    "document-信函-10",
    "document-信函-11",
    "document-信函-12",
    "document-信函-14",
    "document-信函-15",
    "document-信函-16",
    "document-信函-19",
    "document-信函-20",
    "document-信函-21",
    "document-信函-23",
    "document-信函-25",
    "document-信函-26",
    "document-信函-28",
    "document-信函-29",
    "document-信函-30",
    "document-信函-31",
    "document-信函-33",
    "document-信函-35",
    "document-信函-37",
    "document-信函-38",
    "document-信函-39",
)

_FIRST_PAGE_BODY = (
    "document-信函-10",
    "document-信函-28",
    "document-文件-04",
    "document-文件-08",
    "document-文件-14",
    "document-文件-15",
    "document-文件-21",
    "document-文件-25",
    "document-文件-28",
    "document-文件-33",
    "document-纪要-10",
    "document-纪要-14",
)


#: case id → the rules whose errors it may show
KNOWN: dict[str, frozenset[str]] = {}
for _rule, _cases in (
    ("letter-lines", _LETTER_LINES),
    ("first-page-body", _FIRST_PAGE_BODY),
):
    for _case in _cases:
        KNOWN[_case] = KNOWN.get(_case, frozenset()) | {_rule}
