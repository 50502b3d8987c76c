"""Finding the processes and files of one test run (issue 13 §10).  找出一次运行留下的进程和文件。

Every process a command starts inherits the environment variable
``DOCTEMPLATES_TEST_TAG``: batch workers, the LibreOffice watchdog, ``oosplash``,
``soffice.bin`` and the UNO driver.  Scanning ``/proc/*/environ`` for the tag
finds them whatever their parent, group or session (other developers' LibreOffice
on the same machine is not ours and is never touched).
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import time
import uuid
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
TAG = "DOCTEMPLATES_TEST_TAG"


def tagged(tag: str) -> list[tuple[int, str]]:
    """(pid, command name) of every live process whose environment carries ``tag``."""
    found: list[tuple[int, str]] = []
    needle = f"{TAG}={tag}".encode()
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        with contextlib.suppress(OSError):
            environ = Path(f"/proc/{entry.name}/environ").read_bytes()
            if needle not in environ.split(b"\0"):
                continue
            stat = Path(f"/proc/{entry.name}/stat").read_text()
            if stat[stat.rindex(")") + 2] == "Z":
                continue  # a zombie holds nothing; its parent is gone or about to reap it
            found.append((int(entry.name), stat[stat.index("(") + 1 : stat.rindex(")")]))
    return found


def wait_gone(tag: str, seconds: float = 5.0) -> list[tuple[int, str]]:
    """The tagged processes still alive after ``seconds`` (empty when all ended)."""
    deadline = time.monotonic() + seconds
    while True:
        left = tagged(tag)
        if not left or time.monotonic() > deadline:
            return left
        time.sleep(0.1)


def kill_tagged(tag: str) -> None:
    """Clean up after a failed assertion (only processes of this run)."""
    for pid, _name in tagged(tag):
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.kill(pid, signal.SIGKILL)


@dataclass
class Run:
    """One command line started with its own tag, TMPDIR and profile cache."""

    argv: list[str]
    tmpdir: Path
    cache: Path
    cwd: Path
    tag: str = ""

    def env(self) -> dict[str, str]:
        env = dict(os.environ)
        env.update(
            {
                TAG: self.tag,
                "TMPDIR": str(self.tmpdir),
                "DOCTEMPLATES_CACHE": str(self.cache),
                "PYTHONPATH": str(ROOT),
            }
        )
        return env

    def start(self) -> subprocess.Popen[bytes]:
        self.tag = uuid.uuid4().hex
        return subprocess.Popen(
            [sys.executable, "-m", "doctemplates", *self.argv],
            cwd=self.cwd,
            env=self.env(),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            start_new_session=True,
        )

    def run(self, timeout: float = 300) -> subprocess.CompletedProcess[bytes]:
        proc = self.start()
        _out, err = proc.communicate(timeout=timeout)
        return subprocess.CompletedProcess(proc.args, proc.returncode, b"", err)


def pipe_sockets(pid: int) -> list[str]:
    """LibreOffice pipe sockets in /tmp named after ``pid`` (our pipe names carry it)."""
    return sorted(
        p for p in os.listdir("/tmp") if p.startswith(f"OSL_PIPE_{os.getuid()}_doctemplates_{pid}_")
    )


def tree(path: Path) -> set[str]:
    return {str(p.relative_to(path)) for p in path.rglob("*")}
