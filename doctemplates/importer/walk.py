"""The walk over source paragraphs: its state, helpers and the body.  要素识别的遍历与正文。

The base of :class:`doctemplates.importer.recognize._Walker`: the cleaned
paragraphs, the report helpers, and the body between 版头 and closing
(:mod:`.body` builds its tree).  :mod:`.head` and :mod:`.closing` add the top and
the bottom of the document.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from doctemplates.importer.body import TreeBuilder, split_run_in, tree_data
from doctemplates.importer.labels import TypedLabel, typed_label
from doctemplates.importer.normalize import fullwidth_punctuation
from doctemplates.importer.report import Report
from doctemplates.importer.source import Draft, SourceParagraph
from doctemplates.numbering import label as make_label

if TYPE_CHECKING:
    from doctemplates.importer.recognize import Options


_WS = " \t\u3000\u00a0\ufeff"
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff]")
COPY = re.compile(r"^\d{6}$")
CLASSIFICATION = re.compile(r"^(绝密|机密|秘密)\s*([★☆*＊]\s*\S+)?$")
URGENCY = re.compile(r"^(特急|加急)$")
MARK = re.compile(r"^(?P<organ>[^，。；：,;:\s]{2,40}?)(?P<suffix>文件|纪要)$")
SIGNER = re.compile(r"签\s*发\s*人\s*[：:]\s*(?P<names>.+)$")
SUBTITLE = re.compile(r"^(——|—|--)")
IN_PARENS = re.compile(r"^[（(](?P<inner>.+)[）)]$")
RECIPIENTS_END = ("：", ":")
_DOC_KINDS = (
    "通知|通报|报告|请示|意见|方案|讲话|函|总结|决定|纪要|办法|规定|规则|细则|批复|公告|通告|"
    "命令|议案|决议|公报|计划|规划|要点|发言|致辞|讲稿|复函|答复|意见书|报告书"
)
TITLE_END = re.compile(rf"(?:{_DOC_KINDS})$")
_SPEECH_TITLE = re.compile(r"(讲话|致辞|发言|讲稿|演讲)(?:稿)?$")
SALUTATION = re.compile(r"^(同志们|各位[^，,：:]{0,8}|女士们、先生们)[：:]$")
ANNEX_LABEL = re.compile(r"^附件\s*(?P<n>\d*)$")
ATTACH_NOTE = re.compile(r"^附件\s*[：:]\s*(?P<rest>.*)$")
ATTACH_ITEM = re.compile(r"^(?P<n>\d{1,2})\s*[.．、]\s*(?P<title>\S.*)$")
CC = re.compile(r"^抄\s*送\s*[：:]\s*(?P<names>.+)$")
PRINTED = re.compile(r"^(?P<printer>\S.*?)\s+(?P<date>\S+年\S+月\S+日)\s*印\s*发$")
_INFORMAL = re.compile(r"(?:^|[。；，,;])\s*(一是|二是|第一[，,、]|首先[，,])")
SENTENCE_PUNCT = re.compile(r"[。，；：！？,;:!?]|\.$")
MAX_SIGNATURE_LINES = 3
MAX_SIGNATURE_CHARS = 30


class Base:
    """State of one walk: cleaned paragraphs, report helpers, the body."""

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
