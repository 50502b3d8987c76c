"""Compile-once rendering of .docx templates.  模板渲染。

The names load on first use (PEP 562): ``import doctemplates.render.cache`` (the
compiled-code cache the kinds listing reads) does not import Jinja, lxml or docx.

>>> from doctemplates.render import Template   # doctest: +SKIP
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from doctemplates.lazyexports import lazy_exports

if TYPE_CHECKING:
    from doctemplates.package import PackageLimits as PackageLimits
    from doctemplates.render.environment import FILTERS as FILTERS
    from doctemplates.render.limits import RenderLimits as RenderLimits
    from doctemplates.render.media import Image as Image
    from doctemplates.render.template import Template as Template

__all__ = ["FILTERS", "Image", "PackageLimits", "RenderLimits", "Template"]

_WHERE = {
    "FILTERS": "doctemplates.render.environment",
    "Image": "doctemplates.render.media",
    "PackageLimits": "doctemplates.package",
    "RenderLimits": "doctemplates.render.limits",
    "Template": "doctemplates.render.template",
}


__getattr__, __dir__ = lazy_exports(_WHERE, globals())
