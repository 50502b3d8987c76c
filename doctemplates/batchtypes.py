"""What a batch returns and how it fails: results, errors, the inline executor.  批量生成的结果类型。

Split from :mod:`doctemplates.batch` (issue 14); import them from there.
"""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import Executor, Future
from dataclasses import dataclass
from typing import Any

from doctemplates.data import people_path
from doctemplates.errors import DocTemplatesError

MANIFEST = "manifest.jsonl"
ERRORS = "errors.csv"


class InlineExecutor(Executor):
    """Runs each task at once in the calling thread (``--jobs 1``, tests).  单进程执行。"""

    def submit(self, fn: Callable[..., Any], /, *args: Any, **kwargs: Any) -> Future[Any]:
        future: Future[Any] = Future()
        try:
            future.set_result(fn(*args, **kwargs))
        except BaseException as exc:
            future.set_exception(exc)
        return future


class BatchError(DocTemplatesError):
    """The batch cannot start (usage problem).  批量任务无法开始。"""


@dataclass(frozen=True)
class RecordResult:
    """Outcome of one record.  一条记录的结果。"""

    row: int  # 行号（表头为第 1 行）
    output: str | None = None  # 输出文件名（相对输出目录）
    sha256: str | None = None
    error: str | None = None  # 中文错误说明
    field: str | None = None  # 出错的字段路径，如 signature.date
    skipped: bool = False  # resume 时已完成而跳过
    pdf: str | None = None  # 同时生成的 PDF 文件名
    column: str | None = None  # 出错字段所在的列，如 G
    header: str | None = None  # 该列的表头，如 答复日期

    @property
    def where(self) -> str:
        """The failing cell as people see it: ``G 列「答复日期」``, else ``字段 replied``."""
        if self.column:
            return f"{self.column} 列「{self.header}」"
        return f"字段 {people_path(self.field)}" if self.field else ""

    ofd: str | None = None  # 同时生成的 OFD 文件名
    metadata: Any = None  # OFD 元数据（--ofd 时由工作进程填写）

    @property
    def ok(self) -> bool:
        return self.error is None
