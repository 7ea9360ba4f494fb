"""Backends, one module each, resolved by name.

Each module defines ``Backend``: built on the worker thread with
``Backend(resolved, settings, **options)`` and exposing ``info``, ``generate`` and
``close``. Heavy imports happen inside the module, so listing backends is free.
"""

from __future__ import annotations

import importlib

BACKENDS = {
    "llama_cpp": "spark_nb.engine.backends.llama_cpp",
    "openai": "spark_nb.engine.backends.openai",
    "mlx": "spark_nb.engine.backends.mlx",
    "served": "spark_nb.engine.backends.served",
}


def backend_class(name: str):
    from spark_nb.errors import UnknownModelError

    try:
        module = BACKENDS[name]
    except KeyError:
        raise UnknownModelError(
            f"unknown backend {name!r}; available backends: {', '.join(BACKENDS)}"
        ) from None
    return importlib.import_module(module).Backend


def at_exit() -> None:
    """Let each backend module that was used clean up before the interpreter exits."""
    import sys

    for module in BACKENDS.values():
        hook = getattr(sys.modules.get(module), "at_exit", None)
        if hook is not None:
            hook()
