"""A copy of the kernel taken at a safe moment, that runs checks later.

``fork()`` copies only the calling thread. A child forked while another thread holds a
lock (a stream's, an allocator's, a library's) inherits that lock held, and code that
needs it hangs. The error panel checks its fixes on a background thread while the
kernel's main thread may already run the user's next cell, so forking from there is
not safe. Instead the hook takes a :class:`Snapshot` on the main thread, in
``post_run_cell``, between cells: one fork, at a point where the main thread holds no
lock of the user's code. The snapshot is single-threaded, so every dry run it forks
later is a clean copy of the state the error left, whatever the kernel does meanwhile.
"""

from __future__ import annotations

import dataclasses
import json
import os
import signal
import socket
import struct
import sys
import threading
import time
import warnings
from typing import Any, Mapping

from spark_nb.assist.sandbox.fork import run_sandboxed
from spark_nb.assist.sandbox.outcome import Outcome

_HEADER = struct.Struct("!Q")


class Snapshot:
    """Fork now; later, :meth:`run` checks code against the namespace as it was now."""

    def __init__(self, namespace: Mapping[str, Any]) -> None:
        self.error = ""
        self.pid: int | None = None
        self._lock = threading.Lock()
        if not hasattr(os, "fork"):
            self.error = "this platform cannot fork, so the code was not run"
            return
        for stream in (sys.stdout, sys.stderr):
            try:
                stream.flush()
            except Exception:  # noqa: BLE001
                pass
        ours, theirs = socket.socketpair()
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", DeprecationWarning)
                pid = os.fork()
        except OSError as exc:
            ours.close()
            theirs.close()
            self.error = f"the dry run could not start a copy of the kernel ({exc.strerror or exc})"
            return
        if pid == 0:
            ours.close()
            _serve(theirs, namespace)  # never returns
        theirs.close()
        self.pid, self._sock = pid, ours

    def run(self, code: str, namespace: Any = None, *, timeout: float = 10.0, max_output: int = 10_000,
            containment: str = "auto", fingerprint: bool = False,
            checklist: list[dict] | None = None) -> Outcome:
        """:func:`run_sandboxed` in a fresh fork of the snapshot (``namespace`` is ignored:
        the snapshot runs against the namespace it was taken with). ``fingerprint=True``
        fingerprints what the code produced and ``checklist`` checks requirements, as
        :func:`run_sandboxed` does."""
        if self.pid is None:
            return Outcome("skipped", self.error or "the copy of the kernel is closed")
        fields = {"code": code, "timeout": timeout, "max_output": max_output, "containment": containment}
        if fingerprint:  # a callable cannot cross the socket: the snapshot builds the probe
            fields["fingerprint"] = True
        if checklist:
            fields["checklist"] = list(checklist)
        request = json.dumps(fields).encode()
        with self._lock:
            try:
                self._sock.settimeout(timeout + 15)
                self._sock.sendall(_HEADER.pack(len(request)) + request)
                reply = _receive(self._sock)
            except (OSError, ValueError) as exc:
                self.close()
                return Outcome("skipped", f"the copy of the kernel stopped answering ({exc})")
        if reply is None:
            self.close()
            return Outcome("skipped", "the copy of the kernel ended")
        return Outcome(**json.loads(reply))

    def close(self) -> None:
        """End the snapshot (and any check it is running)."""
        pid, self.pid = self.pid, None
        if pid is None:
            return
        try:
            self._sock.close()
        except OSError:
            pass
        for kill in (os.killpg, os.kill):
            try:
                kill(pid, signal.SIGKILL)
            except OSError:
                pass
        try:
            os.waitpid(pid, 0)
        except ChildProcessError:
            pass

    def __enter__(self) -> "Snapshot":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def __del__(self) -> None:
        try:
            self.close()
        except Exception:  # noqa: BLE001
            pass


def _receive(sock: socket.socket) -> bytes | None:
    header = _exactly(sock, _HEADER.size)
    if header is None:
        return None
    return _exactly(sock, _HEADER.unpack(header)[0])


def _exactly(sock: socket.socket, n: int) -> bytes | None:
    data = bytearray()
    while len(data) < n:
        chunk = sock.recv(min(n - len(data), 1 << 20))
        if not chunk:
            return None
        data += chunk
    return bytes(data)


def _serve(sock: socket.socket, namespace: Mapping[str, Any]) -> None:
    """The snapshot's loop: one request, one sandboxed run, one reply; ends at EOF."""
    try:
        os.setpgid(0, 0)
        signal.set_wakeup_fd(-1)
    except (OSError, ValueError):
        pass
    try:
        null = open(os.devnull, "w", encoding="utf-8")
        sys.stdout = sys.stderr = sys.__stdout__ = sys.__stderr__ = null  # the kernel's streams need its threads
        while True:
            raw = _receive(sock)
            if raw is None:
                break
            request = json.loads(raw)
            started = time.monotonic()
            outcome = run_sandboxed(request["code"], namespace, timeout=request["timeout"],
                                    max_output=request["max_output"], containment=request["containment"],
                                    fingerprint=bool(request.get("fingerprint")),
                                    checklist=request.get("checklist"))
            outcome.seconds = round(time.monotonic() - started, 3)
            reply = json.dumps(dataclasses.asdict(outcome), default=str).encode()
            sock.sendall(_HEADER.pack(len(reply)) + reply)
    except BaseException:  # noqa: BLE001 - the snapshot only ever ends quietly
        pass
    finally:
        os._exit(0)
