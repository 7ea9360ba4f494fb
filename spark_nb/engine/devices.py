"""Which backend and device suit this machine, decided without loading a model."""

from __future__ import annotations

import importlib.util
import platform


def is_apple_silicon() -> bool:
    return platform.system() == "Darwin" and platform.machine() == "arm64"


def mlx_installed() -> bool:
    try:
        return importlib.util.find_spec("mlx") is not None and importlib.util.find_spec("mlx_lm") is not None
    except (ImportError, ValueError):
        return False


def mlx_device() -> str:
    """'metal', 'cuda', 'cpu' (MLX's scalar CPU build: for tests) or 'none' (not installed)."""
    if not mlx_installed():
        return "none"
    try:
        import mlx.core as mx
    except ImportError:
        return "none"
    metal = getattr(mx, "metal", None)
    if metal is not None and metal.is_available():
        return "metal"
    cuda = getattr(mx, "cuda", None)
    if cuda is not None and cuda.is_available():
        return "cuda"
    return "cpu"


def default_local_backend() -> str:
    """MLX on Apple Silicon (Metal); llama.cpp everywhere else."""
    return "mlx" if is_apple_silicon() and mlx_installed() else "llama_cpp"


def describe() -> str:
    """One line for `spark-nb models` and the demo: what runs here and on what."""
    mlx = {
        "metal": "Apple GPU (Metal)",
        "cuda": "NVIDIA GPU (CUDA)",
        "cpu": "CPU only — for tests; use llama_cpp",
        "none": 'not installed (pip install "spark-nb[mlx]")',
    }[mlx_device()]
    return f"default local backend: {default_local_backend()} · mlx: {mlx}"
