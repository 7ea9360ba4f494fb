"""The sandbox's own behaviour: verdicts, what it lists, fork failures, snapshots, settings."""

from __future__ import annotations

import os
import sqlite3
import sys
import threading

import pytest

from spark_nb.assist.dry_run import dry_run
from spark_nb.assist.generate import overall_status, run_checks
from spark_nb.assist.sandbox import Snapshot, fork as fork_module, run_sandboxed
from spark_nb.assist.sandbox.inherited import connection_kind

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="the dry run needs fork")


def _fds() -> set[str]:
    return set(os.listdir("/proc/self/fd")) if os.path.isdir("/proc/self/fd") else set()


def test_a_passing_run_lists_what_it_would_write(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    r = dry_run("open('out.csv', 'w').write('a,b\\n' * 300)\n", {})
    assert r.status == "passed" and r.details["writes"] == [{"path": "out.csv", "bytes": 1200}]
    assert "would write out.csv (1.2 KB)" in r.message
    assert not (tmp_path / "out.csv").exists()


def test_reading_a_file_without_changing_it_lists_nothing(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "d.db").write_bytes(b"")
    sqlite3.connect(tmp_path / "d.db").execute("create table t (x)").connection.commit()
    r = dry_run("import sqlite3\nprint(sqlite3.connect('d.db').execute('select count(*) from t').fetchone())", {})
    assert r.status == "passed" and r.details["writes"] == [] and "(0,)" in r.details["output"]


def test_the_kernels_connection_makes_the_check_skipped_with_its_name(tmp_path):
    con = sqlite3.connect(tmp_path / "user.db")
    r = dry_run("rows = con.execute('select 1').fetchall()\n", {"con": con})
    assert r.status == "skipped" and not r.failed
    assert r.message == "uses the kernel's open connection `con`; not run in the copy"
    assert overall_status([r]) == "skipped"


def test_connection_kinds(tmp_path):
    assert connection_kind(sqlite3.connect(tmp_path / "file.db")) == "connection"
    assert connection_kind(sqlite3.connect(":memory:")) is None  # nothing outside the process
    import io

    assert connection_kind(io.StringIO()) is None and connection_kind([1]) is None


def test_incomplete_says_what_the_code_would_have_done():
    r = dry_run("import urllib.request\nurllib.request.urlopen('http://db.example:5432/x')\n", {})
    assert r.status == "incomplete" and r.message == "would request http://db.example:5432/x"
    r = dry_run("import os\nos.system('rm -rf data')\n", {})
    assert r.status == "incomplete" and r.message == "would run `rm -rf data`"
    assert overall_status([r]) == "incomplete"


def test_a_failed_fork_is_skipped_and_leaks_no_descriptor(monkeypatch):
    def no_fork():
        raise BlockingIOError(11, "Resource temporarily unavailable")

    before = _fds()
    monkeypatch.setattr(fork_module.os, "fork", no_fork)
    r = dry_run("x = 1\n", {})
    assert r.status == "skipped" and "could not start a copy of the kernel" in r.message
    assert _fds() == before


def test_macos_with_metal_initialised_is_skipped(monkeypatch):
    monkeypatch.setattr(sys, "platform", "darwin")
    monkeypatch.setitem(sys.modules, "mlx.core", object())
    r = dry_run("x = 1\n", {})
    assert r.status == "skipped" and "Metal" in r.message


def test_dry_run_off_is_skipped_and_never_passed():
    results = run_checks("x = 1\n", {}, dry_run_mode="off")
    assert results[-1].name == "dry_run" and results[-1].status == "skipped"
    assert overall_status(results) == "skipped"
    with pytest.raises(ValueError, match="sandbox, off"):
        dry_run("x = 1\n", {}, mode="maybe")


def test_unknown_containment_is_refused():
    with pytest.raises(ValueError, match="auto, namespaces, hooks"):
        run_sandboxed("x = 1", {}, containment="none")


def test_a_probe_reads_values_in_the_child():
    out = run_sandboxed("total = sum(values)\n", {"values": [1, 2, 3]}, probe=lambda ns: ns["total"])
    assert out.status == "passed" and out.probe == 6


def test_a_snapshot_runs_checks_from_a_thread_while_a_lock_is_held():
    """The snapshot is forked before the lock is taken: its runs never see it held."""
    lock = threading.Lock()
    ns = {"lock": lock, "n": 41}
    with Snapshot(ns) as snap:
        lock.acquire()
        try:
            answers = []
            worker = threading.Thread(target=lambda: answers.append(
                snap.run("with lock:\n    print(n + 1)\n", timeout=5)))
            worker.start()
            worker.join(20)
        finally:
            lock.release()
    [out] = answers
    assert out.status == "passed" and out.output == "42\n"
    assert snap.pid is None  # closed


def test_a_closed_snapshot_skips():
    snap = Snapshot({})
    snap.close()
    assert snap.run("x = 1").status == "skipped"
