"""Recognising the top of a draft: 版头 lines and the 标题.  版头与标题的识别。

份号, 密级, 紧急程度, 发文机关标志, 发文字号 and 签发人, 标题 over one to three
lines, 副标题, a 讲话 header, 主送; and the dates of the document.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date
from typing import Any, Literal

from doctemplates.check.structure import doc_number_text
from doctemplates.check.textforms import is_date_like, is_doc_number_like
from doctemplates.dates import format_date, parse_date
from doctemplates.errors import DocTemplatesError
from doctemplates.importer.labels import typed_label
from doctemplates.importer.source import SourceParagraph
from doctemplates.importer.walk import (
    CLASSIFICATION,
    COPY,
    IN_PARENS,
    MARK,
    MAX_SIGNATURE_CHARS,
    RECIPIENTS_END,
    SALUTATION,
    SENTENCE_PUNCT,
    SIGNER,
    SUBTITLE,
    TITLE_END,
    URGENCY,
    Base,
)
from doctemplates.model import DocNumber


class Head(Base):
    """The 版头 and 标题, from the top."""

    # -- 版头 and 标题 -------------------------------------------------------------------
    def _front(self, data: dict[str, Any]) -> int:
        i, paras = 0, self.paras
        title_at: int | None = None
        while i < len(paras):
            p = paras[i]
            t = p.text
            if p.is_block:
                break
            if title_at is None and COPY.match(t) and "copy_number" not in data:
                data["copy_number"] = t
                self.recognised(p, "份号", "copy_number")
            elif title_at is None and CLASSIFICATION.match(t):
                data["classification"] = t
                self.recognised(p, "密级和保密期限", "classification")
            elif title_at is None and URGENCY.match(t):
                data["urgency"] = t
                self.recognised(p, "紧急程度", "urgency")
            elif title_at is None and (m := MARK.match(t)) and "organs" not in data:
                data["organs"] = [m["organ"]]
                if m["suffix"] == "纪要":
                    data["format"] = "纪要"
                self.recognised(p, f"发文机关标志（发文机关“{m['organ']}”）", "organs")
            elif "doc_number" not in data and self._doc_number(p, data):
                pass
            elif (m := SIGNER.fullmatch(t)) and "signers" not in data:
                data["signers"] = re.split(r"[\s、，,]+", m["names"].strip())
                self.recognised(p, "签发人", "signers")
            elif title_at is None:
                if typed_label(t) or (len(t) > 80 and t.endswith("。")):
                    self.undecided(p, "开头没有标题行，把这一段当作标题；请核对")
                title_at = i
                i = self._title(data, i)
                continue
            elif SUBTITLE.match(t) and "subtitle" not in data and "recipients" not in data:
                data["subtitle"] = self.punct(t, p.where)
                self.recognised(p, "副标题", "subtitle")
            elif self._speech_header(data, i):
                pass
            elif (
                t.endswith(RECIPIENTS_END)
                and len(t) <= 150
                and "。" not in t
                and typed_label(t) is None
                and "recipients" not in data
            ):
                text = self.punct(t, p.where)
                names = text.rstrip("：:")
                if SALUTATION.match(t):
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
        signer = SIGNER.search(p.text)
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
            and not TITLE_END.search(last)
            and not SENTENCE_PUNCT.search(last[-1:])
            and len(last) <= 40
            and len(t) <= 30
            and not SENTENCE_PUNCT.search(t)
            and typed_label(t) is None
            and not is_doc_number_like(doc_number_text(t))
            and not is_date_like(t)
            and not IN_PARENS.match(t)
            and not SUBTITLE.match(t)
        )

    def _speech_header(self, data: dict[str, Any], i: int) -> bool:
        """讲话人 line and ``（2023年2月10日）`` under the title."""
        p = self.paras[i]
        m = IN_PARENS.match(p.text)
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
            and len(p.text) <= MAX_SIGNATURE_CHARS
            and not SENTENCE_PUNCT.search(p.text)
            and (m2 := IN_PARENS.match(nxt.text))
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
