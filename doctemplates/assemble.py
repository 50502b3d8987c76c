"""A kind's data assembled from its sources.  数据组装。

What the command line, the batch, the service, the demo and the benchmarks do
before validating: take the data file's own values, check its optional
``kind:`` key, and lay them over the settings' defaults (or a batch's shared
values) — the record's own values win, mappings merge key by key.

>>> merge_data({"record": {"printer": "办公室", "cc": ["甲"]}, "organ": "甲局"},
...            {"record": {"cc": ["乙"]}})
{'record': {'printer': '办公室', 'cc': ['乙']}, 'organ': '甲局'}
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Iterator, Mapping
from typing import TYPE_CHECKING, Any

from doctemplates.data import KIND_KEY
from doctemplates.errors import DataError
from doctemplates.records import Record

if TYPE_CHECKING:
    from doctemplates.kinds import Kind

__all__ = ["data_for_kind", "merge_data", "with_defaults"]


def merge_data(base: Mapping[str, Any], override: Mapping[str, Any]) -> dict[str, Any]:
    """``override`` laid over ``base``: nested mappings merge, anything else replaces."""
    merged = dict(base)
    for key, value in override.items():
        if isinstance(value, Mapping) and isinstance(merged.get(key), Mapping):
            merged[key] = merge_data(merged[key], value)
        else:
            merged[key] = value
    return merged


def with_defaults(records: Iterable[Record], shared: Mapping[str, Any]) -> Iterator[Record]:
    """Every record over the ``shared`` values (the record's own values win).

    A record that could not be read keeps its error.
    """
    for record in records:
        yield (
            dataclasses.replace(record, data=merge_data(shared, record.data)) if shared else record
        )


def data_for_kind(kind: Kind, data: Mapping[str, Any]) -> dict[str, Any]:
    """Drop the optional ``kind:`` key of a data file after checking it names ``kind``."""
    from doctemplates.kinds import get_kind

    named = data.get(KIND_KEY)
    if named is None:
        return dict(data)
    if get_kind(str(named)).name != kind.name:
        raise DataError(f"数据文件是为文种 {named} 准备的，不能用于 {kind.name}", field=KIND_KEY)
    return {k: v for k, v in data.items() if k != KIND_KEY}
