"""``spark-nb demo``: run examples/quickstart.ipynb on the local model, then write its report.

The notebook is executed on a copy; the executed copy and the report go to ``build/demo/``
(or ``--out``), so the example in the repository keeps its saved state.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

from spark_nb.report.errors import ReportError
from spark_nb.report.notebook import BACKEND_PRELUDE

QUICKSTART = Path("examples") / "quickstart.ipynb"
DEFAULT_OUT = Path("build") / "demo"
# The quickstart loads spark_nb itself and keeps the error hook on (it shows an error
# and its fix); the hidden first cell only sets up matplotlib's inline backend first.
DEMO_PRELUDE = BACKEND_PRELUDE
# The error panel's explanation is written on a background thread; the hidden last cell
# waits for it, so the saved notebook and its report show the finished panel.
DEMO_POSTLUDE = """try:
    get_ipython().magics_manager.registry["SparkMagics"].hook.wait(300)
except (KeyError, AttributeError):
    pass"""


def find_quickstart(notebook: str | None) -> Path:
    """The notebook given, else examples/quickstart.ipynb here, else the copy shipped in
    the package (an installed wheel), else the one in the spark_nb checkout."""
    if notebook:
        return Path(notebook)
    package = Path(__file__).resolve().parents[1]
    for candidate in (Path.cwd() / QUICKSTART, package / "examples" / QUICKSTART.name,
                      package.parent / QUICKSTART):
        if candidate.exists():
            return candidate
    raise ReportError("the quickstart notebook was not found (it ships in the package as "
                      "spark_nb/examples/quickstart.ipynb): reinstall spark-nb, or pass "
                      "--notebook PATH")


def demo_models(model: str | None) -> str:
    """Which model each task of the demo uses, in words; each one is resolved first."""
    from spark_nb.engine.choice import choices
    from spark_nb.engine.registry import resolve
    from spark_nb.engine.settings import EngineSettings

    settings = EngineSettings()
    made = [c for c in choices(models=settings.models, everything=model or settings.model)
            if c.task != "complete"]
    by_model: dict[str, list[str]] = {}
    for c in made:
        by_model.setdefault(c.model, []).append(c.task)
    for name in by_model:
        resolve(name, settings, None)
    return "; ".join(f"{name} for {', '.join(tasks)}" for name, tasks in by_model.items())


def run_demo(notebook: str | None = None, out_dir: str | None = None,
             model: str | None = None) -> int:
    """Execute the quickstart (a copy), save it, write its HTML report; print where they are."""
    from tqdm.auto import tqdm

    from spark_nb.report import ReportOptions, notebook as nbmod, run

    uses = demo_models(model)  # an unknown or missing model fails now, not mid-notebook
    path = find_quickstart(notebook)
    out = Path(out_dir) if out_dir else DEFAULT_OUT
    out.mkdir(parents=True, exist_ok=True)
    if model:
        os.environ["SPARK_NB_MODEL"] = model  # the kernel inherits it: %%spark uses this model
    source = nbmod.load(path)
    print(f"running {path} on a copy with the local models ({uses}): a %%spark request, an "
          "error and its fix, a chart and its analysis …", flush=True)
    started = time.perf_counter()
    cells = nbmod.cell_count_in_execution(source.nb, DEMO_PRELUDE, DEMO_POSTLUDE)
    with tqdm(total=cells, unit="cell", desc="cells") as bar:
        executed = nbmod.execute(source, timeout=600, cwd=path.parent, prelude=DEMO_PRELUDE,
                                 postlude=DEMO_POSTLUDE, on_cell=lambda i: bar.update(1))
    print(f"ran {len(executed.nb.cells)} cells in {time.perf_counter() - started:.0f} s")
    for number, error in executed.failed_cells:
        print(f"  cell [{number}] raised {error}")
    saved = out / f"{path.stem}.executed.ipynb"
    nbmod.save(executed, saved)
    result = run(None, ReportOptions.make(output=out / f"{path.stem}.html", model=model),
                 source=executed)
    s = result.stats
    print(f"executed notebook: {saved}\nreport: {result.path} ({result.seconds:.1f} s, "
          f"{s.model_calls} model calls, {s.cached_calls} from cache; "
          f"{s.grounded_after}/{s.numbers_after} numbers in the prose grounded)")
    return 0
