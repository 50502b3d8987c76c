"""Hypothesis strategies derived from the kinds' pydantic models.  由数据模型推导的生成策略。

:func:`for_model` walks a model's fields (annotation, ``Literal`` options, numeric
bounds, nested models, lists, unions) and builds a strategy for each; free text
comes from :data:`free_text` (any Unicode incl. CJK Extension B, RTL marks, emoji,
control characters, XML specials, up to 10,000 characters).  Constrained values
(dates, 发文字号, enumerations, bounded integers) are valid most of the time and
invalid some of the time.  :func:`for_kind` overlays generated values on a kind's
sample so that a good share of documents validate and render.
"""

from __future__ import annotations

import datetime as dt
import types
import typing
from collections.abc import Callable
from pathlib import Path
from typing import Any, Literal

from hypothesis import strategies as st
from pydantic import BaseModel
from pydantic.fields import FieldInfo

from doctemplates.data import KIND_KEY, load_data
from doctemplates.model import DocNumber, Section

__all__ = ["SAMPLES", "for_kind", "for_model", "free_text", "sample_data"]

SAMPLES = Path(__file__).resolve().parents[2] / "samples"
#: Sample file of each kind (a valid base the fuzzer mutates).
SAMPLE_FILES = {
    "document": "notice.yaml",
    "speech": "speech.yaml",
    "plan": "plan.yaml",
    "proposal-reply": "proposal-reply.yaml",
    "proposal-summary": "proposal-summary.yaml",
    "opinion": "opinion.yaml",
    "rectification": "rectification.yaml",
}
MAX_TEXT = 10_000
MAX_DEPTH = 4  # 结构层次最多四级

# Characters that break naive generators: XML specials, bidi marks, emoji (with ZWJ),
# C0 controls, U+FFFE/FFFF, CJK Extension B, full-width punctuation, Jinja syntax.
_SPECIAL = [
    "&", "<", ">", '"', "'", "]]>", "&amp;", "<w:p>",
    "\u200f", "\u200e", "\u202e", "\u2066", "\u061c",
    "😀", "👨\u200d👩\u200d👧", "🇨🇳",
    "\x00", "\x01", "\x08", "\x0b", "\x0c", "\x1f", "\x7f", "\x85",
    "\ufffe", "\uffff", "\ufeff", "\u2028",
    "\t", "\n", "\r\n", "\r",
    "𠀀", "𪚥", "𠮷", "\U0002a6d6",
    "〔", "〕", "（", "）", "：", "\u3000", "。",
    "{{ 7*7 }}", "{%p if x %}", "{# c #}",
]  # fmt: skip
_CHAR = st.one_of(
    st.characters(codec="utf-8"),  # any scalar value (no surrogates: YAML/JSON cannot hold them)
    st.characters(min_codepoint=0x4E00, max_codepoint=0x9FFF),  # CJK
    st.characters(min_codepoint=0x20000, max_codepoint=0x2A6DF),  # CJK Extension B
    st.characters(max_codepoint=0x1F),  # C0 controls
)
_PIECE = st.one_of(_CHAR, st.sampled_from(_SPECIAL))
_SHORT = st.lists(_PIECE, max_size=24).map("".join)


@st.composite
def _long(draw: st.DrawFn) -> str:
    """Up to 10,000 characters, built by repeating a short random unit (cheap to draw)."""
    unit = draw(st.lists(_PIECE, min_size=1, max_size=12).map("".join))
    size = draw(st.integers(200, MAX_TEXT))
    return (unit * (size // len(unit) + 1))[:size]


#: Free text: mostly short, sometimes up to 10,000 characters.
free_text = st.integers(0, 19).flatmap(lambda i: _long() if i == 0 else _SHORT)


def _weighted(usual: st.SearchStrategy[Any], rare: st.SearchStrategy[Any], tenths: int = 8):
    """``usual`` about ``tenths``/10 of the time, else ``rare``."""
    return st.integers(0, 9).flatmap(lambda i: usual if i < tenths else rare)


# -- constrained leaves --------------------------------------------------------------
_BAD_DATES = [
    "2021-02-30",
    "2026-13-01",
    "2026-00-10",
    "1900-02-29",
    "明天",
    "2026年2月30日",
    "",
    "20260230",
]
_dates = st.dates(dt.date(1950, 1, 1), dt.date(2099, 12, 31))
valid_date = st.one_of(
    _dates.map(dt.date.isoformat),
    _dates,
    _dates.map(lambda d: f"{d.year}年{d.month}月{d.day}日"),
)
date_value = _weighted(valid_date, st.one_of(st.sampled_from(_BAD_DATES), _SHORT), 9)

_CODE = st.text(st.characters(min_codepoint=0x4E00, max_codepoint=0x9FFF), min_size=1, max_size=6)
valid_doc_number = st.builds(
    lambda code, year, serial, bracket: f"{code}{bracket[0]}{year}{bracket[1]}{serial}号",
    _CODE,
    st.integers(1949, 2100),
    st.integers(1, 9999),
    st.sampled_from(["〔〕", "[]", "（）", "【】"]),
)
_BAD_DOC_NUMBERS = [
    "钟科发〔20〕2号",
    "钟科发2020年2号",
    "〔2020〕2号",
    "钟科发〔2020〕0号",
    "钟科发〔1800〕3号",
    "号",
]
doc_number = _weighted(valid_doc_number, st.one_of(st.sampled_from(_BAD_DOC_NUMBERS), _SHORT), 9)


def _bounds(info: FieldInfo | None, extra: tuple[Any, ...] = ()) -> dict[str, Any]:
    found: dict[str, Any] = {}
    for meta in (*(info.metadata if info else ()), *extra):
        for name in ("ge", "gt", "le", "lt", "min_length", "max_length"):
            if hasattr(meta, name) and getattr(meta, name) is not None:
                found[name] = getattr(meta, name)
    return found


def _integers(bounds: dict[str, Any]) -> st.SearchStrategy[Any]:
    low = bounds.get("ge", bounds.get("gt", -(2**31)) + ("gt" in bounds))
    high = bounds.get("le", bounds.get("lt", 2**31) - ("lt" in bounds))
    outside = st.sampled_from([low - 1, high + 1, -1, 0, 10**12, "十二", 1.5, True])
    return _weighted(st.integers(low, high), outside, 9)


# -- the walker -----------------------------------------------------------------------
Overrides = dict[str, Callable[[int], st.SearchStrategy[Any]]]


def for_model(model: type[BaseModel], depth: int = 1, overrides: Overrides | None = None):
    """A strategy of mappings for ``model`` (required fields always, optional ones sometimes)."""
    if issubclass(model, DocNumber):
        return doc_number
    if issubclass(model, Section):
        return section(depth)
    required: dict[str, st.SearchStrategy[Any]] = {}
    optional: dict[str, st.SearchStrategy[Any]] = {}
    for name, info in model.model_fields.items():
        strategy = _field(name, info, depth, overrides or {})
        (required if info.is_required() else optional)[name] = strategy
    return st.fixed_dictionaries(required, optional=optional)


def _field(name: str, info: FieldInfo, depth: int, overrides: Overrides):
    if name in overrides:
        return overrides[name](depth)
    return for_type(info.annotation, info, depth, overrides)


def for_type(tp: Any, info: FieldInfo | None = None, depth: int = 1, overrides=None):
    """A strategy for one annotation (the field's FieldInfo gives bounds)."""
    overrides = overrides or {}
    origin, args = typing.get_origin(tp), typing.get_args(tp)
    if origin is typing.Annotated:
        inner = for_type(args[0], None, depth, overrides)
        bounds = _bounds(info, tuple(args[1:]))
        return _sized(inner, args[0], bounds) if bounds else inner
    if origin in (typing.Union, types.UnionType):
        arms = [for_type(a, info, depth, overrides) for a in args if a is not type(None)]
        none = [st.none()] if type(None) in args else []
        return st.one_of(*arms, *none)
    if origin is Literal:
        return _weighted(st.sampled_from(args), _SHORT, 9)
    if origin is list:
        item = for_type(args[0], None, depth, overrides)
        bounds = _bounds(info)
        low = bounds.get("min_length", 0)
        short = st.lists(item, min_size=low, max_size=max(low, 3))
        long = st.lists(_SHORT if args[0] is str else item, min_size=low, max_size=60)
        return _weighted(short, long, 9) if args[0] is str else short
    if origin is dict:
        return _weighted(
            st.just({"A": "所提问题已经解决或采纳", "B": "正在解决或列入计划", "C": "留作参考"}),
            st.dictionaries(_SHORT, _SHORT, max_size=3),
        )
    if isinstance(tp, type) and issubclass(tp, BaseModel):
        return for_model(tp, depth, overrides)
    if tp is str:
        bounds = _bounds(info)
        return (
            free_text.filter(lambda s: len(s.strip()) >= 1)
            if bounds.get("min_length")
            else free_text
        )
    if tp is bool:
        return st.booleans()
    if tp is int:
        return _integers(_bounds(info))
    if tp is float:
        return st.floats(allow_nan=False)
    if tp is dt.date:
        return date_value
    return free_text


def _sized(inner: st.SearchStrategy[Any], base: Any, bounds: dict[str, Any]):
    if base is str and bounds.get("min_length"):
        return inner.filter(lambda s: isinstance(s, str) and len(s.strip()) >= 1)
    if base is int:
        return _integers(bounds)
    return inner


@st.composite
def section(draw: st.DrawFn, depth: int = 1) -> dict[str, Any]:
    """A body section; nesting goes to four levels, and rarely a fifth (refused)."""
    limit = MAX_DEPTH + (1 if draw(st.integers(0, 19)) == 0 else 0)
    children = (
        draw(st.lists(section(depth + 1), max_size=2 if depth < 3 else 1)) if depth < limit else []
    )
    heading = draw(st.one_of(st.none(), free_text))
    return {
        "heading": heading,
        "paragraphs": draw(st.lists(free_text, max_size=3)),
        "children": children,
        "run_in": bool(heading and heading.strip()) and draw(st.booleans()),
    }


# -- kinds ------------------------------------------------------------------------------
def sample_data(kind: str) -> dict[str, Any]:
    """The kind's sample (without the ``kind:`` key), paths made absolute."""
    data = load_data(SAMPLES / SAMPLE_FILES[kind])
    data.pop(KIND_KEY, None)
    if "records_file" in data:
        data["records_file"] = str(SAMPLES / data["records_file"])
    return data


_OVERRIDES: Overrides = {
    # A path read by the kind: the real sample, a missing file or another format.
    "records_file": lambda _d: st.sampled_from(
        [str(SAMPLES / "proposals.xlsx"), "不存在的文件.xlsx", str(SAMPLES / "notice.yaml")]
    ),
}


def for_kind(kind: str, model: type[BaseModel]) -> st.SearchStrategy[dict[str, Any]]:
    """The kind's sample with each field kept (mostly) or replaced by a generated value."""
    base = sample_data(kind)
    fields = model.model_fields
    generated = {name: _field(name, info, 1, _OVERRIDES) for name, info in fields.items()}
    keys = [*base, *(k for k in fields if k not in base)]
    return st.fixed_dictionaries(
        {},
        optional={
            k: _weighted(st.just(base[k]), generated[k], 6) if k in base else generated[k]
            for k in keys
            if k in generated or k in base
        },
    ).map(lambda d: _ensure_required(d, base))


def _ensure_required(data: dict[str, Any], base: dict[str, Any]) -> dict[str, Any]:
    """Keep the sample's fields that were not drawn, except on purpose 1 time in ~8."""
    return {**base, **data}
