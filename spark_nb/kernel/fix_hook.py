"""After a cell raises: a panel under the traceback with what went wrong and checked fixes.

The ``post_run_cell`` hook only records the error and shows the panel (well within
200 ms); the rules, the checks and the model run on a background thread, so the kernel
is free at once and the next cell runs while the panel fills in. Nothing here may
break the user's kernel: every failure is caught, written to the log file
(``~/.cache/spark_nb/hook.log``) and shown as one quiet line.
"""

from __future__ import annotations

import functools
import json
import logging
import os
import sys
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from spark_nb.context.builder import notebook_path
from spark_nb.kernel.namespace import user_namespace
from spark_nb.kernel.settings import SparkNB

log = logging.getLogger("spark_nb.hook")
_IGNORED = (KeyboardInterrupt, SystemExit)
_KEEP = 30  # errors remembered for %spark fix N


@dataclass
class ErrorRecord:
    """One cell's error, kept so ``%spark fix N`` can come back to it."""

    execution_count: int | None
    source: str
    error: BaseException
    namespace_names: list[str] = field(default_factory=list)
    diagnosis: Any = None
    before: dict = field(default_factory=dict)  # old values of the names the cell rebound


def log_path() -> Path:
    from spark_nb.engine.settings import cache_dir

    return cache_dir() / "hook.log"


def _file_logger() -> logging.Logger:
    if not log.handlers:
        try:
            path = log_path()
            path.parent.mkdir(parents=True, exist_ok=True)
            handler = logging.FileHandler(path, encoding="utf-8")
            handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(message)s"))
            log.addHandler(handler)
            log.propagate = False
        except OSError:
            pass
    return log


class FixHook:
    """Registered on ``post_run_cell``; one diagnosis runs at a time, the newest wins."""

    def __init__(self, shell, settings: SparkNB) -> None:
        self.shell = shell
        self.settings = settings
        self.records: dict[int | None, ErrorRecord] = {}
        self.last: ErrorRecord | None = None
        self._thread: threading.Thread | None = None
        self._cancel: threading.Event | None = None
        self._bindings: dict = {}
        self.last_view = None

    def register(self) -> None:
        self.shell.events.register("pre_run_cell", self.pre_run_cell)
        self.shell.events.register("post_run_cell", self.post_run_cell)

    def unregister(self) -> None:
        for event, fn in (("pre_run_cell", self.pre_run_cell), ("post_run_cell", self.post_run_cell)):
            try:
                self.shell.events.unregister(event, fn)
            except ValueError:
                pass
        self.stop()

    def pre_run_cell(self, info=None) -> None:
        """Remember what each name is bound to (references only: a copy of the dict, not
        of the values), so a fix can be dry-run from the state the failing cell began in."""
        try:
            self._bindings = dict(self.shell.user_ns)
        except BaseException:  # noqa: BLE001 - never in the user's way
            self._bindings = {}

    # -- the hook ----------------------------------------------------------------------
    def post_run_cell(self, result) -> None:
        try:
            self._on_result(result)
        except BaseException as exc:  # noqa: BLE001 - our hook must never break the kernel
            self._quiet_failure(exc)

    def _on_result(self, result) -> None:
        error = getattr(result, "error_in_exec", None) or getattr(result, "error_before_exec", None)
        if error is None or isinstance(error, _IGNORED):
            return
        info = getattr(result, "info", None)
        source = getattr(info, "raw_cell", "") or ""
        if source.lstrip().startswith(("%%spark", "%spark")):
            return  # our own magics report their errors themselves
        record = ErrorRecord(getattr(result, "execution_count", None), source, error,
                             before=self._rebound())
        self._bindings = {}
        for old in self.records.values():
            old.before = {}  # keep old values alive for the newest error only
        self.records[record.execution_count] = record
        for old in sorted((k for k in self.records if k is not None), reverse=True)[_KEEP:]:
            self.records.pop(old, None)
        self.last = record
        if self.settings.auto == "off":
            return
        self.start(record, use_model=True, offer_fixes=self.settings.auto == "fix")

    def _rebound(self) -> dict:
        """The names the cell bound to other objects, with the objects they had before."""
        ns, missing = self.shell.user_ns, object()
        return {k: v for k, v in self._bindings.items()
                if not k.startswith("_") and ns.get(k, missing) is not v}

    def _quiet_failure(self, exc: BaseException) -> None:
        _file_logger().exception("spark_nb hook failed: %r", exc)
        try:
            print(f"spark: the error panel failed ({type(exc).__name__}); details in {log_path()}",
                  file=sys.stderr)
        except Exception:  # noqa: BLE001
            pass

    # -- running a diagnosis -----------------------------------------------------------
    def start(self, record: ErrorRecord, use_model: bool = True, *, offer_fixes: bool = True,
              view=None) -> None:
        """Show a view for ``record`` and diagnose it on a background thread."""
        self.stop()
        namespace = user_namespace(self.shell)
        notebook_cells, cell_index = self._notebook_cells(record.source)
        history = [c for c in (self.shell.user_ns.get("In") or [])[1:] if c.strip() and c != record.source]
        japanese = _japanese(record.source, history, notebook_cells)
        view = view or self._view(record, japanese)
        self.last_view = view
        cancel = getattr(view, "cancel", None) or threading.Event()
        self._cancel = cancel
        snapshot = self._snapshot(namespace, record) if offer_fixes else None
        args = (record, view, namespace, history, notebook_cells, cell_index, japanese, use_model,
                offer_fixes, cancel, snapshot)
        self._thread = threading.Thread(target=self._run, args=args, name="spark-nb-fix", daemon=True)
        self._thread.start()

    def _snapshot(self, namespace: dict, record: ErrorRecord):
        """A copy of the kernel taken now, on the main thread, for the fixes' dry runs.

        The diagnosis runs on a background thread while the next cell may run; forking
        from there could copy a lock another thread holds. The snapshot is forked here,
        between cells, and every dry run is forked from it (see assist/sandbox/snapshot.py).
        """
        if self.settings.dry_run == "off":
            return None
        from spark_nb.assist.sandbox import Snapshot

        return Snapshot({**namespace, **record.before})

    def stop(self) -> None:
        if self._cancel is not None:
            self._cancel.set()

    def wait(self, timeout: float | None = None) -> bool:
        """Wait for the running diagnosis (tests, ``%spark fix``); True if it finished."""
        thread = self._thread
        if thread is None:
            return True
        thread.join(timeout)
        return not thread.is_alive()

    def _view(self, record: ErrorRecord, japanese: bool):
        heading = f"{type(record.error).__name__}"
        if self.settings.view != "text" and getattr(self.shell, "kernel", None) is not None:
            try:
                from spark_nb.widgets.fix_panel import FixPanelView

                return FixPanelView(heading, japanese=japanese)
            except ImportError:
                pass
        from spark_nb.kernel.text_views import FixTextView

        return FixTextView()

    def _run(self, record, view, namespace, history, notebook_cells, cell_index, japanese,
             use_model, offer_fixes, cancel, snapshot=None) -> None:
        try:
            from spark_nb.assist.diagnose import diagnose
            from spark_nb.engine import get_engine
            from spark_nb.context.builder import build_context
            from spark_nb.context.tracebacks import describe

            error = record.error
            context = traceback_text = model_error = ""
            engine = summary_engine = None
            if use_model:
                context = build_context(namespace, request=record.source,
                                        budget_tokens=self.settings.context_tokens).render()
                traceback_text = describe(error, record.source, namespace,
                                          line=getattr(error, "lineno", None) if isinstance(error, SyntaxError) else None)
                try:
                    engine = get_engine(self.settings.model_for("fix"), task="fix")
                except Exception as exc:  # noqa: BLE001 - no model: the rules still answer
                    use_model, model_error = False, str(exc)
                if engine is not None:  # loaded only if a summary is needed
                    summary_engine = functools.partial(self._summary_engine, engine)
            d = diagnose(record.source, error, namespace, engine=engine, use_model=use_model,
                         context=context, traceback_text=traceback_text, japanese=japanese,
                         history=history, notebook_cells=notebook_cells, cell_index=cell_index,
                         cwd=os.getcwd(), dry_run_timeout=self.settings.dry_run_timeout,
                         max_tokens=self.settings.max_tokens, on_event=view.event, cancel=cancel,
                         offer_fixes=offer_fixes, namespace_before=record.before,
                         dry_run=self.settings.dry_run,
                         runner=snapshot.run if snapshot is not None else None,
                         summary_engine=summary_engine,
                         candidates=self.settings.candidates or None)
            d.model_error = d.model_error or model_error
            record.diagnosis = d
            view.result(d)
        except BaseException as exc:  # noqa: BLE001 - a background failure stays quiet
            _file_logger().exception("spark_nb diagnosis failed")
            try:
                view.error(f"the diagnosis failed ({type(exc).__name__}); details in {log_path()}")
            except Exception:  # noqa: BLE001
                pass
        finally:
            if snapshot is not None:
                snapshot.close()

    def _summary_engine(self, fix_engine):
        """The small model for the instant summary, when it is not the fix model itself
        (then the same engine comes back, already loaded, and no second call is made)."""
        from spark_nb.engine import get_engine

        try:
            engine = get_engine(self.settings.model_for("summary"), task="summary")
        except Exception:  # noqa: BLE001 - no small model: the generic summary stands
            return None
        def name(e):
            return getattr(getattr(e, "resolved", None), "name", None)

        return None if engine is fix_engine or name(engine) == name(fix_engine) else engine

    def _notebook_cells(self, source: str) -> tuple[list[str], int | None]:
        """The saved notebook's cells in page order and the failing cell's index, if known."""
        path = notebook_path(self.shell.user_ns)
        if path is None:
            return [], None
        try:
            with open(path, encoding="utf-8") as f:
                nb = json.load(f)
            cells = ["".join(c.get("source", "")) if isinstance(c.get("source"), list) else c.get("source", "")
                     for c in nb.get("cells", [])]
        except (OSError, ValueError, AttributeError):
            return [], None
        index = next((i for i, c in enumerate(cells) if c.strip() == source.strip()), None)
        return cells, index


def _japanese(source: str, history: list[str], notebook_cells: list[str]) -> bool:
    from spark_nb.assist.text import is_japanese

    return any(is_japanese(text) for text in [source, *history[-10:], *notebook_cells])
