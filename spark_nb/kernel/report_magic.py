"""``%spark report [PATH] [--to html|md|pdf]``: write this notebook up as a report.

Thin: parse the words, find the notebook's path where Jupyter says it, call
:func:`spark_nb.report.run` and print where the report is.
"""

from __future__ import annotations

import sys
from pathlib import Path

from IPython.core.magic_arguments import argument, magic_arguments

from spark_nb.context.builder import notebook_path
from spark_nb.errors import SparkError
from spark_nb.kernel.arguments import parse

NO_PATH = ("spark: this kernel did not say which notebook it runs, so give the path: "
           "%spark report analysis.ipynb  (save the notebook first: the report is written "
           "from the saved file)")


@magic_arguments()
@argument("path", nargs="?", help="the notebook (default: the one this kernel runs)")
@argument("--to", default="html", choices=["html", "md", "pdf"], help="the format")
@argument("-o", "--output", default=None, help="file or folder to write")
@argument("--execute", action="store_true", help="run a copy of the notebook first")
@argument("--no-code", action="store_true", help="leave out the code appendix")
@argument("--model", default=None, help="model name or path for the narrative")
@argument("--lang", default=None, choices=["en", "ja"], help="report language")
def report(magics, line: str):
    """Write this notebook up as a report: ``%spark report [PATH] [--to html|md|pdf]``.

    Errors are printed as one message, never a traceback."""
    args = parse(report, line, "report")
    if args is None:
        return None
    try:
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
