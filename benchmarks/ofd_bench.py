"""OFD conversion next to PDF conversion, same run.  OFD 性能基准。

For each four-page document — the shipped samples that have four pages (real
公文 with red header, 版记, tables) and N synthetic four-page documents
(``pdf_bench.build_document``: 黑体 headings, 三号仿宋 body) — measures

  (a) PDF: :func:`doctemplates.pdf.convert` of the .docx on a warm pool of 2
      workers, one document at a time (what ``render --pdf`` does after start-up);
  (b) OFD: :func:`doctemplates.ofd.to_ofd` of the PDF from (a), in this process.

Prints the best of ``--repeat`` runs of each per document (the machine is shared:
the minimum is the least disturbed figure, taken the same way for both), the
ratio (b)/(a) — the share OFD adds to a ``--pdf`` conversion; goal ≤ 20 % — and
the OFD time per page.  Then the
whole command line, ``render --pdf`` against ``render --pdf --ofd`` (fresh
processes, wall clock, median of ``--cli-runs``).

Usage: python benchmarks/ofd_bench.py [--count 10] [--repeat 3] [--cli-runs 3]
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from pdf_bench import build_document  # noqa: E402

from doctemplates.assemble import data_for_kind  # noqa: E402
from doctemplates.data import KIND_KEY, data_dir, load_data  # noqa: E402
from doctemplates.kinds import get_kind  # noqa: E402
from doctemplates.ofd import OfdMetadata, metadata_for_kind, to_ofd, type1  # noqa: E402
from doctemplates.pdf import ConverterPool, convert  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "samples"


def _samples() -> list[tuple[str, bytes, OfdMetadata]]:
    docs = []
    for sample in sorted(SAMPLES.glob("*.yaml")):
        data = load_data(sample)
        kind = get_kind(str(data.get(KIND_KEY, "document")))
        with data_dir(sample.parent):
            model = kind.validate(data_for_kind(kind, data))
        docs.append((sample.stem, kind.render(model), metadata_for_kind(kind, model)))
    return docs


def _time(fn: object, repeat: int) -> tuple[float, object]:
    times, result = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        result = fn()  # type: ignore[operator]
        times.append(time.perf_counter() - start)
    return min(times), result  # best of ``repeat``: other jobs share the cores


def measure(
    pool: ConverterPool, name: str, docx: bytes, meta: OfdMetadata, repeat: int
) -> dict[str, float]:
    """Best PDF and OFD time; ``cold``: the OFD with an empty glyph cache (a first document)."""
    pdf_s, result = _time(lambda: convert(docx, pool=pool), repeat)
    pdf = result.pdf  # type: ignore[attr-defined]

    def cold() -> bytes:
        type1.CACHE.clear()
        return to_ofd(pdf, meta)

    cold_s, _ = _time(cold, repeat)
    ofd_s, _ = _time(lambda: to_ofd(pdf, meta), repeat)
    return {"pages": result.pages, "pdf": pdf_s, "ofd": ofd_s, "cold": cold_s}  # type: ignore[attr-defined]


def cli(args: list[str], runs: int) -> float:
    times = []
    with tempfile.TemporaryDirectory() as tmp:
        for run in range(runs):
            out = Path(tmp) / f"r{run}-{len(args)}.docx"
            start = time.perf_counter()
            done = subprocess.run(
                [sys.executable, "-m", "doctemplates", "render", "document", str(SAMPLES / "notice.yaml"), "-o", str(out), *args],
                capture_output=True, text=True, check=False,
            )  # fmt: skip
            times.append(time.perf_counter() - start)
            if done.returncode:
                raise SystemExit(done.stderr)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=10, help="synthetic four-page documents")
    parser.add_argument("--repeat", type=int, default=3, help="runs per document (median)")
    parser.add_argument("--cli-runs", type=int, default=3)
    args = parser.parse_args()
    with ConverterPool(size=2, timeout=120) as pool:
        pool.start()
        convert(build_document(0), pool=pool)  # warm both the pool and this process
        to_ofd(convert(build_document(0), pool=pool).pdf)
        rows = []
        for name, docx, meta in _samples():
            row = measure(pool, name, docx, meta, args.repeat)
            if row["pages"] == 4:
                rows.append((name, row))
        for number in range(1, args.count + 1):
            rows.append(
                (
                    f"synthetic-{number}",
                    measure(pool, "synthetic", build_document(number), OfdMetadata(), args.repeat),
                )
            )
    print(
        f"{'document':<20}{'pages':>6}{'PDF s':>8}{'OFD s':>8}{'cold s':>8}{'OFD/PDF':>9}{'cold/PDF':>9}{'ms/page':>9}"
    )
    for name, row in rows:
        print(
            f"{name:<20}{row['pages']:>6.0f}{row['pdf']:>8.3f}{row['ofd']:>8.3f}{row['cold']:>8.3f}"
            f"{row['ofd'] / row['pdf']:>9.0%}{row['cold'] / row['pdf']:>9.0%}{row['ofd'] * 1000 / row['pages']:>9.1f}"
        )
    real = [r for n, r in rows if not n.startswith("synthetic")]
    synthetic = [r for n, r in rows if n.startswith("synthetic")]
    for label, group in (("samples (4 pages)", real), ("synthetic (4 pages)", synthetic)):
        if group:
            pdf = statistics.median(r["pdf"] for r in group)
            ofd = statistics.median(r["ofd"] for r in group)
            cold = statistics.median(r["cold"] for r in group)
            print(
                f"{label}: PDF {pdf:.3f} s, OFD {ofd:.3f} s per document → OFD adds {ofd / pdf:.0%}"
                f" (first document, empty glyph cache: {cold:.3f} s, {cold / pdf:.0%})"
            )
    plain = cli(["--pdf"], args.cli_runs)
    both = cli(["--pdf", "--ofd"], args.cli_runs)
    print(
        f"render --pdf: {plain:.2f} s; render --pdf --ofd: {both:.2f} s (+{both / plain - 1:.0%}), notice (6 pages)"
    )


if __name__ == "__main__":
    main()
