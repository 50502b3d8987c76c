"""What the PDF pipeline finds on this machine.  PDF 环境诊断（doctor）。"""

from __future__ import annotations

import os
from collections.abc import Iterable

from doctemplates.fonts import FREE_FACE_FILES, project_font_dirs
from doctemplates.pdf import _soffice
from doctemplates.pdf.errors import PdfError
from doctemplates.pdf.fontconfig import STANDARD_FACES, fc_match, font_env, resolve_font_dirs

__all__ = ["doctor_report"]


def doctor_report(
    font_dirs: Iterable[str | os.PathLike[str]] | None = None,
) -> list[tuple[str, str]]:
    """``(item, finding)`` rows, in Chinese, for ``doctemplates doctor``.

    LibreOffice version, whether warm UNO workers are available (else the cold
    fallback), the font folders searched, and what each standard face resolves
    to under the generated fontconfig file.
    """
    rows: list[tuple[str, str]] = []
    soffice = _soffice.soffice_path()
    if soffice is None:
        rows.append(("LibreOffice", f"未安装（无法生成 PDF）；安装：{_soffice.INSTALL_HINT}"))
    else:
        rows.append(("LibreOffice", f"{_soffice.soffice_version() or '版本未知'}（{soffice}）"))
    python = _soffice.uno_python()
    rows.append(
        (
            "常驻转换进程 (UNO)",
            f"可用：{python}"
            if python
            else "不可用（逐份冷启动 soffice，较慢）；安装：sudo apt-get install python3-uno",
        )
    )
    try:
        dirs = resolve_font_dirs(font_dirs)
    except PdfError as exc:
        rows.append(("字体目录", str(exc)))
        dirs = ()
    else:
        rows.append(("字体目录", "、".join(map(str, dirs)) or "（未指定；DOCTEMPLATES_FONT_DIRS）"))
    rows.append(("免费替代字体 (Fandol)", _free_faces()))
    env = font_env(dirs)
    for face in STANDARD_FACES:
        found = fc_match(face, env)
        rows.append((f"字体 {face}", found or "未找到 fc-match"))
    return rows


def _free_faces() -> str:
    """Where the Fandol faces (仿宋、宋/小标宋、楷、黑) are, or how to install them."""
    for folder in project_font_dirs():
        if all((folder / name).is_file() for name in FREE_FACE_FILES):
            return f"已安装：{folder}"
    return "未安装（仿宋、楷体将由 Noto/文楷替代）；安装：sudo bash .ci/system-deps.sh"
