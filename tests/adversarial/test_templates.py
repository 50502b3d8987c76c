"""The adversarial template corpus: every case refused in Chinese, located, or rendered safely.

``make fuzz`` (``FUZZ_EXAMPLES`` set) runs all of :mod:`.templates_corpus`
(about 2,700 cases); ``make test`` a fixed sample of every class.  For each
case, render and lint must agree: what the file itself holds wrongly
(``static``) is an error for both; nothing ever raises anything but a
``DocTemplatesError``.
"""

from __future__ import annotations

import io
import os
import zipfile

import docx
import pytest

from doctemplates.errors import DocTemplatesError, TemplateError
from doctemplates.lint import LintError, lint_template
from doctemplates.render import Template
from tests.adversarial.templates_corpus import GENERATORS, Case, all_cases
from tests.reliability.checks import has_cjk

#: Cases per class in the default run (all of them under ``make fuzz``).
SAMPLE_PER_CLASS = 8


def _sample(cases: list[Case]) -> list[Case]:
    if os.environ.get("FUZZ_EXAMPLES"):
        return cases
    chosen: list[Case] = []
    for klass in GENERATORS:
        of_class = [c for c in cases if c.klass == klass]
        step = max(1, len(of_class) // SAMPLE_PER_CLASS)
        chosen += of_class[::step][:SAMPLE_PER_CLASS]
        chosen += [c for c in of_class if c.expect != "refuse"][:2]  # the accepted ones too
    return list({c.id: c for c in chosen}.values())


CASES = _sample(all_cases())


def _render(case: Case) -> bytes | DocTemplatesError:
    try:
        return Template.load(case.data).render(case.context)
    except DocTemplatesError as error:
        return error


def _lint_errors(data: bytes) -> list[str] | None:
    """Error findings of lint; None when lint refuses the file as not a template."""
    try:
        return [f.message for f in lint_template(data) if f.severity == "error"]
    except LintError:
        return None


def _assert_located_chinese(error: DocTemplatesError, case: Case) -> None:
    message = error.describe()
    assert has_cjk(message), message
    assert " at 0x" not in message and "<function" not in message, message
    if case.error:
        assert type(error).__name__ == case.error, message
    if isinstance(error, TemplateError):
        assert error.part or "成员" in error.message or ".docx" in error.message, message


def _assert_opens_without_dtd(data: bytes) -> None:
    document = docx.Document(io.BytesIO(data))
    assert document.paragraphs is not None
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        for name in archive.namelist():
            assert b"<!DOCTYPE" not in archive.read(name), name


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_template_case(case: Case) -> None:
    outcome = _render(case)
    lint_errors = _lint_errors(case.data)
    if case.expect == "refuse":
        assert isinstance(outcome, DocTemplatesError), f"rendered: {case.id}"
        _assert_located_chinese(outcome, case)
        if case.static:
            assert lint_errors is None or lint_errors, f"lint found nothing wrong: {outcome}"
    elif case.expect == "render":
        assert isinstance(outcome, bytes), outcome
        _assert_opens_without_dtd(outcome)
        assert "关于示例的通知" in "".join(
            p.text for p in docx.Document(io.BytesIO(outcome)).paragraphs
        )
        assert lint_errors == [], lint_errors
    else:  # safe: refused in Chinese, or rendered without anything dangerous
        if isinstance(outcome, DocTemplatesError):
            _assert_located_chinese(outcome, case)
        else:
            _assert_opens_without_dtd(outcome)


def test_corpus_size() -> None:
    """Issue 13 asks for a generated corpus; this one has ~2,700 template cases (≥ 800)."""
    counts = {klass: sum(1 for _ in generate()) for klass, generate in GENERATORS.items()}
    assert sum(counts.values()) >= 800, counts
    assert min(counts.values()) >= 30, counts
