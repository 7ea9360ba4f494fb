"""``%%spark`` (request -> checked code) and ``%spark config``. Thin: parse, call assist, show."""

from __future__ import annotations

import ast
import shlex
import sys

from IPython.core.magic import Magics, line_cell_magic, magics_class
from IPython.core.magic_arguments import argument, magic_arguments, parse_argstring

from spark_nb.errors import SparkError
from spark_nb.kernel.context import user_namespace
from spark_nb.kernel.settings import SparkNB

USAGE = """Usage:
  %%spark [--run] [--model NAME] [--no-check] [--rounds N] [-v]
  what the code should do, in English or Japanese

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

    @magic_arguments()
    @argument("--run", action="store_true", help="run the accepted code in this cell")
    @argument("--model", default=None, help="model name or path for this request")
    @argument("--no-check", action="store_true", help="show the code without checking it")
    @argument("--rounds", type=int, default=None, help="repair rounds (default 2)")
    @argument("-v", "--verbose", action="store_true", help="show prompts and check results")
    @argument("words", nargs="*", help="config NAME=VALUE (line form)")
    @line_cell_magic
    def spark(self, line: str, cell: str | None = None):
        """Generate code from a request, checked against this kernel. See ``%spark?``."""
        if cell is None and line.split()[:1] in (["chart"], ["report"]):
            return self._own_options(line)  # these parse their own options
        try:
            args = parse_argstring(self.spark, line)
        except Exception as exc:  # argparse exits on bad options: keep the kernel alive
            print(f"spark: {exc}\n\n{USAGE}", file=sys.stderr)
            return None
        if cell is None:
            return self._line(args.words)
        return self._cell(args, cell)

    def _line(self, words: list[str]) -> None:
        command = words[0] if words else ""
        if command in ("fix", "explain"):
            return self._fix(words[1:], offer_fixes=command == "fix")
        if command == "auto":
            return self._auto(words[1:])
        if command == "chart":
            from spark_nb.kernel.chart_magic import chart

            return chart(self, words[1:])
        if command == "report":
            from spark_nb.kernel.report_magic import report

            return report(self, words[1:])
        if command != "config":
            print(USAGE)
            return
        for assignment in words[1:]:
            try:
                print(self.settings.set_from_text(assignment))
            except ValueError as exc:
                print(f"spark: {exc}", file=sys.stderr)
                return
        if len(words) == 1:
            print(self.settings.describe())

    def _own_options(self, line: str):
        try:
            words = shlex.split(line)
        except ValueError:  # a lone apostrophe in a question: "what's the trend"
            words = line.split()
        return self._line(words)

    def _auto(self, words: list[str]) -> None:
        if not words:
            print(f"auto = {self.settings.auto!r}")
            return
        try:
            print(self.settings.set_from_text(f"auto={words[0]}"))
        except ValueError as exc:
            print(f"spark: {exc}", file=sys.stderr)

    def _fix(self, words: list[str], offer_fixes: bool) -> None:
        if self.hook is None:
            return
        records = self.hook.records
        if words:
            try:
                number = int(words[0])
            except ValueError:
                print(f"spark: {words[0]!r} is not a cell number; {USAGE}", file=sys.stderr)
                return
            record = records.get(number)
            if record is None:
                print(f"spark: cell [{number}] raised no error that spark_nb saw "
                      f"(errors of cells {', '.join(map(str, sorted(k for k in records if k))) or 'none'})",
                      file=sys.stderr)
                return
        else:
            record = self.hook.last
            if record is None:
                print("spark: no error yet in this session", file=sys.stderr)
                return
        self.hook.start(record, use_model=True, offer_fixes=offer_fixes)
        from spark_nb.kernel.render import FixTextView

        if isinstance(self.hook.last_view, FixTextView):
            self.hook.wait()  # in a terminal, print the answer before the next prompt

    def _cell(self, args, cell: str):
        request = cell.strip()
        if not request:
            print(USAGE)
            return None
        if looks_like_code(request):
            print("spark: this cell holds Python code. Put only the request after %%spark, "
                  "in words, and keep code in its own cell.", file=sys.stderr)
            return None
        view = self.last_view = self._view(request, args.verbose)
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
        # Failing code is shown, never inserted as if it passed. Code whose dry run was
        # skipped or incomplete (it would reach the network, a subprocess, the kernel's
        # open connection) is inserted with that warning but never run by itself.
        accepted = generation.status != "failed" or not generation.checked
        runs = args.run and (generation.passed or not generation.checked)
        view.result(generation, ran=runs)
        if not accepted:
            return None
        if runs:
            self.shell.run_cell(generation.code, store_history=False)
        else:
            self.shell.set_next_input(generation.code, replace=False)
        return None

    def _view(self, request: str, verbose: bool):
        """A panel in a notebook kernel (when the widget libraries are there), else text."""
        from spark_nb.assist.generate import is_japanese
        from spark_nb.kernel.render import TextView

        wanted = self.settings.view
        if wanted == "panel" or (wanted == "auto" and getattr(self.shell, "kernel", None) is not None):
            try:
                from spark_nb.widgets import PanelView
            except ImportError:
                if wanted == "panel":
                    print("spark: the panel needs anywidget (`pip install anywidget`); "
                          "showing text instead.", file=sys.stderr)
            else:
                return PanelView(request, japanese=is_japanese(request), verbose=verbose)
        return TextView(verbose=verbose)

    def _generate(self, args, request: str, view):
        from spark_nb.assist.generate import generate
        from spark_nb.engine import get_engine
        from spark_nb.kernel.context import build_context

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
                        dry_run=s.dry_run)
