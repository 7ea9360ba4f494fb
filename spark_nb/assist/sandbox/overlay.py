"""Copy-on-write files for a dry run's child: reads see the disk, writes go to scratch.

Every path a write touches is mapped to the same path under ``<scratch>/fs``; the first
write to an existing file copies it there first (``a``, ``r+``, ``chmod`` keep its
content), a deletion is remembered as gone, and every later read, listing and ``stat``
of that path sees the scratch copy or its absence. So ``df.to_csv("out.csv");
pd.read_csv("out.csv")`` works in one cell and the real ``out.csv`` is never touched.

The layer replaces the functions everything else in Python writes through: ``open``
(builtins and ``io``), and in ``os`` ``open``, ``stat``/``lstat``, ``listdir``/``scandir``,
``remove``/``unlink``, ``rename``/``replace``, ``mkdir``/``rmdir``, ``chmod``/``chown``,
``utime``, ``truncate``, ``link``/``symlink``/``readlink``, ``access``, ``chdir``/``getcwd``
and the xattr calls; ``shutil.rmtree``; ``sqlite3.connect`` and ``duckdb.connect`` (the
database file is copied and the copy opened). ``pathlib``, ``shutil``, ``tempfile``,
pandas, numpy, matplotlib and pickle all write through these. What a C library writes
with its own calls is not seen here: the audit hook refuses what CPython audits, and on
Linux the read-only mounts refuse the rest.
"""

from __future__ import annotations

import builtins
import errno
import hashlib
import io
import os
import shutil
import stat as stat_module
import sys
import threading
from typing import Any

_WRITE_FLAGS = os.O_WRONLY | os.O_RDWR | os.O_CREAT | os.O_TRUNC | os.O_APPEND
_NAMES = ("open", "stat", "lstat", "listdir", "scandir", "remove", "unlink", "rename",
          "replace", "mkdir", "rmdir", "chmod", "chown", "lchown", "utime", "truncate", "link",
          "symlink", "readlink", "access", "chdir", "getcwd", "setxattr", "removexattr")


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


class Overlay:
    """The child's view of the file system: the disk, plus what the code wrote."""

    def __init__(self, scratch: str) -> None:
        self.orig = _O
        self.open_orig = _OPEN
        self.upper_root = os.path.join(os.path.realpath(scratch), "fs")
        self.orig["mkdir"](self.upper_root)
        self.state: dict[str, str] = {}  # real path -> file | dir | opaque | gone
        self.cwd = self.orig["getcwd"]()
        self.cwd_real = True  # the process's own cwd is the view's (relative paths agree)
        self.lock = threading.RLock()
        self.local = threading.local()
        self.refusals: list[str] = []  # the audit hook's record, shared once it is installed

    # -- paths ---------------------------------------------------------------------------
    def real(self, path: Any, dir_fd: int | None = None, follow: bool = True) -> str:
        """The absolute path ``path`` names in this view, its symbolic links followed (the
        last one only when ``follow``: ``lstat``, ``unlink`` and ``rename`` act on a link)."""
        text = os.fsdecode(path)
        if dir_fd is not None and not os.path.isabs(text):
            base = self._fd_path(dir_fd)
            if base is None:
                raise _err(errno.EPERM, text)
            text = os.path.join(self.logical(base), text)
        full = os.path.normpath(os.path.join(self.cwd, text)).replace("//", "/")
        return self.resolve(full, follow)

    def resolve(self, path: str, follow: bool = True, depth: int = 0) -> str:
        """``path`` with the links in it followed, as this view has them (links the code
        made in scratch, links on the disk that the code did not replace)."""
        parts = [p for p in path.split(os.sep) if p]
        done = os.sep
        for i, part in enumerate(parts):
            here = os.path.join(done, part)
            last = i == len(parts) - 1
            target = None if (last and not follow) or depth > 40 else self._link(here)
            if target is not None:
                rest = parts[i + 1:]
                joined = os.path.normpath(os.path.join(done, target, *rest))
                return self.resolve(joined, follow, depth + 1)
            done = here
        return done

    def _link(self, path: str) -> str | None:
        kind = self.state.get(path)
        if kind == "gone":
            return None
        if kind is not None:
            upper = self.up(path)
            return _O["readlink"](upper) if _islink(upper) else None
        if not _islink(path) or self.where(path)[0] == "gone":
            return None
        return _O["readlink"](path)

    def logical(self, real: str) -> str:
        """A real path under the scratch tree back to the path the code used."""
        if real == self.upper_root or real.startswith(self.upper_root + os.sep):
            return real[len(self.upper_root):] or "/"
        return real

    def up(self, real: str) -> str:
        return self.upper_root + real

    def _fd_path(self, fd: int) -> str | None:
        try:
            return self.orig["readlink"](f"/proc/self/fd/{fd}")
        except OSError:
            return None

    def where(self, real: str) -> tuple[str, str]:
        """("upper" | "lower" | "gone", the path to use for ``real``)."""
        kind = self.state.get(real)
        if kind == "gone":
            return "gone", real
        if kind is not None:
            return "upper", self.up(real)
        node = real
        while True:
            parent = os.path.dirname(node)
            if parent == node:
                return "lower", real
            above = self.state.get(parent)
            if above in ("gone", "opaque", "file"):
                return "gone", real
            if above == "dir":
                return "lower", real
            node = parent

    def _kind(self, real: str) -> tuple[str, str]:
        return self.where(real)

    def _is_link(self, real: str) -> bool:
        kind, where = self.where(real)
        return kind != "gone" and _islink(where)

    def exists(self, real: str) -> bool:
        kind, where = self.where(real)
        return kind != "gone" and _lexists(where)

    def isdir(self, real: str) -> bool:
        kind, where = self.where(real)
        return kind != "gone" and _isdir(where)

    # -- copy up ------------------------------------------------------------------------
    def _parent_ready(self, real: str) -> None:
        parent = os.path.dirname(real)
        if not self.isdir(parent):
            raise _err(errno.ENOENT, real)
        _makedirs(self.up(parent))

    def copy_up(self, real: str, keep: bool = True) -> str:
        """Make ``real`` a file in the scratch tree (with its content when ``keep``)."""
        with self.lock:
            kind, where = self._kind(real)
            upper = self.up(real)
            if kind == "upper":
                return where
            self._parent_ready(real)
            if kind == "lower" and _isdir(real):
                raise _err(errno.EISDIR, real)
            if kind == "lower" and keep and _lexists(real):
                _copy(real, upper)
            self.state[real] = "file"
            return upper

    def _mark_gone(self, real: str) -> None:
        _rmtree(self.up(real))
        for key in [k for k in self.state if k.startswith(real + os.sep)]:
            del self.state[key]
        self.state[real] = "gone"

    # -- the replaced functions -----------------------------------------------------------
    def open(self, file, mode="r", *args, **kwargs):
        if isinstance(file, int):
            return self.open_orig(file, mode, *args, **kwargs)
        if kwargs.get("opener") is not None or len(args) >= 6:
            # The opener (tempfile's, say) opens the file itself, through os.open; the
            # audit hook is told that this one open of the name is not a write of it.
            self.local.opener_path = os.fsdecode(file)
            try:
                return self.open_orig(file, mode, *args, **kwargs)
            finally:
                self.local.opener_path = None
        real = self.real(file)
        if any(c in mode for c in "wax+"):
            if "x" in mode and self.exists(real):
                raise _err(errno.EEXIST, file)
            return self.open_orig(self.copy_up(real, keep="w" not in mode and "x" not in mode),
                                  mode, *args, **kwargs)
        kind, where = self._kind(real)
        if kind == "gone":
            raise _err(errno.ENOENT, file)
        return self.open_orig(where if kind == "upper" or not self.cwd_real else file, mode, *args, **kwargs)

    def os_open(self, path, flags, mode=0o777, *, dir_fd=None):
        real = self.real(path, dir_fd)
        if flags & _WRITE_FLAGS:
            exists = self.exists(real)
            if flags & os.O_CREAT and flags & os.O_EXCL and exists:
                raise _err(errno.EEXIST, path)
            if not exists and not flags & os.O_CREAT:
                raise _err(errno.ENOENT, path)
            keep = not flags & os.O_TRUNC
            upper = self.copy_up(real, keep=keep)
            if not keep:
                flags |= os.O_CREAT  # the file exists in this view; its copy is made empty here
            return self.orig["open"](upper, flags, mode)
        kind, where = self._kind(real)
        if kind == "gone":
            raise _err(errno.ENOENT, path)
        return self.orig["open"](where, flags, mode)

    def _read(self, name: str, path, *args, dir_fd=None, **kwargs):
        if isinstance(path, int):
            return self.orig[name](path, *args, **kwargs)
        real = self.real(path, dir_fd)
        kind, where = self._kind(real)
        if kind == "gone":
            raise _err(errno.ENOENT, path)
        return self.orig[name](where, *args, **kwargs)

    def stat(self, path, *, dir_fd=None, follow_symlinks=True):
        return self._read("stat", path, dir_fd=dir_fd, follow_symlinks=follow_symlinks)

    def lstat(self, path, *, dir_fd=None):
        if isinstance(path, int):
            return self.orig["stat"](path)
        real = self.real(path, dir_fd, follow=False)
        kind, where = self.where(real)
        if kind == "gone":
            raise _err(errno.ENOENT, path)
        return self.orig["lstat"](where)

    def readlink(self, path, *, dir_fd=None):
        real = self.real(path, dir_fd, follow=False)
        kind, where = self.where(real)
        if kind == "gone":
            raise _err(errno.ENOENT, path)
        return self.orig["readlink"](where)

    def access(self, path, mode, *, dir_fd=None, effective_ids=False, follow_symlinks=True):
        try:
            return self._read("access", path, mode, dir_fd=dir_fd, effective_ids=effective_ids,
                              follow_symlinks=follow_symlinks)
        except OSError:
            return False

    def names(self, real: str) -> list[str]:
        """The folder's entries in this view: the disk's, less what is gone, plus what is new."""
        kind, where = self.where(real)
        if kind == "gone" or not _isdir(where):
            raise _err(errno.ENOTDIR if kind != "gone" and _lexists(where) else errno.ENOENT, real)
        names = set()
        if self.state.get(real) in (None, "dir") and _isdir(real):
            names.update(_O["listdir"](real))
        prefix = real.rstrip(os.sep) + os.sep
        for key, value in list(self.state.items()):
            if key.startswith(prefix) and os.sep not in key[len(prefix):]:
                (names.discard if value == "gone" else names.add)(key[len(prefix):])
        return sorted(names)

    def _touched(self, real: str) -> bool:
        prefix = real.rstrip(os.sep) + os.sep
        return real in self.state or any(k.startswith(prefix) for k in self.state) or \
            self.where(real)[0] != "lower"

    def listdir(self, path="."):
        if isinstance(path, int):
            return self.orig["listdir"](path)
        real = self.real(path)
        if not self._touched(real):
            return self.orig["listdir"](path)
        names = self.names(real)
        return [os.fsencode(n) for n in names] if isinstance(path, bytes) else names

    def scandir(self, path="."):
        if isinstance(path, int):
            return self.orig["scandir"](path)
        real = self.real(path)
        if not self._touched(real):
            return self.orig["scandir"](path)
        return _Entries(self, os.fspath(path), self.names(real))

    def unlink(self, path, *, dir_fd=None):
        real = self.real(path, dir_fd, follow=False)
        with self.lock:
            if not self.exists(real):
                raise _err(errno.ENOENT, path)
            if self.isdir(real) and not self._is_link(real):
                raise _err(errno.EISDIR, path)
            self._mark_gone(real)

    def rmdir(self, path, *, dir_fd=None):
        real = self.real(path, dir_fd)
        with self.lock:
            if not self.isdir(real):
                raise _err(errno.ENOENT if not self.exists(real) else errno.ENOTDIR, path)
            if self.names(real):
                raise _err(errno.ENOTEMPTY, path)
            self._mark_gone(real)

    def mkdir(self, path, mode=0o777, *, dir_fd=None):
        real = self.real(path, dir_fd)
        with self.lock:
            if self.exists(real):
                raise _err(errno.EEXIST, path)
            self._parent_ready(real)
            self.orig["mkdir"](self.up(real), mode)
            self.state[real] = "opaque" if self.state.get(real) == "gone" or _lexists(real) else "dir"

    def rename(self, src, dst, *, src_dir_fd=None, dst_dir_fd=None):
        old, new = self.real(src, src_dir_fd, follow=False), self.real(dst, dst_dir_fd, follow=False)
        with self.lock:
            if not self.exists(old):
                raise _err(errno.ENOENT, src)
            if old == new:
                return
            self._parent_ready(new)
            if self.exists(new):
                if self.isdir(new) and self.names(new):
                    raise _err(errno.ENOTEMPTY, dst)
                self._mark_gone(new)
            self._copy_tree(old, new)
            self._mark_gone(old)

    def _copy_tree(self, old: str, new: str) -> None:
        kind, where = self.where(old)
        if _isdir(where) and not _islink(where):
            _O["mkdir"](self.up(new))
            self.state[new] = "opaque"
            for name in self.names(old):
                self._copy_tree(os.path.join(old, name), os.path.join(new, name))
        else:
            _copy(where, self.up(new))
            self.state[new] = "file"

    def link(self, src, dst, *, src_dir_fd=None, dst_dir_fd=None, follow_symlinks=True):
        old, new = self.real(src, src_dir_fd), self.real(dst, dst_dir_fd, follow=False)
        with self.lock:
            if self.exists(new):
                raise _err(errno.EEXIST, dst)
            kind, where = self._kind(old)
            if kind == "gone" or _stat(where) is None:
                raise _err(errno.ENOENT, src)
            self._parent_ready(new)
            _copy(os.path.realpath(where) if _islink(where) else where, self.up(new))
            self.state[new] = "file"

    def symlink(self, src, dst, target_is_directory=False, *, dir_fd=None):
        new = self.real(dst, dir_fd, follow=False)
        with self.lock:
            if self.exists(new):
                raise _err(errno.EEXIST, dst)
            self._parent_ready(new)
            self.orig["symlink"](src, self.up(new))
            self.state[new] = "file"

    def _change(self, name: str, path, *args, dir_fd=None, follow_symlinks=True, **kwargs):
        if isinstance(path, int):
            return self.orig[name](path, *args, **kwargs)
        real = self.real(path, dir_fd)
        if not self.exists(real):
            raise _err(errno.ENOENT, path)
        with self.lock:
            if self.isdir(real) and self.state.get(real) is None:
                _makedirs(self.up(real))
                self.state[real] = "dir"
                target = self.up(real)
            elif self.isdir(real):
                target = self.up(real)
            else:
                target = self.copy_up(real)
        if name in ("chown", "lchown"):
            return None  # the copy's owner does not matter; ownership of the user's file is unchanged
        if name in ("truncate",):
            return self.orig[name](target, *args)
        return self.orig[name](target, *args, **kwargs)

    def chmod(self, path, mode, *, dir_fd=None, follow_symlinks=True):
        return self._change("chmod", path, mode, dir_fd=dir_fd)

    def chown(self, path, uid, gid, *, dir_fd=None, follow_symlinks=True):
        return self._change("chown", path, uid, gid, dir_fd=dir_fd)

    def lchown(self, path, uid, gid):
        return self._change("lchown", path, uid, gid)

    def utime(self, path, times=None, *, ns=None, dir_fd=None, follow_symlinks=True):
        if ns is not None:
            return self._change("utime", path, dir_fd=dir_fd, ns=ns)
        return self._change("utime", path, times, dir_fd=dir_fd)

    def truncate(self, path, length):
        return self._change("truncate", path, length)

    def setxattr(self, path, attribute, value, flags=0, *, follow_symlinks=True):
        return self._change("setxattr", path, attribute, value, flags)

    def removexattr(self, path, attribute, *, follow_symlinks=True):
        return self._change("removexattr", path, attribute)

    def chdir(self, path):
        if isinstance(path, int):
            self.orig["chdir"](path)
            real_cwd = self.orig["getcwd"]()
            self.cwd, self.cwd_real = self.logical(real_cwd), self.logical(real_cwd) == real_cwd
            return
        real = self.real(path)
        kind, where = self._kind(real)
        if kind == "gone" or not _isdir(where):
            raise _err(errno.ENOENT if kind == "gone" else errno.ENOTDIR, path)
        self.orig["chdir"](where)
        self.cwd, self.cwd_real = real, kind == "lower"

    def getcwd(self):
        return self.cwd

    def rmtree(self, path, ignore_errors=False, onerror=None, **kwargs):
        real = self.real(path, follow=False)
        try:
            if not self.isdir(real) or self._is_link(real):
                raise _err(errno.ENOTDIR if self.exists(real) else errno.ENOENT, path)
            with self.lock:
                self._mark_gone(real)
        except OSError:
            if ignore_errors:
                return
            if onerror is not None:
                onerror(os.rmdir, path, sys.exc_info())
                return
            raise

    def connect(self, original, database, *args, **kwargs):
        """A database connection to a scratch copy of the file (``sqlite3``, ``duckdb``)."""
        if not isinstance(database, (str, bytes, os.PathLike)):
            return original(database, *args, **kwargs)
        text = os.fsdecode(database)
        if text in ("", ":memory:") or text.startswith(":memory:") or text.startswith("md:"):
            return original(database, *args, **kwargs)
        if text.startswith("file:"):
            return self._connect_uri(original, text, args, kwargs)
        real = self.real(text)
        upper = self.copy_up(real)
        for suffix in ("-wal", "-journal", ".wal"):  # the rest of the database's state
            side = real + suffix
            if _lexists(side) and self.state.get(side) is None:
                _copy(side, self.up(side))
                self.state[side] = "file"
        return original(upper, *args, **kwargs)

    def _connect_uri(self, original, text: str, args: tuple, kwargs: dict):
        """A ``file:`` URI (SQLite): read-only opens read the view, others get a copy."""
        from urllib.parse import unquote

        path, _, query = text[5:].partition("?")
        options = query.split("&") if query else []
        if not path or path.startswith(":memory:") or "mode=memory" in options:
            return original(text, *args, **kwargs)
        if path.startswith("//"):
            path = path[2:] if path.startswith("///") else path[path.find("/", 2):]
        real = self.real(unquote(path))
        if "mode=ro" in options or "immutable=1" in options:
            kind, where = self.where(real)
            if kind == "gone":
                raise _err(errno.ENOENT, path)
            target = where
        else:
            target = self.connect(lambda p, *a, **k: p, real)
        return original("file:" + target + (f"?{query}" if query else ""), *args, **kwargs)

    # -- installing ----------------------------------------------------------------------
    def install(self) -> None:
        """Replace the functions (for the rest of the child's life)."""
        for name, fn in (("open", self.os_open), ("stat", self.stat), ("lstat", self.lstat),
                         ("listdir", self.listdir), ("scandir", self.scandir),
                         ("remove", self.unlink), ("unlink", self.unlink), ("rename", self.rename),
                         ("replace", self.rename), ("mkdir", self.mkdir), ("rmdir", self.rmdir),
                         ("chmod", self.chmod), ("chown", self.chown), ("lchown", self.lchown),
                         ("utime", self.utime), ("truncate", self.truncate), ("link", self.link),
                         ("symlink", self.symlink), ("readlink", self.readlink),
                         ("access", self.access), ("chdir", self.chdir), ("getcwd", self.getcwd),
                         ("setxattr", self.setxattr), ("removexattr", self.removexattr)):
            if name in self.orig:
                setattr(os, name, fn)
        builtins.open = io.open = self.open
        shutil.rmtree = self.rmtree
        self._databases()

    def _databases(self) -> None:
        """Libraries that open files with their own C code get their paths mapped here."""
        import sqlite3

        original = sqlite3.connect
        def connect(database, *args, **kwargs):
            con = self.connect(original, database, *args, **kwargs)
            try:
                con.set_authorizer(self._sqlite_authorizer)
            except (AttributeError, sqlite3.Error):
                pass
            return con

        sqlite3.connect = connect
        datasource = sys.modules.get("numpy.lib._datasource")
        openers = getattr(getattr(datasource, "_file_openers", None), "_file_openers", None)
        if isinstance(openers, dict) and openers.get(None) is _OPEN:
            openers[None] = self.open  # numpy's savetxt/loadtxt opener, taken at its import
        patches = {"duckdb": self._patch_duckdb, "pyarrow": self._patch_arrow, "pyarrow.parquet": self._patch_arrow,
                   "pyarrow.feather": self._patch_arrow, "pyarrow.csv": self._patch_arrow}
        pending = {}
        for name, patch in patches.items():
            if name in sys.modules:
                patch(sys.modules[name])
            else:
                pending[name] = patch
        if pending:
            sys.meta_path.insert(0, _PatchOnImport(pending))

    def _sqlite_authorizer(self, action, arg1, arg2, database, source):
        """SQLite opens an ATTACHed file with its own C calls: only files in this view's
        scratch copy (or in memory) may be attached."""
        import sqlite3

        if action != sqlite3.SQLITE_ATTACH or not arg1 or arg1 == ":memory:" or "mode=memory" in arg1:
            return sqlite3.SQLITE_OK
        path = arg1[5:].split("?", 1)[0] if arg1.startswith("file:") else arg1
        real = self.real(path)
        if real.startswith(self.upper_root + os.sep):
            return sqlite3.SQLITE_OK
        what = f"would attach the database {path}"
        if what not in self.refusals:
            self.refusals.append(what)
        return sqlite3.SQLITE_DENY

    def _patch_duckdb(self, duckdb) -> None:
        original = duckdb.connect
        duckdb.connect = lambda database=":memory:", *a, **k: self.connect(original, database, *a, **k)

    def _patch_arrow(self, module) -> None:
        for name, index, keyword, write in _ARROW_PATHS.get(module.__name__, ()):
            original = getattr(module, name, None)
            if callable(original):
                setattr(module, name, self._mapped(original, index, keyword, write))

    def _mapped(self, fn, index: int, keyword: str, write: bool | str):
        """``fn`` with its path argument mapped into this view (a write gets a scratch copy).

        ``write`` is True or False, or the name of a mode argument that follows the path.
        """
        def call(*args, **kwargs):
            writes = write
            if isinstance(write, str):
                mode = args[index + 1] if len(args) > index + 1 else kwargs.get(write, "r")
                writes = isinstance(mode, str) and any(c in mode for c in "wax+")
            if kwargs.get("filesystem") is None:
                if len(args) > index:
                    args = args[:index] + (self._native_path(args[index], writes),) + args[index + 1:]
                elif keyword in kwargs:
                    kwargs[keyword] = self._native_path(kwargs[keyword], writes)
            return fn(*args, **kwargs)
        call.__wrapped__ = fn
        call.__name__ = getattr(fn, "__name__", "call")
        return call

    def _native_path(self, path, write: bool):
        if not isinstance(path, (str, os.PathLike)) or "://" in os.fspath(path):
            return path
        real = self.real(path)
        if write:
            return self.copy_up(real, keep=False)
        kind, where = self.where(real)
        if kind == "gone":
            raise _err(errno.ENOENT, path)
        return where

    # -- the result ----------------------------------------------------------------------
    def written(self, cwd: str, limit: int = 50) -> list[dict]:
        """Files the code created or changed, with sizes; paths relative to ``cwd``."""
        out = []
        for real, kind in sorted(self.state.items()):
            if kind != "file" or real.endswith(("-wal", "-journal", "-shm", ".wal")):
                continue
            upper = self.up(real)
            if not _lexists(upper) or _same(real, upper):
                continue
            size = _O["lstat"](upper).st_size
            shown = os.path.relpath(real, cwd) if real.startswith(cwd.rstrip(os.sep) + os.sep) else real
            out.append({"path": shown, "bytes": size})
            if len(out) >= limit:
                break
        return out

    def removed(self, cwd: str) -> list[str]:
        return [os.path.relpath(r, cwd) if r.startswith(cwd.rstrip(os.sep) + os.sep) else r
                for r, kind in sorted(self.state.items()) if kind == "gone" and _lexists(r)]


def _same(real: str, upper: str) -> bool:
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


class _Entry:
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


class _Entries:
    def __init__(self, overlay: Overlay, folder: str, names: list[str]) -> None:
        self._items = iter([_Entry(folder, n) for n in names])

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


class _PatchOnImport:
    """A meta path finder that patches a module right after the code first imports it."""

    def __init__(self, pending: dict) -> None:
        self.pending = pending

    def find_spec(self, name, path=None, target=None):
        patch = self.pending.pop(name, None)
        if patch is None:
            return None
        for finder in sys.meta_path:
            if finder is self or not hasattr(finder, "find_spec"):
                continue
            spec = finder.find_spec(name, path, target)
            if spec is not None and spec.loader is not None:
                spec.loader = _PatchingLoader(spec.loader, patch)
                return spec
        return None


class _PatchingLoader:
    def __init__(self, loader, patch) -> None:
        self.loader, self.patch = loader, patch

    def create_module(self, spec):
        return self.loader.create_module(spec)

    def exec_module(self, module) -> None:
        self.loader.exec_module(module)
        self.patch(module)

    def __getattr__(self, name):
        return getattr(self.loader, name)


# (function, position of its path argument, its keyword, whether it writes)
_ARROW_PATHS = {
    "pyarrow": [("OSFile", 0, "path", "mode"), ("memory_map", 0, "path", "mode")],
    "pyarrow.parquet": [("write_table", 1, "where", True), ("read_table", 0, "source", False),
                        ("ParquetFile", 0, "source", False), ("read_metadata", 0, "where", False),
                        ("read_schema", 0, "where", False), ("ParquetWriter", 0, "where", True)],
    "pyarrow.feather": [("write_feather", 1, "dest", True), ("read_feather", 0, "source", False),
                        ("read_table", 0, "source", False)],
    "pyarrow.csv": [("write_csv", 1, "output_file", True), ("read_csv", 0, "input_file", False)],
}
