"""Atomic writes: a temporary file in the same folder, then ``os.replace``."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from spark_nb.report.errors import ReportError


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


# mkstemp makes 0600 files; a report should get the permissions any new file gets
_MODE = 0o666 & ~_umask()


def check_folder(path: Path) -> None:
    """Fail early, with a clear message, when ``path`` cannot be written."""
    folder = path.parent
    if not folder.exists():
        raise ReportError(f"cannot write {path}: the folder {folder} does not exist "
                          f"(create it first, or choose another -o path)")
    if not folder.is_dir():
        raise ReportError(f"cannot write {path}: {folder} is not a folder")
    if path.is_dir():
        raise ReportError(f"cannot write {path}: it is a folder; give a file name")
    if not os.access(folder, os.W_OK):
        raise ReportError(f"cannot write {path}: no permission to write in {folder}")


def atomic_write(path: Path, data: bytes | str) -> Path:
    """Write ``data`` to ``path`` so a reader never sees half a file."""
    check_folder(path)
    raw = data.encode("utf-8") if isinstance(data, str) else data
    try:
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    except OSError as exc:
        raise ReportError(f"cannot write {path}: {exc.strerror}") from None
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(raw)
        os.chmod(tmp, _MODE)
        os.replace(tmp, path)
    except OSError as exc:
        Path(tmp).unlink(missing_ok=True)
        raise ReportError(f"cannot write {path}: {exc.strerror}") from None
    return path
