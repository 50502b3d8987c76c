"""Where a field path is in a data file's text, and how people read it.  字段在数据文件中的位置。

Used by :meth:`doctemplates.data.DataFile.position` and ``explain`` (``data``
re-exports :func:`people_path`): the YAML events or the JSON text are walked
again to find ``body[2].heading``, never the parsed values.
"""

from __future__ import annotations

import json
import re
from typing import Any

import yaml

from doctemplates.dataparse import EventLoader
from doctemplates.errors import DataError


def problems_of(error: DataError) -> list[tuple[str | None, str]]:
    """(path, reason) of each problem a validation message lists (see ``model.validate``):
    the first is ``error.field``'s, the next ones start with ``path: ``."""
    if not error.field:
        return []
    first, *rest = error.message.rstrip("。").split("；")
    problems: list[tuple[str | None, str]] = [(error.field, first)]
    for piece in rest:
        match = _PATH_REASON.fullmatch(piece)
        if match:
            problems.append((match[1], match[2]))
        else:
            path, reason = problems[-1]
            problems[-1] = (path, f"{reason}；{piece}")
    return problems


_PATH = r"[A-Za-z_][A-Za-z0-9_]*(?:\[\d+\]|\.[A-Za-z_][A-Za-z0-9_]*)*"
_PATH_REASON = re.compile(rf"({_PATH}): (.*)", re.DOTALL)


def path_parts(path: str) -> list[str | int]:
    """``body[2].heading`` → ``["body", 2, "heading"]``."""
    return [
        int(index) if index else name for name, index in re.findall(r"([^.\[\]]+)|\[(\d+)\]", path)
    ]


def people_path(path: str | None) -> str:
    """A field path as people count: ``body[2].heading`` → ``body 第 3 项的 heading``.

    >>> people_path("body[2].children[0].heading")
    'body 第 3 项的 children 第 1 项的 heading'
    >>> people_path("signature.date")
    'signature.date'
    """
    if not path:
        return ""
    text = re.sub(r"\[(\d+)\]", lambda m: f" 第 {int(m[1]) + 1} 项", path)
    return re.sub(r"(第 \d+ 项)\.", r"\1的 ", text)


def yaml_mark(text: str, parts: list[str | int]) -> Any:
    """The mark of the deepest node of ``parts`` found in the YAML node tree."""
    node = yaml.compose(text, Loader=EventLoader)
    found = None
    for part in parts:
        child = None
        if isinstance(node, yaml.MappingNode):
            child = next((value for key, value in node.value if str(key.value) == str(part)), None)
        elif isinstance(node, yaml.SequenceNode) and isinstance(part, int):
            child = node.value[part] if part < len(node.value) else None
        if child is None:
            break
        node = found = child
    return found.start_mark if found is not None else None


_JSON_SPACE = re.compile(r"[ \t\n\r]*")


def json_index(text: str, parts: list[str | int]) -> int | None:
    """Where the deepest value of ``parts`` starts in a JSON text.

    Hand-written over the standard library's own scanner (``scanstring``,
    ``raw_decode``): :mod:`json` keeps no positions, and the one package that
    maps JSON pointers to lines (json-source-map) is unmaintained since 2022.
    Only the values on the path are walked into; the others are skipped.
    """
    decoder = json.JSONDecoder()
    index = _JSON_SPACE.match(text, 0).end()  # type: ignore[union-attr]
    found = None
    for part in parts:
        opening = text[index : index + 1]
        if opening == "{" and isinstance(part, str):
            located = _json_member(text, index, part, decoder)
        elif opening == "[" and isinstance(part, int):
            located = _json_item(text, index, part, decoder)
        else:
            located = None
        if located is None:
            break
        index = found = located
    return found


def _skip(text: str, index: int) -> int:
    return _JSON_SPACE.match(text, index).end()  # type: ignore[union-attr]


def _json_member(text: str, index: int, key: str, decoder: json.JSONDecoder) -> int | None:
    index = _skip(text, index + 1)
    while text[index : index + 1] == '"':
        name, index = json.decoder.scanstring(text, index + 1)  # type: ignore[attr-defined]
        index = _skip(text, _skip(text, index) + 1)  # the ':'
        if name == key:
            return index
        index = _skip(text, decoder.raw_decode(text, index)[1])
        if text[index : index + 1] != ",":
            return None
        index = _skip(text, index + 1)
    return None


def _json_item(text: str, index: int, wanted: int, decoder: json.JSONDecoder) -> int | None:
    index = _skip(text, index + 1)
    for _ in range(wanted):
        index = _skip(text, decoder.raw_decode(text, index)[1])
        if text[index : index + 1] != ",":
            return None
        index = _skip(text, index + 1)
    return index if text[index : index + 1] not in ("]", "") else None
