"""The inference core: one streaming chat interface over every backend.

Never imports IPython, widgets, nbformat or matplotlib (a test checks it).
"""

from spark_nb.engine.cancel import CancelToken
from spark_nb.engine.engine import Engine, get_engine, models
from spark_nb.engine.stream import Stream
from spark_nb.engine.types import (
    BackendInfo,
    Batch,
    Completion,
    GenerationOptions,
    Timings,
    Usage,
    candidate_options,
)

__all__ = [
    "BackendInfo",
    "Batch",
    "CancelToken",
    "Completion",
    "Engine",
    "GenerationOptions",
    "Stream",
    "Timings",
    "Usage",
    "candidate_options",
    "get_engine",
    "models",
]
