"""Documents for the OFD tests: every shipped sample, a sealed and a watermarked notice.

Rendered once per session through the project's PDF pipeline (skipped with a
reason when LibreOffice is not installed).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from doctemplates.assemble import data_for_kind
from doctemplates.data import KIND_KEY, data_dir, load_data
from doctemplates.kinds import get_kind
from doctemplates.ofd import OfdMetadata, metadata_for_kind
from doctemplates.pdf import ConverterPool, PdfOptions, convert, soffice_path
from tests.layout.test_seal import red_disc_png

SAMPLES = Path(__file__).resolve().parents[2] / "samples"
SAMPLE_NAMES = sorted(p.stem for p in SAMPLES.glob("*.yaml"))


@dataclass(frozen=True)
class Doc:
    name: str
    docx: bytes
    pdf: bytes
    metadata: OfdMetadata
    families: dict[str, str]


@pytest.fixture(scope="session")
def ofd_pool() -> Iterator[ConverterPool]:
    if soffice_path() is None:
        pytest.skip("LibreOffice (soffice) is not installed")
    with ConverterPool(size=2, timeout=120) as pool:
        pool.start()
        yield pool


def _model(name: str) -> tuple[object, object]:
    sample = SAMPLES / f"{name}.yaml"
    data = load_data(sample)
    kind = get_kind(str(data.get(KIND_KEY, "document")))
    with data_dir(sample.parent):
        return kind, kind.validate(data_for_kind(kind, data))


def _doc(pool: ConverterPool, name: str, kind: object, model: object, **options: object) -> Doc:
    from doctemplates.ofd.convert import pdf_families

    docx = kind.render(model)  # type: ignore[attr-defined]
    result = convert(docx, PdfOptions(**options), pool=pool)  # type: ignore[arg-type]
    return Doc(
        name, result.docx, result.pdf, metadata_for_kind(kind, model), pdf_families(result.fonts)
    )


@pytest.fixture(scope="session")
def samples(ofd_pool: ConverterPool) -> dict[str, Doc]:
    """Every ``samples/*.yaml`` as .docx + PDF (the PDF ``make demo`` writes)."""
    docs = {}
    for name in SAMPLE_NAMES:
        kind, model = _model(name)
        docs[name] = _doc(ofd_pool, name, kind, model)
    return docs


@pytest.fixture(scope="session")
def variants(ofd_pool: ConverterPool, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Doc]:
    """Documents with a seal picture (印章) and with a diagonal watermark (水印)."""
    folder = tmp_path_factory.mktemp("seal")
    (folder / "seal.png").write_bytes(red_disc_png())
    kind, model = _model("notice")
    sealed = model.model_copy(  # type: ignore[attr-defined]
        update={
            "signature": model.signature.model_copy(  # type: ignore[attr-defined]
                update={"seal_mode": "seal", "seal_image": str(folder / "seal.png")}
            )
        }
    )
    letter_kind, letter = _model("letter")
    return {
        "sealed": _doc(ofd_pool, "sealed", kind, sealed),
        "watermark": _doc(ofd_pool, "watermark", letter_kind, letter, watermark="征求意见稿"),
    }
