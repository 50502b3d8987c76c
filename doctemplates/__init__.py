"""doctemplates — GB/T 9704-2012 党政机关公文 engine.

Structured data → validated model → numbered, formatted context → staff-editable
.docx template → .docx (and PDF).  See ``doctemplates.render.Template``.
"""

import logging

from doctemplates.errors import DocTemplatesError as DocTemplatesError

# The library logs under "doctemplates" (doctemplates.records, doctemplates.pdf.pool …);
# the application decides where it goes (the command line prints it on standard error).
logging.getLogger("doctemplates").addHandler(logging.NullHandler())

__version__ = "0.1.0"
__all__ = ["DocTemplatesError", "__version__"]
