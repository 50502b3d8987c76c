"""Compatibility name (版式数据): the standard's numbers now live in :mod:`doctemplates.gbt9704`.

``doctemplates.layout.geometry`` keeps working for code written against it: it
re-exports :mod:`doctemplates.gbt9704.geometry` and the LibreOffice offsets of
:mod:`doctemplates.layout.calibration`.  The project's own modules import those two.
"""

from __future__ import annotations

from doctemplates.gbt9704.geometry import *  # noqa: F403
from doctemplates.gbt9704.geometry import __all__ as _standard
from doctemplates.layout.calibration import *  # noqa: F403
from doctemplates.layout.calibration import __all__ as _calibration

__all__ = [*_standard, *_calibration]  # pyright: ignore[reportUnsupportedDunderAll]
