"""Request -> code, checked against the live namespace and repaired before it is shown.

The loop: ask the model for one code block; run the static checks and the dry run; if a
check fails, show the model its code and the exact problems and ask again, at most
``rounds`` times (most of the gain is in the first two repairs). The best attempt is
returned either way, with every check's result, so a caller never presents failing
code as if it had passed.
"""

from __future__ import annotations

import ast
import threading
import time
from dataclasses import dataclass, field
from typing import Any, Callable, Mapping, Sequence

from spark_nb.assist.checks.overwrite import drop_overwrites
from spark_nb.assist.checks import CheckResult, format_problems, static_checks
from spark_nb.assist.dry_run import dry_run
from spark_nb.assist.text import extract_code, is_japanese
from spark_nb.context.secrets import redact_messages

SYSTEM = (
    "You write Python for a cell of a Jupyter notebook whose variables are listed below. "
    "Use those variables as they are; do not recreate them or invent sample data. "
    "Answer with exactly one ```python code block and nothing after it."
)
JAPANESE = " Write the code comments in Japanese."
REPAIR = (
    "The code above failed these checks:\n{problems}\n"
    "Return the whole corrected code in one ```python code block."
)
# How a failed answer goes back to the model. Problems the static checks find are local
# edits: the model sees its code and the problems, and drafting copies the rest. Wrong
# behaviour (the dry run or examples fail) needs a rethink, and a small model shown its
# own code mostly writes it out again unchanged, so the request is asked afresh with the
# problems but without the code; the last round also asks for a comment on every step.
AFRESH = (
    "\n\nAn earlier answer to this request was wrong:\n{problems}\n"
    "Write a new answer that avoids these problems."
)
AFRESH_STEPS = (
    "\n\nAn earlier answer to this request was wrong:\n{problems}\n"
    "Write a new answer. Inside the code, before each step, write a short comment that says "
    "what the step does and checks it against the expected results above."
)
_BEHAVIOUR = {"dry_run", "examples", "checklist"}


@dataclass
class Attempt:
    """One answer of the model and what the checks said about it."""

    code: str
    checks: list[CheckResult]
    text: str = ""
    completion_tokens: int = 0
    seconds: float = 0.0  # generating and checking this attempt
    index: int = 0  # which candidate of its round (0: the greedy one)
    logprob: float | None = None  # the model's mean token log-probability
    round: int = 0
    key: str = ""  # what its dry run produced, for grouping (set for passing candidates)

    @property
    def passed(self) -> bool:
        """No check failed (skipped and incomplete checks end the loop: no repair helps)."""
        return not any(c.failed for c in self.checks)

    @property
    def failures(self) -> int:
        return sum(c.failed for c in self.checks)

    @property
    def status(self) -> str:
        return overall_status(self.checks)


@dataclass
class Generation:
    """The result of :func:`generate`: the code to show and whether it passed."""

    request: str
    code: str
    passed: bool
    checks: list[CheckResult]
    rounds: int  # repair rounds used
    attempts: list[Attempt] = field(default_factory=list)
    prompt_tokens: int = 0
    completion_tokens: int = 0
    seconds: float = 0.0
    model: str = ""
    japanese: bool = False
    checked: bool = True  # False with check=False: the code was never checked
    cancelled: bool = False
    status: str = "failed"  # passed | failed | skipped | incomplete: see overall_status
    candidates: list[Attempt] = field(default_factory=list)  # every candidate of every round
    consensus: Any = None  # a spark_nb.assist.consensus.Consensus when several passed
    k: int = 1  # candidates asked for per round
    requirements: list = field(default_factory=list)  # the request's checklist (assist.checklist)
    ignored: list = field(default_factory=list)  # numbers of requirements left out (``ignore=``)

    @property
    def agreement(self) -> str:
        """"3 of 4 candidates agree" (in the request's language), or "" with one candidate."""
        return self.consensus.line(self.japanese) if self.consensus is not None else ""

    @property
    def ambiguous(self) -> bool:
        """The passing candidates split into readings with no majority: the user picks
        (:meth:`readings`); the code is then not inserted or run by itself."""
        return self.consensus is not None and self.consensus.ambiguous

    def readings(self, limit: int = 3) -> list[dict]:
        """What each group of passing candidates produced, the chosen one first, when they
        differ (``{"label": "A", "index", "size", "code", "summary"}``); [] otherwise."""
        if self.consensus is None or len(self.consensus.groups) < 2:
            return []
        return self.consensus.readings(self.japanese, limit=limit, every=True)

    @property
    def failed_checks(self) -> list[CheckResult]:
        return [c for c in self.checks if c.failed]


def overall_status(checks: list[CheckResult]) -> str:
    """One verdict for a list of checks.

    *failed* if any failed; else *incomplete* if the dry run reached something the
    sandbox refuses; else *skipped* if the dry run did not run (the code was never run
    in the copy); else *passed*. A static check that gave up is shown as skipped on its
    own line but does not make the whole verdict skipped.
    """
    if not checks:
        return "skipped"
    if any(c.failed for c in checks):
        return "failed"
    if any(c.status == "incomplete" for c in checks):
        return "incomplete"
    dry = [c for c in checks if c.name in ("dry_run", "examples")]
    if not dry or dry[-1].status == "skipped":
        return "skipped"
    return "passed"


def run_checks(code: str, namespace: Mapping[str, Any], *, dry: bool = True,
               timeout: float = 10.0, request: str = "", dry_run_mode: str = "sandbox",
               runner: Any = None, fingerprint: bool = False,
               requirements: list | None = None) -> list[CheckResult]:
    """Static checks, then — only when none failed — the dry run (``dry_run_mode``
    "sandbox" or "off"; ``runner`` replaces the sandbox's own fork, see :func:`dry_run`;
    ``fingerprint`` records what the code produced, for grouping candidates), then one
    "checklist" check per requirement of the request on what a passing dry run left."""
    results = static_checks(code, namespace, request)
    if dry and not any(r.failed for r in results):
        wanted = [r.as_dict() for r in requirements or []]
        ran = dry_run(code, namespace, timeout=timeout, mode=dry_run_mode, runner=runner,
                      fingerprint=fingerprint, checklist=wanted or None)
        results.append(ran)
        if wanted and ran.passed:
            from spark_nb.assist.checklist import checks

            results += checks(list(requirements), ran)
    return results


def _rule_repair(code: str, checks: list[CheckResult],
                 recheck: Callable[[str], list[CheckResult]]) -> tuple[str, list[CheckResult]]:
    """Fix what needs no model, then check again: add the import a conventional alias
    (``plt``, ``np``, ``pd`` …) is missing, drop statements that re-create the user's data."""
    failed = [c for c in checks if c.failed]
    if not failed:
        return code, checks
    fixed = code
    imports = _missing_imports(fixed, failed)
    if imports:
        from spark_nb.assist.rules.edits import insert_at_top

        fixed = insert_at_top(fixed, "\n".join(imports) + "\n")
    overwrites = {c.line + len(imports) for c in failed if c.name == "overwrite" and c.line}
    if overwrites:
        fixed = drop_overwrites(fixed, overwrites) or fixed
    if fixed == code or not fixed.strip():
        return code, checks
    return fixed, recheck(fixed)


def _missing_imports(code: str, failed: list[CheckResult]) -> list[str]:
    from spark_nb.assist.rules.imports import import_line

    try:
        tree = ast.parse(code)
    except SyntaxError:
        return []
    lines = []
    for c in failed:
        name = c.details.get("name") if c.name == "names" else None
        line = import_line(name, tree) if name else None
        if line and line not in lines:
            lines.append(line)
    return lines


def _repair_messages(first: list[dict], code: str, checks: list[CheckResult],
                     next_round: int) -> tuple[list[dict], str | None]:
    """The messages and drafting mode of repair round ``next_round`` after ``code`` failed ``checks``."""
    problems = format_problems(checks)
    if next_round >= 2:
        template = AFRESH_STEPS
    elif any(c.failed and c.name in _BEHAVIOUR for c in checks):
        template = AFRESH
    else:
        return first + [{"role": "assistant", "content": f"```python\n{code}\n```"},
                        {"role": "user", "content": REPAIR.format(problems=problems)}], "prompt-lookup"
    system, user = first[0], first[1]
    return [system, {"role": "user", "content": user["content"] + template.format(problems=problems)}], None


def generate(request: str, *, namespace: Mapping[str, Any] | None = None, model: str | None = None,
             engine: Any = None, context: str = "", rounds: int = 2, check: bool = True,
             dry_run_timeout: float = 10.0, max_tokens: int = 512,
             on_event: Callable[[str, Any], None] | None = None,
             cancel: threading.Event | None = None,
             checker: Callable[[str], list[CheckResult]] | None = None,
             dry_run: str = "sandbox", candidates: int | None = None,
             checklist: bool = True, ignore: Sequence[int] = (),
             propose: bool = False) -> Generation:
    """Turn ``request`` into code checked against ``namespace``; repair up to ``rounds`` times.

    ``candidates`` answers are asked for at once (default: 4 on a local model, 1 on a
    server; see :mod:`spark_nb.assist.candidates`): the first greedy, the others sampled,
    decoded in one batch. Each is checked; those that pass are grouped by what their dry
    run produced and the largest group wins (``consensus``, ``agreement``: "3 of 4
    candidates agree"); when groups tie, ``consensus.ambiguous`` is True and its
    ``readings()`` say what each produced. When none passes, the repair starts from the
    candidate that failed fewest checks.

    ``context`` is the prompt text describing the live kernel (variables, modules,
    recent cells). ``on_event(kind, data)`` receives "delta" (text of the first
    candidate), "candidate_delta" ((index, text) of the others), "checking" (None),
    "candidate" (each checked :class:`Attempt`), "attempt" (the round's chosen
    :class:`Attempt`), "consensus" (the grouping) and "repair" (round number). Setting
    ``cancel`` (from any thread) stops generation within one token; the result then holds
    what was written so far, unchecked, and ``cancelled`` is True. ``checker(code)``
    replaces the checks against ``namespace`` (benchmarks check against examples; a
    checker's dry run or examples result may carry ``details["fingerprint"]``).
    ``dry_run`` is "sandbox" (run the code in the sandbox, see :mod:`spark_nb.assist.sandbox`)
    or "off" (the dry run is skipped, and so the result is never *passed*).

    With ``checklist`` (the default) the requirements the request states ("sorted from
    highest to lowest", "the y-axis labelled 'Sales'", "元の df は変更しない") are read
    from its words (:mod:`spark_nb.assist.checklist`, ``Generation.requirements``) and each
    is a check on what the dry run left; an unmet one fails like any check, goes to the
    repair as a problem, and counts against a candidate. ``ignore`` holds the numbers
    (from 1, as :attr:`Requirement.number`) of requirements read wrongly, left unchecked.
    With ``propose`` the model is also asked which other words of the request state a
    requirement; each is kept only where those words hold a value of its kind
    (:mod:`spark_nb.assist.checklist.proposed`). It is off by default: on the 0.5B model
    it cost seconds a request and added little (docs/benchmarks.md).

    The first repair shows the model its code and the problems when the static checks
    failed, and asks the request afresh with the problems listed when the code ran wrong
    (a small model shown its own code tends to copy it); the second asks afresh with a
    comment on every step.
    """
    from spark_nb.assist.candidates import ask, choose, default_count

    if not request or not request.strip():
        raise ValueError("the request is empty: say what the code should do")
    if rounds < 0:
        raise ValueError("rounds must be 0 or more")
    if candidates is not None and (not isinstance(candidates, int) or not 1 <= candidates <= 16):
        raise ValueError(f"candidates must be a whole number from 1 to 16, not {candidates!r}")
    if engine is None:
        from spark_nb.engine import get_engine

        engine = get_engine(model, task="code")
    k = candidates if candidates is not None else default_count(engine)
    namespace = namespace if namespace is not None else {}
    emit = on_event or (lambda kind, data: None)
    japanese = is_japanese(request)
    system = SYSTEM + (JAPANESE if japanese else "")
    user = (f"The kernel already holds these; use them, never redefine them:\n{context.strip()}"
            f"\n\nRequest: {request.strip()}" if context.strip() else f"Request: {request.strip()}")
    first = [{"role": "system", "content": system}, {"role": "user", "content": user}]
    messages, draft = first, None
    requirements = []
    if checklist and check:
        from spark_nb.assist.checklist import extract

        requirements = extract(request, names=namespace.keys(), engine=engine if propose else None)
    ignored = sorted({n for n in ignore if any(r.number == n for r in requirements)})
    checked = [r for r in requirements if r.number not in ignored]
    if checker is None:
        def checker(code: str) -> list[CheckResult]:
            return run_checks(code, namespace, timeout=dry_run_timeout, request=request,
                              dry_run_mode=dry_run, fingerprint=k > 1, requirements=checked)
    t0 = time.perf_counter()
    result = Generation(request=request, code="", passed=False, checks=[], rounds=0,
                        japanese=japanese, checked=check, k=k, requirements=requirements,
                        ignored=ignored)
    for round_no in range(rounds + 1):
        started = time.perf_counter()
        if round_no:
            emit("repair", round_no)
        # A repair that edits the code copies most of it: one answer, with drafting.
        width = 1 if draft else k
        # every round, repairs included: the model's code and the check messages can
        # quote a value the dry run read from the namespace
        asked = ask(engine, redact_messages(messages, namespace), width, max_tokens=max_tokens,
                    draft=draft, emit=emit, cancel=cancel, seed=1000 * round_no)
        if asked.cancelled:
            result.cancelled = True
            text = asked.answers[0].text if asked.answers else ""
            result.attempts.append(Attempt(code=extract_code(text), checks=[], text=text))
            break
        result.prompt_tokens += asked.prompt_tokens
        result.completion_tokens += asked.completion_tokens
        result.model = asked.model
        if check:
            emit("checking", None)
        tried = _check_answers(asked, checker if check else None, round_no, emit)
        result.candidates += tried
        chosen, consensus = _pick(tried, width, choose)
        if consensus is not None:
            result.consensus = consensus
            emit("consensus", consensus)
        chosen.seconds = time.perf_counter() - started
        result.attempts.append(chosen)
        result.rounds = round_no
        emit("attempt", chosen)
        if chosen.passed:
            break
        messages, draft = _repair_messages(first, chosen.code, chosen.checks, round_no + 1)
    finished = result.attempts[:-1] if result.cancelled and len(result.attempts) > 1 else result.attempts
    # A repair replaces an earlier answer only when it fails fewer checks.
    best = min(finished, key=lambda a: (a.failures, result.attempts.index(a)))
    result.code, result.checks = best.code, best.checks
    if result.consensus is not None and best.round != result.candidates[-1].round:
        result.consensus = None  # the grouping was of a round whose answer is not the one shown
    result.status = overall_status(best.checks) if check and not result.cancelled else "skipped"
    result.passed = result.status == "passed"
    result.seconds = time.perf_counter() - t0
    return result


def _check_answers(asked, checker: Callable[[str], list[CheckResult]] | None, round_no: int,
                   emit: Callable[[str, Any], None]) -> list[Attempt]:
    """Check every answer (the same code once), rules repairing what needs no model."""
    seen: dict[str, tuple[str, list[CheckResult]]] = {}
    tried = []
    for answer in asked.answers:
        code = extract_code(answer.text)
        if code not in seen:
            checks = checker(code) if checker is not None else []
            seen[code] = _rule_repair(code, checks, checker) if checker is not None else (code, checks)
        fixed, checks = seen[code]
        attempt = Attempt(code=fixed, checks=list(checks), text=answer.text,
                          completion_tokens=answer.completion_tokens, index=answer.index,
                          logprob=answer.logprob, round=round_no)
        tried.append(attempt)
        emit("candidate", attempt)
    return tried


def _pick(tried: list[Attempt], width: int, choose) -> tuple[Attempt, Any]:
    """The round's answer: the consensus of those that passed, else the one failing fewest
    checks (the greedy one first among equals)."""
    consensus = choose([a for a in tried if a.status == "passed"], width) if width > 1 else None
    if consensus is not None:
        best = consensus.winner().best
        return next(a for a in tried if a.index == best), consensus
    return min(tried, key=lambda a: (a.failures, a.index)), None
