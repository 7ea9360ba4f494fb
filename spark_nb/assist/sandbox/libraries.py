"""Libraries that open files with their own code, given paths in the copy-on-write view.

SQLite and DuckDB open database files in C, pyarrow in C++, and a few standard modules
(``tarfile``, ``bz2``) and numpy keep a reference to ``open`` taken at import. Each gets
the path of the file in this view: a database is copied into the scratch folder and the
copy opened, a pyarrow write gets a scratch copy, a read the file this view has. A
module the code imports later is patched right after its import.
"""

from __future__ import annotations

import errno
import os
import sys

from spark_nb.assist.sandbox.disk import _OPEN, _copy, _err, _lexists

# Modules that keep their own reference to open(), taken when they were imported.
_OPEN_ALIASES = {"tarfile": "bltn_open", "bz2": "_builtin_open"}


class LibraryPaths:
    """The part of :class:`~spark_nb.assist.sandbox.overlay.Overlay` that patches libraries."""

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

    def patch_libraries(self) -> None:
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
        patches = {name: self._patch_open_alias for name in _OPEN_ALIASES}
        patches.update({"duckdb": self._patch_duckdb, "pyarrow": self._patch_arrow, "pyarrow.parquet": self._patch_arrow,
                   "pyarrow.feather": self._patch_arrow, "pyarrow.csv": self._patch_arrow})
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

    def _patch_open_alias(self, module) -> None:
        name = _OPEN_ALIASES[module.__name__]
        if getattr(module, name, None) is _OPEN:
            setattr(module, name, self.open)

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
