"""Batches on a Dask LocalCluster with real worker processes.  在 Dask 本地集群上批量生成。

The .docx of every record equals the local run's byte for byte, whether the
workers return the bytes or write into a shared folder; the manifest and resume
behave as locally; with PDFs each worker owns its LibreOffice pool (plugin),
which is gone when the cluster closes.
"""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

distributed = pytest.importorskip("distributed", reason="the [dask] extra is not installed")

from doctemplates.assemble import with_defaults  # noqa: E402
from doctemplates.batch import InlineExecutor, render_many  # noqa: E402
from doctemplates.data import load_data  # noqa: E402
from doctemplates.kinds import get_kind  # noqa: E402
from doctemplates.pdf import soffice_path  # noqa: E402
from doctemplates.records import read_records  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]
RECORDS = ROOT / "samples" / "proposals.xlsx"
DEFAULTS = ROOT / "samples" / "batch" / "reply-defaults.yaml"
KIND = "proposal-reply"


@pytest.fixture(scope="module")
def cluster() -> Iterator[distributed.LocalCluster]:
    with distributed.LocalCluster(
        n_workers=2,
        threads_per_worker=1,
        processes=True,
        host="127.0.0.1",
        dashboard_address=None,
        silence_logs=40,
    ) as local:
        yield local


@pytest.fixture
def client(cluster: distributed.LocalCluster) -> Iterator[distributed.Client]:
    with distributed.Client(cluster, set_as_default=False) as connected:
        yield connected


def _records(limit: int | None = None) -> list[object]:
    defaults = {k: v for k, v in load_data(DEFAULTS).items() if k != "kind"}
    stream = read_records(RECORDS, get_kind(KIND).model, provided=frozenset(defaults))
    records = list(with_defaults(stream, defaults))
    return records[:limit] if limit else records


def _files(folder: Path, suffix: str = ".docx") -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.glob(f"*{suffix}"))}


def _manifest(folder: Path) -> list[dict[str, object]]:
    """The finished records of a manifest (lines with a SHA-256), in order."""
    lines = [json.loads(line) for line in (folder / "manifest.jsonl").read_text().splitlines()]
    return [entry for entry in lines if entry.get("sha256") and "row" in entry]


@pytest.fixture(scope="module")
def local_run(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("local")
    render_many(KIND, _records(), out, executor=InlineExecutor(), name="{提案号}-{案由}")
    return out


@pytest.mark.parametrize("output", ["client", "shared"])
def test_outputs_equal_a_local_run(client, local_run: Path, tmp_path: Path, output: str) -> None:
    from doctemplates.cluster import dask_executor

    executor = dask_executor(client, output=output)
    results = render_many(KIND, _records(), tmp_path, executor=executor, name="{提案号}-{案由}")
    assert _files(tmp_path) == _files(local_run)
    assert len(_files(tmp_path)) > 20
    assert _manifest(tmp_path) == _manifest(local_run)
    failed = [(r.row, r.error) for r in results if not r.ok]
    assert failed and all(error for _row, error in failed)  # the sample's bad row, as locally


def test_client_in_the_api_and_resume(client, local_run: Path, tmp_path: Path) -> None:
    records = _records()
    first = render_many(KIND, records[:10], tmp_path, executor=client, name="{提案号}-{案由}")
    assert sum(r.ok for r in first) == 10
    again = render_many(
        KIND, records, tmp_path, executor=client, name="{提案号}-{案由}", resume=True
    )
    assert sum(r.skipped for r in again) == 10
    assert _files(tmp_path) == _files(local_run)
    rows = [entry["row"] for entry in _manifest(tmp_path)]
    assert sorted(rows) == sorted(entry["row"] for entry in _manifest(local_run))
    assert len(rows) == len(set(rows))


def test_template_bytes_reach_the_workers(client, tmp_path: Path) -> None:
    from doctemplates.kinds import template_resource

    template = tmp_path / "edited.docx"
    template.write_bytes(template_resource("pingyi_docs", "proposal-reply.docx").read_bytes())
    local, remote = tmp_path / "local", tmp_path / "remote"
    render_many(KIND, _records(6), local, executor=InlineExecutor(), template=template)
    render_many(KIND, _records(6), remote, executor=client, template=template)
    assert _files(local) == _files(remote) and len(_files(local)) == 6


@pytest.mark.skipif(soffice_path() is None, reason="LibreOffice (soffice) is not installed")
def test_pdf_on_workers_with_their_own_pools(cluster, tmp_path: Path) -> None:
    psutil = pytest.importorskip("psutil")
    from pypdf import PdfReader

    from doctemplates.cluster import PLUGIN_NAME

    with distributed.Client(cluster, set_as_default=False) as connected:
        results = render_many(KIND, _records(8), tmp_path, executor=connected, pdf=True)
        assert all(r.ok for r in results), [r.error for r in results if not r.ok]
        pdfs = _files(tmp_path, ".pdf")
        assert len(pdfs) == 8
        assert all(len(PdfReader(tmp_path / name).pages) >= 1 for name in pdfs)
        # the plugin was unregistered at the end: the workers' pools are closed
        plugins = connected.run(lambda dask_worker: sorted(dask_worker.plugins))
        assert all(PLUGIN_NAME not in names for names in plugins.values())
        workers = [
            psutil.Process(pid) for pid in connected.run(lambda: __import__("os").getpid()).values()
        ]
    left = [
        child.name()
        for worker in workers
        if worker.is_running()
        for child in worker.children(recursive=True)
        if child.name().startswith(("soffice", "oosplash"))
    ]
    assert left == []


def test_cli_executor_option(cluster, local_run: Path, tmp_path: Path) -> None:
    out = tmp_path / "cli"
    url = cluster.scheduler_address.replace("tcp://", "dask://")
    command = [
        sys.executable,
        "-m",
        "doctemplates",
        "batch",
        KIND,
        str(RECORDS),
        "--defaults",
        str(DEFAULTS),
        "-o",
        str(out),
        "--name",
        "{提案号}-{案由}",
        "--executor",
        url,
    ]
    done = subprocess.run(command, capture_output=True, text=True, timeout=300, cwd=ROOT)
    assert done.returncode == 1, done.stderr  # the sample's bad row
    assert _files(out) == _files(local_run)
    assert (out / "errors.csv").exists()


def test_bad_executor_address_is_a_usage_error(tmp_path: Path) -> None:
    command = [
        sys.executable,
        "-m",
        "doctemplates",
        "batch",
        KIND,
        str(RECORDS),
        "--defaults",
        str(DEFAULTS),
        "-o",
        str(tmp_path / "x"),
        "--executor",
        "dask://nohost",
    ]
    done = subprocess.run(command, capture_output=True, text=True, timeout=120, cwd=ROOT)
    assert done.returncode == 2
    assert "dask://主机:端口" in done.stderr and "Traceback" not in done.stderr
