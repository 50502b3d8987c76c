"""动员讲话: title line, speaker/date, salutation, run-in points, closing."""

from __future__ import annotations

import pytest

from doctemplates.errors import DataError
from pingyi_docs.speech import KIND
from tests.docxbuild import body_text, make_template
from tests.pingyi.conftest import headings, sample, texts


def test_context_head() -> None:
    ctx = KIND.context(sample("speech"))
    assert ctx["format"] == "讲话"
    assert (
        ctx["title"].replace("\n", "")
        == "在示例市人大常委会评议市科学技术局科技创新工作动员会上的讲话"
    )
    assert ctx["speaker"] == "示例市人大常委会副主任\u3000林思远"
    assert ctx["speech_date"] == "2026年3月10日"
    assert ctx["salutation"] == ctx["recipients"] == "同志们："
    assert ctx["signature"] is None


def test_parts_and_run_in_points_in_order() -> None:
    ctx = KIND.context(sample("speech"))
    assert headings(ctx)[:5] == [
        "一、提高认识，准确把握工作评议的意义",
        "1.开展评议是依法履行监督职责的具体行动。",
        "2.开展评议是推动创新驱动发展的现实需要。",
        "3.开展评议是改进部门工作作风的有效途径。",
        "二、突出重点，扎实推进评议各项工作",
    ]
    runin = [item for item in ctx["body"] if item["kind"] == "runin"]
    assert all(item["label"].endswith(".") and item["text"] for item in runin)
    assert texts(ctx)[-1].startswith("同志们，")


def test_point_written_as_one_string_with_typed_number() -> None:
    data = sample("speech")
    data["parts"][0]["points"] = ["1、凝聚工作合力。各部门要加强配合。"]
    ctx = KIND.context(data)
    assert texts(ctx)[2] == "1.凝聚工作合力。各部门要加强配合。"


def test_subtitle_gets_dash_and_needs_title() -> None:
    data = {
        **sample("speech"),
        "title": "以评促改 推动科技创新",
        "subtitle": "在评议动员会上的讲话",
    }
    assert KIND.context(data)["subtitle"] == "——在评议动员会上的讲话"
    with pytest.raises(DataError, match=r"^title: 有副标题时需要填写主标题"):
        KIND.validate({**sample("speech"), "subtitle": "——在评议动员会上的讲话"})


def test_empty_part_refused_with_path() -> None:
    data = sample("speech")
    data["parts"][1] = {"heading": "空的部分"}
    with pytest.raises(DataError) as err:
        KIND.validate(data)
    assert err.value.field == "parts[1].points"


def test_renders_speaker_line_in_small_template() -> None:
    tpl = make_template(
        [
            "{{ title }}",
            "（{{ speech_date }}）",
            "{{ salutation }}",
            "{%p for p in body %}",
            "{{ p.label }}{{ p.heading }}{{ p.text }}",
            "{%p endfor %}",
        ]
    )
    lines = body_text(KIND.render(sample("speech"), template=_load(tpl)))
    assert lines[1] == "（2026年3月10日）"
    assert lines[2] == "同志们："
    assert lines[3].startswith("按照市人大常委会")


def _load(data: bytes):  # noqa: ANN202 - test helper
    from doctemplates.render import Template

    return Template.load(data)


def test_speaker_date_and_salutation_optional() -> None:
    data = sample("speech")
    for key in ("speaker_title", "speaker_name", "date"):
        del data[key]
    data["salutation"] = None
    ctx = KIND.context(data)
    assert ctx["speaker"] is None and ctx["speech_date"] is None
    assert ctx["recipients"] is None and ctx["salutation"] is None
    document = KIND.render(data)
    import io

    import docx

    names = [p.style.name for p in docx.Document(io.BytesIO(document)).paragraphs if p.text]
    assert "讲话人" not in names and "主送机关" not in names


def test_speaker_name_alone() -> None:
    data = sample("speech")
    del data["speaker_title"]
    assert KIND.context(data)["speaker"] == data["speaker_name"]
