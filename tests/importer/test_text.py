"""Recognition of text drafts: each element the issue lists, and what stays prose."""

from __future__ import annotations

import pytest

from doctemplates.importer import import_text, options
from tests.importer.helpers import body_texts, expected_body, outline, render

NOTICE = """示例市科学技术局文件
示科发[2026]第05号
签发人:王示例

关于开展科技创新政策
宣传月活动的通知

各区科技局,局属各单位:
为宣传科技创新政策,现将有关事项通知如下:
一、活动主题
政策进企业.
二、活动内容
(一)集中宣讲
1、举办宣讲会。各区于5月15日上午9:30前报送安排.
2、编印政策汇编。
(二)上门服务
走访企业,一是了解需求,二是解读政策.
附件:1.活动安排表
2.总结模板
示例市科学技术局
二〇二六年四月二十日
(联系人:王示例,电话:0510-12345678)
抄送:示例市人民政府办公室,示例市政协提案委.
示例市科学技术局办公室 2026年4月21日印发
"""


def test_notice_elements() -> None:
    result = import_text(NOTICE)
    data = result.data
    assert data["organs"] == ["示例市科学技术局"]
    assert data["doc_number"] == "示科发〔2026〕5号"
    assert data["signers"] == ["王示例"]
    assert data["title"] == "关于开展科技创新政策宣传月活动的通知"  # two lines joined
    assert data["recipients"] == ["各区科技局，局属各单位"]  # ，kept: the template joins with 、
    assert data["attachments"] == [{"title": "活动安排表"}, {"title": "总结模板"}]
    assert data["signature"] == {"date": "2026-04-20", "names": ["示例市科学技术局"]}
    assert data["note"] == "联系人：王示例，电话：0510-12345678"
    assert data["record"] == {
        "cc": ["示例市人民政府办公室", "示例市政协提案委"],
        "printer": "示例市科学技术局办公室",
        "print_date": "2026-04-21",
    }
    assert data["format"] == "文件"
    assert outline(data["body"]) == [
        (1, "活动主题"),
        (1, "活动内容"),
        (2, "集中宣讲"),
        (3, "举办宣讲会。"),
        (3, "编印政策汇编。"),
        (2, "上门服务"),
    ]
    rules = result.report.rules_used()
    assert {"doc-number", "punctuation", "label", "date", "title-lines"} <= set(rules)


def test_notice_renders_every_paragraph() -> None:
    result = import_text(NOTICE)
    assert body_texts(render(result)) == expected_body(result)
    assert expected_body(result) == [
        "为宣传科技创新政策，现将有关事项通知如下：",
        "一、活动主题",
        "政策进企业。",
        "二、活动内容",
        "（一）集中宣讲",
        "1.举办宣讲会。各区于5月15日上午9:30前报送安排。",
        "2.编印政策汇编。",
        "（二）上门服务",
        "走访企业，一是了解需求，二是解读政策。",
    ]


def test_informal_enumeration_stays_prose() -> None:
    result = import_text(
        "关于工作的通知\n要求如下。\n首先,统一思想;其次,狠抓落实.\n一是加强领导。二是注重实效。\n示例局\n2026年3月1日"
    )
    assert outline(result.data["body"]) == []
    notes = [e.message for e in result.report.of("recognised")]
    assert any("非正式列举" in m for m in notes)


def test_numbers_above_ten_restart_and_skip() -> None:
    points = "\n".join(f"{n}.第{n}项工作。" for n in range(1, 13))
    text = (
        "关于工作的通知\n一、任务\n(一)甲\n(二)乙\n说明一段。\n(一)丙\n二、要点\n"
        f"{points}\n十一、其他\n补充说明。\n示例局\n2026年3月1日"
    )
    result = import_text(text)
    body = result.data["body"]
    assert body[0]["children"][2] == {"heading": "丙", "restart": True}
    assert body[0]["children"][1]["paragraphs"] == ["说明一段。"]
    group = body[1]["children"][0]
    assert "heading" not in group and len(group["children"]) == 12  # skipped （一）
    rendered = body_texts(render(result))
    assert "12.第12项工作。" in rendered and "（一）丙" in rendered
    assert "三、其他" in rendered  # 十一、 after 二、 is renumbered (rule renumber) …
    assert result.report.rules_used()["renumber"] == 1


def test_renumber_switched_off_keeps_the_text() -> None:
    text = "关于工作的通知\n一、任务\n三、其他\n示例局\n2026年3月1日"
    result = import_text(text, options=options(["renumber"]))
    assert body_texts(render(result)) == ["一、任务", "三、其他"]
    assert any("renumber" in e.message for e in result.report.of("undecided"))


def test_section_with_only_paragraphs_and_paragraphs_after_points() -> None:
    text = "关于工作的通知\n一、背景\n第一段。\n第二段。\n二、任务\n1.甲。\n2.乙。\n以上请遵照执行。\n示例局\n2026年3月1日"
    result = import_text(text)
    body = result.data["body"]
    assert body[0] == {"heading": "背景", "paragraphs": ["第一段。", "第二段。"]}
    assert body_texts(render(result))[-1] == "以上请遵照执行。"


def test_speech_header() -> None:
    text = "在示例工作会议上的讲话\n示例市科学技术局局长 王示例\n（2026年2月10日）\n同志们:\n今天开会。\n一、认清形势\n同志们,让我们共同努力!"
    result = import_text(text)
    data = result.data
    assert data["format"] == "讲话"
    assert data["speaker"] == "示例市科学技术局局长 王示例"
    assert data["speech_date"] == "2026-02-10"
    assert data["recipients"] == ["同志们"]
    assert data["body"][-1] == {"paragraphs": ["同志们，让我们共同努力！"]}  # closing, top level
    assert "signature" not in data


def test_speech_without_header_lines() -> None:
    result = import_text("在示例会议上的讲话\n一、认清形势\n形势很好。")
    assert result.model.format == "讲话"
    assert result.model.speaker is None and result.model.speech_date is None


def test_chinese_date_kept_when_rule_off() -> None:
    text = "关于工作的通知\n正文。\n示例局\n二〇二六年三月一日"
    assert import_text(text).data["signature"]["date"] == "2026-03-01"
    kept = import_text(text, options=options(["date"]))
    assert kept.data["date_style"] == "chinese"
    from tests.importer.helpers import styled

    assert ("成文日期", "\t二〇二六年三月一日") in styled(render(kept))


@pytest.mark.parametrize(
    ("rule", "line"),
    [("doc-number", "示科发[2026]5号"), ("leading-zeros", "示科发〔2026〕05号")],
)
def test_doc_number_rules_off_keep_the_line(rule: str, line: str) -> None:
    text = f"关于工作的通知\n{line}\n正文。\n示例局\n2026年3月1日"
    result = import_text(text, options=options([rule]))
    assert "doc_number" not in result.data
    assert line in body_texts(render(result))


def test_label_rule_off_keeps_typed_numbers() -> None:
    result = import_text(
        "关于工作的通知\n1、甲。\n2、乙。\n示例局\n2026年3月1日", options=options(["label"])
    )
    assert body_texts(render(result)) == ["1、甲。", "2、乙。"]


def test_punctuation_rule_off() -> None:
    result = import_text(
        "关于工作的通知\n甲,乙.\n示例局\n2026年3月1日", options=options(["punctuation"])
    )
    assert body_texts(render(result)) == ["甲,乙."]


def test_doc_number_in_the_body_stays_as_written() -> None:
    text = "关于工作的通知\n根据《办法》(示发[2020]7号)执行。\n示例局\n2026年3月1日"
    result = import_text(text)
    assert "doc_number" not in result.data
    assert body_texts(render(result)) == ["根据《办法》（示发[2020]7号）执行。"]


def test_unknown_rule_is_refused() -> None:
    from doctemplates.errors import DataError

    with pytest.raises(DataError, match="未知的规范化规则"):
        options(["nope"])


def test_no_signature_no_organ_renders_without_header() -> None:
    result = import_text("示例局2025年度工作总结\n一、基本情况\n工作顺利。")
    assert result.model.format == "讲话"
    assert result.model.signature is None
    assert [e for e in result.report.of("undecided") if "organs" in e.message]


def test_wrapped_text_is_joined() -> None:
    line = "这是从 PDF 复制出来的一段很长的文字，按固定宽度折行"
    text = f"关于工作的通知\n\n{line}\n{line}\n结尾。\n\n示例局\n2026年3月1日"
    result = import_text(text)
    assert body_texts(render(result)) == [line + line + "结尾。"]
    assert any("unwrap" in e.message for e in result.report.of("note"))
