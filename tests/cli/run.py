"""Run the real command line in a subprocess, as staff would (80 columns, own config folder)."""

from __future__ import annotations

import os
import re
import select
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

#: Files every CLI test can use: fictional bodies, text written for the tests.
NOTICE = """\
kind: document
organs: 示例市科学技术局
doc_number: 示科发〔2026〕7号
title: 关于开展示例工作的通知
recipients: [各区科技局]
body:
  - heading: 工作目标
    paragraphs: [做好示例工作。]
  - heading: 工作要求
    paragraphs: [按时报送。]
signature: {date: 2026-11-23}
"""
CJK = re.compile("[\u4e00-\u9fff]")


@dataclass(frozen=True)
class Result:
    code: int
    stdout: str
    stderr: str

    @property
    def out_lines(self) -> list[str]:
        return self.stdout.splitlines()

    @property
    def err_lines(self) -> list[str]:
        return [line for line in self.stderr.splitlines() if line.strip()]


def user_config(tmp: Path) -> Path:
    """The user's config folder the CLI sees when run in ``tmp`` (beside it, not inside)."""
    return tmp.parent / f"{tmp.name}.config"


def env(tmp: Path, **extra: str) -> dict[str, str]:
    """A clean environment: 80 columns, no colours, an empty user config folder of its own."""
    base = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("DOCTEMPLATES_", "FORCE_COLOR", "COLUMNS", "LINES", "XDG_CONFIG"))
    }
    base.update(
        COLUMNS="80",
        NO_COLOR="1",
        TERM="dumb",
        XDG_CONFIG_HOME=str(user_config(tmp)),
        PYTHONIOENCODING="utf-8",
    )
    base.update(extra)
    return base


def run(
    *args: str | Path,
    cwd: Path,
    stdin: bytes | None = None,
    timeout: float = 300,
    **extra_env: str,
) -> Result:
    """``python -m doctemplates ARGS`` in ``cwd``; stdout and stderr decoded as UTF-8."""
    done = subprocess.run(
        [sys.executable, "-m", "doctemplates", *map(str, args)],
        cwd=cwd,
        input=stdin,
        capture_output=True,
        timeout=timeout,
        env=env(cwd, **extra_env),
        check=False,
    )
    return Result(
        done.returncode,
        done.stdout.decode("utf-8", "replace"),
        done.stderr.decode("utf-8", "replace"),
    )


def run_bytes(*args: str | Path, cwd: Path) -> tuple[int, bytes, str]:
    """Like :func:`run`, standard output kept as bytes (``-o -``)."""
    done = subprocess.run(
        [sys.executable, "-m", "doctemplates", *map(str, args)],
        cwd=cwd,
        capture_output=True,
        timeout=300,
        env=env(cwd),
        check=False,
    )
    return done.returncode, done.stdout, done.stderr.decode("utf-8", "replace")


def run_in_terminal(*args: str | Path, cwd: Path, columns: int = 80) -> tuple[int, str]:
    """Run with standard error on a pseudo-terminal (``os.openpty``): what a person sees there.

    Returns the exit code and everything written to the terminal (ANSI codes left in).
    """
    master, slave = os.openpty()
    import fcntl
    import struct
    import termios

    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 24, columns, 0, 0))
    environment = env(cwd, TERM="xterm-256color")
    environment.pop("NO_COLOR", None)
    process = subprocess.Popen(
        [sys.executable, "-m", "doctemplates", *map(str, args)],
        cwd=cwd,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=slave,
        env=environment,
    )
    os.close(slave)
    chunks: list[bytes] = []
    deadline = time.monotonic() + 600
    try:
        while time.monotonic() < deadline:
            ready, _, _ = select.select([master], [], [], 0.5)
            if ready:
                try:
                    data = os.read(master, 65536)
                except OSError:  # EIO: the child closed the terminal
                    break
                if not data:
                    break
                chunks.append(data)
            elif process.poll() is not None:
                break
        code = process.wait(timeout=60)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
        os.close(master)
    return code, b"".join(chunks).decode("utf-8", "replace")


def one_sentence(result: Result) -> str:
    """The error a person sees: exactly one line on standard error, Chinese, class name last."""
    lines = result.err_lines
    assert len(lines) == 1, result.stderr
    line = lines[0]
    assert line.startswith("错误："), line
    assert CJK.search(line), line
    assert "Traceback" not in result.stderr
    assert re.search(r"（[A-Za-z]+）$", line), line
    return line
