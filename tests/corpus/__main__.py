"""``python -m tests.corpus [COUNT] [--keep DIR]``: run the corpus and print its figures.

COUNT defaults to every case (``CORPUS_DOCUMENTS`` is read when COUNT is omitted).
The figures go to docs/reliability.md; ``--keep DIR`` leaves the .docx and PDF files there.
"""

from __future__ import annotations

import json
import sys
import tempfile
import time
from pathlib import Path

from doctemplates.pdf import ConverterPool
from tests.corpus.matrix import all_cases, select
from tests.corpus.run import run_all, summary
from tests.corpus.settings import corpus_size


def main(argv: list[str]) -> int:
    keep = None
    if "--keep" in argv:
        at = argv.index("--keep")
        keep, argv = Path(argv[at + 1]), argv[:at] + argv[at + 2 :]
    count = (None if argv[0] == "all" else int(argv[0])) if argv else corpus_size()
    cases = select(all_cases(), count)
    start = time.perf_counter()
    with ConverterPool(size=2) as pool, tempfile.TemporaryDirectory() as tmp:
        work = keep or Path(tmp)
        outcomes = list(run_all(cases, pool.start(), work).values())
    figures = summary(outcomes)
    figures["wall_seconds"] = round(time.perf_counter() - start, 1)
    print(json.dumps(figures, ensure_ascii=False, indent=2))
    for outcome in outcomes:
        if outcome.error or outcome.errors or outcome.differences:
            print(outcome.describe())
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
