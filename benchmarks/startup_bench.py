"""Start-up of one-off commands (issue 20 §3).  一次性命令的启动时间。

Runs ``doctemplates kinds`` and a one-document ``render … -o x.docx`` in fresh
processes, ``--runs`` times each, and prints the median wall time and the median
CPU time (user + system of the child: less sensitive to other work on a shared
machine).  With ``--baseline TREE`` (a checkout of an earlier commit, e.g. from
``git archive``) the same commands run from that tree as well, interleaved with
this one, and each figure gets its ratio.  ``python -c pass`` and the import of
the command-line libraries alone (typer, rich, pydantic) are printed as floors.

Usage: python benchmarks/startup_bench.py [--runs 10] [--baseline /tmp/base]
"""

from __future__ import annotations

import argparse
import os
import platform
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def commands(out: Path) -> dict[str, list[str]]:
    return {
        "python -c pass": ["-c", "pass"],
        "import typer, rich, pydantic": ["-c", "import typer, rich.console, pydantic"],
        "doctemplates kinds": ["-m", "doctemplates.cli", "kinds"],
        "doctemplates render (.docx)": [
            *("-m", "doctemplates.cli", "render", "document", "samples/notice.yaml"),
            *("-o", str(out), "--force"),
        ],
    }


def run(args: list[str], tree: Path) -> tuple[float, float]:
    """Wall and CPU seconds of one fresh process running from ``tree``."""
    env = dict(os.environ, PYTHONPATH=str(tree))
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run([sys.executable, *args], cwd=tree, env=env, check=True, capture_output=True)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--baseline", type=Path, help="an earlier tree to compare with")
    args = parser.parse_args()
    trees = {"ours": ROOT} | ({"baseline": args.baseline.resolve()} if args.baseline else {})
    with tempfile.TemporaryDirectory() as tmp:
        cmds = commands(Path(tmp) / "x.docx")
        figures: dict[tuple[str, str], list[tuple[float, float]]] = {
            (c, t): [] for c in cmds for t in trees
        }
        for _ in range(args.runs):  # interleaved: both trees see the same load
            for name, cmd in cmds.items():
                for label, tree in trees.items():
                    figures[name, label].append(run(cmd, tree))
    print(
        f"machine: {platform.node()} · {os.cpu_count()} cores · Python "
        f"{platform.python_version()} · load {os.getloadavg()[0]:.1f} · median of {args.runs}"
    )
    for name in cmds:
        line = f"{name:30}"
        for label in trees:
            walls, cpus = zip(*figures[name, label], strict=True)
            line += f"  {label}: wall {statistics.median(walls):.3f} s cpu {statistics.median(cpus):.3f} s"
        if args.baseline:
            ours = statistics.median(c for _, c in figures[name, "ours"])
            base = statistics.median(c for _, c in figures[name, "baseline"])
            line += f"  cpu ratio {base / ours:.2f}×"
        print(line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
