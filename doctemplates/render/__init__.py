"""Compile-once rendering of .docx templates.  模板渲染。

>>> from doctemplates.render import Template   # doctest: +SKIP
"""

from doctemplates.package import PackageLimits as PackageLimits
from doctemplates.render.environment import FILTERS as FILTERS
from doctemplates.render.limits import RenderLimits as RenderLimits
from doctemplates.render.media import Image as Image
from doctemplates.render.template import Template as Template

__all__ = ["FILTERS", "Image", "PackageLimits", "RenderLimits", "Template"]
