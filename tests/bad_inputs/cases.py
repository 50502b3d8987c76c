"""The bad-input table.  坏输入用例表。

Each :class:`Case` is one mistake a user can make: the files it needs, how it
is invoked (command line ``argv`` or a Python ``call``), the substrings the
Chinese message must contain (the field / row / column / tag / file), the exit
code, and the files that must not exist afterwards.  ``{d}`` in ``argv`` is the
case's own temporary folder.
"""

from __future__ import annotations

import errno
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from doctemplates.batch import InlineExecutor, render_many
from doctemplates.kinds import get_kind
from doctemplates.records import Record
from doctemplates.render import Template
from tests.bad_inputs import files as f


@dataclass(frozen=True)
class Case:
    id: str
    expect: tuple[str, ...]  # substrings of the Chinese message
    argv: tuple[str, ...] = ()  # command line (after ``doctemplates``)
    call: Callable[[Path, pytest.MonkeyPatch], Any] | None = None  # Python API
    files: dict[str, str | bytes] = field(default_factory=dict)
    code: int | None = 1  # exit code (None for API cases)
    absent: tuple[str, ...] = ("out.docx",)  # must not exist afterwards
    unchanged: tuple[str, ...] = ()  # existing files that must keep their content
    present: tuple[str, ...] = ()  # outputs of the good records (one bad row stops nothing)
    xfail: str | None = None  # "bug: …" when the promise does not hold yet


def render(data: str | bytes, *extra: str, name: str = "data.yaml", kind: str = "document") -> dict:
    """A ``render`` case: the data file and argv."""
    return {
        "files": {name: data},
        "argv": ("render", kind, f"{{d}}/{name}", "-o", "{d}/out.docx", *extra),
    }


def batch(records: str | bytes, *extra: str, name: str = "r.csv") -> dict:
    return {
        "files": {name: records, "t.docx": f.SIMPLE},
        "argv": ("batch", "document", f"{{d}}/{name}", "-o", "{d}/out", "--jobs", "1",
                 "--template", "{d}/t.docx", *extra),
        "absent": ("out/00002.docx",),
    }  # fmt: skip


def with_template(name: str) -> dict:
    return {
        "files": {"data.yaml": f.GOOD, name: f.TEMPLATES[name]},
        "argv": ("render", "document", "{d}/data.yaml", "-o", "{d}/out.docx",
                 "--template", f"{{d}}/{name}"),
    }  # fmt: skip


# -- Python API helpers ----------------------------------------------------------------
def _validate(kind: str, data: dict[str, Any]) -> Callable[[Path, pytest.MonkeyPatch], Any]:
    return lambda _d, _m: get_kind(kind).validate(data)


def _load(data: bytes) -> Callable[[Path, pytest.MonkeyPatch], Any]:
    return lambda _d, _m: Template.load(data)


def _disk_full(directory: Path, monkeypatch: pytest.MonkeyPatch) -> Any:
    def no_space(_fd: int) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr("doctemplates.output.os.fsync", no_space)
    template = Template.load(f.SIMPLE)
    return template.render_to(directory / "out.docx", get_kind("document").context(_good()))


def _disk_full_batch(directory: Path, monkeypatch: pytest.MonkeyPatch) -> Any:
    def no_space(_fd: int) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr("doctemplates.output.os.fsync", no_space)
    results = render_many(
        "document", [Record(2, _good())], directory / "out", executor=InlineExecutor()
    )
    raise_first_error(results)


def raise_first_error(results: list[Any]) -> None:
    from doctemplates.errors import OutputError

    failed = [r for r in results if not r.ok]
    if failed:
        raise OutputError(f"第 {failed[0].row} 行：{failed[0].error}")


def _batch_name_outside(directory: Path, _m: pytest.MonkeyPatch) -> Any:
    return render_many(
        "document", [Record(2, _good())], directory / "out", name="../{标题}",
        executor=InlineExecutor(),
    )  # fmt: skip


def _good() -> dict[str, Any]:
    from doctemplates.data import parse_data

    return parse_data(f.GOOD, "yaml", "good")


def _unwritable(directory: Path, _m: pytest.MonkeyPatch) -> Any:
    if os.geteuid() == 0:
        pytest.skip("以 root 运行时 chmod 无法禁止写入（另见 output-under-file 用例）")
    locked = directory / "locked"
    locked.mkdir()
    locked.chmod(0o500)
    try:
        return Template.load(f.SIMPLE).render_to(
            locked / "out.docx", get_kind("document").context(_good())
        )
    finally:
        locked.chmod(0o700)


G = f.good_with
_JSON_ROW = '{{"title": "关于第{i}项工作的通知", "organs": "示例市科学技术局", "signature": {{"date": "2026-11-23"}}}}\n'
JSONL = _JSON_ROW.format(i=1) + '{"title": \n' + _JSON_ROW.format(i=3)
CASES: list[Case] = [
    # -- data ---------------------------------------------------------------------------
    Case("data-wrong-type", ("title", "应为文本"), **render(G(title="[1, 2]"))),
    Case("data-bad-date", ("signature.date", "2021-02-30"), **render(G(signature="{date: 2021-02-30}"))),
    Case("data-bad-doc-number", ("doc_number", "钟科发〔20〕2号", "年份"), **render(G(doc_number="钟科发〔20〕2号"))),
    Case("data-doc-number-no-year", ("doc_number", "〔〕"), **render(G(doc_number="钟科发2020年2号"))),
    Case("data-missing-title", ("title", "缺少必填字段"), **render(G(title=None))),
    Case("data-missing-organs", ("organs", "发文机关"), **render(G(organs=None))),
    Case("data-unknown-field", ("titel", "未知字段", "title"), **render(G(title=None) + "titel: 关于示例的通知\n")),
    Case("data-too-deep", ("body 第 1 项的 children 第 1 项的 children 第 1 项的 children 第 1 项的 children 第 1 项", "四级"), **render(G(body=f.deep_body(5)))),
    Case("data-print-date-early", ("record.print_date", "早于成文日期"), **render(G() + "record: {printer: 办公室, print_date: 2026-11-01}\n")),
    Case("data-copy-number", ("copy_number", "份号"), **render(G() + "copy_number: 12a\n")),
    Case("data-classification", ("classification", "绝秘"), **render(G() + "classification: 绝秘★1年\n")),
    Case("data-urgency", ("urgency", "很急"), **render(G() + "urgency: 很急\n")),
    Case("data-seal-mode", ("signature.seal_mode", "随便"), **render(G(signature="{date: 2026-11-23, seal_mode: 随便}"))),
    Case("data-kind-mismatch", ("kind", "plan"), **render("kind: plan\n" + G())),
    Case("data-yaml-syntax", ("data.yaml", "第 2 行", "YAML"), **render("title: 关于\n  - : [\n")),
    Case("data-json-syntax", ("data.json", "第 1 行", "JSON"), **render('{"title": 关于}', name="data.json")),
    Case("data-top-level-list", ("data.yaml", "顶层"), **render("- 1\n- 2\n")),
    Case("data-wrong-suffix", ("data.txt", "不支持的数据文件类型"), **render(G(), name="data.txt")),
    Case("data-not-utf8", ("data.yaml", "UTF-8"), **render(G().encode("gb18030"))),
    Case("data-speech-no-parts", ("parts", "缺少必填字段"), **render("meeting: 动员会\nspeaker_title: 主任\nspeaker_name: 张三\ndate: 2026-03-10\n", kind="speech")),
    Case("api-reply-no-replied", ("replied",), call=_validate("proposal-reply", {"number": 1, "title": "案由", "proposer": "张三", "role": "主办", "field": "科技", "assigned": "2026-03-01", "category": "A", "session": "示例市政协十五届五次", "organ": "示例市科学技术局", "sections": ["答复"], "signer": "赵", "contact": "刘", "phone": "1"}), code=None),
    Case("api-plan-bad-phase-date", ("phases[0].end", "2026-04-31"), call=_validate("plan", {"organ": "示例局", "subject": "评议", "basis": "依据", "purpose": "目的", "topic": "评议", "guiding": ["指导"], "phases": [{"name": "准备", "start": "2026-04-01", "end": "2026-04-31"}], "date": "2026-04-01"}), code=None),
    Case("api-document-bool-title", ("title", "应为文本"), call=_validate("document", {**{"organs": "示例局", "signature": {"date": "2026-01-01"}}, "title": True}), code=None),
    # -- records --------------------------------------------------------------------------
    Case("records-empty-sheet", ("r.xlsx", "空表格"), code=2, **batch(f.xlsx([]), name="r.xlsx")),
    Case("records-header-only", ("r.csv", "只有表头"), code=2, **batch(f.csv_rows())),
    Case("records-merged-header", ("第 1 行", "B 列", "合并单元格"), code=2, **batch(f.xlsx([["标题", None, "发文字号", "signature.date"], ["关于", "示例局", "示科发〔2026〕1号", "2026-11-23"]], merge="A1:B1"), name="r.xlsx")),
    Case("records-unknown-column", ("未知列「作者」", "E 列"), code=2, **batch(f.rows(1).replace("signature.date\n", "signature.date,作者\n", 1), "--strict-columns")),
    Case("records-missing-column", ("缺少必填列", "标题"), code=2, **batch(f.rows(1).replace("标题,", "备注,", 1).replace("备注", "附注"))),
    Case("records-bad-row", ("第 3 行", "signature.date", "2026-02-30"), code=1, **{**batch(f.csv_rows(f.ROW.format(i=1), f.ROW.format(i=2).replace("2026-11-23", "2026-02-30"), f.ROW.format(i=3))), "absent": ("out/00003.docx",)}, present=("out/00002.docx", "out/00004.docx", "out/errors.csv")),
    Case("records-wrong-suffix", ("r.txt", "不支持的记录文件类型"), code=2, **batch(f.rows(1), name="r.txt")),
    Case("records-missing-file", ("nothere.csv", "找不到记录文件"), code=2, argv=("batch", "document", "{d}/nothere.csv", "-o", "{d}/out", "--jobs", "1"), absent=("out",)),
    Case("records-jsonl-bad-line", ("r.jsonl", "第 2 行", "JSON"), code=1, **{**batch(JSONL, name="r.jsonl"), "absent": ("out/00002.docx",)}),
    Case("records-jsonl-empty", ("r.jsonl", "空文件"), code=2, **batch("\n\n", name="r.jsonl")),
    Case("records-xlsx-far-cell", ("r.xlsx", "XFD", "列数上限"), code=1, **batch(f.xlsx([["标题", "发文机关", "发文字号", "signature.date"], ["关于", "示例局", "示科发〔2026〕1号", "2026-11-23"]], far="XFD1048576"), name="r.xlsx")),
    Case("data-deep-json", ("data.json", "嵌套超过"), **render('{"title": ' + "[" * 5000 + "]" * 5000 + "}", name="data.json")),
    Case("data-huge-integer", ("data.yaml", "第 8 行", "整数有 5000 位"), **render(G() + "copy_number: " + "9" * 5000 + "\n")),
    Case("option-jobs-unbounded", ("--jobs", "1 到"), code=2, **batch(f.rows(1), "--jobs", "100000")),
    Case("option-name-unbalanced", ("花括号不配对",), code=2, **batch(f.rows(1), "--name", "{标题")),
    Case("records-jsonl-bad-line-others-go-on", ("r.jsonl", "第 2 行"), code=1, **{**batch(JSONL, name="r.jsonl"), "absent": ("out/00002.docx",)}, present=("out/00001.docx", "out/00003.docx", "out/errors.csv")),
    # -- templates ------------------------------------------------------------------------
    Case("template-syntax", ("unclosed_if.docx", "if note %}", "endif"), **with_template("unclosed_if.docx")),
    Case("template-syntax-tag", ("{% if note %}", "endif"), **with_template("unclosed_if.docx")),
    Case("template-unknown-filter", ("upperr", "title|upperr"), **with_template("unknown_filter.docx")),
    Case("template-missing-variable", ("signatur", "{{ signatur.date }}"), **with_template("missing_var.docx")),
    Case("template-macro", ("macro.docx", "宏"), **with_template("macro.docx")),
    Case("template-docm", ("docm.docx", "启用宏"), **with_template("docm.docx")),
    Case("template-xxe", ("xxe.docx", "word/footnotes.xml", "DTD"), **with_template("xxe.docx")),
    Case("template-sandbox", ("沙箱", "__class__"), **with_template("sandbox.docx")),
    Case("template-zip-bomb", ("bomb.docx", "zip 炸弹"), files={"data.yaml": f.GOOD, "bomb.docx": f.zip_bomb()}, argv=("render", "document", "{d}/data.yaml", "-o", "{d}/out.docx", "--template", "{d}/bomb.docx")),
    Case("template-not-zip", ("junk.docx", "zip"), files={"data.yaml": f.GOOD, "junk.docx": b"PK\x03\x04 not really"}, argv=("render", "document", "{d}/data.yaml", "-o", "{d}/out.docx", "--template", "{d}/junk.docx")),
    Case("template-missing-file", ("nothere.docx", "找不到模板文件"), files={"data.yaml": f.GOOD}, argv=("render", "document", "{d}/data.yaml", "-o", "{d}/out.docx", "--template", "{d}/nothere.docx")),
    Case("api-template-not-zip", ("zip",), call=_load(b"not a zip"), code=None),
    Case("lint-not-zip", ("zip",), files={"junk.docx": b"junk"}, argv=("lint", "{d}/junk.docx"), code=2, absent=()),
    # -- options --------------------------------------------------------------------------
    Case("option-unknown-kind", ("未知的文种", "documnet", "document"), code=2, **render(G(), kind="documnet")),
    Case("option-unknown-kind-batch", ("未知的文种", "replies"), code=2, argv=("batch", "replies", "{d}/r.csv", "-o", "{d}/out"), files={"r.csv": f.rows(1)}, absent=("out",)),
    Case("option-schema-unknown-kind", ("未知的文种",), argv=("schema", "nosuchkind"), code=2, absent=()),
    Case("option-bad-format", ("--format", "公函"), argv=("new", "{d}/new.docx", "--format", "公函"), code=2, absent=("new.docx",)),
    Case("option-name-outside-dir", ("../{标题}", "输出目录"), code=2, **{**batch(f.rows(2), "--name", "../{标题}"), "absent": ("out/00002.docx", "关于第1项工作的通知.docx")}),
    Case("option-name-unknown-field", ("{作者}", "不是字段名"), code=2, **batch(f.rows(2), "--name", "{作者}")),
    Case("api-name-outside-dir", ("../{标题}",), call=_batch_name_outside, code=None, absent=("out/00002.docx",)),
    # -- file system -----------------------------------------------------------------------
    Case("fs-missing-data", ("nothere.yaml", "找不到数据文件"), argv=("render", "document", "{d}/nothere.yaml", "-o", "{d}/out.docx")),
    Case("fs-output-exists", ("out.docx", "已存在", "--force"), files={"data.yaml": f.GOOD, "out.docx": b"keep me"}, argv=("render", "document", "{d}/data.yaml", "-o", "{d}/out.docx"), absent=(), unchanged=("out.docx",)),
    Case("fs-output-dir-missing", ("nodir", "输出目录不存在"), files={"data.yaml": f.GOOD}, argv=("render", "document", "{d}/data.yaml", "-o", "{d}/nodir/out.docx"), absent=("nodir",)),
    Case("fs-output-under-file", ("plain.txt", "输出目录"), files={"data.yaml": f.GOOD, "plain.txt": "x"}, argv=("render", "document", "{d}/data.yaml", "-o", "{d}/plain.txt/out.docx"), unchanged=("plain.txt",)),
    Case("fs-batch-dir-under-file", ("plain.txt", "无法创建输出目录"), code=2, files={"r.csv": f.rows(1), "plain.txt": "x"}, argv=("batch", "document", "{d}/r.csv", "-o", "{d}/plain.txt/out", "--jobs", "1"), unchanged=("plain.txt",)),
    Case("fs-batch-existing-results", ("--resume", "--force"), code=2, files={"r.csv": f.rows(1), "out/00002.docx": b"old"}, argv=("batch", "document", "{d}/r.csv", "-o", "{d}/out", "--jobs", "1"), absent=("out/manifest.jsonl",), unchanged=("out/00002.docx",)),
    Case("fs-unwritable-dir", ("没有写入权限",), call=_unwritable, code=None, absent=("locked/out.docx",)),
    Case("fs-disk-full", ("out.docx", "磁盘空间不足"), call=_disk_full, code=None),
    Case("fs-disk-full-batch", ("第 2 行", "磁盘空间不足"), call=_disk_full_batch, code=None, absent=("out/00002.docx",)),
]  # fmt: skip
