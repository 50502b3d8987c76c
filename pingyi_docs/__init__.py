"""pingyi_docs — 评议 document kinds built on the doctemplates engine.

One module per kind, each exposing ``KIND`` (registered through the
``doctemplates.kinds`` entry points, so nothing is imported here):

* :mod:`pingyi_docs.speech` — 动员讲话
* :mod:`pingyi_docs.plan` — 工作实施方案
* :mod:`pingyi_docs.proposal_reply` — 提案答复函
* :mod:`pingyi_docs.proposal_summary` — 提案办理总结
* :mod:`pingyi_docs.opinion` — 审议意见书
* :mod:`pingyi_docs.rectification` — 整改方案

Shared shapes: :mod:`pingyi_docs._base` (Issued, Point, SubjectTitle,
PingyiKind), :mod:`pingyi_docs.proposals` (ProposalRecord, Session, XLSX
reading) and :mod:`pingyi_docs.proposal_stats` (the summary's figures).
"""

__all__: list[str] = []
