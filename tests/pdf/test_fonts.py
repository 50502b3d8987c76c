"""Font substitution report, strict mode, user font folders."""

from __future__ import annotations

import io
import subprocess
import xml.etree.ElementTree as ET

import pdfplumber
import pytest

from doctemplates.fonts import FONTS_CONF, fc_pattern, fontconfig_env, project_font_dirs
from doctemplates.gbt9704.fonts import STANDARD_FACES
from doctemplates.pdf import (
    ConverterPool,
    FontSubstitutionError,
    PdfOptions,
    convert,
    doctor_report,
)
from doctemplates.pdf.fontreport import STANDARD_ALIASES, font_key, requested_faces
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


# --- the free faces of issue 16 §2: FangSong / heavy Song / Kai / Hei ----------------------

FANDOL_DIRS = project_font_dirs()
#: role → the free face fonts.conf puts first for it (when installed by .ci/system-deps.sh)
FREE_FACES = {
    "方正小标宋简体": ("FandolSong", "Bold"),
    "仿宋_GB2312": ("FandolFang", "Regular"),
    "楷体_GB2312": ("FandolKai", "Regular"),
    "黑体": ("Noto Sans CJK SC", "Regular"),
    "宋体": ("FandolSong", "Regular"),
}
needs_fandol = pytest.mark.skipif(
    not any((d / "FandolFang-Regular.otf").is_file() for d in FANDOL_DIRS),
    reason="Fandol faces not installed (.ci/system-deps.sh)",
)


def _fc(face: str) -> tuple[str, str, str]:
    out = subprocess.run(
        ["fc-match", "-f", "%{family[0]}|%{style[0]}|%{file}", fc_pattern(face)],
        env=fontconfig_env(),
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    family, style, file = out.split("|")
    return family, style, file


def _gb2312_hanzi() -> list[str]:
    """The 6,763 hanzi of GB 2312 (rows 16–87), read from Python's gb2312 codec."""
    codes = (bytes([hi, lo]) for hi in range(0xB0, 0xF8) for lo in range(0xA1, 0xFF))
    return [c.decode("gb2312") for c in codes if _decodes(c)]


def _decodes(code: bytes) -> bool:
    try:
        code.decode("gb2312")
    except UnicodeDecodeError:
        return False
    return True


def test_every_alias_is_mapped_in_fonts_conf() -> None:
    """fonts.conf maps every standard name and alias the font report knows (and no other)."""
    root = ET.parse(FONTS_CONF).getroot()
    mapped = {
        m.findtext("test/string")
        for m in root.iter("match")
        if m.get("target") == "pattern" and m.find("edit[@name='family']") is not None
    }
    names = {n for face, aliases in STANDARD_ALIASES.items() for n in (face, *aliases)}
    assert names == mapped


def test_fonts_conf_is_generated_from_the_alias_table() -> None:
    """fonts.conf is ``python -m doctemplates.fonts build``'s output: one alias table, no copy."""
    from doctemplates.fonts.conf import fonts_conf

    assert FONTS_CONF.read_text(encoding="utf-8") == fonts_conf()


def test_checker_and_font_report_share_the_aliases() -> None:
    """A name the checker files under a family is a standard face for the PDF report too."""
    from doctemplates.check.textforms import FONT_FAMILIES, font_family
    from doctemplates.pdf.fontreport import FontUse

    for family, names in FONT_FAMILIES.items():
        for name in names:
            assert font_family(name) == family
            assert FontUse(name, None, None, substituted=False).standard, name
    assert set(STANDARD_ALIASES) == set(STANDARD_FACES)


@needs_fandol
@pytest.mark.parametrize(("face", "expected"), sorted(FREE_FACES.items()))
def test_standard_faces_resolve_to_the_free_faces(face: str, expected: tuple[str, str]) -> None:
    for alias in (face, *STANDARD_ALIASES[face]):
        assert _fc(alias)[:2] == expected, alias


@needs_fandol
def test_fangsong_covers_gb2312() -> None:
    """The 正文 face holds all 6,763 hanzi of GB 2312 (and the 公文 punctuation)."""
    ttlib = pytest.importorskip("fontTools.ttLib")
    cmap = ttlib.TTFont(_fc("仿宋_GB2312")[2], lazy=True).getBestCmap()
    hanzi = _gb2312_hanzi()
    assert len(hanzi) == 6763
    assert [c for c in hanzi if ord(c) not in cmap] == []
    assert all(ord(c) in cmap for c in "〔〕《》（）、，。：；“”—★")


@needs_fandol
def test_body_is_fangsong_and_title_heavy_song_in_the_pdf(pool: ConverterPool) -> None:
    """A real document: 正文 drawn by FandolFang, 标题/标志 by FandolSong Bold; the report says so."""
    from doctemplates.kinds import get_kind

    kind = get_kind("document")
    docx = kind.render(
        {
            "organs": ["示例市科学技术局"],
            "title": "示例市科学技术局关于开展示例工作的通知",
            "body": [{"paragraphs": ["为做好示例工作，现将有关事项通知如下。"]}],
            "signature": {"names": ["示例市科学技术局"], "date": "2026-03-05"},
        }
    )
    result = convert(docx, pool=pool)
    uses = {u.requested: u for u in result.fonts.uses}
    assert uses["仿宋_GB2312"].family == "FandolFang"
    assert uses["仿宋_GB2312"].used == "FandolFang-Regular"
    assert uses["方正小标宋简体"].used == "FandolSong-Bold"
    assert "仿宋_GB2312 → FandolFang（替代）" in result.fonts.describe()
    with pdfplumber.open(io.BytesIO(result.pdf)) as doc:
        chars = doc.pages[0].chars
    body = {c["fontname"].split("+")[-1] for c in chars if c["size"] == 16 and c["text"] == "做"}
    title = {c["fontname"].split("+")[-1] for c in chars if c["size"] == 22}
    assert body == {"FandolFang-Regular"}
    assert title == {"FandolSong-Bold"}


def test_doctor_names_the_free_face_of_each_role() -> None:
    rows = dict(doctor_report())
    if not any((d / "FandolFang-Regular.otf").is_file() for d in FANDOL_DIRS):
        pytest.skip("Fandol faces not installed (.ci/system-deps.sh)")
    assert rows["字体 仿宋_GB2312"].startswith("FandolFang")
    assert rows["字体 方正小标宋简体"].startswith("FandolSong (Bold")
    assert rows["免费替代字体 (Fandol)"].startswith("已安装")
