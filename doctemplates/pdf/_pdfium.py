"""One lock for PDFium in this process.  PDFium 全进程一把锁。

PDFium (through pypdfium2) is not thread-safe: two threads calling into it at the
same time can abort the whole process.  The PDF text verification
(:mod:`doctemplates.pdf.verify`, run by every conversion, often from the pool's
threads) and the OFD writer (:mod:`doctemplates.ofd`) both read PDFs with it, so
they share this lock.
"""

from __future__ import annotations

import threading

__all__ = ["PDFIUM_LOCK"]

#: Held while any PDFium document is open (re-entrant: a reader may call another).
PDFIUM_LOCK = threading.RLock()
