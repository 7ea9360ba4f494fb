"""When two fingerprints count as the same: the fields that take part, the printed output
normalised, and the key and differences built from them.
"""

from __future__ import annotations

import hashlib
import json
import re

from spark_nb.assist.fingerprint.clip import _ADDRESS
from spark_nb.assist.fingerprint.hashing import _DIGITS

# Fields of an entry that say what a value *is*; the rest (preview, dtypes) only shows it.
_KEY_FIELDS = ("type", "shape", "columns", "name", "index", "hash", "signature", "error")
_FIGURE_KEY_FIELDS = ("kind", "hash", "error")
# Lines that say how the code ran, not what it produced: Python warnings and matplotlib's
# notes about its cache folder (whose name is random), which the first import prints.
_NOISE = re.compile(r"^(\S+:\d+: \w*Warning: |Matplotlib (created a temporary|is building)"
                    r"|.* is not a writable directory)")
_LONG_FLOAT = re.compile(r"-?\d+\.\d{7,}(?:[eE][-+]?\d+)?")


def key(fingerprint: dict | None, output: str = "") -> str:
    """A short hex key, equal for runs that produced the same values, figures and output.

    Loop variables, previews and dtypes are left out; printed output is compared with
    trailing spaces, object addresses and float noise normalised.
    """
    names = {n: _identity(e) for n, e in _names(fingerprint).items()}
    text = json.dumps({"names": sorted(names.items()), "figures": _figure_identities(fingerprint),
                       "output": _normal_output(output)}, sort_keys=True, default=str)
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def differences(a: dict | None, b: dict | None) -> list[str]:
    """The names whose entries differ between two fingerprints ("figures" if those do)."""
    na, nb = _names(a), _names(b)
    out = [n for n in dict.fromkeys([*na, *nb])
           if n not in na or n not in nb or _identity(na[n]) != _identity(nb[n])]
    if _figure_identities(a) != _figure_identities(b):
        out.append("figures")
    return out


def _names(fingerprint: dict | None) -> dict:
    """The entries that take part in comparing runs: loop variables are the code's own business."""
    names = (fingerprint or {}).get("names") or {}
    return {n: e for n, e in names.items() if not e.get("loop")}


def _figure_identities(fingerprint: dict | None) -> list:
    return [[f.get(k) for k in _FIGURE_KEY_FIELDS] for f in (fingerprint or {}).get("figures") or []]


def _identity(entry: dict) -> tuple:
    return tuple(json.dumps(entry.get(k), sort_keys=True, default=str) for k in _KEY_FIELDS)


def _normal_output(output: str) -> str:
    """Trailing spaces, warnings, addresses and float noise dropped, so equal output compares equal."""
    text = _ADDRESS.sub("0x…", output or "")
    text = _LONG_FLOAT.sub(lambda m: f"{float(m[0]):.{_DIGITS}g}", text)
    lines, after_warning = [], False
    for line in text.splitlines():
        # a warning's second line is the source line it points at, indented by two spaces
        if _NOISE.match(line) or (after_warning and line.startswith("  ")):
            after_warning = True
            continue
        after_warning = False
        lines.append(line.rstrip())
    return "\n".join(lines).strip("\n")
