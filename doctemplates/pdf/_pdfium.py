"""One lock for PDFium.  PDFium 全局锁。

PDFium is not thread-safe: pypdfium2 forbids calling it from two threads at once,
even on different documents, and doing so crashes the process (seen in the corpus
run, which converts, verifies and measures documents in parallel threads).  Every
use of pypdfium2 in the project holds :data:`LOCK` while a document is open.
"""

from __future__ import annotations

import threading

__all__ = ["LOCK"]

LOCK = threading.RLock()
