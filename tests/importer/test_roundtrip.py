"""Property: no character is lost or changed except by a listed normalisation.

Hypothesis builds a document in its standard form (GB/T 9704 labels, full-width
punctuation), then writes it the way drafts are written — ``1、`` ``(一)`` ``一.``,
half-width punctuation, indents, spaces after numbers — imports the mess,
renders it, reads the .docx back and compares every body paragraph with the
standard form it started from.
"""

from __future__ import annotations

from dataclasses import dataclass

from hypothesis import given
from hypothesis import strategies as st

from doctemplates.importer import import_text
from doctemplates.numbering import label
from tests.importer.helpers import body_texts, expected_body, render
from tests.reliability.settings import fuzz_settings

_CHARS = "工作评议科技创新发展政策落实组织领导服务企业项目资金平台人才改革推进建设管理"
_WORD = st.text(alphabet=_CHARS, min_size=2, max_size=8)
_TOKEN = st.sampled_from(["9:30", "12.5%", "1,200", "www.example.cn", "V2.0"])
_MESSY_LABELS = {
    1: lambda n: [label(1, n), label(1, n)[:-1] + "."],
    2: lambda n: [label(2, n), f"({label(2, n)[1:-1]})"],
    3: lambda n: [f"{n}.", f"{n}、", f"{n}．", f"{n}. "],
    4: lambda n: [f"（{n}）", f"({n})"],
}
_HALF = {"，": ",", "：": ":", "；": ";", "（": "(", "）": ")", "。": "."}


@st.composite
def sentences(draw: st.DrawFn) -> str:
    parts = [draw(_WORD)]
    for _ in range(draw(st.integers(0, 3))):
        mark = draw(st.sampled_from("，；："))
        token = draw(st.one_of(_WORD, _WORD.map(lambda w: w + "（" + w[:2] + "）")))
        parts.append(mark + token)
    if draw(st.booleans()):
        parts.append("，" + draw(_TOKEN) + draw(_WORD))
    return "".join(parts) + "。"


@dataclass
class Line:
    standard: str  # what the output must read
    messy: str  # what the draft says


@st.composite
def _mess(draw: st.DrawFn, text: str) -> str:
    out = []
    for index, char in enumerate(text):
        before = text[index - 1] if index else ""
        protected = (
            before.isascii()
            and before != ""
            or (index + 1 < len(text) and text[index + 1].isascii())
        )
        if char in _HALF and not protected and draw(st.booleans()):
            out.append(_HALF[char])
        else:
            out.append(char)
    return "".join(out)


@st.composite
def sections(draw: st.DrawFn, level: int, depth: int) -> list[Line]:
    lines: list[Line] = []
    count = draw(st.integers(1, 3 if depth else 4))
    for n in range(1, count + 1):
        typed = draw(st.sampled_from(_MESSY_LABELS[level](n)))
        indent = draw(st.sampled_from(["", "　　", "  "]))
        if draw(st.booleans()):  # run-in heading
            head, text = draw(_WORD) + "。", draw(sentences())
            lines.append(
                Line(label(level, n) + head + text, indent + typed + draw(_mess(head + text)))
            )
        else:
            head = draw(_WORD)
            lines.append(Line(label(level, n) + head, indent + typed + head))
        for _ in range(draw(st.integers(0, 2))):
            text = draw(sentences())
            lines.append(Line(text, indent + draw(_mess(text))))
        if depth < 2 and level < 4 and draw(st.booleans()):
            step = draw(st.sampled_from([1, 1, 2])) if level + 2 <= 4 else 1
            lines += draw(sections(level + step, depth + 1))
    return lines


@fuzz_settings()
@given(st.lists(sentences(), max_size=2), sections(1, 0))
def test_import_render_reads_back_the_standard_text(intro: list[str], body: list[Line]) -> None:
    lines = [Line(text, text) for text in intro] + body
    draft = "\n".join(
        ["关于测试的通知", "各单位:", *(line.messy for line in lines), "示例局", "2026年3月1日"]
    )
    result = import_text(draft)
    standard = [line.standard for line in lines]
    assert expected_body(result) == standard
    assert body_texts(render(result)) == standard
