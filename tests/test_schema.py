"""The JSON Schema says what the model requires: schema-valid ⇔ model-valid.

An OA system validates its input form with ``doctemplates schema document``;
it must accept exactly what the model accepts.  Hypothesis builds documents
around the cross-field rules (格式 × 发文机关 × 署名 × 层次 flags) and checks
both directions at once.  Rules a JSON Schema cannot express (a date that does not
exist such as 2026-02-30, 印发日期 not
before 成文日期, depth of the body) are written in the descriptions and not
generated here.
"""

from __future__ import annotations

from typing import Any

import jsonschema
from hypothesis import given
from hypothesis import strategies as st

from doctemplates.errors import DataError
from doctemplates.model import OfficialDocument, json_schema, validate
from tests.reliability.settings import fuzz_settings

SCHEMA = json_schema(OfficialDocument)
VALIDATOR = jsonschema.Draft202012Validator(SCHEMA)
MISSING = object()

FORMATS = [MISSING, "文件", "信函", "纪要", "讲话", "speech", "讲话稿", "file", "公告"]
ORGANS = [MISSING, [], ["示例市科学技术局"], ["甲局", "乙局"], "示例局", "", "、", [" "], None]
NAMES = [MISSING, [], ["示例局"], "示例局；乙局", "", None]
DATES = [MISSING, "2026-03-01", "2026年3月1日"]  # a date that does not exist: format only
TITLES = [MISSING, "关于测试的通知", "", "   "]
SECTIONS = [
    {"heading": "甲"},
    {"paragraphs": ["乙"]},
    {"heading": "甲", "run_in": True, "paragraphs": ["乙"]},
    {"run_in": True, "paragraphs": ["乙"]},
    {"heading": " ", "run_in": True},
    {"heading": "甲", "restart": True},
    {"restart": True, "paragraphs": ["乙"]},
    "一段文字",
    {"paragraphs": [{"rows": [["序号", "事项"]]}]},
]


@st.composite
def documents(draw: st.DrawFn) -> dict[str, Any]:
    doc: dict[str, Any] = {}
    for key, options in (("format", FORMATS), ("organs", ORGANS), ("title", TITLES)):
        value = draw(st.sampled_from(options))
        if value is not MISSING:
            doc[key] = value
    signature = draw(st.sampled_from(["missing", "null", "object"]))
    if signature == "null":
        doc["signature"] = None
    elif signature == "object":
        sig: dict[str, Any] = {}
        for key, options in (("names", NAMES), ("date", DATES)):
            value = draw(st.sampled_from(options))
            if value is not MISSING:
                sig[key] = value
        doc["signature"] = sig
    doc["body"] = draw(st.lists(st.sampled_from(SECTIONS), max_size=3))
    return doc


def _model_valid(doc: dict[str, Any]) -> bool:
    try:
        validate(OfficialDocument, doc)
    except DataError:
        return False
    return True


@fuzz_settings()
@given(documents())
def test_schema_and_model_agree(doc: dict[str, Any]) -> None:
    schema_errors = [e.message for e in VALIDATOR.iter_errors(doc)]
    assert _model_valid(doc) == (not schema_errors), schema_errors


def test_required_lists_what_every_document_needs() -> None:
    assert SCHEMA["required"] == ["title"]
    rule = SCHEMA["allOf"][0]
    assert rule["else"]["required"] == ["organs", "signature"]
    assert "讲话稿以外的公文必须有发文机关" in SCHEMA["description"]


def test_a_notice_without_organs_is_schema_invalid() -> None:
    notice = {"title": "关于测试的通知", "signature": {"date": "2026-03-01"}}
    assert not _model_valid(notice)
    assert list(VALIDATOR.iter_errors(notice))
    assert _model_valid({**notice, "format": "讲话", "signature": None})
    assert not list(VALIDATOR.iter_errors({**notice, "format": "讲话", "signature": None}))
