"""The side-effect corpus: every case leaves the world as it was, with the verdict it should get.

The world (files, databases, connections, listeners, signals, processes, descriptors) is
built fresh for each case by ``bench/sandbox_cases.py``; a case fails here if anything
escaped or its verdict is not one its case allows.
"""

from __future__ import annotations

import functools
import os
import sys
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parents[2] / "bench"
sys.path.insert(0, str(BENCH))

import sandbox_cases as dev  # noqa: E402
import sandbox_cases_heldout as heldout  # noqa: E402
import sandbox_cases_heldout2 as heldout2  # noqa: E402

from spark_nb.assist.sandbox import run_sandboxed  # noqa: E402

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="the dry run needs fork")
LINUX = sys.platform.startswith("linux")


def _run(case, containment="auto"):
    if not dev.available(case):
        pytest.skip(f"needs {', '.join(case.needs)}")
    [row] = dev.run_corpus([case], functools.partial(run_sandboxed, containment=containment))
    return row


@pytest.fixture(scope="module")
def containment():
    level = run_sandboxed("x = 1", {}).containment
    print(f"\ncontainment of the dry run here: {level}")
    return level


@pytest.mark.parametrize("case", dev.CASES, ids=[c.name for c in dev.CASES])
def test_development_case(case, containment):
    row = _run(case)
    assert dev.problems(row) == []
    if row["result"].status != "failed":  # a killed child reports nothing
        assert row["result"].containment == containment


@pytest.mark.parametrize("case", [c for c in dev.CASES if not c.native], ids=[c.name for c in dev.CASES if not c.native])
def test_development_case_with_hooks_only(case):
    """Where namespaces are refused (macOS, some containers) the Python layer holds alone."""
    row = _run(case, "hooks")
    assert dev.problems(row) == []


HELDOUT = heldout.CASES + heldout2.CASES


@pytest.mark.parametrize("case", HELDOUT, ids=[c.name for c in HELDOUT])
def test_heldout_case_lets_nothing_escape(case):
    """The held-out corpora are scored by bench/sandbox.py; here nothing may escape."""
    row = _run(case)
    assert row["escaped"] == []


def test_linux_runs_in_namespaces_where_the_kernel_allows(containment):
    if not LINUX:
        pytest.skip("namespaces are Linux-only")
    if containment != "namespaces":
        note = run_sandboxed("x = 1", {}).containment_note
        pytest.skip(f"this kernel refused them: {note}")
    assert containment == "namespaces"
