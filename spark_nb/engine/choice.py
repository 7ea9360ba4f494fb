"""Which model each task uses: the user's setting, else the best this machine runs well.

Writing code that must be right (``%%spark``, error fixes, chart prose, report narrative)
wants the larger coder; latency-critical work (the one-line summary under a traceback,
inline completion) wants the small one. The machine decides what "larger" means: on a
CPU the 1.5B pack when about 4 GB are free (else the 0.5B, said once); on Apple Silicon
(or MLX on an NVIDIA GPU) the biggest MLX coder that is present and fits in memory.
"""

from __future__ import annotations

import functools
import os
import warnings
from dataclasses import dataclass
from typing import Iterable, Mapping

from spark_nb.engine.devices import is_apple_silicon, mlx_device
from spark_nb.engine.registry import MODELS, installed
from spark_nb.engine.settings import TASKS

LATENCY_TASKS = frozenset({"summary", "complete"})

SMALL = "qwen2.5-coder-0.5b"
LARGE = "qwen2.5-coder-1.5b"
LARGE_NEEDS = 4 * 1000**3  # free memory the 1.5B wants (1.1 GB of weights, its cache, headroom)
GB = 1000**3

# MLX models for code, best first, with the memory (unified, or the GPU's) each needs
MLX_LADDER: tuple[tuple[str, int], ...] = (
    ("qwen3-coder-30b-a3b", 32 * GB),
    ("qwen2.5-coder-7b", 16 * GB),
    ("qwen2.5-coder-3b", 8 * GB),
)


class ModelFallbackWarning(UserWarning):
    """The machine could not run the model a task prefers, so a smaller one is used."""


@dataclass(frozen=True)
class Machine:
    """What the choice depends on: memory, cores and the accelerator MLX sees."""

    total_bytes: int
    available_bytes: int
    cores: int
    device: str = "cpu"  # metal, cuda or cpu: where MLX would run (cpu: use llama.cpp)
    accelerator_bytes: int | None = None  # the GPU's memory, when MLX reports it

    @classmethod
    def detect(cls) -> "Machine":
        total, available = _memory()
        device, accel = _accelerator()
        return cls(total, available, os.cpu_count() or 1, device, accel)

    @property
    def model_memory(self) -> int:
        """The memory a model would be loaded into: the GPU's, or the machine's."""
        return self.accelerator_bytes or self.total_bytes

    def describe(self) -> str:
        where = {"metal": "Apple GPU (Metal, MLX)", "cuda": "NVIDIA GPU (CUDA, MLX)"}.get(
            self.device, "CPU (llama.cpp)")
        gpu = f", {self.accelerator_bytes / GB:.1f} GB GPU memory" if self.accelerator_bytes else ""
        return (f"{self.total_bytes / GB:.1f} GB memory ({self.available_bytes / GB:.1f} GB free), "
                f"{self.cores} cores, {where}{gpu}")


@dataclass(frozen=True)
class Choice:
    """The model a task will use, where that came from, and why."""

    task: str
    model: str
    source: str  # "argument", "models.<task>", "model" or "default"
    reason: str
    fallback: str | None = None  # said once: the machine forced a smaller model
    recommended: str | None = None  # a better model this machine could run, not present yet


def check_task(task: str) -> str:
    if task not in TASKS:
        raise ValueError(f"unknown task {task!r}; tasks are: {', '.join(TASKS)}")
    return task


def choose(task: str, *, model: str | None = None, models: Mapping[str, str] | None = None,
           everything: str | None = None, machine: Machine | None = None,
           loaded: Iterable[str] = ()) -> Choice:
    """The model for ``task``: ``model`` if given, then ``models[task]``, then
    ``everything`` (the setting for all tasks), then the machine's default.

    ``loaded`` names models already loaded in this process: a preferred model that is
    loaded is kept even though the memory it holds no longer shows as free.
    """
    check_task(task)
    if model:
        return Choice(task, str(model), "argument", "asked for by name")
    for name, source in (((models or {}).get(task), f"models.{task}"), (everything, "model")):
        if name and str(name).strip():
            return Choice(task, str(name).strip(), source, f"set by {source}")
    return default_choice(task, machine or Machine.detect(), loaded=set(loaded))


def default_choice(task: str, machine: Machine, *, loaded: set[str] | frozenset = frozenset(),
                   present=None) -> Choice:
    """What ``task`` uses when nothing is set: decided by the machine and what is installed."""
    present = present or _present
    if task in LATENCY_TASKS:
        return Choice(task, SMALL, "default", "fast: this task is latency-critical")
    recommended = None
    if machine.device in ("metal", "cuda"):
        fits = [(name, need) for name, need in MLX_LADDER if machine.model_memory >= need]
        for name, need in fits:
            if present(name):
                return Choice(task, name, "default",
                              f"the largest MLX coder present that fits {machine.model_memory / GB:.0f} GB "
                              f"(needs {need / GB:.0f} GB)")
        recommended = fits[0][0] if fits else None
    if LARGE in loaded:
        return Choice(task, LARGE, "default", "already loaded", recommended=recommended)
    if not present(LARGE):
        if present(SMALL):
            return Choice(task, SMALL, "default", f"{LARGE} is not installed", recommended=recommended,
                          fallback=f'{LARGE} is not installed, so {TASKS[task]} and the other code tasks '
                          f'use {SMALL}; install the better model with: pip install "spark-nb[models]"')
        return Choice(task, LARGE, "default", "the better coder (not installed yet)", recommended=recommended)
    if machine.available_bytes < LARGE_NEEDS:
        return Choice(task, SMALL, "default", f"only {machine.available_bytes / GB:.1f} GB free",
                      recommended=recommended,
                      fallback=f"only {machine.available_bytes / GB:.1f} GB of memory is free and {LARGE} "
                      f"needs about {LARGE_NEEDS / GB:.0f} GB, so code, fixes, charts and reports use "
                      f"{SMALL} (set c.SparkNB.model or SPARK_NB_MODEL to choose)")
    return Choice(task, LARGE, "default",
                  f"the better coder; {machine.available_bytes / GB:.1f} GB free (needs about "
                  f"{LARGE_NEEDS / GB:.0f} GB)", recommended=recommended)


def choices(*, models: Mapping[str, str] | None = None, everything: str | None = None,
            machine: Machine | None = None, loaded: Iterable[str] = ()) -> list[Choice]:
    """The choice for every task, in the order of :data:`TASKS`."""
    machine = machine or Machine.detect()
    loaded = set(loaded)
    return [choose(t, models=models, everything=everything, machine=machine, loaded=loaded) for t in TASKS]


def describe(made: list[Choice], machine: Machine) -> str:
    """The table `spark-nb models` and `%spark config` print: each task's model and why."""
    width = max(len(c.model) for c in made)
    lines = [f"models by task on this machine ({machine.describe()}):"]
    lines += [f"  {c.task:9} {c.model:{width}}  {TASKS[c.task]}: {c.reason}" for c in made]
    notes = {c.fallback for c in made if c.fallback} | {
        f"recommended here: {c.recommended} (spark-nb pull {c.recommended}, then it is used by default)"
        for c in made if c.recommended}
    lines += [f"note: {n}" for n in sorted(notes)]
    return "\n".join(lines)


_said: set[str] = set()


def announce(choice: Choice) -> None:
    """Warn once per process about a fallback to a smaller model."""
    if choice.fallback and choice.fallback not in _said:
        _said.add(choice.fallback)
        warnings.warn(choice.fallback, ModelFallbackWarning, stacklevel=3)


def _present(name: str) -> bool:
    spec = MODELS.get(name)
    return spec is not None and installed(spec)


def _memory() -> tuple[int, int]:
    try:
        import psutil
    except ImportError:  # a dependency; the fallbacks keep the choice working without it
        return _proc_meminfo()
    vm = psutil.virtual_memory()
    return int(vm.total), int(vm.available)


def _proc_meminfo() -> tuple[int, int]:
    try:
        with open("/proc/meminfo", encoding="ascii") as f:
            info = {k: int(v.split()[0]) * 1024 for k, _, v in (line.partition(":") for line in f)}
        return info["MemTotal"], info.get("MemAvailable", info["MemTotal"])
    except (OSError, KeyError, ValueError):
        total = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")
        return total, total // 2


@functools.lru_cache(maxsize=1)
def _accelerator() -> tuple[str, int | None]:
    """('metal'|'cuda'|'cpu', GPU memory or None), probed once per process.

    MLX is only imported where it could use a GPU (Apple Silicon, or a CUDA build):
    elsewhere llama.cpp runs the models and MLX's CPU build is for tests.
    """
    if not (is_apple_silicon() or _mlx_cuda_build()):
        return "cpu", None
    device = mlx_device()
    if device not in ("metal", "cuda"):
        return "cpu", None
    try:
        import mlx.core as mx

        info_fn = getattr(mx, "device_info", None) or getattr(mx.metal, "device_info", None)
        info = info_fn() if info_fn else {}
        size = int(info.get("memory_size", 0)) or None
    except Exception:  # noqa: BLE001 - no figure: the machine's memory stands in
        size = None
    # Apple's unified memory is the machine's memory: reported as such, not as a GPU's
    return device, (None if device == "metal" else size)


def _mlx_cuda_build() -> bool:
    from importlib import metadata

    for name in ("mlx-cuda", "mlx-cuda-12", "mlx-cuda-13"):
        try:
            metadata.version(name)
            return True
        except metadata.PackageNotFoundError:
            continue
    return False
