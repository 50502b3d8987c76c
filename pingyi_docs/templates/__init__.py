"""The 评议 kinds' own templates (各文种模板) and their generator.

Each kind composes its template from the engine's layout pieces with a
:class:`~doctemplates.layout.TemplateSpec` (``template_spec()`` in the kind's
module): same page, styles, 版头, footers, 署名 and 版记 as the generic
templates, plus the kind's fixed wording as text and its fields as tags.

``python -m pingyi_docs.templates build [OUTDIR]`` rewrites the .docx files
(default: this folder); the bytes are the same on every run.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

__all__ = ["build", "main", "template_specs"]


def template_specs() -> dict[str, Callable[[], Any]]:
    """File name → the function returning that template's TemplateSpec."""
    from pingyi_docs import opinion, plan, proposal_reply, proposal_summary, rectification, speech

    reply = proposal_reply.TEMPLATE_FILES
    return {
        speech.TEMPLATE_FILE: speech.template_spec,
        plan.TEMPLATE_FILE: plan.template_spec,
        reply["信函"]: lambda: proposal_reply.template_spec("信函"),
        reply["文件"]: lambda: proposal_reply.template_spec("文件"),
        proposal_summary.TEMPLATE_FILE: proposal_summary.template_spec,
        opinion.TEMPLATE_FILE: opinion.template_spec,
        rectification.TEMPLATE_FILE: rectification.template_spec,
    }


def build(out_dir: str | Path | None = None) -> list[Path]:
    """Write every kind template into ``out_dir`` (default: this folder); returns the paths."""
    from doctemplates.layout import build_template

    target = Path(out_dir) if out_dir else Path(__file__).resolve().parent
    target.mkdir(parents=True, exist_ok=True)
    written = []
    for name, spec in template_specs().items():
        path = target / name
        tmp = path.with_suffix(".tmp")
        tmp.write_bytes(build_template(spec()))
        tmp.replace(path)
        written.append(path)
    return written


def main(argv: list[str] | None = None) -> int:
    """``python -m pingyi_docs.templates build [OUTDIR]``; returns the exit status."""
    args = sys.argv[1:] if argv is None else argv
    if not args or args[0] != "build" or len(args) > 2:
        print("用法 (usage): python -m pingyi_docs.templates build [OUTDIR]", file=sys.stderr)
        return 2
    for path in build(args[1] if len(args) == 2 else None):
        print(f"模板 → {path}")
    return 0
