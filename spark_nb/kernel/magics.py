"""``%%spark`` (request -> checked code) and ``%spark config``. Thin: parse, call assist, show."""

from __future__ import annotations

import ast
import sys
from typing import Any, Callable

from IPython.core.magic import Magics, line_cell_magic, magics_class
from IPython.core.magic_arguments import argument, magic_arguments, parse_argstring

from spark_nb.errors import SparkError
from spark_nb.kernel.arguments import parse
from spark_nb.kernel.namespace import user_namespace
from spark_nb.kernel.settings import SparkNB

USAGE = """Usage:
  %%spark [--run] [--model NAME] [--no-check] [--no-checklist] [--ignore N,N] [--rounds N] [-k N] [-v]
  what the code should do, in English or Japanese

  %spark pick A|B|C             insert that reading of the last request below, when
                                its candidates disagreed
  %spark config                 show the settings
  %spark config NAME=VALUE      change one (model, rounds, check, dry_run_timeout, ...)
  %spark auto fix|explain|off   after an error: explain and fix, explain only, or nothing
  %spark fix [N]                explain and fix the last error, or the error of cell N
  %spark explain [N]            explain it without offering fixes
  %spark chart [--vision] [question]
                                analyse the current or last figure from its own data
  %spark report [PATH] [--to html|md|pdf]
                                write this notebook up as a data-analysis report"""



def recent_cells(user_ns: dict, n: int = 5) -> list[tuple[str, str]]:
    """The last ``n`` cells before this one, with the text of their results."""
    inputs = user_ns.get("In") or []
    outputs = user_ns.get("Out") or {}
    cells = []
    for i in range(max(1, len(inputs) - 1 - n), len(inputs) - 1):
        source = inputs[i]
        if not source.strip() or source.lstrip().startswith(("%%spark", "get_ipython().run_cell_magic('spark'")):
            continue
        out = outputs.get(i)
        cells.append((source, "" if out is None else repr(out)[:600]))
    return cells


def looks_like_code(text: str) -> bool:
    """A cell body that is Python statements rather than a request in words."""
    try:
        tree = ast.parse(text)
    except SyntaxError:
        return False
    return any(not isinstance(node, ast.Expr) or isinstance(node.value, ast.Call)
               for node in tree.body)


@magics_class
class SparkMagics(Magics):
    def __init__(self, shell, settings: SparkNB, hook=None) -> None:
        super().__init__(shell)
        self.settings = settings
        self.hook = hook
        self.last_view = None  # the view of the latest %%spark run (tests and debugging)
        self.last_generation = None  # its result: `%spark pick` reads its readings

    @magic_arguments()
    @argument("--run", action="store_true", help="run the accepted code in this cell")
    @argument("--model", default=None, help="model name or path for this request")
    @argument("--no-check", action="store_true", help="show the code without checking it")
    @argument("--no-checklist", action="store_true",
              help="do not check the requirements read from the request's words")
    @argument("--ignore", default="", metavar="N,N",
              help="leave out these requirements of the checklist (their numbers, from 1)")
    @argument("--rounds", type=int, default=None, help="repair rounds (default 2)")
    @argument("-k", "--candidates", type=int, default=None,
              help="answers to ask for and group by what they produce (default: 4 on a local model)")
    @argument("-v", "--verbose", action="store_true", help="show prompts and check results")
    @line_cell_magic
    def spark(self, line: str, cell: str | None = None):
        """Generate code from a request, checked against this kernel. See ``%spark?``."""
        if cell is None:  # a subcommand, resolved by name; each reads its own options
            command, _, rest = line.strip().partition(" ")
            handler = SUBCOMMANDS.get(command)
            if handler is None:
                print(USAGE)
                return None
            return handler(self, rest)
        try:
            args = parse_argstring(self.spark, line)
        except Exception as exc:  # argparse exits on bad options: keep the kernel alive
            print(f"spark: {exc}\n\n{USAGE}", file=sys.stderr)
            return None
        return self._cell(args, cell, line)

    def _cell(self, args, cell: str, line: str = ""):
        request = cell.strip()
        if not request:
            print(USAGE)
            return None
        if args.candidates is not None and not 1 <= args.candidates <= 16:
            print(f"spark: --candidates must be from 1 to 16, not {args.candidates}", file=sys.stderr)
            return None
        try:
            args.ignore = [int(n) for n in args.ignore.split(",") if n.strip()]
        except ValueError:
            print(f"spark: --ignore takes the requirements' numbers, such as --ignore 2,3; "
                  f"not {args.ignore!r}", file=sys.stderr)
            return None
        if looks_like_code(request):
            print("spark: this cell holds Python code. Put only the request after %%spark, "
                  "in words, and keep code in its own cell.", file=sys.stderr)
            return None
        view = self.last_view = self._view(request, args.verbose, line)
        try:
            generation = self._generate(args, request, view)
        except SparkError as exc:
            view.error(str(exc))
            return None
        except KeyboardInterrupt:
            view.cancelled()
            return None
        if generation.cancelled:
            view.cancelled()
            return None
        self.last_generation = generation
        # Failing code is shown, never inserted as if it passed. Code whose dry run was
        # skipped or incomplete (it would reach the network, a subprocess, the kernel's
        # open connection) is inserted with that warning but never run by itself.
        # Candidates that disagree with no majority: the user picks a reading
        # (`%spark pick B` or the panel's button); nothing is inserted or run meanwhile.
        accepted = (generation.status != "failed" or not generation.checked) and not generation.ambiguous
        runs = accepted and args.run and (generation.passed or not generation.checked)
        view.result(generation, ran=runs)
        if not accepted:
            return None
        if runs:
            self.shell.run_cell(generation.code, store_history=False)
        else:
            self.shell.set_next_input(generation.code, replace=False)
        return None

    def _view(self, request: str, verbose: bool, line: str = ""):
        """A panel in a notebook kernel (when the widget libraries are there), else text."""
        from spark_nb.assist.text import is_japanese
        from spark_nb.kernel.text_views import TextView

        wanted = self.settings.view
        if wanted == "panel" or (wanted == "auto" and getattr(self.shell, "kernel", None) is not None):
            try:
                from spark_nb.widgets import PanelView
            except ImportError:
                if wanted == "panel":
                    print("spark: the panel needs anywidget (`pip install anywidget`); "
                          "showing text instead.", file=sys.stderr)
            else:
                return PanelView(request, japanese=is_japanese(request), verbose=verbose, line=line)
        return TextView(verbose=verbose)

    def _generate(self, args, request: str, view):
        from spark_nb.assist.generate import generate
        from spark_nb.engine import get_engine
        from spark_nb.context.builder import build_context

        s = self.settings
        namespace = user_namespace(self.shell)
        context = build_context(namespace, request=request, cells=recent_cells(self.shell.user_ns),
                                budget_tokens=s.context_tokens).render()
        view.context(context)
        engine = get_engine(args.model or s.model_for("code"), task="code")
        return generate(request, namespace=namespace, engine=engine, context=context,
                        rounds=s.rounds if args.rounds is None else args.rounds,
                        check=s.check and not args.no_check,
                        dry_run_timeout=s.dry_run_timeout, max_tokens=s.max_tokens,
                        on_event=view.event, cancel=getattr(view, "cancel", None),
                        dry_run=s.dry_run, checklist=s.checklist and not args.no_checklist, ignore=args.ignore,
                        propose=s.checklist_model,
                        candidates=args.candidates if args.candidates is not None else (s.candidates or None))


@magic_arguments()
@argument("assignments", nargs="*", help="NAME=VALUE, or models.<task>=NAME")
def config(magics: SparkMagics, line: str) -> None:
    """Show the settings, or change them: ``%spark config [NAME=VALUE ...]``."""
    args = parse(config, line, "config")
    if args is None:
        return
    for assignment in args.assignments:
        try:
            print(magics.settings.set_from_text(assignment))
        except ValueError as exc:
            print(f"spark: {exc}", file=sys.stderr)
            return
    if not args.assignments:
        print(magics.settings.describe())


@magic_arguments()
@argument("mode", nargs="?", help="fix, explain or off")
def auto(magics: SparkMagics, line: str) -> None:
    """What happens after an error: ``%spark auto fix|explain|off`` (no word: show it)."""
    args = parse(auto, line, "auto")
    if args is None:
        return
    if args.mode is None:
        print(f"auto = {magics.settings.auto!r}")
        return
    try:
        print(magics.settings.set_from_text(f"auto={args.mode}"))
    except ValueError as exc:
        print(f"spark: {exc}", file=sys.stderr)


@magic_arguments()
@argument("cell", nargs="?", type=int, help="the number of the cell that raised (default: the last error)")
def fix(magics: SparkMagics, line: str, offer_fixes: bool = True) -> None:
    """Explain and fix the last error, or cell N's: ``%spark fix [N]`` (``explain``: no fixes)."""
    args = parse(fix, line, "fix" if offer_fixes else "explain")
    if args is None or magics.hook is None:
        return
    records = magics.hook.records
    if args.cell is not None:
        number = args.cell
        record = records.get(number)
        if record is None:
            print(f"spark: cell [{number}] raised no error that spark_nb saw "
                  f"(errors of cells {', '.join(map(str, sorted(k for k in records if k))) or 'none'})",
                  file=sys.stderr)
            return
    else:
        record = magics.hook.last
        if record is None:
            print("spark: no error yet in this session", file=sys.stderr)
            return
    magics.hook.start(record, use_model=True, offer_fixes=offer_fixes)
    from spark_nb.kernel.text_views import FixTextView

    if isinstance(magics.hook.last_view, FixTextView):
        magics.hook.wait()  # in a terminal, print the answer before the next prompt


@magic_arguments()
@argument("reading", help="the reading's letter: A, B or C")
def pick(magics: SparkMagics, line: str) -> None:
    """Insert one reading of the last ``%%spark`` request below: ``%spark pick B``."""
    args = parse(pick, line, "pick")
    if args is None:
        return
    g = magics.last_generation
    readings = g.readings() if g is not None else []
    if not readings:
        print("spark: the last %%spark request has no differing readings to pick from", file=sys.stderr)
        return
    wanted = args.reading.strip().upper()
    chosen = next((r for r in readings if r["label"] == wanted), None)
    if chosen is None:
        print(f"spark: no reading {args.reading!r}; the last request has "
              f"{', '.join(r['label'] for r in readings)}", file=sys.stderr)
        return
    magics.shell.set_next_input(chosen["code"], replace=False)
    print(f"reading {chosen['label']} inserted below: {chosen['summary']}")


def _chart(magics: SparkMagics, line: str):
    from spark_nb.kernel.chart_magic import chart

    return chart(magics, line)


def _report(magics: SparkMagics, line: str):
    from spark_nb.kernel.report_magic import report

    return report(magics, line)


# `%spark NAME ...`: each subcommand reads its own options (kernel/arguments.py)
SUBCOMMANDS: dict[str, Callable[[SparkMagics, str], Any]] = {
    "config": config,
    "pick": pick,
    "auto": auto,
    "fix": fix,
    "explain": lambda magics, line: fix(magics, line, offer_fixes=False),
    "chart": _chart,
    "report": _report,
}
