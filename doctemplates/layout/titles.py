"""Breaking a long 标题 into lines as words and a shape (标题回行, §7.3.1).

GB/T 9704 §7.3.1: a title "可分一行或多行居中排布；回行时，要做到词意完整，排列对称，
长短适宜，间距恰当，标题排列应当使用梯形或菱形".  An office suite wraps a centred
title where the line runs out (``…科技创`` / ``新工作…``); this module chooses the
breaks in the engine and hands them to the template as ``\\n`` (→ ``<w:br/>``).

How a title is broken
=====================
1. A title with a manual break (``\\n``) is kept exactly as written: the author wins.
2. A title that fits one line stays on one line.  A line may use the 版心 width less one
   二号 字 on each side (:data:`~doctemplates.layout.geometry.TITLE_SIDE_MARGIN_ZI`):
   a title touching both edges reads as crammed, so practice breaks it.  Widths are
   measured with the title face's real advances (fontTools, :mod:`doctemplates.fonts.metrics`)
   at 二号, with the character spacing and the CJK/Latin gap the office suite adds.
3. The title is cut into *atoms* that no break may split:

   * protected spans: the document's own organs and names (发文机关, 主送, 署名, a
     user dictionary), quoted titles ``《…》`` and ``“…”``, short ``（…）``,
     文号 (``示科发〔2026〕3号``), numbers with their unit or ordinal
     (``2026年``, ``第3号``, ``15%``, ``2026—2028年``, ``十三届``, ``五次``);
   * words of a Chinese word segmenter (below) between them; a one-character content
     word (``示例/市``, ``科学技术/局``) sticks to its neighbour, since names end in one.

   No line starts with closing punctuation or ends with opening punctuation.
4. Among all ways of putting those atoms on the fewest lines that fit, the chosen one
   has the best score: a preferred shape (two lines: 上长下短, the 倒梯形; three lines:
   a 菱形 with the middle line longest; more: 倒梯形), then the other accepted shape
   (正梯形), never a 长方形 (lines within half a 字) or an 沙漏形 (middle shortest)
   when another choice exists; visible, even steps between lines (about
   :data:`~doctemplates.layout.geometry.TITLE_STEP_ZI` 字); no line of one character;
   and breaks where the sense breaks (after 发文机关 or ``关于``, around a protected span,
   before ``的``, at a comma) rather than between two content words.

Which convention: §7.3.1 names 梯形 and 菱形 and no direction.  The layouts in
circulation show both 上短下长 and 上长下短; current 公文排版 guidance prefers 上长下短
for two lines ("比较美观") and warns against 上短下长 and equal lines, and treats 沙漏形
(long-short-long) and 长方形 as wrong.  We follow that: 倒梯形 first, 正梯形 accepted,
菱形 for three lines; two nearly equal lines are still preferred to a third, short line.

The segmenter: rjieba
=====================
Evaluated (2026-11, titles of the kinds we produce, fictional organs):

==============  =========  ==============  ===================  =================================
segmenter       licence    install         maintained           organ names / numbers
==============  =========  ==============  ===================  =================================
rjieba          MIT        4.6 MB wheel,   yes (jieba-rs, 2026)  示例/市/科学技术/局 — same
(jieba-rs)                 no deps, 1 s                          dictionary and results as jieba;
                           load, 0.01 ms                         organs need the document's names
                           per title
jieba 0.42.1    MIT        42 MB pure      last release 2020    same cuts; 0.5–0.9 ms per title;
                           Python                               1–10 s first load, writes a
                                                                cache file to the temp folder
spacy-pkuseg    MIT        16 MB + model   yes                  model downloaded at first use:
                                                                refused (no network at run time)
thulac 0.2.2    research   487 MB          2022                 示例市/科学技术/局, 十三/届/五/次;
                (commercial                                     3.5 ms per title, 6.6 s load
                by consent)
LAC / HanLP     Apache     paddle / torch  —                    hundreds of MB and model downloads
==============  =========  ==============  ===================  =================================

No segmenter knows fictional (or most real) organ names, so accuracy on organs comes
from protecting the document's own names, not from the model.  rjieba gives jieba's
well-known dictionary with a maintained, small, fast binding; the project adds the
公文 words of ``title_words.txt`` and, from ``$DOCTEMPLATES_TITLE_WORDS`` (a UTF-8 file,
one word per line), the agency's own.  Only those fixed dictionaries go into the shared
segmenter, so the result never depends on earlier documents: the same title, names and
dictionary always give the same lines.  The segmenter, the atoms and the cost of a
break are :mod:`doctemplates.layout.titlewords`; this module scores and chooses the lines.

>>> break_title("示例市科学技术局关于开展评议的通知", protect=["示例市科学技术局"]).lines
('示例市科学技术局关于开展评议的通知',)
>>> t = "示例市人民政府关于推进科技成果就地转化三年行动的实施方案"
>>> break_title(t, protect=["示例市人民政府"]).lines
('示例市人民政府关于推进科技成果', '就地转化三年行动的实施方案')
>>> break_title("关于开展\\n某项工作的通知").lines
('关于开展', '某项工作的通知')
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from doctemplates.gbt9704 import geometry as g
from doctemplates.layout.textwidth import text_width_pt
from doctemplates.layout.titlewords import _CLOSE as _CLOSE  # tests/layout/test_titles.py
from doctemplates.layout.titlewords import _OPEN as _OPEN
from doctemplates.layout.titlewords import (
    TITLE_WORDS_ENV,
    _Atom,
    _break_cost,
    _breakable,
    _glue,
    _halves,
    _split_wide,
    _Width,
    atoms,
    segment,
    tag,
)
from doctemplates.layout.titlewords import _protected_spans as _protected_spans

__all__ = [
    "TITLE_WORDS_ENV",
    "TitleLines",
    "atoms",
    "break_title",
    "break_name",
    "breaks_inside_words",
    "segment",
    "shape_of",
]

_MAX_TITLE = 400  # characters: longer titles are broken greedily at word boundaries
_MAX_LINES = 8
_MAX_CANDIDATES = 40_000  # break combinations scored before falling back to the greedy fill


@dataclass(frozen=True)
class TitleLines:
    """The chosen lines of one title and what they look like.  标题分行结果。

    ``shape``: ``single``, ``manual`` (the author's ``\\n``), ``inverted`` (倒梯形,
    上长下短), ``trapezoid`` (正梯形, 上短下长), ``diamond`` (菱形), ``rectangle``,
    ``hourglass`` or ``other`` (the last three only when nothing better fits);
    ``widths_pt`` the set width of each line, ``limit_pt`` the width a line may use.
    """

    lines: tuple[str, ...]
    shape: str
    widths_pt: tuple[float, ...]
    limit_pt: float

    @property
    def text(self) -> str:
        """The lines joined with ``\\n`` (the renderer turns it into ``<w:br/>``)."""
        return "\n".join(self.lines)

    @property
    def fits(self) -> bool:
        return all(w <= self.limit_pt + 0.01 for w in self.widths_pt)


# --- shapes and scores -------------------------------------------------------------------------


def shape_of(widths: Sequence[float], *, tolerance: float = 0.5) -> str:
    """Name the shape of lines of ``widths`` (in 字; lines within ``tolerance`` count as equal).

    >>> shape_of([12, 9]), shape_of([9, 12]), shape_of([10, 14, 9]), shape_of([12, 8, 12])
    ('inverted', 'trapezoid', 'diamond', 'hourglass')
    >>> shape_of([10, 10.2]), shape_of([11])
    ('rectangle', 'single')
    """
    if len(widths) == 1:
        return "single"
    steps = [b - a for a, b in itertools.pairwise(widths)]
    if all(abs(s) <= tolerance for s in steps):
        return "rectangle"
    if all(s < -tolerance for s in steps):
        return "inverted"
    if all(s > tolerance for s in steps):
        return "trapezoid"
    peak = max(range(len(widths)), key=lambda i: widths[i])
    rising, falling = steps[:peak], steps[peak:]
    inner_peak = 0 < peak < len(widths) - 1
    if inner_peak and all(s > tolerance for s in rising) and all(s < -tolerance for s in falling):
        return "diamond"
    low = min(range(len(widths)), key=lambda i: widths[i])
    if 0 < low < len(widths) - 1:
        return "hourglass"
    return "other"


_SHAPE_COST = {
    2: {"inverted": 0.0, "trapezoid": 3.0, "rectangle": 20.0},
    3: {"diamond": 0.0, "inverted": 2.0, "trapezoid": 4.0},
}
_SHAPE_MORE = {"inverted": 0.0, "diamond": 2.0, "trapezoid": 4.0}
_BAD_SHAPE = 40.0
_SHORT_LINE = 200.0  # a line of one character
_BREAK_WEIGHT = 3.0
_EXTRA_LINE = 12.0


def _step_cost(step: float) -> float:
    """Steps near TITLE_STEP_ZI are best; flatter ones fade into a rectangle, longer ones
    unbalance the lines (linearly: a clear trapezoid beats a flat one)."""
    if step < g.TITLE_STEP_ZI:
        return 2.0 * (g.TITLE_STEP_ZI - step) ** 2
    return 2.5 * (step - g.TITLE_STEP_ZI)


def _score(zi: Sequence[float], chars: Sequence[int], breaks: float, extra_lines: int) -> float:
    shape = shape_of(zi)
    table = _SHAPE_COST.get(len(zi), _SHAPE_MORE)
    cost = table.get(shape, _BAD_SHAPE)
    cost += sum(_step_cost(abs(b - a)) for a, b in itertools.pairwise(zi))
    cost += _SHORT_LINE * sum(1 for n in chars if n < 2)
    return cost + _BREAK_WEIGHT * breaks + _EXTRA_LINE * extra_lines


# --- breaking ------------------------------------------------------------------------------------


def _limit_pt(size_pt: float, width_pt: float | None) -> float:
    full = g.mm_to_pt(g.BAN_XIN_WIDTH_MM) if width_pt is None else width_pt
    return full - 2 * g.TITLE_SIDE_MARGIN_ZI * (size_pt + g.CHAR_SPACING_PT)


def breaks_inside_words(
    lines: Sequence[str], *, face: str = g.FONT_XIAOBIAOSONG, size_pt: float = g.SIZE_ER_HAO
) -> list[int]:
    """The breaks of a laid-out title that fall inside a word (§7.3.1 词意完整), for ``check``.

    ``lines`` are the title's lines as a reader sees them (whitespace is ignored); the
    result holds ``i`` for a break after ``lines[i]`` that splits a piece :func:`atoms`
    keeps whole (a segmenter word, a number with its unit, a 《…》, a 文号) although
    that piece fits on one line of the 版心 — a piece wider than a line must break.
    The document's own organ names are not known here, so a break inside one is seen
    only where the segmenter itself keeps the word (lenient: no false alarm).

    >>> breaks_inside_words(["关于开展科技服务提质增效", "行动的通知"])
    []
    >>> breaks_inside_words(["关于开展科技服务提质增", "效行动的通知"])
    [0]
    """
    cleaned = [re.sub(r"\s+", "", line) for line in lines]
    text = "".join(cleaned)
    if len(cleaned) < 2 or len(text) > _MAX_TITLE:
        return []
    full = g.mm_to_pt(g.BAN_XIN_WIDTH_MM)
    spans, pos = [], 0
    for atom in atoms(text):
        spans.append((pos, pos + len(atom.text)))
        pos += len(atom.text)
    out, at = [], 0
    for index, line in enumerate(cleaned[:-1]):
        at += len(line)
        inside = next(((a, b) for a, b in spans if a < at < b), None)
        if (
            inside
            and text_width_pt(text[inside[0] : inside[1]], size_pt=size_pt, face=face) <= full
        ):
            out.append(index)
    return out


def _greedy(parts: list[_Atom], width: _Width, limit: float) -> list[str]:
    """Fill lines word by word (bounded fallback for very long titles)."""
    lines: list[str] = []
    line = ""
    for atom in parts:
        if line and width(line + atom.text) > limit and _breakable(_Atom(line, False), atom):
            lines.append(line)
            line = atom.text
        else:
            line += atom.text
    return [*lines, line] if line else lines


def break_title(
    title: str,
    *,
    protect: Iterable[str] = (),
    face: str = g.FONT_XIAOBIAOSONG,
    size_pt: float = g.SIZE_ER_HAO,
    width_pt: float | None = None,
) -> TitleLines:
    """Choose the lines of ``title`` (see the module docstring).  标题分行。

    ``protect``: names that must stay whole (the document's organs, 主送, a dictionary);
    ``face``/``size_pt``: the title style's face and size; ``width_pt``: the 版心 width.
    """
    limit = _limit_pt(size_pt, width_pt)
    protect = tuple(protect)

    def width(text: str) -> float:
        return text_width_pt(text, size_pt=size_pt, face=face)

    if "\n" in title:
        lines = tuple(line.strip() for line in title.split("\n"))
        return TitleLines(lines, "manual", tuple(width(x) for x in lines), limit)
    if not title or width(title) <= limit:
        return TitleLines((title,), "single", (width(title),), limit)
    parts = atoms(title[:_MAX_TITLE], protect) if len(title) <= _MAX_TITLE else None
    if parts is None:
        whole = _glue(tag(title))
        return _finish(_greedy(whole, width, limit), width, limit, size_pt)
    parts = _split_wide(parts, width, limit, protect)
    chosen = _best(parts, width, limit, size_pt)
    if chosen is None:
        return _finish(_greedy(parts, width, limit), width, limit, size_pt)
    return _finish(chosen, width, limit, size_pt)


def _finish(lines: Sequence[str], width: _Width, limit: float, size_pt: float) -> TitleLines:
    widths = tuple(width(x) for x in lines)
    zi = [w / (size_pt + g.CHAR_SPACING_PT) for w in widths]
    return TitleLines(tuple(lines), shape_of(zi), widths, limit)


def _best(parts: list[_Atom], width: _Width, limit: float, size_pt: float) -> list[str] | None:
    """The best-scoring partition of ``parts`` on the fewest lines (+1) that fit.

    Depth-first over the breakable gaps, a line at a time, pruning lines that overflow and
    rests that cannot fit the lines left; line widths are measured once per atom range.
    """
    n = len(parts)
    breakable = [i for i in range(1, n) if _breakable(parts[i - 1], parts[i])]
    costs = {i: _break_cost(parts[i - 1], parts[i]) for i in breakable}
    one_zi = size_pt + g.CHAR_SPACING_PT
    # The width model is additive (advances, spacing, CJK/Latin gaps), so a line's width is
    # the sum of its atoms' widths and of the joins between them: prefix sums, O(1) a line.
    own = [width(x.text) for x in parts]
    joins = [0.0] + [
        width(parts[i - 1].text[-1] + parts[i].text[0])
        - width(parts[i - 1].text[-1])
        - width(parts[i].text[0])
        for i in range(1, n)
    ]
    own_sum = [0.0, *itertools.accumulate(own)]
    join_sum = [0.0, *itertools.accumulate(joins)]

    def line(a: int, b: int) -> tuple[str, float]:
        text = "".join(x.text for x in parts[a:b])
        return text, own_sum[b] - own_sum[a] + join_sum[b] - join_sum[a + 1]

    fewest = max(2, int(line(0, n)[1] // limit) + 1)
    best: tuple[float, list[str]] | None = None
    visited = 0

    def walk(start: int, left: int, cuts: list[int], count: int) -> None:
        nonlocal best, visited
        if left == 1:
            if line(start, n)[1] > limit:
                return
            visited += 1
            bounds = [0, *cuts, n]
            chosen = [line(a, b) for a, b in itertools.pairwise(bounds)]
            score = _score(
                [w / one_zi for _, w in chosen],
                [len(t) for t, _ in chosen],
                sum(costs[i] for i in cuts),
                count - fewest,
            )
            if best is None or score < best[0]:
                best = (score, [t for t, _ in chosen])
            return
        for end in breakable:
            if end <= start or visited >= _MAX_CANDIDATES:
                continue
            if line(start, end)[1] > limit:
                break  # longer lines from here only get wider
            if line(end, n)[1] > limit * (left - 1) + 0.01:
                continue  # the rest cannot fit the lines left
            walk(end, left - 1, [*cuts, end], count)

    for count in range(fewest, min(fewest + 2, _MAX_LINES + 1)):
        walk(0, count, [], count)
        if best is not None and count == fewest and best[0] < _BAD_SHAPE:
            break
    return best[1] if best else None


def break_name(
    name: str, *, size_pt: float, width_pt: float, face: str = g.FONT_XIAOBIAOSONG
) -> tuple[str, ...]:
    """Two balanced lines of an organ name at whole-word boundaries (联合行文 标志 lines).

    >>> break_name("示例市人民代表大会常务委员会办公室", size_pt=30, width_pt=300)
    ('示例市人民代表大会', '常务委员会办公室')
    """

    def width(text: str) -> float:
        return text_width_pt(text, size_pt=size_pt, face=face, spacing_pt=0.0)

    parts = _glue(tag(name))
    for _ in range(len(name)):
        if len(parts) < 2:
            return (name,)
        best = min(range(1, len(parts)), key=lambda i: _name_cost(parts, i, width, width_pt))
        left = "".join(a.text for a in parts[:best])
        right = "".join(a.text for a in parts[best:])
        if max(width(left), width(right)) <= width_pt:
            return (left, right)
        widest = max(range(len(parts)), key=lambda i: width(parts[i].text))
        halves = _halves(parts[widest])
        parts[widest : widest + 1] = halves
    return (name,)


def _name_cost(parts: list[_Atom], i: int, width: _Width, limit: float) -> float:
    left = width("".join(a.text for a in parts[:i]))
    right = width("".join(a.text for a in parts[i:]))
    return max(0.0, left - limit) * 100 + max(0.0, right - limit) * 100 + abs(left - right)
