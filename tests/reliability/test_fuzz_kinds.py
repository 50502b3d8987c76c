"""Property: every kind renders fuzzed data or refuses it in Chinese.  模糊测试。

For each registered kind, data derived from its model (see :mod:`.strategies`)
either renders to a .docx that python-docx opens and whose text contains the
free-text values (minus the characters XML cannot hold), or raises a
``DocTemplatesError`` whose message contains Chinese.  Budget: ``FUZZ_EXAMPLES``.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from doctemplates.errors import DocTemplatesError
from doctemplates.kinds import Kind, available_kinds, get_kind
from doctemplates.pdf import PdfOptions, PdfTextMismatchError, convert
from doctemplates.pdf import soffice_path as find_soffice
from tests.docxbuild import pdf_in as convert_to_pdf
from tests.reliability.checks import assert_chinese_error, missing_texts
from tests.reliability.settings import fuzz_settings
from tests.reliability.strategies import _SPECIAL, SAMPLE_FILES, free_text, sample_data, section

KINDS = sorted(available_kinds())


def test_every_kind_has_a_fuzzer() -> None:
    assert set(KINDS) <= set(SAMPLE_FILES), "a new kind needs a sample in SAMPLE_FILES"


def _render(kind: Kind, data: dict[str, Any]) -> tuple[Any, bytes] | None:
    """(model, .docx) or None when the data was refused with a Chinese error."""
    try:
        model = kind.validate(data)
        return model, kind.render(model)
    except DocTemplatesError as exc:
        assert_chinese_error(exc)
        return None
    except Exception as exc:  # noqa: BLE001 - the property: never a bare exception
        pytest.fail(f"{kind.name}: bare {type(exc).__name__}: {exc!r}")


def _shown_values(kind: Kind, model: Any) -> list[str]:
    """Title and first body text of the context: values the template must print (a
    ``region`` item's text names a paragraph group of the template, it is not printed)."""
    context = kind.context(model)
    values = [context["title"]]
    body = [item for item in context["body"] if item["kind"] != "region"]
    values += [item["text"] for item in body if item["text"].strip()][:1]
    return values


def _kind_property(name: str):
    from tests.reliability.strategies import for_kind

    kind = get_kind(name)

    @fuzz_settings()
    @given(for_kind(name, kind.model))
    def check(data: dict[str, Any]) -> None:
        outcome = _render(kind, data)
        if outcome is not None:
            model, document = outcome
            assert not missing_texts(document, _shown_values(kind, model))

    return check


@pytest.mark.parametrize("name", KINDS)
def test_kind_renders_or_refuses_in_chinese(name: str) -> None:
    _kind_property(name)()


def _document_data(title: str, paragraph: str, body: list[dict[str, Any]]) -> dict[str, Any]:
    data = sample_data("document")
    return {**data, "title": title, "body": [{"paragraphs": [paragraph]}, *body]}


@fuzz_settings()
@given(
    title=free_text.filter(lambda s: s.strip()),
    paragraph=free_text,
    body=st.lists(section(), max_size=2),
)
def test_free_text_survives_in_document(title: str, paragraph: str, body: list[Any]) -> None:
    """The input title and a body paragraph, minus removed characters, are in the .docx."""
    outcome = _render(get_kind("document"), _document_data(title, paragraph, body))
    if outcome is not None:
        assert not missing_texts(outcome[1], [title, paragraph])


# -- one fuzzed document through LibreOffice --------------------------------------------
NASTY = "".join(_SPECIAL) + "𠀀𠀁𠀂𪚥" + "\u202e示例\u202c" + "😀" * 10


def _nasty_document() -> dict[str, Any]:
    long_text = (NASTY * 200)[:10_000]
    deep: dict[str, Any] = {"heading": NASTY, "paragraphs": [NASTY]}
    for _ in range(3):
        deep = {"heading": NASTY[:30], "paragraphs": [NASTY], "children": [deep]}
    return _document_data("关于" + NASTY + "的通知", long_text, [deep])


@pytest.mark.pdf
def test_fuzzed_document_converts_in_libreoffice(tmp_path: Path) -> None:
    if find_soffice() is None:
        pytest.skip("LibreOffice (soffice) 未安装")
    kind = get_kind("document")
    outcome = _render(kind, _nasty_document())
    assert outcome is not None
    source = tmp_path / "fuzzed.docx"
    source.write_bytes(outcome[1])
    # Every PDF is text-verified (issue 12).  Characters no installed font has (emoji
    # sequences, CJK Ext. B) come out as boxes, and LibreOffice 7.4 may reorder the text
    # after them: then the conversion is refused in Chinese, naming the page.
    try:
        pdf = convert_to_pdf(source, tmp_path / "pdf")
    except PdfTextMismatchError as exc:
        assert_chinese_error(exc)
        assert "第1页" in str(exc)
        assert not (tmp_path / "pdf" / "fuzzed.pdf").exists()
        data = convert(outcome[1], PdfOptions(verify_text=False)).pdf
    else:
        data = pdf.read_bytes()
    assert data.startswith(b"%PDF") and len(data) > 1000
    assert re.search(rb"/Type\s*/Page\b", data)
