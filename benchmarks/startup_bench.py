"""Start-up of one-off commands (issue 20 §3).  一次性命令的启动时间。

Runs ``doctemplates kinds`` and a one-document ``render … -o x.docx`` in fresh
processes, ``--runs`` times each, and prints the median wall time and the median
CPU time (user + system of the child: less sensitive to other work on a shared
machine).  With ``--baseline TREE`` (a checkout of an earlier commit, e.g. from
``git archive``) the same commands run from that tree as well, interleaved with
this one, and each figure gets its ratio.  ``python -c pass`` and the import of
the command-line libraries alone (typer, rich, pydantic) are printed as floors.

Both trees run with compiled bytecode (``PYTHONPYCACHEPREFIX`` in a temporary
folder, warmed by one untimed run; ``PYTHONDONTWRITEBYTECODE`` unset), as an
installed package does: without it every run compiles ~100 modules from source.
The user cache (compiled templates, font widths, title words, kind declarations,
``doctemplates.render.cache``) is a temporary folder per tree: ``cold`` rows start
each run with an empty one, ``warm`` rows reuse the one the previous runs filled.

``--instructions`` adds one run of each warm command under valgrind's callgrind
(``valgrind`` must be installed): the instructions executed, which — unlike
seconds on a shared machine — do not depend on the load, so two trees compare
exactly (an import's cost, a cache hit's).

Usage: python benchmarks/startup_bench.py [--runs 10] [--baseline /tmp/base] [--instructions]
"""

from __future__ import annotations

import argparse
import os
import platform
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


RENDER = ["-m", "doctemplates.cli", "render", "document", "samples/notice.yaml"]


def commands(out: Path) -> dict[str, tuple[list[str], bool]]:
    """name → (arguments, whether each run starts with an empty user cache)."""
    kinds = ["-m", "doctemplates.cli", "kinds"]
    render = [*RENDER, "-o", str(out), "--force"]
    return {
        "python -c pass": (["-c", "pass"], False),
        "import typer, rich, pydantic": (["-c", "import typer, rich.console, pydantic"], False),
        "doctemplates kinds (cold)": (kinds, True),
        "doctemplates kinds (warm)": (kinds, False),
        "render .docx (cold)": (render, True),
        "render .docx (warm)": (render, False),
    }


def child_env(tree: Path, cache: Path, pyc: Path) -> dict[str, str]:
    """A fresh process's environment: ``tree`` on the path, compiled bytecode, the cache on."""
    env = dict(
        os.environ,
        PYTHONPATH=str(tree),
        PYTHONPYCACHEPREFIX=str(pyc),
        DOCTEMPLATES_CACHE=str(cache),
    )
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env.pop("DOCTEMPLATES_NO_CACHE", None)
    return env


def run(args: list[str], tree: Path, cache: Path, pyc: Path) -> tuple[float, float]:
    """Wall and CPU seconds of one fresh process running from ``tree``."""
    env = child_env(tree, cache, pyc)
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run([sys.executable, *args], cwd=tree, env=env, check=True, capture_output=True)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu


def instructions(args: list[str], tree: Path, cache: Path, pyc: Path) -> int:
    """Instructions one run executes (callgrind's ``I refs``: the child's, not valgrind's)."""
    env = child_env(tree, cache, pyc)
    done = subprocess.run(
        ["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null", sys.executable, *args],
        cwd=tree,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    )
    found = re.search(r"I\s+refs:\s+([\d,]+)", done.stderr)
    if found is None:
        raise RuntimeError(f"no instruction count from valgrind: {done.stderr[-500:]}")
    return int(found.group(1).replace(",", ""))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--baseline", type=Path, help="an earlier tree to compare with")
    parser.add_argument(
        "--instructions", action="store_true", help="also count instructions (valgrind)"
    )
    args = parser.parse_args()
    if args.instructions and shutil.which("valgrind") is None:
        parser.error("--instructions needs valgrind")
    trees = {"ours": ROOT} | ({"baseline": args.baseline.resolve()} if args.baseline else {})
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        cmds = commands(folder / "x.docx")
        figures: dict[tuple[str, str], list[tuple[float, float]]] = {
            (c, t): [] for c in cmds for t in trees
        }
        for label, tree in trees.items():  # bytecode written, warm caches filled: untimed
            for cmd, _ in cmds.values():
                run(cmd, tree, folder / f"cache-{label}", folder / f"pyc-{label}")
        for i in range(args.runs):  # interleaved: both trees see the same load
            for name, (cmd, cold) in cmds.items():
                for label, tree in trees.items():
                    cache = folder / (f"cold-{label}-{i}" if cold else f"cache-{label}")
                    figures[name, label].append(run(cmd, tree, cache, folder / f"pyc-{label}"))
        counted = {
            (name, label): instructions(
                cmd, tree, folder / f"cache-{label}", folder / f"pyc-{label}"
            )
            for name, (cmd, cold) in cmds.items()
            if args.instructions and not cold
            for label, tree in trees.items()
        }
    print(
        f"machine: {platform.node()} · {os.cpu_count()} cores · Python "
        f"{platform.python_version()} · load {os.getloadavg()[0]:.1f} · median of {args.runs}"
    )
    for name in cmds:
        line = f"{name:28}"
        for label in trees:
            walls, cpus = zip(*figures[name, label], strict=True)
            line += f"  {label}: wall {statistics.median(walls):.3f} s cpu {statistics.median(cpus):.3f} s"
        if args.baseline:
            ours = statistics.median(c for _, c in figures[name, "ours"])
            base = statistics.median(c for _, c in figures[name, "baseline"])
            line += f"  cpu ratio {base / ours:.2f}×"
        print(line)
    for name in dict.fromkeys(n for n, _ in counted):
        line = f"{name:28}"
        for label in trees:
            line += f"  {label}: {counted[name, label] / 1e6:7.0f} M instructions"
        if args.baseline:
            line += f"  ratio {counted[name, 'baseline'] / counted[name, 'ours']:.2f}×"
        print(line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
