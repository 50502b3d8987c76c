"""Templates that look like the document (issue 17 §3): in every shipped template at most
15 % of the paragraphs hold nothing but a control tag (``{%p if %}``, ``{%p for %}`` …).

Paragraphs are counted over the whole main part (body and table cells, w:p elements);
a block placeholder (``{{p 正文 }}``) prints content and is not a control tag, but its
share is printed too, so the figure in the note is complete.  The markers of a
paragraph group (``{{p 段落组 办理情况 }}`` … ``{{p 段落组结束 }}``) print nothing:
they count as control-only.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import pytest
from lxml import etree

ROOT = Path(__file__).resolve().parent.parent
SHIPPED = sorted(
    [*ROOT.glob("doctemplates/templates/*.docx"), *ROOT.glob("pingyi_docs/templates/*.docx")]
)
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
CONTROL_ONLY = re.compile(r"\s*(\{%(?:(?!%\}).)*%\}\s*)+")
GROUP_MARKER = re.compile(r"\s*\{\{p\s+(?:段落组\s+\w+|段落组结束|group\s+\w+|endgroup)\s*\}\}\s*")
PLACEHOLDER_ONLY = re.compile(r"\s*\{\{p\s[^}]*\}\}\s*")
LIMIT = 0.15


def paragraph_texts(path: Path) -> list[str]:
    """The text of every w:p of word/document.xml, in order."""
    with zipfile.ZipFile(path) as package:
        root = etree.fromstring(package.read("word/document.xml"))
    return ["".join(t.text or "" for t in p.iter(f"{W}t")) for p in root.iter(f"{W}p")]


def shares(path: Path) -> tuple[int, int, int]:
    texts = paragraph_texts(path)
    markers = sum(1 for t in texts if GROUP_MARKER.fullmatch(t))
    control = sum(1 for t in texts if t.strip() and CONTROL_ONLY.fullmatch(t)) + markers
    blocks = sum(1 for t in texts if PLACEHOLDER_ONLY.fullmatch(t)) - markers
    return len(texts), control, blocks


def test_templates_found() -> None:
    assert len(SHIPPED) >= 12


#: Templates known to be over the limit, with the reason (strict: passing fails the test,
#: so the entry is removed once the template is rebuilt).
OVER: dict[str, str] = {}


def test_group_markers_count_as_control_only() -> None:
    assert GROUP_MARKER.fullmatch("{{p 段落组 办理情况 }}") and GROUP_MARKER.fullmatch(
        "{{p 段落组结束 }}"
    )
    assert not GROUP_MARKER.fullmatch("{{p 正文 }}")
    summary = ROOT / "pingyi_docs/templates/proposal-summary.docx"
    total, control, _ = shares(summary)
    assert control == sum(1 for t in paragraph_texts(summary) if GROUP_MARKER.fullmatch(t)) == 4


@pytest.mark.parametrize(
    "path",
    [
        pytest.param(p, marks=pytest.mark.xfail(reason=OVER[p.stem], strict=True))
        if p.stem in OVER
        else p
        for p in SHIPPED
    ],
    ids=lambda p: p.stem,
)
def test_at_most_15_percent_tag_only_paragraphs(path: Path) -> None:
    total, control, blocks = shares(path)
    print(f"{path.name}: {control}/{total} = {control / total:.1%} control, {blocks} placeholders")
    assert control / total <= LIMIT, f"{path.name}: {control}/{total} 段只有控制标签"
