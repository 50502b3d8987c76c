"""The segmenter's answers for titles seen before (issue 20 §3).  标题分词缓存。

rjieba loads its dictionary when first used: about 0.1–0.25 s of CPU, most of a
one-document ``render`` once the rest is fast.  A title that does not fit on one
line is tagged a few times (the pieces between protected spans); the answer
depends only on the text, the fixed and the user's dictionaries and the rjieba
build, so the pairs are kept in the signed user cache
(:mod:`doctemplates.render.cache`).  Only a process that has not loaded the
segmenter reads or writes it: once loaded (a batch), tagging in memory is faster
than any file.
"""

from __future__ import annotations

import functools
import hashlib
import importlib.util
import json
import os
from collections.abc import Callable, Sequence

from doctemplates.render.cache import Store

__all__ = ["cached_tag"]

_STORE = Store("titles", max_bytes=4 * 1024 * 1024)
_MAX_TEXT = 400  # longer texts are tagged, not cached (titles are far shorter)


@functools.cache
def _segmenter_stamp() -> str:
    """The rjieba build (its extension file's size and times), without importing it."""
    spec = importlib.util.find_spec("rjieba")
    origins = [spec.origin] if spec and spec.origin else []
    for folder in (spec.submodule_search_locations or []) if spec else []:
        origins += sorted(
            os.path.join(folder, n) for n in os.listdir(folder) if n.endswith((".so", ".pyd"))
        )
    parts = []
    for path in origins:
        info = os.stat(path)
        parts.append(f"{path}:{info.st_size}:{info.st_mtime_ns}")
    return "|".join(parts)


def _key(text: str, words: Sequence[str]) -> str:
    h = hashlib.sha256(b"tags 1\0" + _segmenter_stamp().encode() + b"\0")
    h.update("\n".join(words).encode("utf-8", "surrogatepass") + b"\0")
    h.update(text.encode("utf-8", "surrogatepass"))
    return h.hexdigest()


def cached_tag(
    text: str,
    words: Callable[[], Sequence[str]],
    tag: Callable[[str], list[tuple[str, str]]],
) -> list[tuple[str, str]]:
    """``tag(text)`` from the cache when this user's segmenter tagged ``text`` before under
    the same dictionaries (``words()``: fixed then user words); stored otherwise."""
    if len(text) > _MAX_TEXT:
        return tag(text)
    try:
        key = _key(text, words())
    except OSError:
        return tag(text)
    payload = _STORE.get(key)
    if payload is not None:
        found = _read(payload, text)
        if found is not None:
            return found
    pairs = tag(text)
    _STORE.put(key, json.dumps(pairs, ensure_ascii=False).encode())
    return pairs


def _read(payload: bytes, text: str) -> list[tuple[str, str]] | None:
    try:
        data = json.loads(payload)
        pairs = [(str(w), str(t)) for w, t in data]
    except (ValueError, TypeError):
        return None
    return pairs if "".join(w for w, _ in pairs) == text else None
