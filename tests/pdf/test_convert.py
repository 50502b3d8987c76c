"""Conversion and pypdf post-processing, read back from real PDFs."""

from __future__ import annotations

import datetime as dt
import io
from concurrent.futures import ThreadPoolExecutor

import pytest
from pypdf import PdfReader

from doctemplates.pdf import (
    ConverterPool,
    PdfMetadata,
    PdfOptions,
    PdfUnavailableError,
    _soffice,
    convert,
    get_pool,
    pdfa_identification,
    to_pdf,
    to_pdf_many,
)
from tests.pdf.conftest import needs_soffice, page_texts
from tests.pdf.docs import cjk_docx

pytestmark = [pytest.mark.pdf, needs_soffice]

META = PdfMetadata(
    title="关于开展民主评议工作的实施方案",
    author="某某市人大常委会办公室",
    subject="工作实施方案",
    created=dt.date(2024, 3, 15),
)


def test_metadata_read_back(pool: ConverterPool) -> None:
    result = convert(cjk_docx("元数据"), PdfOptions(metadata=META), pool=pool)
    info = PdfReader(io.BytesIO(result.pdf)).metadata
    assert info.title == META.title
    assert info.author == META.author
    assert info.subject == META.subject
    assert info["/CreationDate"] == "D:20240315"
    assert result.pages == 1


def test_watermark_on_every_page(pool: ConverterPool) -> None:
    pdf = convert(cjk_docx("水印", pages=3), PdfOptions(watermark="征求意见稿"), pool=pool).pdf
    texts = page_texts(pdf)
    assert len(texts) == 3
    for text in texts:
        assert "征求意见稿" in text


def test_attachments_merged_in_order(pool: ConverterPool) -> None:
    first = to_pdf(cjk_docx("附件一", pages=1), pool=pool)
    second_docx = cjk_docx("附件二", pages=2)  # .docx bytes are converted first
    result = convert(
        cjk_docx("正文", pages=2), PdfOptions(attachments=[first, second_docx]), pool=pool
    )
    texts = page_texts(result.pdf)
    assert result.pages == len(texts) == 5
    assert ["正文" in t for t in texts] == [True, True, False, False, False]
    assert "附件一" in texts[2] and "附件二" in texts[3] and "附件二" in texts[4]


def test_pdfa_2b_xmp(pool: ConverterPool) -> None:
    plain = to_pdf(cjk_docx("普通"), pool=pool)
    assert pdfa_identification(plain) is None
    result = convert(cjk_docx("存档"), PdfOptions(pdfa=True, metadata=META), pool=pool)
    assert pdfa_identification(result.pdf) == (2, "B")
    reader = PdfReader(io.BytesIO(result.pdf))
    xmp = reader.xmp_metadata
    assert xmp is not None and xmp.dc_title.get("x-default") == META.title
    assert xmp.dc_creator == [META.author]
    assert reader.metadata.title == META.title


def test_concurrent_threads_get_their_own_text(pool: ConverterPool) -> None:
    def work(thread: int) -> list[tuple[str, bytes]]:
        markers = [f"线程{thread}文档{n}" for n in range(3)]
        return list(
            zip(markers, to_pdf_many([cjk_docx(m) for m in markers], pool=pool), strict=True)
        )

    with ThreadPoolExecutor(4) as ex:
        results = [item for batch in ex.map(work, range(4)) for item in batch]
    assert len(results) == 12
    for marker, pdf in results:
        assert pdf.startswith(b"%PDF-")
        (text,) = page_texts(pdf)
        assert marker in text


def test_missing_libreoffice_is_a_chinese_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(_soffice, "soffice_path", lambda: None)
    with pytest.raises(PdfUnavailableError, match="apt-get install") as info:
        get_pool(["/"])
    assert "未找到 LibreOffice" in str(info.value)
