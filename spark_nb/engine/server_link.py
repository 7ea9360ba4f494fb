"""Where the per-user model server lives, how a kernel finds it, and how it is started.

The server (``spark-nb serve``, :mod:`spark_nb.server`) listens on a Unix socket in the
user's runtime folder (``$XDG_RUNTIME_DIR/spark_nb``, else ``~/.cache/spark_nb/run``),
a folder of mode 0700 holding a socket of mode 0600. This module is the kernel's side:
it imports nothing of the server, and starts one as a separate process
(``python -m spark_nb.server``), so the engine layer stays below it.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import httpx

from spark_nb.errors import BackendError

PROTOCOL = 1  # what kernels and the server speak; a change makes them refuse each other
BASE_URL = "http://spark-nb/v1"  # the host is ignored over a Unix socket
START_WAIT = 60.0  # seconds a kernel waits for a server it started to listen
VERSION_HEADER = "X-Spark-NB-Version"
ALREADY_RUNNING = 3  # the exit code of a server that found another one holding the lock


def available() -> bool:
    """Whether this Python can run the server (the ``server`` extra is installed)."""
    import importlib.util

    return all(importlib.util.find_spec(m) is not None for m in ("uvicorn", "starlette"))


def runtime_dir() -> Path:
    """The folder of the socket, lock and token (``SPARK_NB_RUNTIME_DIR`` overrides it)."""
    base = os.environ.get("SPARK_NB_RUNTIME_DIR")
    if base:
        return Path(base).expanduser()
    xdg = os.environ.get("XDG_RUNTIME_DIR")
    if xdg and Path(xdg).is_dir():
        return Path(xdg) / "spark_nb"
    return Path.home() / ".cache" / "spark_nb" / "run"


def make_runtime_dir() -> Path:
    """The runtime folder, created with mode 0700 (and made so if it was wider)."""
    path = runtime_dir()
    path.mkdir(parents=True, exist_ok=True, mode=0o700)
    info = path.stat()
    if info.st_uid != os.getuid():
        raise BackendError(f"the runtime folder {path} belongs to another user; the model "
                           "server's socket must be in a folder of your own (SPARK_NB_RUNTIME_DIR)")
    if info.st_mode & 0o077:
        path.chmod(0o700)
    return path


def socket_path() -> Path:
    return runtime_dir() / "server.sock"


def token_path() -> Path:
    """The bearer token of the optional TCP listener (mode 0600)."""
    return runtime_dir() / "token"


def lock_path() -> Path:
    return runtime_dir() / "server.lock"


def version() -> str:
    from spark_nb._version import __version__

    return __version__


@dataclass
class Status:
    """What a running server says of itself (``GET /spark/status``)."""

    body: dict

    @property
    def protocol(self) -> int:
        return int(self.body.get("protocol", 0))

    @property
    def version(self) -> str:
        return str(self.body.get("version", "?"))


def client(timeout: float = 2.0, path: Path | None = None) -> httpx.Client:
    """An HTTP client over the server's socket (no proxy, no environment)."""
    transport = httpx.HTTPTransport(uds=str(path or socket_path()))
    return httpx.Client(transport=transport, timeout=timeout, trust_env=False)


def probe(timeout: float = 2.0, path: Path | None = None) -> Status | None:
    """The running server's status, or None when nothing answers on the socket."""
    sock = path or socket_path()
    if not sock.exists():
        return None
    try:
        with client(timeout, sock) as c:
            resp = c.get("http://spark-nb/spark/status")
    except (httpx.TransportError, OSError):
        return None
    if resp.status_code != 200:
        return None
    try:
        return Status(resp.json())
    except ValueError:
        return None


def mismatch(status: Status) -> str | None:
    """What to do when the server speaks another protocol, or None when it matches."""
    if status.protocol == PROTOCOL:
        return None
    return (f"the model server runs spark-nb {status.version} (protocol {status.protocol}), "
            f"this kernel {version()} (protocol {PROTOCOL}): stop it with `spark-nb serve --stop`; "
            "the next request starts a matching one")


def start(idle: float | None = None, log: Path | None = None) -> subprocess.Popen:
    """Start a server in the background, detached from this process's session."""
    directory = make_runtime_dir()
    cmd = [sys.executable, "-m", "spark_nb.server"]
    if idle is not None:
        cmd += ["--idle", str(idle)]
    out = open(log or directory / "server.log", "ab")
    env = {**os.environ, "SPARK_NB_SERVER": "off"}  # the server's own engines are in-process
    try:
        return subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=out, stderr=out,
                                start_new_session=True, env=env, close_fds=True)
    finally:
        out.close()


def ensure(idle: float | None = None, wait: float = START_WAIT) -> Status:
    """The running server's status, starting one when none runs; raise when none comes up."""
    status = probe()
    if status is not None:
        return status
    try:
        proc = start(idle)
    except OSError as exc:
        raise BackendError(f"the model server cannot be started: {exc}") from exc
    deadline = time.monotonic() + wait
    while time.monotonic() < deadline:
        status = probe()
        if status is not None:
            return status
        code = proc.poll()
        if code is not None and code not in (0, ALREADY_RUNNING):  # another one is starting
            raise BackendError(f"the model server did not start (exit code {code}); its log is "
                               f"{runtime_dir() / 'server.log'}")
        time.sleep(0.1)
    raise BackendError(f"the model server did not answer within {wait:g} s; its log is "
                       f"{runtime_dir() / 'server.log'}")


def read_token() -> str | None:
    try:
        return token_path().read_text().strip() or None
    except OSError:
        return None


def status_json(status: Status) -> str:
    return json.dumps(status.body, indent=2, sort_keys=True)
