"""Response models of the service (they make the OpenAPI document).  服务的响应模型。"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

__all__ = [
    "CheckReport",
    "Finding",
    "Health",
    "KindInfo",
    "KindList",
    "LintReport",
    "Location",
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


class Location(BaseModel):
    """Where a finding is (doctemplates.findings.Location).  位置。"""

    model_config = ConfigDict(title="位置")

    page: int | None = Field(default=None, title="页码", description="从 1 起（PDF）")
    paragraph: int | None = Field(default=None, title="段落序号", description="从 0 起")
    text: str | None = Field(default=None, title="段落文字")
    element: str | None = Field(default=None, title="要素", description="如 版记、奇数页页脚")
    part: str | None = Field(
        default=None, title="部件", description="模板或文档的部件，如 word/header2.xml"
    )
    tag: str | None = Field(default=None, title="标签", description="模板标签，如 {{ title }}")
    display: str = Field(
        title="位置说明", description="如“第2页”“第4段「一、总体要求」”“页眉1「…」标签 {{ a }}”"
    )


class Finding(BaseModel):
    """One finding of check or lint (doctemplates.findings.Finding).  一条检查结果。"""

    model_config = ConfigDict(title="检查结果")

    rule: str = Field(title="规则", description="规则代码，如 style-fonts、split-tag")
    clause: str = Field(
        title="条款", description="GB/T 9704-2012 条款，如 §7.3.5；与国标条款无关的模板问题为空"
    )
    severity: Literal["error", "warning", "info"] = Field(
        title="严重程度", description="error 错误、warning 警告、info 已自动修复（仅模板检查）"
    )
    message: str = Field(title="说明", description="中文说明（含修改建议）")
    location: Location = Field(title="位置")
    expected: str | None = Field(default=None, title="应为")
    actual: str | None = Field(default=None, title="实为")


class CheckReport(BaseModel):
    """Findings of ``check``.  格式检查报告。"""

    model_config = ConfigDict(title="检查报告")

    file_type: Literal["docx", "pdf"] = Field(title="文件类型")
    errors: int = Field(title="错误数")
    warnings: int = Field(title="警告数")
    infos: int = Field(title="已自动修复数")
    findings: list[Finding] = Field(title="检查结果")


class LintReport(BaseModel):
    """Findings of ``lint``.  模板检查报告。"""

    model_config = ConfigDict(title="模板检查报告")

    errors: int = Field(title="错误数")
    warnings: int = Field(title="警告数")
    infos: int = Field(title="已自动修复数")
    findings: list[Finding] = Field(title="检查结果")


class Health(BaseModel):
    model_config = ConfigDict(title="存活")

    status: Literal["ok"] = Field(title="状态")


class Ready(BaseModel):
    model_config = ConfigDict(title="就绪")

    status: Literal["ready", "starting", "unavailable"] = Field(title="状态")
    pdf_workers: int = Field(title="PDF 转换进程数", description="已启动的 LibreOffice 进程数")
    pdf_mode: str = Field(title="转换方式", description="uno（常驻进程）、oneshot 或 none")
    message: str = Field(default="", title="说明")
