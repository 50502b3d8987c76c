"""Corpus cases that still show an error finding, and why (issue 12).  已知问题。

A defect being fixed elsewhere, or (today) data that no layout can make satisfy
two clauses at once.

Each entry names the check rule whose *error* findings a case is allowed to show,
and why.  A listed case must still show them (when a fix lands the test fails and
says so — remove the entry then); any other error, any text difference or any
exception fails at once.  Generated from ``python -m tests.corpus all`` (220 cases).
"""

from __future__ import annotations

__all__ = ["KNOWN", "REASONS"]

REASONS = {
    "signature-page": (
        "not solvable by layout (§7.3.2 against §7.3.5.5; doctemplates/pdf/signature_fit.py): "
        "the body is the one line 「特此通知。」 under a joint 版头, a four-line title and no "
        "附件; keeping 署名 and 成文日期 on page 1 needs a line pitch of 0.74 (文件-15) / 0.64 "
        "(文件-28) of the grid, below the 0.85 limit, so page 1 keeps its body (§7.3.2) and "
        "the signature page has none.  The remedy is in the data: a real body, or (文件-28) "
        "the 主送 moved to the 版记 as §7.3.2 says"
    ),
}

_SIGNATURE_PAGE = (
    "document-文件-15",
    "document-文件-28",
)


#: case id → the rules whose errors it may show
KNOWN: dict[str, frozenset[str]] = {}
for _rule, _cases in (("signature-page", _SIGNATURE_PAGE),):
    for _case in _cases:
        KNOWN[_case] = KNOWN.get(_case, frozenset()) | {_rule}
