"""Engine settings from the environment (the kernel layer passes traitlets in)."""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass, field, fields
from pathlib import Path

# task -> what it is, in words (`%spark config` and `spark-nb models` show each one's model)
TASKS: dict[str, str] = {
    "code": "code generation (%%spark)",
    "fix": "error explanations and fixes",
    "chart": "chart analysis prose",
    "report": "report narrative",
    "summary": "the instant one-line summary of an error",
    "complete": "inline completion",
}


SERVER_MODES = ("auto", "off")


def _env(*names: str, default: str | None = None) -> str | None:
    for n in names:
        v = os.environ.get(n)
        if v:
            return v
    return default


def task_models_from_env() -> dict[str, str]:
    """Per-task models from ``SPARK_NB_MODEL_<TASK>``, e.g. ``SPARK_NB_MODEL_CODE``."""
    return {t: v.strip() for t in TASKS
            if (v := os.environ.get(f"SPARK_NB_MODEL_{t.upper()}", "")).strip()}


def cache_dir() -> Path:
    """Where assembled model packs and converted models live."""
    base = _env("SPARK_NB_CACHE_DIR")
    if base:
        return Path(base).expanduser()
    xdg = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(xdg) / "spark_nb"


@dataclass
class EngineSettings:
    """Defaults for :func:`spark_nb.get_engine`; each reads an environment variable."""

    # empty: each task uses the model chosen for it on this machine (engine/choice.py)
    model: str = field(default_factory=lambda: _env("SPARK_NB_MODEL", default=""))
    models: dict = field(default_factory=lambda: task_models_from_env())  # task -> model
    backend: str | None = field(default_factory=lambda: _env("SPARK_NB_BACKEND"))
    openai_base_url: str | None = field(
        default_factory=lambda: _env("SPARK_NB_OPENAI_BASE_URL", "OPENAI_BASE_URL")
    )
    # A key set for spark_nb's server goes to whatever base URL is configured; OpenAI's
    # own key (OPENAI_API_KEY, set for other tools too) goes only to api.openai.com.
    openai_api_key: str | None = field(default_factory=lambda: _env("SPARK_NB_OPENAI_API_KEY"))
    openai_platform_key: str | None = field(default_factory=lambda: _env("OPENAI_API_KEY"))
    n_ctx: int = field(default_factory=lambda: int(_env("SPARK_NB_N_CTX", default="8192")))
    n_threads: int | None = field(
        default_factory=lambda: int(v) if (v := _env("SPARK_NB_THREADS")) else None
    )
    # a loaded model unused this long is freed (and loaded again when next asked); 0: never
    idle_unload: float = field(default_factory=lambda: float(_env("SPARK_NB_IDLE_UNLOAD", default="600")))
    # "auto": local models run in the per-user model server (`spark-nb serve`), started
    # when first needed; "off": in this process
    server: str = field(default_factory=lambda: _env("SPARK_NB_SERVER", default="auto").strip().lower())
    # seconds the model server keeps running with no request; 0: until stopped
    server_idle: float = field(default_factory=lambda: float(_env("SPARK_NB_SERVER_IDLE", default="1800")))

    def __post_init__(self) -> None:
        if self.server not in SERVER_MODES:
            from spark_nb.errors import OptionsError

            raise OptionsError(f"SPARK_NB_SERVER must be one of {', '.join(SERVER_MODES)}, "
                               f"not {self.server!r}")

    def load_key(self) -> str:
        """What makes two loaded engines different (the choice of model is not part of it)."""
        shown = repr(self)
        for name in ("model", "models", "idle_unload", "server_idle"):
            shown = shown.replace(f"{name}={getattr(self, name)!r}, ", "")
        return shown

    def __repr__(self) -> str:
        # The repr keys the engine cache, so keys must stay distinguishable, but it may
        # also be printed: each key shows as a short digest, never in clear.
        shown = {f.name: getattr(self, f.name) for f in fields(self)}
        for name in ("openai_api_key", "openai_platform_key"):
            if shown[name]:
                shown[name] = "sha256:" + hashlib.sha256(shown[name].encode()).hexdigest()[:12]
        return f"EngineSettings({', '.join(f'{k}={v!r}' for k, v in shown.items())})"
