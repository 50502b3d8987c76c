"""Word auto-numbering frozen to the text Word shows (自动编号冻结为文字).

python-docx has no numbering renderer; docx2python renders a few Western
formats only and ignores ``lvlOverride``/``startOverride`` and numbering
through paragraph styles.  A draft written in Word/WPS uses exactly those
(``chineseCounting`` with ``%1、``, ``（%1）``, restarts after a heading), so this
module implements the part of ECMA-376 §17.9 that decides the label text:
``w:num`` → ``w:abstractNum`` (also through ``w:numStyleLink``), ``w:lvl``
(``w:start``, ``w:numFmt``, ``w:lvlText`` with ``%1``…``%9``, ``w:lvlRestart``,
``w:isLgl``, ``w:suff``), ``w:lvlOverride``/``w:startOverride``, counters shared
by the ``w:num`` instances of one abstract definition, and ``w:numPr`` inherited
from paragraph styles.

>>> cn_format("chineseCounting", 11), cn_format("ideographDigital", 10)
('十一', '一〇')
>>> cn_format("decimalEnclosedCircle", 3), cn_format("upperRoman", 14)
('③', 'XIV')
"""

from __future__ import annotations

from dataclasses import dataclass, field

import cn2an
from lxml import etree

from doctemplates.numbering import cn_number

__all__ = ["Numbering", "cn_format"]

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_IDEOGRAPH_DIGITS = "〇一二三四五六七八九"
_TRADITIONAL = "甲乙丙丁戊己庚辛壬癸"
_ZODIAC = "子丑寅卯辰巳午未申酉戌亥"
_ROMAN: tuple[tuple[int, str], ...] = (
    (1000, "M"),
    (900, "CM"),
    (500, "D"),
    (400, "CD"),
    (100, "C"),
    (90, "XC"),
    (50, "L"),
    (40, "XL"),
    (10, "X"),
    (9, "IX"),
    (5, "V"),
    (4, "IV"),
    (1, "I"),
)


def _roman(n: int) -> str:
    out = ""
    for value, letters in _ROMAN:
        while n >= value:
            out, n = out + letters, n - value
    return out


def _letters(n: int) -> str:
    # Word repeats the letter: 27 → AA, 28 → BB
    return chr(ord("A") + (n - 1) % 26) * ((n - 1) // 26 + 1)


def cn_format(fmt: str, n: int) -> str:
    """The number ``n`` in the Word number format ``fmt`` (unknown formats: decimal)."""
    if n < 0:
        n = 0
    if fmt in (
        "chineseCounting",
        "chineseCountingThousand",
        "japaneseCounting",
        "taiwaneseCounting",
        "taiwaneseCountingThousand",
    ):
        return cn_number(min(n, 99_999)) if n else "〇"
    if fmt == "ideographDigital":
        return "".join(_IDEOGRAPH_DIGITS[int(d)] for d in str(n))
    if fmt == "chineseLegalSimplified":
        return str(cn2an.an2cn(min(n, 99_999), "up"))
    if fmt == "ideographTraditional":
        return _TRADITIONAL[(n - 1) % 10] if n else ""
    if fmt == "ideographZodiac":
        return _ZODIAC[(n - 1) % 12] if n else ""
    if fmt == "decimalZero":
        return f"{n:02d}"
    if fmt == "decimalFullWidth" or fmt == "decimalFullWidth2":
        return str(n).translate(str.maketrans("0123456789", "０１２３４５６７８９"))
    if fmt in ("decimalEnclosedCircle", "decimalEnclosedCircleChinese") and 1 <= n <= 20:
        return chr(0x2460 + n - 1)
    if fmt == "decimalEnclosedParen" and 1 <= n <= 20:
        return chr(0x2474 + n - 1)
    if fmt == "decimalEnclosedFullstop" and 1 <= n <= 20:
        return chr(0x2488 + n - 1)
    # A hostile draft may start a list at 4 000 000 000: Roman numerals and repeated
    # letters would grow with n, so large numbers fall back to digits (as Word's own limits do).
    if fmt == "upperRoman" and n < 4000:
        return _roman(n)
    if fmt == "lowerRoman" and n < 4000:
        return _roman(n).lower()
    if fmt == "upperLetter" and n <= 780:
        return _letters(n)
    if fmt == "lowerLetter" and n <= 780:
        return _letters(n).lower()
    return str(n)


@dataclass
class _Level:
    fmt: str = "decimal"
    text: str = "%1."
    start: int = 1
    restart: int | None = None  # w:lvlRestart (1-based level; 0 = never)
    legal: bool = False
    suffix: str = "\t"


def _val(node: etree._Element | None, default: str | None = None) -> str | None:
    return default if node is None else node.get(f"{W}val", default)


def _int(text: str | None, default: int) -> int:
    """An integer attribute, bounded (a hostile value cannot make huge labels)."""
    try:
        value = int(text) if text is not None else default
    except ValueError:
        return default
    return max(-1, min(value, 2**31))


def _level(lvl: etree._Element) -> _Level:
    suffix = {"tab": "\t", "space": " ", "nothing": ""}.get(
        _val(lvl.find(f"{W}suff")) or "tab", "\t"
    )
    restart = lvl.find(f"{W}lvlRestart")
    return _Level(
        fmt=_val(lvl.find(f"{W}numFmt")) or "decimal",
        text=_val(lvl.find(f"{W}lvlText")) or "",
        start=_int(_val(lvl.find(f"{W}start")), 1),
        restart=_int(_val(restart), 1) if restart is not None else None,
        legal=lvl.find(f"{W}isLgl") is not None and _val(lvl.find(f"{W}isLgl"), "1") != "0",
        suffix=suffix,
    )


@dataclass
class _Num:
    abstract: str
    overrides: dict[int, tuple[int | None, _Level | None]] = field(default_factory=dict)


class Numbering:
    """The numbering of one document; call :meth:`label` for each paragraph in order."""

    def __init__(self, numbering: etree._Element | None, styles: etree._Element | None) -> None:
        self.abstracts: dict[str, dict[int, _Level]] = {}
        self.links: dict[str, str] = {}  # abstractNum id → numbering style id it links to
        self.nums: dict[str, _Num] = {}
        self.style_numpr: dict[str, tuple[str | None, int | None]] = {}
        self.style_parent: dict[str, str] = {}
        self.counters: dict[str, list[int | None]] = {}
        self.started: set[str] = set()
        self.bullets = 0
        if numbering is not None:
            self._read_numbering(numbering)
        if styles is not None:
            self._read_styles(styles)

    def _read_numbering(self, root: etree._Element) -> None:
        for node in root.iterfind(f"{W}abstractNum"):
            aid = node.get(f"{W}abstractNumId", "")
            self.abstracts[aid] = {
                _int(lvl.get(f"{W}ilvl"), 0): _level(lvl) for lvl in node.iterfind(f"{W}lvl")
            }
            link = node.find(f"{W}numStyleLink")
            if link is not None:
                self.links[aid] = _val(link) or ""
        for node in root.iterfind(f"{W}num"):
            num = _Num(_val(node.find(f"{W}abstractNumId")) or "")
            for override in node.iterfind(f"{W}lvlOverride"):
                ilvl = _int(override.get(f"{W}ilvl"), 0)
                start = override.find(f"{W}startOverride")
                lvl = override.find(f"{W}lvl")
                num.overrides[ilvl] = (
                    _int(_val(start), 1) if start is not None else None,
                    _level(lvl) if lvl is not None else None,
                )
            self.nums[node.get(f"{W}numId", "")] = num

    def _read_styles(self, root: etree._Element) -> None:
        for style in root.iterfind(f"{W}style"):
            sid = style.get(f"{W}styleId", "")
            based = style.find(f"{W}basedOn")
            if based is not None:
                self.style_parent[sid] = _val(based) or ""
            numpr = style.find(f"{W}pPr/{W}numPr")
            if numpr is not None:
                self.style_numpr[sid] = (
                    _val(numpr.find(f"{W}numId")),
                    _int(_val(numpr.find(f"{W}ilvl")), 0)
                    if numpr.find(f"{W}ilvl") is not None
                    else None,
                )

    def _from_style(self, style: str | None) -> tuple[str | None, int | None]:
        seen: set[str] = set()
        while style and style not in seen:
            seen.add(style)
            if style in self.style_numpr:
                return self.style_numpr[style]
            style = self.style_parent.get(style)
        return None, None

    def _abstract(self, num: _Num) -> str:
        aid = num.abstract
        for _ in range(5):  # numStyleLink → style → its num → abstract
            link = self.links.get(aid)
            if not link:
                break
            linked, _ilvl = self._from_style(link)
            target = self.nums.get(linked or "")
            if target is None or target.abstract == aid:
                break
            aid = target.abstract
        return aid

    def label(self, ppr: etree._Element | None, style: str | None) -> tuple[str, str] | None:
        """(label, suffix) Word shows before this paragraph, or None; advances the counters."""
        num_id, ilvl = self._from_style(style)
        numpr = ppr.find(f"{W}numPr") if ppr is not None else None
        if numpr is not None:
            own = _val(numpr.find(f"{W}numId"))
            num_id = own if own is not None else num_id
            if numpr.find(f"{W}ilvl") is not None:
                ilvl = _int(_val(numpr.find(f"{W}ilvl")), 0)
        if not num_id or num_id == "0" or num_id not in self.nums:
            return None
        ilvl = max(0, min(8, ilvl or 0))
        num = self.nums[num_id]
        aid = self._abstract(num)
        levels = dict(self.abstracts.get(aid, {}))
        for index, (_start, replacement) in num.overrides.items():
            if replacement is not None:
                levels[index] = replacement
        counters = self.counters.setdefault(aid, [None] * 9)
        if num_id not in self.started:
            self.started.add(num_id)
            for index, (start, _replacement) in num.overrides.items():
                if start is not None and 0 <= index < 9:
                    counters[index] = start - 1
        level = levels.get(ilvl, _Level())
        current = counters[ilvl]
        counters[ilvl] = level.start if current is None else current + 1
        for deeper in range(ilvl + 1, 9):
            restart = levels.get(deeper, _Level()).restart
            if restart != 0:
                counters[deeper] = None
        if level.fmt == "none":
            return "", ""
        if level.fmt == "bullet":
            self.bullets += 1
            return None
        text = level.text
        for index in range(9):
            token = f"%{index + 1}"
            if token in text:
                lvl = levels.get(index, _Level())
                value = counters[index] if counters[index] is not None else lvl.start
                fmt = "decimal" if (level.legal and index != ilvl) else lvl.fmt
                text = text.replace(token, cn_format(fmt, value or 0))
        return text, level.suffix
