"""Tests for Chinese numerals and GB/T 9704 structure numbering.  层次序数测试。"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import FrozenInstanceError, dataclass, field

import cn2an
import pytest
from hypothesis import given
from hypothesis import strategies as st

from doctemplates.errors import DataError, NumberingError
from doctemplates.numbering import (
    NumberedParagraph,
    cn_number,
    cn_year,
    label,
    number_sections,
    split_label,
)


@pytest.mark.parametrize(
    ("n", "expected"),
    [
        (0, "零"),
        (1, "一"),
        (10, "十"),
        (11, "十一"),
        (20, "二十"),
        (21, "二十一"),
        (101, "一百零一"),
        (110, "一百一十"),
        (1000, "一千"),
        (1001, "一千零一"),
        (10010, "一万零一十"),
        (99999, "九万九千九百九十九"),
    ],
)
def test_cn_number(n: int, expected: str) -> None:
    assert cn_number(n) == expected


@pytest.mark.parametrize("bad", [-1, 100_000, True, False, 1.0, "1", None])
def test_cn_number_refuses(bad: object) -> None:
    with pytest.raises(NumberingError) as info:
        cn_number(bad)  # type: ignore[arg-type]
    assert repr(bad) in str(info.value) or str(bad) in str(info.value)


def test_numbering_error_is_a_data_error() -> None:
    with pytest.raises(DataError):
        cn_number(-1)


@given(st.integers(min_value=0, max_value=99_999))
def test_cn_number_round_trips_through_cn2an(n: int) -> None:
    assert cn2an.cn2an(cn_number(n), "strict") == n


@pytest.mark.parametrize(
    ("year", "expected"),
    [(2020, "二〇二〇"), (2000, "二〇〇〇"), (1999, "一九九九"), (2026, "二〇二六")],
)
def test_cn_year(year: int, expected: str) -> None:
    assert cn_year(year) == expected


@pytest.mark.parametrize("bad", [0, 10_000, True, "2020"])
def test_cn_year_refuses(bad: object) -> None:
    with pytest.raises(NumberingError):
        cn_year(bad)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("n", "level1", "level2", "level3", "level4"),
    [
        (1, "一、", "（一）", "1.", "（1）"),
        (10, "十、", "（十）", "10.", "（10）"),
        (11, "十一、", "（十一）", "11.", "（11）"),
        (20, "二十、", "（二十）", "20.", "（20）"),
        (21, "二十一、", "（二十一）", "21.", "（21）"),
    ],
)
def test_label_all_levels(n: int, level1: str, level2: str, level3: str, level4: str) -> None:
    assert [label(level, n) for level in (1, 2, 3, 4)] == [level1, level2, level3, level4]


def test_label_uses_full_width_parens_and_half_width_stop() -> None:
    assert label(2, 1)[0] == "\uff08" and label(2, 1)[-1] == "\uff09"
    assert label(4, 1) == "\uff081\uff09"
    assert label(3, 1) == "1\u002e"


@pytest.mark.parametrize(("level", "n"), [(0, 1), (5, 1), (1, 0), (3, -2), (True, 1), (1, 1.5)])
def test_label_refuses(level: object, n: object) -> None:
    with pytest.raises(NumberingError):
        label(level, n)  # type: ignore[arg-type]


def _summary(items: list[NumberedParagraph]) -> list[tuple[str, int, str]]:
    return [(item.kind, item.level, item.full_heading + item.text) for item in items]


FOUR_LEVELS = [
    {
        "heading": "总体要求",
        "paragraphs": ["总的要求是……"],
        "children": [
            {
                "heading": "指导思想",
                "children": [
                    {
                        "heading": "坚持问题导向",
                        "paragraphs": ["聚焦……", "突出……"],
                        "children": [{"heading": "摸清底数"}, {"heading": "建立台账"}],
                    },
                    {"heading": "坚持系统观念"},
                ],
            },
            {"heading": "基本原则"},
        ],
    },
    {"heading": "主要任务"},
]


def test_four_levels() -> None:
    assert _summary(number_sections(FOUR_LEVELS)) == [
        ("heading", 1, "一、总体要求"),
        ("paragraph", 1, "总的要求是……"),
        ("heading", 2, "（一）指导思想"),
        ("heading", 3, "1.坚持问题导向"),
        ("paragraph", 3, "聚焦……"),
        ("paragraph", 3, "突出……"),
        ("heading", 4, "（1）摸清底数"),
        ("heading", 4, "（2）建立台账"),
        ("heading", 3, "2.坚持系统观念"),
        ("heading", 2, "（二）基本原则"),
        ("heading", 1, "二、主要任务"),
    ]


def test_paths_and_fields() -> None:
    items = number_sections(FOUR_LEVELS)
    assert items[0] == NumberedParagraph("heading", 1, "一、", "总体要求", "", "body[0]")
    assert items[1] == NumberedParagraph(
        "paragraph", 1, "", "", "总的要求是……", "body[0].paragraphs[0]"
    )
    assert items[7].path == "body[0].children[0].children[0].children[1]"
    assert items[-1].path == "body[1]"


def test_numbered_paragraph_is_frozen() -> None:
    item = number_sections([{"heading": "总则"}])[0]
    with pytest.raises(FrozenInstanceError):
        item.label = "二、"  # type: ignore[misc]


def test_run_in() -> None:
    tree = [
        {
            "heading": "工作措施",
            "children": [
                {
                    "heading": "加强领导",
                    "children": [
                        {
                            "heading": "强化组织领导",
                            "run_in": True,
                            "paragraphs": ["为了做好……", "各地要……"],
                        },
                        {"heading": "压实责任！", "run_in": True, "paragraphs": ["要……"]},
                        {"heading": "加强督查", "run_in": True},
                    ],
                }
            ],
        }
    ]
    items = number_sections(tree)
    assert _summary(items) == [
        ("heading", 1, "一、工作措施"),
        ("heading", 2, "（一）加强领导"),
        ("runin", 3, "1.强化组织领导。为了做好……"),
        ("paragraph", 3, "各地要……"),
        ("runin", 3, "2.压实责任！要……"),
        ("runin", 3, "3.加强督查。"),
    ]
    assert items[2].heading == "强化组织领导。"
    assert items[2].full_heading == "1.强化组织领导。"
    assert items[2].text == "为了做好……"
    assert items[3].path == "body[0].children[0].children[0].paragraphs[1]"


def test_run_in_keeps_existing_full_stop() -> None:
    items = number_sections([{"heading": "为什么？", "run_in": True, "paragraphs": ["因为……"]}])
    assert items[0].full_heading == "一、为什么？"


def test_unnumbered_groups_take_no_number() -> None:
    tree = [
        {"paragraphs": ["开头语……"]},
        {"heading": "总则", "children": [{"heading": None, "paragraphs": ["说明……"]}]},
        {"heading": "  ", "paragraphs": ["又一段……"]},
        {"heading": "附则"},
    ]
    assert _summary(number_sections(tree)) == [
        ("paragraph", 1, "开头语……"),
        ("heading", 1, "一、总则"),
        ("paragraph", 2, "说明……"),
        ("paragraph", 1, "又一段……"),
        ("heading", 1, "二、附则"),
    ]


def test_inserting_a_section_renumbers_after_it() -> None:
    tree: list[dict[str, object]] = [{"heading": "甲"}, {"heading": "乙"}, {"heading": "丙"}]
    assert [i.full_heading for i in number_sections(tree)] == ["一、甲", "二、乙", "三、丙"]
    tree.insert(1, {"heading": "新增"})
    assert [i.full_heading for i in number_sections(tree)] == [
        "一、甲",
        "二、新增",
        "三、乙",
        "四、丙",
    ]


@dataclass
class Section:
    heading: str | None
    paragraphs: list[str] = field(default_factory=list)
    children: list[Section] = field(default_factory=list)
    run_in: bool = False


def test_objects_with_attributes() -> None:
    tree = [Section("总则", ["正文"], [Section("目的", run_in=True, paragraphs=["为了……"])])]
    assert _summary(number_sections(tree)) == [
        ("heading", 1, "一、总则"),
        ("paragraph", 1, "正文"),
        ("runin", 2, "（一）目的。为了……"),
    ]


def test_more_than_ten_siblings() -> None:
    tree = [{"heading": f"第{i}项"} for i in range(1, 22)]
    labels = [item.label for item in number_sections(tree)]
    assert labels[9:11] == ["十、", "十一、"]
    assert labels[19:] == ["二十、", "二十一、"]


def test_depth_five_is_refused_with_path() -> None:
    deep = {"heading": "五级"}
    tree = [
        {
            "heading": "一级",
            "children": [
                {"heading": "二级甲"},
                {
                    "heading": "二级乙",
                    "children": [
                        {"heading": "三级", "children": [{"heading": "四级", "children": [deep]}]}
                    ],
                },
            ],
        }
    ]
    with pytest.raises(NumberingError) as info:
        number_sections(tree)
    assert str(info.value) == (
        "body[0].children[1].children[0].children[0].children[0]: "
        "层次超过四级（一、（一）1.（1）），无法编号"
    )


def test_paragraph_group_under_level_four_is_allowed() -> None:
    tree = [
        {
            "heading": "一",
            "children": [
                {
                    "heading": "二",
                    "children": [
                        {
                            "heading": "三",
                            "children": [{"heading": "四", "children": [{"paragraphs": ["补充"]}]}],
                        }
                    ],
                }
            ],
        }
    ]
    assert number_sections(tree)[-1].text == "补充"


@pytest.mark.parametrize(
    ("tree", "where"),
    [
        ("不是列表", "body"),
        ([{"heading": 1}], "body[0].heading"),
        ([{"heading": "甲", "paragraphs": "不是列表"}], "body[0].paragraphs"),
        ([{"heading": "甲", "paragraphs": ["好", 2]}], "body[0].paragraphs[1]"),
        ([{"heading": "甲", "children": {"heading": "乙"}}], "body[0].children"),
    ],
)
def test_bad_trees_name_the_path(tree: object, where: str) -> None:
    with pytest.raises(NumberingError) as info:
        number_sections(tree)  # type: ignore[arg-type]
    assert info.value.field == where


# ------------------------------------------------ typed numbers (issue 12, defect 6)

_FULL = str.maketrans("0123456789", "０１２３４５６７８９")
_SPACE = st.sampled_from(["", "", " ", "　", "  "])


@st.composite
def typed_labels(draw: st.DrawFn) -> tuple[str, str]:
    """(label as a user types it, its family: "cn" or "digits")."""
    n = draw(st.integers(min_value=1, max_value=199))
    if draw(st.booleans()):
        number, family = cn_number(n), "cn"
        form = draw(st.sampled_from(["{}、", "{}.", "{}．", "（{}）", "({})", "（{})", "（{}）、"]))
    else:
        number, family = str(n), "digits"
        if draw(st.booleans()):
            number = number.translate(_FULL)
        form = draw(st.sampled_from(["{}.", "{}．", "{}、", "{}）", "（{}）", "({})", "（ {} ）"]))
    return form.format(number) + draw(_SPACE), family


_WORDS = st.sampled_from(
    ["总体要求", "强化组织领导", "学习到位", "工作目标", "十字路口改造", "百年大计", "一把手工程"]
)
# texts that start with a number but are no label: kept whole
_NUMBERED_TEXTS = st.sampled_from(
    [
        "2026年工作要点",
        "5G基站建设",
        "12345热线服务",
        "1.5倍增长目标",
        "3.15消费维权",
        "２０２６年计划",
    ]
)
_TAILS = st.text(alphabet="。，、的和在科技创新服务工作（）12", max_size=12)


@given(typed_labels(), st.one_of(_WORDS, _NUMBERED_TEXTS), _TAILS)
def test_typed_label_is_split_off_and_text_kept(
    typed: tuple[str, str], head: str, tail: str
) -> None:
    label_text, family = typed
    text = head + tail
    assert split_label(text) == ("", text)  # the heading itself starts with no label
    core = label_text.rstrip(" 　")
    glued = label_text == core  # no space between the label and the text
    number_first = text[:1] in "0123456789０１２３４５６７８９"
    if glued and number_first and core[-1] in ".．" and family == "digits":
        assert split_label(label_text + text) == ("", label_text + text)  # 1.2026年: a decimal
        return
    if glued and number_first and core.endswith("、") and family == "digits":
        digits = re.match(r"[0-9０-９]+", text)[0]  # type: ignore[index]
        after = text[len(digits) :]
        first = int(unicodedata.normalize("NFKC", core[:-1]))
        second = int(unicodedata.normalize("NFKC", digits))
        # 1、12月: a list of numbers (small, ascending, then a unit of time or a counter)
        if (
            len(digits) <= 2
            and second > first
            and (not after or after[0] in "季月年日号周旬项个次批期届级类")
        ):
            assert split_label(label_text + text) == ("", label_text + text)
            return
    assert split_label(label_text + text) == (label_text, text)


@pytest.mark.parametrize(
    "text",
    [
        "一、二季度工作安排",
        "1、2月份工作回顾",
        "三、四月份重点工作",
        "1.5倍",
        "3.15晚会",
        "一、",
        "一",
    ],
)
def test_lists_decimals_and_bare_numbers_are_not_labels(text: str) -> None:
    label_text, rest = split_label(text)
    assert (label_text, rest) == (("一、", "") if text == "一、" else ("", text))


def test_cn_number_writes_what_cn2an_writes_on_the_whole_range() -> None:
    """cn_number is written by hand (cn2an's import takes 0.3 s): the same text."""
    import cn2an

    from doctemplates.numbering import MAX_CN_NUMBER, cn_number

    for n in range(MAX_CN_NUMBER + 1):
        assert cn_number(n) == cn2an.an2cn(n, "low"), n
