"""Office-suite round trip: every shipped template saved by LibreOffice still lints clean
and renders the same text as the original (issue: templates that staff can edit)."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from doctemplates.context import DocumentContext
from doctemplates.kinds import FORMAT_TEMPLATES, available_kinds, template_resource
from doctemplates.lint import lint_template
from doctemplates.render import Template
from tests.docxbuild import open_docx
from tests.layout.contexts import context

pytestmark = pytest.mark.skipif(
    shutil.which("soffice") is None, reason="LibreOffice (soffice) 未安装"
)
SAMPLES = Path(__file__).resolve().parent.parent / "samples"


def _shipped() -> dict[str, tuple[Path, dict, type | None]]:
    """Template path, a context and the context type of every shipped template."""
    shipped = {
        f"document-{fmt}": (template_resource("doctemplates", name), context(), DocumentContext)
        for fmt, name in FORMAT_TEMPLATES.items()
    }
    for kind in available_kinds().values():
        sample = SAMPLES / f"{kind.name}.yaml"
        if kind.name == "document" or kind.default_template is None or not sample.exists():
            continue
        from doctemplates.cli import data_for_kind
        from doctemplates.data import data_dir, load_data

        with data_dir(sample.parent):
            ctx = kind.context(data_for_kind(kind, load_data(sample)))
        shipped[kind.name] = (kind.default_template, ctx, kind.context_type)
    return shipped


SHIPPED = _shipped()


@pytest.fixture(scope="module")
def saved(tmp_path_factory: pytest.TempPathFactory) -> dict[str, bytes]:
    """Each template opened and saved as .docx by LibreOffice (one soffice call)."""
    work = tmp_path_factory.mktemp("roundtrip")
    for name, (path, _, _) in SHIPPED.items():
        shutil.copy(path, work / f"{name}.docx")
    out = work / "out"
    subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation={(work / 'profile').as_uri()}",
            "--headless",
            "--norestore",
            "--convert-to",
            "docx:MS Word 2007 XML",
            "--outdir",
            str(out),
            *sorted(str(p) for p in work.glob("*.docx")),
        ],
        check=True,
        capture_output=True,
        timeout=300,
    )
    return {name: (out / f"{name}.docx").read_bytes() for name in SHIPPED}


def _texts(data: bytes) -> list[str]:
    document = open_docx(data)
    texts = [p.text for p in document.paragraphs]
    texts += [c.text for t in document.tables for row in t.rows for c in row.cells]
    for section in document.sections:
        for part in (
            section.header,
            section.footer,
            section.even_page_header,
            section.even_page_footer,
            section.first_page_header,
            section.first_page_footer,
        ):
            texts += [p.text for p in part.paragraphs]
    # PAGE fields keep the office suite's cached result; Word/LibreOffice recompute them.
    return [re.sub(r"— \d+ —", "— N —", t) for t in texts]


@pytest.mark.parametrize("name", sorted(SHIPPED))
def test_shipped_template_lints_clean(name: str) -> None:
    path, _, context_type = SHIPPED[name]
    problems = [
        f
        for f in lint_template(path.read_bytes(), context_type=context_type)
        if f.severity != "info"
    ]
    assert problems == []


@pytest.mark.parametrize("name", sorted(SHIPPED))
def test_round_trip_lints_clean_and_renders_same_text(name: str, saved: dict[str, bytes]) -> None:
    path, ctx, context_type = SHIPPED[name]
    problems = [
        f for f in lint_template(saved[name], context_type=context_type) if f.severity != "info"
    ]
    assert problems == []
    assert _texts(Template.load(saved[name]).render(ctx)) == _texts(Template.load(path).render(ctx))
