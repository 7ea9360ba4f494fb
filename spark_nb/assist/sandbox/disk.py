"""The file functions as they were before the copy-on-write layer replaced them.

The layer (``overlay.py``) and its library patches (``libraries.py``) do their own work
on the disk and in the scratch folder only through these, so that nothing they do goes
through the replaced functions a second time.
"""

from __future__ import annotations

import builtins
import hashlib
import os
import stat as stat_module
from typing import Any

_WRITE_FLAGS = os.O_WRONLY | os.O_RDWR | os.O_CREAT | os.O_TRUNC | os.O_APPEND
_NAMES = ("open", "stat", "lstat", "listdir", "scandir", "remove", "unlink", "rename",
          "replace", "mkdir", "rmdir", "chmod", "chown", "lchown", "utime", "truncate", "link",
          "symlink", "readlink", "access", "chdir", "getcwd", "setxattr", "removexattr",
          "mkfifo", "mknod")


# The real functions, taken before the layer replaces them; the layer itself uses only these.
_O = {name: getattr(os, name) for name in _NAMES if hasattr(os, name)}
_OPEN = builtins.open


def _lstat(path: str):
    try:
        return _O["lstat"](path)
    except OSError:
        return None


def _stat(path: str):
    try:
        return _O["stat"](path)
    except OSError:
        return None


def _lexists(path: str) -> bool:
    return _lstat(path) is not None


def _isdir(path: str) -> bool:
    st = _stat(path)
    return st is not None and stat_module.S_ISDIR(st.st_mode)


def _islink(path: str) -> bool:
    st = _lstat(path)
    return st is not None and stat_module.S_ISLNK(st.st_mode)


def _makedirs(path: str) -> None:
    if _isdir(path):
        return
    _makedirs(os.path.dirname(path))
    try:
        _O["mkdir"](path)
    except FileExistsError:
        pass


def _copy(src: str, dst: str) -> None:
    """Content, mode and times of ``src`` into ``dst`` (a link is copied as a link)."""
    if _islink(src):
        _O["symlink"](_O["readlink"](src), dst)
        return
    with _OPEN(src, "rb") as fin, _OPEN(dst, "wb") as fout:
        for chunk in iter(lambda: fin.read(1 << 20), b""):
            fout.write(chunk)
    st = _O["stat"](src)
    _O["chmod"](dst, stat_module.S_IMODE(st.st_mode))
    _O["utime"](dst, ns=(st.st_atime_ns, st.st_mtime_ns))


def _rmtree(path: str) -> None:
    if _isdir(path) and not _islink(path):
        for name in _O["listdir"](path):
            _rmtree(os.path.join(path, name))
        _O["rmdir"](path)
    elif _lexists(path):
        _O["unlink"](path)


def _err(code: int, path: Any) -> OSError:
    return OSError(code, os.strerror(code), os.fsdecode(path) if isinstance(path, (str, bytes, os.PathLike)) else path)




def same(real: str, upper: str) -> bool:
    """Whether a scratch copy still equals the user's file (read but never changed)."""
    a, b = _lstat(real), _lstat(upper)
    if a is None or b is None:
        return False
    if a.st_size != b.st_size or stat_module.S_IMODE(a.st_mode) != stat_module.S_IMODE(b.st_mode):
        return False
    if stat_module.S_ISLNK(a.st_mode) or stat_module.S_ISLNK(b.st_mode):
        return False
    return _digest(real) == _digest(upper)


def _digest(path: str) -> str:
    h = hashlib.sha256()
    with _OPEN(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


class Entry:
    """A directory entry of a folder the code changed (``os.DirEntry`` cannot be made)."""

    def __init__(self, folder: str, name: str) -> None:
        self.name = name
        self.path = os.path.join(folder, name)

    def __fspath__(self) -> str:
        return self.path

    def __repr__(self) -> str:
        return f"<DirEntry {self.name!r}>"

    def stat(self, *, follow_symlinks=True):
        return os.stat(self.path) if follow_symlinks else os.lstat(self.path)

    def inode(self) -> int:
        return os.lstat(self.path).st_ino

    def is_dir(self, *, follow_symlinks=True) -> bool:
        try:
            return stat_module.S_ISDIR(self.stat(follow_symlinks=follow_symlinks).st_mode)
        except OSError:
            return False

    def is_file(self, *, follow_symlinks=True) -> bool:
        try:
            return stat_module.S_ISREG(self.stat(follow_symlinks=follow_symlinks).st_mode)
        except OSError:
            return False

    def is_symlink(self) -> bool:
        try:
            return stat_module.S_ISLNK(os.lstat(self.path).st_mode)
        except OSError:
            return False


class Entries:
    def __init__(self, folder: str, names: list[str]) -> None:
        self._items = iter([Entry(folder, n) for n in names])

    def __iter__(self):
        return self

    def __next__(self):
        return next(self._items)

    def __enter__(self):
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def close(self) -> None:
        self._items = iter(())
