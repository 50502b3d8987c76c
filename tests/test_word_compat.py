"""Word compatibility: every .docx we ship or write validates against ISO/IEC 29500.

Validator: ``openxml-audit`` (PyPI), a pure-Python port of the Open XML SDK's
validation (schema, semantic and package checks) plus the cases where Word
repairs a file the SDK accepts (``SourceClass.WORD_APP_COMPAT``, verdict
``repair-or-rewrite-likely``).  A document passes with 0 errors, no Word
app-compat finding of any severity, and the verdict ``opens-clean``.

Covered (issue 12): every shipped template, every sample output, and every
output of each shipped template after LibreOffice opened and saved it (the
office-suite artefacts are removed at load by :mod:`doctemplates.render.normalize`).
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest

from doctemplates.assemble import data_for_kind
from doctemplates.data import KIND_KEY, data_dir, load_data
from doctemplates.kinds import FORMAT_TEMPLATES, Kind, get_kind, template_resource
from doctemplates.render import Template
from tests.officesave import saved_by_libreoffice as office_save
from tests.wordcompat import AUDIT_MISSING, word_findings

audit = pytest.importorskip("openxml_audit", reason=AUDIT_MISSING)

SAMPLES = Path(__file__).resolve().parent.parent / "samples"
SAMPLE_FILES = sorted(SAMPLES.glob("*.yaml"))


@pytest.fixture(scope="module")
def validator() -> Any:
    return audit.OpenXmlValidator(max_errors=0)


def _shipped_templates() -> dict[str, Path]:
    shipped = {
        f"document-{fmt}": template_resource("doctemplates", name)
        for fmt, name in FORMAT_TEMPLATES.items()
    }
    for path in sorted(template_resource("pingyi_docs", "").glob("*.docx")):
        shipped[path.stem] = path
    return shipped


SHIPPED = _shipped_templates()


def _sample(path: Path) -> tuple[Kind, Any]:
    data = load_data(path)
    kind = get_kind(str(data.get(KIND_KEY, "document")))
    with data_dir(path.parent):
        return kind, kind.validate(data_for_kind(kind, data))


def _without_kind(data: dict[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in data.items() if key != KIND_KEY}


def _uses() -> dict[str, tuple[Kind, Any]]:
    """A (kind, validated data) that renders each shipped template, from the samples."""
    uses: dict[str, tuple[Kind, Any]] = {}
    for path in SAMPLE_FILES:
        kind, model = _sample(path)
        uses.setdefault(kind.template(model).stem, (kind, model))
    reply = get_kind("proposal-reply")  # its 文件 variant (the sample is a 信函)
    with data_dir(SAMPLES):
        model = reply.validate(
            {**_without_kind(load_data(SAMPLES / "proposal-reply.yaml")), "format": "文件"}
        )
    uses.setdefault(reply.template(model).stem, (reply, model))
    notice = load_data(SAMPLES / "notice.yaml")
    document = get_kind("document")
    for fmt, name in FORMAT_TEMPLATES.items():
        data = _without_kind(notice)
        if fmt == "纪要":
            data["attendance"] = [{"label": "出席", "names": ["张三", "李四"]}]
        if fmt == "命令":  # a 令 has its own data: 令号, no 份号 lines (samples/order.yaml)
            data = _without_kind(load_data(SAMPLES / "order.yaml"))
        uses.setdefault(Path(name).stem, (document, document.validate({**data, "format": fmt})))
    return {name: uses[path.stem] for name, path in SHIPPED.items() if path.stem in uses}


USES = _uses()


def test_every_shipped_template_has_a_use() -> None:
    assert set(USES) == set(SHIPPED)


@pytest.mark.parametrize("name", sorted(SHIPPED))
def test_shipped_template_is_valid(validator: Any, name: str, tmp_path: Path) -> None:
    data = SHIPPED[name].read_bytes()
    assert word_findings(validator, data, tmp_path / f"{name}.docx") == []


@pytest.mark.parametrize("sample", SAMPLE_FILES, ids=lambda p: p.stem)
def test_sample_output_is_valid(validator: Any, sample: Path, tmp_path: Path) -> None:
    kind, model = _sample(sample)
    data = kind.render(model)
    assert word_findings(validator, data, tmp_path / f"{sample.stem}.docx") == []


@pytest.fixture(scope="module", name="saved_by_libreoffice")
def _saved(tmp_path_factory: pytest.TempPathFactory) -> dict[str, bytes]:
    """Each shipped template opened and saved as .docx by LibreOffice (one soffice call)."""
    if shutil.which("soffice") is None:
        pytest.skip("LibreOffice (soffice) 未安装")
    work = tmp_path_factory.mktemp("word-compat")
    return office_save(SHIPPED, work)


@pytest.mark.pdf
@pytest.mark.parametrize("name", sorted(SHIPPED))
def test_output_of_template_saved_by_libreoffice_is_valid(
    validator: Any, saved_by_libreoffice: dict[str, bytes], name: str, tmp_path: Path
) -> None:
    kind, model = USES[name]
    template = Template.load(saved_by_libreoffice[name])
    data = kind.render(model, template=template)
    assert word_findings(validator, data, tmp_path / f"{name}.docx") == []
