"""Every sample validates against its kind's JSON Schema and renders."""

from __future__ import annotations

from pathlib import Path

import jsonschema
import pytest

from doctemplates.assemble import data_for_kind
from doctemplates.data import data_dir, load_data
from doctemplates.kinds import get_kind
from tests.docxbuild import body_text

SAMPLES = sorted((Path(__file__).resolve().parent.parent / "samples").glob("*.yaml"))


@pytest.mark.parametrize("sample", SAMPLES, ids=lambda p: p.stem)
def test_sample_matches_schema_and_renders(sample: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir("/")  # paths in the data are relative to the data file, not the cwd
    data = load_data(sample)
    kind = get_kind(data["kind"])
    payload = data_for_kind(kind, data)
    jsonschema.validate(payload, kind.schema())
    with data_dir(sample.parent):
        model = kind.validate(payload)
    text = "\n".join(body_text(kind.render(model)))
    assert len(text) > 200
