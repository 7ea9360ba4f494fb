"""The dry run: a forked copy of this process runs the code; nothing comes back but a report."""

from __future__ import annotations

import os
import time

import pandas as pd
import pytest

from spark_nb.assist.sandbox import fork as fork_module
from spark_nb.assist.dry_run import dry_run

needs_fork = pytest.mark.skipif(not hasattr(os, "fork"), reason="no os.fork on this platform")


@needs_fork
def test_output_is_captured_and_the_check_passes():
    r = dry_run("print('hello')\nimport sys\nprint('oops', file=sys.stderr)\n", {})
    assert r.name == "dry_run" and r.passed
    assert r.details["output"] == "hello\noops\n"
    assert r.details["truncated"] is False
    assert r.message.startswith("ran without errors")


@needs_fork
def test_exception_reports_type_message_and_user_line():
    code = "x = 1\ny = 2\nz = {'a': 1}['b']\nprint('never')\n"
    r = dry_run(code, {})
    assert not r.passed
    assert r.message == "KeyError: 'b'"
    assert r.line == 3
    assert r.details["error_type"] == "KeyError"
    assert r.details["traceback"][-1] == {"line": 3, "name": "<module>", "text": "z = {'a': 1}['b']"}


@needs_fork
def test_traceback_keeps_only_the_users_frames():
    code = "def inner(v):\n    return int(v)\n\ndef outer():\n    return inner('x')\n\nouter()\n"
    r = dry_run(code, {})
    assert r.details["error_type"] == "ValueError" and r.line == 2
    assert [(f["line"], f["name"]) for f in r.details["traceback"]] == [
        (7, "<module>"), (5, "outer"), (2, "inner")]


@needs_fork
def test_error_inside_a_library_points_at_the_users_line():
    r = dry_run("import json\n\njson.loads('{bad')\n", {})
    assert r.details["error_type"] == "JSONDecodeError" and r.line == 3


@needs_fork
def test_output_before_an_error_is_kept():
    r = dry_run("print('step 1')\nraise RuntimeError('boom')\n", {})
    assert r.details["output"] == "step 1\n" and r.message == "RuntimeError: boom"


@needs_fork
def test_namespace_is_untouched():
    items = [1, 2, 3]
    frame = pd.DataFrame({"a": [1, 2]})
    ns = {"items": items, "frame": frame, "total": 5}
    code = ("items.append(4)\nitems[0] = 99\nframe['b'] = frame['a'] * 2\n"
            "frame.loc[0, 'a'] = -1\nnew_name = 1\ntotal = 0\ndel frame\nprint(len(items))\n")
    r = dry_run(code, ns)
    assert r.passed, r.message
    assert r.details["output"] == "4\n"  # the child did see and change its copy
    assert items == [1, 2, 3]
    assert list(frame.columns) == ["a"] and frame["a"].tolist() == [1, 2]
    assert ns == {"items": items, "frame": frame, "total": 5}


@needs_fork
def test_names_of_the_namespace_are_visible():
    r = dry_run("print(total * 2, frame.shape)\n", {"total": 21, "frame": pd.DataFrame({"a": [1]})})
    assert r.passed and r.details["output"] == "42 (1, 1)\n"


@needs_fork
def test_infinite_loop_is_killed_at_the_timeout():
    start = time.monotonic()
    r = dry_run("print('started', flush=True)\nwhile True:\n    pass\n", {}, timeout=1)
    elapsed = time.monotonic() - start
    assert elapsed < 3
    assert not r.passed and r.details["timed_out"] is True
    assert r.message == "did not finish within 1 s (killed)"
    assert r.details["output"] == "started\n"


@needs_fork
def test_a_process_the_code_would_start_makes_the_check_incomplete():
    code = "import subprocess, sys\nprint('before')\nsubprocess.Popen(['sleep', '10'])\nprint('spawned')\n"
    r = dry_run(code, {}, timeout=5)
    assert r.status == "incomplete" and not r.passed and not r.failed
    assert r.message == "would run `sleep 10`" and r.details["output"] == "before\n"


@needs_fork
def test_process_killed_by_a_signal_is_reported():
    r = dry_run("import os, signal\nos.kill(os.getpid(), signal.SIGKILL)\n", {})
    assert not r.passed
    assert r.message == "the code crashed the process (SIGKILL)"
    assert r.details["signal"] == "SIGKILL"


@needs_fork
def test_os_exit_is_reported():
    r = dry_run("import os\nprint('bye', flush=True)\nos._exit(3)\n", {})
    assert not r.passed
    assert r.message == "the code ended the process (exit status 3) before it finished"
    assert r.details["output"] == "bye\n"


@needs_fork
def test_sys_exit_is_a_failure_with_its_line():
    r = dry_run("import sys\nsys.exit(2)\n", {})
    assert not r.passed and r.details["error_type"] == "SystemExit" and r.line == 2


@needs_fork
def test_plt_show_does_not_block():
    code = ("import matplotlib.pyplot as plt\nplt.plot([1, 2, 3])\nplt.show()\n"
            "print(plt.get_backend().lower())\n")
    start = time.monotonic()
    r = dry_run(code, {}, timeout=60)
    assert r.passed, r.message
    assert time.monotonic() - start < 30
    assert r.details["output"] == "agg\n"


@needs_fork
def test_matplotlib_already_imported_is_switched_to_agg():
    import matplotlib

    before = matplotlib.get_backend()
    r = dry_run("import matplotlib\nprint(matplotlib.get_backend().lower())\n", {})
    assert r.details["output"] == "agg\n"
    assert matplotlib.get_backend() == before


@needs_fork
def test_large_output_is_truncated():
    r = dry_run("for i in range(100_000):\n    print('x' * 50)\n", {}, max_output=1000)
    assert r.passed
    out = r.details["output"]
    assert r.details["truncated"] is True
    assert out.startswith("x" * 50 + "\n")
    assert len(out) < 1100 and "output truncated" in out


@needs_fork
def test_syntax_error_reports_its_line():
    r = dry_run("x = 1\nreturn x\n", {})
    assert r.details["error_type"] == "SyntaxError" and r.line == 2


@needs_fork
def test_ipython_lines_are_skipped():
    r = dry_run("%matplotlib inline\n!echo should-not-run\nprint('ok')\n", {})
    assert r.passed and r.details["output"] == "ok\n"


@needs_fork
def test_top_level_await_runs():
    r = dry_run("import asyncio\nawait asyncio.sleep(0)\nprint('awaited')\n", {})
    assert r.passed, r.message
    assert r.details["output"] == "awaited\n"


@needs_fork
def test_input_and_display_do_not_reach_the_kernel():
    r = dry_run("display([1, 2])\n", {})
    assert r.passed and r.details["output"] == "[1, 2]\n"
    r = dry_run("input('name? ')\n", {})
    assert r.details["error_type"] == "EOFError"


@needs_fork
def test_keyboard_interrupt_while_waiting_kills_the_child(monkeypatch):
    import select

    real_select = select.select
    calls = []

    def interrupted(*args):
        calls.append(1)
        if len(calls) == 3:
            raise KeyboardInterrupt
        return real_select(*args)

    killed = []
    real_kill = fork_module._kill_group
    monkeypatch.setattr(fork_module.select, "select", interrupted)
    monkeypatch.setattr(fork_module, "_kill_group", lambda pid, reap: (killed.append(pid), real_kill(pid, reap)))
    with pytest.raises(KeyboardInterrupt):
        dry_run("import time\ntime.sleep(30)\n", {}, timeout=60)
    assert len(killed) == 1
    with pytest.raises(ChildProcessError):  # reaped: no child left behind
        os.waitpid(killed[0], os.WNOHANG)


@needs_fork
def test_child_output_does_not_reach_the_parents_streams(capfd):
    dry_run("import os, sys\nprint('child out')\nos.write(1, b'raw fd')\nsys.stderr.write('child err')\n", {})
    captured = capfd.readouterr()
    assert "child" not in captured.out + captured.err and "raw fd" not in captured.out


def test_without_fork_the_check_is_skipped(monkeypatch):
    monkeypatch.delattr(os, "fork", raising=False)
    r = dry_run("raise RuntimeError", {})
    assert r.status == "skipped" and not r.passed and not r.failed
    assert r.details["skipped"] == "this platform cannot fork, so the code was not run"
