"""Recognition: source paragraphs → the data of a ``document``.  要素识别。

Like :mod:`doctemplates.check.structure` walks a .docx, this walks plain
paragraphs: the 版头 lines and the 标题 from the top (份号, 密级, 紧急程度,
发文机关标志, 发文字号 and 签发人, 标题 over one to three lines, 副标题, a 讲话
header, 主送), the closing from the bottom (版记 lines, 附件 pages, 附注, 成文日期,
署名, 附件说明), and the body between them (:mod:`.body`).  Every decision goes
to the :class:`~doctemplates.importer.report.Report` with its source paragraph.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Literal

from doctemplates.check.structure import doc_number_text
from doctemplates.check.textforms import is_date_like, is_doc_number_like
from doctemplates.dates import format_date, parse_date
from doctemplates.errors import DocTemplatesError
from doctemplates.importer.body import TreeBuilder, split_run_in, tree_data
from doctemplates.importer.labels import TypedLabel, typed_label
from doctemplates.importer.normalize import fullwidth_punctuation
from doctemplates.importer.report import Report
from doctemplates.importer.source import Draft, SourceParagraph
from doctemplates.model import DocNumber
from doctemplates.numbering import label as make_label

__all__ = ["Options", "Recognised", "recognise"]

_WS = " \t\u3000\u00a0\ufeff"
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff]")
_COPY = re.compile(r"^\d{6}$")
_CLASSIFICATION = re.compile(r"^(绝密|机密|秘密)\s*([★☆*＊]\s*\S+)?$")
_URGENCY = re.compile(r"^(特急|加急)$")
_MARK = re.compile(r"^(?P<organ>[^，。；：,;:\s]{2,40}?)(?P<suffix>文件|纪要)$")
_SIGNER = re.compile(r"签\s*发\s*人\s*[：:]\s*(?P<names>.+)$")
_SUBTITLE = re.compile(r"^(——|—|--)")
_IN_PARENS = re.compile(r"^[（(](?P<inner>.+)[）)]$")
_RECIPIENTS_END = ("：", ":")
_DOC_KINDS = (
    "通知|通报|报告|请示|意见|方案|讲话|函|总结|决定|纪要|办法|规定|规则|细则|批复|公告|通告|"
    "命令|议案|决议|公报|计划|规划|要点|发言|致辞|讲稿|复函|答复|意见书|报告书"
)
_TITLE_END = re.compile(rf"(?:{_DOC_KINDS})$")
_SPEECH_TITLE = re.compile(r"(讲话|致辞|发言|讲稿|演讲)(?:稿)?$")
_SALUTATION = re.compile(r"^(同志们|各位[^，,：:]{0,8}|女士们、先生们)[：:]$")
_ANNEX_LABEL = re.compile(r"^附件\s*(?P<n>\d*)$")
_ATTACH_NOTE = re.compile(r"^附件\s*[：:]\s*(?P<rest>.*)$")
_ATTACH_ITEM = re.compile(r"^(?P<n>\d{1,2})\s*[.．、]\s*(?P<title>\S.*)$")
_CC = re.compile(r"^抄\s*送\s*[：:]\s*(?P<names>.+)$")
_PRINTED = re.compile(r"^(?P<printer>\S.*?)\s+(?P<date>\S+年\S+月\S+日)\s*印\s*发$")
_INFORMAL = re.compile(r"(?:^|[。；，,;])\s*(一是|二是|第一[，,、]|首先[，,])")
_SENTENCE_PUNCT = re.compile(r"[。，；：！？,;:!?]|\.$")
_MAX_SIGNATURE_LINES = 3
_MAX_SIGNATURE_CHARS = 30


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


class _Walker:
    def __init__(self, draft: Draft, options: Options, report: Report) -> None:
        self.options = options
        self.report = report
        self.media: dict[str, bytes] = {}
        self.trace: list[tuple[str, str, str]] = []
        self.paras = [p for p in (self._clean(p) for p in draft.paragraphs) if p is not None]
        for note in draft.notes:
            report.add("note", "全文", note)

    # -- helpers ---------------------------------------------------------------------
    def _clean(self, p: SourceParagraph) -> SourceParagraph | None:
        for note in p.notes:
            self.report.add("note", p.where, note, p.text)
        if p.is_block:
            return p
        text = _CONTROL.sub("", p.text).strip(_WS + "\n")
        if text != p.text:
            self.report.add(
                "normalised", p.where, "去掉首尾空白或控制字符", p.text, rule="whitespace"
            )
        if not text:
            return None
        return SourceParagraph(text, p.where, p.level, p.label, centred=p.centred)

    def punct(self, text: str, where: str, source: str = "") -> str:
        if not self.options.on("punctuation"):
            return text
        fixed = fullwidth_punctuation(text)
        if fixed != text:
            self.report.add(
                "normalised", where, "半角标点改为全角", source or text, rule="punctuation"
            )
        return fixed

    def recognised(self, p: SourceParagraph, message: str, element: str) -> None:
        self.report.add("recognised", p.where, message, p.text, element=element)

    def undecided(self, p: SourceParagraph | None, message: str) -> None:
        self.report.add("undecided", p.where if p else "全文", message, p.text if p else "")

    # -- the whole walk ---------------------------------------------------------------
    def run(self) -> Recognised:
        data: dict[str, Any] = {}
        start = self._front(data)
        end = self._closing(data, start)
        speech = self._is_speech(data)
        self._body(data, self.paras[start:end], speech)
        self._choose_format(data, speech)
        return Recognised(data, self.media, self.trace)

    # -- 版头 and 标题 -------------------------------------------------------------------
    def _front(self, data: dict[str, Any]) -> int:
        i, paras = 0, self.paras
        title_at: int | None = None
        while i < len(paras):
            p = paras[i]
            t = p.text
            if p.is_block:
                break
            if title_at is None and _COPY.match(t) and "copy_number" not in data:
                data["copy_number"] = t
                self.recognised(p, "份号", "copy_number")
            elif title_at is None and _CLASSIFICATION.match(t):
                data["classification"] = t
                self.recognised(p, "密级和保密期限", "classification")
            elif title_at is None and _URGENCY.match(t):
                data["urgency"] = t
                self.recognised(p, "紧急程度", "urgency")
            elif title_at is None and (m := _MARK.match(t)) and "organs" not in data:
                data["organs"] = [m["organ"]]
                if m["suffix"] == "纪要":
                    data["format"] = "纪要"
                self.recognised(p, f"发文机关标志（发文机关“{m['organ']}”）", "organs")
            elif "doc_number" not in data and self._doc_number(p, data):
                pass
            elif (m := _SIGNER.fullmatch(t)) and "signers" not in data:
                data["signers"] = re.split(r"[\s、，,]+", m["names"].strip())
                self.recognised(p, "签发人", "signers")
            elif title_at is None:
                if typed_label(t) or (len(t) > 80 and t.endswith("。")):
                    self.undecided(p, "开头没有标题行，把这一段当作标题；请核对")
                title_at = i
                i = self._title(data, i)
                continue
            elif _SUBTITLE.match(t) and "subtitle" not in data and "recipients" not in data:
                data["subtitle"] = self.punct(t, p.where)
                self.recognised(p, "副标题", "subtitle")
            elif self._speech_header(data, i):
                pass
            elif (
                t.endswith(_RECIPIENTS_END)
                and len(t) <= 150
                and "。" not in t
                and typed_label(t) is None
                and "recipients" not in data
            ):
                text = self.punct(t, p.where)
                names = text.rstrip("：:")
                if _SALUTATION.match(t):
                    data["recipients"] = [names]
                    data["_salutation"] = names
                    self.recognised(p, "称呼（讲话稿）", "recipients")
                else:
                    # split only where the template joins again (、): ，between groups stays
                    data["recipients"] = [n for n in names.split("、") if n.strip()]
                    self.recognised(p, "主送机关", "recipients")
                i += 1
                break
            else:
                break
            i += 1
        if title_at is None:
            self.undecided(None, "没有找到标题")
        return i

    def _doc_number(self, p: SourceParagraph, data: dict[str, Any]) -> bool:
        number_text = doc_number_text(p.text)
        if not is_doc_number_like(number_text):
            return False
        signer = _SIGNER.search(p.text)
        compact = re.sub(r"\s+", "", number_text)
        standard_brackets = "〔" in compact and "〕" in compact and "第" not in compact
        zeros = bool(re.search(r"〕\s*0", compact) or re.search(r"[〕\]）)]\s*第?\s*0\d", compact))
        if not standard_brackets and not self.options.on("doc-number"):
            self.undecided(p, "发文字号的括号不是〔〕，规则 doc-number 已关闭，按正文保留")
            return False
        if zeros and not self.options.on("leading-zeros"):
            self.undecided(p, "发文字号序号有前导零，规则 leading-zeros 已关闭，按正文保留")
            return False
        try:
            number = DocNumber.parse(number_text)
        except DocTemplatesError as exc:
            self.undecided(p, f"像发文字号但无法识别（{exc.message}），按正文保留")
            return False
        data["doc_number"] = str(number)
        self.recognised(p, f"发文字号“{number}”", "doc_number")
        if str(number) != compact:
            rule = "doc-number" if not standard_brackets or "第" in compact else "leading-zeros"
            self.report.add(
                "normalised", p.where, f"发文字号写作“{number}”", number_text, rule=rule
            )
        if signer:
            data["signers"] = re.split(r"[\s、，,]+", signer["names"].strip())
            self.recognised(p, "签发人（与发文字号同行）", "signers")
        return True

    def _title(self, data: dict[str, Any], i: int) -> int:
        paras = self.paras
        lines = [paras[i]]
        j = i + 1
        while (
            j < len(paras)
            and len(lines) < 3
            and self.options.on("title-lines")
            and self._title_continues(lines, paras[j])
        ):
            lines.append(paras[j])
            j += 1
        title = "".join(p.text for p in lines)
        data["title"] = self.punct(title, lines[0].where)
        self.recognised(lines[0], "标题", "title")
        if len(lines) > 1:
            self.report.add(
                "normalised",
                lines[0].where,
                f"标题分 {len(lines)} 行书写，已合并为一行",
                title,
                rule="title-lines",
            )
        return j

    @staticmethod
    def _title_continues(lines: Sequence[SourceParagraph], nxt: SourceParagraph) -> bool:
        last, t = lines[-1].text, nxt.text
        return (
            not nxt.is_block
            and not _TITLE_END.search(last)
            and not _SENTENCE_PUNCT.search(last[-1:])
            and len(last) <= 40
            and len(t) <= 30
            and not _SENTENCE_PUNCT.search(t)
            and typed_label(t) is None
            and not is_doc_number_like(doc_number_text(t))
            and not is_date_like(t)
            and not _IN_PARENS.match(t)
            and not _SUBTITLE.match(t)
        )

    def _speech_header(self, data: dict[str, Any], i: int) -> bool:
        """讲话人 line and ``（2023年2月10日）`` under the title."""
        p = self.paras[i]
        m = _IN_PARENS.match(p.text)
        if m and is_date_like(m["inner"]) and "speech_date" not in data:
            day = self._date(p, m["inner"], "speech_date")
            if day is None:
                return False
            data["speech_date"] = day.isoformat()
            self.recognised(p, "讲话日期", "speech_date")
            return True
        nxt = self.paras[i + 1] if i + 1 < len(self.paras) else None
        if (
            nxt is not None
            and "speaker" not in data
            and len(p.text) <= _MAX_SIGNATURE_CHARS
            and not _SENTENCE_PUNCT.search(p.text)
            and (m2 := _IN_PARENS.match(nxt.text))
            and is_date_like(m2["inner"])
        ):
            data["speaker"] = p.text
            self.recognised(p, "讲话人", "speaker")
            return True
        return False

    def _date(self, p: SourceParagraph, text: str, element: str) -> date | None:
        compact = re.sub(r"\s+", "", text)
        chinese = not re.match(r"^\d", compact)
        zeros = bool(re.search(r"(?<!\d)0\d", compact))
        if chinese and not self.options.on("date"):
            return self._date_value(p, compact, element, keep_chinese=True)
        if zeros and not self.options.on("leading-zeros"):
            self.undecided(p, "日期有前导零，规则 leading-zeros 已关闭，按正文保留")
            return None
        return self._date_value(p, compact, element, keep_chinese=False)

    def _date_value(
        self, p: SourceParagraph, compact: str, element: str, *, keep_chinese: bool
    ) -> date | None:
        try:
            day = parse_date(compact)
        except DocTemplatesError as exc:
            self.undecided(p, f"像日期但无法识别（{exc.message}），按正文保留")
            return None
        style: Literal["arabic", "chinese"] = "chinese" if keep_chinese else "arabic"
        if keep_chinese:
            self.chinese_dates = True
        shown = format_date(day, style=style)
        if shown != compact:
            rule = "date" if not re.match(r"^\d", compact) and not keep_chinese else "leading-zeros"
            self.report.add("normalised", p.where, f"日期写作“{shown}”", compact, rule=rule)
        return day

    chinese_dates = False
    no_date = False

    # -- closing -------------------------------------------------------------------------
    def _closing(self, data: dict[str, Any], start: int) -> int:
        paras = self.paras
        end = len(paras)
        end = self._record(data, start, end)
        annex_at = self._annex_start(start, end)
        if annex_at is not None:
            self._annexes(data, annex_at, end)
            end = annex_at
        end = self._note(data, start, end)
        j = end - 1
        if j < start or paras[j].is_block or not is_date_like(paras[j].text):
            if "note" in data:  # a （…） line that did not follow a date stays in the body
                data.pop("note")
                end += 1
            self.no_date = True  # reported in _choose_format unless it is a speech
            return end
        day = self._date(paras[j], paras[j].text, "signature.date")
        if day is None:
            return end
        names: list[SourceParagraph] = []
        k = j - 1
        while k >= start and len(names) < _MAX_SIGNATURE_LINES and self._name_like(paras[k]):
            names.insert(0, paras[k])
            k -= 1
        signature: dict[str, Any] = {"date": day.isoformat()}
        if names:
            signature["names"] = [n.text for n in names]
            for n in names:
                self.recognised(n, "署名", "signature.names")
        self.recognised(paras[j], "成文日期", "signature.date")
        data["signature"] = signature
        return self._attach_note(data, start, k + 1)

    @staticmethod
    def _name_like(p: SourceParagraph) -> bool:
        t = p.text
        return (
            not p.is_block
            and len(t) <= _MAX_SIGNATURE_CHARS
            and not _SENTENCE_PUNCT.search(t)
            and typed_label(t) is None
            and not is_date_like(t)
            and not _ATTACH_NOTE.match(t)
        )

    def _record(self, data: dict[str, Any], start: int, end: int) -> int:
        record: dict[str, Any] = {}
        while end > start and not self.paras[end - 1].is_block:
            p = self.paras[end - 1]
            if (m := _CC.match(p.text)) and "cc" not in record:
                cc = self.punct(m["names"], p.where, p.text).rstrip("。.")
                record["cc"] = [n for n in cc.split("，") if n.strip()]  # joined with ，again
                self.recognised(p, "抄送机关", "record.cc")
            elif (m := _PRINTED.match(p.text)) and "printer" not in record:
                day = self._date(p, m["date"], "record.print_date")
                if day is None:
                    break
                record["printer"], record["print_date"] = m["printer"], day.isoformat()
                self.recognised(p, "印发机关和印发日期", "record.printer")
            else:
                break
            end -= 1
        if record:
            data["record"] = record
        return end

    def _annex_start(self, start: int, end: int) -> int | None:
        for k in range(start, end):
            p = self.paras[k]
            if not p.is_block and _ANNEX_LABEL.match(p.text) and k + 1 < end:
                before = self.paras[max(start, k - 3) : k]
                if any(not q.is_block and is_date_like(q.text) for q in before) or any(
                    not q.is_block and _IN_PARENS.match(q.text) for q in before
                ):
                    return k
        return None

    def _annexes(self, data: dict[str, Any], at: int, end: int) -> None:
        annexes: list[dict[str, Any]] = []
        k = at
        while k < end:
            label_p = self.paras[k]
            title_p = self.paras[k + 1] if k + 1 < end else None
            k += 2
            body: list[SourceParagraph] = []
            while k < end and not (
                not self.paras[k].is_block and _ANNEX_LABEL.match(self.paras[k].text)
            ):
                body.append(self.paras[k])
                k += 1
            if title_p is None or title_p.is_block:
                self.undecided(label_p, "附件标识后没有附件标题")
                continue
            title = self.punct(title_p.text, title_p.where)
            builder = self._build(body, f"attachments[{len(annexes)}]", speech=False)
            annexes.append({"title": title, "sections": tree_data(builder.root)})
            self.recognised(label_p, "附件", f"attachments[{len(annexes) - 1}]")
            self.recognised(title_p, "附件标题", f"attachments[{len(annexes) - 1}].title")
        data["_annexes"] = annexes

    def _note(self, data: dict[str, Any], start: int, end: int) -> int:
        if end - 1 >= start and not self.paras[end - 1].is_block:
            p = self.paras[end - 1]
            m = _IN_PARENS.match(p.text)
            if m and end - 2 >= start and is_date_like(self.paras[end - 2].text):
                data["note"] = self.punct(m["inner"], p.where, p.text)
                self.recognised(p, "附注", "note")
                return end - 1
        return end

    def _attach_note(self, data: dict[str, Any], start: int, end: int) -> int:
        """附件说明 right above the 署名: ``附件：1.×××`` and ``2.×××`` lines."""
        k = end - 1
        items: list[SourceParagraph] = []
        while k >= start and not self.paras[k].is_block:
            t = self.paras[k].text
            if _ATTACH_NOTE.match(t):
                break
            if not _ATTACH_ITEM.match(t) or len(items) >= 50:
                return end
            items.insert(0, self.paras[k])
            k -= 1
        if k < start or self.paras[k].is_block:
            return end
        head = self.paras[k]
        first = _ATTACH_NOTE.match(head.text)
        assert first is not None
        rest = first["rest"].strip()
        titles: list[tuple[SourceParagraph, str]] = []
        if rest:
            m = _ATTACH_ITEM.match(rest)
            titles.append((head, m["title"] if m and items else (m["title"] if m else rest)))
        titles += [(p, _ATTACH_ITEM.match(p.text)["title"]) for p in items]  # type: ignore[index]
        if not titles:
            return end
        attachments = []
        for p, title in titles:
            fixed = self.punct(title, p.where)
            bare = fixed.rstrip("。；;，,、．.：:")
            if bare != fixed:
                self.report.add(
                    "normalised", p.where, "附件名称末尾不加标点", fixed, rule="punctuation"
                )
            attachments.append({"title": bare})
            self.recognised(p, f"附件说明“{bare}”", "attachments")
        data["_attachment_note"] = attachments
        return k

    # -- body ------------------------------------------------------------------------------
    def _is_speech(self, data: dict[str, Any]) -> bool:
        title = data.get("title", "")
        return bool(
            "speech_date" in data
            or "speaker" in data
            or "_salutation" in data
            or (_SPEECH_TITLE.search(title) and "doc_number" not in data)
        )

    def _body(self, data: dict[str, Any], paras: list[SourceParagraph], speech: bool) -> None:
        builder = self._build(paras, "body", speech=speech, salutation=data.get("_salutation"))
        data["body"] = tree_data(builder.root)

    def _build(
        self,
        paras: list[SourceParagraph],
        path: str,
        *,
        speech: bool,
        salutation: str | None = None,
    ) -> TreeBuilder:
        builder = TreeBuilder()
        for p in paras:
            if p.is_block:
                builder.plain(self._block(p))
                self.trace.append((p.where, "[表格]" if p.rows is not None else "[图片]", ""))
                continue
            event: list[tuple[str, str]] = []

            def record(kind: str, message: str, _e: list[tuple[str, str]] = event) -> None:
                _e.append((kind, message))

            builder.on_event = record
            found = typed_label(p.text)
            if found is not None and not self._label_allowed(p, found):
                found = None
            if found is None and p.label is not None:  # a Markdown ordered-list item
                found = TypedLabel(p.label[0], p.label[1], "", p.text, None, False)
            if found is None and p.level is not None and 1 <= p.level <= 4:
                found = self._heading_level(p, builder)
            if found is None:
                text = self.punct(p.text, p.where)
                closing = bool(
                    speech and salutation and text.startswith(salutation) and builder.root.children
                )
                if _INFORMAL.search(text):
                    self.report.add(
                        "recognised", p.where, "非正式列举（一是……二是……），保留为正文", p.text
                    )
                builder.plain(text, closing=closing)
                self.trace.append((p.where, p.text, text))
                continue
            rest = self.punct(found.rest, p.where, p.text)
            heading, text = split_run_in(rest)
            try:
                number = builder.numbered(
                    found, heading, text, renumber=self.options.on("renumber")
                )
            except ValueError:
                self.undecided(
                    p, f"序号“{found.typed.strip()}”不连续，规则 renumber 已关闭，按正文保留"
                )
                plain = self.punct(p.text, p.where)
                builder.plain(plain)
                self.trace.append((p.where, p.text, plain))
                continue
            shown = make_label(found.level, number)
            for kind, message in event:
                if kind == "renumber":
                    self.report.add("normalised", p.where, message, p.text, rule="renumber")
                else:
                    self.report.add("recognised", p.where, message, p.text)
            if found.problem or found.zeros:
                rule = "leading-zeros" if found.zeros else "label"
                self.report.add(
                    "normalised",
                    p.where,
                    f"序数“{found.typed.strip()}”写作“{shown}”",
                    p.text,
                    rule=rule,
                )
            kind = "标题与正文同段" if text else "标题"
            self.report.add(
                "recognised", p.where, f"第 {found.level} 级{kind}“{shown}”", p.text, element=path
            )
            self.trace.append((p.where, p.text, shown + heading + text))
        return builder

    def _label_allowed(self, p: SourceParagraph, found: Any) -> bool:
        if found.zeros and not self.options.on("leading-zeros"):
            self.undecided(p, "序数有前导零，规则 leading-zeros 已关闭，按正文保留")
            return False
        if found.problem and not found.zeros and not self.options.on("label"):
            self.undecided(p, f"{found.problem}，规则 label 已关闭，按正文保留")
            return False
        return True

    def _heading_level(self, p: SourceParagraph, builder: TreeBuilder) -> Any:
        """A heading the format marks (Markdown ``##``, Word 标题样式) without a typed number."""
        assert p.level is not None
        if not self.options.on("heading-number"):
            self.undecided(p, "标题没有序数，规则 heading-number 已关闭，按正文保留")
            return None
        number = builder.expected_number(p.level)
        shown = make_label(p.level, number)
        self.report.add(
            "normalised",
            p.where,
            f"标题没有序数，按层级加上“{shown}”",
            p.text,
            rule="heading-number",
        )
        return TypedLabel(p.level, number, "", p.text, None, False)

    def _block(self, p: SourceParagraph) -> dict[str, Any]:
        if p.rows is not None:
            rows = [[self.punct(cell, p.where) for cell in row] for row in p.rows]
            self.report.add("recognised", p.where, f"表格（{len(rows)} 行）", "")
            return {"rows": rows}
        assert p.picture is not None
        # The file name comes from the draft (a stranger's): only a number and a plain suffix
        # are kept, so nothing can point outside images/ or collide.
        suffix = p.picture.name.rsplit(".", 1)[-1].lower() if "." in p.picture.name else ""
        suffix = suffix if re.fullmatch(r"[a-z0-9]{1,5}", suffix) else "bin"
        name = f"images/image{len(self.media) + 1}.{suffix}"
        self.media[name] = p.picture.data
        self.report.add("recognised", p.where, f"图片（{p.picture.name[:60]} → {name}）", "")
        return {"image": name}

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
