"""Findings of the GB/T 9704 checks (检查结果): the name they had before issue 14.

:class:`Finding` and :class:`Location` live in :mod:`doctemplates.findings` (the
ground floor, shared with render and lint), where the checks import them from;
this module is kept one release for code that imports them from here.

>>> from doctemplates.findings import Finding as Shared
>>> Finding is Shared
True
"""

from __future__ import annotations

from doctemplates.findings import Finding, Location, Severity

__all__ = ["Finding", "Location", "Severity"]
