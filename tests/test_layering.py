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
