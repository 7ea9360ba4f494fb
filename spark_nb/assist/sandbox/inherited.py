"""The kernel's open connections and files, made unusable in a dry run's child.

A forked child shares the kernel's open file descriptions: a write on an inherited
socket reaches the database server, a commit through an inherited SQLite connection
changes the user's database. Two layers stop that:

- **Names.** Values in the namespace that hold a connection (SQLite and DuckDB
  connections, sockets, SQLAlchemy engines, HTTP sessions and other database clients,
  files open for writing) are replaced in the child's copy by a stand-in that raises
  :class:`InheritedConnection` on any use: "uses the kernel's open connection `con`; not
  run in the copy". The check is then *skipped*, not failed.
- **Descriptors.** Every other inherited descriptor is replaced before the code runs: a
  file open for reading by a private reopening of the same file at the same offset (so
  reading it does not move the kernel's offset), anything else (sockets, pipes, files
  open for writing) by a dead socket on which every read and write fails.
"""

from __future__ import annotations

import fcntl
import io
import os
import socket
import sqlite3
import stat
import sys
from typing import Any, Mapping

# Modules whose objects hold a connection to something outside the process.
_CLIENT_MODULES = (
    "sqlite3", "duckdb", "socket", "ssl", "sqlalchemy", "psycopg", "psycopg2", "pymysql",
    "MySQLdb", "mysql.connector", "pyodbc", "oracledb", "cx_Oracle", "snowflake", "redis",
    "pymongo", "motor", "clickhouse_connect", "clickhouse_driver", "elasticsearch",
    "requests.sessions", "httpx", "urllib3", "aiohttp", "http.client", "ftplib", "smtplib",
    "paramiko", "boto3", "botocore", "google.cloud", "azure", "asyncpg", "aiosqlite",
    "adbc_driver_manager", "trino", "pyhive", "databricks", "teradatasql", "ibis", "zmq",
)
_SKIP_TYPES = (type, type(os), type(len))


class InheritedConnection(RuntimeError):
    """The code used a connection or file the kernel holds open."""

    def __init__(self, name: str, kind: str) -> None:
        what = "open file" if kind == "file" else "open connection"
        super().__init__(f"uses the kernel's {what} `{name}`; not run in the copy")
        self.name = name


class Withheld:
    """Stands in the child's namespace for a connection of the kernel's."""

    __slots__ = ("_spark_name", "_spark_type", "_spark_kind", "_spark_uses")

    def __init__(self, name: str, value: Any, kind: str, uses: list[str]) -> None:
        object.__setattr__(self, "_spark_name", name)
        object.__setattr__(self, "_spark_type", type(value))
        object.__setattr__(self, "_spark_kind", kind)
        object.__setattr__(self, "_spark_uses", uses)

    def _spark_refuse(self, *args: Any, **kwargs: Any):
        name = object.__getattribute__(self, "_spark_name")
        uses = object.__getattribute__(self, "_spark_uses")
        if name not in uses:
            uses.append(name)
        raise InheritedConnection(name, object.__getattribute__(self, "_spark_kind"))

    @property
    def __class__(self):  # isinstance() sees the real type, so libraries take their usual path
        return object.__getattribute__(self, "_spark_type")

    def __getattr__(self, attr: str):
        self._spark_refuse()

    def __setattr__(self, attr: str, value: Any) -> None:
        self._spark_refuse()

    def __repr__(self) -> str:
        kind = object.__getattribute__(self, "_spark_type").__name__
        return f"<the kernel's {kind} `{object.__getattribute__(self, '_spark_name')}`, withheld from the dry run>"

    __call__ = __iter__ = __next__ = __enter__ = __exit__ = __getitem__ = __setitem__ = _spark_refuse
    __len__ = __bool__ = __contains__ = __aenter__ = __aexit__ = __await__ = _spark_refuse


def connection_kind(value: Any) -> str | None:
    """"connection" or "file" when ``value`` holds something outside the process, else None.

    A SQLite connection whose databases are all in memory holds nothing outside the
    process: the child's copy of it is the child's own, so it stays usable.
    """
    if isinstance(value, _SKIP_TYPES):
        return None
    if isinstance(value, sqlite3.Connection) and _in_memory(value):
        return None
    if isinstance(value, io.IOBase):
        if value in (sys.stdin, sys.stdout, sys.stderr, sys.__stdout__, sys.__stderr__):
            return None
        try:
            if value.closed or not value.writable():
                return None
            value.fileno()  # in-memory streams (StringIO, BytesIO) have none and stay usable
            return "file"
        except (OSError, ValueError):
            return None
        except Exception:  # noqa: BLE001 - an odd stream: keep it out of the copy
            return "file"
    module = getattr(type(value), "__module__", "") or ""
    if any(module == m or module.startswith(m + ".") or module.startswith("_" + m) for m in _CLIENT_MODULES):
        return "connection"
    return None


def _in_memory(con: sqlite3.Connection) -> bool:
    try:  # lists the attached databases without reading any of them
        return all(not row[2] for row in con.execute("PRAGMA database_list").fetchall())
    except Exception:  # noqa: BLE001 - closed, busy or another thread's: keep it out of the copy
        return False


def withhold(namespace: Mapping[str, Any], uses: list[str]) -> dict[str, Any]:
    """A copy of ``namespace`` with the kernel's connections replaced by stand-ins."""
    out = dict(namespace)
    for name, value in namespace.items():
        try:
            kind = connection_kind(value)
        except Exception:  # noqa: BLE001 - an object whose type cannot be read is left as it is
            kind = None
        if kind is not None:
            out[name] = Withheld(name, value, kind, uses)
    return out


def sweep_descriptors(keep: set[int]) -> dict[str, int]:
    """Replace every inherited descriptor but ``keep``; counts of what was done."""
    dead = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    dead_fd = dead.detach()
    counts = {"reopened": 0, "closed_off": 0}
    for fd in _open_descriptors():
        if fd in keep or fd == dead_fd:
            continue
        try:
            st = os.fstat(fd)
            flags = fcntl.fcntl(fd, fcntl.F_GETFL)
        except OSError:
            continue
        if stat.S_ISDIR(st.st_mode):
            continue  # a folder's descriptor cannot write
        if stat.S_ISREG(st.st_mode) and flags & os.O_ACCMODE == os.O_RDONLY and _reopen(fd):
            counts["reopened"] += 1
            continue
        try:
            os.dup2(dead_fd, fd, inheritable=False)
            counts["closed_off"] += 1
        except OSError:
            os.close(fd)
    os.close(dead_fd)
    return counts


def _reopen(fd: int) -> bool:
    """Give ``fd`` a file description of its own: same file, same offset."""
    path = f"/proc/self/fd/{fd}"
    if not os.path.exists("/proc/self/fd"):
        get_path = getattr(fcntl, "F_GETPATH", None)
        if get_path is None:
            return False
        try:
            path = fcntl.fcntl(fd, get_path, b"\0" * 1024).rstrip(b"\0").decode()
        except OSError:
            return False
    try:
        offset = os.lseek(fd, 0, os.SEEK_CUR)
        fresh = os.open(path, os.O_RDONLY | os.O_CLOEXEC)
    except OSError:
        return False
    try:
        os.lseek(fresh, offset, os.SEEK_SET)
        os.dup2(fresh, fd, inheritable=False)
    finally:
        os.close(fresh)
    return True


def _open_descriptors() -> list[int]:
    for folder in ("/proc/self/fd", "/dev/fd"):
        try:
            return sorted(int(n) for n in os.listdir(folder) if n.isdigit())
        except OSError:
            continue
    import resource

    limit = min(resource.getrlimit(resource.RLIMIT_NOFILE)[0], 4096)
    return [fd for fd in range(limit) if _is_open(fd)]


def _is_open(fd: int) -> bool:
    try:
        os.fstat(fd)
        return True
    except OSError:
        return False
