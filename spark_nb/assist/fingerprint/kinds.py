"""What kind of value a name holds, decided from its type alone.

Everything here looks at the class and its module, never at the object's own methods,
so code that defines a strange ``__repr__`` or ``__eq__`` cannot run while it is read.
"""

from __future__ import annotations

import sys
import types
from typing import Any

from spark_nb.assist.sandbox.inherited import Withheld

_SCALARS = (type(None), bool, int, float, complex, str, bytes)
_SAFE_MODULES = ("datetime", "decimal", "fractions", "pathlib", "uuid")


def _skipped(value: Any) -> bool:
    """Modules, classes and the kernel's withheld connections are not what code produces."""
    return type(value) is Withheld or isinstance(value, (types.ModuleType, type))


def _module(cls: type) -> str:
    module = getattr(cls, "__module__", None)
    return module.split(".")[0] if isinstance(module, str) else ""


def _family(value: Any) -> str:
    module = _module(type(value))
    pd = sys.modules.get("pandas") if module == "pandas" else None
    if pd is not None:
        if isinstance(value, pd.DataFrame):
            return "frame"
        if isinstance(value, (pd.Series, pd.Index)):
            return "series"
    np = sys.modules.get("numpy") if module == "numpy" else None
    if np is not None and isinstance(value, np.ndarray):
        return "array"
    if isinstance(value, (types.FunctionType, types.BuiltinFunctionType, types.MethodType)):
        return "function"
    if module == "matplotlib":
        return "opaque"  # drawn figures are read from the figure list, not from names
    return ""


def _type_name(value: Any) -> str:
    """A readable type: numpy scalars as Python's, matplotlib Axes subclasses as "Axes"."""
    cls = type(value)
    if isinstance(value, (types.FunctionType, types.BuiltinFunctionType, types.MethodType)):
        return "function"
    module = _module(cls)
    np = sys.modules.get("numpy") if module == "numpy" else None
    if np is not None and isinstance(value, np.generic):
        for base, name in ((np.bool_, "bool"), (np.integer, "int"), (np.floating, "float"), (np.str_, "str")):
            if isinstance(value, base):
                return name
    if module == "matplotlib":
        names = [c.__name__ for c in cls.__mro__]
        return next((n for n in ("Figure", "Axes") if n in names), cls.__name__)
    if module in ("builtins", "__main__", "pandas", "numpy"):
        return cls.__name__
    return f"{module}.{cls.__name__}"


def _known(value: Any) -> bool:
    """Types whose repr is ours or the standard library's, so it cannot run user code."""
    cls = type(value)
    if cls in _SCALARS or cls in (list, tuple, dict, set, frozenset, range):
        return True
    module = _module(cls)
    if module == "numpy":
        np = sys.modules.get("numpy")
        return np is not None and isinstance(value, (np.generic, np.ndarray))
    if module == "pandas":
        return _family(value) != "" or cls.__name__ in ("Timestamp", "Timedelta", "Period", "NaTType", "Interval")
    return module in _SAFE_MODULES
