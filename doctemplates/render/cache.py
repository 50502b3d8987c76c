"""A signed, size-bounded per-user cache of derived data (compiled templates, font widths).  缓存。

One-off commands pay for work whose result only depends on bytes they have seen
before: compiling a template's parts to Python code, reading a face's advance
widths.  :class:`Store` keeps such results in the user's cache folder
(``doctemplates`` in ``$DOCTEMPLATES_CACHE``, else
``platformdirs.user_cache_path("doctemplates")``, which honours ``$XDG_CACHE_HOME``:
the folder that also holds the LibreOffice profiles, ``doctemplates.pdf``), one
file per key.

Threat model.  An entry is unmarshalled into code the renderer runs, so an entry
must never be trusted beyond what this user wrote.  Every entry carries an
HMAC-SHA256 over its key and payload with a 32-byte secret kept in the same
folder (``key``, mode 0600).  The folder must be a real directory owned by the
current user and not writable by group or others, and so must the key file (as
pip checks its cache): otherwise the cache is off for this process (results are
computed, nothing is read or written).  Someone who can write the folder but not
read the key (a shared or copied cache folder, another account, a restored
backup) can only make entries fail verification: a failing, truncated, corrupt
or unreadable entry is ignored and rebuilt.  Someone who can read the user's
files already runs as the user and is out of scope.  Entries are written to a
temporary file and renamed into place, so concurrent writers never leave a torn
entry (and a torn one would fail its HMAC).  Entries are private (0600 in a 0700
folder) by design: the umask governs the user's outputs, not this cache.

``DOCTEMPLATES_NO_CACHE=1`` (or the command line's ``--no-cache``) turns it off.

>>> import tempfile
>>> store = Store("demo", root=Path(tempfile.mkdtemp()))
>>> store.get("k") is None
True
>>> store.put("k", b"payload"); store.get("k")
b'payload'
"""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import os
import stat
import tempfile
from pathlib import Path

__all__ = ["DISABLE_ENV", "Store", "cache_enabled", "cache_root", "disable"]

DISABLE_ENV = "DOCTEMPLATES_NO_CACHE"
ROOT_ENV = "DOCTEMPLATES_CACHE"
_MAGIC = b"DTC1"
_MAC_SIZE = 32
_KEY_FILE = "key"
#: Whole-store bound (all namespaces) and the largest single entry.
MAX_BYTES = 64 * 1024 * 1024
MAX_ENTRY = 8 * 1024 * 1024

_disabled = False  # set by the command line's --no-cache for this process


def disable() -> None:
    """Turn the cache off for this process (``--no-cache``)."""
    global _disabled
    _disabled = True


def cache_enabled() -> bool:
    """False under ``--no-cache`` or ``DOCTEMPLATES_NO_CACHE`` (any value but empty or ``0``)."""
    return not _disabled and os.environ.get(DISABLE_ENV, "") in ("", "0")


def cache_root() -> Path:
    """The cache folder (not created here)."""
    base = os.environ.get(ROOT_ENV)
    if base:  # as for the LibreOffice profiles: the folder that holds ``doctemplates``
        return Path(base) / "doctemplates"
    from platformdirs import user_cache_path  # only when a cache is used

    return user_cache_path("doctemplates", appauthor=False)


def _private(info: os.stat_result, *, directory: bool) -> bool:
    """Owned by this user, of the expected type, not writable (a key: not readable) by others."""
    right_type = stat.S_ISDIR(info.st_mode) if directory else stat.S_ISREG(info.st_mode)
    others = 0o022 if directory else 0o077
    owner = not hasattr(os, "getuid") or info.st_uid == os.getuid()
    return right_type and owner and not info.st_mode & others


class Store:
    """One namespace of the cache (``compiled``, ``metrics``).  缓存的一类条目。

    ``max_bytes`` bounds the namespace's folder: a write beyond it drops the
    least recently written entries.

    ``get`` and ``put`` never raise for a problem of the cache itself: a cache
    that cannot be used is a cache that misses.
    """

    def __init__(
        self, namespace: str, *, max_bytes: int = MAX_BYTES, root: Path | None = None
    ) -> None:
        self.namespace = namespace
        self.root = root  # None: :func:`cache_root`, looked up at first use
        self.max_bytes = max_bytes
        self._secret: bytes | None = None
        self._folder: Path | None = None
        self._root: Path | None = None
        self._ready = False

    # -- lookup ----------------------------------------------------------------------------
    def get(self, key: str) -> bytes | None:
        """The payload stored under ``key``, or None (absent, off, forged, torn, unreadable)."""
        path = self._path(key, create=False)
        if path is None:
            return None
        try:
            with open(path, "rb") as f:
                info = os.fstat(f.fileno())
                if not stat.S_ISREG(info.st_mode) or info.st_size > MAX_ENTRY + 64:
                    return None
                blob = f.read(MAX_ENTRY + 64)
        except OSError:
            return None
        head = len(_MAGIC) + _MAC_SIZE
        if len(blob) < head or not blob.startswith(_MAGIC):
            return None
        mac, payload = blob[len(_MAGIC) : head], blob[head:]
        assert self._secret is not None  # set by _path
        if not hmac.compare_digest(mac, self._mac(key, payload)):
            return None
        return payload

    def put(self, key: str, payload: bytes) -> None:
        """Store ``payload`` under ``key`` (atomically); silently skipped when it cannot be."""
        if len(payload) > MAX_ENTRY:
            return
        path = self._path(key, create=True)
        if path is None:
            return
        blob = _MAGIC + self._mac(key, payload) + payload
        try:
            fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
        except OSError:
            return
        try:
            with os.fdopen(fd, "wb") as f:
                f.write(blob)
            os.replace(tmp, path)
        except OSError:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
            return
        self._trim()

    # -- internals -------------------------------------------------------------------------
    def _mac(self, key: str, payload: bytes) -> bytes:
        assert self._secret is not None
        message = f"{self.namespace}\0{key}\0".encode() + payload
        return hmac.new(self._secret, message, hashlib.sha256).digest()

    def _path(self, key: str, *, create: bool) -> Path | None:
        if not cache_enabled() or not self._open(create):
            return None
        assert self._folder is not None
        name = hashlib.sha256(key.encode("utf-8", "surrogatepass")).hexdigest()
        return self._folder / name

    def _open(self, create: bool) -> bool:
        """Check (and, when ``create``, make) the folder and the secret; once per root."""
        root = self.root or cache_root()
        if self._ready and root == self._root:
            return True
        try:
            if create:
                root.mkdir(parents=True, exist_ok=True, mode=0o700)
            if not _private(os.lstat(root), directory=True):
                return False
            secret = self._read_secret(root, create)
            if secret is None:
                return False
            folder = root / self.namespace
            if create:
                folder.mkdir(exist_ok=True, mode=0o700)
            if not _private(os.lstat(folder), directory=True):
                return False
        except OSError:
            return False
        self._secret, self._folder, self._root, self._ready = secret, folder, root, True
        return True

    @staticmethod
    def _read_secret(root: Path, create: bool) -> bytes | None:
        path = root / _KEY_FILE
        if create:
            with contextlib.suppress(FileExistsError):
                fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o600)
                with os.fdopen(fd, "wb") as f:  # a reader meanwhile sees a short key: refused
                    f.write(os.urandom(32))
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW)
        with os.fdopen(fd, "rb") as f:
            if not _private(os.fstat(f.fileno()), directory=False):
                return None
            secret = f.read(64)
        return secret if len(secret) == 32 else None

    def _trim(self) -> None:
        """Keep the namespace under ``max_bytes``: drop the least recently written entries."""
        assert self._folder is not None
        try:
            entries = [
                (e.stat().st_mtime_ns, e.stat().st_size, e.path)
                for e in os.scandir(self._folder)
                if e.is_file(follow_symlinks=False) and not e.name.startswith(".tmp-")
            ]
        except OSError:
            return
        total = sum(size for _, size, _ in entries)
        for _, size, path in sorted(entries):
            if total <= self.max_bytes:
                break
            with contextlib.suppress(OSError):
                os.unlink(path)
                total -= size
