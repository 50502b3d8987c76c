"""Advance widths of the face a font name resolves to (字宽).  fontTools + fontconfig.

The layout needs real widths in two places: fitting 标题 lines into the 版心
(§7.3.1) and centring the 署名 over the 成文日期 (§7.3.5), whose digits are
half width in the GB 2312 faces.  :func:`face_metrics` asks fontconfig which
file a name resolves to under the project mapping (:data:`FONTS_CONF`: the
agency's installed face first, then the free stand-ins) and reads that file's
``cmap`` and ``hmtx`` with fontTools.

Without fontconfig or a readable face (Windows, macOS, no fonts installed) the
widths fall back to the nominal ones of the standard faces: CJK and full-width
forms one em, everything else half an em — exactly the metrics of 仿宋_GB2312
and of FandolFang.  Results are cached per name, so a process reads a face once.

>>> m = nominal_metrics()
>>> m.advance("中"), m.advance("2"), m.advance("〔")
(1.0, 0.5, 1.0)
"""

from __future__ import annotations

import functools
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from doctemplates.fonts import fc_query, fontconfig_env

if TYPE_CHECKING:
    from doctemplates.render.cache import Store

__all__ = ["FaceMetrics", "face_metrics", "is_wide", "nominal_metrics"]

_MAX_FACE_BYTES = 64 * 1024 * 1024  # no CJK face is larger; refuse odd files


def is_wide(ch: str) -> bool:
    """A full-width (East Asian Wide or Fullwidth) character: one em in every CJK face.

    >>> is_wide("字"), is_wide("《"), is_wide("2"), is_wide("%")
    (True, True, False, False)
    """
    return unicodedata.east_asian_width(ch) in ("W", "F")


@dataclass(frozen=True)
class FaceMetrics:
    """Advance widths in em of one face; ``source`` names the file (or ``"nominal"``)."""

    source: str
    widths: dict[int, float] = field(default_factory=dict, repr=False, compare=False)

    def advance(self, ch: str) -> float:
        """Advance width of ``ch`` in em; nominal when the face lacks the glyph."""
        found = self.widths.get(ord(ch))
        if found is not None:
            return found
        return 1.0 if is_wide(ch) else 0.5


def nominal_metrics() -> FaceMetrics:
    """CJK one em, the rest half an em (the GB 2312 faces' metrics)."""
    return FaceMetrics("nominal")


def _resolve_file(face: str) -> tuple[Path, int] | None:
    """The file (and face index) ``face`` resolves to: fontconfig's answer, kept in the user
    cache while fontconfig's configuration and font folders are unchanged (fonts/fcstate.py)."""
    from doctemplates.fonts.fcstate import fontconfig_stamp

    env = fontconfig_env()
    stamp = fontconfig_stamp(env)
    key = f"file 1|{face}|{stamp}" if stamp else None
    payload = _store("fontfiles").get(key) if key else None
    if payload is not None:
        found = _face_file(payload.decode("utf-8", "surrogateescape"))
        if found is not None:
            return found
    out = fc_query(face, "%{file}|%{index}", env)
    found = _face_file(out) if out is not None else None
    if found is not None and key and out is not None:
        _store("fontfiles").put(key, out.encode("utf-8", "surrogateescape"))
    return found


def _face_file(answer: str) -> tuple[Path, int] | None:
    """``file|index`` as fc-match prints it, when the file is there and not oversized."""
    file, _, index = answer.partition("|")
    path = Path(file)
    if not file or not (index or "0").isdigit() or not path.is_file():
        return None
    if path.stat().st_size > _MAX_FACE_BYTES:
        return None
    return path, int(index or 0)


def _store(namespace: str = "metrics") -> Store:
    from doctemplates.render.cache import Store

    return Store(namespace)


def _read_widths(path: Path, index: int) -> dict[int, float]:
    from fontTools.ttLib import TTFont  # imported here: only when a face is read

    with TTFont(str(path), fontNumber=index, lazy=True) as font:
        per_em = float(font["head"].unitsPerEm)
        hmtx = font["hmtx"].metrics
        cmap = font.getBestCmap() or {}
        return {code: hmtx[glyph][0] / per_em for code, glyph in cmap.items() if glyph in hmtx}


def _widths_key(path: Path, index: int) -> str | None:
    """The face file's identity: path, face index, device, inode, size, change times.

    Not a hash of the file (8 ms a face, half the saving): a changed or replaced file
    changes its size, mtime or ctime (which no user can set back) or its inode.
    """
    try:
        info = path.stat()
    except OSError:
        return None
    stamp = (info.st_dev, info.st_ino, info.st_size, info.st_mtime_ns, info.st_ctime_ns)
    return f"widths 1|{path}|{index}|{stamp}"


def _cached_widths(path: Path, index: int) -> dict[int, float] | None:
    """The widths read from this file before (the signed user cache), or None."""
    import marshal

    key = _widths_key(path, index)
    payload = _store().get(key) if key else None
    if payload is None:
        return None
    try:
        widths = marshal.loads(payload)
    except (ValueError, EOFError, TypeError):
        return None
    if not isinstance(widths, dict) or not (
        set(map(type, widths)) <= {int} and set(map(type, widths.values())) <= {float}
    ):  # the types checked in C: a face has ~20,000 entries
        return None
    return widths


def _store_widths(path: Path, index: int, widths: dict[int, float]) -> None:
    import marshal

    key = _widths_key(path, index)
    if key:
        _store().put(key, marshal.dumps(widths))


@functools.lru_cache(maxsize=16)
def face_metrics(face: str) -> FaceMetrics:
    """Metrics of the face ``face`` resolves to under the project mapping (cached).

    Falls back to :func:`nominal_metrics` when the face cannot be resolved or read.
    """
    found = _resolve_file(face)
    if found is None:
        return nominal_metrics()
    path, index = found
    widths = _cached_widths(path, index)
    if widths is None:
        try:
            widths = _read_widths(path, index)
        except Exception:  # a broken or unsupported font file: the nominal widths still hold
            return nominal_metrics()
        _store_widths(path, index, widths)
    return FaceMetrics(f"{path.name}#{index}" if index else path.name, widths)
