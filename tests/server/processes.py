"""Helpers of the server tests: wait for a condition, start a server process."""

from __future__ import annotations

import os
import subprocess
import sys
import time

from spark_nb.engine import server_link


def wait_for(condition, timeout: float, what: str = "the condition") -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.05)
    raise AssertionError(f"{what} did not hold within {timeout} s")


def start_server(*args: str) -> subprocess.Popen:
    proc = subprocess.Popen([sys.executable, "-m", "spark_nb.server", *args],
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                            env={**os.environ, "SPARK_NB_SERVER": "off"})
    wait_for(lambda: server_link.probe(0.5) is not None or proc.poll() is not None, 60, "the server")
    assert proc.poll() is None, proc.stdout.read()
    return proc


