"""Title words: the segmenter, the pieces no break may split, and what a break costs.  标题分词与断点。

The word half of :mod:`doctemplates.layout.titles` (which re-exports
:func:`segment`, :func:`atoms` and :data:`TITLE_WORDS_ENV`): rjieba with the
fixed dictionaries, protected spans (names, 文号, numbers, quotations), glued
atoms, and the sense cost of a break between two atoms.
"""

from __future__ import annotations

import logging
import os
import re
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

TITLE_WORDS_ENV = "DOCTEMPLATES_TITLE_WORDS"
_Width = Callable[[str], float]  # set width of a line, in points
_log = logging.getLogger("doctemplates.layout.titles")  # the logger of the title module
_WORDS_FILE = Path(__file__).with_name("title_words.txt")
_MAX_DICT_BYTES = 1_000_000  # a user dictionary larger than this is refused (read no further)
_MAX_WORD = 40

_OPEN = "（《“‘「『【〔([{"
_CLOSE = "）》”’」』】〕)]}，。、；：！？,.;:!?"
_FUNCTION = {
    "的",
    "和",
    "与",
    "及",
    "或",
    "并",
    "暨",
    "在",
    "对",
    "从",
    "向",
    "把",
    "将",
    "由",
    "为",
    "上",
}
_GOOD_AFTER = {"关于", "印发", "转发", "批转", "的", "、", "，", "：", "暨"}
_GOOD_BEFORE = {"关于", "的", "和", "与", "及", "暨", "并"}

_NUM = r"[0-9０-９]+(?:\.[0-9]+)?"
_CN_NUM = r"[〇零一二三四五六七八九十百千万两]+"
_UNIT = (
    r"(?:周年|年度|季度|个月|年|月|日|号|届|次|项|个|件|批|期|条|名|家|所|户|人|岁|倍|"
    r"亿元|万元|元|亿|万|公里|千米|平方米|米|吨|%|％)"
)
_PATTERNS = (
    re.compile(r"《[^《》]{1,120}》"),  # quoted title
    re.compile(r"“[^“”]{1,24}”"),  # quoted short phrase (“十四五”)
    re.compile(r"（[^（）]{1,16}）"),  # (试行) (2026—2028年) (第二批)
    re.compile(r"[\u4e00-\u9fff]{2,6}〔[0-9]{4}〕[0-9]+号"),  # 文号 (机关代字 of 2–6 字)
    re.compile(rf"第?{_NUM}(?:[—–\-~～至]{_NUM})?{_UNIT}?"),  # 2026年 第3号 15% 2026—2028年
    # 十三届五次会议, 十三届人大五次会议, 第三十二次会议
    re.compile(rf"(?:第?{_CN_NUM}届(?:人大|政协)?)?第?{_CN_NUM}次(?:全体)?会议"),
    re.compile(rf"第?{_CN_NUM}{_UNIT}"),  # 十三届 五次 第二批
)


# --- the segmenter -------------------------------------------------------------------------

_lock = threading.Lock()
_segmenter: Any = None


def _dictionary_words(path: Path) -> list[str]:
    """Words of a dictionary file (one a line, ``#`` comments); bounded in bytes and length."""
    with path.open("rb") as fh:
        data = fh.read(_MAX_DICT_BYTES + 1)
    if len(data) > _MAX_DICT_BYTES:
        raise ValueError(f"{path}: dictionary larger than {_MAX_DICT_BYTES} bytes")
    words = []
    for raw in data.decode("utf-8", errors="replace").splitlines():
        word = raw.split("#", 1)[0].strip()
        if word and len(word) <= _MAX_WORD and not any(ch.isspace() for ch in word):
            words.append(word)
    return words


def _user_words() -> list[str]:
    """``$DOCTEMPLATES_TITLE_WORDS``; a missing, unreadable or oversized file is skipped
    with a warning (titles still break, only without the agency's words)."""
    path = os.environ.get(TITLE_WORDS_ENV)
    if not path:
        return []
    try:
        return _dictionary_words(Path(path))
    except (OSError, ValueError) as exc:
        _log.warning("%s: user dictionary %s not used: %s", TITLE_WORDS_ENV, path, exc)
        return []


def _jieba() -> Any:
    """The shared rjieba segmenter with the fixed dictionaries (loaded once, thread-safe)."""
    global _segmenter
    with _lock:
        if _segmenter is None:
            import rjieba

            seg = rjieba.Jieba()
            for word in _all_words():
                seg.add_word(word, None, None)
            _segmenter = seg
        return _segmenter


def segment(text: str) -> list[str]:
    """Words of ``text`` by the segmenter (no protected spans).

    >>> segment("民主评议工作动员会")
    ['民主评议', '工作', '动员会']
    """
    return [word for word, _ in tag(text)]


def tag(text: str) -> list[tuple[str, str]]:
    """``(word, part of speech)`` pairs (jieba's ICTCLAS-style tags: n, v, d, f, uj …).

    Before the segmenter is loaded, from the user cache when this text was tagged before
    (:mod:`doctemplates.layout.titlecache`: loading it is most of a one-off ``render``).
    """
    if not text:
        return []
    if _segmenter is None:
        from doctemplates.layout.titlecache import cached_tag

        return cached_tag(text, _all_words, _tag_now)
    return _tag_now(text)


def _tag_now(text: str) -> list[tuple[str, str]]:
    return [(w, t) for w, t in _jieba().tag(text, False)]


def _all_words() -> list[str]:
    return [*_dictionary_words(_WORDS_FILE), *_user_words()]


# --- atoms: the pieces no break may split ----------------------------------------------------


def _protected_spans(title: str, protect: Iterable[str]) -> list[tuple[int, int]]:
    """Non-overlapping protected ``(start, end)`` spans.

    The given names come first (longest, then leftmost); a pattern span (文号, number,
    quotation) that starts inside a chosen name begins after it (``…技术局示科发〔2026〕3号``
    → ``示科发〔2026〕3号``), one that overlaps otherwise is dropped.
    """
    chosen: list[tuple[int, int]] = []

    def free(start: int, end: int) -> bool:
        return all(end <= a or start >= b for a, b in chosen)

    for word in sorted({w for w in protect if w and len(w) > 1}, key=lambda w: (-len(w), w)):
        for m in re.finditer(re.escape(word), title):
            if free(m.start(), m.end()):
                chosen.append((m.start(), m.end()))
    found = [
        (_word_start(title, m.start(), m.end()), m.end())
        for p in _PATTERNS
        for m in p.finditer(title)
    ]
    for start, end in sorted(found, key=lambda s: (-(s[1] - s[0]), s[0])):
        start = max([start, *(b for a, b in chosen if a <= start < b)])
        if end - start > 1 and free(start, end):
            chosen.append((start, end))
    return sorted(chosen)


def _word_start(title: str, start: int, end: int) -> int:
    """A pattern span begins where a segmenter word begins: the 文号 pattern takes up to six
    字 before 〔 as the 机关代字 and would otherwise start inside the word before it
    (``…动员会审议意见示科发〔2026〕3号`` → ``示科发〔2026〕3号``, not ``议意见示科发…``).

    >>> t = "动员会审议意见示科发〔2026〕3号的通知"
    >>> end = t.index("号") + 1
    >>> t[_word_start(t, t.index("议"), end) : end]
    '示科发〔2026〕3号'
    """
    if not "\u4e00" <= title[start] <= "\u9fff":
        return start
    pos = 0
    for word, _ in tag(title):
        if pos >= start:
            return pos if pos < end - 1 else start
        pos += len(word)
    return start


_POSTPOSITIONS = {"期间", "以来", "以上", "以下", "之间", "前后", "方面", "之际"}


@dataclass(frozen=True)
class _Atom:
    text: str
    protected: bool
    pos: str = ""  # part of speech of the (head) word; "" for protected spans


def _is_content(word: str) -> bool:
    return word.isalnum() and word not in _FUNCTION and word not in _GOOD_AFTER


def _glue(words: list[tuple[str, str]]) -> list[_Atom]:
    """Stick what cannot stand alone to a neighbour: a one-character content word
    (``示例/市`` → ``示例市``, ``科学技术/局``; after ``关于`` it joins the next word:
    ``市/中级人民法院``) and postpositions (``春节/期间``)."""
    out: list[_Atom] = []
    pending = ""  # a one-character prefix waiting for the next word
    for word, pos in words:
        single = len(word) == 1 and _is_content(word)
        prefix = single and pos.startswith(("d", "p"))  # 就/地转化: an adverb leans forward
        glues_back = (single and not prefix or word in _POSTPOSITIONS) and not pending
        if glues_back and out and _is_content(out[-1].text):
            out[-1] = _Atom(out[-1].text + word, False, out[-1].pos)
            continue
        if single and not pending:
            pending = word
            continue
        out.append(_Atom(pending + word, False, pos))
        pending = ""
    if pending:
        out.append(_Atom(pending, False, "x"))
    return out


def atoms(title: str, protect: Iterable[str] = ()) -> list[_Atom]:
    """The title as unbreakable pieces: protected spans and (glued) segmenter words.

    >>> [a.text for a in atoms("关于印发《示例市科技创新条例》的通知")]
    ['关于', '印发', '《示例市科技创新条例》', '的', '通知']
    """
    out: list[_Atom] = []
    pos = 0
    for start, end in [*_protected_spans(title, protect), (len(title), len(title))]:
        if start > pos:
            out.extend(_glue(tag(title[pos:start])))
        if end > start and out and out[-1].pos == "x":  # 市 + 十三届人大五次会议
            out[-1] = _Atom(out[-1].text + title[start:end], True)
        elif end > start:
            out.append(_Atom(title[start:end], True))
        pos = end
    return out


def _split_wide(
    parts: list[_Atom], width: _Width, limit: float, protect: Iterable[str] = ()
) -> list[_Atom]:
    """A protected span wider than a line (a long 《…》) opens into its own atoms (names
    inside stay protected, brackets stay with their neighbours); a word wider than a line
    splits at dictionary words, else into characters."""
    out: list[_Atom] = []
    for atom in parts:
        text = atom.text
        if width(text) <= limit:
            out.append(atom)
        elif atom.protected and len(text) > 2 and text[0] in _OPEN and text[-1] in _CLOSE:
            inner = atoms(text[1:-1], protect)
            inner[0] = _Atom(text[0] + inner[0].text, inner[0].protected, inner[0].pos)
            inner[-1] = _Atom(inner[-1].text + text[-1], inner[-1].protected, inner[-1].pos)
            marked = [a if a.protected else _Atom(a.text, False, "in") for a in inner]
            out.extend(_split_wide(marked, width, limit, protect))
        else:
            halves = _halves(atom) if not atom.protected else _glue(tag(text))
            out.extend(_split_wide(halves, width, limit) if len(halves) > 1 else halves)
    return out


def _halves(atom: _Atom) -> list[_Atom]:
    """A long word split where both sides are dictionary words, most evenly
    (``人民代表大会常务委员会`` → ``人民代表大会`` + ``常务委员会``); else into characters."""
    seg = _jieba()
    text = atom.text
    cuts = [i for i in range(2, len(text) - 1) if seg.has_word(text[:i]) and seg.has_word(text[i:])]
    if not cuts:
        return [_Atom(ch, False, atom.pos) for ch in text]
    i = min(cuts, key=lambda c: (abs(len(text) - 2 * c), c))
    return [_Atom(text[:i], False, atom.pos), _Atom(text[i:], False, atom.pos)]


def _breakable(left: _Atom, right: _Atom) -> bool:
    return left.text[-1] not in _OPEN and right.text[0] not in _CLOSE


_MODIFIERS = ("d", "a", "b", "m", "q")  # adverbs, adjectives, numerals bind to their head


def _break_cost(left: _Atom, right: _Atom) -> float:
    """How much a break between ``left`` and ``right`` hurts the sense (0 = natural)."""
    if left.pos == "in" and right.pos == "in":
        return 6.0  # inside a 《…》 too long for one line
    if left.text in _GOOD_AFTER or left.text[-1] in "，、：；":
        return 0.0
    if right.text in _GOOD_BEFORE or right.text[0] in "《“（":
        return 0.5
    if left.protected or right.protected:
        return 1.0
    if left.pos.startswith((*_MODIFIERS, "uv", "ud")) or right.pos.startswith(("f", "u")):
        return 5.0  # 进一步/加强, 就地/转化, 春节/期间
    if left.pos.startswith("v") and not left.pos.startswith("vn"):
        return 1.5  # a verb and its object: 推进/科技成果
    return 3.0  # between two content words: 科技/创新
