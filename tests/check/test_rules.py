"""The rule table and docs/checks.md (规则表与文档)."""

from __future__ import annotations

from pathlib import Path

from doctemplates.check import RULES, UNCHECKED, rules_markdown
from tests.check.corpus import DOCX_CASES, PDF_CASES

DOC = Path(__file__).resolve().parents[2] / "docs" / "checks.md"


#: The hand-written section after the generated table (tests/test_findings.py checks it).
SHAPE = "\n## 输出格式（check 与 lint 相同）\n"


def test_docs_are_current():
    """docs/checks.md begins with the table: regenerate that part with rules_markdown()."""
    generated, found, _ = DOC.read_text(encoding="utf-8").partition(SHAPE)
    assert found, "docs/checks.md 缺少“输出格式”一节"
    assert generated + "\n" == rules_markdown(), (
        "docs/checks.md 已过期：用 rules_markdown() 的结果替换“## 输出格式”之前的部分"
    )


def test_table_is_consistent():
    ids = [r.id for r in RULES]
    assert len(ids) == len(set(ids))
    for r in RULES:
        assert r.clause.startswith("§") and r.severity in ("error", "warning")
        assert r.targets and r.targets <= {"docx", "pdf"}
    assert all(c.startswith("§") for c, _, _ in UNCHECKED)


def test_every_rule_has_a_wrong_document():
    """Each rule id is exercised by at least one document of the corpus (or a unit test)."""
    covered = {rid for _, rids in DOCX_CASES.values() for rid in rids}
    covered |= {rid for *_, rids in PDF_CASES.values() for rid in rids}
    covered |= {"banji-even", "mark-position", "red-line", "page-number", "letter-lines"}
    covered |= {"pdf-text"}  # tests/check/test_source.py
    covered |= {"blank-page-number"}  # tests/pdf/test_blank_pages.py
    covered |= {"order-number"}  # tests/layout/test_order.py
    covered |= {"landscape-head", "landscape-page"}  # tests/pdf/test_landscape.py
    covered |= {"title-break"}  # tests/check/test_title_breaks.py
    assert {r.id for r in RULES} <= covered
