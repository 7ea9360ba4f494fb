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
import importlib.util
import re
from dataclasses import dataclass, field
from typing import Any, Iterable, Mapping

from spark_nb.assist._columns import check_columns
from spark_nb.assist._names import check_names
from spark_nb.assist._outputs import check_outputs
from spark_nb.assist._overwrite import check_overwrites
from spark_nb.assist.rules.distributions import DISTRIBUTIONS, distribution_for

CHECK_NAMES = ("syntax", "names", "columns", "overwrite", "imports", "outputs", "dry_run", "examples", "change")

# Import name -> the distribution pip installs it from (a shipped table; see
# spark_nb/assist/rules/distributions.py).
PIP_NAMES = DISTRIBUTIONS

# Cell magics whose body is Python, so the rest of the cell is still worth checking.
_PYTHON_CELL_MAGICS = {"time", "timeit", "capture", "prun", "debug", "python", "python3"}
_MAGIC_ASSIGN = re.compile(r"^(\s*)([\w.\[\]'\", ]+?)\s*=\s*[%!]")
_HELP = re.compile(r"^\s*(\?{1,2}[\w.]+|[\w.\[\]()]+\?{1,2})\s*$")


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


def python_source(code: str) -> str:
    """``code`` with IPython-only lines (``%magic``, ``!shell``, ``obj?``) made ``pass``.

    Line numbers are kept, so errors still point at the user's lines. ``x = %magic`` and
    ``x = !cmd`` become ``x = None`` so that ``x`` stays defined. A cell magic whose body
    is not Python (``%%bash``, ``%%html``) leaves nothing to check. Code that already
    parses is returned as it is: a line such as ``% b`` may continue an expression.
    """
    try:
        ast.parse(code)
        return code
    except (SyntaxError, ValueError):
        pass
    lines = code.splitlines()
    first = next((i for i, line in enumerate(lines) if line.strip()), None)
    if first is not None and lines[first].lstrip().startswith("%%"):
        magic = (lines[first].lstrip()[2:].split() or [""])[0]
        if magic not in _PYTHON_CELL_MAGICS:
            return "\n" * (len(lines) - 1)
        lines[first] = ""
    out = []
    for line in lines:
        stripped = line.lstrip()
        indent = line[: len(line) - len(stripped)]
        if match := _MAGIC_ASSIGN.match(line):
            out.append(f"{match[1]}{match[2]} = None")
        elif stripped[:1] in ("%", "!") or _HELP.match(line):
            out.append(indent + "pass")  # not blank: it may be the only line of a block
        else:
            out.append(line)
    return "\n".join(out)


def check_imports(tree: ast.AST) -> list[tuple[int, str, dict]]:
    """Problems ``(line, message, details)`` of modules imported but not installed.

    Uses ``importlib.util.find_spec`` on the top-level name only, which finds a module
    without importing it. Imports guarded by ``try/except ImportError`` are optional and
    not checked.
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
            if top in seen or _installed(top):
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


def _installed(module: str) -> bool:
    try:
        return importlib.util.find_spec(module) is not None
    except (ImportError, ValueError):  # a module with a broken __spec__ is still there
        return True


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
