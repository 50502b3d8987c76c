"""Resource payloads × constructs: refused quickly, in Chinese, in render and lint (issue 13 §3).

Every case of :mod:`.resource_payloads` runs in a child process limited to
1.5 GiB of address space.  Render must end in a ``TemplateError`` subclass
(never ``MemoryError``, ``RecursionError`` or a timeout) within the time
limit; a refusal caused by a ``MemoryError`` means a bound came too late and
fails.  Lint must answer too (a finding or none), without crashing.
``make fuzz`` runs all (~460); ``make test`` a sample.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from doctemplates.render.limits import RenderLimits
from tests.adversarial.resource_payloads import PAYLOADS, ResourceCase, resource_cases

ROOT = Path(__file__).resolve().parents[2]
REFUSED = {
    "TemplateLimitError",
    "TemplateSecurityError",
    "TemplateValueError",
    "TemplateSyntaxError",
    "UndefinedVariableError",
    "TemplateError",
}
#: Wall time allowed per render: the time limit plus slack for a loaded 2-core machine.
MAX_SECONDS = RenderLimits().max_seconds + 1.5


def _sample(cases: list[ResourceCase]) -> list[ResourceCase]:
    if os.environ.get("FUZZ_EXAMPLES"):
        return cases
    constructs = sorted({c.construct for c in cases})
    # every third payload, the construct rotating
    return [
        next(c for c in cases if c.ident == name and c.construct == constructs[i % len(constructs)])
        for i, name in enumerate(list(PAYLOADS)[::3])
    ]


CASES = _sample(resource_cases())


@pytest.fixture(scope="module")
def outcomes() -> dict[str, dict[str, Any]]:
    payload = [[c.id, c.construct, c.text, c.context] for c in CASES]
    proc = subprocess.run(
        [sys.executable, "-m", "tests.adversarial._template_child"],
        input=json.dumps(payload),
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=60 * 60,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    results = {}
    for line in proc.stdout.splitlines():
        entry = json.loads(line)
        results[entry["id"]] = entry
    assert results, proc.stderr[-2000:]
    return results


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_resource_payload_refused(case: ResourceCase, outcomes: dict[str, dict[str, Any]]) -> None:
    outcome = outcomes.get(case.id)
    assert outcome is not None, "the child process died (memory or signal) before this case"
    assert outcome["render"] in REFUSED, outcome
    assert outcome["cause"] != "MemoryError", outcome
    assert outcome["seconds"] < MAX_SECONDS, outcome
    assert outcome["lint"] in ("ok", "errors"), outcome
    assert outcome["lint_seconds"] < MAX_SECONDS, outcome
