"""The shipped kinds' templates with a context from each kind's sample (samples/KIND.yaml),
with the Chinese names a kind's render adds: shared by the round-trip and placeholder tests."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from doctemplates.fieldnames import with_chinese_names
from doctemplates.kinds import Kind, available_kinds

SAMPLES = Path(__file__).resolve().parent.parent / "samples"


def sample_contexts() -> Iterator[tuple[Kind, dict[str, Any]]]:
    """Each kind but ``document`` that has a template and a sample: (kind, context)."""
    from doctemplates.assemble import data_for_kind
    from doctemplates.data import data_dir, load_data

    for kind in available_kinds().values():
        sample = SAMPLES / f"{kind.name}.yaml"
        if kind.name == "document" or kind.default_template is None or not sample.exists():
            continue
        with data_dir(sample.parent):
            ctx = kind.context(data_for_kind(kind, load_data(sample)))
        yield kind, with_chinese_names(ctx, kind.context_type)
