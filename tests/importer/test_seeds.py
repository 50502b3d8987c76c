"""Acceptance on the raw texts of three real documents (/work/shared/seeds/bodies).

Their sentences are not in the project: the test reads them from ../shared and
is skipped with a reason when it is absent.  Each is imported and rendered;
every body paragraph must equal the source line after the listed
normalisations, the hierarchy must be the source's, and ``check`` must find
nothing but the source's own deviations, listed here.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from doctemplates.check import check_docx
from doctemplates.check.textforms import parse_label
from doctemplates.importer import import_file
from doctemplates.importer.normalize import fullwidth_punctuation
from tests.importer.helpers import body_texts, render, styled

SEEDS = Path(__file__).resolve().parents[3] / "shared" / "seeds" / "bodies"
pytestmark = pytest.mark.skipif(
    not SEEDS.is_dir(),
    reason="../shared/seeds is absent (real documents are not in the repository)",
)

#: The source's own deviations that check reports (rule → how many).
#: 000 and 001 number ``1.`` directly under ``一、`` (the source skips （一）).
DEVIATIONS = {
    "000": {"numbering-skip": 3},
    "001": {"numbering-skip": 2},
    "003": {},
}
#: The format each document is recognised as.
FORMATS = {"000": "讲话", "001": "文件", "003": "讲话"}
LABEL_LEVELS = {1: "一级标题", 2: "二级标题", 3: "三级标题", 4: "四级标题"}


def _source_lines(name: str) -> list[str]:
    text = (SEEDS / f"{name}.body.txt").read_text(encoding="utf-8")
    return [line.strip() for line in text.splitlines() if line.strip()]


def _normalised(line: str) -> str:
    """A source line after the listed rules, computed independently of the importer:
    the structure number in its standard form (rule ``label``), then half-width
    punctuation made full-width (rule ``punctuation``)."""
    found = parse_label(line)
    if found is None:
        return fullwidth_punctuation(line)
    standard = {1: f"{found.text[:-1]}、", 2: f"（{found.text.strip('()（）')}）"}.get(found.level)
    if found.level == 3:
        standard = f"{found.number}."
    elif found.level == 4:
        standard = f"（{found.number}）"
    elif found.level == 1:
        standard = re.sub(r"[.．,，]$", "、", found.text)
    rest = line[len(found.text) :].lstrip(" \t\u3000\u00a0")
    return standard + fullwidth_punctuation(rest)


@pytest.mark.parametrize("name", sorted(DEVIATIONS))
def test_every_paragraph_comes_back(name: str) -> None:
    result = import_file(SEEDS / f"{name}.body.txt")
    document = render(result)
    lines = [_normalised(line) for line in _source_lines(name)]
    rendered = [text for _style, text in styled(document)]
    # every body paragraph of the output is a source line, in the source's order
    body = body_texts(document)
    positions = [lines.index(text) for text in body]
    assert positions == sorted(positions)
    # and every source line is in the output (title, 文号, 署名, date: their own paragraphs)
    missing = [line for line in lines if line not in rendered and not _elsewhere(line, rendered)]
    assert missing == []


def _elsewhere(line: str, rendered: list[str]) -> bool:
    """Title and 文号 and date lines come back in their own (formatted) paragraphs."""
    return any(line in text or text.strip() == line for text in rendered)


@pytest.mark.parametrize("name", sorted(DEVIATIONS))
def test_hierarchy_is_the_sources(name: str) -> None:
    result = import_file(SEEDS / f"{name}.body.txt")
    document = render(result)
    assert result.model.format == FORMATS[name]
    source_labels = [
        (found.level, found.number)
        for line in _source_lines(name)
        if (found := parse_label(line)) is not None
    ]
    out_labels = []
    for style, text in styled(document):
        found = parse_label(text)
        if found is not None and style in (*LABEL_LEVELS.values(), "正文"):
            out_labels.append((found.level, found.number))
            assert found.problem is None  # GB/T 9704 form
            if style != "正文":
                assert style == LABEL_LEVELS[found.level]
    assert out_labels == source_labels


@pytest.mark.parametrize("name", sorted(DEVIATIONS))
def test_check_finds_only_the_sources_deviations(name: str) -> None:
    result = import_file(SEEDS / f"{name}.body.txt")
    findings = check_docx(render(result))
    counts: dict[str, int] = {}
    for finding in findings:
        counts[finding.rule] = counts.get(finding.rule, 0) + 1
    assert counts == DEVIATIONS[name], [str(f) for f in findings]
