"""The generated corpus: every document renders, opens, converts, holds its text and checks clean.

For each case of :mod:`tests.corpus.matrix` (≥ 200 documents: every format of
``document`` and every other kind, optional elements on and off):

- the .docx opens in python-docx;
- the PDF holds exactly the text of the .docx (:func:`doctemplates.pdf.compare_text`);
- ``check`` finds no error in the .docx nor in the PDF (with ``--source``);
- nothing raises.

``make test`` runs :data:`~tests.corpus.settings.DEFAULT_DOCUMENTS` cases spread over
every kind and format; ``make fuzz`` (``CORPUS_DOCUMENTS=all``) runs all of them.
Cases in :data:`tests.corpus.known.KNOWN` show defects others are fixing: they may
show those rules' errors only, and are reported as expected failures until fixed.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from doctemplates.pdf import ConverterPool, soffice_path
from tests.corpus.known import KNOWN, REASONS
from tests.corpus.matrix import all_cases, select
from tests.corpus.run import Outcome, run_all, summary
from tests.corpus.settings import corpus_size
from tests.wordcompat import AUDIT_MISSING, word_findings

pytestmark = [
    pytest.mark.pdf,
    pytest.mark.skipif(soffice_path() is None, reason="LibreOffice (soffice) 未安装"),
]

ALL = all_cases()
CASES = select(ALL, corpus_size())


def test_corpus_is_large_and_covers_every_kind_and_format() -> None:
    assert len(ALL) >= 200
    kinds = {c.kind for c in ALL}
    from doctemplates.kinds import available_kinds

    assert kinds == set(available_kinds())
    assert {c.format for c in ALL if c.kind == "document"} == {
        "文件",
        "信函",
        "讲话",
        "纪要",
        "命令",
    }
    assert {c.kind for c in CASES} == kinds, "the sample reaches every kind"
    assert len(CASES) >= min(40, len(ALL))
    assert set(KNOWN) <= {c.id for c in ALL}


@pytest.fixture(scope="module")
def outcomes(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Outcome]]:
    with ConverterPool(size=2, timeout=120) as pool:
        results = run_all(CASES, pool.start(), tmp_path_factory.mktemp("corpus"))
    yield results
    figures = summary(list(results.values()))
    print(f"\ncorpus: {figures}")


@pytest.mark.parametrize("case_id", [c.id for c in CASES])
def test_document(case_id: str, outcomes: dict[str, Outcome]) -> None:
    outcome = outcomes[case_id]
    assert outcome.error is None, outcome.describe()
    assert outcome.paragraphs > 0 and outcome.pages > 0
    assert outcome.differences == [], outcome.describe()
    allowed = KNOWN.get(case_id, frozenset())
    unexpected = [f for f in outcome.errors if f.rule not in allowed]
    assert unexpected == [], outcome.describe()
    if allowed:
        shown = {f.rule for f in outcome.errors}
        if not shown:
            pytest.fail(
                f"{case_id}: known defect no longer shows — remove it from tests/corpus/known.py"
            )
        pytest.xfail("; ".join(REASONS[rule] for rule in sorted(shown)))


def test_outputs_are_real_files(outcomes: dict[str, Outcome]) -> None:
    """Each case left a .docx and a PDF that start as such files do."""
    for outcome in outcomes.values():
        assert outcome.docx_path is not None and outcome.pdf_path is not None
        assert Path(outcome.docx_path).read_bytes()[:2] == b"PK"
        assert Path(outcome.pdf_path).read_bytes()[:5] == b"%PDF-"


def test_every_document_validates_against_iso_29500(
    outcomes: dict[str, Outcome], tmp_path: Path
) -> None:
    """Issue 12: 0 validator errors on our own output — each .docx of the corpus passes
    openxml-audit (ISO/IEC 29500 schemas, semantics, package, and Word's repair rules)."""
    audit = pytest.importorskip("openxml_audit", reason=AUDIT_MISSING)
    validator = audit.OpenXmlValidator(max_errors=0)
    failed = {}
    for case_id, outcome in sorted(outcomes.items()):
        assert outcome.docx_path is not None, case_id
        data = Path(outcome.docx_path).read_bytes()
        found = word_findings(validator, data, tmp_path / "check.docx")
        if found:
            failed[case_id] = found[:3]
    assert failed == {}, failed
