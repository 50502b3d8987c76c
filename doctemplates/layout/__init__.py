"""GB/T 9704 layout: geometry, 标志 fitting and the template builder (版式).

Context contract read by the templates (built by the render engine)::

    header: {copy_number, classification, urgency, organs, mark_suffix,
             mark_size, mark_scale, mark_chars, doc_number, signers}
    title (with the breaks layout.titles chose, "\n"), subtitle, speaker, speech_date, recipients
    body: [{kind: heading|paragraph|runin, level, label, heading, text}]
    attachments: [{index, title}]
    signature: {mode: seal|none|stamp, names, date, date_width, signer_title} | None
    note, annexes: [{index, title, body}], record: {cc, printer, print_date} | None
    attendance (纪要, optional): [{label: 出席|请假|列席, names}]

Document kinds compose their own templates from the same pieces with
:class:`TemplateSpec` (hooks: ``corner``, ``opening``, ``body``, ``ending``,
``after_date``, ``appendix``), :mod:`~doctemplates.layout.tables` (data tables
with a repeating head row) and :mod:`~doctemplates.layout.sections`
(landscape pages, §8).
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from doctemplates.lazyexports import lazy_exports

if TYPE_CHECKING:
    from doctemplates.layout import geometry as geometry
    from doctemplates.layout.builder import FORMATS as FORMATS
    from doctemplates.layout.builder import TEMPLATE_FILES as TEMPLATE_FILES
    from doctemplates.layout.builder import TemplateSpec as TemplateSpec
    from doctemplates.layout.builder import build_template as build_template
    from doctemplates.layout.mark import MarkFit as MarkFit
    from doctemplates.layout.mark import fit_mark as fit_mark
    from doctemplates.layout.sealplace import seal_anchor as seal_anchor

__all__ = [
    "FORMATS",
    "TEMPLATE_FILES",
    "MarkFit",
    "TemplateSpec",
    "build_template",
    "fit_mark",
    "geometry",
    "seal_anchor",
]

# The names load on first use (PEP 562): rendering reads the title breaker and the 标志
# fitting, not the template builder, which brings python-docx (start-up, issue 20 §3).
_WHERE = {
    "FORMATS": "doctemplates.layout.builder",
    "TEMPLATE_FILES": "doctemplates.layout.builder",
    "TemplateSpec": "doctemplates.layout.builder",
    "build_template": "doctemplates.layout.builder",
    "seal_anchor": "doctemplates.layout.sealplace",
    "MarkFit": "doctemplates.layout.mark",
    "fit_mark": "doctemplates.layout.mark",
}


_lazy, _names = lazy_exports(_WHERE, globals())


def __getattr__(name: str) -> Any:
    if name == "geometry":
        return importlib.import_module("doctemplates.layout.geometry")
    return _lazy(name)


def __dir__() -> list[str]:
    return sorted([*_names(), "geometry"])
