"""Start ``doctemplates serve`` with an audit hook that logs every file opened under a folder.

The service tests run the real server in its own process through this launcher:
``python tests/service/_launch.py WATCHED_DIR LOG_FILE serve --port …``.  The
hook (``sys.addaudithook``) writes one line per ``open`` of a path below
WATCHED_DIR, so a test can prove that posted data made the server open nothing.
"""

from __future__ import annotations

import os
import sys


def install_hook(watched: str, log_path: str) -> None:
    """Log every ``open`` (and directory listing) below ``watched`` to ``log_path``."""
    watched = os.path.realpath(watched)
    log = open(log_path, "a", buffering=1, encoding="utf-8")  # noqa: SIM115 - lives as long as the process

    def hook(event: str, hook_args: tuple[object, ...]) -> None:
        if event not in ("open", "os.listdir", "os.scandir") or not hook_args:
            return
        target = hook_args[0]
        if isinstance(target, bytes):
            target = target.decode("utf-8", "replace")
        if isinstance(target, str) and os.path.realpath(target).startswith(watched):
            log.write(f"{event} {target}\n")

    sys.addaudithook(hook)


def main() -> None:
    watched, log_path, *args = sys.argv[1:]
    install_hook(watched, log_path)
    from doctemplates.cli import app

    sys.argv = ["doctemplates", *args]
    app()


if __name__ == "__main__":
    main()
