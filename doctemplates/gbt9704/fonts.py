"""The 公文 faces and every name they go by (字体与别名, §1 and "Fonts").

GB/T 9704 names four faces — 小标宋 (方正小标宋简体), 仿宋 (仿宋_GB2312), 黑体 and
楷体 (楷体_GB2312) — and the project adds 宋体 for page numbers (§5).  Agency
machines carry them under other names too (Windows, English, 方正 GBK, 华文 …).
This is the one alias table: the checker reads it to tell a family from a font
name, the PDF font report to tell a standard face from another, and
``doctemplates/fonts/fonts.conf`` is generated from it (``python -m
doctemplates.fonts build``), so every alias the checker accepts is mapped to a
free stand-in when the real face is missing.

>>> font_family("FangSong"), font_family("方正小标宋简体"), font_family("Arial")
('仿宋', '小标宋', None)
>>> standard_face("SimHei")
'黑体'
>>> STANDARD_FACES
('方正小标宋简体', '仿宋_GB2312', '楷体_GB2312', '黑体', '宋体')
"""

from __future__ import annotations

from dataclasses import dataclass

from doctemplates.gbt9704.geometry import (
    FONT_FANGSONG,
    FONT_HEITI,
    FONT_KAITI,
    FONT_SONGTI,
    FONT_XIAOBIAOSONG,
)

__all__ = [
    "BODY_FAMILY",
    "FAMILIES",
    "STANDARD_FACES",
    "Family",
    "face_of",
    "family",
    "font_family",
    "standard_face",
]


@dataclass(frozen=True)
class Family:
    """One 公文 face family: its short name, the face the templates write, its other names."""

    name: str  # 仿宋, 小标宋, 黑体, 楷体, 宋体 — what findings and the style table say
    face: str  # the name written into the .docx (w:rFonts), e.g. 仿宋_GB2312
    aliases: tuple[str, ...]  # other names of the same face, or faces agencies use for it

    @property
    def names(self) -> tuple[str, ...]:
        """The face and then its aliases."""
        return (self.face, *self.aliases)


#: The families in the order the PDF tools list them (标题 face first).
FAMILIES: tuple[Family, ...] = (
    Family(
        "小标宋",
        FONT_XIAOBIAOSONG,
        (
            *("方正小标宋_GBK", "小标宋", "FZXiaoBiaoSong-B05S", "FZXiaoBiaoSong-B05"),
            *("方正小标宋", "华文中宋", "STZhongsong"),
        ),
    ),
    Family(
        "仿宋",
        FONT_FANGSONG,
        (
            *("仿宋", "FangSong_GB2312", "FangSong", "方正仿宋_GBK", "方正仿宋简体"),
            *("华文仿宋", "STFangsong", "仿宋_GBK"),
        ),
    ),
    Family(
        "楷体",
        FONT_KAITI,
        (
            *("楷体", "KaiTi_GB2312", "KaiTi", "方正楷体_GBK", "方正楷体简体"),
            *("华文楷体", "STKaiti", "楷体_GBK"),
        ),
    ),
    Family("黑体", FONT_HEITI, ("SimHei", "方正黑体_GBK", "方正黑体简体", "华文黑体", "STHeiti")),
    Family(
        "宋体",
        FONT_SONGTI,
        ("SimSun", "NSimSun", "方正书宋_GBK", "华文宋体", "STSong", "新宋体", "Songti SC"),
    ),
)
#: The family of 正文 and of every style that names no face (the document default, §1).
BODY_FAMILY = "仿宋"
#: The faces the templates name (spec "Fonts", plus 宋体 for page numbers).  公文标准字体。
STANDARD_FACES: tuple[str, ...] = tuple(f.face for f in FAMILIES)

_BY_NAME = {f.name: f for f in FAMILIES}


def _key(name: str) -> str:
    # fontconfig and office suites compare family names without case and blanks
    return name.replace(" ", "").lower()


_FAMILY_OF = {_key(n): f for f in FAMILIES for n in f.names}


def family(name: str) -> Family:
    """The :class:`Family` called ``name`` (仿宋, 小标宋, 黑体, 楷体, 宋体)."""
    return _BY_NAME[name]


def face_of(family_name: str) -> str:
    """The face the templates write for a family: ``face_of("楷体") == "楷体_GB2312"``."""
    return _BY_NAME[family_name].face


def font_family(name: str | None) -> str | None:
    """The 公文 family (仿宋/小标宋/黑体/楷体/宋体) of a font name, or None."""
    if not name:
        return None
    found = _FAMILY_OF.get(_key(name))
    return found.name if found else None


def standard_face(name: str | None) -> str | None:
    """The standard face a font name stands for (``SimHei`` → 黑体), or None."""
    if not name:
        return None
    found = _FAMILY_OF.get(_key(name))
    return found.face if found else None
