"""Report benchmark: export each notebook cold (empty cache, model loaded fresh) and again
from the cache; HTML for each, PDF once. Reported per notebook: the claims its outputs give,
how many the report states and how many of those the checker finds true of their output,
the model sentences still describing code instead of findings (target 0), the share of
the model's numbers that the outputs back before and after the grounding check, and the
times. Prints one table.

    .venv/bin/python bench/report.py [--model NAME] [NOTEBOOK ...]

By default: the three example notebooks and the three public analysis notebooks in
``bench/notebooks/`` (saved outputs, not executed; see its SOURCES.md).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT = ["examples/sales_analysis.ipynb", "examples/sales_ja.ipynb", "examples/quickstart.ipynb",
           "bench/notebooks/online_retail.ipynb", "bench/notebooks/nba_tidy.ipynb",
           "bench/notebooks/housing_end_to_end.ipynb"]


def code_sentences(report) -> int:
    """Sentences of the report's prose that describe the code rather than findings."""
    from spark_nb.assist.claims.check import describes_code
    from spark_nb.assist.grounding import split_sentences

    texts = [report.summary, report.conclusions, *(s.narrative for s in report.sections),
             *(f.text for s in report.sections for f in s.findings)]
    return sum(1 for t in texts if t for a, b in split_sentences(t) if describes_code(t[a:b]))


def export(path: Path, out: Path, cache: Path, model: str | None, to: str = "html"):
    from spark_nb.report import ReportOptions, run

    opts = ReportOptions.make(to=to, output=out / f"{path.stem}.{to}", cache_dir=cache,
                              model=model, progress=False)
    started = time.perf_counter()
    result = run(path, opts)
    return result, time.perf_counter() - started


def bench(path: Path, model: str | None, pdf: bool) -> list[str]:
    from spark_nb.engine.engine import close_all

    with tempfile.TemporaryDirectory() as tmp:
        tmp_path = Path(tmp)
        close_all()  # cold: the model is loaded again, the cache is empty
        cold, t_cold = export(path, tmp_path, tmp_path / "cache", model)
        warm, t_warm = export(path, tmp_path, tmp_path / "cache", model)
        t_pdf = export(path, tmp_path, tmp_path / "cache", model, "pdf")[1] if pdf else None
    s = cold.stats
    return [path.name, cold.report.lang, str(len(cold.report.sections)), str(s.claims), str(s.claims_stated),
            f"{s.claims_verified}/{s.claims_stated}", str(code_sentences(cold.report)),
            f"{s.sentences_checked}/{s.claim_dropped}/{s.code_dropped}",
            str(s.model_calls), f"{t_cold:.1f}",
            f"{t_warm:.2f}", str(warm.stats.model_calls), f"{t_pdf:.1f}" if t_pdf else "-",
            f"{s.grounded_before}/{s.numbers_before} ({s.share_before():.0%})",
            f"{s.grounded_after}/{s.numbers_after} ({s.share_after():.0%})",
            str(s.dropped_sentences)]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("notebooks", nargs="*", default=DEFAULT)
    parser.add_argument("--model", default=None)
    args = parser.parse_args(argv)
    header = ["notebook", "lang", "sections", "claims", "stated", "verified", "code sentences",
              "checked/false/code dropped", "model calls", "cold html s", "cached html s",
              "cached calls", "cached pdf s", "grounded before", "grounded after", "dropped"]
    rows = [header]
    for i, name in enumerate(args.notebooks):
        rows.append(bench(ROOT / name, args.model, pdf=i == 0))
        print(f"done {name}", file=sys.stderr, flush=True)
    widths = [max(len(r[c]) for r in rows) for c in range(len(header))]
    for r in rows:
        print("  ".join(cell.ljust(w) for cell, w in zip(r, widths)).rstrip())
    return 0


if __name__ == "__main__":
    sys.exit(main())
