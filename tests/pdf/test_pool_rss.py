"""The pool's memory reading after every conversion (issue 20 §2).  转换池的内存读数。

:class:`~doctemplates.pdf._officeproc.GroupRss` keeps the pids it found instead of
scanning every ``/proc/<pid>/stat`` per document; it must give what the full scan
gives, and find the process again when the group replaces it (``oosplash`` restarts
``soffice.bin``).
"""

from __future__ import annotations

import os
import signal
import subprocess
import time

import pytest

from doctemplates.pdf._officeproc import GroupRss, group_pids, group_rss_mb

pytestmark = pytest.mark.skipif(not os.path.isdir("/proc/self"), reason="needs Linux /proc")


def _wait(predicate, timeout: float = 10.0) -> None:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + timeout
    while not predicate():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.02)


def test_kept_pids_follow_a_replaced_process() -> None:
    # A group whose "sleep" is replaced when it dies, as oosplash replaces soffice.bin.
    loop = subprocess.Popen(
        ["/bin/sh", "-c", "while true; do sleep 100; done"], start_new_session=True
    )
    try:
        pgid = loop.pid
        _wait(lambda: len(group_pids(pgid, "sleep")) == 1)
        rss = GroupRss(pgid, "sleep")
        first = group_pids(pgid, "sleep")[0]
        assert rss() == group_rss_mb(pgid, "sleep") > 0
        os.kill(first, signal.SIGKILL)
        _wait(lambda: group_pids(pgid, "sleep") not in ([], [first]))
        second = group_pids(pgid, "sleep")[0]
        assert second != first
        assert rss() == group_rss_mb(pgid, "sleep") > 0
        assert rss._pids == [second]
        # a process of another name in the group, or another group, is not counted
        assert GroupRss(pgid, "no-such-name")() == 0
        assert GroupRss(os.getpgid(0), "sleep")() == group_rss_mb(os.getpgid(0), "sleep")
    finally:
        os.killpg(loop.pid, signal.SIGKILL)
        loop.wait()


def test_a_gone_group_holds_nothing() -> None:
    child = subprocess.Popen(["sleep", "100"], start_new_session=True)
    _wait(lambda: bool(group_pids(child.pid, "sleep")))
    rss = GroupRss(child.pid, "sleep")
    assert rss() > 0
    child.kill()
    child.wait()
    assert rss() == 0
