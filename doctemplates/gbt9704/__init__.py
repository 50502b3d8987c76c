"""GB/T 9704-2012 as data (党政机关公文格式): the ground floor of the project.

Every number, style, font name and format rule of the standard is written here
once and read by the template builder (:mod:`doctemplates.layout`), the checker
(:mod:`doctemplates.check`), lint and the PDF rules.  This package imports
nothing else of the project and no XML or office library, so any layer may
read it.  Section numbers (``§…``) refer to the project's GB/T 9704 checklist.

* :mod:`~doctemplates.gbt9704.geometry` — units, page, type sizes, colours, lines,
  header positions, 信函, landscape pages, tables, face names, seal;
* :mod:`~doctemplates.gbt9704.styles` — the named-style table (role, family
  written and accepted, size);
* :mod:`~doctemplates.gbt9704.fonts` — the face families and their aliases;
* :mod:`~doctemplates.gbt9704.formats` — one :class:`~doctemplates.gbt9704.formats.Format`
  class per 公文格式 (文件, 信函, 讲话, 纪要);
* :mod:`~doctemplates.gbt9704.patterns` — text forms: 文号, 版记 lines, 印发日期,
  red colours, widths in 字;
* :mod:`~doctemplates.gbt9704.tolerances` — how far the checker lets a measured
  document differ and how it recognises its parts (practice, not the standard).

Outside this package no module writes a millimetre or a point
(tests/gbt9704/test_no_stray_numbers.py); LibreOffice's offsets and the
unrendered templates' defaults live in :mod:`doctemplates.layout.calibration`.

>>> from doctemplates.gbt9704 import geometry as g
>>> g.BAN_XIN_WIDTH_MM, g.LINES_PER_PAGE, g.CHARS_PER_LINE
(156.0, 22, 28)
"""
