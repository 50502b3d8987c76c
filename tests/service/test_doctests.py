"""The examples in the docstrings of the service and cluster modules run.  文档字符串中的示例。"""

from __future__ import annotations

import doctest
import importlib

import pytest

MODULES = [
    "doctemplates.data",
    "doctemplates.errors",
    "doctemplates.cluster",
    "doctemplates.service.errors",
    "doctemplates.service.requests",
    "doctemplates.service.settings",
    "doctemplates.service.web",
    "doctemplates.service.routes",
]


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name: str) -> None:
    result = doctest.testmod(importlib.import_module(name), optionflags=doctest.ELLIPSIS)
    assert result.failed == 0
    assert result.attempted > 0
