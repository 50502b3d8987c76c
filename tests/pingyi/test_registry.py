"""All six kinds: registry, schema against the samples, rendering the samples."""

from __future__ import annotations

import io

import docx
import jsonschema
import pytest

from doctemplates.kinds import get_kind
from pingyi_docs import opinion, plan, proposal_reply, proposal_summary, rectification, speech
from tests.pingyi.conftest import sample

KINDS = {
    "speech": (speech, "动员讲话"),
    "plan": (plan, "工作实施方案"),
    "proposal-reply": (proposal_reply, "提案答复函"),
    "proposal-summary": (proposal_summary, "提案办理总结"),
    "opinion": (opinion, "审议意见书"),
    "rectification": (rectification, "整改方案"),
}


@pytest.mark.parametrize("name", KINDS)
def test_registered_by_name_and_chinese_alias(name: str) -> None:
    module, alias = KINDS[name]
    assert get_kind(name) is module.KIND
    assert get_kind(alias) is module.KIND
    assert alias in module.KIND.aliases


def test_plan_alias() -> None:
    assert get_kind("工作实施方案") is plan.KIND


@pytest.mark.parametrize("name", KINDS)
def test_schema_validates_sample(name: str) -> None:
    schema = get_kind(name).schema()
    jsonschema.validate(sample(name), schema)


@pytest.mark.parametrize("name", KINDS)
def test_schema_has_chinese_titles(name: str) -> None:
    schema = get_kind(name).schema()
    for field, info in schema["properties"].items():
        ref = info.get("$ref", "").rsplit("/", 1)[-1]
        title = info.get("title") or schema["$defs"].get(ref, {}).get("title", "")
        assert any("\u4e00" <= ch <= "\u9fff" for ch in title), field


@pytest.mark.parametrize("name", KINDS)
def test_schema_refuses_unknown_field(name: str) -> None:
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate({**sample(name), "typo_field": 1}, get_kind(name).schema())


@pytest.mark.parametrize("name", KINDS)
def test_sample_renders_with_its_template(name: str) -> None:
    kind = get_kind(name)
    assert kind.default_template is not None and kind.default_template.exists()
    context = kind.context(sample(name))
    document = docx.Document(io.BytesIO(kind.render(sample(name))))
    text = [p.text for p in document.paragraphs]
    assert context["title"] in text
    body = [  # a region is the template's own paragraphs (tests/pingyi/test_summary_template.py)
        item["label"] + item["heading"] + item["text"]
        for item in context["body"]
        if item["kind"] != "region"
    ]
    found = [line for line in body if line in text]
    assert found == body  # every body paragraph, in order
