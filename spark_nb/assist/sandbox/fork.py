"""The parent's side of a sandboxed run: fork, wait with limits, kill, judge.

The child is a copy-on-write copy of this process, so the code sees every variable of
the live namespace and nothing it does to them is written back. What the child may do
to the world is decided in ``child.py``; here the parent makes the scratch folder,
forks, reads the child's output (bounded) and report, enforces the time limit, kills
the child's whole process group on every way out, removes the scratch folder and turns
what happened into an :class:`Outcome`.
"""

from __future__ import annotations

import json
import os
import select
import shutil
import signal
import sys
import tempfile
import time
import warnings
from typing import Any, Callable, Mapping

from spark_nb.assist.sandbox import child as _child
from spark_nb.assist.sandbox.outcome import Outcome, verdict

CONTAINMENTS = ("auto", "namespaces", "hooks")


def run_sandboxed(code: str, namespace: Mapping[str, Any], *, timeout: float = 10.0,
                  max_output: int = 10_000, containment: str = "auto",
                  memory_bytes: int | None = None, probe: Callable[[dict], Any] | None = None,
                  source_is_python: bool = False, fingerprint: bool = False,
                  checklist: list[dict] | None = None) -> Outcome:
    """Run ``code`` against a copy of ``namespace`` in a forked, contained child.

    ``containment`` is "auto" (Linux namespaces where the kernel allows them, else the
    Python hooks), "namespaces" or "hooks". ``memory_bytes`` caps what the child may
    allocate beyond what it inherited (default: half the memory now available, at least
    256 MiB). ``probe(namespace)``, if given, runs in the child after the code and its
    JSON-able answer comes back as ``Outcome.probe`` (benchmarks use it to check the
    values the code produced without running it in this process); a probe with a
    ``before(namespace)`` method has it called in the child just before the code.
    ``fingerprint=True`` is ``probe=Fingerprinter(code)``: ``Outcome.probe`` then holds
    what the code bound, changed and drew (see :mod:`spark_nb.assist.fingerprint`).
    ``checklist`` (requirements as dicts, see :mod:`spark_nb.assist.checklist`) checks
    each on what the code left: ``Outcome.probe`` is then ``{"checklist": [verdict, ...],
    "fingerprint": fingerprint or None}``.
    """
    if containment not in CONTAINMENTS:
        raise ValueError(f"containment must be one of {', '.join(CONTAINMENTS)}, not {containment!r}")
    why_not = _cannot_fork()
    if why_not:
        return Outcome("skipped", why_not)
    if not source_is_python:
        from spark_nb.assist.text import python_source

        code = python_source(code)
    if fingerprint or checklist:
        if probe is not None:
            raise ValueError("give either probe= or fingerprint=True / checklist=, not both")
        from spark_nb.assist.fingerprint import Fingerprinter

        probe = Fingerprinter(code) if fingerprint else None
        if checklist:
            from spark_nb.assist.checklist.verify import ChecklistProbe

            probe = ChecklistProbe(list(checklist), probe)
    memory = memory_bytes or default_memory()
    options = {"namespaces": containment != "hooks" and sys.platform.startswith("linux"),
               "why_hooks": "" if sys.platform.startswith("linux") or containment == "hooks"
               else "namespaces are Linux-only", "memory_bytes": memory,
               "scratch_bytes": min(memory, 1 << 30), "cwd": _cwd()}
    if options["cwd"] is None:
        return Outcome("skipped", "the working folder no longer exists, so the code was not run")
    scratch = tempfile.mkdtemp(prefix="spark-nb-dry-")
    options["scratch"] = scratch
    try:
        return _fork_and_wait(code, namespace, options, timeout, max_output, probe)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


def _cwd() -> str | None:
    try:
        return os.getcwd()
    except OSError:
        return None


def _cannot_fork() -> str:
    if not hasattr(os, "fork"):
        return "this platform cannot fork, so the code was not run"
    if sys.platform == "darwin" and "mlx.core" in sys.modules:
        # A forked copy of a process that has initialised Metal crashes when it, or a
        # library it calls, touches the GPU; a crash would read as the code's failure.
        return "this kernel has initialised Metal (MLX); a forked copy of it cannot run safely"
    return ""


def default_memory() -> int:
    """Half the memory available now, at least 256 MiB."""
    available = 0
    try:
        with open("/proc/meminfo", encoding="ascii") as f:
            for line in f:
                if line.startswith("MemAvailable:"):
                    available = int(line.split()[1]) * 1024
                    break
    except (OSError, ValueError):
        pass
    if not available and hasattr(os, "sysconf"):
        try:
            available = os.sysconf("SC_AVPHYS_PAGES") * os.sysconf("SC_PAGE_SIZE")
        except (OSError, ValueError):
            available = 0
    return max(available // 2, 256 << 20)


def _fork_and_wait(code, namespace, options, timeout, max_output, probe) -> Outcome:
    for stream in (sys.stdout, sys.stderr):  # else the child's copy of their buffers is lost or doubled
        try:
            stream.flush()
        except Exception:  # noqa: BLE001 - a closed or odd stream must not stop the check
            pass
    out_r, out_w = os.pipe()
    res_r, res_w = os.pipe()
    start = time.monotonic()
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", DeprecationWarning)  # 3.12+: fork with threads
            pid = os.fork()
    except OSError as exc:
        for fd in (out_r, out_w, res_r, res_w):
            os.close(fd)
        return Outcome("skipped", f"the dry run could not start a copy of the kernel ({exc.strerror or exc})")
    if pid == 0:
        _child.main(code, namespace, options, (out_r, res_r, out_w, res_w), probe)  # never returns
    os.close(out_w)
    os.close(res_w)
    status = None
    try:
        output, total, raw, status = _wait(pid, out_r, res_r, start + timeout, max_output)
    finally:
        os.close(out_r)
        os.close(res_r)
        _kill_group(pid, reap=status is None)
    return _outcome(output, total, raw, status, timeout, max_output, time.monotonic() - start)


def _wait(pid: int, out_r: int, res_r: int, deadline: float, max_output: int):
    """Read both pipes until the child exits or the deadline passes.

    Returns (output bytes kept, output bytes in all, result bytes, wait status or None on
    timeout). The child's exit, not the pipes' end, decides.
    """
    kept, result, total = bytearray(), bytearray(), 0
    fds, status = [out_r, res_r], None
    while True:
        if status is None:
            done, code = os.waitpid(pid, os.WNOHANG)
            status = code if done else None
        remaining = deadline - time.monotonic()
        if status is None and remaining <= 0:
            return bytes(kept), total, bytes(result), None
        if fds:
            ready = select.select(fds, [], [], 0.0 if status is not None else min(remaining, 0.05))[0]
        else:
            ready = []
            if status is None:
                time.sleep(0.001)
        if status is not None and (not ready or remaining <= 0):
            return bytes(kept), total, bytes(result), status
        for fd in ready:
            chunk = os.read(fd, 65536)
            if not chunk:
                fds.remove(fd)
            elif fd == res_r:
                result += chunk
            else:
                total += len(chunk)
                kept += chunk[: max(0, 4 * max_output - len(kept))]  # 4: UTF-8 bytes per char


def _kill_group(pid: int, reap: bool) -> None:
    """SIGKILL the child's process group (and the child, had it no time to make one)."""
    for kill in (os.killpg, os.kill):
        try:
            kill(pid, signal.SIGKILL)
        except OSError:
            pass
    if reap:
        try:
            os.waitpid(pid, 0)
        except ChildProcessError:
            pass


def _outcome(output: bytes, total: int, raw: bytes, status, timeout: float, max_output: int,
             seconds: float) -> Outcome:
    try:
        report = json.loads(raw) if raw else None
    except ValueError:
        report = None
    text = output.decode("utf-8", "replace")
    truncated = total > max_output or len(text) > max_output
    if truncated:
        text = text[:max_output] + f"\n... [output truncated: {total} bytes in all]"
    details: dict = {}
    signal_name, exit_status = "", None
    if status is None:
        details["timed_out"] = True
    elif os.WIFSIGNALED(status):
        signal_name = _signal_name(os.WTERMSIG(status))
        details["signal"] = signal_name
    elif report is None:
        exit_status = os.WEXITSTATUS(status) if os.WIFEXITED(status) else status
        details["exit_status"] = exit_status
    verdict_, reason = verdict(report, exit_status=exit_status, timed_out=status is None,
                               timeout=timeout, signal_name=signal_name if report is None else "",
                               seconds=seconds)
    report = report or {}
    return Outcome(verdict_, reason, output=text, truncated=truncated, seconds=round(seconds, 3),
                   containment=report.get("containment", ""),
                   containment_note=report.get("containment_note", ""),
                   refusals=report.get("refusals", []), withheld=report.get("withheld", []),
                   writes=report.get("writes", []), removed=report.get("removed", []),
                   error_type=report.get("error_type", ""), message=report.get("message", ""),
                   line=report.get("line"), traceback=report.get("frames", []),
                   probe=report.get("probe"),
                   details={**details, **({"probe_error": report["probe_error"]} if report.get("probe_error") else {})})


def _signal_name(number: int) -> str:
    try:
        return signal.Signals(number).name
    except ValueError:
        return f"signal {number}"
