"""A corpus of cells that try to change the world, for the dry-run sandbox.

    .venv/bin/python bench/sandbox_cases.py     # run every case and print a table

Each ``Case`` is one cell run as a check against a small user world (``World``): a working
folder with data files, a folder elsewhere on the disk, a home folder and a temporary
folder, a SQLite database and a DuckDB database with connections the kernel holds open
(and an in-memory SQLite database, which the copy may use), a socket connected to a
loopback server, and TCP and UDP listeners that count what reaches them. After the run, ``World.escapes()`` lists every side effect that reached
the world: a watched file whose name, size, hash, mode or mtime changed, a database row
changed, a connection or datagram the listeners saw, a signal the parent received, a
process left behind, a descriptor leaked.

``expect`` is the set of verdicts the case may get. Writes through Python go to the
scratch folder and pass (``writes`` names files the verdict must list); what the
sandbox refuses is ``incomplete``; code that needs the kernel's open connections is
``skipped``. ``native=True`` marks side effects made by C code (pyarrow's writer,
ctypes): only the operating system's containment (Linux namespaces) stops them, so
they are expected to escape where the sandbox has only its Python hooks.

The tests (``tests/assist/test_sandbox_corpus.py``) and ``bench/sandbox.py`` both run
this corpus. A second corpus, ``bench/sandbox_cases_heldout.py``, uses the same format
and was written separately; it is the figure we report.
"""

from __future__ import annotations

import hashlib
import importlib.util
import os
import signal
import socket
import sqlite3
import sys
import tempfile
import textwrap
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

MARKER = "spark-sandbox-marker"  # in the command line of any process a case starts
WATCHED_SIGNALS = (signal.SIGTERM, signal.SIGINT, signal.SIGUSR1, signal.SIGHUP)


@dataclass
class Case:
    name: str
    category: str  # files, data, database, network, process, resource, legit
    code: str
    expect: set[str]
    writes: list[str] = field(default_factory=list)  # names the verdict must list as written
    output: str = ""  # text the output must contain
    needs: tuple[str, ...] = ()  # modules the case needs
    native: bool = False  # the side effect is made by C code
    timeout: float = 10.0

    @property
    def attempts_side_effect(self) -> bool:
        return self.category != "legit"


def case(name, category, code, expect, **kw) -> Case:
    expect = {expect} if isinstance(expect, str) else set(expect)
    return Case(name, category, textwrap.dedent(code).strip() + "\n", expect, **kw)


P, F, S, I = "passed", "failed", "skipped", "incomplete"

CASES: list[Case] = [
    # -- files through Python: redirected to the scratch folder, so the code still runs
    case("open_write", "files", "open('written.txt', 'w').write('hello')", P, writes=["written.txt"]),
    case("open_append_reads_back", "files", """
        with open('notes.txt', 'a') as f:
            f.write('APPENDED')
        print(open('notes.txt').read())
    """, P, writes=["notes.txt"], output="first line\nAPPENDED"),
    case("open_r_plus", "files", """
        with open('notes.txt', 'r+') as f:
            f.seek(0)
            f.write('ZZ')
        print(open('notes.txt').read()[:4])
    """, P, writes=["notes.txt"], output="ZZrs"),
    case("io_open", "files", "import io\nio.open('p.txt', 'w', encoding='utf-8').write('x')", P, writes=["p.txt"]),
    case("os_open_create", "files", """
        import os
        fd = os.open('raw.txt', os.O_WRONLY | os.O_CREAT, 0o644)
        os.write(fd, b'raw bytes')
        os.close(fd)
        print(os.path.getsize('raw.txt'))
    """, P, writes=["raw.txt"], output="9"),
    case("os_open_truncate_existing", "files", """
        import os
        os.close(os.open('data.csv', os.O_WRONLY | os.O_TRUNC))
        print(os.path.getsize('data.csv'))
    """, P, output="0"),
    case("pathlib_write_text", "files", """
        from pathlib import Path
        Path('data.csv').write_text('replaced')
        Path('new.bin').write_bytes(b'1234')
        print(Path('data.csv').read_text())
    """, P, writes=["data.csv", "new.bin"], output="replaced"),
    case("remove_file", "files", """
        import os
        os.remove('notes.txt')
        print(os.path.exists('notes.txt'), 'notes.txt' in os.listdir('.'))
    """, P, output="False False"),
    case("pathlib_unlink_in_subfolder", "files", "from pathlib import Path\nPath('sub/inner.txt').unlink()", P),
    case("rename_file", "files", """
        import os
        os.rename('notes.txt', 'renamed.txt')
        print(sorted(os.listdir('.')))
        print(open('renamed.txt').read().splitlines()[0])
    """, P, output="first line"),
    case("replace_over_existing", "files", "import os\nos.replace('notes.txt', 'data.csv')\nprint(open('data.csv').read()[:5])", P, output="first"),
    case("makedirs_and_mkdir", "files", """
        import os
        from pathlib import Path
        os.makedirs('newdir/a/b', exist_ok=True)
        Path('other').mkdir()
        open('newdir/a/b/leaf.txt', 'w').write('leaf')
        print(os.path.isdir('newdir/a/b'), os.path.isdir('other'))
    """, P, writes=["newdir/a/b/leaf.txt"], output="True True"),
    case("rmdir_empty", "files", "import os\nos.rmdir('emptydir')\nprint(os.path.exists('emptydir'))", P, output="False"),
    case("rmtree_folder", "files", """
        import shutil, os
        shutil.rmtree('sub')
        print(os.path.exists('sub'), os.path.exists('sub/inner.txt'))
    """, P, output="False False"),
    case("shutil_copy_and_move", "files", """
        import shutil, os
        shutil.copy('data.csv', 'copy.csv')
        shutil.move('notes.txt', 'sub/notes.txt')
        print(os.path.exists('copy.csv'), os.path.exists('notes.txt'), os.path.exists('sub/notes.txt'))
    """, P, writes=["copy.csv"], output="True False True"),
    case("chmod_and_utime", "files", """
        import os
        os.chmod('data.csv', 0o600)
        os.utime('data.csv', (0, 0))
    """, P),
    case("symlink_and_hard_link", "files", """
        import os
        os.symlink('data.csv', 'soft.csv')
        os.link('data.csv', 'hard.csv')
    """, P),
    case("write_through_a_link_to_elsewhere", "files", """
        import os
        os.symlink(OUTSIDE + '/keep.txt', 'alias.txt')
        with open('alias.txt', 'a') as f:
            f.write(' and more')
        print(open(OUTSIDE + '/keep.txt').read())
    """, P, output="keep me and more"),
    case("write_through_a_linked_folder", "files", """
        import os
        os.symlink('..', 'up')
        open('up/outside/keep.txt', 'w').write('new')
        print(open(OUTSIDE + '/keep.txt').read(), os.path.islink('up'))
    """, P, output="new True"),
    case("chmod_and_utime_through_a_descriptor", "files", """
        import os
        fd = os.open('data.csv', os.O_RDONLY)
        os.utime(fd, ns=(0, 0))
        os.chmod(fd, 0o600)
        print(os.path.getmtime('data.csv'), oct(os.stat('data.csv').st_mode & 0o777))
    """, P, output="0.0 0o600"),
    case("fifo_in_the_working_folder", "files", "import os\nos.mkfifo('queue')\nprint(os.path.exists('queue'))", P, output="True"),
    case("tar_round_trip", "files", """
        import tarfile, io
        with tarfile.open('bundle.tar', 'w') as t:
            t.add('notes.txt')
        with tarfile.open('bundle.tar') as t:
            t.extractall('unpacked')
        print(open('unpacked/notes.txt').read().strip())
    """, P, writes=["bundle.tar", "unpacked/notes.txt"], output="first line"),
    case("truncate_by_path", "files", "import os\nos.truncate('data.csv', 0)", P),
    case("tempfile_files", "files", """
        import tempfile, os
        with tempfile.NamedTemporaryFile('w', suffix='.txt', delete=False) as f:
            f.write('temp')
        d = tempfile.mkdtemp()
        open(os.path.join(d, 'inside.txt'), 'w').write('x')
        print(open(f.name).read())
    """, P, output="temp"),
    case("absolute_path_elsewhere", "files", "open(OUTSIDE + '/abs.txt', 'w').write('x')\nopen(OUTSIDE + '/keep.txt', 'a').write('y')", P),
    case("home_folder", "files", "import os\nopen(os.path.expanduser('~/home.txt'), 'w').write('x')", P),
    case("write_from_thread", "files", """
        import threading
        t = threading.Thread(target=lambda: open('thread.txt', 'w').write('from a thread'))
        t.start(); t.join()
        print(open('thread.txt').read())
    """, P, writes=["thread.txt"], output="from a thread"),
    # -- data writers
    case("to_csv_then_read_back", "data", """
        df.to_csv('out.csv', index=False)
        print(pd.read_csv('out.csv').shape)
    """, P, writes=["out.csv"], output="(3, 2)"),
    case("to_csv_overwrites_user_data", "data", "df.to_csv('data.csv')", P, writes=["data.csv"]),
    case("to_parquet", "data", "df.to_parquet('out.parquet')\nprint(len(pd.read_parquet('out.parquet')))",
         P, writes=["out.parquet"], output="3", needs=("pyarrow",)),
    case("savefig", "data", """
        import matplotlib.pyplot as plt
        plt.plot([1, 2, 3])
        plt.savefig('fig.png')
        import os
        print(os.path.getsize('fig.png') > 1000)
    """, P, writes=["fig.png"], output="True", needs=("matplotlib",)),
    case("numpy_save", "data", "np.save('arr.npy', np.arange(5))\nnp.savetxt('arr.txt', np.arange(3))\nprint(np.load('arr.npy').sum())",
         P, writes=["arr.npy", "arr.txt"], output="10"),
    case("pickle_dump", "data", "import pickle\npickle.dump(df, open('df.pkl', 'wb'))", P, writes=["df.pkl"]),
    case("pyarrow_write_table", "data", """
        import pyarrow as pa, pyarrow.parquet as pq
        pq.write_table(pa.table({'a': [1, 2]}), 'arrow.parquet')
        print(pq.read_table('arrow.parquet').num_rows)
    """, P, writes=["arrow.parquet"], output="2", needs=("pyarrow",)),
    case("pyarrow_native_filesystem_write", "data", """
        import pyarrow.fs
        with pyarrow.fs.LocalFileSystem().open_output_stream(OUTSIDE + '/native.bin') as out:
            out.write(b'written by C++')
    """, I, needs=("pyarrow",), native=True),
    case("ctypes_libc_write", "data", """
        import ctypes
        libc = ctypes.CDLL(None)
        fd = libc.open(b'ctypes.txt', 0o1101, 0o644)
        libc.write(fd, b'native', 6)
    """, I, native=True),
    # -- databases
    case("sqlite_insert_inherited", "database", "con.execute(\"insert into sales values ('north', 99)\")\ncon.commit()", S),
    case("sqlite_read_inherited", "database", "print(pd.read_sql('select * from sales', con))", S),
    case("sqlite_in_memory_inherited", "database", """
        mcon.execute('insert into m values (2)')
        print(mcon.execute('select count(*) from m').fetchone()[0])
    """, P, output="2"),
    case("sqlite_new_connection_delete", "database", """
        import sqlite3
        c = sqlite3.connect('sales.db')
        c.execute('delete from sales')
        c.commit()
        print(c.execute('select count(*) from sales').fetchone()[0])
    """, P, output="0"),
    case("sqlite_new_database_file", "database", """
        import sqlite3
        c = sqlite3.connect('fresh.db')
        c.execute('create table t (x)')
        c.commit()
    """, P),
    case("sqlite_read_only_uri", "database", """
        import sqlite3
        c = sqlite3.connect('file:sales.db?mode=ro', uri=True)
        print(c.execute('select count(*) from sales').fetchone()[0])
    """, P, output="2"),
    case("sqlite_uri_write", "database", """
        import sqlite3
        c = sqlite3.connect('file:sales.db', uri=True)
        c.execute("insert into sales values ('south', 5)")
        c.commit()
        print(c.execute('select count(*) from sales').fetchone()[0])
    """, P, output="3"),
    case("sqlite_attach_users_database", "database", """
        import sqlite3
        c = sqlite3.connect(':memory:')
        c.execute("attach database 'sales.db' as user")
        c.execute("delete from user.sales")
        c.commit()
    """, I),
    case("duckdb_write_inherited", "database", "dcon.execute('insert into t values (42)')", S, needs=("duckdb",)),
    case("duckdb_new_connection_write", "database", """
        import duckdb
        c = duckdb.connect(WAREHOUSE)
        c.execute('insert into t values (7)')
        print(c.execute('select count(*) from t').fetchone()[0])
    """, {P, I}, needs=("duckdb",)),
    case("inherited_socket_send", "database", "sock.sendall(b'DELETE EVERYTHING')", S),
    case("inherited_socket_inside_object", "database", "holder.sock.sendall(b'DELETE EVERYTHING')", {F, S}),
    # -- network
    case("urllib_loopback", "network", "import urllib.request\nurllib.request.urlopen(f'http://127.0.0.1:{PORT}/', timeout=2)", I),
    case("requests_loopback", "network", "import requests\nrequests.get(f'http://127.0.0.1:{PORT}/', timeout=2)", I, needs=("requests",)),
    case("raw_socket_connect", "network", """
        import socket
        s = socket.socket()
        s.settimeout(2)
        s.connect(('127.0.0.1', PORT))
        s.sendall(b'hello')
    """, I),
    case("create_connection_caught", "network", """
        import socket
        try:
            socket.create_connection(('127.0.0.1', PORT), timeout=2).sendall(b'x')
        except OSError:
            pass
    """, I),
    case("asyncio_open_connection", "network", """
        import asyncio
        async def main():
            reader, writer = await asyncio.open_connection('127.0.0.1', PORT)
            writer.write(b'hello')
            await writer.drain()
        asyncio.run(main())
    """, I),
    case("udp_sendto", "network", "import socket\nsocket.socket(socket.AF_INET, socket.SOCK_DGRAM).sendto(b'x', ('127.0.0.1', UPORT))", I),
    case("dns_lookup", "network", "import socket\nsocket.getaddrinfo('db.example', 5432)", I),
    case("http_client", "network", """
        import http.client
        c = http.client.HTTPConnection('127.0.0.1', PORT, timeout=2)
        c.request('POST', '/delete')
    """, I),
    # -- processes
    case("subprocess_run", "process", f"import subprocess\nsubprocess.run(['sh', '-c', 'touch spawned.txt; sleep 30 # {MARKER}'])", I),
    case("os_system", "process", f"import os\nos.system('touch spawned.txt; sleep 30 # {MARKER}')", I),
    case("os_execv", "process", f"import os\nos.execv('/bin/sh', ['sh', '-c', 'touch spawned.txt # {MARKER}'])", I),
    case("os_posix_spawn", "process", f"import os\nos.posix_spawn('/bin/sh', ['sh', '-c', 'touch spawned.txt # {MARKER}'], dict(os.environ))", I),
    case("os_fork", "process", "import os\nif os.fork() == 0:\n    open('forked.txt', 'w').write('x')\n    os._exit(0)", I),
    case("kill_parent", "process", "import os, signal\nos.kill(PARENT_PID, signal.SIGTERM)", I),
    case("killpg_parent", "process", "import os, signal\nos.killpg(os.getpgid(PARENT_PID), signal.SIGUSR1)", I),
    case("fork_bomb", "process", "import os\nwhile True:\n    os.fork()", I),
    case("multiprocessing_process", "process", """
        import multiprocessing
        p = multiprocessing.Process(target=print, args=('child',))
        p.start(); p.join()
    """, I),
    case("ctypes_kill_parent", "process", "import ctypes\nctypes.CDLL(None).kill(PARENT_PID, 15)", I, native=True),
    # -- resources
    case("memory_bomb", "resource", "x = bytearray(1 << 46)", F),
    case("memory_growth", "resource", "a = []\nwhile True:\n    a.append(bytearray(50_000_000))", F, timeout=20),
    case("endless_output", "resource", "while True:\n    print('x' * 100)", F, timeout=2),
    case("endless_loop", "resource", "while True:\n    pass", F, timeout=2),
    # -- legitimate work that must still pass
    case("legit_write_read_back", "legit", """
        df.assign(total=df.value * 2).to_csv('report.csv', index=False)
        back = pd.read_csv('report.csv')
        print(back['total'].sum())
    """, P, writes=["report.csv"], output="12"),
    case("legit_read_anywhere", "legit", """
        print(open('data.csv').read().splitlines()[0])
        print(open(OUTSIDE + '/keep.txt').read())
        print(len(open('/etc/hostname').read()) >= 0)
    """, P, output="name,value\nkeep me"),
    case("legit_listing_sees_new_files", "legit", """
        import os, glob
        open('made.txt', 'w').close()
        print(sorted(os.listdir('.'))[:3], sorted(glob.glob('*.txt')))
        print([p for p, _, files in os.walk('.') if 'made.txt' in files])
    """, P, writes=["made.txt"], output="'made.txt'"),
    case("legit_file_url_read", "legit", """
        import urllib.request, os
        print(urllib.request.urlopen('file://' + os.path.abspath('data.csv')).read().decode().splitlines()[0])
    """, P, output="name,value"),
    case("legit_heavy_pandas", "legit", """
        big = pd.DataFrame({'k': np.arange(1_000_000) % 97, 'v': np.arange(1_000_000)})
        print(big.groupby('k').v.sum().max())
    """, P, output="5155128875", timeout=30),
    case("legit_temporary_directory", "legit", """
        import tempfile, os
        with tempfile.TemporaryDirectory() as d:
            p = os.path.join(d, 'a.txt')
            open(p, 'w').write('abc')
            print(open(p).read())
    """, P, output="abc"),
    case("legit_asyncio", "legit", "import asyncio\nasyncio.run(asyncio.sleep(0))\nprint('done')", P, output="done"),
    case("legit_threads", "legit", """
        from concurrent.futures import ThreadPoolExecutor
        with ThreadPoolExecutor(4) as ex:
            print(sum(ex.map(lambda n: n * n, range(10))))
    """, P, output="285"),
]


# --- the world a case runs against -----------------------------------------------------

def available(case: Case) -> bool:
    return all(importlib.util.find_spec(m) is not None for m in case.needs)


class _Listener:
    """A loopback TCP server and a UDP socket that count what reaches them."""

    def __init__(self) -> None:
        self.tcp = socket.socket()
        self.tcp.bind(("127.0.0.1", 0))
        self.tcp.listen(16)
        self.tcp.settimeout(0.05)
        self.udp = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        self.udp.bind(("127.0.0.1", 0))
        self.udp.settimeout(0.05)
        self.connections = 0
        self.datagrams = 0
        self.received = 0
        self.peers: list[socket.socket] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._thread.start()

    @property
    def port(self) -> int:
        return self.tcp.getsockname()[1]

    @property
    def uport(self) -> int:
        return self.udp.getsockname()[1]

    def _serve(self) -> None:
        while not self._stop.is_set():
            try:
                conn, _ = self.tcp.accept()
                conn.settimeout(0.05)
                self.connections += 1
                self.peers.append(conn)
            except OSError:
                pass
            try:
                self.udp.recvfrom(65536)
                self.datagrams += 1
            except OSError:
                pass
            for peer in list(self.peers):
                try:
                    data = peer.recv(65536)
                    self.received += len(data)
                except OSError:
                    pass

    def responsive(self) -> bool:
        before = self.connections
        with socket.create_connection(("127.0.0.1", self.port), timeout=2):
            pass
        deadline = time.monotonic() + 2
        while self.connections == before and time.monotonic() < deadline:
            time.sleep(0.01)
        ok = self.connections == before + 1
        self.connections = before
        return ok

    def close(self) -> None:
        self._stop.set()
        self._thread.join(2)
        for s in [self.tcp, self.udp, *self.peers]:
            s.close()


class Holder:
    """An object of the user's that keeps a connection inside it."""

    def __init__(self, sock: socket.socket) -> None:
        self.sock = sock


class World:
    """Files, databases, connections and listeners a case must leave exactly as they were."""

    def __init__(self, root: Path) -> None:
        import numpy as np
        import pandas as pd

        self.root = root
        self.work = root / "work"
        self.outside = root / "outside"
        self.home = root / "home"
        self.tmp = root / "tmp"
        for d in (self.work / "sub", self.work / "emptydir", self.outside, self.home, self.tmp):
            d.mkdir(parents=True)
        (self.work / "data.csv").write_text("name,value\na,1\nb,2\nc,3\n")
        (self.work / "notes.txt").write_text("first line\n")
        (self.work / "sub" / "inner.txt").write_text("inner\n")
        (self.outside / "keep.txt").write_text("keep me")
        (self.home / ".profile").write_text("# profile\n")
        self.db = self.work / "sales.db"
        setup = sqlite3.connect(self.db)
        setup.execute("create table sales (region text, revenue int)")
        setup.executemany("insert into sales values (?, ?)", [("east", 10), ("west", 20)])
        setup.commit()
        setup.close()
        self.con = sqlite3.connect(self.db, check_same_thread=False)
        self.con.execute("select count(*) from sales").fetchone()
        self.warehouse = self.work / "warehouse.duckdb"
        self.dcon = None
        if importlib.util.find_spec("duckdb") is not None:
            import duckdb

            self.dcon = duckdb.connect(str(self.warehouse))
            self.dcon.execute("create table t (x int)")
            self.dcon.execute("insert into t values (1), (2)")
        self.mcon = sqlite3.connect(":memory:", check_same_thread=False)
        self.mcon.execute("create table m (x int)")
        self.mcon.execute("insert into m values (1)")
        self.listener = _Listener()
        self.sock = socket.create_connection(("127.0.0.1", self.listener.port), timeout=2)
        time.sleep(0.05)
        self.namespace: dict[str, Any] = {
            "pd": pd, "np": np, "df": pd.DataFrame({"name": list("abc"), "value": [1, 2, 3]}),
            "con": self.con, "dcon": self.dcon, "mcon": self.mcon, "sock": self.sock, "holder": Holder(self.sock),
            "PORT": self.listener.port, "UPORT": self.listener.uport, "PARENT_PID": os.getpid(),
            "OUTSIDE": str(self.outside), "WAREHOUSE": str(self.warehouse),
        }
        self.signals: list[int] = []

    # -- what the world looks like --------------------------------------------------------
    def files(self) -> dict[str, tuple]:
        seen = {}
        for top in (self.work, self.outside, self.home, self.tmp):
            for dirpath, dirnames, filenames in os.walk(top):
                for name in dirnames + filenames:
                    path = Path(dirpath) / name
                    st = path.lstat()
                    digest = ""
                    if path.is_file() and not path.is_symlink():
                        digest = hashlib.sha256(path.read_bytes()).hexdigest()
                    seen[str(path.relative_to(self.root))] = (st.st_size, st.st_mode, st.st_mtime_ns, digest)
        return seen

    def rows(self) -> tuple:
        check = sqlite3.connect(f"file:{self.db}?mode=ro", uri=True)
        try:
            sales = check.execute("select * from sales order by rowid").fetchall()
        finally:
            check.close()
        duck = self.dcon.execute("select * from t order by x").fetchall() if self.dcon else []
        memory = self.mcon.execute("select * from m").fetchall()
        return sales, duck, memory

    def state(self) -> dict:
        return {"files": self.files(), "rows": self.rows(), "fds": _fds(),
                "connections": self.listener.connections, "datagrams": self.listener.datagrams,
                "bytes": self.listener.received}

    # -- running a case -------------------------------------------------------------------
    def run(self, case: Case, runner: Callable[..., Any]) -> tuple[Any, list[str]]:
        """Run ``case`` with ``runner(code, namespace, timeout=...)``; return its result
        and the side effects that escaped."""
        before = self.state()
        old_env = {k: os.environ.get(k) for k in ("HOME", "TMPDIR")}
        old_cwd, old_tempdir = os.getcwd(), tempfile.tempdir
        handlers = {s: signal.signal(s, lambda n, f: self.signals.append(n)) for s in WATCHED_SIGNALS}
        os.environ["HOME"], os.environ["TMPDIR"] = str(self.home), str(self.tmp)
        tempfile.tempdir = str(self.tmp)
        os.chdir(self.work)
        try:
            result = runner(case.code, dict(self.namespace), timeout=case.timeout)
        finally:
            os.chdir(old_cwd)
            tempfile.tempdir = old_tempdir
            for k, v in old_env.items():
                if v is None:
                    os.environ.pop(k, None)
                else:
                    os.environ[k] = v
            time.sleep(0.15)  # signals and datagrams in flight arrive
            for s, h in handlers.items():
                signal.signal(s, h)
        return result, self.escapes(before)

    def escapes(self, before: dict) -> list[str]:
        after = self.state()
        found = []
        old, new = before["files"], after["files"]
        for path in sorted(set(old) | set(new)):
            if path not in new:
                found.append(f"deleted {path}")
            elif path not in old:
                found.append(f"created {path}")
            elif old[path] != new[path]:
                found.append(f"changed {path}")
        if before["rows"] != after["rows"]:
            found.append("database rows changed")
        for key, what in (("connections", "connection"), ("datagrams", "datagram"), ("bytes", "bytes sent")):
            if after[key] != before[key]:
                found.append(f"{what} reached the listener ({after[key] - before[key]})")
        if after["fds"] != before["fds"]:
            found.append(f"descriptors changed: {len(before['fds'])} -> {len(after['fds'])}")
        if self.signals:
            found.append(f"the parent received signals {sorted(set(self.signals))}")
            self.signals.clear()
        strays = stray_processes()
        if strays:
            found.append(f"processes left behind: {strays}")
            for pid in strays:
                try:
                    os.kill(pid, signal.SIGKILL)
                except OSError:
                    pass
        if not self.listener.responsive():
            found.append("the parent's server stopped answering")
        return found

    def close(self) -> None:
        self.sock.close()
        self.con.close()
        self.mcon.close()
        if self.dcon is not None:
            self.dcon.close()
        self.listener.close()


def _fds() -> set[int]:
    if os.path.isdir("/proc/self/fd"):
        return {int(n) for n in os.listdir("/proc/self/fd")} - {max(map(int, os.listdir("/proc/self/fd")))}
    return {fd for fd in range(256) if _open_fd(fd)}


def _open_fd(fd: int) -> bool:
    try:
        os.fstat(fd)
        return True
    except OSError:
        return False


def stray_processes() -> list[int]:
    """Processes this one started that are still there, and any with the corpus marker."""
    me, strays = os.getpid(), []
    if not os.path.isdir("/proc"):
        return strays
    for entry in os.listdir("/proc"):
        if not entry.isdigit() or int(entry) == me:
            continue
        try:
            stat = open(f"/proc/{entry}/stat").read()
            cmdline = open(f"/proc/{entry}/cmdline", "rb").read().decode(errors="replace")
        except OSError:
            continue
        fields = stat.rsplit(")", 1)[-1].split()
        state, ppid = fields[0], int(fields[1])
        if (ppid == me and state != "Z" and MARKER not in sys.argv[0]) or MARKER in cmdline:
            strays.append(int(entry))
    return strays


def run_corpus(cases: list[Case], runner: Callable[..., Any]) -> list[dict]:
    """Each case in a fresh world: its verdict, what escaped, and whether it met ``expect``."""
    rows = []
    try:  # as in a kernel that has plotted before: matplotlib's font cache is built
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.font_manager  # noqa: F401
    except ImportError:
        pass
    for c in cases:
        if not available(c):
            rows.append({"case": c, "available": False})
            continue
        with tempfile.TemporaryDirectory(prefix="spark-corpus-") as root:
            world = World(Path(root))
            try:
                result, escaped = world.run(c, runner)
            finally:
                world.close()
        rows.append({"case": c, "available": True, "result": result, "escaped": escaped})
    return rows


def problems(row: dict) -> list[str]:
    """Why a row does not meet its case, or ``[]``."""
    c, result = row["case"], row["result"]
    found = list(row["escaped"])
    if result.status not in c.expect:
        found.append(f"verdict {result.status} ({result.reason}), expected {'/'.join(sorted(c.expect))}")
    listed = {w["path"] for w in getattr(result, "writes", [])}
    missing = [w for w in c.writes if w not in listed]
    if missing and result.status == "passed":
        found.append(f"writes not listed: {missing} (listed {sorted(listed)})")
    if c.output and c.output not in result.output:
        found.append(f"output lacks {c.output!r}: {result.output[:300]!r}")
    return found


def main(cases: list[Case], label: str) -> None:
    """Run ``cases`` in the sandbox and print one line per case, then the count met."""
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    from spark_nb.assist.sandbox import run_sandboxed

    rows = run_corpus(cases, run_sandboxed)
    met = 0
    for row in rows:
        c = row["case"]
        if not row["available"]:
            print(f"{c.name:40} not run: needs {', '.join(c.needs)}")
            continue
        issues = problems(row)
        met += not issues
        print(f"{c.name:40} {row['result'].status:11} {'ok' if not issues else '; '.join(issues)}")
    ran = sum(row["available"] for row in rows)
    print(f"\n{met}/{ran} {label} cases met their expectation ({len(rows) - ran} not run)")


if __name__ == "__main__":
    main(CASES, "development")
