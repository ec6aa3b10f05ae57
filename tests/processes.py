"""Start a real server process for a test, wait until it answers on loopback, and always stop it."""

from __future__ import annotations

import contextlib
import subprocess
import time
import urllib.request
from pathlib import Path

import pytest


@contextlib.contextmanager
def running(command: list[str], ready_url: str, log: Path, *, env: dict | None = None, cwd: Path | None = None,
            wait_seconds: float = 30):
    """Run `command` (output to `log`) until the block ends; fail the test if `ready_url` never answers."""
    with open(log, "wb") as out:
        process = subprocess.Popen(command, cwd=cwd, env=env, stdout=out, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + wait_seconds
        while True:
            if process.poll() is not None:
                pytest.fail(f"{command[0]} exited with {process.returncode}: {log.read_text()}")
            try:
                with urllib.request.urlopen(ready_url, timeout=2):
                    break
            except OSError:
                if time.monotonic() > deadline:
                    pytest.fail(f"nothing answered on {ready_url} within {wait_seconds} s: {log.read_text()}")
                time.sleep(0.1)
        yield process
    finally:
        stop(process)


def stop(process: subprocess.Popen, *, kill: bool = False, wait_seconds: float = 10) -> None:
    """Stop a server process (SIGKILL with kill=True, like a crash; else SIGTERM, then SIGKILL if it lingers)
    and wait until it is gone."""
    if process.poll() is None:
        process.kill() if kill else process.terminate()
        try:
            process.wait(timeout=wait_seconds)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
