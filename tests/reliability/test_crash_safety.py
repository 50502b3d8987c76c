"""kill -9 in the middle of a batch: nothing half-written, resume completes.  断电/强杀安全。

A ``doctemplates batch`` run over ``FUZZ_BATCH_RECORDS`` records (300 by default,
2000 in ``make fuzz``) is killed with SIGKILL at a random point.  Then: every
``*.docx`` in the folder opens in python-docx (temporary files are named
``.<name>.<random>.tmp`` and may remain), every manifest entry names an existing
file with that SHA-256, and ``--resume`` finishes the batch with every document
byte-identical to an uninterrupted run.
"""

from __future__ import annotations

import csv
import hashlib
import json
import os
import random
import signal
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import docx
import pytest

from tests.docxbuild import make_template
from tests.reliability.settings import batch_records

ROOT = Path(__file__).resolve().parents[2]
TEMPLATE = make_template(
    [
        "{{ header.doc_number }}",
        "{{ title }}",
        "{%p for p in body %}",
        "{{ p.label }}{{ p.heading }}{{ p.text }}",
        "{%p endfor %}",
        "{{ signature.names|join('、') }}",
        "{{ signature.date }}",
    ]
)
HEADER = ["标题", "发文机关", "发文字号", "signature.date"]


def _records(path: Path, count: int) -> Path:
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(HEADER)
        for i in range(1, count + 1):
            title = f"关于第{i}项工作 & <事项> 的通知" + "𠀀" * (i % 3)
            writer.writerow([title, "示例市科学技术局", f"示科发〔2026〕{i}号", "2026-11-23"])
    return path


def _command(records: Path, out: Path, template: Path, *extra: str) -> list[str]:
    return [
        sys.executable, "-m", "doctemplates", "batch", "document", str(records),
        "-o", str(out), "--template", str(template), "--jobs", "2", *extra,
    ]  # fmt: skip


def _run(command: list[str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(command, capture_output=True, text=True, cwd=ROOT, timeout=900)


def _kill_midway(command: list[str], out: Path, target: int) -> int:
    """Start the batch, SIGKILL its process group once ``target`` documents exist."""
    proc = subprocess.Popen(
        command, cwd=ROOT, start_new_session=True,
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    deadline = time.monotonic() + 600
    try:
        while proc.poll() is None and time.monotonic() < deadline:
            if out.is_dir() and sum(1 for _ in out.glob("*.docx")) >= target:
                break
            time.sleep(0.005)
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()
    return proc.returncode


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _assert_no_partial_docx(out: Path) -> None:
    for path in out.glob("*.docx"):
        assert path.stat().st_size > 0, path
        with zipfile.ZipFile(path) as archive:
            assert archive.testzip() is None, path
        docx.Document(str(path))


def _assert_manifest_consistent(out: Path) -> int:
    lines = (out / "manifest.jsonl").read_text(encoding="utf-8").splitlines()
    entries = 0
    for index, line in enumerate(lines):
        try:
            entry = json.loads(line)
        except json.JSONDecodeError:
            assert index == len(lines) - 1, f"damaged manifest line {index + 1}: {line!r}"
            continue  # the last line may be cut by the kill; resume ignores it
        if "sha256" not in entry:
            continue  # a "writing" line: the name is claimed, the file may not exist yet
        assert _sha256(out / entry["output"]) == entry["sha256"], entry
        entries += 1
    return entries


@pytest.fixture(scope="module")
def batch_inputs(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, Path]:
    """Records, template and an uninterrupted reference run."""
    base = tmp_path_factory.mktemp("crash")
    template = base / "simple.docx"
    template.write_bytes(TEMPLATE)
    records = _records(base / "records.csv", batch_records())
    reference = base / "reference"
    done = _run(_command(records, reference, template))
    assert done.returncode == 0, done.stderr
    return records, template, reference


@pytest.mark.parametrize("seed", [20260901, 7])
def test_kill9_then_resume_is_identical(
    batch_inputs: tuple[Path, Path, Path], tmp_path: Path, seed: int
) -> None:
    records, template, reference = batch_inputs
    count = batch_records()
    target = random.Random(seed).randint(count // 10, count * 7 // 10)
    out = tmp_path / "out"
    code = _kill_midway(_command(records, out, template), out, target)
    assert code == -signal.SIGKILL, f"the batch ended before the kill (target {target})"

    written = sorted(p.name for p in out.glob("*.docx"))
    assert 0 < len(written) < count, f"kill at {target}: {len(written)} documents"
    _assert_no_partial_docx(out)
    assert _assert_manifest_consistent(out) <= len(written)
    leftovers = [p.name for p in out.iterdir() if p.name.endswith(".tmp")]
    assert all(name.startswith(".") for name in leftovers)  # never a *.docx

    resumed = _run(_command(records, out, template, "--resume"))
    assert resumed.returncode == 0, resumed.stderr
    assert "跳过" in resumed.stderr
    expected = {p.name: p.read_bytes() for p in reference.glob("*.docx")}
    actual = {p.name: p.read_bytes() for p in out.glob("*.docx")}
    assert actual.keys() == expected.keys()
    assert [n for n in expected if actual[n] != expected[n]] == []
    assert _assert_manifest_consistent(out) >= count
