"""How much of the corpus a run takes.  语料规模。

``CORPUS_DOCUMENTS``: a number, or ``all`` (``make fuzz``).  ``make test`` takes
:data:`DEFAULT_DOCUMENTS`, spread over every kind and format.
"""

from __future__ import annotations

import os

DEFAULT_DOCUMENTS = 40


def corpus_size() -> int | None:
    """Documents to run; None for all of them."""
    value = os.environ.get("CORPUS_DOCUMENTS", str(DEFAULT_DOCUMENTS)).strip().lower()
    return None if value == "all" else int(value)
