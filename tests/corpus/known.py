"""Corpus cases that show defects other developers are fixing (issue 12).  已知缺陷。

Each entry names the check rule whose *error* findings a case is allowed to show,
and why.  A listed case must still show them (when a fix lands the test fails and
says so — remove the entry then); any other error, any text difference or any
exception fails at once.  Generated from ``python -m tests.corpus all`` (220 cases).
"""

from __future__ import annotations

__all__ = ["KNOWN", "REASONS"]

REASONS = {
    "first-page-body": (
        "new, not in issue 12 (layout/closing.py): a one-line body whose 附件说明 and 署名 "
        "(keep-with-next chain) do not fit on page 1 goes to page 2 with them, leaving page 1 "
        "without body text (§7.3.2)"
    ),
}

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
for _rule, _cases in (("first-page-body", _FIRST_PAGE_BODY),):
    for _case in _cases:
        KNOWN[_case] = KNOWN.get(_case, frozenset()) | {_rule}
