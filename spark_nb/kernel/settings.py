"""Settings of the extension as traitlets, so ``c.SparkNB.model = ...`` works in config files."""

from __future__ import annotations

from traitlets import Bool, Enum, Float, Int, TraitError, Unicode
from traitlets.config import Configurable


class SparkNB(Configurable):
    """spark_nb settings; set them with ``%spark config NAME=VALUE`` or in ipython_config.py."""

    model = Unicode("", help="Model name or path; empty means the default model.").tag(config=True)
    rounds = Int(2, help="Repair rounds after a failed check.").tag(config=True)
    check = Bool(True, help="Check generated code before showing it.").tag(config=True)
    dry_run = Enum(["sandbox", "off"], "sandbox",
                   help="Run checked code in a sandboxed copy of the kernel (sandbox), or not at all (off): "
                   "with off the dry run is shown as skipped and nothing is ever marked passed.").tag(config=True)
    dry_run_timeout = Float(10.0, help="Seconds the dry run may take.").tag(config=True)
    max_tokens = Int(512, help="Most tokens per answer.").tag(config=True)
    context_tokens = Int(1500, help="Token budget of the kernel context.").tag(config=True)
    auto = Enum(["fix", "explain", "off"], "fix",
                help="After an error: explain and fix (fix), rules and explanation only (explain), or nothing (off).").tag(config=True)
    figure_facts = Bool(True, help="Add each displayed figure's facts to its output "
                        "(application/vnd.spark-nb.chart-facts+json), for reports.").tag(config=True)
    analyze_button = Bool(False, help="Show an Analyze button under each cell that displayed a figure.").tag(config=True)
    view = Enum(["auto", "panel", "text"], "auto",
                help="How %%spark shows its work: a panel in a notebook (auto) or printed text.").tag(config=True)

    def set_from_text(self, assignment: str) -> str:
        """Apply ``name=value``; return a line saying what changed."""
        name, sep, raw = assignment.partition("=")
        name, raw = name.strip(), raw.strip()
        if not sep or not self.has_trait(name) or name.startswith("_") or name == "config":
            known = ", ".join(sorted(self.class_own_traits()))
            raise ValueError(f"unknown setting {name!r}; settings are: {known}")
        trait = self.traits()[name]
        if isinstance(trait, Bool):
            value = raw.lower() in ("1", "true", "yes", "on")
        elif isinstance(trait, Int):
            value = int(raw)
        elif isinstance(trait, Float):
            value = float(raw)
        else:
            value = raw.strip("'\"")
        try:
            setattr(self, name, value)
        except TraitError:
            choices = getattr(trait, "values", None)
            raise ValueError(f"{name} cannot be {raw!r}" + (f"; choose one of {', '.join(choices)}" if choices else "")) from None
        return f"{name} = {getattr(self, name)!r}"

    def describe(self) -> str:
        return "\n".join(f"{n} = {getattr(self, n)!r}" for n in sorted(self.class_own_traits()))
