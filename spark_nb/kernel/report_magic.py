"""``%spark report [PATH] [--to html|md|pdf]``: write this notebook up as a report.

Thin: parse the words, find the notebook's path where Jupyter says it, call
:func:`spark_nb.report.run` and print where the report is.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from spark_nb.errors import SparkError
from spark_nb.kernel.context import notebook_path

USAGE = ("usage: %spark report [PATH] [--to html|md|pdf] [-o OUTPUT] [--execute] [--no-code] "
         "[--model NAME] [--lang en|ja]")
NO_PATH = ("spark: this kernel did not say which notebook it runs, so give the path: "
           "%spark report analysis.ipynb  (save the notebook first: the report is written "
           "from the saved file)")


class _Parser(argparse.ArgumentParser):
    def error(self, message: str):  # argparse would exit the kernel's process
        raise SparkError(f"{message}\n{USAGE}")


def _parser() -> argparse.ArgumentParser:
    p = _Parser(prog="%spark report", add_help=False)
    p.add_argument("path", nargs="?")
    p.add_argument("--to", default="html", choices=["html", "md", "pdf"])
    p.add_argument("-o", "--output", default=None)
    p.add_argument("--execute", action="store_true")
    p.add_argument("--no-code", action="store_true")
    p.add_argument("--model", default=None)
    p.add_argument("--lang", default=None, choices=["en", "ja"])
    return p


def report(magics, words: list[str]):
    """Run ``%spark report``; errors are printed as one message, never a traceback."""
    try:
        args = _parser().parse_args([w for w in words if w != "--"])  # "--" was once needed
        path = Path(args.path) if args.path else notebook_path(magics.shell.user_ns)
        if path is None:
            print(NO_PATH, file=sys.stderr)
            return None
        from spark_nb.report import ReportOptions, run

        model = args.model or magics.settings.model_for("report")
        opts = ReportOptions.make(to=args.to, output=args.output, execute=args.execute,
                                  no_code=args.no_code, model=model, lang=args.lang)
        result = run(path, opts)
    except SparkError as exc:
        print(f"spark: {exc}", file=sys.stderr)
        return None
    print(f"report written: {result.path} ({result.seconds:.1f} s, {result.stats.model_calls} "
          f"model calls, {result.stats.cached_calls} from cache)")
    return None
