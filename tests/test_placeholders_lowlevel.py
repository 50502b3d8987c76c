"""The low-level render of a shipped template (issue 17): the README's
``Template.load(…).render(document_context(doc))`` works on the shipped templates, whose
lines use the Chinese names (``{{ 发文字号 }}``), and gives what ``kind.render`` gives —
the context builder carries both names; render knows nothing of 公文."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from doctemplates.context import DocumentContext, document_context
from doctemplates.data import KIND_KEY
from doctemplates.fieldnames import with_chinese_names
from doctemplates.kinds import get_kind
from doctemplates.model import OfficialDocument
from doctemplates.package import read_package
from doctemplates.render import Template

SAMPLES = Path(__file__).resolve().parent.parent / "samples"
_MAIN = "word/document.xml"


def _notice(fmt: str) -> dict[str, Any]:
    data = yaml.safe_load((SAMPLES / "notice.yaml").read_text(encoding="utf-8"))
    data.pop(KIND_KEY, None)
    return {**data, "format": fmt}


@pytest.mark.parametrize("fmt", ["文件", "信函", "纪要"])
def test_document_context_renders_a_shipped_template_as_the_kind_does(fmt: str) -> None:
    kind = get_kind("document")
    prepared = kind.prepare(_notice(fmt))
    doc: OfficialDocument = prepared.document
    tpl = Template.load(prepared.template_path)  # the README's lines
    low = read_package(tpl.render(document_context(doc)))
    high = read_package(kind.render(_notice(fmt)))
    for part in high:
        if part.startswith("word/") and part.endswith(".xml"):
            assert low[part] == high[part], part  # docProps differ: the kind adds 文种


def test_document_context_carries_both_names_with_the_same_values() -> None:
    doc = get_kind("document").prepare(_notice("文件")).document
    ctx: Any = document_context(doc)
    assert ctx["发文字号"] == ctx["header"]["doc_number"] == "示科发〔2026〕18号"
    assert ctx["署名和成文日期"]["成文日期"] == ctx["signature"]["date"]
    english: Any = document_context(doc, chinese_names=False)
    assert "发文字号" not in english
    assert with_chinese_names(english, DocumentContext) == ctx
