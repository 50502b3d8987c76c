"""Fictional sample contexts for the layout tests (示例数据)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from doctemplates.context import DocumentContext
from doctemplates.fieldnames import with_chinese_names
from doctemplates.layout import build_template, fit_mark
from doctemplates.layout.textwidth import date_width_twips
from doctemplates.render import Template

__all__ = ["body_items", "context", "render"]

_SENTENCE = (
    "示例市科学技术局围绕创新驱动发展战略，持续优化科技服务体系，"
    "推动产学研深度融合，为全市高质量发展提供有力支撑。"
)


def body_items(paragraphs: int = 6, *, headings: bool = True) -> list[dict[str, Any]]:
    """A numbered body: headings of four levels, run-in headings and plain text."""
    items: list[dict[str, Any]] = []
    if headings:
        items.append(_h(1, "一、", "总体要求"))
    for i in range(paragraphs):
        items.append(_p(_SENTENCE * (1 + i % 3)))
        if headings and i == 1:
            items.append(_h(2, "（一）", "强化组织领导"))
        if headings and i == 2:
            items.append(
                {
                    "kind": "runin",
                    "level": 3,
                    "label": "1.",
                    "heading": "明确责任分工。",
                    "text": _SENTENCE,
                }
            )
            items.append(
                {
                    "kind": "runin",
                    "level": 4,
                    "label": "（1）",
                    "heading": "细化工作措施。",
                    "text": _SENTENCE,
                }
            )
    return items


def _h(level: int, label: str, heading: str) -> dict[str, Any]:
    return {"kind": "heading", "level": level, "label": label, "heading": heading, "text": ""}


def _p(text: str) -> dict[str, Any]:
    return {"kind": "paragraph", "level": 0, "label": "", "heading": "", "text": text}


def context(
    *,
    organs: tuple[str, ...] = ("示例市科学技术局",),
    paragraphs: int = 6,
    signers: tuple[str, ...] = (),
    copy_number: str | None = "000001",
    classification: str | None = "机密★1年",
    urgency: str | None = "特急",
    mode: str = "seal",
    attachments: int = 2,
    annexes: int = 0,
    record: bool = True,
    **extra: Any,
) -> dict[str, Any]:
    """A complete context; keyword arguments vary the parts the tests measure."""
    fit = fit_mark(max(organs, key=len), suffix="文件")
    ctx: dict[str, Any] = {
        "header": {
            "copy_number": copy_number,
            "classification": classification,
            "urgency": urgency,
            "organs": list(organs),
            "mark_suffix": "文件",
            "mark_size": fit.size_pt,
            "mark_scale": fit.scale_pct,
            "doc_number": "示科发〔2026〕3号",
            "signers": list(signers),
        },
        "title": "示例市科学技术局关于开展2026年度科技创新示范项目申报工作的通知",
        "subtitle": None,
        "speaker": None,
        "speech_date": None,
        "recipients": "各区科技局、各有关单位：",
        "body": body_items(paragraphs),
        "attachments": [
            {"index": i + 1, "title": f"示范项目申报书样式{'及填写说明' * (i + 1)}"}
            for i in range(attachments)
        ],
        "signature": {
            "mode": mode,
            "names": ["示例市科学技术局"],
            "date": "2026年11月23日",
            "date_width": date_width_twips("2026年11月23日"),
            "signer_title": "局长" if mode == "stamp" else None,
            "seal": None,
        },
        "note": "联系人：张明，联系电话：12345678",
        "annexes": [
            {
                "index": i + 1,
                "label": "附件" if attachments == 1 else f"附件{i + 1}",
                "title": f"示范项目申报书样式{'及填写说明' * (i + 1)}",
                "body": body_items(2, headings=False),
            }
            for i in range(annexes)
        ],
        "record": {
            "cc": "市政协提案委，市政府督查室",
            "printer": "示例市科学技术局办公室",
            "print_date": "2026年11月23日",
        }
        if record
        else None,
        "meta": {
            "title": "示例市科学技术局关于开展2026年度科技创新示范项目申报工作的通知",
            "author": "示例市科学技术局",
            "subject": "通知",
            "date": "2026-11-23",
            "created": "2026-11-23T00:00:00Z",
        },
    }
    ctx.update(extra)
    return ctx


def render(fmt: str, ctx: dict[str, Any], out: Path) -> Path:
    """Render the built template for ``fmt`` with the project's renderer into ``out`` (.docx)."""
    # the shipped pieces use the Chinese names (fieldnames): a kind's render adds them
    named = with_chinese_names(ctx, DocumentContext)
    return Template.load(build_template(fmt)).render_to(out, named, overwrite=True)
