"""Running the model server: one per user, on a Unix socket, stopped when idle.

- A lock file (``flock``) held for the server's life makes it one per user: a second
  server finds the lock taken and exits, saying which process holds it.
- Holding the lock, a socket file left behind by a server that died is stale: it is
  removed and bound again. The socket is created under umask 077 and set to 0600, in a
  runtime folder of mode 0700.
- ``tcp_port``: also listen on 127.0.0.1 (0 picks a free port), every request there
  needing the bearer token kept in a 0600 file (made on first use, kept across runs).
- With no request for ``idle`` seconds (0: never) the server stops by itself.

uvicorn serves the Starlette app on both sockets in one event loop.
"""

from __future__ import annotations

import asyncio
import fcntl
import os
import secrets
import socket
import sys
from pathlib import Path

from spark_nb.engine import server_link
from spark_nb.errors import SparkError

IDLE_CHECK = 1.0  # seconds between looks at the idle time


class AlreadyRunning(Exception):
    """Another server holds the lock."""


def _lock() -> "object":
    path = server_link.lock_path()
    handle = open(path, "a+")
    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        handle.seek(0)
        holder = handle.read().strip() or "?"
        handle.close()
        raise AlreadyRunning(f"a model server is already running (pid {holder}); "
                             "`spark-nb serve --status` shows it") from None
    handle.seek(0)
    handle.truncate()
    handle.write(str(os.getpid()))
    handle.flush()
    return handle


def _unix_socket(path: Path) -> socket.socket:
    if path.exists() or path.is_symlink():
        path.unlink()  # stale: we hold the lock, so no live server owns it
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    old = os.umask(0o177)
    try:
        sock.bind(str(path))
    finally:
        os.umask(old)
    os.chmod(path, 0o600)
    sock.listen(128)
    return sock


def token() -> str:
    """The TCP bearer token, made on first use (mode 0600)."""
    path = server_link.token_path()
    existing = server_link.read_token()
    if existing:
        if path.stat().st_mode & 0o077:
            path.chmod(0o600)
        return existing
    value = secrets.token_urlsafe(32)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w") as f:
        f.write(value + "\n")
    return value


def _tcp_socket(port: int) -> socket.socket:
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", port))
    sock.listen(128)
    return sock


def serve(idle: float = 1800.0, tcp_port: int | None = None, log_level: str = "warning") -> int:
    """Run the server in this process until stopped or idle; 0 on a clean stop, 3 when
    another server already runs."""
    from spark_nb._extras import require

    uvicorn = require("uvicorn", "server", "the model server")
    require("starlette", "server", "the model server")
    from spark_nb.server.app import State, build

    os.environ["SPARK_NB_SERVER"] = "off"  # this process's own engines are in-process
    try:
        server_link.make_runtime_dir()
    except (SparkError, OSError) as exc:
        print(f"spark-nb serve: {exc}", file=sys.stderr)
        return 1
    try:
        lock = _lock()
    except AlreadyRunning as exc:
        print(f"spark-nb serve: {exc}", file=sys.stderr)
        return server_link.ALREADY_RUNNING
    path = server_link.socket_path()
    sockets = [_unix_socket(path)]
    tcp = None
    secret = None
    if tcp_port is not None:
        secret = token()
        sockets.append(_tcp_socket(tcp_port))
        tcp = "http://127.0.0.1:%d/v1" % sockets[-1].getsockname()[1]
    config = uvicorn.Config(None, log_level=log_level, lifespan="off", timeout_graceful_shutdown=3)
    server = uvicorn.Server(config)
    state = State(idle, secret, tcp, stop=lambda: setattr(server, "should_exit", True))
    config.app = build(state)

    async def main() -> None:
        watcher = asyncio.create_task(_stop_when_idle(state, server))
        try:
            await server.serve(sockets=sockets)
        finally:
            watcher.cancel()

    print(f"spark-nb serve: pid {os.getpid()}, socket {path}" + (f", {tcp}" if tcp else "")
          + (f", stops after {idle:g} s idle" if idle else ""), flush=True)
    try:
        asyncio.run(main())
    finally:
        state.models.close()
        _remove(path)
        lock.close()
    return 0


async def _stop_when_idle(state, server) -> None:
    while not server.should_exit:
        await asyncio.sleep(IDLE_CHECK)
        if state.idle and state.idle_for() > state.idle:
            print(f"spark-nb serve: idle for {state.idle:g} s, stopping", flush=True)
            server.should_exit = True


def _remove(path: Path) -> None:
    """Remove the socket file (still ours: no other server binds it without the lock)."""
    try:
        path.unlink()
    except OSError:
        pass
