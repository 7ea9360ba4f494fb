"""The error hook and %spark fix / explain through a real IPython shell (scripted model)."""

from __future__ import annotations

import pytest

pytest.importorskip("IPython")
pd = pytest.importorskip("pandas")

from tests.assist.test_generate import ScriptedEngine  # noqa: E402


def answer(explanation: str, code: str) -> str:
    return f"{explanation}\n```python\n{code}\n```\n"


@pytest.fixture
def hook(ip, monkeypatch, tmp_path):
    monkeypatch.setenv("SPARK_NB_CACHE_DIR", str(tmp_path))
    h = ip.magics_manager.registry["SparkMagics"].hook
    ip.run_line_magic("spark", "auto fix")
    yield h
    h.wait(30)
    for name in ("total", "x", "weird"):
        ip.user_ns.pop(name, None)


def test_an_error_gets_a_checked_model_fix(ip, hook, scripted, capsys):
    engine = scripted(answer("`totl` is a typo of `total`.", "total = sales['revenue'].sum()\nprint(total)"))
    ip.run_cell("total = sales['revenue'].sum()\nprint(totl)")
    assert hook.wait(30)
    d = hook.last.diagnosis
    assert d.error_type == "NameError" and d.line == 2
    model_fixes = [f for f in d.fixes if f.origin == "model"]
    assert model_fixes and model_fixes[0].passed and "print(total)" in model_fixes[0].source
    assert {c.name for c in model_fixes[0].checks} >= {"syntax", "names", "dry_run"}
    assert "typo" in d.explanation
    prompt = engine.calls[0][0][1]["content"]
    assert "print(totl)" in prompt and "NameError" in prompt and "revenue" in prompt  # cell, error, variables
    assert engine.calls[0][1]["draft"] == "prompt-lookup"  # a fix mostly copies the cell
    assert "print(total)" in capsys.readouterr().out  # the terminal view printed the diff


def test_a_model_fix_that_fails_is_repaired_once_or_not_offered(ip, hook, scripted):
    engine = scripted(answer("Use x.", "print(y)"), answer("Use x.", "print(z)"))
    ip.user_ns["x"] = 1
    ip.run_cell("print(q)")
    hook.wait(30)
    d = hook.last.diagnosis
    assert len(engine.calls) == 2 and "'y' is not defined" in engine.calls[1][0][-1]["content"]
    assert not [f for f in d.fixes if f.origin == "model"]  # never offered
    assert all(not f.passed for f in d.rejected if f.origin == "model")


def test_keyboard_interrupt_and_system_exit_get_no_panel(ip, hook):
    hook.last = None
    ip.run_cell("raise KeyboardInterrupt")
    ip.run_cell("raise SystemExit(3)")
    assert hook.last is None


def test_auto_off_records_but_shows_nothing_and_explain_offers_no_code(ip, hook, scripted, capsys):
    ip.run_line_magic("spark", "auto off")
    ip.run_cell("1/0")
    assert hook.last.error.__class__ is ZeroDivisionError and hook.last.diagnosis is None
    capsys.readouterr()
    engine = scripted("Dividing by zero is undefined; check the divisor first.")
    ip.run_line_magic("spark", "explain")
    d = hook.last.diagnosis
    assert "divisor" in d.explanation and not [f for f in d.fixes if not f.advice]
    assert "no code" in engine.calls[0][0][0]["content"].lower() or "do not write code" in engine.calls[0][0][0]["content"].lower()
    ip.run_line_magic("spark", "auto maybe")
    assert "choose one of fix, explain, off" in capsys.readouterr().err


def test_fix_n_finds_the_error_of_cell_n(ip, hook, scripted, capsys):
    ip.run_line_magic("spark", "auto off")
    ip.run_cell("x = 1\nx + None")
    n = hook.last.execution_count
    ip.run_cell("print('fine')")
    scripted(answer("None is not a number.", "x = 1\nx + 0"))
    ip.run_line_magic("spark", f"fix {n}")
    assert hook.records[n].diagnosis.best.source == "x = 1\nx + 0"
    ip.run_line_magic("spark", "fix 99999")
    assert "raised no error" in capsys.readouterr().err


def test_a_failing_hook_never_breaks_the_kernel(ip, hook, monkeypatch, capsys, tmp_path):
    def boom(*a, **k):
        raise RuntimeError("inside spark_nb")
    monkeypatch.setattr(hook, "start", boom)
    result = ip.run_cell("1/0")
    assert isinstance(result.error_in_exec, ZeroDivisionError)
    assert "the error panel failed (RuntimeError)" in capsys.readouterr().err
    assert "inside spark_nb" in (tmp_path / "hook.log").read_text()
    assert ip.run_cell("x = 2").success  # the kernel runs the next cell as usual


def test_hard_exceptions_are_diagnosed_without_crashing(ip, hook, scripted):
    ip.run_line_magic("spark", "auto explain")
    scripted(*["It failed."] * 5)
    ip.run_cell("class Weird(Exception):\n    def __str__(self):\n        raise ValueError('no')\nraise Weird()")
    hook.wait(30)
    assert hook.last.diagnosis.error_type == "Weird"
    ip.run_cell("def f(n):\n    return f(n + 1)\nf(0)")
    hook.wait(30)
    assert hook.last.diagnosis.error_type == "RecursionError"
    ip.run_cell("try:\n    1/0\nexcept ZeroDivisionError as e:\n    raise ValueError('bad') from e")
    hook.wait(30)
    assert hook.last.diagnosis.error_type == "ValueError"
    ip.user_ns["weird"] = b"\xff\xfe caf\xe9"
    ip.run_cell("%time y = weird.decode('utf-8')")
    hook.wait(30)
    assert hook.last.diagnosis.error_type == "UnicodeDecodeError"


def test_the_python_api_takes_an_exception_or_a_traceback_text():
    import spark_nb

    ns = {"total": 3}
    try:
        exec(compile("print(totl)", "<cell>", "exec"), dict(ns))
    except NameError as exc:
        error = exc
    engine = ScriptedEngine(answer("Typo.", "print(total)"))
    d = spark_nb.diagnose("print(totl)", error, ns, engine=engine)
    assert d.best.source == "print(total)" and d.best.passed
    text = 'Traceback (most recent call last):\n  File "<cell>", line 1\nNameError: name \'totl\' is not defined'
    d2 = spark_nb.diagnose("print(totl)", text, ns, use_model=False)
    assert d2.error_type == "NameError" and d2.line == 1 and "not defined" in d2.summary


def test_a_fix_is_dry_run_from_the_state_the_failing_cell_began_in(ip, hook, monkeypatch):
    # The failing cell rebinds `frame` to None before it raises; a fix can only pass its
    # dry run if it starts from the frame the cell was given, not the None it left.
    import spark_nb.engine

    def no_model(*a, **k):
        raise RuntimeError("no model in this test")

    monkeypatch.setattr(spark_nb.engine, "get_engine", no_model)
    ip.user_ns["frame"] = pd.DataFrame({"a": [1.0, None, 3.0]})
    ip.run_cell('frame = frame.dropna(inplace=True)\nframe["b"] = frame["a"] * 2')
    assert hook.wait(30)
    d = hook.last.diagnosis
    assert ip.user_ns["frame"] is None  # the kernel keeps what the cell did
    assert hook.last.before["frame"] is not None
    best = d.best
    assert best is not None and best.origin == "rule" and best.passed
    assert best.source.startswith("frame = frame.dropna()\n")
    ip.user_ns.pop("frame", None)


def test_fixes_are_dry_run_from_a_snapshot_taken_on_the_main_thread(ip, hook, scripted, monkeypatch):
    import threading

    from spark_nb.assist import sandbox

    taken = []

    class Recording(sandbox.Snapshot):
        def __init__(self, namespace):
            taken.append(threading.current_thread() is threading.main_thread())
            super().__init__(namespace)
            self.runs = 0
            taken.append(self)

        def run(self, code, namespace=None, **options):
            self.runs += 1
            return super().run(code, namespace, **options)

    monkeypatch.setattr(sandbox, "Snapshot", Recording)
    scripted(answer("`totl` is a typo.", "total = 3\nprint(total)"))
    ip.run_cell("total = 3\nprint(totl)")
    assert hook.wait(60)
    on_main, snapshot = taken
    assert on_main and snapshot.runs >= 1  # every dry run of the diagnosis went through it
    assert snapshot.pid is None  # closed when the diagnosis ended: no copy left behind
    assert hook.last.diagnosis.fixes[0].status == "passed"


def test_with_dry_run_off_fixes_are_offered_unverified(ip, hook, scripted):
    ip.run_line_magic("spark", "config dry_run=off")
    try:
        scripted(answer("`totl` is a typo.", "total = 3\nprint(total)"))
        ip.run_cell("total = 3\nprint(totl)")
        assert hook.wait(60)
        fix = hook.last.diagnosis.fixes[0]
        assert fix.status == "skipped" and not fix.passed
        assert [c.status for c in fix.checks if c.name == "dry_run"] == ["skipped"]
    finally:
        ip.run_line_magic("spark", "config dry_run=sandbox")


def test_a_bad_dry_run_setting_is_refused_clearly(ip, capsys):
    ip.run_line_magic("spark", "config dry_run=maybe")
    out = capsys.readouterr()
    assert "dry_run cannot be 'maybe'; choose one of sandbox, off" in out.out + out.err


def test_the_fast_model_summarises_an_unknown_error_before_the_fix_model_explains(ip, hook, monkeypatch, capsys):
    small = ScriptedEngine("The solver gave up because it did not converge.")
    main = ScriptedEngine("The iteration limit is too low.")
    small.resolved = type("R", (), {"name": "small"})()
    main.resolved = type("R", (), {"name": "main"})()
    asked = []

    def by_task(model=None, task="code", **kw):
        asked.append((model, task))
        return small if task == "summary" else main

    monkeypatch.setattr("spark_nb.engine.get_engine", by_task)
    ip.run_line_magic("spark", "config models.summary=qwen2.5-coder-0.5b")
    ip.run_cell("def solve():\n    raise RuntimeError('no convergence after 50 steps')\nsolve()")
    assert hook.wait(30)
    d = hook.last.diagnosis
    assert asked == [(None, "fix"), ("qwen2.5-coder-0.5b", "summary")]
    assert d.summary == "The solver gave up because it did not converge." and d.summary_model == "scripted"
    assert d.explanation == "The iteration limit is too low."
    out = capsys.readouterr().out
    assert out.count("spark: The solver gave up because it did not converge.") == 1  # said once, first
    assert out.index("The solver gave up") < out.index("The iteration limit")


def test_one_model_for_both_tasks_makes_one_call(ip, hook, scripted):
    engine = scripted("The solver did not converge.")
    ip.run_cell("def solve():\n    raise RuntimeError('no convergence')\nsolve()")
    assert hook.wait(30)
    assert len(engine.calls) == 1 and hook.last.diagnosis.summary_model == ""


def test_an_error_a_rule_explains_never_loads_the_summary_model(ip, hook, monkeypatch):
    main = ScriptedEngine("`totl` is a typo.\n```python\ntotal = 3\nprint(total)\n```\n")
    main.resolved = type("R", (), {"name": "main"})()
    asked = []

    def by_task(model=None, task="code", **kw):
        asked.append(task)
        return main

    monkeypatch.setattr("spark_nb.engine.get_engine", by_task)
    ip.run_cell("total = 3\nprint(totl)")
    assert hook.wait(30)
    assert hook.last.diagnosis.fixes and asked == ["fix"]  # the rule's summary: no small model
