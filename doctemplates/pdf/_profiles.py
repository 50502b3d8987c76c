"""LibreOffice user profiles in a per-user cache folder (:class:`ProfileSlot`).  用户配置目录。

Split from :mod:`doctemplates.pdf._soffice` (issue 14); import the names from there.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import shutil
import tempfile
from pathlib import Path
from typing import IO

from doctemplates.pdf.errors import PdfError

# -- profiles --------------------------------------------------------------------------------
_SLOTS = 64


def cache_root() -> Path:
    """The per-user folder of reusable LibreOffice profiles.

    ``$DOCTEMPLATES_CACHE`` or ``$XDG_CACHE_HOME`` or ``~/.cache``, then
    ``doctemplates/libreoffice``; where that cannot be made, a per-user folder
    in the temporary directory (also reused).
    """
    base = os.environ.get("DOCTEMPLATES_CACHE") or os.environ.get("XDG_CACHE_HOME")
    candidates = [Path(base)] if base else []
    candidates.append(Path.home() / ".cache")
    for folder in candidates:
        root = folder / "doctemplates" / "libreoffice"
        with contextlib.suppress(OSError, RuntimeError):
            root.mkdir(parents=True, exist_ok=True, mode=0o700)
            if _private_dir(root):
                return root
    root = Path(tempfile.gettempdir()) / f"doctemplates-libreoffice-{os.getuid()}"
    root.mkdir(exist_ok=True, mode=0o700)
    if not _private_dir(root):
        raise PdfError(f"LibreOffice 配置目录 {root} 不属于当前用户或可被他人写入")
    return root


def _private_dir(path: Path) -> bool:
    info = os.lstat(path)
    import stat as _stat

    return (
        _stat.S_ISDIR(info.st_mode)
        and info.st_uid == os.getuid()
        and not info.st_mode & (_stat.S_IWGRP | _stat.S_IWOTH)
    )


class ProfileSlot:
    """One reusable LibreOffice profile, locked (``flock``) while a process uses it.

    ``profile`` is the user installation, ``scratch`` LibreOffice's ``TMPDIR``,
    ``work`` the folder of the document being converted.  The lock goes with
    the process, so a slot of a killed run is free again (and its leftovers
    are cleared when it is next taken).
    """

    def __init__(self, folder: Path, lock: IO[bytes]) -> None:
        self.folder = folder
        self.profile = folder / "profile"
        self.scratch = folder / "tmp"
        self.work = folder / "work"
        self._lock: IO[bytes] | None = lock
        self._clear_all()

    @classmethod
    def acquire(cls) -> ProfileSlot:
        root = cache_root()
        for index in range(_SLOTS):
            lock = open(root / f"slot-{index}.lock", "ab")  # noqa: SIM115 - held while in use
            try:
                fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except OSError:
                lock.close()
                continue
            return cls(root / f"slot-{index}", lock)
        raise PdfError(f"同时运行的 LibreOffice 超过 {_SLOTS} 个，请稍后再试")

    def fresh_work(self) -> Path:
        shutil.rmtree(self.work, ignore_errors=True)
        self.work.mkdir(parents=True, mode=0o700)
        return self.work

    def clear(self) -> None:
        """Remove the documents of the last conversion (LibreOffice may still run)."""
        shutil.rmtree(self.work, ignore_errors=True)

    def _clear_all(self) -> None:
        """Also LibreOffice's temporary files: only while no LibreOffice uses the slot."""
        for folder in (self.work, self.scratch):
            shutil.rmtree(folder, ignore_errors=True)

    def release(self) -> None:
        self._clear_all()
        if self._lock is not None:
            self._lock.close()
            self._lock = None

    def __enter__(self) -> ProfileSlot:
        return self

    def __exit__(self, *exc: object) -> None:
        self.release()
