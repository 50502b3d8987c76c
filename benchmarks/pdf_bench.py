"""PDF conversion: cold soffice vs the warm pool vs LibreOffice's own batch.  PDF 性能基准。

N four-page CJK documents (built here with python-docx), converted

  (a) cold: one ``soffice --convert-to pdf`` per document, each with a fresh profile
      (what the project did before the pool);
  (b) warm pool: :func:`doctemplates.pdf.to_pdf_many` on a started
      :class:`~doctemplates.pdf.ConverterPool` of 2 workers (font report included);
  (c) LibreOffice's single-call batch: ``soffice --convert-to pdf a.docx b.docx …``.

Prints docs/s for each, the pool's start-up time, the warm single-document
latency (median of 15), and as the last line ``speedup: N.N×`` (pool over cold).

(d) The cost of the text verification every conversion runs (issue 12): for the
rendered samples (samples/*.yaml, all kinds and formats) and the N bench documents,
the time of :func:`doctemplates.pdf.compare_text` against the time of the conversion
with verification off (medians of ``--repeat`` runs), and the whole warm batch with
verification on and off.  The share must stay under 10 %.

Usage: python benchmarks/pdf_bench.py [--count 50] [--cold-count 50] [--workers 2] [--repeat 5]
"""

from __future__ import annotations

import argparse
import io
import statistics
import sys
import tempfile
import time
from pathlib import Path

import docx
from docx.enum.text import WD_BREAK
from docx.oxml.ns import qn
from docx.shared import Pt
from pypdf import PdfReader

from doctemplates.pdf import (
    ConverterPool,
    PdfOptions,
    compare_text,
    convert,
    convert_many,
    to_pdf,
    to_pdf_many,
)
from doctemplates.pdf._soffice import convert_many_oneshot, convert_oneshot

SAMPLES = Path(__file__).resolve().parent.parent / "samples"
UNVERIFIED = PdfOptions(verify_text=False)

_SENTENCE = (
    "为深入推进科技创新工作，进一步提升服务企业和基层的能力与水平，"
    "现就有关事项通知如下，请结合实际认真贯彻落实。"
)


def build_document(number: int, pages: int = 4) -> bytes:
    """A ``pages``-page document: 黑体 headings, 仿宋_GB2312 三号 body."""
    document = docx.Document()
    for page in range(pages):
        heading = document.add_paragraph().add_run(f"{'一二三四五六七八'[page]}、第{number}号文件")
        _face(heading, "黑体")
        for _ in range(5):
            run = document.add_paragraph().add_run(_SENTENCE * 2)
            _face(run, "仿宋_GB2312")
        if page + 1 < pages:
            run.add_break(WD_BREAK.PAGE)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _face(run, face: str) -> None:
    run.font.name = face
    run.font.size = Pt(16)
    run._element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), face)


def _pages(pdf: bytes) -> int:
    return len(PdfReader(io.BytesIO(pdf)).pages)


def bench_cold(docs: list[bytes], env: dict[str, str]) -> float:
    start = time.perf_counter()
    for data in docs:
        convert_oneshot(data, env=env, timeout=300)
    return time.perf_counter() - start


def bench_batch(docs: list[bytes], env: dict[str, str]) -> float:
    with tempfile.TemporaryDirectory(prefix="pdf-bench-") as tmp:
        sources = []
        for i, data in enumerate(docs):
            path = Path(tmp) / f"doc{i:03d}.docx"
            path.write_bytes(data)
            sources.append(path)
        out = Path(tmp) / "out"
        out.mkdir()
        start = time.perf_counter()
        convert_many_oneshot(sources, out, env=env, timeout=1800)
        return time.perf_counter() - start


def bench_pool(docs: list[bytes], pool: ConverterPool) -> float:
    start = time.perf_counter()
    pdfs = to_pdf_many(docs, pool=pool)
    elapsed = time.perf_counter() - start
    assert all(_pages(p) == 4 for p in pdfs), "every document must give 4 pages"
    return elapsed


def sample_documents() -> list[tuple[str, bytes]]:
    """Every samples/*.yaml rendered by its kind (name, .docx)."""
    from doctemplates.assemble import data_for_kind
    from doctemplates.data import data_dir, load_data
    from doctemplates.kinds import get_kind

    out = []
    for path in sorted(SAMPLES.glob("*.yaml")):
        data = load_data(path)
        kind = get_kind(str(data.get("kind", "document")))
        with data_dir(path.parent):
            out.append((path.stem, kind.render(kind.validate(data_for_kind(kind, data)))))
    return out


def verification_cost(
    documents: list[tuple[str, bytes]], pool: ConverterPool, repeat: int
) -> tuple[float, float]:
    """Per document: median conversion (verification off) and median verification, seconds."""
    total_convert = total_verify = 0.0
    for name, docx_bytes in documents:
        result = convert(docx_bytes, UNVERIFIED, pool=pool)
        conversions, checks = [], []
        for _ in range(repeat):
            start = time.perf_counter()
            result = convert(docx_bytes, UNVERIFIED, pool=pool)
            conversions.append(time.perf_counter() - start)
            start = time.perf_counter()
            assert compare_text(result.docx, result.pdf).ok, name
            checks.append(time.perf_counter() - start)
        c, v = statistics.median(conversions), statistics.median(checks)
        total_convert, total_verify = total_convert + c, total_verify + v
        print(
            f"    {name:<18} {result.pages:2d} pages  convert {c * 1000:6.0f} ms"
            f"  verify {v * 1000:5.1f} ms  ({v / c:5.1%})"
        )
    return total_convert, total_verify


def batch_with_and_without(
    docs: list[bytes], pool: ConverterPool, rounds: int = 2
) -> tuple[float, float]:
    """Wall time of the warm batch with verification on and off (alternating, best of rounds)."""
    times: dict[bool, list[float]] = {True: [], False: []}
    for _ in range(rounds):
        for verify in (False, True):
            start = time.perf_counter()
            convert_many(docs, PdfOptions(verify_text=verify), pool=pool)
            times[verify].append(time.perf_counter() - start)
    return min(times[True]), min(times[False])


def latency(doc: bytes, pool: ConverterPool, runs: int = 15) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        to_pdf(doc, pool=pool)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=50)
    parser.add_argument("--cold-count", type=int, default=None, help="documents for (a)")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--repeat", type=int, default=5, help="runs per document for (d)")
    args = parser.parse_args(argv)
    docs = [build_document(i + 1) for i in range(args.count)]
    cold_docs = docs[: args.cold_count or args.count]
    start = time.perf_counter()
    pool = ConverterPool(size=args.workers).start()
    startup = time.perf_counter() - start
    print(f"mode: {pool.mode}, workers: {pool.size}, documents: {len(docs)} × 4 pages")
    with pool:
        to_pdf(docs[0], pool=pool)  # first document warms caches
        warm = bench_pool(docs, pool)
        single = latency(docs[0], pool)
        env = pool.env
        print("(d) text verification, samples (median of --repeat runs):")
        samples = sample_documents()
        s_convert, s_verify = verification_cost(samples, pool, args.repeat)
        print("    bench documents (4 pages each), first 10:")
        b_convert, b_verify = verification_cost(
            [(f"bench-{i + 1}", d) for i, d in enumerate(docs[:10])], pool, args.repeat
        )
        batch_on, batch_off = batch_with_and_without(docs, pool)
    batch = bench_batch(docs, env)
    cold = bench_cold(cold_docs, env)
    rate = {
        "cold": len(cold_docs) / cold,
        "pool": len(docs) / warm,
        "batch": len(docs) / batch,
    }
    print(
        f"(a) cold soffice per document : {rate['cold']:6.2f} docs/s ({cold:.1f} s, {len(cold_docs)} docs)"
    )
    print(
        f"(b) warm pool ({pool.size} workers)      : {rate['pool']:6.2f} docs/s ({warm:.1f} s; start-up {startup:.1f} s)"
    )
    print(f"(c) soffice single-call batch : {rate['batch']:6.2f} docs/s ({batch:.1f} s)")
    print(f"warm single-document latency : {single:.3f} s (median of 15)")
    print(f"pool / batch: {rate['pool'] / rate['batch']:.2f}×")
    print(
        f"verification / conversion: samples {s_verify / s_convert:.1%}"
        f" ({s_verify * 1000 / len(samples):.1f} ms per document),"
        f" bench documents {b_verify / b_convert:.1%};"
        f" batch of {len(docs)} with / without: {batch_on:.1f} s / {batch_off:.1f} s"
        f" (+{batch_on / batch_off - 1:.1%})"
    )
    print(f"speedup: {rate['pool'] / rate['cold']:.1f}×")
    return 0


if __name__ == "__main__":
    sys.exit(main())
