"""Test-wide settings (tests, doctests of doctemplates and pingyi_docs).

The compiled-template and font-width cache (:mod:`doctemplates.render.cache`) goes to a
fresh folder for this run, removed at the end: the tests never read or fill the
developer's own cache, and every template after its first load exercises a cache hit.
"""

from __future__ import annotations

import os
import shutil
import tempfile

import pytest

_CACHE = tempfile.mkdtemp(prefix="doctemplates-test-cache-")
os.environ["DOCTEMPLATES_CACHE"] = _CACHE  # inherited by the commands the tests start
os.environ.pop("DOCTEMPLATES_NO_CACHE", None)


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    shutil.rmtree(_CACHE, ignore_errors=True)
