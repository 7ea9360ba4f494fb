"""Short texts that stay the same from run to run: clipped previews and error lines.

An error's message may carry an object's address, which differs in every process; it is
masked so that two runs failing the same way read the same.
"""

from __future__ import annotations

import re
from typing import Any

_PREVIEW = 120
_ADDRESS = re.compile(r"0x[0-9a-fA-F]{4,}")


def _more(n: int) -> str:
    return ", …" if n > 3 else ""


def _clip(text: str, limit: int = _PREVIEW) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _error(exc: BaseException) -> str:
    return _ADDRESS.sub("0x…", f"{type(exc).__name__}: {_clip(_safe_str(exc), 100)}")


def _safe_str(value: Any) -> str:
    try:
        return str(value)
    except Exception:  # noqa: BLE001
        return f"<{type(value).__name__}>"
