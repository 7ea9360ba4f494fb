"""The ``dry_run`` check: run the code in a forked copy of this process, with a time limit.

The child is a copy-on-write copy of the kernel, so the code sees every variable of the
live namespace, and nothing it does to them (rebinding names, mutating lists or
DataFrames in place) is written back. The dry run guards the namespace, not the disk or
the world: the child can still write and delete files, send requests, or talk to a
database through a connection it inherited. Objects the code drops may be finalised in
the child, so a file object with unflushed data can write that data a second time.

Details that matter:

- POSIX only (``os.fork``); elsewhere the check is skipped and passes, saying so.
- Only the forking thread exists in the child. The kernel's other threads (ipykernel's
  IO threads, a model worker) are gone, so the child never touches the kernel's sockets:
  ``sys.stdout``/``sys.stderr`` are new streams on fds 1 and 2, which go into a pipe, and
  ``display()`` prints the object's repr there. A lock another thread held at the fork
  stays locked in the child; code that needs it hangs and is killed at the time limit.
- matplotlib is switched to Agg, so ``plt.show()`` returns at once; stdin is
  ``/dev/null`` and ``input()`` raises ``EOFError``.
- The child runs in its own process group; on timeout, or when the caller is
  interrupted while waiting, the whole group is killed with SIGKILL.
- The code is compiled with the file name ``<dry-run>`` so that line numbers in errors
  are the user's lines; IPython-only lines (``%magic``, ``!cmd``) are skipped.
- The child leaves with ``os._exit``: no atexit handlers, no flushing of buffers it
  inherited (the parent flushes its own streams before forking).
"""

from __future__ import annotations

import ast
import builtins
import json
import os
import select
import signal
import sys
import time
import traceback
import warnings
from typing import Any, Mapping

from spark_nb.assist.checks import CheckResult, python_source

FILENAME = "<dry-run>"
_MAX_FRAMES = 5


def dry_run(code: str, namespace: Mapping[str, Any], *, timeout: float = 10.0,
            max_output: int = 10_000) -> CheckResult:
    """Run ``code`` against a copy of ``namespace`` in a forked process.

    Passes when the code finishes without an exception within ``timeout`` seconds.
    ``details`` holds ``output`` (stdout and stderr, at most ``max_output``
    characters), ``truncated``, ``seconds`` and, on failure, ``error_type`` and
    ``traceback`` (the frames in the user's code, innermost last).
    """
    if not hasattr(os, "fork"):
        return CheckResult("dry_run", True, "not run: this platform cannot fork",
                           details={"skipped": "no fork on this platform"})
    source = python_source(code)
    _flush(sys.stdout, sys.stderr)  # else the child's copy of their buffers is lost or doubled
    out_r, out_w = os.pipe()
    res_r, res_w = os.pipe()
    start = time.monotonic()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)  # 3.12+: fork with threads
        pid = os.fork()
    if pid == 0:
        _child(source, namespace, (out_r, res_r), out_w, res_w)  # never returns
    os.close(out_w)
    os.close(res_w)
    status = None
    try:
        output, total, raw, status = _wait(pid, out_r, res_r, start + timeout, max_output)
    finally:
        os.close(out_r)
        os.close(res_r)
        if status is None:  # timed out, or the caller was interrupted: end the child
            _kill(pid)
    seconds = time.monotonic() - start
    text = output.decode("utf-8", "replace")
    truncated = total > max_output or len(text) > max_output
    if truncated:
        text = text[:max_output] + f"\n... [output truncated: {total} bytes in all]"
    details = {"output": text, "truncated": truncated, "seconds": round(seconds, 3)}
    return _verdict(status, raw, timeout, details)


def _flush(*streams) -> None:
    for stream in streams:
        try:
            stream.flush()
        except Exception:  # a closed or odd stream must not stop the check
            pass


def _wait(pid: int, out_r: int, res_r: int, deadline: float, max_output: int):
    """Read both pipes until the child exits or the deadline passes.

    Returns (output bytes kept, output bytes in all, result bytes, wait status or None
    on timeout). The child's exit, not the pipes' end, decides: a process the code
    started may still hold the output pipe open.
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
        pause = 0.0 if status is not None else min(remaining, 0.05)
        ready = select.select(fds, [], [], pause)[0] if fds else []
        if not fds and status is None:
            time.sleep(pause)
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


def _kill(pid: int) -> None:
    for kill in (os.killpg, os.kill):  # killpg fails if the child had no time to setpgid
        try:
            kill(pid, signal.SIGKILL)
        except OSError:
            pass
    try:
        os.waitpid(pid, 0)
    except ChildProcessError:
        pass


def _verdict(status: int | None, raw: bytes, timeout: float, details: dict) -> CheckResult:
    result = None
    try:
        result = json.loads(raw) if raw else None
    except ValueError:
        pass
    if status is None:
        details["timed_out"] = True
        return CheckResult("dry_run", False, f"did not finish within {timeout:g} s (killed)",
                           details=details)
    if result is None and os.WIFSIGNALED(status):
        name = _signal_name(os.WTERMSIG(status))
        details["signal"] = name
        return CheckResult("dry_run", False, f"the code crashed the process ({name})",
                           details=details)
    if result is None:
        code = os.WEXITSTATUS(status) if os.WIFEXITED(status) else status
        details["exit_status"] = code
        return CheckResult("dry_run", False,
                           f"the code ended the process (exit status {code}) before it finished",
                           details=details)
    if result["ok"]:
        return CheckResult("dry_run", True, f"ran without errors in {details['seconds']:.2f} s",
                           details=details)
    details.update(error_type=result["error_type"], traceback=result["frames"])
    message = result["error_type"] + (f": {result['message']}" if result["message"] else "")
    return CheckResult("dry_run", False, message, result["line"], details)


def _signal_name(number: int) -> str:
    try:
        return signal.Signals(number).name
    except ValueError:
        return f"signal {number}"


# --- the child ----------------------------------------------------------------------

def _child(source: str, namespace: Mapping[str, Any], read_ends: tuple[int, int],
           out_w: int, res_w: int) -> None:
    """Run the code and report on ``res_w``; leaves with ``os._exit``, never returns."""
    status = 0
    try:
        for fd in read_ends:
            os.close(fd)
        _isolate(out_w)
        report = json.dumps(_run(source, namespace)).encode()
        while report:
            report = report[os.write(res_w, report):]
    except BaseException:
        status = 70  # no report: the parent says the process ended early
    finally:
        os._exit(status)


def _isolate(out_w: int) -> None:
    """Cut the child off from the kernel: own process group, streams into the pipe."""
    try:
        os.setpgid(0, 0)
        signal.set_wakeup_fd(-1)  # the kernel's event loop must not see our signals
    except (OSError, ValueError):
        pass
    os.dup2(os.open(os.devnull, os.O_RDONLY), 0)
    os.dup2(out_w, 1)
    os.dup2(out_w, 2)
    os.close(out_w)
    # Line buffered, so output before a timeout or a crash still reaches the parent.
    sys.stdout = sys.__stdout__ = open(1, "w", encoding="utf-8", errors="replace",
                                       buffering=1, closefd=False)
    sys.stderr = sys.__stderr__ = open(2, "w", encoding="utf-8", errors="replace",
                                       buffering=1, closefd=False)
    os.environ["MPLBACKEND"] = "Agg"  # for code that imports matplotlib itself
    matplotlib = sys.modules.get("matplotlib")
    if matplotlib is not None:
        try:
            matplotlib.use("Agg", force=True)
        except Exception:
            pass
    warnings.filterwarnings("ignore", message=".*non-interactive.*cannot be shown")


def _run(source: str, namespace: Mapping[str, Any]) -> dict:
    ns = dict(namespace)
    ns.setdefault("__builtins__", builtins)
    ns.setdefault("__name__", "__main__")
    ns.setdefault("display", _display)
    ns.setdefault("input", _no_input)
    try:
        # Top-level await is allowed, as in IPython; such code compiles to a coroutine.
        code = compile(source, FILENAME, "exec", flags=ast.PyCF_ALLOW_TOP_LEVEL_AWAIT,
                       dont_inherit=True)
        coroutine = eval(code, ns)
        if coroutine is not None:
            import asyncio  # the parent's running loop is not running in the child

            asyncio.run(coroutine)
    except BaseException as exc:  # SystemExit and KeyboardInterrupt are failures too
        return _describe(exc, source)
    finally:
        _flush(sys.stdout, sys.stderr)
    return {"ok": True}


def _describe(exc: BaseException, source: str) -> dict:
    lines = source.splitlines()
    frames = [f for f in traceback.extract_tb(exc.__traceback__) if f.filename == FILENAME]
    line = frames[-1].lineno if frames else None
    if isinstance(exc, SyntaxError) and exc.filename == FILENAME:
        line = exc.lineno
    try:
        message = str(exc)
    except Exception:
        message = f"<{type(exc).__name__} whose message cannot be shown>"
    return {
        "ok": False,
        "error_type": type(exc).__name__,
        "message": message[:2000],
        "line": line,
        "frames": [{"line": f.lineno, "name": f.name, "text": _line(lines, f.lineno)}
                   for f in frames[-_MAX_FRAMES:]],
    }


def _line(lines: list[str], number: int | None) -> str:
    return lines[number - 1].strip() if number and 0 < number <= len(lines) else ""


def _display(*objects: Any, **_: Any) -> None:
    """Stand-in for IPython's ``display()``: print what would have been shown."""
    for obj in objects:
        print(repr(obj))


def _no_input(prompt: str = "") -> str:
    raise EOFError("input() cannot be answered during a dry run")
