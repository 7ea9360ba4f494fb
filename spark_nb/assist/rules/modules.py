"""ModuleNotFoundError / ImportError: a package to install, or a misspelt import.

A module that is not installed gets a ``%pip install`` line on top of the cell only when
the distribution that provides it is known (``sklearn`` -> ``scikit-learn``, from the
table in :mod:`~spark_nb.assist.rules.distributions` or the metadata installed here);
the dry run cannot show an install, so only the static checks judge it. A module nobody
is known to provide gets advice to check its name, never an install of a guessed name.
A name close to an installed module (``pandsa``, ``matplotlib.pyplt``) gets the import
corrected first, and then no install of a package nobody meant; ``cannot import name
'X' from 'y'`` gets the closest name that ``y`` has. Installed modules are found by
listing the folders on ``sys.path`` (each listing capped) and by the import system's
finders, never by importing them: no module's code runs in the kernel for a rule.
"""

from __future__ import annotations

import ast
import itertools
import os
import re
import sys

from spark_nb.assist.fuzzy import closest
from spark_nb.assist.installed import package_folders, spec_of
from spark_nb.assist.rules.error_context import ErrorContext, RuleFix
from spark_nb.assist.rules.edits import (apply_edits, code_nodes, literal_like, on_line,
                                         parse_cell, segment, span, string_nodes)
from spark_nb.assist.rules.values import public_names
from spark_nb.assist.rules.distributions import DISTRIBUTIONS, provider

ERRORS = ("ModuleNotFoundError", "ImportError")

# Import name -> the distribution that provides it (kept under its old name here).
PACKAGES = DISTRIBUTIONS
_NOT_FOUND = re.compile(r"No module named '([\w.]+)'")
_CANNOT = re.compile(r"cannot import name '(\w+)' from '([\w.]+)'")
_MAX_ENTRIES = 2000
_EXTENSIONS = (".py", ".pyc", ".so", ".pyd")


def propose(ctx: ErrorContext) -> list[RuleFix]:
    """The corrected import first when a close module exists, else the install."""
    tree = parse_cell(ctx.source)
    match = _CANNOT.search(ctx.message)
    if match:
        if "partially initialized" in ctx.message or tree is None:
            return []  # a circular import: no spelling fixes that
        return _member_fixes(ctx, tree, match[1], match[2])
    missing = getattr(ctx.exception, "name", None) if "ModuleNotFoundError" in ctx.error_types else None
    if not isinstance(missing, str) or not missing:
        found = _NOT_FOUND.search(ctx.message)
        missing = found[1] if found else None
    if not missing:
        return []
    parent, _, leaf = missing.rpartition(".")
    top = missing.split(".")[0]
    if parent and missing not in PACKAGES and spec_of(parent) is not None:
        # a module missing from a package that is there: a misspelling, not an install
        near = closest(leaf, sorted(_submodules(parent)), n=2, cutoff=0.8)
        return _renames(ctx, tree, missing, [f"{parent}.{n}" for n in near])
    known = provider(missing)
    if known:
        package, pip = known
        if spec_of(package) is not None:
            return []  # installed, but this version has no such module: the `moved` rule's
        return [_install(ctx, missing, pip)]
    near = closest(top, _likely_first(installed_modules(ctx.cwd) - {top}), n=2, cutoff=0.8)
    if near:  # a misspelling: installing a package of that name is not what anyone meant
        return _renames(ctx, tree, top, near)
    return [_unknown(missing, closest(top, sorted(PACKAGES), n=2, cutoff=0.8))]


def installed_modules(cwd: str = ".") -> set[str]:
    """Top-level module names importable here: built in, imported, or on ``sys.path``."""
    names = set(sys.builtin_module_names) | set(getattr(sys, "stdlib_module_names", ()))
    names |= {name.split(".")[0] for name in list(sys.modules)}
    for entry in sys.path:
        names |= _listed(os.path.join(cwd, entry) if entry else cwd)
    return {n for n in names if n.isidentifier()}


def _likely_first(names: set[str]) -> list[str]:
    # Of equally close names, the well-known packages, then the imported ones.
    return sorted(names, key=lambda n: (n not in PACKAGES, n not in sys.modules, n))


def _listed(folder: str) -> set[str]:
    names = set()
    try:
        with os.scandir(folder) as entries:
            for entry in itertools.islice(entries, _MAX_ENTRIES):
                stem, dot, _ = entry.name.partition(".")
                if not dot or entry.name.endswith(_EXTENSIONS):
                    names.add(stem)
    except OSError:  # a zip file on sys.path, or a folder that is gone
        pass
    return names


def _submodules(package: str) -> set[str]:
    """Public submodule names of ``package``, from its folders (the package is not imported)."""
    names = set()
    for folder in (package_folders(package) or [])[:4]:
        names |= {n for n in _listed(folder) if n.isidentifier() and not n.startswith("_")}
    return names


def _renames(ctx: ErrorContext, tree, missing: str, near: list[str]) -> list[RuleFix]:
    if tree is None:
        return []
    fixes = []
    for good in near:
        source = apply_edits(ctx.source, _module_edits(ctx, tree, missing, good))
        if source is None:
            continue
        fixes.append(RuleFix(
            source, f"import `{good}` instead of `{missing}`",
            f"There is no module `{missing}`, but `{good}` is installed: the name looks misspelt.",
            f"モジュール `{missing}` はありませんが、`{good}` はインストールされています。"
            "名前の書き間違いと思われます。"))
    return fixes


def _module_edits(ctx: ErrorContext, tree, missing: str, good: str) -> list:
    # `import pandsa` (no alias) also names the module in the code: rename those uses.
    edits, bare = [], False
    for node in code_nodes(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name == missing or alias.name.startswith(missing + "."):
                    end = alias.col_offset + len(missing.encode())
                    edits.append((alias.lineno, alias.col_offset, alias.lineno, end, good))
                    bare |= alias.asname is None and "." not in missing
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module and (
                node.module == missing or node.module.startswith(missing + ".")):
            found = re.match(r"from\s+", segment(ctx.source, node))
            if found:
                col = node.col_offset + found.end()
                edits.append((node.lineno, col, node.lineno, col + len(missing.encode()), good))
    if bare:
        edits += [span(n, good) for n in code_nodes(tree) if isinstance(n, ast.Name) and n.id == missing]
    if not edits:  # imported by name: `importlib.import_module('pandsa')`
        edits = [span(n, literal_like(segment(ctx.source, n), good)) for n in string_nodes(tree, missing)]
    return edits


def _unknown(missing: str, known: list[str]) -> RuleFix:
    hint = (f" (did you mean `{known[0]}`?)" if known else "")
    hint_ja = (f"（`{known[0]}` のことでしょうか？）" if known else "")
    return RuleFix(
        None, f"check the module name `{missing}`",
        f"No installed or known package provides `{missing}`{hint}; check the name, and "
        "install a package only under the name its own documentation gives (a guessed "
        "name on PyPI may belong to someone else).",
        f"`{missing}` を提供するパッケージは、インストール済みのものにも既知のものにもありません{hint_ja}。"
        "名前を確認し、パッケージは公式ドキュメントに書かれた名前でインストールしてください"
        "（推測した名前の PyPI パッケージは別人のものかもしれません）。")


def _install(ctx: ErrorContext, missing: str, pip: str) -> RuleFix:
    lines = ctx.source.splitlines(keepends=True)
    at = 1 if lines and lines[0].lstrip().startswith("%%") else 0  # a cell magic stays first
    head = "".join(lines[:at])
    if head and not head.endswith("\n"):
        head += "\n"
    return RuleFix(
        head + f"%pip install {pip}\n" + "".join(lines[at:]), f"install {pip}",
        f"The module `{missing}` is not installed in this kernel's environment; "
        f"the package `{pip}` provides it.",
        f"モジュール `{missing}` はこのカーネルの環境にインストールされていません。"
        f"`{pip}` パッケージをインストールしてください。",
        skip_dry_run=True)


def _member_fixes(ctx: ErrorContext, tree, name: str, module: str) -> list[RuleFix]:
    loaded = sys.modules.get(module)
    if loaded is None:
        return []
    fixes = []
    for good in closest(name, public_names(loaded), n=2, cutoff=0.75):
        edits, bare = [], False
        for node in code_nodes(tree):
            if isinstance(node, ast.ImportFrom) and node.module == module and on_line(node, ctx.line):
                for alias in node.names:
                    if alias.name == name:
                        end = alias.col_offset + len(name.encode())
                        edits.append((alias.lineno, alias.col_offset, alias.lineno, end, good))
                        bare |= alias.asname is None
        if bare:
            edits += [span(n, good) for n in code_nodes(tree) if isinstance(n, ast.Name) and n.id == name]
        source = apply_edits(ctx.source, edits)
        if source is not None:
            fixes.append(RuleFix(
                source, f"import `{good}` instead of `{name}`",
                f"`{module}` has no `{name}`; the closest name it has is `{good}`.",
                f"`{module}` に `{name}` はありません。近い名前の `{good}` の書き間違いと思われます。"))
    return fixes
