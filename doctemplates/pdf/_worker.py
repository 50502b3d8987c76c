"""One warm LibreOffice worker: ``soffice --accept=pipe`` plus the UNO driver.  常驻转换进程。

The parent talks to :mod:`doctemplates.pdf._driver` (run by a Python that has
``uno``) over JSON lines.  LibreOffice runs under a watchdog
(:class:`~doctemplates.pdf._soffice.Guarded`) in a process group of its own,
and the driver joins that group: :meth:`Worker.kill` ends ``oosplash``,
``soffice.bin`` and the driver at once, and so does the watchdog when this
process dies without clean-up (``kill -9``).
"""

from __future__ import annotations

import contextlib
import json
import os
import queue
import subprocess
import threading
import time
import uuid
from collections.abc import Mapping
from pathlib import Path
from typing import Any, cast

from doctemplates.pdf._officeproc import GroupRss
from doctemplates.pdf._soffice import (
    Guarded,
    office_args,
    office_env,
    pipe_socket,
)
from doctemplates.pdf.errors import PdfError, PdfTimeoutError, WorkerCrashedError

__all__ = ["DRIVER", "Worker"]

DRIVER = Path(__file__).with_name("_driver.py")
_EOF = object()


class Worker:
    """A started LibreOffice process and its driver; not thread-safe (one caller)."""

    def __init__(
        self,
        soffice: str,
        python: str,
        env: Mapping[str, str],
        profile: Path,
        *,
        startup_timeout: float = 60,
        scratch: Path | None = None,
    ) -> None:
        self.pipe_name = f"doctemplates_{os.getpid()}_{uuid.uuid4().hex[:12]}"
        self.jobs = 0
        self._closing = False  # a converted document is being closed (the driver answers "closed")
        self._lines: queue.Queue[Any] = queue.Queue()
        office_environ = office_env(env, scratch or profile.parent / "tmp")
        self._office = self._spawn_office(soffice, office_environ, profile)
        self._rss = GroupRss(self._office.pgid)
        try:
            self._driver = self._spawn_driver(python, office_environ, startup_timeout)
        except BaseException:
            self._office.kill()
            raise
        threading.Thread(target=self._read, name=f"{self.pipe_name}-reader", daemon=True).start()
        self._await_ready(startup_timeout)

    def _spawn_office(self, soffice: str, env: Mapping[str, str], profile: Path) -> Guarded:
        command = [
            *office_args(soffice, profile),
            "--nodefault",
            "--nolockcheck",
            f"--accept=pipe,name={self.pipe_name};urp;",
        ]
        return Guarded(command, env, remove=[pipe_socket(self.pipe_name)])

    def _spawn_driver(
        self, python: str, env: Mapping[str, str], startup_timeout: float
    ) -> subprocess.Popen[str]:
        clean = {k: v for k, v in env.items() if k not in ("PYTHONHOME", "PYTHONPATH")}
        return subprocess.Popen(
            [python, "-u", str(DRIVER), self.pipe_name, str(startup_timeout)],
            env=clean,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            text=True,
            encoding="utf-8",
            process_group=self._office.pgid,  # killed with LibreOffice, by us or by the guard
        )

    def _read(self) -> None:
        assert self._driver.stdout is not None
        with contextlib.suppress(OSError, ValueError):
            for line in self._driver.stdout:
                with contextlib.suppress(ValueError):
                    self._lines.put(json.loads(line))
        self._lines.put(_EOF)

    def _receive(self, timeout: float) -> dict[str, Any]:
        try:
            message = self._lines.get(timeout=timeout)
        except queue.Empty:
            raise PdfTimeoutError(f"LibreOffice 转换超时（超过 {timeout:.0f} 秒）") from None
        if message is _EOF:
            raise WorkerCrashedError("LibreOffice 进程意外退出")
        return cast(dict[str, Any], message)

    def _await_ready(self, timeout: float) -> None:
        try:
            message = self._receive(timeout + 5)
        except PdfError:
            self.kill()
            raise WorkerCrashedError("LibreOffice 未能启动（常驻进程无响应）") from None
        if not message.get("ready"):
            self.kill()
            raise WorkerCrashedError(f"LibreOffice 未能启动：{message.get('error', '')[:200]}")

    @property
    def office_pid(self) -> int:
        """The pid of the ``soffice`` launcher (its group holds ``soffice.bin`` and the driver)."""
        return self._office.pid

    def alive(self) -> bool:
        """Both processes are still running."""
        return self._office.alive() and self._driver.poll() is None

    def rss_mb(self) -> float:
        """Resident memory of ``soffice.bin`` in MiB (0 where /proc cannot tell)."""
        return self._rss()

    def _closed(self, timeout: float) -> None:
        """Wait for the last document to be closed (the driver closes it after answering).

        A close that does not end in ``timeout`` is the last document's fault: the worker
        counts as crashed, so the pool converts the next document on a new one.
        """
        if not self._closing:
            return
        try:
            message = self._receive(timeout)
        except PdfTimeoutError:
            raise WorkerCrashedError("LibreOffice 关闭上一份文档时无响应") from None
        if not message.get("closed"):
            raise WorkerCrashedError("LibreOffice 常驻进程应答错乱")
        self._closing = False

    def convert(self, job: Mapping[str, Any], timeout: float) -> None:
        """Run one conversion; raises on failure, timeout or a dead worker."""
        self._closed(timeout)
        if not self.alive():
            raise WorkerCrashedError("LibreOffice 进程意外退出")
        assert self._driver.stdin is not None
        try:
            self._driver.stdin.write(json.dumps(job, ensure_ascii=False) + "\n")
            self._driver.stdin.flush()
        except OSError:
            raise WorkerCrashedError("LibreOffice 进程意外退出") from None
        self.jobs += 1
        reply = self._receive(timeout)
        if reply.get("ok"):
            self._closing = True
            return
        if reply.get("fatal"):
            raise WorkerCrashedError("LibreOffice 进程意外退出")
        raise PdfError(f"LibreOffice 无法转换该文档：{str(reply.get('error', ''))[:200]}")

    def stop(self, grace: float = 5) -> None:
        """Ask LibreOffice to quit, then make sure every process is gone."""
        if self._driver.poll() is None and self._driver.stdin is not None:
            with contextlib.suppress(OSError, ValueError):
                self._driver.stdin.write('{"quit": true}\n')
                self._driver.stdin.flush()
        with contextlib.suppress(subprocess.TimeoutExpired):
            self._driver.wait(grace)
        deadline = time.monotonic() + grace
        while self._office.alive() and time.monotonic() < deadline:
            time.sleep(0.05)
        self.kill()

    def kill(self) -> None:
        """End LibreOffice and the driver at once (SIGKILL to their group) and reap them."""
        self._office.kill()  # the guard also removes the pipe socket
        with contextlib.suppress(subprocess.TimeoutExpired):
            self._driver.wait(5)
        for stream in (self._driver.stdin, self._driver.stdout):
            if stream is not None:
                with contextlib.suppress(OSError, ValueError):
                    stream.close()
