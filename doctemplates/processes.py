"""Child processes that end with their parent.  子进程随父进程结束。

A batch forks workers; a PDF conversion starts LibreOffice.  When the parent
is killed with ``kill -9`` nothing runs its clean-up, so every child must go
by itself: batch workers ask the kernel for ``SIGKILL`` at their parent's
death (``PR_SET_PDEATHSIG``), LibreOffice runs under a watchdog
(:mod:`doctemplates.pdf._guard`) that ends its whole process group when the
pipe from the parent closes.
"""

from __future__ import annotations

import ctypes
import os
import signal

__all__ = ["die_with_parent", "set_parent_death_signal"]

_PR_SET_PDEATHSIG = 1


def set_parent_death_signal(sig: int = signal.SIGKILL) -> bool:
    """Ask Linux to send ``sig`` to this process when its parent thread ends.

    Through :mod:`ctypes` because the standard library has no ``prctl`` (the
    ``python-prctl`` package needs a compiler and libcap headers).  Returns
    False where ``prctl`` does not exist (not Linux).
    """
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        return bool(libc.prctl(_PR_SET_PDEATHSIG, int(sig), 0, 0, 0) == 0)
    except (OSError, AttributeError):
        return False


def die_with_parent(parent_pid: int) -> None:
    """Process-pool initializer: end with the parent, at once if it is already gone.

    The signal follows the *thread* that forked the worker: pools are started
    from the thread that submits (the main thread of the command line).
    """
    set_parent_death_signal()
    if os.getppid() != parent_pid:  # the parent died before prctl took effect
        os._exit(1)
