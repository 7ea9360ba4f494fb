"""ImportError: a name or module that a library moved (``collections.Iterable``,
``pandas.io.json.json_normalize``, ``sklearn.cross_validation``).

``cannot import name 'X' from 'a.b'`` and ``No module named 'a.b.c'`` (when the package
``a`` is installed; a missing package is the ``modules`` rule's) are looked up first in
a table of well-known moves, then where ``X`` is found without running new code: in
``a.b.abc``, in the modules above ``a.b`` (nearest first), or in a public module of the
package, each only when it is already imported. The import statement is rewritten: the
names still where they were stay, the moved ones get their own line.

No module is imported here: importing runs its code in the user's kernel (a module of
theirs named like a library, or a library that takes seconds and a GPU to import).
Whether a module exists is asked of the import system's finders (:func:`~spark_nb.assist.installed.spec_of`,
which does not import the packages above it either); attributes are read only from
modules in ``sys.modules``. A well-known move to a module that exists but is not
imported yet is offered without looking inside it; the dry run then shows whether the
new import works.
"""

from __future__ import annotations

import ast
import re
import sys

from spark_nb.assist.installed import is_installed
from spark_nb.assist.rules.error_context import ErrorContext, RuleFix
from spark_nb.assist.rules.edits import apply_edits, code_nodes, on_line, parse_cell, span

ERRORS = ("ImportError",)

_CANNOT = re.compile(r"cannot import name '(\w+)' from '([\w.]+)'")
_NO_MODULE = re.compile(r"No module named '([\w.]+)'")
_ABC = ("Iterable", "Iterator", "Mapping", "MutableMapping", "Sequence", "MutableSequence", "Set",
        "MutableSet", "Callable", "Hashable", "Generator", "Container", "Sized", "Collection",
        "Reversible", "KeysView", "ItemsView", "ValuesView", "MappingView", "Awaitable",
        "Coroutine", "AsyncIterable", "AsyncIterator", "AsyncGenerator", "ByteString")
_DISPLAY = ("display", "HTML", "Image", "Markdown", "Javascript", "SVG", "Latex", "Math",
            "clear_output", "IFrame")
# (old module, name) -> (new module, new name); a new name of None imports the module itself.
NAMES = {
    **{("collections", n): ("collections.abc", n) for n in _ABC},
    **{("IPython.core.display", n): ("IPython.display", n) for n in _DISPLAY},
    **{("scipy.misc", n): ("scipy.special", n) for n in ("comb", "factorial", "logsumexp")},
    **{("scipy.misc", n): ("scipy.datasets", n) for n in ("face", "ascent", "electrocardiogram")},
    **{("scipy", n): ("numpy", n) for n in ("interp", "linspace", "arange", "array", "sqrt",
                                            "exp", "log", "pi", "mean", "dot", "zeros", "ones")},
    ("scipy.misc", "imread"): ("imageio.v2", "imread"),
    ("scipy.stats", "nanmean"): ("numpy", "nanmean"),
    ("pandas.io.json", "json_normalize"): ("pandas", "json_normalize"),
    ("pandas", "datetime"): ("datetime", "datetime"),
    ("pandas.tools.plotting", "scatter_matrix"): ("pandas.plotting", "scatter_matrix"),
    ("sklearn.externals", "joblib"): ("joblib", None),
    ("sklearn.externals", "six"): ("six", None),
    ("matplotlib.cbook", "iterable"): ("numpy", "iterable"),
    ("matplotlib.mlab", "find"): ("numpy", "flatnonzero"),
    ("fractions", "gcd"): ("math", "gcd"),
    ("cgi", "escape"): ("html", "escape"),
    ("time", "clock"): ("time", "perf_counter"),
    ("keras.preprocessing.sequence", "pad_sequences"): ("keras.utils", "pad_sequences"),
}
# Old module -> the module that holds its contents now.
MODULES = {
    "pandas.util.testing": "pandas.testing", "pandas.tools.plotting": "pandas.plotting",
    "pandas.types.common": "pandas.api.types", "numpy.testing.utils": "numpy.testing",
    "sklearn.cross_validation": "sklearn.model_selection", "sklearn.grid_search": "sklearn.model_selection",
    "sklearn.learning_curve": "sklearn.model_selection", "sklearn.externals.joblib": "joblib",
    "sklearn.externals.six": "six", "sklearn.datasets.samples_generator": "sklearn.datasets",
    "keras.utils.np_utils": "keras.utils", "IPython.html.widgets": "ipywidgets",
}
_MAX_SCANNED = 5000


def propose(ctx: ErrorContext) -> list[RuleFix]:
    """The import rewritten to where the name or module lives now."""
    tree = parse_cell(ctx.source)
    cannot, gone = _CANNOT.search(ctx.message), _NO_MODULE.search(ctx.message)
    if tree is None or "partially initialized" in ctx.message:
        return []  # a circular import is not a move
    if cannot:
        return _fix_names(ctx, tree, cannot[2], cannot[1])
    missing = getattr(ctx.exception, "name", None) or (gone[1] if gone else None)
    if not isinstance(missing, str) or "." not in missing or not is_installed(missing.split(".")[0]):
        return []  # a top-level module that is not installed: the `modules` rule installs it
    return _fix_modules(ctx, tree, missing) + _fix_names(ctx, tree, missing, None)


_NOT_LOADED = object()  # a module that exists but is not imported: nothing read from it


def _load(name: str):
    """The module ``name`` when already imported; ``_NOT_LOADED`` when it exists but is not
    imported (it is not imported here); None when it is not there."""
    if name in sys.modules:
        return sys.modules[name]
    return _NOT_LOADED if is_installed(name) else None


def where_now(module: str, name: str) -> tuple[str, str | None, bool] | None:
    """``(module, name, known)`` where ``name`` of ``module`` is now, or None when not found;
    ``known`` tells a well-known move from a name found by looking."""
    known = NAMES.get((module, name))
    if known:
        new, new_name = known
        loaded = _load(new)
        ok = loaded is _NOT_LOADED or (
            loaded is not None and (new_name is None or hasattr(loaded, new_name)))
        return (new, new_name, True) if ok else None
    parts = module.split(".")
    places = [module + ".abc"] if module in sys.modules else []
    places += [".".join(parts[:i]) for i in range(len(parts) - 1, 0, -1)]
    for place in places:
        loaded = sys.modules.get(place)  # only modules already imported
        if loaded is not None and hasattr(loaded, name) and not _is_module(getattr(loaded, name)):
            return place, name, False
    return _imported_holder(parts[0], module, name)


def _is_module(obj) -> bool:
    return type(obj).__name__ == "module"


def _imported_holder(top: str, module: str, name: str) -> tuple[str, str, bool] | None:
    # A public module of the same package, already imported, that defines `name`.
    found = []
    for key in [k for k in list(sys.modules)[:_MAX_SCANNED] if k.startswith(top + ".")]:
        loaded = sys.modules.get(key)
        if key == module or any(p.startswith("_") for p in key.split(".")) or loaded is None:
            continue
        obj = getattr(loaded, name, None)
        if obj is not None and not _is_module(obj):
            found.append((getattr(obj, "__module__", None) != key, len(key), key))
    return (min(found)[2], name, False) if found else None


def _fix_names(ctx: ErrorContext, tree, module: str, missing: str | None) -> list[RuleFix]:
    """Rewrite ``from module import ...`` so that each name comes from where it lives now.

    ``missing`` is the name reported (None when the module itself is missing); the
    statement that imports it may spell the module otherwise (``os.path`` for ``posixpath``).
    """
    for node in code_nodes(tree):
        if not (isinstance(node, ast.ImportFrom) and node.level == 0 and on_line(node, ctx.line)):
            continue
        if node.module != module and not (missing and missing in [a.name for a in node.names]):
            continue
        loaded, moves = sys.modules.get(node.module or ""), {}
        for alias in node.names:
            if alias.name == "*" or (loaded is not None and hasattr(loaded, alias.name)):
                continue
            found = where_now(node.module, alias.name)
            if found is None:
                return []  # one name we cannot place: the rewritten import would still fail
            moves[alias.name] = found
        if moves:
            return _rewrite_from(ctx, node, moves)
    return []


def _rewrite_from(ctx: ErrorContext, node: ast.ImportFrom, moves: dict) -> list[RuleFix]:
    stay = [_alias(a.name, a.asname) for a in node.names if a.name not in moves]
    lines = [f"from {node.module} import {', '.join(stay)}"] if stay else []
    by_module: dict[str, list[str]] = {}
    for alias in node.names:
        if alias.name in moves:
            new, new_name, _ = moves[alias.name]
            if new_name is None:
                lines.append(f"import {new}" + (f" as {alias.asname or alias.name}"
                                                if (alias.asname or alias.name) != new else ""))
            else:
                by_module.setdefault(new, []).append(_alias(new_name, alias.asname or alias.name))
    lines += [f"from {new} import {', '.join(names)}" for new, names in by_module.items()]
    row = ctx.source.split("\n")[node.lineno - 1]
    indent = row[: len(row) - len(row.lstrip())]
    source = apply_edits(ctx.source, [span(node, ("\n" + indent).join(lines))])
    if source is None:
        return []
    first, (new, new_name, known) = next(iter(moves.items()))
    where = new if new_name in (None, first) else f"{new}` as `{new_name}"
    old = node.module
    en, ja = ((f"`{first}` is no longer in `{old}`: it moved to `{where}`.",
               f"`{first}` は `{old}` から `{where}` に移りました。") if known else
              (f"`{old}` has no `{first}`, but `{where}` has it.",
               f"`{old}` に `{first}` はありませんが、`{where}` にあります。") if old in sys.modules else
              (f"There is no module `{old}`, but `{where}` has `{first}`.",
               f"モジュール `{old}` はありませんが、`{where}` に `{first}` があります。"))
    return [RuleFix(source, f"import `{first}` from `{new}`", en, ja)]


def _alias(name: str, asname: str | None) -> str:
    return name if asname in (None, name) else f"{name} as {asname}"


def _fix_modules(ctx: ErrorContext, tree, missing: str) -> list[RuleFix]:
    new = MODULES.get(missing)
    if new is None or _load(new) is None:
        return []
    edits = []
    for node in code_nodes(tree):
        if isinstance(node, ast.ImportFrom) and node.module == missing and node.level == 0:
            edits.append(span(node, f"from {new} import " + ", ".join(_alias(a.name, a.asname) for a in node.names)))
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name == missing and alias.asname:  # without an alias the code spells the old path
                    edits.append(span(alias, f"{new} as {alias.asname}"))
    source = apply_edits(ctx.source, edits)
    if source is None:
        return []
    return [RuleFix(
        source, f"import `{new}` instead of `{missing}`",
        f"The module `{missing}` is gone: what it held is in `{new}` now.",
        f"モジュール `{missing}` はなくなり、その中身は `{new}` に移りました。")]
