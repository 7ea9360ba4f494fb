"""One value -> its entry: type, shape, digest and a short preview.

The readers, the canonical text and the previews call one another (a list of frames is
read through the frame reader; a frame's preview shows cells through the canonical
text), so they live together.
"""

from __future__ import annotations

import hashlib
import inspect
import json
import math
import sys
from itertools import islice
from typing import Any

from spark_nb.assist.fingerprint.clip import _clip, _error, _more
from spark_nb.assist.fingerprint.hashing import (MAX_CELLS, _digest, _hex, _index_hash, _round_float,
                                                 _rounded, _sample_rows)
from spark_nb.assist.fingerprint.kinds import _SAFE_MODULES, _family, _known, _module, _type_name


def _entry(value: Any) -> dict:
    """``{"type", "shape", "hash", "preview", ...}`` for one value; never raises."""
    kind = _type_name(value)
    try:
        reader = _READERS.get(_family(value))
        entry = {"type": kind, **(reader(value) if reader else _plain(value))}
    except Exception as exc:  # noqa: BLE001 - a value that cannot be read is recorded as such
        return {"type": kind, "error": _error(exc)}
    return entry


def _plain(value: Any) -> dict:
    """Scalars and containers: a canonical text with floats rounded; other objects: type only."""
    if not _known(value):
        return {}
    entry: dict = {"hash": _digest(_canon(value))}
    if isinstance(value, (list, tuple, dict, set, frozenset)):
        entry["shape"] = [len(value)]
    entry["preview"] = _preview_plain(value)
    return entry


def _frame(df: Any) -> dict:
    sample, step = _sample_rows(df, df.shape[0] * max(df.shape[1], 1))
    h = hashlib.sha256(json.dumps([str(c) for c in df.columns]).encode())
    h.update(_index_hash(sample.index))
    for i in range(sample.shape[1]):
        h.update(_column_hash(sample.iloc[:, i]))
    cols = [str(c) for c in df.columns]
    dtypes = dict(zip(cols[:50], map(str, df.dtypes.iloc[:50])))
    return {"shape": list(df.shape), "columns": cols[:50], "dtypes": dtypes, "index": _index_info(df.index),
            "hash": _hex(h, step), "preview": _preview_frame(df)}


def _series(s: Any) -> dict:
    pd = sys.modules["pandas"]
    if isinstance(s, pd.Index):
        sample, step = _sample_rows(s, len(s))
        h = hashlib.sha256(_index_hash(sample))
        return {"shape": [len(s)], "dtypes": str(s.dtype), "name": _name(s.names if s.nlevels > 1 else s.name),
                "hash": _hex(h, step), "preview": _clip(", ".join(_cell(v) for v in s[:3]) + _more(len(s)))}
    sample, step = _sample_rows(s, len(s))
    h = hashlib.sha256(_index_hash(sample.index))
    h.update(_column_hash(sample))
    return {"shape": [len(s)], "dtypes": str(s.dtype), "name": _name(s.name), "index": _index_info(s.index),
            "hash": _hex(h, step), "preview": _preview_series(s)}


def _array(a: Any) -> dict:
    np = sys.modules["numpy"]
    step = max(1, math.ceil(a.size / MAX_CELLS))
    flat = a.reshape(-1)[::step] if a.flags.c_contiguous else a.flat[::step]
    h = hashlib.sha256(repr(a.shape).encode())
    if flat.dtype.kind == "O":
        h.update(_canon(flat.tolist()).encode())
    else:
        h.update(np.ascontiguousarray(_rounded(flat)).tobytes())
    return {"shape": list(a.shape), "dtypes": str(a.dtype), "hash": _hex(h, step),
            "preview": _clip("[" + ", ".join(_cell(v) for v in a.flat[:3]) + _more(a.size) + "]")}


def _function(f: Any) -> dict:
    try:
        return {"signature": str(inspect.signature(f))}
    except (TypeError, ValueError):
        return {}


_READERS = {"frame": _frame, "series": _series, "array": _array, "function": _function,
            "opaque": lambda value: {}}


def _column_hash(column: Any) -> bytes:
    """A digest of one pandas column's values (floats rounded), in order."""
    pd = sys.modules["pandas"]
    if column.dtype.kind == "f":
        values = _rounded(column.to_numpy(dtype="float64", na_value=float("nan")))
        return pd.util.hash_array(values).tobytes()
    try:
        return pd.util.hash_pandas_object(column, index=False).to_numpy().tobytes()
    except Exception:  # noqa: BLE001 - objects pandas cannot hash: by our canonical text instead
        return _canon(column.tolist()).encode("utf-8", "surrogatepass")


def _canon(value: Any, depth: int = 0) -> str:
    """A canonical text of a value: floats rounded, dicts and sets sorted, bounded in size."""
    cls = type(value)
    if cls is float or (cls.__module__ == "numpy" and _type_name(value) == "float"):
        return repr(_round_float(float(value)))
    if cls in (type(None), bool, int, str, bytes) or _type_name(value) in ("int", "bool", "str"):
        return _canon_scalar(value.item() if cls.__module__ == "numpy" else value)
    if cls is complex:
        return f"complex({_canon(value.real)},{_canon(value.imag)})"
    if depth > 6 or not _known(value):
        return f"<{_type_name(value)}>"
    if cls in (list, tuple, range):
        step = max(1, math.ceil(len(value) / MAX_CELLS))
        items = ",".join(_canon(v, depth + 1) for v in value[::step])
        return f"{cls.__name__}{len(value)}[{items}]"
    if cls in (set, frozenset, dict) and len(value) > MAX_CELLS:
        return f"{cls.__name__}{len(value)}:too large to read"
    if cls in (set, frozenset):
        return "set[" + ",".join(sorted(_canon(v, depth + 1) for v in value)) + "]"
    if cls is dict:
        items = sorted(f"{_canon(k, depth + 1)}:{_canon(v, depth + 1)}" for k, v in value.items())
        return "dict{" + ",".join(items) + "}"
    family = _family(value)
    if family:
        entry = _READERS[family](value)
        return f"{_type_name(value)}{entry.get('shape')}{entry.get('columns', '')}:{entry.get('hash')}"
    return repr(value)  # a standard-library value (date, Decimal, Path) or a pandas scalar


def _canon_scalar(value: Any) -> str:
    """None, bools, ints, strings and bytes; long ones by digest (repr of a huge int raises)."""
    if isinstance(value, int) and not isinstance(value, bool) and value.bit_length() > 1000:
        return f"int:{_digest(hex(value))}"
    if isinstance(value, (str, bytes)) and len(value) > 10_000:
        data = value.encode("utf-8", "surrogatepass") if isinstance(value, str) else value
        return f"{type(value).__name__}{len(value)}:{hashlib.sha256(data).hexdigest()[:16]}"
    return repr(value)


def _cell(v: Any, depth: int = 0) -> str:
    """One value for a preview; only types whose text cannot run user code are shown."""
    if type(v) in (list, tuple, dict, set, frozenset):
        return _preview_plain(v, depth + 1) if depth < 2 else "…"
    if isinstance(v, float) or _type_name(v) == "float":
        return repr(_round_float(float(v)))
    if isinstance(v, str):
        return v
    if not _known(v):
        return f"<{_type_name(v)}>"
    if _module(type(v)) in ("pandas", *_SAFE_MODULES) and not _family(v):
        return str(v)  # a date, a Timestamp: as a table shows it
    return _canon(v)


def _preview_plain(value: Any, depth: int = 0) -> str:
    if isinstance(value, dict):
        items = [f"{_cell(k, depth)}: {_cell(v, depth)}" for k, v in islice(value.items(), 3)]
        return _clip("{" + ", ".join(items) + _more(len(value)) + "}")
    if isinstance(value, (list, tuple, set, frozenset, range)):
        ends = "()" if isinstance(value, tuple) else "{}" if isinstance(value, (set, frozenset)) else "[]"
        return _clip(ends[0] + ", ".join(_cell(v, depth) for v in islice(value, 3)) + _more(len(value)) + ends[1])
    if isinstance(value, int) and not isinstance(value, bool) and value.bit_length() > 300:
        return f"an int of {value.bit_length()} bits"
    return _clip(repr(value[:200]) if isinstance(value, (str, bytes)) else _cell(value))


def _preview_series(s: Any) -> str:
    head = s.head(3)
    plain = _plain_index(s.index)
    cells = [(_cell(v) if plain else f"{_cell(i)} {_cell(v)}") for i, v in zip(head.index, head.to_numpy())]
    return _clip(", ".join(cells) + _more(len(s)))


def _preview_frame(df: Any) -> str:
    head = df.head(3)
    plain = _plain_index(df.index)
    rows = []
    for i, row in zip(head.index, head.itertuples(index=False, name=None)):
        cells = ", ".join(_cell(v) for v in row[:6]) + (", …" if len(row) > 6 else "")
        rows.append(cells if plain else f"{_cell(i)}: {cells}")
    return _clip("; ".join(rows) + ("; …" if len(df) > 3 else ""))


def _plain_index(index: Any) -> bool:
    return type(index).__name__ == "RangeIndex" and index.name is None


def _index_info(index: Any) -> dict:
    return {"names": [_name(n) for n in index.names], "length": len(index)}


def _name(name: Any) -> Any:
    if isinstance(name, (list, tuple)) or type(name).__name__ == "FrozenList":
        return [_name(n) for n in name]
    return name if name is None or isinstance(name, (str, int, bool)) else _cell(name)
