"""Errors that speak to the user: what happened and what to do next.

Every error spark_nb raises on purpose derives from :class:`SparkError`, so callers
(magics, panels, the CLI) can show its message instead of a traceback from our code.
"""

from __future__ import annotations


class SparkError(Exception):
    """Base class of the errors spark_nb raises on purpose."""


class MissingExtraError(SparkError, ImportError):
    """An optional dependency is not installed."""

    def __init__(self, module: str, extra: str, purpose: str = ""):
        self.module = module
        self.extra = extra
        what = f" ({purpose})" if purpose else ""
        super().__init__(
            f"{module} is not installed{what}. Install it with:\n"
            f'    pip install "spark-nb[{extra}]"'
        )


class UnknownModelError(SparkError, LookupError):
    """A model name that is neither in the registry nor a local path."""


class ModelNotInstalledError(SparkError):
    """A known model whose files are not on this machine."""


class ModelFileError(SparkError):
    """A model file that is missing, truncated, altered or unreadable."""


class ContextOverflowError(SparkError):
    """The prompt does not fit in the model's context window."""


class BackendError(SparkError):
    """A backend failed: a server that cannot be reached or answers garbage, a crash."""


class OptionsError(SparkError, TypeError):
    """Options that are unknown or out of range."""
