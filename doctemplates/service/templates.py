"""Uploaded templates, compiled once.  上传模板的编译缓存。

A caller that sends the same edited template with every request pays for its
compilation once: templates are kept by the SHA-256 of their bytes (LRU).
"""

from __future__ import annotations

import hashlib
import threading
from collections import OrderedDict

from doctemplates.render import Template
from doctemplates.render.limits import RenderLimits

__all__ = ["TemplateCache"]


class TemplateCache:
    """Compiled templates by content hash, at most ``size`` of them (thread-safe)."""

    def __init__(self, size: int, limits: RenderLimits | None = None) -> None:
        self.size = max(0, size)
        self.limits = limits
        self._items: OrderedDict[str, Template] = OrderedDict()
        self._lock = threading.Lock()

    def load(self, content: bytes) -> Template:
        """The compiled template of ``content`` (TemplateError in Chinese when it is not one)."""
        key = hashlib.sha256(content).hexdigest()
        with self._lock:
            found = self._items.get(key)
            if found is not None:
                self._items.move_to_end(key)
                return found
        template = Template.load(content, limits=self.limits)  # outside the lock: compiling is slow
        with self._lock:
            self._items[key] = template
            while len(self._items) > self.size:
                self._items.popitem(last=False)
        return template
