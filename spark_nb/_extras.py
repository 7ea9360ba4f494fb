"""Import heavy optional dependencies inside the function that needs them."""

from __future__ import annotations

import importlib
from types import ModuleType

from spark_nb.errors import MissingExtraError


def require(module: str, extra: str, purpose: str = "") -> ModuleType:
    """Import ``module`` or fail with the exact ``pip install "spark-nb[extra]"``."""
    try:
        return importlib.import_module(module)
    except ImportError as exc:
        # Only a missing top-level package means "install the extra"; an ImportError
        # raised from inside an installed package is a real bug and must surface.
        missing = getattr(exc, "name", None) or ""
        if missing.split(".")[0] == module.split(".")[0]:
            raise MissingExtraError(module.split(".")[0], extra, purpose) from exc
        raise
