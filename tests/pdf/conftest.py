"""One warm pool for the whole PDF test session (skipped without LibreOffice)."""

from __future__ import annotations

import io
from collections.abc import Iterator

import pytest

from doctemplates.pdf import ConverterPool, soffice_path

pdfplumber = pytest.importorskip("pdfplumber")

needs_soffice = pytest.mark.skipif(
    soffice_path() is None, reason="LibreOffice (soffice) is not installed"
)


@pytest.fixture(scope="session")
def pool() -> Iterator[ConverterPool]:
    if soffice_path() is None:
        pytest.skip("LibreOffice (soffice) is not installed")
    with ConverterPool(size=2, timeout=60) as shared:
        shared.start()
        yield shared


def page_texts(pdf: bytes) -> list[str]:
    """Text of each page (pdfplumber), chars joined in content order."""
    with pdfplumber.open(io.BytesIO(pdf)) as doc:
        return ["".join(c["text"] for c in page.chars) for page in doc.pages]


def char_fonts(pdf: bytes) -> set[str]:
    """Font names of every character (pdfplumber), subset prefix stripped."""
    with pdfplumber.open(io.BytesIO(pdf)) as doc:
        return {c["fontname"].split("+", 1)[-1] for page in doc.pages for c in page.chars}
