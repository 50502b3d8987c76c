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
    total = 0
    with contextlib.suppress(OSError):
        for entry in os.scandir("/proc"):
            if not entry.name.isdigit():
                continue
            with contextlib.suppress(OSError, ValueError, IndexError):
                stat_line = Path(f"/proc/{entry.name}/stat").read_text()
                comm = stat_line[stat_line.index("(") + 1 : stat_line.rindex(")")]
                fields = stat_line[stat_line.rindex(")") + 2 :].split()
                if int(fields[2]) != pgid or comm != name:
                    continue
                for line in Path(f"/proc/{entry.name}/status").read_text().splitlines():
                    if line.startswith("VmRSS:"):
                        total += int(line.split()[1])
    return total / 1024
