"""Processes die with their command (issue 13 §10).  进程随命令结束。

``kill -9`` of ``render --pdf``, ``batch`` and ``batch --pdf`` at several
moments (before LibreOffice is up, while converting, while workers write):
five seconds later no process of the run remains (workers, watchdog,
``oosplash``, ``soffice.bin``, UNO driver — found by an environment tag),
no LibreOffice pipe socket of the run is left in /tmp, and ``$TMPDIR`` holds
nothing new.  Also: ``--jobs`` is bounded, a successful run leaves nothing,
the pool recycles a worker by memory.

``make test`` kills at two moments per command; ``make fuzz``
(``FUZZ_EXAMPLES`` ≥ 1000) at eight.
"""

from __future__ import annotations

import csv
import os
import signal
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from doctemplates.cli import app
from doctemplates.pdf import soffice_path
from tests.adversarial.procs import Run, kill_tagged, pipe_sockets, tagged, tree, wait_gone
from tests.bad_inputs.files import GOOD
from tests.docxbuild import make_template

needs_soffice = pytest.mark.skipif(soffice_path() is None, reason="LibreOffice (soffice) 未安装")
FUZZ = int(os.environ.get("FUZZ_EXAMPLES", "0")) >= 1000
#: Seconds after the start at which the command is killed.
MOMENTS = [0.3, 1.5, 3.0, 4.5, 6.0, 8.0, 10.0, 0.05] if FUZZ else [0.3, 3.0]
runner = CliRunner()


@pytest.fixture(scope="module")
def place(tmp_path_factory: pytest.TempPathFactory) -> Path:
    base = tmp_path_factory.mktemp("procs")
    (base / "d.yaml").write_text(GOOD, encoding="utf-8")
    (base / "t.docx").write_bytes(make_template(["{{ title }}", "{{ signature.date }}"]))
    with (base / "r.csv").open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(["标题", "发文机关", "signature.date"])
        for i in range(1, 401):
            writer.writerow([f"关于第{i}项工作的通知", "示例市科学技术局", "2026-11-23"])
    (base / "tmp").mkdir()
    return base


COMMANDS = {
    "render-pdf": ["render", "document", "d.yaml", "-o", "out/a.docx", "--pdf"],
    "batch": ["batch", "document", "r.csv", "-o", "out/b", "--template", "t.docx", "--jobs", "2"],
    "batch-pdf": ["batch", "document", "r.csv", "-o", "out/c", "--template", "t.docx", "--jobs", "2", "--pdf"],
}  # fmt: skip


@pytest.fixture(scope="module")
def warm(place: Path) -> Path:
    """One successful ``render --pdf``: the per-user profile cache and font folder exist."""
    run = Run(COMMANDS["render-pdf"], place / "tmp", place / "cache", place)
    (place / "out").mkdir()
    done = run.run()
    assert done.returncode == 0, done.stderr.decode()
    assert wait_gone(run.tag) == []
    (place / "out" / "a.docx").unlink()
    (place / "out" / "a.pdf").unlink()
    return place


@needs_soffice
def test_successful_render_pdf_leaves_nothing(warm: Path) -> None:
    before = tree(warm / "tmp")
    run = Run(
        ["render", "document", "d.yaml", "-o", "ok.docx", "--pdf"],
        warm / "tmp",
        warm / "cache",
        warm,
    )
    proc = run.start()
    _out, err = proc.communicate(timeout=300)
    assert proc.returncode == 0, err.decode()
    assert (warm / "ok.pdf").stat().st_size > 0
    assert wait_gone(run.tag) == []
    assert tree(warm / "tmp") == before, "new files in $TMPDIR"
    assert pipe_sockets(proc.pid) == [] or _gone_soon(proc.pid)


def _gone_soon(pid: int) -> bool:
    deadline = time.monotonic() + 5
    while pipe_sockets(pid) and time.monotonic() < deadline:
        time.sleep(0.1)
    return pipe_sockets(pid) == []


@needs_soffice
@pytest.mark.parametrize("moment", MOMENTS)
@pytest.mark.parametrize("command", list(COMMANDS))
def test_kill9_leaves_no_process(warm: Path, command: str, moment: float) -> None:
    out = warm / "out"
    for child in list(out.iterdir()):
        _remove(child)
    before = tree(warm / "tmp")
    run = Run(COMMANDS[command], warm / "tmp", warm / "cache", warm)
    proc = run.start()
    try:
        time.sleep(moment)
        seen = len(tagged(run.tag))
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(10)
        left = wait_gone(run.tag, 5.0)
        assert left == [], f"{command} killed at {moment}s ({seen} processes then): {left} remain"
        assert _gone_soon(proc.pid), f"pipe sockets left: {pipe_sockets(proc.pid)}"
        assert tree(warm / "tmp") == before, "new files in $TMPDIR"
    finally:
        kill_tagged(run.tag)


def _remove(path: Path) -> None:
    if path.is_dir() and not path.is_symlink():
        for child in path.iterdir():
            _remove(child)
        path.rmdir()
    else:
        path.unlink()


@pytest.mark.parametrize("jobs", ["0", "-1", "100000", str(4 * (os.cpu_count() or 1) + 1), "abc"])
def test_jobs_bounded(place: Path, jobs: str) -> None:
    result = runner.invoke(
        app,
        ["batch", "document", str(place / "r.csv"), "-o", str(place / "jobs-out"), "--jobs", jobs],
    )
    assert result.exit_code == 2, result.output
    assert not (place / "jobs-out").exists()
    if jobs != "abc":
        assert "--jobs 应在 1 到" in result.output


def test_jobs_limit_configurable(place: Path) -> None:
    args = ["batch", "document", str(place / "r.csv"), "-o", str(place / "jobs-ok"), "--jobs", "3",
            "--template", str(place / "t.docx"), "--limit", "jobs=3", "--limit", "rows=5"]  # fmt: skip
    result = runner.invoke(app, args)
    assert result.exit_code == 1, result.output  # jobs=3 accepted; 401 rows > 5 refused
    assert "超出行数上限 5" in result.output
    assert not (place / "jobs-ok").exists() or not any((place / "jobs-ok").glob("*.docx"))


@needs_soffice
def test_pool_recycles_by_memory() -> None:
    from doctemplates.pdf import ConverterPool

    docx = make_template(["回收测试"])
    with ConverterPool(size=1, max_rss_mb=1) as pool:  # any soffice.bin holds more than 1 MiB
        pool.convert(docx)
        assert pool.worker_pids() == []  # recycled after the job
        first = pool.pipe_names()
        pool.convert(docx)
        assert pool.pipe_names() != first or first == []
    with ConverterPool(size=1, max_rss_mb=10_000) as pool:
        pool.convert(docx)
        assert len(pool.worker_pids()) == 1  # kept warm
        assert pool._all[0].worker is not None and pool._all[0].worker.rss_mb() > 20


def test_batch_workers_die_with_parent(tmp_path: Path) -> None:
    """A process-pool worker gets SIGKILL when its parent dies (PR_SET_PDEATHSIG)."""
    import subprocess
    import sys

    script = (
        "import os, sys, time\n"
        "from doctemplates.batch import new_executor\n"
        "ex = new_executor(2)\n"
        "futures = [ex.submit(time.sleep, 60) for _ in range(2)]\n"
        "time.sleep(1.5)\n"
        "print(' '.join(str(p) for p in ex._processes), flush=True)\n"
        "time.sleep(60)\n"
    )
    proc = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True, cwd=tmp_path,
                            env={**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2])})  # fmt: skip
    assert proc.stdout is not None
    pids = [int(p) for p in proc.stdout.readline().split()]
    assert len(pids) == 2
    proc.kill()
    proc.wait()
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline and any(_alive(p) for p in pids):
        time.sleep(0.05)
    assert not any(_alive(p) for p in pids)


def _alive(pid: int) -> bool:
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat[stat.rindex(")") + 2] != "Z"
