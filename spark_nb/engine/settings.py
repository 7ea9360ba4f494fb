"""Engine settings from the environment (the kernel layer passes traitlets in)."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

DEFAULT_MODEL = "qwen2.5-coder-0.5b"


def _env(*names: str, default: str | None = None) -> str | None:
    for n in names:
        v = os.environ.get(n)
        if v:
            return v
    return default


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

    model: str = field(default_factory=lambda: _env("SPARK_NB_MODEL", default=DEFAULT_MODEL))
    backend: str | None = field(default_factory=lambda: _env("SPARK_NB_BACKEND"))
    openai_base_url: str | None = field(
        default_factory=lambda: _env("SPARK_NB_OPENAI_BASE_URL", "OPENAI_BASE_URL")
    )
    openai_api_key: str | None = field(
        default_factory=lambda: _env("SPARK_NB_OPENAI_API_KEY", "OPENAI_API_KEY")
    )
    n_ctx: int = field(default_factory=lambda: int(_env("SPARK_NB_N_CTX", default="8192")))
    n_threads: int | None = field(
        default_factory=lambda: int(v) if (v := _env("SPARK_NB_THREADS")) else None
    )
