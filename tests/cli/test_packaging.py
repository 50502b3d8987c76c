"""Packaging: building and installing prints no deprecation warnings (issue 18)."""

from __future__ import annotations

import re
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def test_metadata_uses_an_spdx_license_expression() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert project["project"]["license"] == "Apache-2.0"
    assert not any(c.startswith("License ::") for c in project["project"]["classifiers"])
    setuptools = next(r for r in project["build-system"]["requires"] if r.startswith("setuptools"))
    assert re.fullmatch(r"setuptools>=(\d+)", setuptools) and int(setuptools[12:]) >= 77


def test_building_the_wheel_prints_no_warning(tmp_path: Path) -> None:
    """What ``pip install doctemplates`` runs: the build backend on the project (no deprecation)."""
    done = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-cache-dir", "-w", tmp_path, ROOT],
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
    )
    if done.returncode != 0 and "Could not find a version that satisfies" in done.stderr:
        pytest.skip("the build requirements cannot be downloaded here")
    assert done.returncode == 0, done.stderr
    output = done.stdout + done.stderr
    for warning in ("BuildBackendWarning", "SetuptoolsDeprecationWarning", "deprecated", "!!"):
        assert warning not in output, output
    assert len(list(tmp_path.glob("doctemplates-*.whl"))) == 1
