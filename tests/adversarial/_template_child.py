"""Child process of the resource tests: render and lint each payload under hard limits.

Reads JSON ``[[id, construct, text, context], …]`` on stdin; prints one JSON line per
case: ``{"id", "render", "cause", "lint", "seconds", "lint_seconds"}`` where ``render`` is
``"ok"``, ``"timeout"`` or the error class, ``cause`` the class of the exception the
error was raised from (a MemoryError behind a refusal means the bound came too late).
The address space is limited to 1.5 GiB, each render and lint to ``ALARM`` seconds of
wall time.  Not collected by pytest (no ``test_`` prefix).
"""

from __future__ import annotations

import json
import resource
import signal
import sys
import time
from typing import Any

MEMORY_LIMIT = 3 * 512 * 1024 * 1024
ALARM = 12.0  # above RenderLimits.max_seconds: the renderer must stop first


def _alarm(_signum: int, _frame: object) -> None:
    raise TimeoutError


def _build(construct: str, text: str) -> bytes:
    from xml.sax.saxutils import escape

    from tests.adversarial.templates_corpus import edit, members, package
    from tests.docxbuild import make_template

    if construct == "header":
        return make_template(["正文"], header=text)
    if construct == "properties":  # python-docx caps properties at 255 characters: edit the XML
        parts = members()
        edit(parts, "docProps/core.xml", "{{ title }}", escape(text))
        return package(parts)
    return make_template([text])


def _timed(fn: Any) -> tuple[str, str, float]:
    start = time.monotonic()
    signal.setitimer(signal.ITIMER_REAL, ALARM)
    try:
        outcome, cause = fn(), ""
    except TimeoutError:
        outcome, cause = "timeout", ""
    except BaseException as exc:  # noqa: BLE001 - report every class, MemoryError included
        outcome = type(exc).__name__
        cause = type(exc.__cause__).__name__ if exc.__cause__ is not None else ""
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
    return outcome, cause, round(time.monotonic() - start, 2)


def main() -> None:
    from doctemplates.lint import lint_template
    from doctemplates.render import Template

    cases = json.load(sys.stdin)
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))
    signal.signal(signal.SIGALRM, _alarm)
    for case_id, construct, text, context in cases:
        data = _build(construct, text)

        def render(data: bytes = data, context: dict[str, Any] = context) -> str:
            Template.load(data).render(context)
            return "ok"

        def lint(data: bytes = data) -> str:
            findings = lint_template(data)
            return "errors" if any(f.severity == "error" for f in findings) else "ok"

        outcome, cause, seconds = _timed(render)
        lint_outcome, lint_cause, lint_seconds = _timed(lint)
        print(
            json.dumps(
                {
                    "id": case_id,
                    "render": outcome,
                    "cause": cause,
                    "lint": lint_outcome,
                    "lint_cause": lint_cause,
                    "seconds": seconds,
                    "lint_seconds": lint_seconds,
                }
            ),
            flush=True,
        )


if __name__ == "__main__":
    main()
