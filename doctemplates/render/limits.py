"""Resource limits of templates and the per-render budget.  模板的资源上限。

A template from a stranger is a program.  Instead of forbidding the filters
and methods that can be abused one by one, every render draws on a budget of
**resources**, each bounded by a field of :class:`RenderLimits`:

- characters written (every chunk of output, including what macros and blocks
  buffer), counted as they are written;
- steps: every ``for`` iteration of every loop, every call made by the
  template (macros, ``loop(...)`` recursion, methods) and every list item a
  filter or method works through (``|list``, ``|sort``, ``join``…);
- call depth (macros calling macros, recursive loops);
- wall time;
- the size of every value the template builds (strings, lists, numbers),
  checked *before* it is built (:mod:`.growth`);
- and, at load time, the nesting of tags and expressions (:mod:`.compiling`).

Each excess raises :class:`~doctemplates.errors.TemplateLimitError`, which the
renderer locates (part, paragraph, tag).

>>> limits = RenderLimits(max_iterations=3)
>>> with render_budget(limits) as budget:
...     for _ in range(3):
...         budget.tick()
...     budget.tick()
Traceback (most recent call last):
    ...
doctemplates.errors.TemplateLimitError: 模板超过沙箱的资源上限：循环、调用和列表处理的总次数超过 3 次（RenderLimits.max_iterations）
"""

from __future__ import annotations

import contextlib
import dataclasses
import time
from collections.abc import Iterator
from contextvars import ContextVar
from dataclasses import dataclass, field

from doctemplates.errors import TemplateLimitError
from doctemplates.package import PackageLimits

__all__ = ["RenderBudget", "RenderLimits", "current_budget", "exceeded", "render_budget"]


@dataclass(frozen=True)
class RenderLimits:
    """Bounds of one template and of each render.  模板与每次渲染的资源上限。

    The defaults let a web service render every shipped kind with large data
    (hundreds of pages) while a hostile template fails within a second or two
    and a few hundred MiB.
    """

    max_output_chars: int = 20_000_000  # 每次渲染写出的字符总数（含宏和块的中间输出）
    max_value_size: int = 1_000_000  # 模板构造的单个字符串（字符）或列表（项，含嵌套内容）
    max_iterations: int = 200_000  # 每次渲染的循环迭代、调用和过滤器处理的列表项的总数
    max_call_depth: int = 40  # 宏、递归循环的调用深度
    max_seconds: float = 10.0  # 每次渲染的时间（秒）
    max_int_bits: int = 100_000  # 模板计算的整数位数（约 30,000 位十进制）
    max_nesting: int = 12  # 标签块（for/if/macro…）的嵌套层数（加载时检查）
    max_expression_depth: int = 30  # 表达式的嵌套层数（括号、运算、过滤器链；加载时检查）
    package: PackageLimits = field(default_factory=PackageLimits)  # .docx 包的上限

    def __post_init__(self) -> None:
        for item in dataclasses.fields(self):
            value = getattr(self, item.name)
            if isinstance(value, (int, float)) and value <= 0:
                raise ValueError(f"RenderLimits.{item.name} must be positive, not {value!r}")


#: Chinese names of the limits, for messages.
LABELS = {
    "max_output_chars": "输出的字符总数超过 {limit:,} 个",
    "max_value_size": "{what}过大（上限 {limit:,} 个字符或项）",
    "max_iterations": "循环、调用和列表处理的总次数超过 {limit:,} 次",
    "max_call_depth": "宏或递归循环的调用深度超过 {limit} 层",
    "max_seconds": "渲染时间超过 {limit} 秒",
    "max_int_bits": "{what}过大（超过 {limit:,} 位二进制）",
    "max_nesting": "标签块（for/if/macro 等）嵌套超过 {limit} 层",
    "max_expression_depth": "表达式嵌套（括号、运算符或过滤器链）超过 {limit} 层",
}


def exceeded(name: str, limit: float, *, what: str = "") -> TemplateLimitError:
    """The error for limit ``name`` (a RenderLimits field).  超限错误。"""
    text = LABELS[name].format(limit=limit, what=what or "值")
    error = TemplateLimitError(f"模板超过沙箱的资源上限：{text}（RenderLimits.{name}）")
    error.limit = name
    return error


class RenderBudget:
    """What one render has used so far.  一次渲染已用的资源。"""

    __slots__ = ("deadline", "depth", "limits", "output", "raw", "steps")

    def __init__(self, limits: RenderLimits, *, timed: bool = True) -> None:
        self.limits = limits
        self.output = 0
        self.steps = 0
        self.depth = 0
        self.raw = False  # a value was printed as XML (Markup, RichText, Image…), not as text
        self.deadline = time.monotonic() + limits.max_seconds if timed else float("inf")

    def tick(self) -> None:
        """One loop iteration or call.  一次迭代或调用。"""
        self.steps += 1
        if self.steps > self.limits.max_iterations:
            raise exceeded("max_iterations", self.limits.max_iterations)
        if self.steps & 0x3F == 0:
            self.check_time()

    def spend(self, items: int) -> None:
        """``items`` iterations done inside a filter or method (``|list``, ``|sort``, ``join``…)."""
        self.steps += items
        if self.steps > self.limits.max_iterations:
            raise exceeded("max_iterations", self.limits.max_iterations)
        self.check_time()

    def check_time(self) -> None:
        if time.monotonic() > self.deadline:
            raise exceeded("max_seconds", self.limits.max_seconds)

    def write(self, chars: int) -> None:
        """``chars`` characters of output were written.  记录输出。"""
        self.output += chars
        if self.output > self.limits.max_output_chars:
            raise exceeded("max_output_chars", self.limits.max_output_chars)

    @contextlib.contextmanager
    def call(self) -> Iterator[None]:
        """One call made by the template: a step, one level deeper while it runs."""
        self.tick()
        self.depth += 1
        try:
            if self.depth > self.limits.max_call_depth:
                raise exceeded("max_call_depth", self.limits.max_call_depth)
            yield
        finally:
            self.depth -= 1


_DEFAULT_LIMITS = RenderLimits()
_budget: ContextVar[RenderBudget | None] = ContextVar("doctemplates_render_budget", default=None)


def current_budget() -> RenderBudget:
    """The budget of the render running in this context (an idle one outside renders)."""
    budget = _budget.get()
    return budget if budget is not None else RenderBudget(_DEFAULT_LIMITS, timed=False)


@contextlib.contextmanager
def render_budget(limits: RenderLimits) -> Iterator[RenderBudget]:
    """A fresh budget for one render (per thread / context).  每次渲染一份预算。"""
    budget = RenderBudget(limits)
    token = _budget.set(budget)
    try:
        yield budget
    finally:
        _budget.reset(token)
