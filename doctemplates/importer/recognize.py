"""Recognition: source paragraphs → the data of a ``document``.  要素识别。

Like :mod:`doctemplates.check.structure` walks a .docx, this walks plain
paragraphs: the 版头 lines and the 标题 from the top (份号, 密级, 紧急程度,
发文机关标志, 发文字号 and 签发人, 标题 over one to three lines, 副标题, a 讲话
header, 主送), the closing from the bottom (版记 lines, 附件 pages, 附注, 成文日期,
署名, 附件说明), and the body between them (:mod:`.body`).  Every decision goes
to the :class:`~doctemplates.importer.report.Report` with its source paragraph.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from doctemplates.importer.closing import Closing
from doctemplates.importer.report import Report
from doctemplates.importer.source import Draft

__all__ = ["Options", "Recognised", "recognise"]


@dataclass(frozen=True)
class Options:
    """What an import may do.  导入选项。

    ``disabled`` holds the ids of normalisation rules switched off
    (:data:`doctemplates.importer.normalize.RULES`).
    """

    disabled: frozenset[str] = frozenset()

    def on(self, rule: str) -> bool:
        return rule not in self.disabled


@dataclass
class Recognised:
    """The data of a ``document`` and the pictures it refers to."""

    data: dict[str, Any]
    media: dict[str, bytes] = field(default_factory=dict)
    #: (where, source text, expected output text) of every body paragraph, in order
    trace: list[tuple[str, str, str]] = field(default_factory=list)


class _Walker(Closing):
    """The whole walk: 版头 and 标题 (:mod:`.head`), closing (:mod:`.closing`), body (:mod:`.walk`)."""

    # -- the whole walk ---------------------------------------------------------------
    def run(self) -> Recognised:
        data: dict[str, Any] = {}
        start = self._front(data)
        end = self._closing(data, start)
        speech = self._is_speech(data)
        self._body(data, self.paras[start:end], speech)
        self._choose_format(data, speech)
        return Recognised(data, self.media, self.trace)

    # -- format --------------------------------------------------------------------------
    def _choose_format(self, data: dict[str, Any], speech: bool) -> None:
        annexes = data.pop("_annexes", [])
        note = data.pop("_attachment_note", [])
        data.pop("_salutation", None)
        attachments = _merge_attachments(note, annexes, self.report)
        if attachments:
            data["attachments"] = attachments
        if self.chinese_dates:
            data["date_style"] = "chinese"
        signature = data.get("signature")
        if "format" in data:
            pass
        elif speech and "doc_number" not in data:
            data["format"] = "讲话"  # a speech needs no 署名 or 成文日期
            self.report.add("recognised", "全文", "讲话稿（标题、讲话人或称呼），按讲话格式排版")
            return
        if self.no_date:
            self.undecided(None, "没有找到成文日期（正文后的日期行），未生成署名和成文日期")
        if signature and not data.get("organs"):
            names = signature.get("names")
            if names:
                data["organs"] = list(names)
                self.report.add(
                    "recognised",
                    "全文",
                    f"发文机关取自署名“{'、'.join(names)}”（版头标志按它印出；如不需要红头，改 format）",
                )
        if not signature or not data.get("organs"):
            data["format"] = "讲话"
            self.undecided(
                None,
                "没有找到发文机关或署名和成文日期：按无版头、无署名的讲话格式排版；"
                "如需文件格式，请在数据中填写 organs 和 signature 并把 format 改为 文件",
            )
            if signature and not signature.get("names") and not data.get("organs"):
                data.pop("signature")
            return
        data.setdefault("format", "文件")


def _merge_attachments(
    note: list[dict[str, Any]], annexes: list[dict[str, Any]], report: Report
) -> list[dict[str, Any]]:
    if not annexes:
        return note
    if note and [a["title"] for a in note] != [a["title"] for a in annexes]:
        report.add("undecided", "全文", "附件说明与附件页的标题不一致，以附件页为准")
    return annexes


def recognise(draft: Draft, options: Options, report: Report) -> Recognised:
    """Recognise the elements of ``draft``; decisions go to ``report``."""
    return _Walker(draft, options, report).run()
