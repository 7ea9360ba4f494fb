"""Request -> code, checked against the live namespace and repaired before it is shown.

The loop: ask the model for one code block; run the static checks and the dry run; if a
check fails, show the model its code and the exact problems and ask again, at most
``rounds`` times (most of the gain is in the first two repairs). The best attempt is
returned either way, with every check's result, so a caller never presents failing
code as if it had passed.
"""

from __future__ import annotations

import re
import time
from dataclasses import dataclass, field
from typing import Any, Callable, Mapping

from spark_nb.assist._overwrite import drop_overwrites
from spark_nb.assist.checks import CheckResult, format_problems, static_checks
from spark_nb.assist.dry_run import dry_run

_FENCE = re.compile(r"```[ \t]*(?:python|py|ipython|python3)?[ \t]*\n(.*?)(?:```|\Z)", re.S | re.I)
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uff00-\uffef]")

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


@dataclass
class Attempt:
    """One answer of the model and what the checks said about it."""

    code: str
    checks: list[CheckResult]
    text: str = ""

    @property
    def passed(self) -> bool:
        return all(c.passed for c in self.checks)

    @property
    def failures(self) -> int:
        return sum(not c.passed for c in self.checks)


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

    @property
    def failed_checks(self) -> list[CheckResult]:
        return [c for c in self.checks if not c.passed]


def is_japanese(text: str) -> bool:
    return bool(_CJK.search(text))


def extract_code(text: str) -> str:
    """The first fenced code block of an answer, or the answer itself if it is code."""
    m = _FENCE.search(text)
    if m:
        return m.group(1).strip("\n")
    return text.strip()


def run_checks(code: str, namespace: Mapping[str, Any], *, dry: bool = True,
               timeout: float = 10.0) -> list[CheckResult]:
    """Static checks, then — only when they all pass — the dry run."""
    results = static_checks(code, namespace)
    if dry and all(r.passed for r in results):
        results.append(dry_run(code, namespace, timeout=timeout))
    return results


def _rule_repair(code: str, checks: list[CheckResult], namespace: Mapping[str, Any],
                 timeout: float) -> tuple[str, list[CheckResult]]:
    """Fix what needs no model: drop statements that re-create the user's data."""
    failed = [c for c in checks if not c.passed]
    if not failed or any(c.name != "overwrite" for c in failed):
        return code, checks
    fixed = drop_overwrites(code, {c.line for c in failed if c.line})
    if not fixed.strip():
        return code, checks
    return fixed, run_checks(fixed, namespace, timeout=timeout)


def generate(request: str, *, namespace: Mapping[str, Any] | None = None, model: str | None = None,
             engine: Any = None, context: str = "", rounds: int = 2, check: bool = True,
             dry_run_timeout: float = 10.0, max_tokens: int = 512,
             on_event: Callable[[str, Any], None] | None = None) -> Generation:
    """Turn ``request`` into code checked against ``namespace``; repair up to ``rounds`` times.

    ``context`` is the prompt text describing the live kernel (variables, modules,
    recent cells). ``on_event(kind, data)`` receives "delta" (text), "attempt" (an
    :class:`Attempt`) and "repair" (round number) as they happen.
    """
    if not request or not request.strip():
        raise ValueError("the request is empty: say what the code should do")
    if rounds < 0:
        raise ValueError("rounds must be 0 or more")
    if engine is None:
        from spark_nb.engine import get_engine

        engine = get_engine(model)
    namespace = namespace if namespace is not None else {}
    emit = on_event or (lambda kind, data: None)
    japanese = is_japanese(request)
    system = SYSTEM + (JAPANESE if japanese else "")
    user = (f"The kernel already holds these; use them, never redefine them:\n{context.strip()}"
            f"\n\nRequest: {request.strip()}" if context.strip() else f"Request: {request.strip()}")
    messages = [{"role": "system", "content": system}, {"role": "user", "content": user}]
    t0 = time.perf_counter()
    result = Generation(request=request, code="", passed=False, checks=[], rounds=0,
                        japanese=japanese, checked=check)
    for round_no in range(rounds + 1):
        if round_no:
            emit("repair", round_no)
        stream = engine.stream(messages, max_tokens=max_tokens,
                               draft="prompt-lookup" if round_no else None)
        for delta in stream:
            emit("delta", delta)
        completion = stream.wait()
        result.prompt_tokens += completion.usage.prompt_tokens
        result.completion_tokens += completion.usage.completion_tokens
        result.model = completion.model
        code = extract_code(completion.text)
        checks = run_checks(code, namespace, timeout=dry_run_timeout) if check else []
        code, checks = _rule_repair(code, checks, namespace, dry_run_timeout)
        attempt = Attempt(code=code, checks=checks, text=completion.text)
        result.attempts.append(attempt)
        result.rounds = round_no
        emit("attempt", attempt)
        if attempt.passed or completion.finish_reason == "cancelled":
            break
        messages = messages + [
            {"role": "assistant", "content": f"```python\n{code}\n```"},
            {"role": "user", "content": REPAIR.format(problems=format_problems(checks))},
        ]
    best = min(result.attempts, key=lambda a: (a.failures, -result.attempts.index(a)))
    result.code, result.checks = best.code, best.checks
    result.passed = check and best.passed
    result.seconds = time.perf_counter() - t0
    return result
