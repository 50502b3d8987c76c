"""LibreOffice processes under a watchdog: :class:`Guarded`, pipe names, memory.  受看护的 LibreOffice 进程。

Every LibreOffice runs under :mod:`doctemplates.pdf._guard` (started by path, ``-I -S``)
in its own process group, which dies with the parent.  Split from
:mod:`doctemplates.pdf._soffice` (issue 14); import the names from there.
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path

from doctemplates.pdf.errors import PdfError

# -- processes ---------------------------------------------------------------------------
GUARD = Path(__file__).with_name("_guard.py")


class Guarded:
    """A command in its own process group under :mod:`~doctemplates.pdf._guard`.

    The guard holds the read end of a pipe whose write end only this process
    has: when this process dies (``kill -9`` included) the guard sees
    end-of-file and kills the whole group.  :meth:`kill` does the same now.
    """

    def __init__(
        self,
        command: Sequence[str],
        env: Mapping[str, str],
        *,
        stderr: bool = False,
        remove: Sequence[str] = (),
    ) -> None:
        read_end, self._watch = os.pipe()
        extra = [arg for path in remove for arg in ("--remove", path)]
        try:
            self._guard = subprocess.Popen(
                [sys.executable, "-I", "-S", str(GUARD), str(read_end), *extra, "--", *command],
                env=dict(env),
                stdin=subprocess.DEVNULL,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE if stderr else subprocess.DEVNULL,
                pass_fds=(read_end,),
                process_group=0,  # not in our group: a kill of our group must not take the guard
            )
        except OSError as exc:
            os.close(self._watch)
            raise PdfError(f"无法启动 LibreOffice：{exc.strerror}") from exc
        finally:
            os.close(read_end)
        assert self._guard.stdout is not None
        line = self._guard.stdout.readline()
        try:
            self.pgid = int(line)
        except ValueError:
            self.kill()
            raise PdfError("无法启动 LibreOffice（看护进程没有启动它）") from None

    @property
    def pid(self) -> int:
        """The pid of the started command (the leader of its process group)."""
        return self.pgid

    def alive(self) -> bool:
        return self._guard.poll() is None

    def wait(self, timeout: float) -> tuple[int, str]:
        """Wait for the command; its exit status and standard error (when captured)."""
        _out, err = self._guard.communicate(timeout=timeout)
        return self._guard.returncode, (err or b"").decode("utf-8", "replace").strip()

    def kill(self) -> None:
        """Kill the whole group now and reap the guard.  Idempotent."""
        if hasattr(self, "pgid"):
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.killpg(self.pgid, signal.SIGKILL)
        if self._watch >= 0:
            os.close(self._watch)
            self._watch = -1
        with contextlib.suppress(subprocess.TimeoutExpired):
            self._guard.wait(5)
        for stream in (self._guard.stdout, self._guard.stderr):
            if stream is not None:
                with contextlib.suppress(OSError):
                    stream.close()


def pipe_socket(name: str) -> str:
    """Where LibreOffice puts the socket of ``--accept=pipe,name=NAME`` (always /tmp)."""
    return f"/tmp/OSL_PIPE_{os.getuid()}_{name}"


def group_rss_mb(pgid: int, name: str = "soffice.bin") -> float:
    """Resident memory (MiB) of the ``name`` processes of process group ``pgid`` (Linux /proc)."""
    return sum(_rss_kib(pid) for pid in group_pids(pgid, name)) / 1024


def group_pids(pgid: int, name: str = "soffice.bin") -> list[int]:
    """The pids of the ``name`` processes of process group ``pgid`` (a scan of /proc)."""
    found = []
    with contextlib.suppress(OSError):
        for entry in os.scandir("/proc"):
            if entry.name.isdigit() and _member(int(entry.name), pgid, name):
                found.append(int(entry.name))
    return found


def _member(pid: int, pgid: int, name: str) -> bool:
    """Whether process ``pid`` is a ``name`` of group ``pgid`` (False when it is gone)."""
    try:
        stat_line = Path(f"/proc/{pid}/stat").read_text()
        comm = stat_line[stat_line.index("(") + 1 : stat_line.rindex(")")]
        fields = stat_line[stat_line.rindex(")") + 2 :].split()
        return int(fields[2]) == pgid and comm == name
    except (OSError, ValueError, IndexError):
        return False


def _rss_kib(pid: int) -> int:
    """``VmRSS`` of ``pid`` in KiB (0 when it is gone)."""
    with contextlib.suppress(OSError, ValueError, IndexError):
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0


class GroupRss:
    """:func:`group_rss_mb` of one group, asked after every conversion (issue 20 §2).

    The scan of every ``/proc/<pid>/stat`` cost 4–7 ms of CPU per conversion on a
    machine running a few hundred processes; the pids of ``soffice.bin`` are kept and
    only looked up again when one of them is gone or no longer in the group (``oosplash``
    restarts ``soffice.bin`` after a first start or a crash), or none was found yet.
    """

    def __init__(self, pgid: int, name: str = "soffice.bin") -> None:
        self.pgid, self.name = pgid, name
        self._pids: list[int] = []

    def __call__(self) -> float:
        if not self._pids or not all(_member(p, self.pgid, self.name) for p in self._pids):
            self._pids = group_pids(self.pgid, self.name)
        return sum(_rss_kib(pid) for pid in self._pids) / 1024
