"""A real ``doctemplates serve`` process on 127.0.0.1 for the tests.  测试用的真实服务进程。"""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx

LAUNCHER = Path(__file__).with_name("_launch.py")
ROOT = Path(__file__).resolve().parents[2]
TOKEN = "test-token-0123456789abcdef"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class Server:
    """A running server: its address, token, process and the audit log of watched opens."""

    url: str
    token: str | None
    process: subprocess.Popen[bytes]
    watched: Path
    audit_log: Path
    output: Path

    def client(self, *, token: bool = True, timeout: float = 120) -> httpx.Client:
        headers = {"Authorization": f"Bearer {self.token}"} if token and self.token else {}
        return httpx.Client(base_url=self.url, headers=headers, timeout=timeout)

    def opened(self) -> list[str]:
        """Paths below :attr:`watched` the server process opened so far."""
        return self.audit_log.read_text(encoding="utf-8").splitlines()

    def log(self) -> str:
        return self.output.read_text(encoding="utf-8", errors="replace")


@contextlib.contextmanager
def running_server(
    folder: Path, *options: str, token: bool = True, ready: bool = True
) -> Iterator[Server]:
    """Start a server, wait until ``/healthz`` (and ``/readyz`` when ``ready``) answer, stop it after."""
    port = free_port()
    watched = folder / "watched"
    watched.mkdir(parents=True, exist_ok=True)
    audit_log = folder / "audit.log"
    audit_log.touch()
    output = folder / "server.log"
    args = ["serve", "--host", "127.0.0.1", "--port", str(port), *options]
    if token:
        token_file = folder / "tokens.txt"
        token_file.write_text(f"# 测试令牌\n{TOKEN}\n", encoding="utf-8")
        args += ["--token-file", str(token_file)]
    with output.open("wb") as out:
        process = subprocess.Popen(
            [sys.executable, str(LAUNCHER), str(watched), str(audit_log), *args],
            cwd=ROOT,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    server = Server(
        f"http://127.0.0.1:{port}", TOKEN if token else None, process, watched, audit_log, output
    )
    try:
        _wait(server, ready)
        yield server
    finally:
        _stop(process)


def _wait(server: Server, ready: bool, limit: float = 120) -> None:
    deadline = time.monotonic() + limit
    path = "/readyz" if ready else "/healthz"
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            raise RuntimeError(f"server exited: {server.log()}")
        with contextlib.suppress(httpx.HTTPError):
            if httpx.get(server.url + path, timeout=2).status_code == 200:
                return
        time.sleep(0.2)
    raise RuntimeError(f"server not {'ready' if ready else 'up'} in {limit} s: {server.log()}")


def _stop(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
