"""The ``names`` check: every name the code reads is defined when it is read.

Module and class bodies run top to bottom, so there a name must be bound before it is
used. Function and lambda bodies run later (when called), so they may use module names
bound further down; inside a function, Python decides per function, not per line,
which names are local, and so does this check. Comprehensions have their own scope
(their first iterable is evaluated outside it; a walrus binds outside it).
"""

from __future__ import annotations

import ast
import builtins
import re
from typing import Any, Iterable, Mapping

from spark_nb.assist.fuzzy import suggest

BUILTIN_NAMES = frozenset(dir(builtins))
# Names IPython puts in a kernel (some only as builtins while a cell runs).
IPYTHON_NAMES = frozenset({"display", "get_ipython", "In", "Out", "exit", "quit", "_", "__",
                           "___", "_i", "_ii", "_iii", "_ih", "_oh", "_dh"})
_IPYTHON_HISTORY = re.compile(r"^_i?\d+$")
_FUNCTIONS = (ast.FunctionDef, ast.AsyncFunctionDef)
_COMPREHENSIONS = (ast.ListComp, ast.SetComp, ast.DictComp, ast.GeneratorExp)

Problem = tuple[int, str, dict]


def check_names(tree: ast.Module, namespace: Mapping[str, Any]) -> list[Problem] | str:
    """Problems ``(line, message, details)``, one per undefined name at its first use.

    Returns a string (the reason) instead when the code star-imports, since then any
    name may be defined.
    """
    if any(isinstance(n, ast.ImportFrom) and any(a.name == "*" for a in n.names)
           for n in ast.walk(tree)):
        return "names not checked: a star import can define any name"
    # A function's `global x` may bind x for the module; count it as bound from the start.
    declared = {name for n in ast.walk(tree) if isinstance(n, ast.Global) for name in n.names}
    checker = _NameChecker(lambda name: is_predefined(name, namespace), declared)
    missing = checker.run(tree)
    candidates = [*checker.module.names, *_stored_names(tree), *namespace, *BUILTIN_NAMES]
    problems = []
    for name, line in sorted(missing.items(), key=lambda item: item[1]):
        if name in checker.module.names:  # bound at module level, but further down
            problems.append((line, f"name '{name}' is used before it is assigned",
                             {"name": name, "suggestion": None, "assigned_later": True}))
            continue
        hint = suggest(name, candidates)
        problems.append((line, f"name '{name}' is not defined{did_you_mean(hint)}",
                         {"name": name, "suggestion": hint}))
    return problems


def is_predefined(name: str, namespace: Mapping[str, Any]) -> bool:
    """Whether ``name`` exists before the code runs: namespace, builtins or IPython."""
    return (name in namespace or name in BUILTIN_NAMES or name in IPYTHON_NAMES
            or bool(_IPYTHON_HISTORY.match(name)))


def did_you_mean(suggestion: str | None) -> str:
    """The `` (did you mean 'x'?)`` end of a message, or nothing."""
    return f" (did you mean '{suggestion}'?)" if suggestion else ""


class _Scope:
    def __init__(self, kind: str, names: Iterable[str] = ()):
        self.kind = kind  # module, class, function or comprehension
        self.names = set(names)


class _NameChecker(ast.NodeVisitor):
    def __init__(self, predefined, module_names: Iterable[str]):
        self.predefined = predefined
        self.module = _Scope("module", module_names)
        self.stack = [self.module]
        self.deferred: list[tuple[list[_Scope], ast.AST]] = []
        self.missing: dict[str, int] = {}

    def run(self, tree: ast.Module) -> dict[str, int]:
        self.visit(tree)
        # Function bodies after the whole module: by the time they run it is all bound.
        while self.deferred:
            self.stack, node = self.deferred.pop(0)
            self._function_body(node)
        return self.missing

    def _defined(self, name: str) -> bool:
        for depth, scope in enumerate(reversed(self.stack)):
            if scope.kind == "class" and depth > 0:
                continue  # a class body's names are not visible inside its methods
            if name in scope.names:
                return True
        return self.predefined(name)

    def _use(self, name: str, line: int) -> None:
        if not self._defined(name):
            self.missing[name] = min(line, self.missing.get(name, line))

    def _bind(self, name: str) -> None:
        self.stack[-1].names.add(name)

    def _visit_all(self, nodes) -> None:
        for node in nodes:
            if node is not None:
                self.visit(node)

    def visit_Name(self, node: ast.Name) -> None:
        if isinstance(node.ctx, ast.Store):
            self._bind(node.id)
        else:  # Load, and Del: `del x` needs x too
            self._use(node.id, node.lineno)

    def visit_Assign(self, node: ast.Assign) -> None:
        self.visit(node.value)  # the value runs before the targets are bound
        self._visit_all(node.targets)

    def visit_AnnAssign(self, node: ast.AnnAssign) -> None:
        # Annotations are skipped: they may be postponed or strings, and rarely the bug.
        if node.value is not None:
            self.visit(node.value)
            self.visit(node.target)

    def visit_AugAssign(self, node: ast.AugAssign) -> None:
        self.visit(node.value)
        if isinstance(node.target, ast.Name):
            self._use(node.target.id, node.lineno)
            self._bind(node.target.id)
        else:
            self.visit(node.target)

    def visit_NamedExpr(self, node: ast.NamedExpr) -> None:
        self.visit(node.value)
        scope = next(s for s in reversed(self.stack) if s.kind != "comprehension")
        scope.names.add(node.target.id)

    def _loop_body(self, node) -> None:
        # A loop's second pass sees what its first bound, so in top-to-bottom scopes
        # the body's names count as bound for the whole loop.
        if self.stack[-1].kind != "function":
            self.stack[-1].names.update(_bound_in(node.body + node.orelse))
        self._visit_all(node.body + node.orelse)

    def visit_For(self, node: ast.For) -> None:
        self.visit(node.iter)
        self.visit(node.target)
        self._loop_body(node)

    visit_AsyncFor = visit_For

    def visit_While(self, node: ast.While) -> None:
        self.visit(node.test)
        self._loop_body(node)

    def visit_ExceptHandler(self, node: ast.ExceptHandler) -> None:
        self._visit_all([node.type])
        if node.name:
            self._bind(node.name)
        self._visit_all(node.body)

    def visit_Import(self, node: ast.Import | ast.ImportFrom) -> None:
        for alias in node.names:
            self._bind(_import_binding(alias))

    visit_ImportFrom = visit_Import

    def visit_FunctionDef(self, node: ast.FunctionDef | ast.AsyncFunctionDef) -> None:
        self._visit_all(node.decorator_list + node.args.defaults + node.args.kw_defaults)
        self._bind(node.name)
        self.deferred.append((list(self.stack), node))

    visit_AsyncFunctionDef = visit_FunctionDef

    def visit_Lambda(self, node: ast.Lambda) -> None:
        self._visit_all(node.args.defaults + node.args.kw_defaults)
        self.deferred.append((list(self.stack), node))

    def _function_body(self, node) -> None:
        body = node.body if isinstance(node, _FUNCTIONS) else [node.body]
        a = node.args
        params = [p.arg for p in a.posonlyargs + a.args + a.kwonlyargs]
        params += [p.arg for p in (a.vararg, a.kwarg) if p is not None]
        self.stack.append(_Scope("function", [*params, *_bound_in(body)]))
        self._visit_all(body)
        self.stack.pop()

    def visit_ClassDef(self, node: ast.ClassDef) -> None:
        self._visit_all(node.decorator_list + node.bases + [k.value for k in node.keywords])
        self.stack.append(_Scope("class"))
        self._visit_all(node.body)
        self.stack.pop()
        self._bind(node.name)  # the class name exists only once its body has run

    def _comprehension(self, node, *results: ast.expr) -> None:
        generators = node.generators
        self.visit(generators[0].iter)  # evaluated in the enclosing scope
        self.stack.append(_Scope("comprehension"))
        for i, gen in enumerate(generators):
            if i:
                self.visit(gen.iter)
            self.visit(gen.target)
            self._visit_all(gen.ifs)
        self._visit_all(results)
        self.stack.pop()

    def visit_ListComp(self, node) -> None:
        self._comprehension(node, node.elt)

    visit_SetComp = visit_GeneratorExp = visit_ListComp

    def visit_DictComp(self, node: ast.DictComp) -> None:
        self._comprehension(node, node.key, node.value)

    def visit_MatchAs(self, node: ast.MatchAs) -> None:
        self._visit_all([node.pattern])
        if node.name:
            self._bind(node.name)

    def visit_MatchStar(self, node: ast.MatchStar) -> None:
        if node.name:
            self._bind(node.name)

    def visit_MatchMapping(self, node: ast.MatchMapping) -> None:
        self.generic_visit(node)
        if node.rest:
            self._bind(node.rest)


def _import_binding(alias: ast.alias) -> str:
    # `import a.b` binds `a`; `import a.b as c` binds `c`.
    return alias.asname or alias.name.split(".")[0]


def _bound_in(nodes: list[ast.AST]) -> set[str]:
    """Names bound by these statements in their own scope, not in nested scopes."""
    found: set[str] = set()
    stack = list(nodes)
    while stack:
        node = stack.pop()
        if isinstance(node, ast.Name) and not isinstance(node.ctx, ast.Load):
            found.add(node.id)
        elif isinstance(node, (*_FUNCTIONS, ast.ClassDef)):
            found.add(node.name)
            continue
        elif isinstance(node, ast.Lambda):
            continue
        elif isinstance(node, _COMPREHENSIONS):
            found.update(n.target.id for n in ast.walk(node) if isinstance(n, ast.NamedExpr))
            continue
        elif isinstance(node, (ast.Import, ast.ImportFrom)):
            found.update(_import_binding(a) for a in node.names)
        elif isinstance(node, (ast.Global, ast.Nonlocal)):
            found.update(node.names)
        elif isinstance(node, (ast.ExceptHandler, ast.MatchAs, ast.MatchStar)) and node.name:
            found.add(node.name)
        elif isinstance(node, ast.MatchMapping) and node.rest:
            found.add(node.rest)
        stack.extend(ast.iter_child_nodes(node))
    return found


def _stored_names(tree: ast.AST) -> set[str]:
    """Every name the code binds anywhere, as candidates for "did you mean"."""
    return _bound_in([tree]) | {
        n.id if isinstance(n, ast.Name) else n.arg for n in ast.walk(tree)
        if isinstance(n, ast.arg) or (isinstance(n, ast.Name) and isinstance(n.ctx, ast.Store))}
