"""Bad input gives one Chinese sentence and writes nothing (issue 21)."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from pypdf import PdfReader, PdfWriter
from pypdf.generic import NameObject
from reportlab.pdfgen import canvas

from doctemplates.errors import DocTemplatesError, OutputExistsError
from doctemplates.ofd import OfdError, OfdFontError, OfdInputError, convert, convert_file, to_ofd
from doctemplates.ofd import fonts as ofd_fonts
from tests.ofd.conftest import Doc


def _chinese(error: DocTemplatesError) -> None:
    assert any("\u4e00" <= ch <= "\u9fff" for ch in str(error))
    assert type(error).__name__ in error.describe()


@pytest.mark.parametrize(
    "data",
    [b"", b"hello, world", b"%!PS-Adobe-3.0\n", b"\x89PNG\r\n\x1a\n" + b"\x00" * 64],
    ids=["empty", "text", "postscript", "png"],
)
def test_not_a_pdf(data: bytes) -> None:
    with pytest.raises(OfdInputError, match="既不是 PDF 也不是 .docx") as info:
        to_ofd(data)
    _chinese(info.value)


def test_a_zip_that_is_not_a_docx() -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("hello.txt", "hi")
    with pytest.raises(OfdInputError):
        to_ofd(buffer.getvalue())


def test_a_truncated_pdf(samples: dict[str, Doc]) -> None:
    with pytest.raises(OfdInputError) as info:
        to_ofd(samples["letter"].pdf[:2000])
    _chinese(info.value)


@pytest.mark.parametrize("user_password", ["secret", ""], ids=["user", "owner-only"])
def test_an_encrypted_pdf(samples: dict[str, Doc], user_password: str) -> None:
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(samples["letter"].pdf)))
    writer.encrypt(user_password=user_password, owner_password="owner", algorithm="AES-128")
    out = io.BytesIO()
    writer.write(out)
    with pytest.raises(OfdInputError, match="加密") as info:
        to_ofd(out.getvalue())
    _chinese(info.value)


def test_a_font_without_tounicode(samples: dict[str, Doc]) -> None:
    """LibreOffice's Type 1 glyphs are named cidNNNNN: without ToUnicode nothing maps to text."""
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(samples["letter"].pdf)))
    for page in writer.pages:
        for ref in page["/Resources"]["/Font"].values():
            font = ref.get_object()
            if NameObject("/ToUnicode") in font:
                del font[NameObject("/ToUnicode")]
    out = io.BytesIO()
    writer.write(out)
    with pytest.raises(OfdError, match="映射") as info:
        to_ofd(out.getvalue())
    _chinese(info.value)


def test_a_font_that_is_not_embedded() -> None:
    """A PDF we did not make: reportlab's standard Helvetica is only named, not embedded."""
    out = io.BytesIO()
    page = canvas.Canvas(out)
    page.setFont("Helvetica", 12)
    page.drawString(72, 720, "Hello OFD")
    page.save()
    with pytest.raises(OfdFontError, match="未嵌入") as info:
        to_ofd(out.getvalue())
    _chinese(info.value)


def test_nothing_is_written_on_error(tmp_path: Path) -> None:
    source = tmp_path / "bad.pdf"
    source.write_bytes(b"not a pdf at all")
    with pytest.raises(OfdInputError):
        convert_file(source)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bad.pdf"]


def test_existing_output_is_kept(samples: dict[str, Doc], tmp_path: Path) -> None:
    source = tmp_path / "letter.pdf"
    source.write_bytes(samples["letter"].pdf)
    (tmp_path / "letter.ofd").write_bytes(b"mine")
    with pytest.raises(OutputExistsError):
        convert_file(source)
    assert (tmp_path / "letter.ofd").read_bytes() == b"mine"
    convert_file(source, overwrite=True)
    assert (tmp_path / "letter.ofd").read_bytes()[:2] == b"PK"


def test_a_restricted_licence_writes_the_font_by_name_only(
    samples: dict[str, Doc], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(ofd_fonts.FontSet, "_fs_type", lambda self, source: 0x0002)
    result = convert(samples["letter"].pdf)
    assert result.fonts and not any(embedded for _, _, embedded in result.fonts)
    assert result.notes and all("不允许嵌入" in note for note in result.notes)
    with zipfile.ZipFile(io.BytesIO(result.ofd)) as archive:
        assert not [n for n in archive.namelist() if n.startswith("Doc_0/Res/font_")]
