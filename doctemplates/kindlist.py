"""The kinds' declarations without importing the kinds (issue 20 §3).  文种清单。

``doctemplates kinds`` prints names, titles and descriptions; ``render plan …``
needs one kind.  Importing every kind's module for that builds all their pydantic
models, the context builder and the renderer (most of a second).  So the
declarations (:class:`KindInfo`: name, 中文名, aliases, description, 公文格式,
default template, entry point) are kept in the signed user cache
(:mod:`doctemplates.render.cache`), read back while nothing they come from has
changed:

* the installed distributions, as :mod:`importlib.metadata` itself keys its
  lookups: the modification times of the ``sys.path`` folders (installing or
  removing a package changes its folder);
* the source files of the packages the entry points name (name, size,
  modification time of every ``.py`` below them, ``doctemplates`` included).

Otherwise (first run, anything changed, cache off) they come from
:func:`doctemplates.kinds.available_kinds`, which imports the kinds, and are
stored for the next run.

>>> infos = kind_infos()
>>> infos["document"].title, "通用公文" in infos["document"].aliases
('通用公文', True)
"""

from __future__ import annotations

import functools
import hashlib
import importlib.util
import json
import os
import sys
from dataclasses import asdict, dataclass

from doctemplates.render.cache import Store

__all__ = ["KindInfo", "find_info", "kind_infos"]

ENTRY_POINT_GROUP = "doctemplates.kinds"  # = doctemplates.kinds.ENTRY_POINT_GROUP
_FORMAT = "kind-infos 1"


@dataclass(frozen=True)
class KindInfo:
    """What a kind declares, readable without importing it.  文种声明。"""

    name: str  # 英文名
    title: str  # 中文名
    description: str  # 说明
    aliases: tuple[str, ...]  # 别名
    format: str  # 公文格式 of the default template
    template: str  # the default template's path
    entry: str  # the entry point's value (module:attribute)

    @property
    def names(self) -> tuple[str, ...]:
        """Every name the kind answers to: 英文名, 中文名, aliases."""
        return (self.name, self.title, *self.aliases)


@functools.cache
def kind_infos() -> dict[str, KindInfo]:
    """Every registered kind's declaration by name, in the order of ``available_kinds``."""
    key = _installed_key()
    store = Store("kinds")
    found = _read(store.get(key))
    if found is not None:
        return found
    infos, entries = _from_kinds()
    dirs = sorted(_package_dirs(entries) | _metadata_dirs())
    payload = {"dirs": dirs, "stamp": _sources_stamp(dirs), "kinds": [asdict(i) for i in infos]}
    store.put(key, json.dumps(payload, ensure_ascii=False).encode())
    return {i.name: i for i in infos}


def find_info(name: str) -> KindInfo | None:
    """The declaration of the kind called ``name`` (英文名, 中文名 or alias), or None."""
    for info in kind_infos().values():
        if name in info.names:
            return info
    return None


def _from_kinds() -> tuple[list[KindInfo], list[str]]:
    from doctemplates.kinds import available_kinds, entry_of

    infos = [
        KindInfo(
            k.name,
            k.title,
            k.description,
            tuple(k.aliases),
            k.format,
            str(k.default_template or ""),
            entry_of(k),
        )
        for k in available_kinds().values()
    ]
    return infos, [i.entry for i in infos]


def _installed_key() -> str:
    """The installed distributions' state: every ``sys.path`` folder and its mtime."""
    stamps = []
    for entry in sys.path:
        try:
            stamps.append(f"{entry}:{os.stat(entry or '.').st_mtime_ns}")
        except OSError:
            stamps.append(f"{entry}:-")
    return hashlib.sha256("\n".join([_FORMAT, *stamps]).encode()).hexdigest()


def _package_dirs(entries: list[str]) -> set[str]:
    """The folders of the top-level packages the entry points name (and ``doctemplates``)."""
    dirs = set()
    for top in {e.partition(":")[0].split(".")[0] for e in entries if e} | {"doctemplates"}:
        spec = importlib.util.find_spec(top)  # a top-level name: nothing is imported
        if spec is not None and spec.submodule_search_locations:
            dirs.update(spec.submodule_search_locations)
        elif spec is not None and spec.origin:
            dirs.add(spec.origin)
    return dirs


def _metadata_dirs() -> set[str]:
    """The metadata folders (``*.dist-info``) whose ``entry_points.txt`` declare kinds."""
    from importlib import metadata  # only when the declarations are stored (30-40 ms to import)

    found = set()
    for entry in metadata.entry_points(group=ENTRY_POINT_GROUP):
        path = getattr(entry.dist, "_path", None)  # PathDistribution's folder (no public name)
        if path is not None and os.path.isdir(path):
            found.add(str(path))
    return found


def _sources_stamp(dirs: list[str]) -> str:
    h = hashlib.sha256()
    for top in dirs:
        for folder, subdirs, files in os.walk(top):
            subdirs.sort()
            for name in sorted(files):
                if name.endswith(".py") or name == "entry_points.txt":
                    info = os.stat(os.path.join(folder, name))
                    h.update(f"{folder}/{name}:{info.st_size}:{info.st_mtime_ns}\n".encode())
        if os.path.isfile(top):
            info = os.stat(top)
            h.update(f"{top}:{info.st_size}:{info.st_mtime_ns}\n".encode())
    return h.hexdigest()


def _read(payload: bytes | None) -> dict[str, KindInfo] | None:
    if payload is None:
        return None
    try:
        data = json.loads(payload)
        if _sources_stamp(data["dirs"]) != data["stamp"]:
            return None
        infos = [KindInfo(**{**k, "aliases": tuple(k["aliases"])}) for k in data["kinds"]]
    except (ValueError, KeyError, TypeError, OSError):
        return None
    return {i.name: i for i in infos}
