"""Tests of doctemplates.model: the 公文 data model and its Chinese validation errors."""

from __future__ import annotations

import copy
import json
from datetime import date
from typing import Any

import pytest
from pydantic import BaseModel

from doctemplates.errors import DataError, DateError, DocNumberError, NumberingError
from doctemplates.model import (
    Attachment,
    Classification,
    CopyNumber,
    DocNumber,
    OfficialDocument,
    Record,
    Section,
    Signature,
    Signer,
    json_schema,
    validate,
)

ALL_MODELS: list[type[BaseModel]] = [
    Attachment,
    Classification,
    DocNumber,
    OfficialDocument,
    Record,
    Section,
    Signature,
    Signer,
]


def sample() -> dict[str, Any]:
    """A complete fictional 公文 as an OA system would send it."""
    return {
        "format": "文件",
        "copy_number": 12,
        "classification": "秘密★1年",
        "urgency": "加急",
        "organs": ["示例市科学技术局"],
        "doc_number": "示科发〔2026〕3号",
        "title": "示例市科学技术局关于开展2026年度科技创新项目申报工作的通知",
        "recipients": ["各区县科技局", "市直有关单位"],
        "body": [
            "为深入实施创新驱动发展战略，现就有关事项通知如下。",
            {
                "heading": "申报范围",
                "paragraphs": ["本市注册的企业、高校和科研院所。"],
                "children": [
                    {
                        "heading": "重点领域",
                        "children": [
                            {
                                "heading": "强化组织领导。",
                                "run_in": True,
                                "paragraphs": ["各单位要高度重视。"],
                                "children": [{"heading": "明确责任分工"}],
                            }
                        ],
                    }
                ],
            },
        ],
        "attachments": [{"title": "项目申报书。", "paragraphs": ["（略）"]}],
        "signature": {"date": "2026年3月5日", "seal_mode": "加盖印章"},
        "note": "（联系人：张三，电话：0000-1234567）",
        "record": {
            "cc": ["示例市人民政府办公室", "示例市财政局"],
            "printer": "示例市科学技术局办公室",
            "print_date": "2026-03-06",
        },
    }


def data_error(model_cls: type[BaseModel], data: Any) -> DataError:
    with pytest.raises(DataError) as info:
        validate(model_cls, data)
    return info.value


# ------------------------------------------------------------------------ 发文字号


def test_doc_number_round_trip() -> None:
    number = DocNumber.parse("钟科发〔2020〕2号")
    assert (number.code, number.year, number.serial) == ("钟科发", 2020, 2)
    assert str(number) == "钟科发〔2020〕2号"
    assert DocNumber.parse(str(number)) == number


@pytest.mark.parametrize(
    "text",
    [
        "钟科发[2020]2号",
        "钟科发(2020)2号",
        "钟科发（2020）2号",
        "钟科发【2020】2号",
        "钟科发〔2020〕2号",
        "钟科发〔2020〕第2号",
        "钟科发〔2020〕02号",
        " 钟科发 〔 2020 〕 2 号 ",
        "钟科发〔2020〕2",
        "钟科发［２０２０］２号",
    ],
)
def test_doc_number_normalised(text: str) -> None:
    assert str(DocNumber.parse(text)) == "钟科发〔2020〕2号"


@pytest.mark.parametrize(
    "text",
    ["abc", "钟科发2号", "钟科发〔20〕2号", "钟科发〔2020〕", "钟科发〔2020〕0号", "〔2020〕2号"],
)
def test_doc_number_refused(text: str) -> None:
    with pytest.raises(DocNumberError) as info:
        DocNumber.parse(text)
    assert text.strip() in str(info.value)


def test_doc_number_as_field_accepts_string_or_mapping() -> None:
    doc = validate(OfficialDocument, {**sample(), "doc_number": "示科发[2026]03号"})
    assert str(doc.doc_number) == "示科发〔2026〕3号"
    doc = validate(
        OfficialDocument, {**sample(), "doc_number": {"code": "示科发", "year": 2026, "serial": 3}}
    )
    assert doc.model_dump(mode="json")["doc_number"] == "示科发〔2026〕3号"
    assert doc.model_dump()["doc_number"] == "示科发〔2026〕3号"


def test_doc_number_field_error_is_doc_number_error() -> None:
    error = data_error(OfficialDocument, {**sample(), "doc_number": "abc"})
    assert isinstance(error, DocNumberError)
    assert error.field == "doc_number"
    assert str(error).startswith("doc_number: 发文字号“abc”")


# ------------------------------------------------------------------------ 份号


@pytest.mark.parametrize(
    ("value", "expected"),
    [(1, "000001"), ("1", "000001"), ("000123", "000123"), (999999, "999999")],
)
def test_copy_number_padding(value: Any, expected: str) -> None:
    doc = validate(OfficialDocument, {**sample(), "copy_number": value})
    assert doc.copy_number == expected


@pytest.mark.parametrize("value", [1000000, "1234567", "12a", "-1", 0, True])
def test_copy_number_refused(value: Any) -> None:
    error = data_error(OfficialDocument, {**sample(), "copy_number": value})
    assert error.field == "copy_number"


def test_copy_number_type_is_annotated_str() -> None:
    from pydantic import TypeAdapter

    assert TypeAdapter(CopyNumber).validate_python(42) == "000042"


# ------------------------------------------------------------------------ 密级


@pytest.mark.parametrize(
    ("text", "level", "period", "shown"),
    [
        ("机密★1年", "机密", "1年", "机密★1年"),
        ("机密 1年", "机密", "1年", "机密★1年"),
        ("机密", "机密", None, "机密"),
        ("绝密★长期", "绝密", "长期", "绝密★长期"),
        ("秘密★6个月", "秘密", "6个月", "秘密★6个月"),
    ],
)
def test_classification_parse_and_str(
    text: str, level: str, period: str | None, shown: str
) -> None:
    value = Classification.parse(text)
    assert (value.level, value.period, str(value)) == (level, period, shown)


def test_classification_refused() -> None:
    with pytest.raises(DataError, match="内部"):
        Classification.parse("内部")
    error = data_error(OfficialDocument, {**sample(), "classification": {"period": "1年"}})
    assert error.field == "classification.level"
    assert "缺少必填字段" in str(error)


# ------------------------------------------------------------------------ 署名、印章


@pytest.mark.parametrize(
    ("alias", "mode"),
    [
        ("加盖印章", "seal"),
        ("seal", "seal"),
        ("不加盖印章", "none"),
        ("none", "none"),
        ("签名章", "stamp"),
        ("加盖签发人签名章", "stamp"),
        ("stamp", "stamp"),
    ],
)
def test_seal_mode_aliases(alias: str, mode: str) -> None:
    signature = validate(Signature, {"date": "2026-03-05", "seal_mode": alias})
    assert signature.seal_mode == mode


def test_seal_mode_unknown() -> None:
    error = data_error(Signature, {"date": "2026-03-05", "seal_mode": "盖个章"})
    assert error.field == "seal_mode"
    assert "“盖个章”" in str(error)


def test_signature_names_default_to_organs() -> None:
    data = sample()
    data["organs"] = ["示例市科学技术局", "示例市财政局"]
    doc = validate(OfficialDocument, data)
    assert doc.signature is not None
    assert doc.signature.names == ["示例市科学技术局", "示例市财政局"]
    assert doc.is_joint
    assert doc.mark_names == doc.organs


def test_signature_required_except_speech() -> None:
    data = sample()
    del data["signature"]
    error = data_error(OfficialDocument, data)
    assert error.field == "signature"
    speech = {
        "format": "讲话",
        "title": "在全市科技创新大会上的讲话",
        "subtitle": "——2026年全市科技工作会议",
        "speaker": "示例市科学技术局局长 李四",
        "speech_date": "2026年2月10日",
        "body": ["同志们：", "今天我们召开……"],
    }
    doc = validate(OfficialDocument, speech)
    assert doc.speech_date == date(2026, 2, 10)
    assert doc.signature is None
    assert doc.mark_suffix == ""


def test_date_error_keeps_chinese_message_with_path() -> None:
    data = sample()
    data["signature"]["date"] = "2021-02-30"
    error = data_error(OfficialDocument, data)
    assert isinstance(error, DateError)
    assert error.field == "signature.date"
    assert str(error).startswith("signature.date: 日期无效：2021-02-30")


# ------------------------------------------------------------------------ 主送、附注、版记


def test_recipients_text() -> None:
    doc = validate(OfficialDocument, sample())
    assert doc.recipients_text == "各区县科技局、市直有关单位："
    doc = validate(OfficialDocument, {**sample(), "recipients": "各区县科技局、市直有关单位："})
    assert doc.recipients == ["各区县科技局", "市直有关单位"]
    assert validate(OfficialDocument, {**sample(), "recipients": []}).recipients_text == ""


def test_note_parentheses_stripped() -> None:
    doc = validate(OfficialDocument, sample())
    assert doc.note == "联系人：张三，电话：0000-1234567"
    assert validate(OfficialDocument, {**sample(), "note": "此件公开发布"}).note == "此件公开发布"
    assert validate(OfficialDocument, {**sample(), "note": "  "}).note is None


def test_print_date_before_signature_date() -> None:
    data = sample()
    data["record"]["print_date"] = "2026-03-04"
    error = data_error(OfficialDocument, data)
    assert error.field == "record.print_date"
    assert "早于成文日期" in str(error)


def test_record_cc_text() -> None:
    record = validate(Record, {"cc": "示例市人民政府办公室，示例市财政局。"})
    assert record.cc == ["示例市人民政府办公室", "示例市财政局"]
    assert record.cc_text == "示例市人民政府办公室，示例市财政局。"


def test_attachment_title_punctuation_stripped() -> None:
    doc = validate(OfficialDocument, sample())
    assert doc.attachments[0].title == "项目申报书"


# ------------------------------------------------------------------------ 正文层次


def test_depth_five_reports_path() -> None:
    deep: dict[str, Any] = {"heading": "第五级"}
    for _ in range(4):
        deep = {"heading": "上一级", "children": [deep]}
    error = data_error(OfficialDocument, {**sample(), "body": [deep]})
    assert isinstance(error, NumberingError)
    path = "body[0].children[0].children[0].children[0].children[0]"
    assert error.field == path
    assert str(error).startswith(f"{path}: 层次超过四级")


def test_depth_four_is_fine() -> None:
    doc = validate(OfficialDocument, sample())
    assert doc.body[1].children[0].children[0].children[0].heading == "明确责任分工"
    assert doc.body[0].paragraphs == ["为深入实施创新驱动发展战略，现就有关事项通知如下。"]


def test_run_in_needs_heading() -> None:
    error = data_error(
        OfficialDocument, {**sample(), "body": [{"run_in": True, "paragraphs": ["x"]}]}
    )
    assert error.field == "body[0].run_in"


def test_section_error_path() -> None:
    body = [{"heading": "一"}, {"children": [{"heading": "x"}, {"heading": 5}]}]
    error = data_error(OfficialDocument, {**sample(), "body": body})
    assert error.field == "body[1].children[1].heading"
    assert "应为文本" in str(error)


# ------------------------------------------------------------------------ Chinese errors


def test_missing_title() -> None:
    data = sample()
    del data["title"]
    error = data_error(OfficialDocument, data)
    assert str(error) == "title: 缺少必填字段。"


def test_blank_title() -> None:
    error = data_error(OfficialDocument, {**sample(), "title": "   "})
    assert error.field == "title"
    assert "不能为空" in str(error)


def test_typo_field_reported_with_path() -> None:
    data = sample()
    data["signature"]["seal_mod"] = "seal"
    error = data_error(OfficialDocument, data)
    assert error.field == "signature.seal_mod"
    assert "未知字段（可能拼错）" in str(error)
    assert "seal_mode" in str(error)


def test_literal_and_list_messages() -> None:
    error = data_error(OfficialDocument, {**sample(), "urgency": "紧急"})
    assert str(error) == "urgency: 取值应为“特急”“加急”其一，实际为“紧急”。"
    error = data_error(OfficialDocument, {**sample(), "body": 5})
    assert str(error).startswith("body: 应为列表")


def test_several_problems_listed_with_row() -> None:
    data = sample()
    del data["title"]
    data["urgency"] = "紧急"
    with pytest.raises(DataError) as info:
        validate(OfficialDocument, data, row=7)
    text = str(info.value)
    assert text.startswith("第 7 行：")
    assert "urgency: 取值应为" in text
    assert "title: 缺少必填字段" in text
    assert info.value.row == 7


# ------------------------------------------------------------------------ full sample, schema


def test_full_sample_validates() -> None:
    doc = validate(OfficialDocument, sample())
    assert str(doc.doc_number) == "示科发〔2026〕3号"
    assert doc.copy_number == "000012"
    assert str(doc.classification) == "秘密★1年"
    assert doc.signature is not None
    assert doc.signature.date == date(2026, 3, 5)
    assert doc.signature.names == ["示例市科学技术局"]
    assert doc.mark_suffix == "文件"
    assert not doc.is_upward
    again = validate(OfficialDocument, doc.model_dump(mode="json"))
    assert again == doc


def test_upward_document_signers() -> None:
    doc = validate(OfficialDocument, {**sample(), "signers": ["张三", {"name": "李四"}]})
    assert [s.name for s in doc.signers] == ["张三", "李四"]
    assert doc.is_upward


def test_letter_format_defaults() -> None:
    doc = validate(OfficialDocument, {**sample(), "format": "信函"})
    assert doc.mark_suffix == ""
    doc = validate(OfficialDocument, {**sample(), "format": "信函", "mark_suffix": "文件"})
    assert doc.mark_suffix == "文件"


def test_validate_does_not_modify_input() -> None:
    data = sample()
    before = copy.deepcopy(data)
    validate(OfficialDocument, data)
    assert data == before


@pytest.mark.parametrize("model_cls", ALL_MODELS)
def test_every_schema_is_json(model_cls: type[BaseModel]) -> None:
    schema = json_schema(model_cls)
    assert json.loads(json.dumps(schema, ensure_ascii=False)) == schema
    assert schema["$schema"].startswith("https://json-schema.org/")
    raw = model_cls.model_json_schema()
    if "$ref" in raw:  # a recursive model (Section) is a reference to its definition
        raw = raw["$defs"][raw["$ref"].rsplit("/", 1)[-1]]
    assert raw["title"]


def test_schema_has_chinese_titles_and_string_doc_number() -> None:
    schema = json_schema(OfficialDocument)
    assert schema["title"] == "公文"
    properties = schema["properties"]
    assert properties["title"]["title"] == "标题"
    assert properties["signature"]["title"] == "署名和成文日期"
    for name, prop in properties.items():
        assert prop.get("title"), name
        assert prop.get("description"), name
    doc_number = schema["$defs"]["DocNumber"]
    assert doc_number["type"] == "string"
    assert "〔" in doc_number["pattern"]
    assert schema["$defs"]["Signature"]["properties"]["date"]["title"] == "成文日期"
    assert schema["additionalProperties"] is False


def test_schema_validates_sample() -> None:
    jsonschema = pytest.importorskip("jsonschema")
    doc = validate(OfficialDocument, sample())
    jsonschema.validate(doc.model_dump(mode="json"), json_schema(OfficialDocument))
