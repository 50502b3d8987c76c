"""PDF at the converter's limit (issue 20 §2).  PDF 转换与 LibreOffice 自身上限之比。

The per-worker limit is what LibreOffice itself costs: a loop of load + export
run in one process by the Python that has ``uno`` (the driver's own ``_connect``
and ``_convert``, the same export options), connected to a warm worker's
``soffice`` — no JSON lines, no temporary files written per document by us, no
Python-side waits.  Beside each rate, the CPU per document of everything involved
(:func:`cpu_seconds`) and the limit's share of it: what the rate would be on cores
nobody else uses.  Against it, on the same pool, same documents, interleaved
(``--repeat`` rounds, medians):

- ``pool.convert``: bytes → the slot's work folder → the driver → bytes back;
- :func:`doctemplates.pdf.convert_many` with ``verify_text=False`` and as every
  caller gets it (verification on);
- :func:`doctemplates.pdf.convert` from k threads (one per worker: the way
  ``convert_many`` ran before issue 20).

The stages :func:`~doctemplates.pdf.convert` adds are timed one by one on one
document (the punctuation rewrite, the page rules, the font report, the text
verification, the page count).  Then the warm single-document latency (median
of 15) and, with ``--rss N``, the ``soffice.bin`` memory over N conversions
with the pool's recycling policy.

Usage: python benchmarks/pdf_limit_bench.py [--count 40] [--repeat 3] [--rss 0]
"""

from __future__ import annotations

import argparse
import io
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pdfplumber
from pdf_bench import build_document  # type: ignore[import-not-found]
from pypdf import PdfReader

from doctemplates.pdf import ConverterPool, PdfOptions, convert, convert_many
from doctemplates.pdf._pdfium import PDFIUM_LOCK
from doctemplates.pdf._worker import DRIVER  # _driver.py (it imports uno: not here)
from doctemplates.pdf.convert import _apply_rules, _finish, _page_count, _rules
from doctemplates.pdf.fontreport import font_report
from doctemplates.pdf.pdfview import forget, pdf_view
from doctemplates.pdf.punctuation import for_libreoffice
from doctemplates.pdf.signature_fit import signature_fit_report
from doctemplates.pdf.verify import verify_text

UNVERIFIED = PdfOptions(verify_text=False)

# Run by the uno Python: the driver's own functions, one loop, the time of each document.
_LOOP = """
import json, sys, time
sys.path.insert(0, {folder!r})
import _driver
desktop = _driver._connect({pipe!r}, time.monotonic() + 30)
jobs = json.loads(sys.stdin.read())
times = []
cpu = time.process_time()
for job in jobs:
    start = time.perf_counter()
    _driver._convert(desktop, job)
    times.append(time.perf_counter() - start)
print(json.dumps([times, time.process_time() - cpu]))
"""
LOOP_CPU = [0.0]  # CPU seconds of the uno loops' own loops (not their start-up)


def uno_loop(pool: ConverterPool, pipe: str, files: list[Path], out: Path) -> list[float]:
    """Load + export every file in one uno process on ``pipe``: seconds per document."""
    assert pool.python is not None
    script = _LOOP.format(folder=str(DRIVER.parent), pipe=pipe)
    jobs = [{"in": str(f), "out": str(out / f"{f.stem}-{pipe[-6:]}.pdf")} for f in files]
    done = subprocess.run(
        [pool.python, "-c", script],
        input=json.dumps(jobs),
        capture_output=True,
        text=True,
        check=True,
        env={k: v for k, v in pool.env.items() if k not in ("PYTHONHOME", "PYTHONPATH")},
    )
    times, cpu = json.loads(done.stdout.splitlines()[-1])
    LOOP_CPU[0] += cpu
    return list(times)


def limit_rate(pool: ConverterPool, files: list[Path], out: Path) -> float:
    """Documents per second of LibreOffice alone on every worker of ``pool`` at once."""
    pipes = pool.pipe_names()
    shares = [files[i :: len(pipes)] for i in range(len(pipes))]
    with ThreadPoolExecutor(len(pipes)) as ex:
        times = list(
            ex.map(lambda p: uno_loop(pool, p[0], p[1], out), zip(pipes, shares, strict=True))
        )
    # the loops' own time (not the uno process's start and connection), the slowest one
    return len(files) / max(sum(t) for t in times)


def cpu_seconds(pool: ConverterPool) -> float:
    """CPU time so far of this process, the uno loops' loops and every process of the
    pool's workers (soffice.bin, oosplash, the driver).

    Wall-clock rates on a machine shared with other developers swing by ±30 %; CPU per
    document does not, and on k cores given to k workers the throughput of a way is at
    most the limit × (the limit's CPU per document ÷ the way's): the share printed.
    """
    own = time.process_time() + LOOP_CPU[0]
    groups = {slot.worker._office.pgid for slot in pool._all if slot.worker is not None}
    ticks = 0
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            fields = Path(entry.path, "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[2]) in groups:
            ticks += int(fields[11]) + int(fields[12])
    return own + ticks / os.sysconf("SC_CLK_TCK")


def rate(fn, docs: list[bytes], workers: int) -> float:  # type: ignore[no-untyped-def]
    start = time.perf_counter()
    with ThreadPoolExecutor(workers) as ex:
        list(ex.map(fn, docs))
    return len(docs) / (time.perf_counter() - start)


def stages(pool: ConverterPool, doc: bytes, runs: int = 9) -> dict[str, float]:
    """Median seconds of each stage of convert(), in its order, on one document.

    Each run starts from an unparsed PDF: the first check that reads it (the page rules)
    pays for the one PDFium parse the others share (doctemplates.pdf.pdfview).
    """
    pdf = pool.convert(for_libreoffice(doc))
    options = PdfOptions()
    rules = _rules(options)
    steps = {
        "punctuation rewrite (for_libreoffice)": lambda: for_libreoffice(doc),
        "LibreOffice (pool.convert)": lambda: pool.convert(for_libreoffice(doc)),
        "page rules (the PDF parsed here, once)": lambda: _apply_rules(rules, doc, pdf),
        "font report": lambda: font_report(doc, pdf, pool.env),
        "text verification": lambda: verify_text(doc, pdf),
        "signature report": lambda: signature_fit_report(doc, pdf, options.signature_fit),
        "finish (landscape pages? none)": lambda: _finish(pool, pdf, options),
        "page count": lambda: _page_count(pdf),
    }
    times: dict[str, list[float]] = {name: [] for name in steps}
    for _ in range(runs):
        forget(pdf)
        for name, step in steps.items():
            start = time.perf_counter()
            step()
            times[name].append(time.perf_counter() - start)
    return {name: statistics.median(values) for name, values in times.items()}


def readers(pdf: bytes, runs: int = 9) -> dict[str, float]:
    """The same PDF read by each library: text of every page, fonts of every page."""

    def plumber_text() -> None:
        with pdfplumber.open(io.BytesIO(pdf)) as document:
            [page.extract_text() for page in document.pages]

    def pypdf_text() -> None:
        [page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages]

    def pdfium_text() -> None:
        forget(pdf)
        with PDFIUM_LOCK:
            view = pdf_view(pdf)
            [view.text(i) for i in range(view.count)]

    def pdfium_fonts() -> None:
        forget(pdf)
        with PDFIUM_LOCK:
            pdf_view(pdf).fonts()

    ways = {
        "text, pdfplumber": plumber_text,
        "text, pypdf (the 版记 rule before)": pypdf_text,
        "text, pypdfium2 (one parse)": pdfium_text,
        "fonts, pypdf resources (before)": lambda: _pypdf_fonts(pdf),
        "fonts, pypdfium2 text objects": pdfium_fonts,
    }
    result = {}
    for name, way in ways.items():
        values = []
        for _ in range(runs):
            start = time.perf_counter()
            way()
            values.append(time.perf_counter() - start)
        result[name] = statistics.median(values)
    forget(pdf)
    return result


def _pypdf_fonts(pdf: bytes) -> set[str]:
    names = set()
    for page in PdfReader(io.BytesIO(pdf)).pages:
        resources = page.get("/Resources")
        fonts = resources.get_object().get("/Font") if resources else None
        for ref in (fonts.get_object() if fonts else {}).values():
            names.add(str(ref.get_object().get("/BaseFont", "")))
    return names


def rss_over(count: int, doc: bytes, step: int = 0) -> Iterator[tuple[int, float, int]]:
    """(conversions, largest soffice.bin MiB in the last ``step``, restarts so far), 1 worker."""
    step = step or max(1, count // 10)
    largest = 0.0
    with ConverterPool(size=1).start() as pool:
        pids = set(pool.worker_pids())
        for i in range(1, count + 1):
            pool.convert(doc)
            pids |= set(pool.worker_pids())
            worker = pool._all[0].worker  # None right after a recycling
            largest = max(largest, worker.rss_mb() if worker else 0.0)
            if i % step == 0:
                yield i, largest, len(pids) - 1
                largest = 0.0


def many(docs: list[bytes], pool: ConverterPool, options: PdfOptions | None) -> float:
    """Documents per second of :func:`convert_many` (two threads per worker)."""
    start = time.perf_counter()
    convert_many(docs, options, pool=pool)
    return len(docs) / (time.perf_counter() - start)


def _ways(  # type: ignore[no-untyped-def]
    pool: ConverterPool, k: int, docs: list[bytes], files: list[Path], folder: Path
):
    return {
        "LibreOffice alone (uno loop)": lambda: limit_rate(pool, files, folder),
        "pool.convert": lambda: rate(pool.convert, docs, k),
        "convert_many, no verification": lambda: many(docs, pool, UNVERIFIED),
        "convert_many (verified)": lambda: many(docs, pool, None),
        "convert, k threads (verified)": lambda: rate(lambda d: convert(d, pool=pool), docs, k),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=40)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--rss", type=int, default=0, help="conversions for the memory run")
    parser.add_argument("--rss-step", type=int, default=0, help="a row every N conversions")
    parser.add_argument("--rss-only", action="store_true", help="only the memory run")
    args = parser.parse_args(argv)
    print(
        f"machine: {platform.node()} · {os.cpu_count()} cores · Python "
        f"{platform.python_version()} · load {os.getloadavg()[0]:.1f}"
    )
    docs = [build_document(i + 1) for i in range(args.count)]
    print(f"documents: {len(docs)} × 4 pages (benchmarks/pdf_bench.py)")
    with tempfile.TemporaryDirectory(dir="/dev/shm" if os.path.isdir("/dev/shm") else None) as t:
        folder = Path(t)
        files = []
        for i, doc in enumerate(docs):
            path = folder / f"d{i}.docx"
            path.write_bytes(for_libreoffice(doc))
            files.append(path)
        for k in () if args.rss_only else (1, 2):
            # no recycling during the rounds: the CPU of a replaced soffice would be lost
            with ConverterPool(size=k, max_jobs=1_000_000).start() as pool:
                pool.convert(docs[0])  # warm caches on every worker
                pool.convert_many(docs[:k])
                ways = _ways(pool, k, docs, files, folder)
                figures: dict[str, list[float]] = {w: [] for w in ways}
                spent: dict[str, list[float]] = {w: [] for w in ways}
                for _ in range(args.repeat):
                    for name, way in ways.items():
                        before = cpu_seconds(pool)
                        figures[name].append(way())
                        spent[name].append((cpu_seconds(pool) - before) / len(docs))
                limit = statistics.median(figures["LibreOffice alone (uno loop)"])
                limit_cpu = statistics.median(spent["LibreOffice alone (uno loop)"])
                print(f"k = {k} worker(s), load {os.getloadavg()[0]:.1f}:")
                for name, values in figures.items():
                    median, cpu = statistics.median(values), statistics.median(spent[name])
                    print(
                        f"  {name:32} {median:6.2f} docs/s  {median / limit:6.1%} of the limit"
                        f"  · CPU {cpu * 1000:5.1f} ms/doc, limit's share {limit_cpu / cpu:6.1%}"
                    )
                if k == 1:
                    for name, seconds in stages(pool, docs[0]).items():
                        print(f"  stage {name:40} {seconds * 1000:7.1f} ms")
                    pdf = convert(docs[0], pool=pool).pdf
                    for name, seconds in readers(pdf).items():
                        print(f"  reader {name:39} {seconds * 1000:7.1f} ms")
                    single = []
                    for _ in range(20):
                        start = time.perf_counter()
                        convert(docs[0], pool=pool)
                        single.append(time.perf_counter() - start)
                    print(
                        f"  warm single-document latency (verified, median of 20): "
                        f"{statistics.median(single):.3f} s, load {os.getloadavg()[0]:.1f}"
                    )
    if args.rss:
        print(f"soffice.bin over {args.rss} conversions (1 worker, recycling policy):")
        print(f"  (recycled after {ConverterPool.__init__.__kwdefaults__['max_jobs']} jobs)")
        for done, mib, restarts in rss_over(args.rss, docs[0], args.rss_step):
            print(
                f"  {done:6} conversions  {mib:7.1f} MiB  restarts {restarts}"
                f"  load {os.getloadavg()[0]:.1f}",
                flush=True,
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
