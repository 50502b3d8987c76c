"""``doctemplates fields KIND``: every variable, Chinese name, type, description, example."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from doctemplates.kinds import available_kinds
from tests.cli.run import run

SAMPLES = Path(__file__).resolve().parents[2] / "samples"


@pytest.mark.parametrize("kind", sorted(available_kinds()))
def test_every_kind_lists_every_variable_with_a_chinese_name(kind: str, tmp_path: Path) -> None:
    result = run("fields", kind, "--json", cwd=tmp_path)
    assert result.code == 0, result.stderr
    rows = json.loads(result.stdout)
    assert rows and all(r["中文名"] and r["类型"] and r["说明"] for r in rows)
    assert {"title", "header.doc_number", "signature.date", "recipients"} <= {
        r["英文名"] for r in rows
    }


def test_the_table_names_field_type_description_and_the_datas_example(tmp_path: Path) -> None:
    result = run("fields", "document", "--data", SAMPLES / "notice.yaml", cwd=tmp_path)
    assert result.code == 0, result.stderr
    line = next(x for x in result.out_lines if x.startswith("发文字号 "))
    assert "header.doc_number（文字，可为空）" in line
    rows = json.loads(
        run("fields", "通用公文", "--data", SAMPLES / "notice.yaml", "--json", cwd=tmp_path).stdout
    )
    by_name = {r["中文名"]: r for r in rows}
    compact = "".join(x.strip() for x in result.out_lines)
    assert f"示例：{by_name['发文字号']['示例']}" in compact
    assert by_name["主送"]["英文名"] == "recipients" and by_name["主送"]["示例"]
    assert by_name["正文[].层级"]["示例"] in (1, 2, 3, 4)  # a list: its first item


def test_an_unknown_kind_is_a_usage_error(tmp_path: Path) -> None:
    result = run("fields", "通知书", cwd=tmp_path)
    assert result.code == 2 and "未知的文种" in result.stderr and not result.stdout


def test_shipped_examples_are_the_samples_values() -> None:
    """``fieldexamples.json`` (one per package that ships kinds) is generated from samples/:
    regenerate when a sample changes."""
    from doctemplates.clifields import build_examples, examples_path

    if not SAMPLES.is_dir():
        pytest.skip("samples/ 不在（只有源码树中有）")
    shipped = {}
    for package in ("doctemplates", "pingyi_docs"):
        shipped.update(json.loads(examples_path(package).read_text(encoding="utf-8")))
    assert shipped == build_examples(SAMPLES), "运行 python -m doctemplates.clifields samples"


def test_without_data_the_samples_give_the_examples(tmp_path: Path) -> None:
    rows = json.loads(run("fields", "plan", "--json", cwd=tmp_path).stdout)
    values = [r for r in rows if not r["类型"].startswith(("字段组", "列表（字段组"))]
    missing = [r["英文名"] for r in values if r["示例"] in (None, "", [])]
    assert len(missing) <= len(values) // 4, missing  # the rest: no sample sets them
