"""Names a package loads on first use (PEP 562).  按需加载的导出名称。

``doctemplates.render``, ``doctemplates.layout`` and ``doctemplates.pdf`` export names
whose modules bring heavy imports (Jinja, lxml, python-docx, pypdf): a command that
does not use them should not pay for them (start-up, issue 20 §3).  Each package keeps
a table ``name → module`` and takes its module ``__getattr__``/``__dir__`` from here.

>>> get, names = lazy_exports({"sqrt": "math"}, {"__name__": "demo"})
>>> get("sqrt")(9.0), "sqrt" in names()
(3.0, True)
>>> get("cbrt")
Traceback (most recent call last):
AttributeError: module 'demo' has no attribute 'cbrt'
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Mapping
from typing import Any

__all__ = ["lazy_exports"]


def lazy_exports(
    where: Mapping[str, str], namespace: dict[str, Any]
) -> tuple[Callable[[str], Any], Callable[[], list[str]]]:
    """A module ``__getattr__`` and ``__dir__`` for the names of ``where`` (name → module
    that defines it); a loaded name is stored in ``namespace`` (the package's globals),
    so the import happens once."""

    def module_getattr(name: str) -> Any:
        module = where.get(name)
        if module is None:
            raise AttributeError(f"module {namespace['__name__']!r} has no attribute {name!r}")
        value = getattr(importlib.import_module(module), name)
        namespace[name] = value
        return value

    def module_dir() -> list[str]:
        return sorted({*namespace, *where})

    return module_getattr, module_dir
