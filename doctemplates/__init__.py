"""doctemplates — GB/T 9704-2012 党政机关公文 engine.

Structured data → validated model → numbered, formatted context → staff-editable
.docx template → .docx (and PDF).  See ``doctemplates.render.Template``.
"""

from doctemplates.errors import DocTemplatesError as DocTemplatesError

__version__ = "0.1.0"
__all__ = ["DocTemplatesError", "__version__"]
