"""``batch --pdf`` streams: PDFs are written as they arrive, in order (issue 20 §2).

The conversion itself is replaced by a stand-in that takes as long as each test says,
so these tests need no LibreOffice; ``tests/test_batch.py`` runs the real thing.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from doctemplates import batch
from doctemplates.batch import RecordResult, _Conversion
from doctemplates.batchmanifest import _Manifest
from doctemplates.errors import DataError, DocTemplatesError

Convert = Callable[[Path], bytes | DocTemplatesError]


def _stand_in(monkeypatch: pytest.MonkeyPatch, one: Convert, threads: int = 2) -> None:
    monkeypatch.setattr(batch, "_converter", lambda font_dirs: (one, threads))


def _documents(out: Path, count: int, seen: list[int]) -> Iterator[RecordResult]:
    """Rendered records arriving one by one; ``seen`` counts how many have arrived."""
    for row in range(2, count + 2):
        name = f"{row:05}.docx"
        (out / name).write_bytes(b"docx %d" % row)
        seen.append(row)
        if row == 5:
            yield RecordResult(row, error="数据错误")  # a failed record between the others
        else:
            yield RecordResult(row, name)


def test_pdfs_are_written_while_records_still_arrive(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _stand_in(monkeypatch, lambda path: b"%PDF " + path.read_bytes())
    manifest = _Manifest.prepare(tmp_path, resume=False, force=False)
    seen: list[int] = []
    stream = _Conversion(tmp_path, manifest, force=False).each(_documents(tmp_path, 20, seen))
    first = next(stream)
    # the group barrier wrote nothing before 8 documents had arrived; the window holds
    # at most 2 × threads
    assert len(seen) <= 5
    assert first.row == 2 and first.pdf == "00002.pdf"
    assert (tmp_path / "00002.pdf").read_bytes() == b"%PDF docx 2"
    rest = list(stream)
    manifest.close()
    assert [r.row for r in [first, *rest]] == list(range(2, 22))
    assert [r.row for r in rest if not r.ok] == [5]
    assert all((tmp_path / f"{r.row:05}.pdf").exists() for r in rest if r.ok)


def test_order_stays_when_later_documents_finish_first(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    finished: list[str] = []
    lock = threading.Lock()

    def one(path: Path) -> bytes | DocTemplatesError:
        row = int(path.stem)
        time.sleep(0.02 * (6 - row % 6))  # within each window the last finishes first
        with lock:
            finished.append(path.stem)
        if row == 9:
            return DataError("PDF 缺少文字")
        return b"%PDF " + path.read_bytes()

    _stand_in(monkeypatch, one, threads=3)
    manifest = _Manifest.prepare(tmp_path, resume=False, force=False)
    out = list(_Conversion(tmp_path, manifest, force=False).each(_documents(tmp_path, 14, [])))
    manifest.close()
    assert finished != sorted(finished)  # the conversions did finish out of order
    assert [r.row for r in out] == list(range(2, 16))
    failed = {r.row: r.error for r in out if not r.ok}
    assert set(failed) == {5, 9} and "PDF 转换失败" in (failed[9] or "")
    assert not (tmp_path / "00009.pdf").exists()
    assert [p.name for p in tmp_path.glob("*.pdf")] and not list(tmp_path.glob("*.tmp*"))


def test_a_stopped_batch_leaves_no_conversion_running(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    running = threading.Semaphore(0)
    started: list[str] = []

    def one(path: Path) -> bytes | DocTemplatesError:
        started.append(path.stem)
        time.sleep(0.05)
        running.release()
        return b"%PDF"

    _stand_in(monkeypatch, one)
    manifest = _Manifest.prepare(tmp_path, resume=False, force=False)
    stream = _Conversion(tmp_path, manifest, force=False).each(_documents(tmp_path, 40, []))
    next(stream)
    stream.close()  # the consumer stops (an error upstream, Ctrl-C): the window is drained
    manifest.close()
    assert len(started) <= 6  # bounded: never the whole batch
    assert all(running.acquire(blocking=False) for _ in started)  # each one had finished
