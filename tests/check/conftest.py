"""Shared PDF conversions for the check tests: every PDF is made once per session."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from doctemplates.check.measure import PageInfo, measure_pdf
from doctemplates.pdf import soffice_path as find_soffice
from tests.check.builders import no_number, render_ctx, sample
from tests.check.corpus import PDF_CASES
from tests.docxbuild import pdf_in as convert_to_pdf

# name → (docx builder, format)
GOOD_PDFS = {
    "sample notice": (lambda: sample("notice"), "文件"),
    "sample letter": (lambda: sample("letter"), "信函"),
    "template 文件": (lambda: render_ctx("文件"), "文件"),
    "template 信函": (lambda: render_ctx("信函", paragraphs=5), "信函"),
    "template 讲话": (lambda: render_ctx("讲话"), "讲话"),
    "template 纪要": (lambda: render_ctx("纪要"), "纪要"),
    "文件 without 文号": (lambda: no_number("文件"), "文件"),
    "纪要 without 期号": (lambda: no_number("纪要"), "纪要"),
    "joint 文件 without 文号": (
        lambda: no_number("文件", ("示例市科学技术局", "示例市财政局", "示例市教育局")),
        "文件",
    ),
}


@pytest.fixture(scope="session")
def pdf_pages(tmp_path_factory) -> dict[str, tuple[list[PageInfo], str]]:
    """All test PDFs, converted two at a time: name → (measured pages, format)."""
    if find_soffice() is None:
        pytest.skip("LibreOffice (soffice) not installed")
    jobs = {**GOOD_PDFS, **{k: (v[0], v[1]) for k, v in PDF_CASES.items()}}
    root = tmp_path_factory.mktemp("check-pdf")

    def convert(item: tuple[int, str]) -> tuple[str, list[PageInfo]]:
        i, name = item
        d = root / f"doc{i}"
        d.mkdir()
        src = d / "doc.docx"
        src.write_bytes(jobs[name][0]())
        return name, measure_pdf(convert_to_pdf(src, Path(d)))

    with ThreadPoolExecutor(max_workers=2) as pool:
        done = dict(pool.map(convert, enumerate(jobs)))
    return {name: (done[name], jobs[name][1]) for name in jobs}
