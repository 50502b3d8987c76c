"""The document service and the Dask path, measured.  文档服务与 Dask 批量生成的性能。

Everything runs on 127.0.0.1 and stops by itself (every loop is bounded in count
and in time).  Phases:

1. ``docx``: 50 concurrent clients × 40 requests to ``/v1/kinds/document/render``:
   throughput, p50/p99 latency, errors.
2. ``rss``: server RSS after a warm-up and after 10,000 more .docx requests.
3. ``pdf``: the service's PDF throughput with as many clients as LibreOffice
   workers, against the pool's own throughput (same documents, same process
   count, in this process); then 2× the service's capacity (workers + queue) of
   clients: the share of 429 answers and the p99 of the accepted requests.
4. ``dask``: 10,000 答复函 on a LocalCluster of 2 worker processes against the
   local process pool of 2, and 2,000 on clusters of 1, 2 and 4 workers.

Usage: python benchmarks/service_bench.py [--phases docx rss pdf dask] [--quick]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx
import psutil
import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
TIME_CAP = 600.0  # seconds: no phase runs longer


def sample(name: str) -> dict[str, Any]:
    data = yaml.safe_load((ROOT / "samples" / name).read_text(encoding="utf-8"))
    data.pop("kind", None)
    return json.loads(json.dumps(data, default=str))


def free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def server(*options: str) -> Iterator[tuple[str, psutil.Process]]:
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "doctemplates", "serve", "--port", str(port), *options],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            try:
                if httpx.get(url + "/readyz", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            time.sleep(0.2)
        else:
            raise SystemExit("server did not become ready")
        yield url, psutil.Process(process.pid)
    finally:
        process.terminate()
        process.wait(60)


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))] if ordered else float("nan")


#: Server-side time (Server-Timing header) of each accepted request of the last load, seconds.
server_side: list[float] = []


def _server_timing(answer: httpx.Response) -> float:
    value = answer.headers.get("server-timing", "")
    _name, _sep, duration = value.partition("dur=")
    return float(duration) / 1000 if duration else float("nan")


def _server_percentiles() -> str:
    return (
        f"server-side p50 {percentile(server_side, 0.5) * 1000:.0f} ms, "
        f"p99 {percentile(server_side, 0.99) * 1000:.0f} ms"
    )


async def _load(
    url: str, path: str, data: dict[str, Any], clients: int, each: int, *, cap: float = TIME_CAP
) -> tuple[list[float], dict[int, int], float]:
    """``clients`` concurrent clients sending ``each`` requests; (latencies of 200s, statuses, wall)."""
    latencies: list[float] = []
    server_side.clear()
    statuses: dict[int, int] = {}
    body = json.dumps(data, ensure_ascii=False).encode()
    stop = time.monotonic() + cap
    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)

    async with httpx.AsyncClient(base_url=url, timeout=180, limits=limits) as http:

        async def client() -> None:
            for _ in range(each):
                if time.monotonic() > stop:
                    return
                started = time.perf_counter()
                try:
                    answer = await http.post(
                        path, content=body, headers={"Content-Type": "application/json"}
                    )
                except httpx.HTTPError as exc:  # counted, not fatal: the figure must show it
                    name = type(exc).__name__
                    statuses[name] = statuses.get(name, 0) + 1  # type: ignore[index]
                    continue
                elapsed = time.perf_counter() - started
                statuses[answer.status_code] = statuses.get(answer.status_code, 0) + 1
                if answer.status_code == 200:
                    latencies.append(elapsed)
                    server_side.append(_server_timing(answer))

        started = time.perf_counter()
        await asyncio.gather(*(client() for _ in range(clients)))
        wall = time.perf_counter() - started
    return latencies, statuses, wall


def load(*args: Any, **kwargs: Any) -> tuple[list[float], dict[int, int], float]:
    return asyncio.run(_load(*args, **kwargs))


def rss_mib(process: psutil.Process) -> float:
    return process.memory_info().rss / 1024 / 1024


# -- phases --------------------------------------------------------------------------------
def phase_docx(quick: bool) -> None:
    for extra in (
        ("--workers", "1"),
        ("--workers", "1", "--render-threads", "1"),
        ("--workers", "2"),
    ):
        _docx_load(quick, extra)


def _docx_load(quick: bool, extra: tuple[str, ...]) -> None:
    data = sample("notice.yaml")
    clients, each = (10, 10) if quick else (50, 40)
    with server("--pdf-workers", "0", *extra) as (url, _process):
        load(url, "/v1/kinds/document/render", data, 4, 10)  # warm-up
        latencies, statuses, wall = load(url, "/v1/kinds/document/render", data, clients, each)
    total = sum(statuses.values())
    print(
        f"docx [{' '.join(extra)}]: "
        f"{clients} clients x {each} requests = {total} in {wall:.1f} s: "
        f"{total / wall:.0f} req/s, p50 {percentile(latencies, 0.5) * 1000:.0f} ms, "
        f"p99 {percentile(latencies, 0.99) * 1000:.0f} ms ({_server_percentiles()}), "
        f"statuses {statuses}"
    )


def phase_rss(quick: bool) -> None:
    data = sample("notice.yaml")
    count = 1000 if quick else 10_000
    with server("--pdf-workers", "0") as (url, process):
        load(url, "/v1/kinds/document/render", data, 20, 50)  # warm-up: 1,000 requests
        before = rss_mib(process)
        _lat, statuses, wall = load(url, "/v1/kinds/document/render", data, 50, count // 50)
        after = rss_mib(process)
    print(
        f"rss: {before:.1f} MiB after 1,000 warm-up requests, {after:.1f} MiB after {count:,} more "
        f"({(after / before - 1) * 100:+.1f} %), {sum(statuses.values()) / wall:.0f} req/s, statuses {statuses}"
    )


def phase_pdf(quick: bool) -> None:
    from doctemplates.kinds import get_kind
    from doctemplates.pdf import ConverterPool, PdfMetadata, PdfOptions, convert

    data = sample("notice.yaml")
    kind = get_kind("document")
    docx = kind.render(data)
    options = PdfOptions(metadata=PdfMetadata(**kind.metadata(data)))
    count = 20 if quick else 60
    workers = 2
    with ConverterPool(workers).start() as pool:
        for _ in range(workers):
            convert(docx, options, pool=pool)
        started = time.perf_counter()
        with ThreadPoolExecutor(workers) as ex:
            list(ex.map(lambda _i: convert(docx, options, pool=pool), range(count)))
        own = count / (time.perf_counter() - started)
    with server("--pdf-workers", str(workers), "--pdf-queue", "2") as (url, _process):
        load(url, "/v1/kinds/document/render?format=pdf", data, workers, 2)  # warm-up
        latencies, statuses, wall = load(
            url, "/v1/kinds/document/render?format=pdf", data, workers, count // workers
        )
        served = statuses.get(200, 0) / wall
        print(
            f"pdf: pool alone {own:.2f} docs/s, service {served:.2f} docs/s "
            f"({served / own * 100:.0f} % of the pool), p50 {percentile(latencies, 0.5):.2f} s, statuses {statuses}"
        )
        capacity = workers + 2
        clients = 2 * capacity
        latencies, statuses, wall = load(
            url, "/v1/kinds/document/render?format=pdf", data, clients, count // 4
        )
        total = sum(statuses.values())
        print(
            f"pdf overload: {clients} clients (2x capacity {capacity}) x {count // 4}: "
            f"{statuses.get(429, 0) / total * 100:.0f} % answered 429, accepted {statuses.get(200, 0)} "
            f"at {statuses.get(200, 0) / wall:.2f} docs/s, p99 of accepted {percentile(latencies, 0.99):.2f} s "
            f"({_server_percentiles()}), "
            f"statuses {statuses}"
        )


def _records(count: int) -> Path:
    sys.path.insert(0, str(ROOT / "benchmarks"))
    from batch_bench import write_records

    path = Path(tempfile.mkdtemp(prefix="service-bench-")) / "records.xlsx"
    write_records(path, count)
    return path


def _batch(records: Path, executor: Any) -> float:
    from doctemplates.assemble import with_defaults
    from doctemplates.batch import render_many
    from doctemplates.data import load_data
    from doctemplates.kinds import get_kind
    from doctemplates.records import read_records

    defaults = {
        k: v
        for k, v in load_data(ROOT / "samples" / "batch" / "reply-defaults.yaml").items()
        if k != "kind"
    }
    stream = read_records(records, get_kind("proposal-reply").model, provided=frozenset(defaults))
    with tempfile.TemporaryDirectory() as out:
        started = time.perf_counter()
        results = render_many(
            "proposal-reply", with_defaults(stream, defaults), out, executor=executor
        )
        wall = time.perf_counter() - started
    failed = sum(1 for r in results if not r.ok)
    if failed:
        print(f"  ({failed} records failed)")
    return wall


def phase_dask(quick: bool) -> None:
    import distributed

    count = 1000 if quick else 10_000
    records = _records(count)
    with ProcessPoolExecutor(2) as local:
        local_wall = _batch(records, local)
    with (
        distributed.LocalCluster(
            n_workers=2,
            threads_per_worker=1,
            processes=True,
            host="127.0.0.1",
            dashboard_address=None,
            silence_logs=40,
        ) as cluster,
        distributed.Client(cluster) as client,
    ):
        dask_wall = _batch(records, client)
    print(
        f"dask: {count:,} replies: local process pool (2) {local_wall:.1f} s ({count / local_wall:.0f}/s), "
        f"LocalCluster (2 workers) {dask_wall:.1f} s ({count / dask_wall:.0f}/s), "
        f"ratio dask/local {dask_wall / local_wall:.2f}"
    )
    small = _records(400 if quick else 2000)
    for workers in (1, 2, 4):
        with (
            distributed.LocalCluster(
                n_workers=workers,
                threads_per_worker=1,
                processes=True,
                host="127.0.0.1",
                dashboard_address=None,
                silence_logs=40,
            ) as cluster,
            distributed.Client(cluster) as client,
        ):
            wall = _batch(small, client)
        n = 400 if quick else 2000
        print(
            f"dask scaling: {workers} worker(s): {n:,} replies in {wall:.1f} s ({n / wall:.0f}/s)"
        )


PHASES = {"docx": phase_docx, "rss": phase_rss, "pdf": phase_pdf, "dask": phase_dask}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--phases", nargs="*", default=list(PHASES), choices=list(PHASES))
    parser.add_argument("--quick", action="store_true", help="small counts (a smoke run)")
    args = parser.parse_args()
    print(f"{os.cpu_count()} cores, Python {sys.version.split()[0]}")
    for name in args.phases:
        PHASES[name](args.quick)


if __name__ == "__main__":
    main()
