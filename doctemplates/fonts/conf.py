"""``fonts.conf`` generated from the one alias table (字体映射文件的生成).

Every name of :data:`doctemplates.gbt9704.fonts.FAMILIES` gets a ``<match>``
that appends the family's free stand-ins (:data:`STAND_INS`), so a name the
checker accepts never falls through to fontconfig's default face.
``python -m doctemplates.fonts build`` rewrites ``doctemplates/fonts/fonts.conf``;
tests/pdf/test_fonts.py checks that the shipped file is the generated one.

>>> "<string>SimHei</string>" in fonts_conf()
True
"""

from __future__ import annotations

from typing import NamedTuple

from doctemplates.gbt9704.fonts import FAMILIES

__all__ = ["STAND_INS", "StandIn", "fonts_conf"]


class StandIn(NamedTuple):
    """The free faces that stand in for a family, best first, and why (the file's comment)."""

    faces: tuple[str, ...]
    comment: str
    bold: bool = False  # the family is a heavy face: ask the stand-in for its bold


_SERIF = ("Noto Serif CJK SC", "AR PL UMing CN")
#: family → its free stand-ins (the Fandol faces come from .ci/system-deps.sh).
STAND_INS: dict[str, StandIn] = {
    "小标宋": StandIn(
        ("FandolSong", *_SERIF),
        "小标宋 (方正小标宋简体): a heavy Song — FandolSong Bold, else Noto Serif CJK SC Bold",
        bold=True,
    ),
    "仿宋": StandIn(
        ("FandolFang", *_SERIF),
        "仿宋 (仿宋_GB2312): FandolFang (all 6,763 GB 2312 hanzi), else Noto Serif CJK SC",
    ),
    "楷体": StandIn(
        ("FandolKai", "LXGW WenKai", "AR PL UKai CN"),
        "楷体 (楷体_GB2312): FandolKai, else LXGW WenKai, AR PL UKai",
    ),
    "黑体": StandIn(("Noto Sans CJK SC", "FandolHei"), "黑体: Noto Sans CJK SC, else FandolHei"),
    "宋体": StandIn(
        ("FandolSong", *_SERIF), "宋体 (page numbers, tables): FandolSong, else Noto Serif CJK SC"
    ),
}

_HEAD = """<?xml version="1.0"?>
<!DOCTYPE fontconfig SYSTEM "urn:fontconfig:fonts.dtd">
<!-- doctemplates: map the GB/T 9704 font names (spec "Fonts") to free faces for
     PDF output on Linux.  Used through FONTCONFIG_FILE (doctemplates.pdf.fontconfig).
     Generated from doctemplates/gbt9704/fonts.py (python -m doctemplates.fonts build).

     The requested name stays first in the pattern (mode="append"), so an agency's own
     licensed face - installed on the system or in a folder given with font_dirs /
     DOCTEMPLATES_FONT_DIRS - always wins; the free faces below only stand in for a
     name that is not installed.  The Fandol faces live in a project folder that
     .ci/system-deps.sh fills from the texlive-lang-chinese .deb (fonts only). -->
<fontconfig>
  <include ignore_missing="yes">/etc/fonts/fonts.conf</include>
  <!-- the project font folder (.ci/system-deps.sh): as root, else per user -->
  <dir>/usr/local/share/doctemplates/fonts</dir>
  <dir prefix="xdg">doctemplates/fonts</dir>
  <!-- The Fandol Bold faces declare weight 400 (OS/2) like their Regular faces: mark them
       bold when scanned, so fontconfig and LibreOffice tell the two apart.  The folder's
       cache must be built under this file (.ci/system-deps.sh does). -->
"""
_BOLD_FACES = ("FandolSong", "FandolHei")
_TAIL = """  <!-- The Fandol Bold faces declare weight 400 like their Regular faces, so fontconfig
       cannot tell them apart by weight: choose by style.  Regular unless bold is asked
       for (小标宋 above assigns bold). -->
"""


def _scan_bold(face: str) -> str:
    return (
        '  <match target="scan">\n'
        f'    <test name="family"><string>{face}</string></test>\n'
        '    <test name="style"><string>Bold</string></test>\n'
        '    <edit name="weight" mode="assign"><const>bold</const></edit>\n'
        "  </match>\n"
    )


def _alias(name: str, stand_in: StandIn) -> str:
    faces = "".join(f"<string>{f}</string>" for f in stand_in.faces)
    bold = (
        '    <edit name="weight" mode="assign" binding="strong"><const>bold</const></edit>\n'
        if stand_in.bold
        else ""
    )
    return (
        '  <match target="pattern">\n'
        f'    <test name="family" qual="any"><string>{name}</string></test>\n'
        f'    <edit name="family" mode="append" binding="strong">{faces}</edit>\n'
        f"{bold}"
        "  </match>\n"
    )


def _style(face: str, style: str, *, bold: bool) -> str:
    weight = (
        '    <test name="weight" compare="more_eq"><const>bold</const></test>\n' if bold else ""
    )
    return (
        '  <match target="pattern">\n'
        f'    <test name="family" qual="any"><string>{face}</string></test>\n'
        f"{weight}"
        f'    <edit name="style" mode="assign" binding="strong"><string>{style}</string></edit>\n'
        "  </match>\n"
    )


def fonts_conf() -> str:
    """The text of ``doctemplates/fonts/fonts.conf``."""
    parts = [_HEAD, *(_scan_bold(face) for face in _BOLD_FACES)]
    for family in FAMILIES:
        stand_in = STAND_INS[family.name]
        parts.append(f"  <!-- {stand_in.comment} -->\n")
        parts += [_alias(name, stand_in) for name in family.names]
    parts.append(_TAIL)
    parts += [_style(face, "Regular", bold=False) for face in _BOLD_FACES]
    parts += [_style(face, "Bold", bold=True) for face in _BOLD_FACES]
    parts.append("</fontconfig>\n")
    return "".join(parts)
