"""``make demo``: render every ``samples/*.yaml`` into ``samples/out/``.  演示。

Each sample names its kind with a top-level ``kind:`` key.  Writes .docx, and
.pdf when LibreOffice is installed.  Usage: ``python -m doctemplates.demo SAMPLES OUT``.
"""

from __future__ import annotations

import sys
from pathlib import Path

from doctemplates.assemble import data_for_kind
from doctemplates.data import KIND_KEY, data_dir, load_data
from doctemplates.errors import DocTemplatesError
from doctemplates.kinds import get_kind
from doctemplates.output import write_atomic
from doctemplates.pdf import INSTALL_HINT, PdfUnavailableError, soffice_path, to_pdf


def render_samples(samples: Path, out: Path) -> int:
    """Render all samples; returns the number of failures."""
    out.mkdir(parents=True, exist_ok=True)
    with_pdf = soffice_path() is not None
    if not with_pdf:
        print(f"未安装 LibreOffice，只生成 .docx（安装：{INSTALL_HINT}）", file=sys.stderr)
    failures = 0
    for sample in sorted(samples.glob("*.yaml")):
        try:
            data = load_data(sample)
            kind = get_kind(str(data.get(KIND_KEY, "document")))
            with data_dir(sample.parent):
                model = kind.validate(data_for_kind(kind, data))
            docx = kind.render(model)
            written = [write_atomic(out / f"{sample.stem}.docx", docx, overwrite=True)]
            if with_pdf:
                written.append(
                    write_atomic(out / f"{sample.stem}.pdf", to_pdf(docx), overwrite=True)
                )
        except PdfUnavailableError as exc:
            print(exc.describe(), file=sys.stderr)
        except DocTemplatesError as exc:
            failures += 1
            print(f"{sample.name}: {exc.describe()}", file=sys.stderr)
            continue
        print("已生成 " + "、".join(str(p) for p in written))
    return failures


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    samples, out = (
        (Path(args[0]), Path(args[1])) if len(args) == 2 else (Path("samples"), Path("samples/out"))
    )
    return 1 if render_samples(samples, out) else 0


if __name__ == "__main__":
    sys.exit(main())
