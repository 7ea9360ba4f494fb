"""The layers of DESIGN.md: the engine and the tasks never pull in the notebook stack."""

import subprocess
import sys

NOTEBOOK_STACK = ("IPython", "ipywidgets", "anywidget", "nbformat")
FORBIDDEN = (*NOTEBOOK_STACK, "matplotlib", "spark_nb.assist")


def _imported_after(code: str) -> set[str]:
    out = subprocess.run(
        [sys.executable, "-c", code + "\nimport sys\nprint('\\n'.join(sys.modules))"],
        capture_output=True, text=True, check=True,
    ).stdout
    return set(out.split())


def test_engine_imports_no_notebook_stack():
    mods = _imported_after(
        "import spark_nb, spark_nb.engine\n"
        "import spark_nb.engine.backends.llama_cpp, spark_nb.engine.backends.openai\n"
        "import spark_nb.cli"
    )
    assert "spark_nb.engine.backends.llama_cpp" in mods  # the probe really imported them
    leaked = sorted(m for m in mods if m.split(".")[0] in FORBIDDEN or m in FORBIDDEN)
    assert leaked == []


def test_importing_the_package_is_light():
    mods = _imported_after("import spark_nb")
    assert "llama_cpp" not in mods and "httpx" not in mods and "numpy" not in mods


def test_assist_imports_no_notebook_stack():
    mods = _imported_after("import spark_nb.assist.generate, spark_nb.assist.checks, "
                           "spark_nb.assist.dry_run")
    assert "spark_nb.assist.checks" in mods
    assert sorted(m for m in mods if m.split(".")[0] in NOTEBOOK_STACK) == []


# Every module of the package, read statically (lazy imports inside functions included):
# a module imports only from its own layer or the layers below it, and the pure layers
# import no notebook stack. A new module is covered without editing this test.
import ast  # noqa: E402
from pathlib import Path  # noqa: E402

PACKAGE = Path(__file__).resolve().parents[1] / "spark_nb"
ARCHITECTURE = PACKAGE.parent / "docs" / "architecture.md"


def _layers_from_the_docs() -> dict[str, int]:
    """The picture at the top of docs/architecture.md: ``layer N  package  package``."""
    text = ARCHITECTURE.read_text(encoding="utf-8")
    block = text.split("<!-- layers: read by tests/test_layering.py -->", 1)[1].split("```")[1]
    layers = {}
    for line in block.strip().splitlines():
        word, number, *packages = line.split()
        assert word == "layer", line
        layers.update({name: int(number) for name in packages})
    return layers


LAYERS = _layers_from_the_docs()  # lower number: lower layer
PURE = {"spark_nb.engine", "spark_nb.context", "spark_nb.assist"}
NOTEBOOK = {"IPython", "ipywidgets", "anywidget", "nbformat", "nbconvert", "nbclient", "ipykernel"}


def _layer(module: str) -> str:
    parts = module.split(".")
    for n in range(len(parts), 0, -1):
        if ".".join(parts[:n]) in LAYERS:
            return ".".join(parts[:n])
    raise AssertionError(f"{module} is in no layer: add its package to LAYERS")


def _modules():
    for path in sorted(PACKAGE.rglob("*.py")):
        rel = path.relative_to(PACKAGE.parent).with_suffix("")
        parts = list(rel.parts[:-1] if rel.name == "__init__" else rel.parts)
        yield ".".join(parts), path, rel.name == "__init__"


MODULES = {m for m, _, _ in _modules()}


def _imports(module: str, path: Path, is_package: bool):
    """(what ``module`` imports, line): `from a import b` names the module a.b when there
    is one, else a (b is then a name inside a)."""
    here = module.split(".") if is_package else module.split(".")[:-1]
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield alias.name, node.lineno
        elif isinstance(node, ast.ImportFrom):
            base = ".".join((here[: len(here) - node.level + 1] if node.level else [])
                            + ([node.module] if node.module else []))
            for alias in node.names:
                target = f"{base}.{alias.name}"
                yield (target if target in MODULES else base), node.lineno


def test_no_module_imports_a_layer_above_its_own():
    wrong = []
    for module, path, is_package in _modules():
        mine = _layer(module)
        for name, line in _imports(module, path, is_package):
            top = name.split(".")[0]
            if top == "spark_nb" and name != "spark_nb":
                if LAYERS[_layer(name)] > LAYERS[mine] and mine != "spark_nb":
                    wrong.append(f"{path.relative_to(PACKAGE.parent)}:{line} {module} -> {name}")
            elif mine in PURE and top in NOTEBOOK:
                wrong.append(f"{path.relative_to(PACKAGE.parent)}:{line} {module} -> {name} (notebook stack)")
            elif mine == "spark_nb.engine" and top == "matplotlib":
                wrong.append(f"{path.relative_to(PACKAGE.parent)}:{line} {module} -> matplotlib")
    assert wrong == []


def test_every_top_level_module_and_package_is_in_the_picture():
    tops = {".".join(m.split(".")[:2]) for m, _, _ in _modules()}
    assert tops == set(LAYERS), "docs/architecture.md's layer picture and the package differ"


def _graph() -> dict[str, set[str]]:
    """module -> the modules of the package it imports."""
    return {module: {t for t, _ in _imports(module, path, is_package) if t in MODULES and t != module}
            for module, path, is_package in _modules()}


def test_no_import_cycle_inside_the_package():
    graph = _graph()
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    cycles = []

    def visit(v: str) -> None:  # Tarjan's strongly connected components
        index[v] = low[v] = len(index)
        stack.append(v)
        for w in graph[v]:
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            group = []
            while True:
                w = stack.pop()
                group.append(w)
                if w == v:
                    break
            if len(group) > 1:
                cycles.append(sorted(group))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    assert cycles == []
