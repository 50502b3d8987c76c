"""Errors raised on purpose by doctemplates.  可预期错误（用户错误）的统一层级。

Every error a user can cause derives from :class:`DocTemplatesError`.  Its
``message`` is one Chinese sentence naming the field path, the record (row), or
the template part and tag; the English class name is there for programmers.
The CLI prints ``str(error)`` and exits non-zero — never a traceback.

>>> err = DataError("日期无效：2021-02-30", field="signature.date")
>>> str(err)
'signature.date: 日期无效：2021-02-30'
>>> err.describe()
'signature.date: 日期无效：2021-02-30（DataError）'
"""

from __future__ import annotations

import errno
import re
from collections.abc import Sequence
from dataclasses import dataclass

__all__ = [
    "DataError",
    "DateError",
    "DocNumberError",
    "DocTemplatesError",
    "NumberingError",
    "OutputError",
    "OutputExistsError",
    "Problem",
    "TemplateError",
    "TemplateLimitError",
    "TemplateSecurityError",
    "TemplateSyntaxError",
    "TemplateValueError",
    "UndefinedVariableError",
    "os_reason",
]


class DocTemplatesError(Exception):
    """Base class of every deliberate error.  所有可预期错误的基类。

    ``field`` is a dotted field path (``signature.date``), ``row`` a record number
    as the user sees it (spreadsheet row, header = 1).
    """

    def __init__(self, message: str, *, field: str | None = None, row: int | None = None) -> None:
        self.message = message
        self.field = field
        self.row = row
        super().__init__(message)

    def __str__(self) -> str:
        prefix = ""
        if self.row is not None:
            prefix += f"第 {self.row} 行："
        if self.field:
            prefix += f"{self.field}: "
        return prefix + self.message

    def describe(self) -> str:
        """The message with the English class name, as the CLI prints it."""
        return f"{self}（{type(self).__name__}）"


@dataclass(frozen=True)
class Problem:
    """One field error as data (for services and forms).  单个字段错误。

    ``path`` is the field path (``signature.date``, ``body[0].heading``; empty
    for the whole document), ``message`` the Chinese reason, ``code`` a stable
    machine code (pydantic's error type such as ``missing``, or the snake-case
    name of our error class such as ``date_error``).
    """

    path: str  # 字段路径
    message: str  # 中文说明
    code: str  # 机器代码

    def as_dict(self) -> dict[str, str]:
        return {"path": self.path, "message": self.message, "code": self.code}


class DataError(DocTemplatesError):
    """Input data is invalid.  数据错误。

    ``problems`` lists every field error found (validation reports them all at
    once); an error raised for one field has one problem made from itself.

    >>> DataError("应为日期", field="signature.date").problems
    [Problem(path='signature.date', message='应为日期', code='data_error')]
    """

    def __init__(
        self,
        message: str,
        *,
        field: str | None = None,
        row: int | None = None,
        problems: Sequence[Problem] = (),
    ) -> None:
        super().__init__(message, field=field, row=row)
        self._problems = list(problems)

    @property
    def problems(self) -> list[Problem]:
        """Every field error, at least one.  全部字段错误。"""
        if self._problems:
            return list(self._problems)
        return [Problem(self.field or "", self.message, error_code(type(self)))]


def error_code(cls: type[Exception] | str) -> str:
    """A stable machine code from an error class (or its name): ``DocNumberError`` → ``doc_number_error``.

    >>> error_code(DocNumberError), error_code("FileAccessError")
    ('doc_number_error', 'file_access_error')
    """
    name = cls if isinstance(cls, str) else cls.__name__
    return re.sub(r"(?<!^)(?=[A-Z])", "_", name).lower()


class DateError(DataError):
    """A date cannot be parsed or does not exist.  日期错误。"""


class DocNumberError(DataError):
    """A 发文字号 cannot be understood.  发文字号错误。"""


class NumberingError(DataError):
    """A section tree cannot be numbered (e.g. deeper than four levels).  层次序数错误。"""


class TemplateError(DocTemplatesError):
    """A template cannot be compiled or rendered.  模板错误。

    ``part`` is the package part (``word/header2.xml``), ``paragraph`` the text
    of the paragraph around the tag and ``tag`` the tag itself.
    """

    def __init__(
        self,
        message: str,
        *,
        part: str | None = None,
        paragraph: str | None = None,
        tag: str | None = None,
        field: str | None = None,
    ) -> None:
        self.part = part
        self.paragraph = paragraph
        self.tag = tag
        self.template: str | None = None  # 模板文件, set by the loader/renderer
        super().__init__(message, field=field)

    def __str__(self) -> str:
        where = []
        if self.template:
            where.append(f"文件 {self.template}")
        if self.part:
            where.append(f"部件 {self.part}")
        if self.paragraph:
            where.append(f"段落「{_shorten(self.paragraph)}」")
        if self.tag:
            where.append(f"标签 {_shorten(self.tag, 60)}")
        head = "模板" + "，".join(where) + "：" if where else ""
        return head + self.message


class TemplateSyntaxError(TemplateError):
    """Jinja syntax error in a template.  模板语法错误。"""


class UndefinedVariableError(TemplateError):
    """The template uses a variable the data does not have.  模板变量未定义。"""


class TemplateSecurityError(TemplateError):
    """The template tried something the sandbox forbids.  模板试图执行被禁止的操作。"""


class TemplateLimitError(TemplateSecurityError):
    """The template exceeded a resource limit (``RenderLimits``).  模板超过资源上限。

    ``limit`` names the ``RenderLimits`` field, e.g. ``max_output_chars``.
    """

    limit: str | None = None


class TemplateValueError(TemplateError):
    """A tag printed a value that is not text (None, a function, a list…).  输出的值不能写入文档。"""


class OutputError(DocTemplatesError):
    """An output file cannot be written.  输出文件错误。"""


class OutputExistsError(OutputError):
    """The output exists and overwriting was not asked for.  输出文件已存在。"""


def _shorten(text: str, limit: int = 40) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


#: What an operating-system error means, in Chinese (``strerror`` is English).
_OS_REASONS: dict[int, str] = {
    errno.EEXIST: "文件已存在",
    errno.EISDIR: "这是一个目录，不是文件",
    errno.ENOTDIR: "路径中的上级不是目录",
    errno.ENOENT: "文件或目录不存在",
    errno.ENAMETOOLONG: "文件名或路径过长",
    errno.EACCES: "没有权限",
    errno.EPERM: "操作不被允许（没有权限）",
    errno.EROFS: "文件系统是只读的",
    errno.ENOSPC: "磁盘空间不足",
    errno.EDQUOT: "超出磁盘配额",
    errno.EFBIG: "文件过大",
    errno.EMFILE: "打开的文件太多",
    errno.ENFILE: "系统打开的文件太多",
    errno.EIO: "读写错误（磁盘或网络存储故障）",
    errno.ELOOP: "符号链接循环或层数过多",
    errno.EXDEV: "不能跨文件系统移动",
    errno.EBUSY: "文件或设备正忙",
    errno.ETXTBSY: "文件正在被使用",
    errno.ENOTEMPTY: "目录不是空的",
    errno.EINVAL: "参数或文件名无效",
    errno.ENXIO: "设备不存在或未就绪",
    errno.EAGAIN: "资源暂时不可用，请稍后再试",
    errno.EPIPE: "管道已关闭",
    errno.ENOEXEC: "不是可执行文件",
    errno.ENOMEM: "内存不足",
}


def os_reason(exc: OSError) -> str:
    """An :class:`OSError` in Chinese, by its ``errno`` (never the English ``strerror``).

    >>> os_reason(FileExistsError(errno.EEXIST, "File exists"))
    '文件已存在'
    >>> os_reason(OSError(errno.ENAMETOOLONG, "File name too long"))
    '文件名或路径过长'
    >>> os_reason(OSError(errno.ECHILD, "No child processes"))
    '操作系统错误 ECHILD'
    """
    code = exc.errno
    if code is None:
        return "操作系统错误"
    return _OS_REASONS.get(code) or f"操作系统错误 {errno.errorcode.get(code, code)}"
