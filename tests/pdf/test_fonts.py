"""Font substitution report, strict mode, user font folders."""

from __future__ import annotations

import pytest

from doctemplates.pdf import (
    ConverterPool,
    FontSubstitutionError,
    PdfOptions,
    convert,
    doctor_report,
)
from doctemplates.pdf.fontreport import font_key, requested_faces
from tests.pdf.conftest import char_fonts, needs_soffice
from tests.pdf.docs import cjk_docx

pytestmark = [pytest.mark.pdf, needs_soffice]


def test_requested_faces_come_from_the_docx() -> None:
    faces = requested_faces(cjk_docx(body_face="仿宋_GB2312", title_face="黑体"))
    assert {"仿宋_GB2312", "黑体"} <= set(faces)


def test_report_matches_the_pdf_fonts(pool: ConverterPool) -> None:
    result = convert(cjk_docx("字体"), pool=pool)
    drawn = char_fonts(result.pdf)
    uses = {u.requested: u for u in result.fonts.uses}
    for face in ("仿宋_GB2312", "黑体"):
        assert uses[face].used in drawn, (face, uses[face], drawn)
    # 仿宋 (serif) and 黑体 (sans) must not have been drawn by the same face
    assert font_key(uses["仿宋_GB2312"].used) != font_key(uses["黑体"].used)
    assert set(dict(result.fonts.pairs)) >= {"仿宋_GB2312", "黑体"}
    assert result.fonts.pdf_fonts >= drawn


def test_substitution_is_reported(pool: ConverterPool) -> None:
    fonts = convert(cjk_docx("替代"), pool=pool).fonts
    fangsong = next(u for u in fonts.uses if u.requested == "仿宋_GB2312")
    if not fangsong.substituted:
        pytest.skip("仿宋_GB2312 is installed on this machine")
    assert fangsong in fonts.standard_substitutions
    assert "仿宋_GB2312 →" in fonts.describe()


def test_strict_fonts_refuses_substitutes(pool: ConverterPool) -> None:
    document = cjk_docx("严格")
    if not convert(document, pool=pool).fonts.standard_substitutions:
        pytest.skip("every standard face is installed on this machine")
    with pytest.raises(FontSubstitutionError, match="仿宋_GB2312") as info:
        convert(document, PdfOptions(strict_fonts=True), pool=pool)
    assert "严格字体模式" in str(info.value)
    assert "仿宋_GB2312" in dict(info.value.substitutions)


def test_non_standard_face_does_not_trip_strict(pool: ConverterPool) -> None:
    # LXGW WenKai is installed under its own name: nothing is substituted
    document = cjk_docx("楷体", body_face="LXGW WenKai", title_face="LXGW WenKai")
    uses = convert(document, pool=pool).fonts.uses
    wenkai = next(u for u in uses if u.requested == "LXGW WenKai")
    if wenkai.family != "LXGW WenKai":
        pytest.skip("fonts-lxgw-wenkai is not installed")
    assert not wenkai.substituted and wenkai.used


def test_doctor_report_lists_standard_faces() -> None:
    rows = dict(doctor_report())
    assert rows["LibreOffice"].startswith("LibreOffice")
    for face in ("方正小标宋简体", "仿宋_GB2312", "楷体_GB2312", "黑体"):
        assert rows[f"字体 {face}"]


def _fake_fangsong(folder) -> None:
    """A free TrueType face renamed 仿宋_GB2312, standing in for the licensed file."""
    ttlib = pytest.importorskip("fontTools.ttLib")
    import subprocess

    path = subprocess.run(
        ["fc-match", "-f", "%{file}", "LXGW WenKai:style=Regular"], capture_output=True, text=True
    ).stdout
    if not path.endswith(".ttf"):
        pytest.skip("no TrueType CJK face to rename")
    font = ttlib.TTFont(path)
    name = font["name"]
    name.names = [r for r in name.names if r.nameID not in (1, 2, 4, 6, 16, 17)]
    for lang, family in ((0x409, "FangSong_GB2312"), (0x804, "仿宋_GB2312")):
        name.setName(family, 1, 3, 1, lang)
        name.setName("Regular", 2, 3, 1, lang)
        name.setName(family, 4, 3, 1, lang)
    name.setName("FangSong_GB2312", 6, 3, 1, 0x409)
    font.save(folder / "fangsong-gb2312.ttf")


def test_user_font_folder_wins(tmp_path) -> None:
    _fake_fangsong(tmp_path)
    with ConverterPool(size=1, font_dirs=[tmp_path]) as user_pool:
        result = convert(cjk_docx("用户字体"), pool=user_pool)
    fangsong = next(u for u in result.fonts.uses if u.requested == "仿宋_GB2312")
    assert (
        fangsong.family == "FangSong_GB2312"
    )  # fonts.conf appends stand-ins: the user's face wins
    assert not fangsong.substituted
    assert fangsong.used == "FangSong_GB2312"
    assert "FangSong_GB2312" in char_fonts(result.pdf)


def test_report_pairs_regular_face_with_regular_pdf_font() -> None:
    from doctemplates.pdf.fontreport import _pick

    names = frozenset({"NotoSerifCJKjp-Bold-VKana", "NotoSerifCJKjp-Regular-VKana"})
    assert _pick(names, "NotoSerifCJKsc-Regular") == "NotoSerifCJKjp-Regular-VKana"
    assert _pick(names, "NotoSerifCJKsc-Bold") == "NotoSerifCJKjp-Bold-VKana"
