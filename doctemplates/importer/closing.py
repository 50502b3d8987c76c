"""Recognising the bottom of a draft: 版记, 附件, 附注, 成文日期, 署名, 附件说明.  结尾要素的识别。

Read from the last paragraph upwards; what is left between the 版头 and here is the body.
"""

from __future__ import annotations

from typing import Any

from doctemplates.check.textforms import is_date_like
from doctemplates.importer.body import tree_data
from doctemplates.importer.head import Head
from doctemplates.importer.labels import typed_label
from doctemplates.importer.source import SourceParagraph
from doctemplates.importer.walk import (
    ANNEX_LABEL,
    ATTACH_ITEM,
    ATTACH_NOTE,
    CC,
    IN_PARENS,
    MAX_SIGNATURE_CHARS,
    MAX_SIGNATURE_LINES,
    PRINTED,
    SENTENCE_PUNCT,
)


class Closing(Head):
    """The closing, from the bottom."""

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
        while k >= start and len(names) < MAX_SIGNATURE_LINES and self._name_like(paras[k]):
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
            and len(t) <= MAX_SIGNATURE_CHARS
            and not SENTENCE_PUNCT.search(t)
            and typed_label(t) is None
            and not is_date_like(t)
            and not ATTACH_NOTE.match(t)
        )

    def _record(self, data: dict[str, Any], start: int, end: int) -> int:
        record: dict[str, Any] = {}
        while end > start and not self.paras[end - 1].is_block:
            p = self.paras[end - 1]
            if (m := CC.match(p.text)) and "cc" not in record:
                cc = self.punct(m["names"], p.where, p.text).rstrip("。.")
                record["cc"] = [n for n in cc.split("，") if n.strip()]  # joined with ，again
                self.recognised(p, "抄送机关", "record.cc")
            elif (m := PRINTED.match(p.text)) and "printer" not in record:
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
            if not p.is_block and ANNEX_LABEL.match(p.text) and k + 1 < end:
                before = self.paras[max(start, k - 3) : k]
                if any(not q.is_block and is_date_like(q.text) for q in before) or any(
                    not q.is_block and IN_PARENS.match(q.text) for q in before
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
                not self.paras[k].is_block and ANNEX_LABEL.match(self.paras[k].text)
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
            m = IN_PARENS.match(p.text)
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
            if ATTACH_NOTE.match(t):
                break
            if not ATTACH_ITEM.match(t) or len(items) >= 50:
                return end
            items.insert(0, self.paras[k])
            k -= 1
        if k < start or self.paras[k].is_block:
            return end
        head = self.paras[k]
        first = ATTACH_NOTE.match(head.text)
        assert first is not None
        rest = first["rest"].strip()
        titles: list[tuple[SourceParagraph, str]] = []
        if rest:
            m = ATTACH_ITEM.match(rest)
            titles.append((head, m["title"] if m and items else (m["title"] if m else rest)))
        titles += [(p, ATTACH_ITEM.match(p.text)["title"]) for p in items]  # type: ignore[index]
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
