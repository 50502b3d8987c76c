"""Kinds as classes (issue 14 §3): a subclass per kind, one preparation per render, 日期写法.

The 成文日期 walks from the data to the .docx text, the document properties,
the PDF metadata and the OFD metadata through one :class:`~doctemplates.kinds.Prepared`.
"""

from __future__ import annotations

import datetime as dt
from importlib import metadata
from pathlib import Path
from typing import Any

import pypdf
import pytest
from typer.testing import CliRunner

import doctemplates.kinds as kinds_module
from doctemplates.check import check_docx
from doctemplates.cli import app
from doctemplates.errors import DataError
from doctemplates.kinds import DOCUMENT, Kind, available_kinds, get_kind
from doctemplates.model import OfficialDocument, validate
from doctemplates.ofd import metadata_for
from doctemplates.pdf import soffice_path
from tests.docxbuild import body_text
from tests.layout.test_seal import red_disc_png
from tests.pingyi.conftest import sample

NOTICE = {
    "organs": ["示例市科学技术局"],
    "title": "关于开展示例检查的通知",
    "body": ["为做好示例检查工作，现将有关事项通知如下。"],
    "signature": {"date": "2026-04-20"},
}


class MemoKind(Kind):
    """A kind written outside the engine: only class attributes and ``to_document``."""

    name = "memo"
    title = "备忘录"
    aliases = ("备忘",)
    model = OfficialDocument

    def to_document(self, data: Any) -> OfficialDocument:
        return validate(OfficialDocument, {**data.model_dump(exclude_unset=True), "format": "信函"})

    def advise(self, data: Any) -> list[str]:
        return ["备忘录不编发文字号"]


def test_a_subclass_is_a_kind_with_the_engine_defaults() -> None:
    memo = MemoKind()
    prepared = memo.prepare(NOTICE)
    assert prepared.template_path.name == "xinhan.docx"  # its document's 公文格式
    assert memo.default_template.name == "wenjian.docx"  # its own format: 文件
    assert prepared.context["meta"]["subject"] == "备忘录"  # 文种 = the kind's title
    assert memo.notices(NOTICE) == ["备忘录不编发文字号"]
    assert "关于开展示例检查的通知" in body_text(memo.render(NOTICE))


def test_entry_point_may_name_the_class(monkeypatch: pytest.MonkeyPatch) -> None:
    entry = metadata.EntryPoint("memo", f"{__name__}:MemoKind", kinds_module.ENTRY_POINT_GROUP)
    real = metadata.entry_points(group=kinds_module.ENTRY_POINT_GROUP)
    monkeypatch.setattr(kinds_module.metadata, "entry_points", lambda group: [*real, entry])
    available_kinds.cache_clear()
    try:
        memo = get_kind("备忘")
        assert isinstance(memo, MemoKind) and get_kind("memo") is memo
        assert get_kind("plan") is available_kinds()["plan"]  # the instances named as before
    finally:
        available_kinds.cache_clear()


def test_entry_point_naming_something_else_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    entry = metadata.EntryPoint("bad", "doctemplates.kinds:FORMAT_TEMPLATES", "doctemplates.kinds")
    monkeypatch.setattr(kinds_module.metadata, "entry_points", lambda group: [entry])
    available_kinds.cache_clear()
    try:
        with pytest.raises(Exception, match="不是文种"):
            available_kinds()
    finally:
        available_kinds.cache_clear()


def test_document_is_prepared_once_per_render(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[str] = []
    real = kinds_module.document_context

    def counted(document: OfficialDocument, **options: Any) -> Any:
        calls.append(document.title)
        return real(document, **options)

    monkeypatch.setattr(kinds_module, "document_context", counted)
    prepared = DOCUMENT.prepare(NOTICE)
    prepared.render()
    assert prepared.metadata()["created"] == dt.date(2026, 4, 20)  # a date, not text read back
    assert metadata_for(prepared).created == dt.date(2026, 4, 20)
    assert calls == ["关于开展示例检查的通知"]


def test_chinese_date_style_of_a_pingyi_kind_reaches_the_docx() -> None:
    kind = get_kind("plan")
    data = {**sample("plan"), "date_style": "chinese"}
    document = kind.render(data)
    assert "二〇二六年四月八日" in [t.strip() for t in body_text(document)]
    assert [f for f in check_docx(document, date_style="chinese") if f.rule == "date-form"] == []
    assert kind.prepare(data).metadata()["created"] == dt.date(2026, 4, 8)


def test_speech_date_in_chinese_numerals() -> None:
    context = get_kind("speech").context({**sample("speech"), "date_style": "chinese"})
    assert context["speech_date"] == "二〇二六年三月十日"


def test_blank_optional_field_of_a_kind_model_is_not_given() -> None:
    """A spreadsheet cell left empty: the same rule as the engine's own models."""
    model = get_kind("plan").validate({**sample("plan"), "doc_number": ""})
    assert model.doc_number is None


def test_print_date_before_issue_date_is_refused_in_kind_data() -> None:
    data = {**sample("plan"), "record": {"printer": "示例办公室", "print_date": "2026-01-01"}}
    with pytest.raises(DataError) as caught:
        get_kind("plan").validate(data)
    assert caught.value.field == "record.print_date"
    assert "印发日期2026年1月1日早于成文日期" in caught.value.message


@pytest.mark.skipif(soffice_path() is None, reason="LibreOffice (soffice) is not installed")
def test_render_pdf_finds_the_seal_beside_the_data_and_dates_the_pdf(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Before, ``--pdf`` rebuilt the context outside the data folder: 找不到印章图片."""
    folder = tmp_path / "data"
    folder.mkdir()
    (folder / "seal.png").write_bytes(red_disc_png())
    (folder / "notice.yaml").write_text(
        "organs: [示例市科学技术局]\ntitle: 关于开展示例检查的通知\n"
        "body: [为做好示例检查工作，现将有关事项通知如下。]\n"
        "signature: {date: 2026-04-20, seal_image: seal.png}\n",
        encoding="utf-8",
    )
    monkeypatch.chdir(tmp_path)
    out = tmp_path / "通知.pdf"
    result = CliRunner().invoke(
        app, ["render", "document", str(folder / "notice.yaml"), "-o", str(out)]
    )
    assert result.exit_code == 0, result.output
    info = pypdf.PdfReader(out).metadata
    assert info is not None and info["/CreationDate"] == "D:20260420"
    assert info["/Subject"] == "通知"
