"""Atomic writes: a new file in the same folder, synced to disk, then ``os.replace``.

The temporary file is created with ``os.open(…, 0o666)``, so the kernel applies the
process's umask as it does to any new file; the umask is never read or changed (that
is process-wide state, and other threads may be creating files meanwhile).
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path

from spark_nb.report.errors import ReportError

_FLAGS = (os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0)
          | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_BINARY", 0))


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


def _new_file(path: Path) -> tuple[int, Path]:
    """A fresh, exclusively created file beside ``path`` (mode 0666 less the umask)."""
    for _ in range(100):
        tmp = path.parent / f".{path.name}.{secrets.token_hex(6)}.tmp"
        try:
            return os.open(tmp, _FLAGS, 0o666), tmp
        except FileExistsError:
            continue
    raise FileExistsError(f"no free temporary name beside {path}")


def new_folder(parent: Path, prefix: str) -> Path:
    """A fresh folder in ``parent`` that this process created (mode 0777 less the umask)."""
    for _ in range(100):
        folder = parent / f"{prefix}{secrets.token_hex(6)}"
        try:
            os.mkdir(folder, 0o777)
            return folder
        except FileExistsError:
            continue
    raise FileExistsError(f"no free temporary name in {parent}")


def sync_folder(folder: Path) -> None:
    """Flush a folder's entries (a rename in it) to disk, where the system allows it."""
    if os.name == "nt":
        return
    try:
        fd = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass  # some file systems refuse fsync on a folder; the file itself is synced
    finally:
        os.close(fd)


def atomic_write(path: Path, data: bytes | str) -> Path:
    """Write ``data`` to ``path`` so a reader never sees half a file, even after a crash."""
    check_folder(path)
    raw = data.encode("utf-8") if isinstance(data, str) else data
    try:
        fd, tmp = _new_file(path)
    except OSError as exc:
        raise ReportError(f"cannot write {path}: {exc.strerror or exc}") from None
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(raw)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except OSError as exc:
        Path(tmp).unlink(missing_ok=True)
        raise ReportError(f"cannot write {path}: {exc.strerror or exc}") from None
    sync_folder(path.parent)
    return path
