"""Running one corpus case: render → .docx → PDF → checks.  运行一份语料文档。

Each case is rendered to .docx (opened again by python-docx), converted through the
warm pool (page rules on, the verification itself run separately so that its
differences are counted rather than raised), compared with its .docx, and checked by
``check`` as a .docx and as a PDF (with ``--source``, rule ``pdf-text``).
"""

from __future__ import annotations

import io
import time
from collections import Counter
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import docx

from doctemplates.check import check_file
from doctemplates.data import data_dir
from doctemplates.findings import Finding
from doctemplates.kinds import get_kind
from doctemplates.pdf import ConverterPool, PdfOptions, compare_text, convert
from tests.corpus.matrix import SAMPLES, Case
from tests.layout.test_seal import red_disc_png

__all__ = ["Outcome", "run_all", "run_case", "summary"]


@dataclass
class Outcome:
    """What one case gave.  The corpus asserts on these."""

    case: Case
    pages: int = 0
    paragraphs: int = 0  # as python-docx reads them back
    docx_chars: int = 0
    differences: list[str] = field(default_factory=list)  # PDF text vs .docx
    findings: list[Finding] = field(default_factory=list)  # check, .docx and PDF
    error: str | None = None  # an exception anywhere
    seconds: float = 0.0
    docx_path: Path | None = None
    pdf_path: Path | None = None

    @property
    def errors(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == "error"]

    def describe(self) -> str:
        lines = [f"{self.case.id} {self.case.levels}"]
        if self.error:
            lines.append(f"  exception: {self.error}")
        lines += [f"  text: {d}" for d in self.differences]
        lines += [f"  check: {f}" for f in self.errors]
        return "\n".join(lines)


def _render(case: Case, work: Path) -> bytes:
    kind = get_kind(case.kind)
    if case.seal_picture:
        (work / "seal.png").write_bytes(red_disc_png())
    with data_dir(work if case.seal_picture else SAMPLES):
        return kind.render(kind.validate(case.data))


def run_case(case: Case, pool: ConverterPool, work: Path) -> Outcome:
    """Render, convert, compare and check one case (files under ``work``)."""
    outcome = Outcome(case)
    start = time.perf_counter()
    folder = work / case.id
    folder.mkdir(parents=True, exist_ok=True)
    try:
        document = _render(case, folder)
        outcome.docx_path = folder / f"{case.id}.docx"
        outcome.docx_path.write_bytes(document)
        outcome.paragraphs = len(docx.Document(io.BytesIO(document)).paragraphs)
        result = convert(document, PdfOptions(verify_text=False), pool=pool)
        outcome.pdf_path = folder / f"{case.id}.pdf"
        outcome.pdf_path.write_bytes(result.pdf)
        outcome.pages = result.pages
        comparison = compare_text(result.docx, result.pdf)
        outcome.docx_chars = comparison.docx_chars
        outcome.differences = [str(d) for d in comparison.differences]
        outcome.findings = check_file(outcome.docx_path) + check_file(
            outcome.pdf_path, source=outcome.docx_path
        )
    except Exception as exc:  # noqa: BLE001 - every failure of a case is reported, not raised
        outcome.error = f"{type(exc).__name__}: {exc}"
    outcome.seconds = time.perf_counter() - start
    return outcome


def run_all(cases: Sequence[Case], pool: ConverterPool, work: Path) -> dict[str, Outcome]:
    """Every case, a few at a time: LibreOffice converts while Python renders and checks."""
    with ThreadPoolExecutor(pool.size + 1) as executor:
        outcomes = executor.map(lambda c: run_case(c, pool, work), cases)
        return {o.case.id: o for o in outcomes}


def summary(outcomes: Sequence[Outcome]) -> dict[str, object]:
    """Figures for docs/reliability.md: documents, pages, check errors, text differences."""
    rules = Counter(f.rule for o in outcomes for f in o.errors)
    return {
        "documents": len(outcomes),
        "kinds": sorted({o.case.kind for o in outcomes}),
        "formats": sorted({o.case.format for o in outcomes if o.case.format}),
        "pages": sum(o.pages for o in outcomes),
        "characters": sum(o.docx_chars for o in outcomes),
        "exceptions": sum(1 for o in outcomes if o.error),
        "check_errors": sum(len(o.errors) for o in outcomes),
        "check_errors_by_rule": dict(rules.most_common()),
        "documents_with_check_errors": sum(1 for o in outcomes if o.errors),
        "text_differences": sum(len(o.differences) for o in outcomes),
        "documents_with_text_differences": sum(1 for o in outcomes if o.differences),
        "seconds_per_document": round(sum(o.seconds for o in outcomes) / max(len(outcomes), 1), 2),
    }
