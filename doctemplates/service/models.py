"""Response models of the service (they make the OpenAPI document).  服务的响应模型。"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

__all__ = [
    "CheckFinding",
    "CheckReport",
    "Health",
    "KindInfo",
    "KindList",
    "LintFinding",
    "LintReport",
    "Notice",
    "Ready",
    "Validation",
]


class KindInfo(BaseModel):
    """One document kind.  一个文种。"""

    model_config = ConfigDict(title="文种")

    name: str = Field(title="名称", description="英文名，用在地址中，如 plan", examples=["plan"])
    title: str = Field(title="中文名", examples=["工作实施方案"])
    description: str = Field(title="说明")
    aliases: list[str] = Field(title="别名", description="也可用于地址的中文名称")
    schema_url: str = Field(title="数据结构地址", description="该文种数据的 JSON Schema")
    render_url: str = Field(title="生成地址")


class KindList(BaseModel):
    """All kinds of this service.  全部文种。"""

    model_config = ConfigDict(title="文种列表")

    kinds: list[KindInfo] = Field(title="文种")


class Notice(BaseModel):
    """A notice about valid data (提示，不阻止生成)."""

    model_config = ConfigDict(title="提示")

    path: str = Field(title="字段路径", description="提示所针对的字段，整份数据为空字符串")
    message: str = Field(title="说明")


class Validation(BaseModel):
    """Data that passed validation.  校验通过。"""

    model_config = ConfigDict(title="校验结果")

    valid: Literal[True] = Field(title="有效")
    notices: list[Notice] = Field(title="提示", description="数据有效但需要提醒的事项")


class CheckLocation(BaseModel):
    model_config = ConfigDict(title="位置")

    page: int | None = Field(default=None, title="页码")
    paragraph: int | None = Field(default=None, title="段落序号", description="从 0 起")
    text: str | None = Field(default=None, title="段落文字")
    element: str | None = Field(default=None, title="要素")
    display: str = Field(title="位置说明", description="如“第2页”“第4段「一、总体要求」”")


class CheckFinding(BaseModel):
    """One GB/T 9704 finding.  一条检查结果。"""

    model_config = ConfigDict(title="检查结果")

    rule: str = Field(title="规则", description="规则代码")
    clause: str = Field(title="条款", description="GB/T 9704-2012 条款，如 7.3.5")
    severity: Literal["error", "warning"] = Field(title="严重程度")
    message: str = Field(title="说明")
    location: CheckLocation = Field(title="位置")
    expected: str | None = Field(default=None, title="应为")
    actual: str | None = Field(default=None, title="实为")


class CheckReport(BaseModel):
    """Findings of ``check``.  格式检查报告。"""

    model_config = ConfigDict(title="检查报告")

    file_type: Literal["docx", "pdf"] = Field(title="文件类型")
    errors: int = Field(title="错误数")
    warnings: int = Field(title="警告数")
    findings: list[CheckFinding] = Field(title="检查结果")


class LintFinding(BaseModel):
    """One template finding.  一条模板检查结果。"""

    model_config = ConfigDict(title="模板检查结果")

    code: str = Field(title="代码", description="如 split-tag")
    severity: str = Field(title="严重程度", description="error、warning 或 info")
    part: str = Field(title="部件", description="如 word/header2.xml")
    where: str = Field(title="部件名称", description="如 页眉2")
    message: str = Field(title="说明", description="中文说明（含修改建议）")
    paragraph: str = Field(title="段落文字")
    tag: str = Field(title="标签")


class LintReport(BaseModel):
    """Findings of ``lint``.  模板检查报告。"""

    model_config = ConfigDict(title="模板检查报告")

    errors: int = Field(title="错误数")
    findings: list[LintFinding] = Field(title="检查结果")


class Health(BaseModel):
    model_config = ConfigDict(title="存活")

    status: Literal["ok"] = Field(title="状态")


class Ready(BaseModel):
    model_config = ConfigDict(title="就绪")

    status: Literal["ready", "starting", "unavailable"] = Field(title="状态")
    pdf_workers: int = Field(title="PDF 转换进程数", description="已启动的 LibreOffice 进程数")
    pdf_mode: str = Field(title="转换方式", description="uno（常驻进程）、oneshot 或 none")
    message: str = Field(default="", title="说明")
