"""Measuring rendered PDFs in millimetres (pdfplumber), for the layout tests.

The measuring core lives in :mod:`doctemplates.check.measure`; this module
re-exports it under the names the layout tests use.
"""

from __future__ import annotations

from doctemplates.check.measure import PT_TO_MM, Line, PageInfo, Rule, measure_pdf

__all__ = ["PT_TO_MM", "Line", "PageInfo", "Rule", "measure_pdf"]
