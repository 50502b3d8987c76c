"""The signature rule reuses its own revision's parse on the next pass (issue 20 §2).  复用上一遍的解析。

:meth:`~doctemplates.pdf.signature_fit_revise._Document.write` keeps the tree it wrote;
the next pass's :meth:`~doctemplates.pdf.signature_fit_revise._Document.read` of those
bytes takes it instead of parsing them.  Every pass must decide as it would on a parse:
the same revisions, passes and report with the kept trees and without.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from doctemplates.pdf import ConverterPool, PdfOptions, convert
from doctemplates.pdf import signature_fit_revise as revise
from doctemplates.pdf.signature_fit import SignatureFitMode
from tests.layout.contexts import context, render
from tests.pdf.conftest import needs_soffice

pytestmark = [needs_soffice, pytest.mark.pdf]


@pytest.fixture(scope="module")
def documents(tmp_path_factory: pytest.TempPathFactory) -> dict[str, bytes]:
    tmp = tmp_path_factory.mktemp("reuse")
    shapes = {
        "short": {"paragraphs": 1, "attachments": 0, "record": False, "note": None},
        "pushed": {"paragraphs": 8, "attachments": 1, "record": True},
        "tight": {"paragraphs": 1, "attachments": 1, "record": True},
    }
    return {
        name: render("文件", context(**shape), tmp / f"{name}.docx").read_bytes()  # type: ignore[arg-type]
        for name, shape in shapes.items()
    }


@pytest.mark.parametrize("mode", ["tighten", "keep"])
@pytest.mark.parametrize("name", ["short", "pushed", "tight"])
def test_kept_trees_decide_as_a_parse_does(
    pool: ConverterPool,
    documents: dict[str, bytes],
    monkeypatch: pytest.MonkeyPatch,
    name: str,
    mode: SignatureFitMode,
) -> None:
    parsed: list[str] = []
    original = revise.parse_xml

    def counted(data: bytes, part: str = "") -> object:
        parsed.append(part)
        return original(data, part)

    monkeypatch.setattr(revise, "parse_xml", counted)
    options = PdfOptions(signature_fit=mode)
    kept = convert(documents[name], options, pool=pool)
    kept_parses = len(parsed)
    monkeypatch.setattr(revise, "_KEEP_WRITTEN", 0)  # nothing kept: every pass parses
    parsed.clear()
    fresh = convert(documents[name], options, pool=pool)
    assert (kept.docx, kept.passes, kept.signature_fit) == (
        fresh.docx,
        fresh.passes,
        fresh.signature_fit,
    )
    if mode == "tighten":
        assert kept.passes >= 2, "the shapes are chosen so that the rule tightens"
    # the first pass parses the main part and the styles; a later pass of the signature
    # rule parses nothing (the 版记 rule's revision, if any, is not kept)
    if kept.passes == 1:
        assert kept_parses == len(parsed)
    else:
        assert kept_parses < len(parsed)
    assert not revise._WRITTEN or all(k != kept.docx for k in revise._WRITTEN)


def test_a_kept_tree_is_taken_once(documents: dict[str, bytes], tmp_path: Path) -> None:
    doc = revise._Document.read(documents["pushed"])
    assert doc is not None
    written = doc.write()
    first = revise._Document.read(written)
    assert first is not None and first.root is doc.root  # the kept tree
    second = revise._Document.read(written)
    assert second is not None and second.root is not doc.root  # parsed again
    assert second.blocks and [b.text for b in second.blocks] == [b.text for b in first.blocks]
