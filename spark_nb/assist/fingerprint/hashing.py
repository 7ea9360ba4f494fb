"""Digests of values, with floats rounded so arithmetic noise does not change them.

Large values are read from a sample of their rows, so the cost of a digest stays bounded
by ``MAX_CELLS`` however big the value is.
"""

from __future__ import annotations

import hashlib
import math
import sys
from typing import Any

MAX_CELLS = 2_000_000
_DIGITS = 6


def _sample_rows(obj: Any, cells: int) -> tuple[Any, int]:
    """Every ``step``-th row, so at most ``MAX_CELLS`` cells are hashed."""
    step = max(1, math.ceil(cells / MAX_CELLS))
    if step == 1:
        return obj, 1
    return (obj.iloc[::step] if hasattr(obj, "iloc") else obj[::step]), step


def _index_hash(index: Any) -> bytes:
    pd = sys.modules["pandas"]
    if index.dtype.kind == "f":
        return pd.util.hash_array(_rounded(index.to_numpy(dtype="float64"))).tobytes()
    return pd.util.hash_pandas_object(index).to_numpy().tobytes()


def _rounded(values: Any) -> Any:
    """Floats rounded to 6 significant digits, one NaN and one zero; other dtypes as int64 or as they are."""
    np = sys.modules["numpy"]
    kind = values.dtype.kind
    if kind in "iub":
        return values.astype(np.int64)
    if kind in "mM":
        return values.view(np.int64)
    if kind != "f":
        return values
    out = values.astype(np.float64)  # a copy: the caller's array is never changed
    finite = np.isfinite(out) & (out != 0)
    kept = out[finite]
    with np.errstate(all="ignore"):
        scale = 10.0 ** (_DIGITS - 1 - np.floor(np.log10(np.abs(kept))))
        rounded = np.round(kept * scale) / scale
    out[finite] = np.where(np.isfinite(rounded), rounded, kept)  # subnormals stay as they are
    out[out == 0] = 0.0
    out[np.isnan(out)] = np.nan
    return out


def _round_float(x: float) -> float:
    if not math.isfinite(x) or x == 0:
        return 0.0 if x == 0 else x
    return float(f"{x:.{_DIGITS}g}")


def _hex(h: Any, step: int) -> str:
    return h.hexdigest()[:16] + (f"/every {step}" if step > 1 else "")


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:16]
