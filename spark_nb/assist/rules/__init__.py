"""Rule fixes: instant, model-free answers to the errors that dominate real notebooks.

Each module here handles a family of errors. It names the exception types it answers in
``ERRORS`` and offers fixes with ``propose(ctx) -> list[RuleFix]``; :func:`propose`
runs the modules that match the error, in the order of ``MODULES``. A rule never raises
(a failing rule is skipped) and never runs user code: it reads the cell, the error and
the namespace, and returns new cell sources for the checks to validate.

What the rule modules share: error_context.py (ErrorContext, RuleFix, context_for),
edits.py (parsing and editing a cell), values.py (reading values without running code);
the fuzzy matcher they share with the checks is :mod:`spark_nb.assist.fuzzy`.
"""

from __future__ import annotations

import importlib
import logging

from spark_nb.assist.rules.error_context import ErrorContext, RuleFix, context_for, safe_str

__all__ = ["MODULES", "ErrorContext", "RuleFix", "context_for", "propose", "safe_str"]

log = logging.getLogger("spark_nb.rules")

# Rule modules in the order their fixes are ranked when several apply.
MODULES = ("names", "imports", "columns", "attributes", "moved", "modules", "files", "syntax",
           "encoding", "text_data", "calls", "indexing", "logic")


def propose(ctx: ErrorContext) -> list[RuleFix]:
    """Every rule fix for ``ctx``, best first; duplicates (same source) dropped."""
    fixes: list[RuleFix] = []
    seen: set[str | None] = set()
    for name in MODULES:
        module = importlib.import_module(f"{__name__}.{name}")  # a broken module fails loudly
        if not set(getattr(module, "ERRORS", ())) & set(ctx.error_types):
            continue
        try:
            found = module.propose(ctx)
        except Exception:  # a rule must never break the panel
            log.exception("rule %s failed on %s", name, ctx.error_type)
            continue
        for fix in found:
            key = fix.source if fix.source is not None else fix.title
            if key in seen:
                continue
            seen.add(key)
            fix.rule = fix.rule or name
            fixes.append(fix)
    return fixes
