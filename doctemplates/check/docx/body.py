"""§7.3 主体 checks of a .docx: 主送机关, 结构层次序数, 附件说明 and the 附件 pages."""

from __future__ import annotations

import re
from collections.abc import Iterator

from doctemplates.check.docx.view import Check, DocxView, at
from doctemplates.check.ooxml import Para
from doctemplates.check.rules import finding
from doctemplates.check.sequence import check_numbering
from doctemplates.findings import Finding

__all__ = ["CHECKS"]

#: One 附件说明 item: its number, the mark after it, the name (``1.示例……``).
_NOTE_ITEM = re.compile(r"^(\d+)([.．、，,]?)\s*(.*)$")
_NAME_END = "。．.，,；;、：:"
#: (number or None, name, paragraph): a 附件说明 item or an 附件 page.
Item = tuple[int | None, str, Para]


def recipients(view: DocxView) -> Iterator[Finding]:
    """§7.3.2: 主送机关 ends in a full-width colon."""
    for p in view.texts:
        text = p.text.strip()
        if p.role != "recipients" or text.endswith("："):
            continue
        yield finding(
            "recipients-colon",
            "主送机关末尾应使用全角冒号“：”"
            if text.endswith(":")
            else "主送机关末尾应加全角冒号“：”",
            at(p),
            expected=text.rstrip(":：。，") + "：",
            actual=text,
        )


def numbering(view: DocxView) -> Iterator[Finding]:
    """§7.3.3: 结构层次序数 in the body and in each 附件 on its own."""
    yield from check_numbering((p.index, p.text) for p in view.texts if p.role == "body")
    annex: list[tuple[int, str]] = []
    for p in view.texts:
        if p.role == "annex_label":
            yield from check_numbering(annex)
            annex = []
        elif p.role == "annex_body":
            annex.append((p.index, p.text))
    yield from check_numbering(annex)


def _note_items(notes: list[Para], out: list[Finding]) -> list[Item]:
    """The items of the 附件说明 (findings about their marks go to ``out``)."""
    items: list[Item] = []
    for k, p in enumerate(notes):
        text = p.text.strip()
        if k == 0:
            m = re.match(r"^附件\s*([：:])\s*(.*)$", text)
            if m is None:
                continue
            if m[1] != "：":
                out.append(
                    finding(
                        "attachment-note",
                        "“附件”后应使用全角冒号“：”",
                        at(p),
                        expected="附件：",
                        actual=f"附件{m[1]}",
                    )
                )
            text = m[2]
        m = _NOTE_ITEM.match(text)
        if m and (len(notes) > 1 or m[2]):
            if m[2] != ".":
                out.append(
                    finding(
                        "attachment-note",
                        "附件序号后应使用半角句点“.”",
                        at(p),
                        expected=f"{m[1]}.",
                        actual=f"{m[1]}{m[2]}",
                    )
                )
            items.append((int(m[1]), m[3], p))
        elif items and k > 0:
            n, title, q = items[-1]
            items[-1] = (n, title + text, q)
        else:
            items.append((None, text, p))
    return items


def _items(view: DocxView) -> tuple[list[Item], list[Finding]]:
    found: list[Finding] = []
    items = _note_items([p for p in view.texts if p.role == "attach_note"], found)
    return items, found


def attachments(view: DocxView) -> Iterator[Finding]:
    """§7.3.4: ``附件：`` with a full-width colon, items ``1.`` ``2.`` … and names unpunctuated;
    each item has its 附件 page with the same name."""
    items, found = _items(view)
    yield from found
    for _n, title, p in items:
        if title and title[-1] in _NAME_END:
            yield finding(
                "attachment-note",
                "附件名称后不加标点符号",
                at(p),
                expected=title.rstrip(_NAME_END),
                actual=title,
            )
    numbered = [n for n, _, _ in items if n is not None]
    if numbered and numbered != list(range(1, len(numbered) + 1)):
        yield finding(
            "attachment-note",
            "附件说明的序号应从 1 起连续编排",
            at(items[0][2]),
            expected="、".join(str(i) for i in range(1, len(numbered) + 1)),
            actual="、".join(map(str, numbered)),
        )
    yield from _match(_annexes(view.texts), items)


def _annexes(paras: tuple[Para, ...]) -> list[Item]:
    """The 附件 pages: the ``附件N`` label and the title after it (before the next label)."""
    found: list[Item] = []
    for k, p in enumerate(paras):
        if p.role != "annex_label":
            continue
        m = re.match(r"^附件\s*(\d*)$", p.text.strip())
        number = int(m[1]) if m and m[1] else None
        title_p = next((q for q in paras[k + 1 :] if q.role == "annex_title"), None)
        next_label = next((q for q in paras[k + 1 :] if q.role == "annex_label"), None)
        late = title_p is not None and next_label is not None and title_p.index > next_label.index
        title = "" if title_p is None or late else title_p.text.strip()
        found.append((number, title, p))
    return found


def _same(a: str, b: str) -> bool:
    def norm(s: str) -> str:
        return re.sub(r"[\s《》“”\"]", "", s)

    return norm(a) == norm(b)


def _pairs(items: list[Item], annexes: list[Item]) -> tuple[list[tuple[Item, Item]], list[Finding]]:
    """Items paired with their pages by number; findings for those without a partner."""
    if len(items) == 1 and items[0][0] is None:
        if len(annexes) != 1 or annexes[0][0] not in (None, 1):
            return [], [
                finding(
                    "attachment-match",
                    "附件说明只列一个附件，附件页数量或标识不一致",
                    at(annexes[0][2]),
                    expected="1 个附件页（附件 或 附件1）",
                    actual=f"{len(annexes)} 个：" + "、".join(a[2].text for a in annexes),
                )
            ]
        return [(items[0], annexes[0])], []
    by_number = {a[0]: a for a in annexes}
    pairs, out = [], []
    for item in items:
        annex = by_number.get(item[0])
        if annex is None:
            out.append(
                finding(
                    "attachment-match",
                    f"附件说明列出附件{item[0]}，但没有对应的附件页",
                    at(item[2]),
                    expected=f"附件{item[0]}　{item[1]}",
                    actual="无",
                )
            )
        else:
            pairs.append((item, annex))
    listed = {i[0] for i in items}
    out += [
        finding(
            "attachment-match",
            "附件页在附件说明中没有列出",
            at(a[2]),
            expected="附件说明中的序号",
            actual=a[2].text.strip(),
        )
        for a in annexes
        if a[0] not in listed
    ]
    return pairs, out


def _match(annexes: list[Item], items: list[Item]) -> Iterator[Finding]:
    if items and not annexes:
        yield finding(
            "attachment-missing",
            "有附件说明，但文档中没有附件页",
            at(items[0][2]),
            expected=f"{len(items)} 个附件页",
            actual="0 个",
        )
        return
    if annexes and not items:
        yield finding(
            "attachment-match",
            "有附件页，但正文后没有附件说明",
            at(annexes[0][2]),
            expected="附件说明",
            actual="无",
        )
        return
    pairs, found = _pairs(items, annexes)
    yield from found
    for item, annex in pairs:
        if not _same(item[1], annex[1]):
            yield finding(
                "attachment-match",
                "附件标题与附件说明中的名称不一致",
                at(annex[2]),
                expected=item[1],
                actual=annex[1] or "（无标题）",
            )


CHECKS: tuple[Check, ...] = (recipients, numbering, attachments)
