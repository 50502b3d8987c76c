"""Data assembly below the command line (doctemplates.assemble)."""

from __future__ import annotations

import pytest

from doctemplates.assemble import data_for_kind, merge_data, with_defaults
from doctemplates.errors import DataError
from doctemplates.kinds import get_kind
from doctemplates.records import Record


def test_merge_keeps_nested_values_and_leaves_inputs_alone() -> None:
    base = {"record": {"printer": "示例市科学技术局办公室", "cc": ["甲"]}}
    merged = merge_data(base, {"record": {"cc": ["乙"]}, "title": "关于……的通知"})
    assert merged == {
        "record": {"printer": "示例市科学技术局办公室", "cc": ["乙"]},
        "title": "关于……的通知",
    }
    assert base == {"record": {"printer": "示例市科学技术局办公室", "cc": ["甲"]}}


def test_record_that_could_not_be_read_keeps_its_error_under_shared_values() -> None:
    records = [Record(2, {"title": "甲"}), Record(3, {}, error="第 3 行无法读取")]
    merged = list(with_defaults(records, {"organs": ["示例市科学技术局"]}))
    assert [r.error for r in merged] == [None, "第 3 行无法读取"]
    assert merged[0].data == {"organs": ["示例市科学技术局"], "title": "甲"}


def test_kind_key_must_name_the_kind() -> None:
    kind = get_kind("document")
    assert data_for_kind(kind, {"kind": "公文", "title": "甲"}) == {"title": "甲"}
    with pytest.raises(DataError) as caught:
        data_for_kind(kind, {"kind": "plan", "title": "甲"})
    assert caught.value.field == "kind"
