"""The text of every PDF is verified against its .docx (issue 12).  PDF 文字校验。

Real conversions of the samples (信函 first-page header, floating 版记, landscape
table pages with repeated heads, page numbers, the seal picture), PDFs that lost,
gained or changed a character, rotated text, watermarks, and the .docx reader on
hand-written WordprocessingML.
"""

from __future__ import annotations

import importlib
import io
import time
from pathlib import Path

import docx
import pytest
from docx.oxml.ns import qn
from lxml import etree
from typer.testing import CliRunner

from doctemplates.assemble import data_for_kind
from doctemplates.cli import app
from doctemplates.data import data_dir, load_data
from doctemplates.errors import DataError
from doctemplates.kinds import get_kind
from doctemplates.package import Member, read_package, write_package
from doctemplates.pdf import (
    ConverterPool,
    PdfOptions,
    PdfTextMismatchError,
    add_watermark,
    compare_text,
    convert,
)
from doctemplates.pdf.verify import NUMBER, WILD, docx_text, pdf_pages
from tests.layout.test_seal import red_disc_png
from tests.pdf.conftest import needs_soffice

# the module (the package re-exports the function under the same name)
convert_module = importlib.import_module("doctemplates.pdf.convert")
SAMPLES = Path(__file__).resolve().parents[2] / "samples"
W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
SAMPLE_NAMES = sorted(p.stem for p in SAMPLES.glob("*.yaml"))


def sample_docx(name: str) -> bytes:
    path = SAMPLES / f"{name}.yaml"
    data = load_data(path)
    kind = get_kind(str(data.get("kind", "document")))
    with data_dir(path.parent):
        return kind.render(kind.validate(data_for_kind(kind, data)))


def edit(document: bytes, part: str, old: str, new: str) -> bytes:
    """``document`` with the first ``old`` in ``part`` replaced by ``new``."""
    parts = read_package(document)
    xml = parts[part].decode("utf-8")
    assert old in xml, f"{old!r} not in {part}"
    parts[part] = xml.replace(old, new, 1).encode("utf-8")
    return write_package([Member.deflate(n, c) for n, c in parts.items()])


# --- the samples: every element a 公文 has -------------------------------------------


@needs_soffice
@pytest.mark.pdf
@pytest.mark.parametrize("name", SAMPLE_NAMES)
def test_sample_pdf_holds_exactly_its_text(pool: ConverterPool, name: str) -> None:
    document = sample_docx(name)
    result = convert(document, pool=pool)  # verification is on by default
    comparison = compare_text(result.docx, result.pdf)
    assert comparison.ok and comparison.reading == "content"
    assert comparison.docx_chars > 250
    assert comparison.pdf_chars >= comparison.docx_chars  # plus page numbers and furniture


@needs_soffice
@pytest.mark.pdf
def test_pdfium_is_used_by_one_thread_at_a_time(pool: ConverterPool) -> None:
    """Verification runs in the pool's threads and the OFD writer reads PDFs too: PDFium is not
    thread-safe (concurrent calls abort the process), so both hold one lock."""
    from concurrent.futures import ThreadPoolExecutor

    from doctemplates.ofd import to_ofd

    result = convert(sample_docx("notice"), pool=pool)
    with ThreadPoolExecutor(8) as threads:
        checks = [threads.submit(compare_text, result.docx, result.pdf) for _ in range(16)]
        ofds = [threads.submit(to_ofd, result.pdf) for _ in range(4)]
        assert all(f.result().ok for f in checks)
        assert len({f.result() for f in ofds}) == 1  # deterministic, and nothing crashed


@needs_soffice
@pytest.mark.pdf
def test_seal_picture_is_not_text(pool: ConverterPool, tmp_path: Path) -> None:
    (tmp_path / "seal.png").write_bytes(red_disc_png())
    kind = get_kind("document")
    data = data_for_kind(kind, load_data(SAMPLES / "notice.yaml"))
    data["signature"] = {**data["signature"], "seal_mode": "seal", "seal_image": "seal.png"}
    with data_dir(tmp_path):
        document = kind.render(kind.validate(data))
    assert b"word/media/" in document
    assert compare_text(document, convert(document, pool=pool).pdf).ok


# --- differences are found and located ---------------------------------------------


@pytest.fixture(scope="module")
def speech(pool: ConverterPool) -> tuple[bytes, bytes]:
    document = sample_docx("speech")
    return document, convert(document, pool=pool).pdf


@needs_soffice
@pytest.mark.pdf
def test_lost_mark_named_with_page_and_context(
    pool: ConverterPool, speech: tuple[bytes, bytes]
) -> None:
    document, _ = speech
    lost = edit(document, "word/document.xml", "重要方式，是听取", "重要方式是听取")
    pdf = convert(lost, PdfOptions(verify_text=False), pool=pool).pdf
    result = compare_text(document, pdf)
    assert [(d.kind, d.page, d.expected) for d in result.differences] == [("missing", 1, "，")]
    assert "方式[，]是听取" in result.differences[0].context
    assert str(result.differences[0]).startswith("第1页缺少「，」：…")


@needs_soffice
@pytest.mark.pdf
def test_extra_and_changed_characters(speech: tuple[bytes, bytes]) -> None:
    document, pdf = speech
    fewer = edit(document, "word/document.xml", "重要方式，是听取", "重要方式是听取")
    (extra,) = compare_text(fewer, pdf).differences
    assert (extra.kind, extra.actual, extra.page) == ("extra", "，", 1)
    assert "方式[，]是听取" in extra.context
    other = edit(document, "word/document.xml", "重要方式，是听取", "重要方法，是听取")
    (changed,) = compare_text(other, pdf).differences
    assert (changed.kind, changed.expected, changed.actual) == ("changed", "法", "式")
    assert str(changed).startswith("第1页「法」变为「式」")


@needs_soffice
@pytest.mark.pdf
def test_letter_header_must_be_on_page_one(pool: ConverterPool) -> None:
    document = sample_docx("letter")
    assert "示例市科学技术局" in docx_text(document).first_page
    wrong = edit(document, "word/header1.xml", "示例市科学技术局", "示例市科学技术厅")
    pdf = convert(wrong, PdfOptions(verify_text=False), pool=pool).pdf
    result = compare_text(document, pdf)
    assert not result.ok
    assert any(d.page == 1 and "示例市科学技术局" in d.expected for d in result.differences)


def _long_table(heading_marked: bool) -> bytes:
    """A 60-row table with a heading row, over two pages."""
    document = docx.Document()
    table = document.add_table(rows=61, cols=3)
    for c, text in enumerate(("序号", "整改任务", "责任单位")):
        table.cell(0, c).text = text
    for r in range(1, 61):
        for c, text in enumerate((str(r), f"第{r}项整改任务落实到位", f"责任单位{r}")):
            table.cell(r, c).text = text
    if heading_marked:
        tr_pr = table.rows[0]._tr.get_or_add_trPr()
        tr_pr.append(etree.Element(qn("w:tblHeader")))
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


@needs_soffice
@pytest.mark.pdf
def test_repeated_table_heading_rows(pool: ConverterPool) -> None:
    document = _long_table(heading_marked=True)
    result = convert(document, pool=pool)
    assert result.pages >= 2
    assert compare_text(document, result.pdf).ok
    # the same PDF against a .docx whose heading row does not repeat: extra text
    unmarked = compare_text(_long_table(heading_marked=False), result.pdf)
    assert len(unmarked.differences) == result.pages - 1
    assert {(d.kind, d.actual) for d in unmarked.differences} == {("extra", "序号整改任务责任单位")}


@needs_soffice
@pytest.mark.pdf
def test_watermark_is_not_document_text(speech: tuple[bytes, bytes]) -> None:
    document, pdf = speech
    marked = add_watermark(pdf, "征求意见稿")
    result = compare_text(document, marked)
    assert result.ok and result.reading == "geometric"


def _rotated_pdf(lines: list[str], angle: int) -> bytes:
    """Lines turned by ``angle`` degrees, painted last line first (content order ≠ reading)."""
    from reportlab.pdfgen import canvas

    buffer = io.BytesIO()
    c = canvas.Canvas(buffer, pagesize=(842, 842))
    c.setFont("Helvetica", 14)
    c.translate(421, 421)
    c.rotate(angle)
    for index in reversed(range(len(lines))):
        c.drawString(-300, 200 - 30 * index, lines[index])
    c.showPage()
    c.save()
    return buffer.getvalue()


def _plain_docx(lines: list[str]) -> bytes:
    document = docx.Document()
    for text in lines:
        document.add_paragraph(text)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


@pytest.mark.parametrize("angle", [0, 90, 180, 270])
def test_rotated_text_read_in_its_own_direction(angle: int) -> None:
    lines = ["Table 1 task list,", "row one: budget 2026.", "row two: audit 37"]
    pdf = _rotated_pdf(lines, angle)
    (page,) = pdf_pages(pdf, geometric=True)
    assert page.geometric == "".join(lines).replace(" ", "")
    assert compare_text(_plain_docx(lines), pdf).ok
    wrong = compare_text(_plain_docx([*lines[:2], "row two: audit 38"]), pdf)
    assert [(d.kind, d.expected, d.actual) for d in wrong.differences] == [("changed", "8", "7")]


# --- verification is on by default ---------------------------------------------------


def _losing(document: bytes) -> bytes:
    """What a converter that drops the first ， would have converted."""
    parts = read_package(document)
    xml = parts["word/document.xml"].decode("utf-8")
    parts["word/document.xml"] = xml.replace("，", "", 1).encode("utf-8")
    return write_package([Member.deflate(n, c) for n, c in parts.items()])


@needs_soffice
@pytest.mark.pdf
def test_convert_refuses_a_pdf_that_lost_text(
    pool: ConverterPool, monkeypatch: pytest.MonkeyPatch
) -> None:
    original = convert_module.for_libreoffice
    monkeypatch.setattr(convert_module, "for_libreoffice", lambda d: original(_losing(d)))
    document = sample_docx("speech")
    with pytest.raises(PdfTextMismatchError) as info:
        convert(document, pool=pool)
    assert "缺少「，」" in str(info.value) and "第1页" in str(info.value)
    assert info.value.describe().endswith("（PdfTextMismatchError）")
    assert convert(document, PdfOptions(verify_text=False), pool=pool).pdf[:5] == b"%PDF-"


@needs_soffice
@pytest.mark.pdf
def test_render_pdf_with_lost_text_exits_1_and_writes_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    original = convert_module.for_libreoffice
    monkeypatch.setattr(convert_module, "for_libreoffice", lambda d: original(_losing(d)))
    out = tmp_path / "讲话.docx"
    result = CliRunner().invoke(
        app, ["render", "speech", str(SAMPLES / "speech.yaml"), "-o", str(out), "--pdf"]
    )
    assert result.exit_code == 1
    assert "缺少「，」" in result.output and "PdfTextMismatchError" in result.output
    assert "Traceback" not in result.output
    # the PDF is converted and verified before anything is written (issue 18): nothing is left
    assert sorted(p.name for p in tmp_path.iterdir()) == []


# --- hostile input -------------------------------------------------------------------


def test_not_a_pdf_is_a_chinese_error() -> None:
    with pytest.raises(DataError, match="PDF 无法读取"):
        compare_text(_long_table(True), b"%PDF-1.7 not really")


@needs_soffice
@pytest.mark.pdf
def test_unrelated_texts_stop_quickly(speech: tuple[bytes, bytes]) -> None:
    _, pdf = speech
    start = time.perf_counter()
    result = compare_text(sample_docx("plan"), pdf)
    assert time.perf_counter() - start < 5
    assert not result.ok and len(result.differences) <= 20


# --- the .docx reader ----------------------------------------------------------------


def _docx(body_xml: str) -> bytes:
    document = docx.Document()
    body = document.element.body
    for child in list(body):
        if child.tag != qn("w:sectPr"):
            body.remove(child)
    wrapper = etree.fromstring(
        f'<x xmlns:w="{W_NS}" '
        'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
        'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape">'
        f"{body_xml}</x>"
    )
    for index, child in enumerate(wrapper):
        body.insert(index, child)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _flow(body_xml: str) -> str:
    return docx_text(_docx(body_xml)).flow


def test_reader_whitespace_tabs_and_breaks() -> None:
    xml = '<w:p><w:r><w:t xml:space="preserve">甲 乙</w:t><w:tab/><w:br/><w:t>丙</w:t></w:r></w:p>'
    assert _flow(xml) == "甲乙丙"


def test_reader_fields() -> None:
    field = (
        '<w:p><w:r><w:t>第</w:t></w:r><w:r><w:fldChar w:fldCharType="begin"/></w:r>'
        '<w:r><w:instrText xml:space="preserve"> {code} </w:instrText></w:r>'
        '<w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>{result}</w:t></w:r>'
        '<w:r><w:fldChar w:fldCharType="end"/></w:r><w:r><w:t>页</w:t></w:r></w:p>'
    )
    assert _flow(field.format(code="PAGE", result="3")) == f"第{NUMBER}页"
    assert _flow(field.format(code="DATE \\@ yyyy", result="2026")) == f"第{WILD}页"
    assert _flow(field.format(code='HYPERLINK "x"', result="链接")) == "第链接页"
    simple = '<w:p><w:fldSimple w:instr=" NUMPAGES "><w:r><w:t>9</w:t></w:r></w:fldSimple></w:p>'
    assert _flow(simple) == NUMBER


def test_reader_leaves_out_what_is_not_shown() -> None:
    xml = (
        "<w:p>"
        "<w:r><w:rPr><w:vanish/></w:rPr><w:t>隐藏</w:t></w:r>"
        "<w:del><w:r><w:delText>删除</w:delText></w:r></w:del>"
        "<w:ins><w:r><w:t>插入</w:t></w:r></w:ins>"
        "<w:r><w:t>正文</w:t></w:r>"
        "</w:p>"
    )
    assert _flow(xml) == "插入正文"


def test_reader_floats_and_alternate_content() -> None:
    box = (
        "<w:p><w:r><w:t>正文</w:t></w:r><w:r><mc:AlternateContent>"
        '<mc:Choice Requires="wps"><w:drawing><wps:txbx><w:txbxContent><w:p><w:r><w:t>框内</w:t>'
        "</w:r></w:p></w:txbxContent></wps:txbx></w:drawing></mc:Choice>"
        "<mc:Fallback><w:pict><w:txbxContent><w:p><w:r><w:t>框内</w:t></w:r></w:p>"
        "</w:txbxContent></w:pict></mc:Fallback></mc:AlternateContent></w:r></w:p>"
        '<w:tbl><w:tblPr><w:tblpPr w:tblpYSpec="bottom"/></w:tblPr><w:tr><w:tc><w:p><w:r>'
        "<w:t>抄送：甲。</w:t></w:r></w:p></w:tc></w:tr></w:tbl><w:p/>"
    )
    assert docx_text(_docx(box)).body == (
        ("text", "正文"),
        ("float", "框内"),
        ("float", "抄送：甲。"),
    )


def test_reader_numbering_labels_are_wildcards() -> None:
    xml = '<w:p><w:pPr><w:numPr><w:ilvl w:val="0"/><w:numId w:val="1"/></w:numPr></w:pPr><w:r><w:t>一项</w:t></w:r></w:p>'
    assert _flow(xml) == f"{WILD}一项"


@needs_soffice
@pytest.mark.pdf
def test_batch_pdf_with_lost_text_fails_the_record(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """batch --pdf: verification is on; the record fails with the Chinese message, no PDF."""
    from doctemplates.batch import InlineExecutor, render_many
    from doctemplates.records import Record

    original = convert_module.for_libreoffice
    monkeypatch.setattr(convert_module, "for_libreoffice", lambda d: original(_losing(d)))
    data = data_for_kind(get_kind("speech"), load_data(SAMPLES / "speech.yaml"))
    with data_dir(SAMPLES):
        results = render_many(
            "speech", [Record(2, data)], tmp_path / "out", executor=InlineExecutor(), pdf=True
        )
    (result,) = results
    assert not result.ok and "PDF 文字与 .docx 不一致" in (result.error or "")
    assert "缺少「，」" in (result.error or "")
    assert list((tmp_path / "out").glob("*.pdf")) == []


def _with_headers(*, title_page: bool, even_odd: bool) -> bytes:
    """Default, first-page and even headers, each with its own text."""
    document = docx.Document()
    document.add_paragraph("正文")
    section = document.sections[0]
    section.different_first_page_header_footer = title_page
    document.settings.odd_and_even_pages_header_footer = even_odd
    section.header.paragraphs[0].text = "默认页眉"
    section.first_page_header.paragraphs[0].text = "首页页眉"
    section.even_page_header.paragraphs[0].text = "偶数页眉"
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("title_page", "even_odd", "shown", "page_one"),
    [
        (False, False, {"默认页眉"}, ("默认页眉",)),
        (True, False, {"默认页眉", "首页页眉"}, ("首页页眉",)),
        (True, True, {"默认页眉", "首页页眉", "偶数页眉"}, ("首页页眉",)),
    ],
)
def test_reader_shows_only_the_headers_word_shows(
    title_page: bool, even_odd: bool, shown: set[str], page_one: tuple[str, ...]
) -> None:
    text = docx_text(_with_headers(title_page=title_page, even_odd=even_odd))
    assert {f.text for f in text.furniture} == shown
    assert text.first_page == page_one
    assert {f.text for f in text.furniture if f.first_only} == (
        {"首页页眉"} if title_page else set()
    )


def test_only_cited_footnotes_are_expected() -> None:
    """A footnote no ``w:footnoteReference`` points at is not shown by Word or LibreOffice,
    so the PDF need not hold it; a cited one must be there."""
    from tests.adversarial import templates_corpus as corpus

    parts = corpus.members()  # has word/footnotes.xml with note 1, cited nowhere
    plain = corpus.package(parts)
    assert "脚注" not in "".join(text for _kind, text in docx_text(plain).body)
    corpus.edit(
        parts,
        "word/document.xml",
        "</w:body>",
        '<w:p><w:r><w:footnoteReference w:id="1"/></w:r></w:p></w:body>',
    )
    cited = corpus.package(parts)
    assert ("float", "脚注") in docx_text(cited).body
