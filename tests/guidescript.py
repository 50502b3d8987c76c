"""docs/make_guide_images.py loaded as a module (docs/ is not a package): the staff guide's
scripted edits and generated sections, for tests/test_staff_edit.py and tests/test_guide.py."""

from __future__ import annotations

import functools
import importlib.util
import sys
from pathlib import Path
from types import ModuleType

SCRIPT = Path(__file__).resolve().parent.parent / "docs" / "make_guide_images.py"


@functools.cache
def guide_script() -> ModuleType:
    """The script's module, loaded once."""
    spec = importlib.util.spec_from_file_location("make_guide_images", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while it loads
    spec.loader.exec_module(module)
    return module
