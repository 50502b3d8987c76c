"""The 评议 kinds' block placeholders (块占位符): ``{{p 任务表 }}``.

Registered through the ``doctemplates.placeholders`` entry point like the
engine's own (:mod:`doctemplates.placeholders`); the renderer expands the
placeholder paragraph of a template into these paragraphs when compiling it.

* ``任务表`` / ``task_table`` — the 整改方案's 整改任务分解表: nine fixed columns
  (all shown) or the columns the data picks, landscape or portrait width
  (:func:`pingyi_docs.rectification.task_table_block`).
"""

from __future__ import annotations

from collections.abc import Callable

from doctemplates.placeholders import built_by

__all__ = ["EXPANDERS"]


_task_table = built_by("pingyi_docs.rectification", "task_table_block")

#: Placeholder name (Chinese and English) → expander.
EXPANDERS: dict[str, Callable[[], str]] = {"任务表": _task_table, "task_table": _task_table}
