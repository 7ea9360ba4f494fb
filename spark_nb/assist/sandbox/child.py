"""The forked child of a dry run: contain it, run the code, report.

Order matters. The child first cuts itself off from the kernel (own process group,
streams into the pipe), then enters the Linux namespaces (which must happen while it is
single-threaded, before the code can start threads), sets its limits, replaces every
inherited descriptor, withholds the kernel's connections, installs the copy-on-write
layer and last the audit hook, which from then on sees every call of the code. It
leaves with ``os._exit``: no atexit handlers, no finalisers, no flushing of buffers it
inherited.
"""

from __future__ import annotations

import ast
import builtins
import json
import os
import resource
import signal
import sys
import traceback
import warnings
from typing import Any, Callable, Mapping

from spark_nb.assist.sandbox import guard as guard_module
from spark_nb.assist.sandbox import linux
from spark_nb.assist.sandbox.inherited import InheritedConnection, sweep_descriptors, withhold
from spark_nb.assist.sandbox.overlay import Overlay

FILENAME = "<dry-run>"
_MAX_FRAMES = 5


def main(source: str, namespace: Mapping[str, Any], options: dict, pipes: tuple[int, int, int, int],
         probe: Callable[[dict], Any] | None) -> None:
    """Run ``source`` in this (forked) process and report on the result pipe; never returns."""
    out_r, res_r, out_w, res_w = pipes
    status = 0
    try:
        os.close(out_r)
        os.close(res_r)
        _isolate(out_w)
        report = _contained_run(source, namespace, options, res_w, probe)
        data = json.dumps(report, default=str).encode()
        while data:
            data = data[os.write(res_w, data):]
    except BaseException:  # noqa: BLE001 - no report: the parent says the process ended early
        status = 70
    finally:
        os._exit(status)


def _isolate(out_w: int) -> None:
    """Own process group; stdin from /dev/null; stdout and stderr into the pipe."""
    try:
        os.setpgid(0, 0)
        signal.set_wakeup_fd(-1)  # the kernel's event loop must not see our signals
    except (OSError, ValueError):
        pass
    devnull = os.open(os.devnull, os.O_RDONLY)
    os.dup2(devnull, 0)
    os.close(devnull)
    os.dup2(out_w, 1)
    os.dup2(out_w, 2)
    os.close(out_w)
    # Line buffered, so output before a timeout or a crash still reaches the parent.
    sys.stdout = sys.__stdout__ = open(1, "w", encoding="utf-8", errors="replace", buffering=1, closefd=False)
    sys.stderr = sys.__stderr__ = open(2, "w", encoding="utf-8", errors="replace", buffering=1, closefd=False)
    os.environ["MPLBACKEND"] = "Agg"  # for code that imports matplotlib itself
    matplotlib = sys.modules.get("matplotlib")
    if matplotlib is not None:
        try:
            matplotlib.use("Agg", force=True)
        except Exception:  # noqa: BLE001
            pass
    warnings.filterwarnings("ignore", message=".*non-interactive.*cannot be shown")
    sys.dont_write_bytecode = True  # an import must not try to write a .pyc


def _contained_run(source: str, namespace: Mapping[str, Any], options: dict, res_w: int,
                   probe: Callable[[dict], Any] | None) -> dict:
    scratch = options["scratch"]
    containment, why = "hooks", options.get("why_hooks", "")
    if options.get("namespaces"):
        why = linux.contain(scratch, options["scratch_bytes"])
        containment = "hooks" if why else "namespaces"
    _limits(options, containment)
    sweep_descriptors(keep={0, 1, 2, res_w})
    uses: list[str] = []
    ns = withhold(namespace, uses)
    overlay = Overlay(scratch)
    overlay.install()
    guard = guard_module.Guard(scratch, overlay.local)
    overlay.refusals = guard.refusals
    guard_module.install(guard)
    _before(probe, ns, guard, uses)
    report = _run(source, ns)
    if not report["ok"] and containment == "namespaces" and not report.get("native_refusal"):
        report["native_refusal"] = _read_only_database(report.get("message", ""))
    if probe is not None and report["ok"]:
        try:
            report["probe"] = probe(ns)
        except BaseException as exc:  # noqa: BLE001 - a failing probe is the probe's answer
            report["probe_error"] = f"{type(exc).__name__}: {exc}"
    cwd = overlay.cwd if options.get("cwd") is None else options["cwd"]
    report.update(containment=containment, containment_note=why, refusals=guard.refusals,
                  withheld=uses, writes=overlay.written(cwd), removed=overlay.removed(cwd))
    return report


def _before(probe: Any, ns: dict, guard: guard_module.Guard, uses: list[str]) -> None:
    """The probe's look at the namespace before the code runs (``probe.before(ns)``).

    It runs inside the sandbox, but it is not the code: whatever it raises, refuses or
    touches of the kernel's connections is forgotten, so it cannot change the verdict.
    """
    before = getattr(probe, "before", None)
    if before is None:
        return
    refusals, quiet, used = len(guard.refusals), len(guard.quiet), len(uses)
    try:
        before(ns)
    except BaseException:  # noqa: BLE001 - a probe that fails before the run just knows less
        pass
    finally:
        del guard.refusals[refusals:], guard.quiet[quiet:], uses[used:]
        for stream in (sys.stdout, sys.stderr):
            try:
                stream.flush()
            except Exception:  # noqa: BLE001
                pass


def _limits(options: dict, containment: str) -> None:
    """No core files; at most ``memory_bytes`` more memory; scratch files of bounded size."""
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a file over the limit fails with EFBIG
    for limit, value in ((resource.RLIMIT_CORE, 0), (resource.RLIMIT_FSIZE, options["scratch_bytes"])):
        _set(limit, value)
    memory = options.get("memory_bytes")
    if memory and hasattr(resource, "RLIMIT_AS") and sys.platform.startswith("linux"):
        _set(resource.RLIMIT_AS, _address_space() + memory)
    if containment == "namespaces" and hasattr(resource, "RLIMIT_NPROC"):
        _set(resource.RLIMIT_NPROC, options.get("max_processes", 256))


def _set(limit: int, value: int) -> None:
    try:
        soft, hard = resource.getrlimit(limit)
        value = value if hard == resource.RLIM_INFINITY else min(value, hard)
        resource.setrlimit(limit, (value, value))
    except (OSError, ValueError):
        pass


def _address_space() -> int:
    try:
        with open("/proc/self/statm", encoding="ascii") as f:
            return int(f.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        return 0


def _run(source: str, ns: dict) -> dict:
    ns.setdefault("__builtins__", builtins)
    ns.setdefault("__name__", "__main__")
    ns.setdefault("display", _display)
    ns.setdefault("input", _no_input)
    try:
        # Top-level await is allowed, as in IPython; such code compiles to a coroutine.
        code = compile(source, FILENAME, "exec", flags=ast.PyCF_ALLOW_TOP_LEVEL_AWAIT, dont_inherit=True)
        coroutine = eval(code, ns)
        if coroutine is not None:
            import asyncio  # the parent's running loop is not running in the child

            asyncio.run(coroutine)
    except BaseException as exc:  # noqa: BLE001 - SystemExit and KeyboardInterrupt are failures too
        return _describe(exc, source)
    finally:
        for stream in (sys.stdout, sys.stderr):
            try:
                stream.flush()
            except Exception:  # noqa: BLE001
                pass
    return {"ok": True}


def _describe(exc: BaseException, source: str) -> dict:
    lines = source.splitlines()
    frames = [f for f in traceback.extract_tb(exc.__traceback__) if f.filename == FILENAME]
    line = frames[-1].lineno if frames else None
    if isinstance(exc, SyntaxError) and exc.filename == FILENAME:
        line = exc.lineno
    try:
        message = str(exc)
    except Exception:  # noqa: BLE001
        message = f"<{type(exc).__name__} whose message cannot be shown>"
    refused = exc if isinstance(exc, guard_module.Refused) else _cause(exc, guard_module.Refused)
    withheld = exc if isinstance(exc, InheritedConnection) else _cause(exc, InheritedConnection)
    return {
        "ok": False,
        "error_type": type(exc).__name__,
        "message": message[:2000],
        "line": line,
        "frames": [{"line": f.lineno, "name": f.name, "text": _line(lines, f.lineno)}
                   for f in frames[-_MAX_FRAMES:]],
        "refused": refused.what if refused is not None else None,
        "withheld_error": str(withheld) if withheld is not None else None,
        "native_refusal": _native_refusal(exc),
    }


def _cause(exc: BaseException, kind: type) -> Any:
    """``kind`` among the exceptions that led to ``exc`` (a library may wrap ours)."""
    seen, current = 0, exc
    while current is not None and seen < 10:
        if isinstance(current, kind):
            return current
        current = current.__cause__ or current.__context__
        seen += 1
    return None


def _native_refusal(exc: BaseException) -> str | None:
    """A write the operating system refused (read-only file system), anywhere in the chain."""
    import errno

    seen, current = 0, exc
    while current is not None and seen < 10:
        if isinstance(current, OSError) and current.errno == errno.EROFS:
            return f"would write {current.filename}" if current.filename else "would write to the disk"
        text = str(current)
        if "Read-only file system" in text:
            return f"would write to the disk ({text[:200]})"
        current = current.__cause__ or current.__context__
        seen += 1
    return None


def _read_only_database(message: str) -> str | None:
    """SQLite's words for a write the read-only mounts refused (ATTACH, VACUUM INTO)."""
    for words in ("attempt to write a readonly database", "unable to open database file"):
        if words in message:
            return f"would write a database file outside the scratch folder ({words})"
    return None


def _line(lines: list[str], number: int | None) -> str:
    return lines[number - 1].strip() if number and 0 < number <= len(lines) else ""


def _display(*objects: Any, **_: Any) -> None:
    """Stand-in for IPython's ``display()``: print what would have been shown."""
    for obj in objects:
        print(repr(obj))


def _no_input(prompt: str = "") -> str:
    raise EOFError("input() cannot be answered during a dry run")
