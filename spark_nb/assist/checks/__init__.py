"""Static checks of code against the live namespace: syntax, names, columns, imports.

The checks read plain data (the code as a string, the namespace as a mapping) and never
run the code. A check that finds nothing gives one passing :class:`CheckResult`; one that
finds problems gives one failing result per problem, so a panel and a repair prompt can
list them one by one. Where the code is too dynamic to follow (star imports, renamed
columns, reassigned frames) a check gives up and passes: a false alarm costs a repair
round and can turn good code into worse code.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass, field
from typing import Any, Iterable, Mapping

from spark_nb.assist.checks.columns import check_columns
from spark_nb.assist.checks.names import check_names
from spark_nb.assist.checks.outputs import check_outputs
from spark_nb.assist.checks.overwrite import check_overwrites
from spark_nb.assist.installed import is_installed
from spark_nb.assist.rules.distributions import DISTRIBUTIONS, distribution_for
from spark_nb.assist.text import python_source

CHECK_NAMES = ("syntax", "names", "columns", "overwrite", "imports", "outputs", "dry_run", "examples", "change",
               "checklist", "effects")

# Import name -> the distribution pip installs it from (a shipped table; see
# spark_nb/assist/rules/distributions.py).
PIP_NAMES = DISTRIBUTIONS

# Cell magics whose body is Python, so the rest of the cell is still worth checking.


STATUSES = ("passed", "failed", "skipped", "incomplete")


@dataclass
class CheckResult:
    """What one check found.

    ``status`` is the verdict: *passed*, *failed*, *skipped* (the check did not run or
    gave up; ``message`` says why) or *incomplete* (the code reached something the dry
    run's sandbox refuses, such as the network or a subprocess; ``message`` says what).
    ``passed`` is True only for *passed*; give ``status`` to say anything else, or pass
    ``details={"skipped": reason}``. ``message`` is one sentence that a user and a model
    both understand, such as ``"name 'totl' is not defined (did you mean 'total'?)"``;
    ``line`` is the line of the user's code it is about, when there is one; ``details``
    holds the parts of the message as data (the name, the suggestion, the captured
    output...) for rules that fix the code without a model.
    """

    name: str
    passed: bool
    message: str = ""
    line: int | None = None
    details: dict = field(default_factory=dict)
    status: str = ""

    def __post_init__(self) -> None:
        if self.name not in CHECK_NAMES:
            raise ValueError(f"unknown check {self.name!r}; checks are {', '.join(CHECK_NAMES)}")
        if not self.status:
            self.status = "passed" if self.passed else "failed"
            if self.passed and self.details.get("skipped"):
                self.status = "skipped"
        if self.status not in STATUSES:
            raise ValueError(f"unknown status {self.status!r}; statuses are {', '.join(STATUSES)}")
        self.passed = self.status == "passed"

    @property
    def failed(self) -> bool:
        return self.status == "failed"


def static_checks(code: str, namespace: Mapping[str, Any], request: str = "") -> list[CheckResult]:
    """Check ``code`` against ``namespace`` without running it.

    Runs, in order: ``syntax``, ``names`` (every name used is defined), ``columns``
    (DataFrame columns referenced exist), ``overwrite`` (the user's data objects are not
    replaced by new data), ``imports`` (imported modules are installed) and, given the
    ``request``, ``outputs`` (new variables the request names are assigned). Stops after
    a failed syntax check, since the rest need a parse tree.
    IPython-only lines (``%magic``, ``!shell``, ``obj?``) are ignored.
    """
    source = python_source(code)
    try:
        tree = ast.parse(source)
    except SyntaxError as exc:
        text = (exc.text or "").strip()
        return [CheckResult("syntax", False, exc.msg, exc.lineno,
                            {"offset": exc.offset, "text": text})]
    except ValueError as exc:  # null bytes, before Python 3.12
        return [CheckResult("syntax", False, str(exc))]
    results = [CheckResult("syntax", True)]
    results += _as_results("names", check_names(tree, namespace))
    results += _as_results("columns", check_columns(tree, namespace))
    results += _as_results("overwrite", check_overwrites(tree, namespace))
    results += _as_results("imports", check_imports(tree))
    if request:
        results += _as_results("outputs", check_outputs(tree, request, namespace))
    return results


def format_problems(results: Iterable[CheckResult]) -> str:
    """The failed checks as short lines for a repair prompt; ``""`` when all passed."""
    lines = []
    for r in results:
        if r.failed:
            where = f" (line {r.line})" if r.line else ""
            lines.append(f"- {r.name}{where}: {r.message}")
    return "\n".join(lines)


def check_imports(tree: ast.AST) -> list[tuple[int, str, dict]]:
    """Problems ``(line, message, details)`` of modules imported but not installed.

    Asks :func:`~spark_nb.assist.installed.is_installed` about the top-level name only,
    which finds a module without importing it. Imports guarded by ``try/except
    ImportError`` are optional and not checked.
    """
    guarded = _guarded_imports(tree)
    seen: dict[str, tuple[int, str, dict]] = {}
    for node in ast.walk(tree):
        if id(node) in guarded:
            continue
        if isinstance(node, ast.Import):
            modules = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            modules = [node.module]
        else:
            continue
        for module in modules:
            top = module.split(".")[0]
            if top in seen or is_installed(top):
                continue
            pip = distribution_for(module) or distribution_for(top)
            advice = (f"; install it with %pip install {pip}" if pip else
                      ", and no known package provides it; check the name")
            seen[top] = (node.lineno, f"module '{top}' is not installed{advice}",
                         {"module": top, "pip": pip})
    return sorted(seen.values(), key=lambda p: p[0])


def _as_results(check: str, problems: list[tuple[int, str, dict]] | str) -> list[CheckResult]:
    # A string means the check gave up on purpose: it passes and says why.
    if isinstance(problems, str):
        return [CheckResult(check, True, problems, details={"skipped": problems})]
    if not problems:
        return [CheckResult(check, True)]
    return [CheckResult(check, False, msg, line, details) for line, msg, details in problems]


_IMPORT_ERRORS = {"ImportError", "ModuleNotFoundError", "Exception", "BaseException"}


def _guarded_imports(tree: ast.AST) -> set[int]:
    guarded: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Try) and any(_catches_import_error(h) for h in node.handlers):
            guarded.update(id(n) for stmt in node.body for n in ast.walk(stmt))
    return guarded


def _catches_import_error(handler: ast.ExceptHandler) -> bool:
    if handler.type is None:
        return True
    kinds = handler.type.elts if isinstance(handler.type, ast.Tuple) else [handler.type]
    return any(isinstance(k, ast.Name) and k.id in _IMPORT_ERRORS for k in kinds)
