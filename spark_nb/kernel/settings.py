"""Settings of the extension as traitlets, so ``c.SparkNB.model = ...`` works in config files."""

from __future__ import annotations

from traitlets import Bool, Dict, Enum, Float, Int, TraitError, Unicode, validate
from traitlets.config import Configurable

from spark_nb.engine.settings import TASKS


class SparkNB(Configurable):
    """spark_nb settings; set them with ``%spark config NAME=VALUE`` or in ipython_config.py."""

    model = Unicode("", help="Model name or path for every task; empty: each task's own choice "
                    "(models.<task>, else the one chosen for this machine).").tag(config=True)
    models = Dict(value_trait=Unicode(), default_value={},
                  help="Model per task, e.g. {'code': 'qwen2.5-coder-1.5b', 'summary': 'qwen2.5-coder-0.5b'}; "
                  f"tasks: {', '.join(TASKS)}. Wins over `model`.").tag(config=True)
    rounds = Int(2, help="Repair rounds after a failed check.").tag(config=True)
    candidates = Int(0, help="Answers asked for per request and per model fix, decoded in one batch "
                     "and grouped by what their dry runs produce; 0: 4 on a local model, 1 on a "
                     "server; 1: one answer, no grouping.").tag(config=True)
    check = Bool(True, help="Check generated code before showing it.").tag(config=True)
    checklist = Bool(True, help="Read the requirements a request states (sorting, labels, columns, "
                     "one row per key...) and check each on the dry run's result.").tag(config=True)
    checklist_model = Bool(False, help="Also ask the model which words of a request state a requirement "
                           "(kept only where the words hold one); off: the patterns alone.").tag(config=True)
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

    @validate("candidates")
    def _candidate_range(self, proposal):
        if not 0 <= proposal["value"] <= 16:
            raise TraitError(f"candidates must be from 0 (automatic) to 16, not {proposal['value']}")
        return proposal["value"]

    @validate("models")
    def _known_tasks(self, proposal):
        unknown = sorted(set(proposal["value"]) - set(TASKS))
        if unknown:
            raise TraitError(f"unknown task {unknown[0]!r} in models; tasks are: {', '.join(TASKS)}")
        return {task: name.strip() for task, name in proposal["value"].items() if name.strip()}

    def model_for(self, task: str) -> str | None:
        """The model the settings name for ``task`` (``models.<task>``, then ``model``), or None."""
        return self.models.get(task) or self.model.strip() or None

    def set_from_text(self, assignment: str) -> str:
        """Apply ``name=value`` (or ``models.<task>=NAME``); return a line saying what changed."""
        name, sep, raw = assignment.partition("=")
        name, raw = name.strip(), raw.strip()
        if sep and name.startswith("models."):
            task = name.split(".", 1)[1]
            if task not in TASKS:
                raise ValueError(f"unknown task {task!r}; tasks are: {', '.join(TASKS)}")
            value = raw.strip("'\"").strip()
            self.models = {**{k: v for k, v in self.models.items() if k != task}, **({task: value} if value else {})}
            return f"models.{task} = {self.models.get(task, '')!r}" + ("" if value else " (removed)")
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
        except TraitError as exc:
            choices = getattr(trait, "values", None)
            why = f"; choose one of {', '.join(choices)}" if choices else ""
            # a validator's own message says the range; the generic trait message does not
            said = str(exc) if not why and str(exc).startswith(name) else ""
            raise ValueError(said or f"{name} cannot be {raw!r}{why}") from None
        return f"{name} = {getattr(self, name)!r}"

    def describe(self) -> str:
        """Every setting, then the model each task uses and why."""
        lines = [f"{n} = {getattr(self, n)!r}" for n in sorted(self.class_own_traits())]
        return "\n".join(lines) + "\n\n" + self.describe_models()

    def describe_models(self) -> str:
        from spark_nb.engine.choice import Machine, choices, describe
        from spark_nb.engine.engine import loaded_models
        from spark_nb.engine.settings import EngineSettings

        env = EngineSettings()
        machine = Machine.detect()
        made = choices(models={**env.models, **self.models}, everything=self.model or env.model,
                       machine=machine, loaded=loaded_models())
        return describe(made, machine) + "\nchange one with %spark config models.<task>=NAME (model=NAME: all tasks)"
