"""Watchdog of one LibreOffice process group (run as a script, standard library only).

``python _guard.py FD [--remove PATH]… -- COMMAND…`` starts COMMAND in a new process group,
prints its pid, then waits.  When the pipe FD reaches end-of-file (the parent
closed it, or died — even by ``kill -9``) or COMMAND ends, it kills the whole
group with SIGKILL (``oosplash``, ``soffice.bin`` and the UNO driver, which
joins that group), removes each PATH (LibreOffice's pipe socket, which it
always makes in /tmp) and exits with COMMAND's status.  LibreOffice forks
``soffice.bin`` from ``oosplash``, so a parent-death signal on the one process
the parent starts would not reach it; a process group does.
"""

import contextlib
import os
import select
import signal
import subprocess
import sys
import time


def _kill_group(pgid: int) -> None:
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(pgid, signal.SIGKILL)


def _remove_when_gone(pgid: int, paths: list[str], patience: float = 2.0) -> None:
    """Remove ``paths`` once the group is gone.  Waiting for ``oosplash`` is not enough:
    ``soffice.bin``, killed in the same call, may still be finishing the ``bind()`` that
    creates its pipe socket, which would then outlive the unlink.  So remove, and again
    while any process of the group is left (at most ``patience`` seconds: a zombie nobody
    reaps counts as left but creates nothing), and once more at the end."""
    deadline = time.monotonic() + patience
    while True:
        for path in paths:
            with contextlib.suppress(OSError):
                os.unlink(path)
        try:
            os.killpg(pgid, 0)
        except (ProcessLookupError, PermissionError):
            break
        if time.monotonic() > deadline:
            break
        time.sleep(0.02)
    for path in paths:
        with contextlib.suppress(OSError):
            os.unlink(path)


def main(argv: list[str]) -> int:
    fd = int(argv[1])
    split = argv.index("--")
    command = argv[split + 1 :]
    options = argv[2:split]
    remove = [options[i + 1] for i, opt in enumerate(options) if opt == "--remove"]
    child = subprocess.Popen(
        command,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        process_group=0,
    )
    sys.stdout.write(f"{child.pid}\n")
    sys.stdout.flush()
    code = None
    try:
        while code is None:
            ready, _, _ = select.select([fd], [], [], 0.2)
            if ready and not os.read(fd, 4096):
                break  # end of file: the parent is gone or asked us to stop
            code = child.poll()
    finally:
        _kill_group(child.pid)
        child.wait()
        _remove_when_gone(child.pid, remove)
    return code if code is not None and code >= 0 else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv))
