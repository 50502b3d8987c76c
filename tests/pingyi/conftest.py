"""Shared helpers for the 评议 kind tests."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest

from doctemplates.data import KIND_KEY, load_data

ROOT = Path(__file__).resolve().parents[2]
SAMPLES = ROOT / "samples"


def sample(kind: str) -> dict[str, Any]:
    """The sample data of ``kind`` without its ``kind:`` key (a fresh copy)."""
    data = load_data(SAMPLES / f"{kind}.yaml")
    assert data.pop(KIND_KEY) == kind
    if "records_file" in data:  # relative to the sample's folder
        data["records_file"] = str(SAMPLES / data["records_file"])
    return copy.deepcopy(data)


def texts(context: dict[str, Any]) -> list[str]:
    """Body paragraphs as read: label + heading + text."""
    return [item["label"] + item["heading"] + item["text"] for item in context["body"]]


def headings(context: dict[str, Any]) -> list[str]:
    """Numbered headings (own line or run-in) in order."""
    return [item["label"] + item["heading"] for item in context["body"] if item["label"]]


@pytest.fixture(autouse=True)
def _run_from_root(monkeypatch: pytest.MonkeyPatch) -> None:
    """Samples name files relative to the project root."""
    monkeypatch.chdir(ROOT)
