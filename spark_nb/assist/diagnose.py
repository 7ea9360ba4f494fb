"""An error in a cell -> what went wrong and fixes that have already been checked.

First the rules (``spark_nb.assist.rules``): instant, model-free fixes for the common
errors. Then, unless asked not to, the model: a short explanation in the user's
language and a corrected cell, written with prompt-lookup drafting because a fix mostly
copies the cell. Every fix, rule or model, passes the same static checks and dry run as
``%%spark`` before it is offered; a model fix that fails is repaired once, and one that
still fails is not offered. Advice that changes no code ("run cell 5 first") needs no
check.
"""

from __future__ import annotations

import builtins
import difflib
import re
import threading
import time
from dataclasses import dataclass, field
from typing import Any, Callable, Mapping, Sequence

from spark_nb.assist.checks import CheckResult, format_problems
from spark_nb.assist.error_summary import summarize
from spark_nb.assist.generate import overall_status, run_checks
from spark_nb.assist.text import extract_code, is_japanese
from spark_nb.context.secrets import redact_messages
from spark_nb.assist.rules.error_context import ErrorContext, RuleFix, context_for, safe_str
from spark_nb.assist.rules import propose

SYSTEM = (
    "You fix errors in cells of a Jupyter notebook. First explain the cause in one or two "
    "short sentences{lang}. Then give the whole corrected cell in one ```python block. "
    "Change only what the error needs and keep the rest of the cell as it is. Fix the "
    "cause: never hide the error with try/except, never delete the failing line, never "
    "replace the user's data with made-up values."
)
EXPLAIN_ONLY = (
    "You explain errors in cells of a Jupyter notebook. In two or three short sentences"
    "{lang}, say what caused the error and what to change. Do not write code blocks."
)
IN_JAPANESE = " in Japanese"
REPAIR = ("Your corrected cell failed these checks:\n{problems}\n"
          "Give the whole corrected cell again in one ```python block.")
GENERIC = {
    "SyntaxError": ("Python cannot parse this cell", "このセルは Python として解釈できません"),
    "NameError": ("a name used in this cell is not defined", "このセルで使われている名前が定義されていません"),
    "KeyError": ("a key or column that does not exist was looked up", "存在しないキーまたは列を参照しています"),
    "AttributeError": ("an object does not have the attribute used", "オブジェクトに、使われている属性がありません"),
    "TypeError": ("a value of the wrong type was used", "型の合わない値が使われています"),
    "ValueError": ("a value has the right type but an unusable content", "値の型は正しいものの、内容が使えません"),
    "IndexError": ("an index past the end of a sequence was used", "範囲外のインデックスを使っています"),
    "ModuleNotFoundError": ("a module is not installed", "モジュールがインストールされていません"),
    "FileNotFoundError": ("a file was not found", "ファイルが見つかりません"),
}


@dataclass
class Fix:
    """One fix offered (or rejected) for an error.

    ``source`` is the whole corrected cell, or None for advice that changes no code;
    ``origin`` is "rule" or "model"; ``checks`` are the checks it went through and
    ``status`` their verdict (see :func:`~spark_nb.assist.generate.overall_status`):
    a fix is offered unless it *failed*; an *incomplete* one (its dry run reached the
    network, a subprocess...) is offered only with that warning and never applied and run
    by itself. ``passed`` is True only for *passed* (and for advice, which is not checked).
    """

    source: str | None
    title: str
    origin: str
    explanation: str = ""
    rule: str = ""
    checks: list[CheckResult] = field(default_factory=list)
    passed: bool = False
    diff: str = ""
    seconds: float = 0.0
    status: str = "failed"
    index: int = 0  # a model fix: which candidate of the batch
    logprob: float | None = None
    text: str = ""  # a model fix: the model's whole answer
    key: str = ""  # what its dry run produced (set when candidates were grouped)
    consensus: Any = None  # a model fix chosen among candidates: their grouping
    reading: dict | None = None  # when candidates differed: {"label", "size", "total", "summary", "chosen"}

    @property
    def agreement(self) -> str:
        """"3 of 4 candidates agree", or "" for a fix that was not chosen among candidates."""
        return self.consensus.line(False) if self.consensus is not None else ""

    @property
    def code(self) -> str:  # the name the candidate grouping reads
        return self.source or ""

    @property
    def advice(self) -> bool:
        return self.source is None

    @property
    def offered(self) -> bool:
        return self.advice or self.status != "failed"

    def judge(self) -> None:
        """Set ``status`` and ``passed`` from ``checks``."""
        self.status = overall_status(self.checks)
        self.passed = self.status == "passed"


@dataclass
class Diagnosis:
    """What :func:`diagnose` found: the error, an explanation, ranked checked fixes."""

    error_type: str
    message: str
    line: int | None
    summary: str
    explanation: str = ""
    fixes: list[Fix] = field(default_factory=list)
    rejected: list[Fix] = field(default_factory=list)
    japanese: bool = False
    model: str = ""
    completion_tokens: int = 0
    seconds_rules: float = 0.0  # finding rule fixes
    seconds_checks: float = 0.0  # checking them (static checks and dry runs)
    seconds_model: float = 0.0
    cancelled: bool = False
    model_error: str = ""
    messages: list[dict] = field(default_factory=list)  # the model's first request
    summary_model: str = ""  # the small model that wrote ``summary``, if one did
    seconds_summary: float = 0.0

    @property
    def best(self) -> Fix | None:
        return self.fixes[0] if self.fixes else None


def unified_diff(before: str, after: str) -> str:
    """A unified diff of two cell sources, without the file header lines."""
    lines = difflib.unified_diff(before.splitlines(), after.splitlines(), lineterm="", n=2)
    return "\n".join(line for line in lines if not line.startswith(("---", "+++")))


def context_from_text(source: str, traceback_text: str, namespace: Mapping[str, Any] | None = None,
                      **extra: Any) -> ErrorContext:
    """An :class:`ErrorContext` from a traceback given as text (its last line names the error)."""
    lines = [ln for ln in re.sub(r"\x1b\[[0-9;]*m", "", traceback_text).strip().splitlines() if ln.strip()]
    last = lines[-1] if lines else ""
    m = re.match(r"^\s*([A-Za-z_][\w.]*)(?::\s*(.*))?$", last)
    name, message = (m.group(1).rsplit(".", 1)[-1], m.group(2) or "") if m else ("Exception", last)
    cls = getattr(builtins, name, None)
    if isinstance(cls, type) and issubclass(cls, BaseException):
        types = tuple(c.__name__ for c in cls.__mro__ if c is not object)
    else:
        types = (name, "Exception", "BaseException")
    line = None
    for ln in lines:
        found = re.search(r"(?:line |^-*>\s*)(\d+)", ln)
        if found:
            line = int(found.group(1))
    return ErrorContext(source=source, error_types=types, message=message,
                        namespace=namespace if namespace is not None else {}, line=line, **extra)


def validate(source: str, namespace: Mapping[str, Any], ctx: ErrorContext, *,
             dry: bool = True, timeout: float = 10.0, dry_run_mode: str = "sandbox",
             runner: Any = None, fingerprint: bool = False) -> list[CheckResult]:
    """The checks a fix must pass: the static checks, then the dry run (unless ``dry``
    is False), which must not raise — above all not the error being fixed; and the fix
    must fix the cell rather than hide the error (``effects``: no new try/except around
    it, the failing line not deleted, every name the cell assigns still assigned, no
    missing values filled with a made-up constant, and the names the cell had made
    before it failed left of the same kind)."""
    from spark_nb.assist.checks.effects import changed_kinds, check_effects, kinds_meant

    meant = kinds_meant(ctx.source, source, ctx.line, ctx.namespace) if dry else {}
    results = run_checks(source, namespace, dry=dry, timeout=timeout, dry_run_mode=dry_run_mode,
                         runner=runner, fingerprint=fingerprint or bool(meant))
    if source.strip() == ctx.source.strip():
        results.append(CheckResult("change", False, "the fix does not change the cell"))
    error_type = ctx.error_types[0] if ctx.error_types else ""
    problems = check_effects(ctx.source, source, ctx.line, error_type)
    ran = [r for r in results if r.name == "dry_run" and r.passed]
    if ran and meant:
        problems += changed_kinds(meant, ran[-1].details.get("fingerprint"))
    for kind, message in problems:
        results.append(CheckResult("effects", False, message, details={"effect": kind}))
    return results


def diagnose(source: str, error: BaseException | str, namespace: Mapping[str, Any] | None = None, *,
             engine: Any = None, model: str | None = None, use_model: bool = True,
             context: str = "", traceback_text: str = "", japanese: bool | None = None,
             history: Sequence[str] = (), notebook_cells: Sequence[str] = (),
             cell_index: int | None = None, cwd: str = ".", cell_filename: str | None = None,
             dry_run_timeout: float = 10.0, max_tokens: int = 512,
             on_event: Callable[[str, Any], None] | None = None,
             cancel: threading.Event | None = None, offer_fixes: bool = True,
             namespace_before: Mapping[str, Any] | None = None, dry_run: str = "sandbox",
             runner: Any = None, summary_engine: Any = None,
             candidates: int | None = None) -> Diagnosis:
    """Explain the error that ``source`` raised and offer checked fixes, best first.

    ``error`` is the exception (live, with its traceback) or a traceback as text.
    ``context`` describes the kernel's variables for the model; ``traceback_text`` is
    the traceback with frame locals as the model should see it. ``on_event(kind,
    data)`` receives "rules" (the checked rule fixes), "delta" (model text), "checking"
    and "fix" (a :class:`Fix`) as they happen; ``cancel`` stops the model within one
    token. With ``use_model=False`` only the rules run; with ``offer_fixes=False`` the
    result explains (the rules' summary, the model's explanation, advice) but offers no
    code. ``namespace_before`` holds the values that names the failing cell rebound had
    before it ran (``df = df.dropna(inplace=True)`` left ``df`` None): the rules read the
    namespace as the error left it, but fixes are dry-run from the state the cell began in.
    ``dry_run`` is "sandbox" or "off"; ``runner`` runs the dry runs instead of a fork of
    this process (the error hook passes a :class:`~spark_nb.assist.sandbox.Snapshot`'s).
    ``summary_engine``, a small fast model, writes the one-line summary ("summary" event)
    before the main model's explanation when no rule knows the error; it may be a function
    returning that engine (or None), called only then, so the model is loaded only then.
    ``candidates`` model fixes are asked for at once (default 4 on a local model, 1 on a
    server); the fixes that pass are grouped by what their dry runs produce and the
    largest group's is offered, with its ``agreement``.
    """
    emit = on_event or (lambda kind, data: None)
    namespace = namespace if namespace is not None else {}
    dry = {"timeout": dry_run_timeout, "dry_run_mode": dry_run, "runner": runner}
    start_ns = {**namespace, **namespace_before} if namespace_before else namespace
    extra = dict(history=history, notebook_cells=notebook_cells, cell_index=cell_index, cwd=cwd)
    if isinstance(error, BaseException):
        ctx = context_for(source, error, namespace, cell_filename=cell_filename, **extra)
        if isinstance(error, SyntaxError) and error.lineno:
            ctx.line = error.lineno  # a compile error has no frame in the cell
        tb_text = traceback_text or f"{type(error).__name__}: {ctx.message}"
    else:
        ctx = context_from_text(source, str(error), namespace, **extra)
        tb_text = traceback_text or str(error)
    if japanese is None:
        japanese = is_japanese(source) or any(is_japanese(c) for c in list(history)[-5:])

    t0 = time.perf_counter()
    result = Diagnosis(error_type=ctx.error_type, message=ctx.message, line=ctx.line,
                       summary=_generic_summary(ctx, japanese), japanese=japanese)
    proposals = propose(ctx)
    result.seconds_rules = time.perf_counter() - t0
    for rule_fix in proposals:
        if not offer_fixes and rule_fix.source is not None:
            explanation = rule_fix.explanation_ja if japanese and rule_fix.explanation_ja else rule_fix.explanation
            result.summary = result.summary if result.fixes else explanation
            continue
        fix = _checked_rule_fix(rule_fix, ctx, start_ns, japanese, dry)
        (result.fixes if fix.offered else result.rejected).append(fix)
    if result.fixes:
        result.summary = result.fixes[0].explanation or result.summary
    result.seconds_checks = time.perf_counter() - t0 - result.seconds_rules
    emit("rules", list(result.fixes))
    if use_model and summary_engine is not None and not result.fixes:
        _quick_summary(result, ctx, summary_engine, namespace, emit, cancel)
    if use_model:
        emit("explaining", None)
        _model_fix(result, ctx, start_ns, engine=engine, model=model, context=context,
                   tb_text=tb_text, dry=dry, max_tokens=max_tokens,
                   emit=emit, cancel=cancel, offer_fixes=offer_fixes, candidates=candidates)
    result.fixes.sort(key=_rank)
    return result


def _quick_summary(result: Diagnosis, ctx: ErrorContext, engine: Any, namespace: Mapping[str, Any],
                   emit: Callable[[str, Any], None], cancel: threading.Event | None) -> None:
    try:
        if not hasattr(engine, "stream"):  # a function that gets the engine when needed
            engine = engine()
        if engine is None:
            return
        quick = summarize(engine, ctx.source, f"{ctx.error_type}: {ctx.message}", line=ctx.line,
                          japanese=result.japanese, namespace=namespace, cancel=cancel)
    except Exception:  # noqa: BLE001 - the generic summary stands; the main model follows
        return
    if quick is not None:
        result.summary, result.summary_model, result.seconds_summary = quick.text, quick.model, quick.seconds
        emit("summary", quick.text)


def _rank(fix: Fix) -> tuple[int, int]:
    # advice first (a rule only gives it when the name really is defined elsewhere),
    # then rule fixes (precise), then the model's
    return (0 if fix.advice else 1, 0 if fix.origin == "rule" else 1)


def _generic_summary(ctx: ErrorContext, japanese: bool) -> str:
    for name in ctx.error_types:
        if name in GENERIC:
            en, ja = GENERIC[name]
            return (ja if japanese else en[:1].upper() + en[1:]) + (f": {ctx.message}" if ctx.message else "")
    return f"{ctx.error_type}: {ctx.message}"


def _checked_rule_fix(rule_fix: RuleFix, ctx: ErrorContext, namespace: Mapping[str, Any],
                      japanese: bool, dry: dict) -> Fix:
    started = time.perf_counter()
    explanation = (rule_fix.explanation_ja if japanese and rule_fix.explanation_ja else rule_fix.explanation)
    fix = Fix(source=rule_fix.source, title=rule_fix.title, origin="rule", rule=rule_fix.rule,
              explanation=explanation)
    if fix.source is None:
        fix.passed, fix.status = True, "passed"
    else:
        fix.checks = validate(fix.source, namespace, ctx, dry=not rule_fix.skip_dry_run, **dry)
        if rule_fix.skip_dry_run:  # an install fix: the module it installs is not there yet
            installed = set(re.findall(r"^\s*[%!]\s*pip\s+install\s+(.+)$", fix.source, re.M))
            wanted = {w for line in installed for w in line.split()}
            fix.checks = [c for c in fix.checks
                          if not c.failed or c.name != "imports" or c.details.get("pip") not in wanted]
        fix.judge()
        fix.diff = unified_diff(ctx.source, fix.source)
    fix.seconds = time.perf_counter() - started
    return fix


def _model_fix(result: Diagnosis, ctx: ErrorContext, namespace: Mapping[str, Any], *, engine: Any,
               model: str | None, context: str, tb_text: str, dry: dict,
               max_tokens: int, emit: Callable[[str, Any], None],
               cancel: threading.Event | None, offer_fixes: bool = True,
               candidates: int | None = None) -> None:
    """Ask the model for an explanation and a fix (K candidates, grouped by what their
    dry runs produce); check them; repair the best failing one once if none passes."""
    from spark_nb.assist.candidates import ask, default_count

    started = time.perf_counter()
    try:
        if engine is None:
            from spark_nb.engine import get_engine

            engine = get_engine(model, task="fix")
    except Exception as exc:  # noqa: BLE001 - a missing model must not lose the rule fixes
        result.model_error = safe_str(exc)
        return
    k = (candidates if candidates is not None else default_count(engine)) if offer_fixes else 1
    system = (SYSTEM if offer_fixes else EXPLAIN_ONLY).format(lang=IN_JAPANESE if result.japanese else "")
    where = f" (line {ctx.line})" if ctx.line else ""
    user = (f"The cell:\n```python\n{ctx.source}\n```\n\nThe error{where}:\n{tb_text.strip()}\n"
            + (f"\nThe kernel's variables:\n{context.strip()}\n" if context.strip() else ""))
    messages = [{"role": "system", "content": system}, {"role": "user", "content": user}]
    for attempt in range(2):
        width = k if attempt == 0 else 1
        # the cell, the traceback and a repair's check messages can all hold a secret
        sent = redact_messages(messages, namespace)
        result.messages = result.messages or sent
        # One answer copies the cell fastest with prompt-lookup drafting; a batch has none.
        asked = ask(engine, sent, width, max_tokens=max_tokens,
                    draft="prompt-lookup" if width == 1 else None, emit=emit, cancel=cancel)
        result.completion_tokens += asked.completion_tokens
        result.model = asked.model or result.model
        if asked.cancelled or not asked.answers:
            result.cancelled = True
            break
        if attempt == 0:
            result.explanation = _explanation(asked.answers[0].text)
        fixes = _candidate_fixes(asked, ctx, namespace, dry, result.explanation, offer_fixes, width, emit)
        if not fixes:
            break
        chosen = _chosen_fix(fixes, width)
        for fix in fixes:
            fix.seconds = time.perf_counter() - started
        if chosen.offered:
            if chosen.explanation:
                result.explanation = chosen.explanation
            shown = [chosen] + _other_readings(chosen, fixes, result.japanese)
            for fix in shown:
                result.fixes.append(fix)
                emit("fix", fix)
            result.rejected += [f for f in fixes if f not in shown and not f.offered]
            break
        result.rejected += fixes
        messages = messages + [{"role": "assistant", "content": chosen.text},
                               {"role": "user", "content": REPAIR.format(problems=format_problems(chosen.checks))}]
    result.seconds_model = time.perf_counter() - started


def _candidate_fixes(asked, ctx: ErrorContext, namespace: Mapping[str, Any], dry: dict,
                     explanation: str, offer_fixes: bool, width: int,
                     emit: Callable[[str, Any], None]) -> list[Fix]:
    """Each answer's fix, checked (the same code once); none for answers without code."""
    checked: dict[str, list[CheckResult]] = {}
    fixes = []
    for answer in asked.answers:
        code = extract_code(answer.text) if "```" in answer.text and offer_fixes else ""
        if not code.strip():
            continue
        if not fixes:
            emit("checking", None)
        if code not in checked:
            checked[code] = validate(code, namespace, ctx, fingerprint=width > 1, **dry) + _install_checks(code)
        fix = Fix(source=code, title="the model's fix", origin="model",
                  explanation=_explanation(answer.text) or explanation,
                  diff=unified_diff(ctx.source, code), checks=list(checked[code]),
                  index=answer.index, logprob=answer.logprob, text=answer.text)
        fix.judge()
        fixes.append(fix)
    return fixes


def _chosen_fix(fixes: list[Fix], width: int) -> Fix:
    """The fix most candidates agree on (by what their dry runs produced); else the first
    offered one; else the one failing fewest checks."""
    from spark_nb.assist.candidates import choose

    passing = [f for f in fixes if f.status == "passed"]
    consensus = choose(passing, width) if width > 1 and passing else None
    if consensus is not None:
        best = consensus.winner().best
        chosen = next(f for f in passing if f.index == best)
        chosen.consensus = consensus
        return chosen
    offered = [f for f in fixes if f.offered]
    if offered:
        return offered[0]
    return min(fixes, key=lambda f: (sum(c.failed for c in f.checks), f.index))


def _other_readings(chosen: Fix, fixes: list[Fix], japanese: bool, limit: int = 3) -> list[Fix]:
    """When the passing candidates produced different things, the best fix of each other
    group (up to ``limit`` readings in all), each labelled with what it produced; the
    chosen fix is labelled too. [] when they all agree or were not grouped."""
    consensus = chosen.consensus
    if consensus is None or len(consensus.groups) < 2:
        return []
    readings = consensus.readings(japanese, limit=limit, every=True)
    by_index = {f.index: f for f in fixes}
    others = []
    for i, reading in enumerate(readings):
        fix = by_index[reading["index"]]
        fix.reading = {"label": reading["label"], "size": reading["size"], "total": consensus.total,
                       "summary": reading["summary"], "chosen": i == 0 and not consensus.ambiguous}
        if i:
            fix.title = "another reading"
            others.append(fix)
    return others


def _install_checks(code: str) -> list[CheckResult]:
    """A model's fix may not install a name no known package has: that is how
    typosquatted packages get installed."""
    from spark_nb.assist.rules.distributions import unknown_installs

    return [CheckResult("imports", False, f"the fix installs `{name}`, which is not a known package; "
                        "check the name and install it yourself if it is right", details={"pip": name})
            for name in unknown_installs(code)]


def _explanation(text: str) -> str:
    """The words before the first code block, in at most three sentences."""
    before = text.split("```", 1)[0].strip()
    sentences = re.split(r"(?<=[.!?。！？])\s*", before)
    return " ".join(s for s in sentences[:3] if s).strip()
