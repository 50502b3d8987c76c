"""Every sample validates against its kind's JSON Schema and renders."""

from __future__ import annotations

from pathlib import Path

import jsonschema
import pytest

from doctemplates.cli import data_for_kind
from doctemplates.data import load_data
from doctemplates.kinds import get_kind
from tests.docxbuild import body_text

SAMPLES = sorted((Path(__file__).resolve().parent.parent / "samples").glob("*.yaml"))


@pytest.mark.parametrize("sample", SAMPLES, ids=lambda p: p.stem)
def test_sample_matches_schema_and_renders(sample: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(sample.parent.parent)
    data = load_data(sample)
    kind = get_kind(data["kind"])
    payload = data_for_kind(kind, data)
    jsonschema.validate(payload, kind.schema())
    text = "\n".join(body_text(kind.render(payload)))
    assert kind.validate(payload)  # validates
    assert len(text) > 200
