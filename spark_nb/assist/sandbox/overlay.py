"""Copy-on-write files for a dry run's child: reads see the disk, writes go to scratch.

Every path a write touches is mapped to the same path under ``<scratch>/fs``; the first
write to an existing file copies it there first (``a``, ``r+``, ``chmod`` keep its
content), a deletion is remembered as gone, and every later read, listing and ``stat``
of that path sees the scratch copy or its absence. So ``df.to_csv("out.csv");
pd.read_csv("out.csv")`` works in one cell and the real ``out.csv`` is never touched.

The layer replaces the functions everything else in Python writes through: ``open``
(builtins and ``io``), and in ``os`` ``open``, ``stat``/``lstat``, ``listdir``/``scandir``,
``remove``/``unlink``, ``rename``/``replace``, ``mkdir``/``rmdir``, ``chmod``/``chown``,
``utime``, ``truncate``, ``link``/``symlink``/``readlink``, ``mkfifo``/``mknod``, ``access``,
``chdir``/``getcwd`` and the xattr calls; and ``shutil.rmtree``. Libraries that open files
with their own code (SQLite, DuckDB, pyarrow) are given paths in this view by
``libraries.py``; the functions the layer itself uses are in ``disk.py``. ``pathlib``,
``shutil``, ``tempfile``,
pandas, numpy, matplotlib and pickle all write through these. What a C library writes
with its own calls is not seen here: the audit hook refuses what CPython audits, and on
Linux the read-only mounts refuse the rest.
"""

from __future__ import annotations

import builtins
import errno
import io
import os
import shutil
import sys
import threading
from typing import Any

from spark_nb.assist.sandbox.disk import (_O, _OPEN, _WRITE_FLAGS, Entries, _copy, _err, _isdir,
                                          _islink, _lexists, _makedirs, _rmtree, _stat, same)
from spark_nb.assist.sandbox.libraries import LibraryPaths


class Overlay(LibraryPaths):
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
        return Entries(os.fspath(path), self.names(real))

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
            # A descriptor of a file on the disk (opened for reading): change its copy instead.
            target = self._fd_path(path)
            if target is None or not target.startswith(os.sep) or \
                    target.startswith(self.upper_root + os.sep) or name == "truncate":
                return self.orig[name](path, *args, **kwargs)
            path = target
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

    def mkfifo(self, path, mode=0o666, *, dir_fd=None):
        return self._make("mkfifo", path, mode, dir_fd=dir_fd)

    def mknod(self, path, mode=0o600, device=0, *, dir_fd=None):
        return self._make("mknod", path, mode, device, dir_fd=dir_fd)

    def _make(self, name: str, path, *args, dir_fd=None):
        new = self.real(path, dir_fd, follow=False)
        with self.lock:
            if self.exists(new):
                raise _err(errno.EEXIST, path)
            self._parent_ready(new)
            self.orig[name](self.up(new), *args)
            self.state[new] = "file"

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
                         ("setxattr", self.setxattr), ("removexattr", self.removexattr),
                         ("mkfifo", self.mkfifo), ("mknod", self.mknod)):
            if name in self.orig:
                setattr(os, name, fn)
        builtins.open = io.open = self.open
        shutil.rmtree = self.rmtree
        self.patch_libraries()


    def written(self, cwd: str, limit: int = 500) -> list[dict]:
        """Files the code created or changed, with sizes; paths relative to ``cwd``."""
        out = []
        for real, kind in sorted(self.state.items()):
            if kind != "file" or real.endswith(("-wal", "-journal", "-shm", ".wal")):
                continue
            upper = self.up(real)
            if not _lexists(upper) or same(real, upper):
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
