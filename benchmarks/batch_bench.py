"""Batch generation: N 答复函 from an XLSX to .docx.  批量生成基准。

Writes an XLSX of N fictional 提案 records (the columns of samples/proposals.xlsx plus
主办单位), then runs the same path as ``doctemplates batch proposal-reply RECORDS.xlsx
--defaults samples/batch/reply-defaults.yaml -o DIR`` (a process pool over the cores),
timing everything from reading the XLSX to the last manifest line.  Each size runs in
a fresh subprocess so that peak RSS (parent and pool workers) belongs to that size only.

Usage: python benchmarks/batch_bench.py [--sizes 1000 10000] [--jobs 2]
Prints, per size: wall time, docs/s, peak RSS of the parent and of the largest worker.

``--pdf N`` (issue 20 §2) instead runs the command line itself end to end,
``doctemplates batch proposal-reply RECORDS.xlsx --defaults … -o DIR --pdf``
(XLSX → .docx + PDF + text verification + manifest), and then converts the
.docx it wrote with :func:`doctemplates.pdf.convert_many` on a warm pool of as
many workers (verification on): the batch's share of the pool's throughput.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import openpyxl

ROOT = Path(__file__).resolve().parent.parent
DEFAULTS = ROOT / "samples" / "batch" / "reply-defaults.yaml"
HEADER = [
    "提案号",
    "案由",
    "提案人",
    "办理方式",
    "领域",
    "交办日期",
    "答复日期",
    "办理结果",
    "主办单位",
]
_FIELDS = ["科技金融", "成果转化", "人才引育", "平台建设", "企业培育", "科学普及"]
_ROLES = ["主办", "主办", "主办", "协办", "分办"]


def write_records(path: Path, count: int) -> None:
    """A streaming (write-only) workbook of ``count`` fictional 提案."""
    book = openpyxl.Workbook(write_only=True)
    sheet = book.create_sheet("提案办理情况")
    sheet.append(HEADER)
    assigned = dt.datetime(2026, 3, 20)
    for i in range(1, count + 1):
        role = _ROLES[i % len(_ROLES)]
        sheet.append(
            [
                i,
                f"关于推进第{i}项科技创新工作的建议",
                f"示例委员{i % 97}",
                role,
                _FIELDS[i % len(_FIELDS)],
                assigned,
                assigned + dt.timedelta(days=30 + i % 60),
                "ABC"[i % 3],
                "示例市发展和改革委员会" if role == "协办" else None,
            ]
        )
    book.save(path)


def run_one(records: Path, out: Path, jobs: int) -> dict[str, float]:
    """The measured part (runs in its own process)."""
    from concurrent.futures import ProcessPoolExecutor

    from doctemplates.assemble import data_for_kind, with_defaults
    from doctemplates.batch import render_many
    from doctemplates.data import load_data
    from doctemplates.kinds import get_kind
    from doctemplates.records import read_records

    start = time.perf_counter()
    kind = get_kind("proposal-reply")
    shared = data_for_kind(kind, load_data(DEFAULTS))
    stream = with_defaults(read_records(records, kind.model, provided=frozenset(shared)), shared)
    with ProcessPoolExecutor(max_workers=jobs) as pool:
        results = render_many(kind.name, stream, out, executor=pool, name="{提案号}")
    wall = time.perf_counter() - start
    failed = [r for r in results if not r.ok]
    if failed:
        raise SystemExit(
            f"{len(failed)} records failed, first: row {failed[0].row}: {failed[0].error}"
        )
    return {
        "count": len(results),
        "wall": wall,
        "parent_rss_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "worker_rss_mib": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024,
    }


def measure(count: int, jobs: int) -> dict[str, float]:
    with tempfile.TemporaryDirectory() as tmp:
        records = Path(tmp) / "records.xlsx"
        write_records(records, count)
        proc = subprocess.run(
            [
                sys.executable,
                __file__,
                "--one",
                str(records),
                str(Path(tmp) / "out"),
                "--jobs",
                str(jobs),
            ],
            capture_output=True,
            text=True,
            check=False,
            cwd=ROOT,
        )
        if proc.returncode:
            raise SystemExit(proc.stderr or proc.stdout)
        return json.loads(proc.stdout.strip().splitlines()[-1])


def batch_pdf(count: int) -> None:
    from doctemplates.pdf import ConverterPool, convert_many

    with tempfile.TemporaryDirectory() as tmp:
        records, out = Path(tmp) / "records.xlsx", Path(tmp) / "out"
        write_records(records, count)
        command = [sys.executable, "-m", "doctemplates.cli", "batch", "proposal-reply"]
        command += [str(records), "--defaults", str(DEFAULTS), "-o", str(out), "--pdf"]
        load = [os.getloadavg()[0]]
        start = time.perf_counter()
        subprocess.run(command, check=True, cwd=ROOT, capture_output=True)
        wall = time.perf_counter() - start
        load.append(os.getloadavg()[0])
        docs = [p.read_bytes() for p in sorted(out.rglob("*.docx"))]
        pdfs = list(out.rglob("*.pdf"))
        with ConverterPool(size=2).start() as pool:
            convert_many(docs[:2], pool=pool)  # warm
            start = time.perf_counter()
            convert_many(docs, pool=pool)
            pool_wall = time.perf_counter() - start
        load.append(os.getloadavg()[0])
    print(
        f"batch --pdf of {count}: {wall:.1f} s wall ({count / wall:.2f} docs/s, "
        f"{len(docs)} .docx, {len(pdfs)} PDF); warm pool of 2 on the same .docx: "
        f"{pool_wall:.1f} s ({len(docs) / pool_wall:.2f} docs/s); "
        f"batch / pool: {(count / wall) / (len(docs) / pool_wall):.1%}; load (1 min) before, "
        f"after the batch, after the pool: {' / '.join(f'{x:.1f}' for x in load)}"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--one", nargs=2, metavar=("RECORDS", "OUT"), help=argparse.SUPPRESS)
    parser.add_argument("--pdf", type=int, default=0, help="batch --pdf of N records (§2)")
    args = parser.parse_args()
    if args.pdf:
        batch_pdf(args.pdf)
        return 0
    if args.one:
        print(json.dumps(run_one(Path(args.one[0]), Path(args.one[1]), args.jobs)))
        return 0
    print(f"proposal-reply from XLSX, {args.jobs} worker processes on {os.cpu_count()} cores")
    for size in args.sizes:
        m = measure(size, args.jobs)
        print(
            f"{int(m['count']):6d} records: {m['wall']:6.2f} s wall ({m['count'] / m['wall']:6.1f} docs/s), "
            f"peak RSS parent {m['parent_rss_mib']:.0f} MiB, largest worker {m['worker_rss_mib']:.0f} MiB"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
