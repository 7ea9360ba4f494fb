"""The inference core: one streaming chat interface over every backend.

Never imports IPython, widgets, nbformat or matplotlib (a test checks it).
"""

from spark_nb.engine.cancel import CancelToken
from spark_nb.engine.engine import Engine, get_engine, models
from spark_nb.engine.stream import Stream
from spark_nb.engine.types import (
    BackendInfo,
    Completion,
    GenerationOptions,
    Timings,
    Usage,
)

__all__ = [
    "BackendInfo",
    "CancelToken",
    "Completion",
    "Engine",
    "GenerationOptions",
    "Stream",
    "Timings",
    "Usage",
    "get_engine",
    "models",
]
