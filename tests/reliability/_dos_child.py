"""Child process of the DoS tests: render each payload under a memory and time limit.

Reads a JSON list of template paragraphs on stdin; prints one JSON line per payload:
``{"id": ..., "outcome": "ok" | "timeout" | <error class>, "seconds": ...}``.
Not collected by pytest (no ``test_`` prefix).
"""

from __future__ import annotations

import json
import resource
import signal
import sys
import time

MEMORY_LIMIT = 1024 * 1024 * 1024  # 1 GiB address space
TIME_LIMIT = 2.0  # seconds per payload


def _alarm(_signum: int, _frame: object) -> None:
    raise TimeoutError


def main() -> None:
    from doctemplates.render import Template
    from tests.docxbuild import make_template

    payloads = json.load(sys.stdin)
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))
    signal.signal(signal.SIGALRM, _alarm)
    for case_id, text in payloads:
        start = time.monotonic()
        signal.setitimer(signal.ITIMER_REAL, TIME_LIMIT)
        try:
            Template.load(make_template([text])).render({"title": "x"})
            outcome = "ok"
        except TimeoutError:
            outcome = "timeout"
        except BaseException as exc:  # noqa: BLE001 - report MemoryError too
            outcome = type(exc).__name__
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)
        seconds = round(time.monotonic() - start, 2)
        print(json.dumps({"id": case_id, "outcome": outcome, "seconds": seconds}), flush=True)


if __name__ == "__main__":
    main()
