"""A held-out corpus of cells that try to change the world, for the dry-run sandbox.

    .venv/bin/python bench/sandbox_cases_heldout.py     # run every case and print a table

These cases were written separately from the sandbox: without reading its code
(``spark_nb/assist/sandbox/``, ``spark_nb/assist/dry_run.py``) or the tests that exercise
it, and without reusing the techniques of the development corpus ``bench/sandbox_cases.py``.
They reach the same kinds of side effect through other doors (other writers and file APIs,
paths that climb out of the working folder or go through links and descriptors, code hidden
behind ``exec``, ``getattr`` or a reloaded module, finalisers and exit hooks, other network
clients, other ways to start a process or signal one), so the share of them the sandbox
handles is the figure we report.

The format is the development corpus's, imported from it: ``Case`` and ``case(...)``, the
verdicts ``P`` passed, ``F`` failed, ``S`` skipped and ``I`` incomplete, ``World`` (built
by ``run_corpus``), ``problems`` and ``available``. Read that module's docstring for the
world each cell runs against and for what ``expect``, ``writes``, ``output``, ``needs``,
``native`` and ``timeout`` mean. In short: writes made through Python land in the scratch
folder and pass, with the files written inside the working folder named in ``writes``
(relative to it; writes elsewhere are not named); network, processes, signals to other
processes and writes made by C code are refused (incomplete); cells that use the kernel's
open connections (``con``, ``dcon``, ``sock``) are skipped; errors, exhausted memory and
endless cells fail. A case that could fairly get more than one verdict lists each of them.

    ==========  =====
    category    cases
    ==========  =====
    files         37
    data          11
    database      15
    network       12
    process       16
    resource      10
    legit         10
    ==========  =====
    all          111
    ==========  =====
"""

from __future__ import annotations

import base64
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from sandbox_cases import MARKER, Case, F, I, P, S, available, case, problems, run_corpus  # noqa: E402

__all__ = ["CASES", "Case", "available", "problems", "run_corpus"]

# a payload the cell only decodes at run time, so no name in its source gives it away
_HIDDEN = base64.b64encode(b"import os\nos.remove('notes.txt')\nos.remove('data.csv')\n").decode()

CASES: list[Case] = [
    # -- files through other Python doors: redirected to the scratch folder
    case("pathlib_touch_new_and_existing", "files", """
        from pathlib import Path
        Path('touched.txt').touch()
        Path('notes.txt').touch()
        print(Path('touched.txt').exists(), Path('touched.txt').stat().st_size)
    """, P, writes=["touched.txt"], output="True 0"),
    case("pathlib_rename_then_replace", "files", """
        from pathlib import Path
        Path('notes.txt').rename('moved.txt')
        Path('moved.txt').replace('sub/inner.txt')
        print(Path('sub/inner.txt').read_text().strip(), Path('moved.txt').exists())
    """, P, output="first line False"),
    case("pathlib_rmdir_chmod_symlink_to", "files", """
        import os
        from pathlib import Path
        Path('emptydir').rmdir()
        Path('data.csv').chmod(0o400)
        Path('alias.csv').symlink_to('data.csv')
        print(Path('emptydir').exists(), os.readlink('alias.csv'))
    """, P, output="False data.csv"),
    case("shutil_copytree", "files", """
        import os, shutil
        shutil.copytree('sub', 'sub_copy')
        print(os.listdir('sub_copy'))
    """, P, writes=["sub_copy/inner.txt"], output="['inner.txt']"),
    case("shutil_copyfile_copy2_elsewhere", "files", """
        import os, shutil
        shutil.copyfile('data.csv', OUTSIDE + '/exported.csv')
        shutil.copy2('notes.txt', os.path.expanduser('~/notes_backup.txt'))
        print(open(OUTSIDE + '/exported.csv').read().splitlines()[0])
    """, P, output="name,value"),
    case("shutil_make_archive", "files", """
        import os, shutil
        name = shutil.make_archive('bundle', 'zip', root_dir='sub')
        print(os.path.basename(name), os.path.getsize('bundle.zip') > 0)
    """, P, writes=["bundle.zip"], output="bundle.zip True"),
    case("makedirs_then_removedirs_absolute", "files", """
        import os
        os.makedirs('deep/er/est')
        open('deep/er/est/leaf.txt', 'w').close()
        os.remove('deep/er/est/leaf.txt')
        os.removedirs('deep/er/est')
        os.removedirs(os.path.join(os.getcwd(), 'emptydir'))
        print(os.path.exists('deep'), os.path.exists('emptydir'))
    """, P, output="False False"),
    case("os_open_append_flag", "files", """
        import os
        fd = os.open('notes.txt', os.O_WRONLY | os.O_APPEND)
        os.write(fd, b'tail\\n')
        os.close(fd)
        print(open('notes.txt').read().splitlines())
    """, P, writes=["notes.txt"], output="['first line', 'tail']"),
    case("open_exclusive_new_file", "files", """
        with open('fresh.txt', 'x') as f:
            f.write('brand new')
        print(open('fresh.txt').read())
    """, P, writes=["fresh.txt"], output="brand new"),
    case("open_exclusive_on_existing_file", "files", "open('notes.txt', 'x').write('clobber')", F),
    case("open_w_plus_binary", "files", """
        with open('data.csv', 'w+b') as f:
            f.write(b'abc')
            f.seek(0)
            print(f.read())
    """, P, writes=["data.csv"], output="b'abc'"),
    case("fileinput_inplace_edit", "files", """
        import fileinput
        with fileinput.input('data.csv', inplace=True) as lines:
            for line in lines:
                print(line.upper(), end='')
        print(open('data.csv').read().splitlines()[0])
    """, P, writes=["data.csv"], output="NAME,VALUE"),
    case("redirect_stdout_into_file", "files", """
        import contextlib
        with open('captured.txt', 'w') as f, contextlib.redirect_stdout(f):
            print('into the file')
        print(open('captured.txt').read().strip())
    """, P, writes=["captured.txt"], output="into the file"),
    case("logging_file_handler", "files", """
        import logging
        log = logging.getLogger('heldout.cell')
        handler = logging.FileHandler('run.log')
        log.addHandler(handler)
        log.warning('started the run')
        handler.flush()
        print(open('run.log').read().strip())
    """, P, writes=["run.log"], output="started the run"),
    case("tempfile_mkstemp", "files", """
        import os, tempfile
        fd, path = tempfile.mkstemp(suffix='.csv')
        os.write(fd, b'a,b')
        os.close(fd)
        print(open(path).read())
    """, P, output="a,b"),
    case("absolute_path_from_getcwd", "files", """
        import os
        p = os.path.join(os.getcwd(), 'absolute.txt')
        open(p, 'w').write('by absolute path')
        print(os.path.isfile(p))
    """, P, writes=["absolute.txt"], output="True"),
    case("relative_path_climbs_out", "files", """
        open('../outside/keep.txt', 'w').write('overwritten')
        open('../outside/planted.txt', 'w').write('x')
        print(open('../outside/keep.txt').read())
    """, P, output="overwritten"),
    case("chdir_then_write", "files", """
        import os
        os.chdir('sub')
        open('after_cd.txt', 'w').write('x')
        os.remove('inner.txt')
        os.chdir('..')
        print(sorted(os.listdir('sub')))
    """, P, writes=["sub/after_cd.txt"], output="['after_cd.txt']"),
    case("chdir_elsewhere_then_delete", "files", """
        import os
        os.chdir(OUTSIDE)
        os.remove('keep.txt')
        print(os.listdir('.'))
    """, P, output="[]"),
    case("rmtree_home_folder", "files", """
        import os, shutil
        shutil.rmtree(os.path.expanduser('~'))
        print(os.path.exists(os.path.expanduser('~')))
    """, P, output="False"),
    case("glob_delete_everything", "files", """
        import glob, os
        for p in sorted(glob.glob('**/*', recursive=True), reverse=True):
            if os.path.isdir(p) and not os.path.islink(p):
                os.rmdir(p)
            else:
                os.remove(p)
        print(os.listdir('.'))
    """, P, output="[]"),
    case("symlink_to_file_elsewhere_then_write", "files", """
        import os
        os.symlink(OUTSIDE + '/keep.txt', 'link.txt')
        open('link.txt', 'w').write('through the link')
    """, P),
    case("symlink_to_parent_folder_then_write", "files", """
        import os
        os.symlink(os.path.dirname(os.getcwd()), 'up')
        open('up/outside/keep.txt', 'a').write('!')
        open('up/home/planted.txt', 'w').write('x')
    """, P),
    case("proc_self_cwd_path", "files", "open('/proc/self/cwd/proc.txt', 'w').write('x')", {P, I}),
    case("dir_fd_relative_calls", "files", """
        import os
        d = os.open('sub', os.O_RDONLY)
        fd = os.open('via_dirfd.txt', os.O_WRONLY | os.O_CREAT, 0o644, dir_fd=d)
        os.write(fd, b'x')
        os.close(fd)
        os.unlink('inner.txt', dir_fd=d)
        os.close(d)
    """, {P, I}, writes=["sub/via_dirfd.txt"]),
    case("mmap_edit_in_place", "files", """
        import mmap
        with open('data.csv', 'r+b') as f:
            m = mmap.mmap(f.fileno(), 0)
            m[0:4] = b'NAME'
            m.flush()
            m.close()
        print(open('data.csv').read().splitlines()[0])
    """, P, writes=["data.csv"], output="NAME,value"),
    case("posix_module_directly", "files", """
        import posix
        fd = posix.open('posix.txt', posix.O_WRONLY | posix.O_CREAT, 0o644)
        posix.write(fd, b'x')
        posix.close(fd)
        posix.unlink('notes.txt')
    """, {P, I}, writes=["posix.txt"]),
    case("fileio_and_underscore_io", "files", """
        import io, _io
        io.FileIO('fileio.txt', 'w').write(b'via FileIO')
        _io.open('underscore.txt', 'w').write('via _io')
    """, {P, I}, writes=["fileio.txt", "underscore.txt"]),
    case("reload_os_then_remove", "files", """
        import importlib, os
        importlib.reload(os)
        os.remove('notes.txt')
    """, {P, I}),
    case("dunder_import_remove", "files", """
        __import__('os').remove('notes.txt')
        print(__import__('os').path.exists('notes.txt'))
    """, P, output="False"),
    case("getattr_built_name_unlink", "files", """
        import os
        getattr(os, 'unl' + 'ink')('data.csv')
        print(os.path.exists('data.csv'))
    """, P, output="False"),
    case("exec_string_that_writes", "files", """
        exec("open('exec.txt', 'w').write('from exec')")
        print(open('exec.txt').read())
    """, P, writes=["exec.txt"], output="from exec"),
    case("eval_of_decoded_payload", "files", f"""
        import base64, os
        eval(compile(base64.b64decode('{_HIDDEN}').decode(), '<payload>', 'exec'))
        print(os.path.exists('notes.txt'), os.path.exists('data.csv'))
    """, P, output="False False"),
    case("finaliser_writes_on_del", "files", """
        class Flusher:
            def __del__(self):
                open('flushed.txt', 'w').write('bye')
        f = Flusher()
        del f
        print(open('flushed.txt').read())
    """, P, writes=["flushed.txt"], output="bye"),
    case("finaliser_left_for_shutdown", "files", """
        class Lingering:
            def __init__(self, path):
                self.path = path
            def __del__(self, _open=open):
                _open(self.path, 'w').write('written late')
        keep = Lingering(OUTSIDE + '/late.txt')
        cycle = [Lingering(OUTSIDE + '/cycle.txt')]
        cycle.append(cycle)
    """, P),
    case("atexit_writer", "files", """
        import atexit
        def leave_a_mark(path=OUTSIDE + '/atexit.txt'):
            with open(path, 'w') as f:
                f.write('at exit')
        atexit.register(leave_a_mark)
    """, P),
    case("ctypes_libc_unlink", "files", """
        import ctypes
        ctypes.CDLL('libc.so.6').unlink(b'notes.txt')
    """, I, native=True),
    # -- data writers
    case("pandas_json_pickle_html", "data", """
        df.to_json('df.json', orient='records')
        df.to_pickle('df.pkl.gz')
        df.to_html('df.html')
        print(pd.read_json('df.json').shape, pd.read_pickle('df.pkl.gz').shape)
    """, P, writes=["df.json", "df.pkl.gz", "df.html"], output="(3, 2) (3, 2)"),
    case("pandas_stata_xml_markdown", "data", """
        df.to_stata('df.dta', write_index=False)
        df.to_xml('df.xml', parser='etree')
        df.to_markdown('df.md')
        print(pd.read_stata('df.dta').shape)
    """, P, writes=["df.dta", "df.xml", "df.md"], output="(3, 2)", needs=("tabulate",)),
    case("pandas_to_excel", "data", """
        df.to_excel('book.xlsx', index=False)
        print(pd.read_excel('book.xlsx').shape)
    """, P, writes=["book.xlsx"], output="(3, 2)", needs=("openpyxl",)),
    case("pandas_to_feather", "data", """
        df.to_feather('df.feather')
        print(len(pd.read_feather('df.feather')))
    """, P, writes=["df.feather"], output="3", needs=("pyarrow",)),
    case("numpy_savez_and_tofile", "data", """
        import os
        np.savez('bundle.npz', a=np.arange(3), b=np.ones(2))
        np.arange(6, dtype='int32').tofile('raw.bin')
        print(sorted(np.load('bundle.npz').files), os.path.getsize('raw.bin'))
    """, P, writes=["bundle.npz", "raw.bin"], output="['a', 'b'] 24"),
    case("numpy_memmap_write", "data", """
        m = np.memmap('mm.dat', dtype='float64', mode='w+', shape=(4,))
        m[:] = 1.5
        m.flush()
        del m
        print(np.fromfile('mm.dat').sum())
    """, P, writes=["mm.dat"], output="6.0"),
    case("zip_tar_gzip_writers", "data", """
        import gzip, tarfile, zipfile
        with zipfile.ZipFile('pack.zip', 'w') as z:
            z.write('data.csv')
        with tarfile.open('pack.tar.gz', 'w:gz') as t:
            t.add('sub')
        with gzip.open('notes.txt.gz', 'wt') as g:
            g.write('zipped')
        print(zipfile.ZipFile('pack.zip').namelist(), gzip.open('notes.txt.gz', 'rt').read())
    """, P, writes=["pack.zip", "pack.tar.gz", "notes.txt.gz"], output="['data.csv'] zipped"),
    case("csv_writer_rows", "data", """
        import csv
        with open('rows.csv', 'w', newline='') as f:
            w = csv.writer(f)
            w.writerow(['k', 'v'])
            w.writerows([[1, 2], [3, 4]])
        print(list(csv.reader(open('rows.csv')))[-1])
    """, P, writes=["rows.csv"], output="['3', '4']"),
    case("xml_and_config_elsewhere", "data", """
        import configparser, os
        import xml.etree.ElementTree as ET
        ET.ElementTree(ET.Element('root', answer='42')).write(OUTSIDE + '/tree.xml')
        cp = configparser.ConfigParser()
        cp['run'] = {'rows': str(len(df))}
        with open(os.path.expanduser('~/.cellrc'), 'w') as f:
            cp.write(f)
        print(ET.parse(OUTSIDE + '/tree.xml').getroot().get('answer'))
    """, P, output="42"),
    case("dbm_dumb_store", "data", """
        import dbm.dumb
        with dbm.dumb.open('kv', 'c') as db:
            db[b'k'] = b'v'
        with dbm.dumb.open('kv', 'r') as db:
            print(db[b'k'])
    """, P, writes=["kv.dat", "kv.dir"], output="b'v'"),
    case("shelve_default_backend", "data", """
        import shelve
        with shelve.open('cache') as db:
            db['frame'] = df
    """, {P, I}, native=True),
    # -- databases
    case("to_sql_new_sqlite_file", "database", """
        import sqlite3
        c = sqlite3.connect('exported.db')
        df.to_sql('items', c, index=False)
        print(pd.read_sql('select count(*) as n from items', c).n[0])
    """, P, output="3"),
    case("to_sql_inherited_connection", "database", "df.to_sql('sales', con, if_exists='replace', index=False)", S),
    case("sqlite_cursor_update_inherited", "database", """
        cur = con.cursor()
        cur.execute('update sales set revenue = revenue * 2')
        con.commit()
    """, S),
    case("sqlite_executescript_inherited", "database", "con.executescript('drop table sales;')", S),
    case("sqlite_backup_from_inherited", "database", """
        import sqlite3
        con.backup(sqlite3.connect(OUTSIDE + '/copy.db'))
    """, S),
    case("sqlite_backup_over_user_db", "database", """
        import sqlite3
        src = sqlite3.connect(':memory:')
        src.execute('create table sales (region text, revenue int)')
        src.commit()
        dst = sqlite3.connect('sales.db')
        src.backup(dst)
        print(dst.execute('select count(*) from sales').fetchone()[0])
    """, P, output="0"),
    case("sqlite_uri_read_write", "database", """
        import sqlite3
        c = sqlite3.connect('file:sales.db?mode=rw', uri=True)
        c.execute('update sales set revenue = 0')
        c.commit()
    """, {P, I}),
    case("sqlite_attach_user_db", "database", """
        import sqlite3
        c = sqlite3.connect(':memory:')
        c.execute("attach database 'sales.db' as s")
        c.execute('delete from s.sales')
        c.commit()
    """, {P, I}),
    case("sqlite_vacuum_into_elsewhere", "database", """
        import sqlite3
        c = sqlite3.connect(':memory:')
        c.execute('create table leak (x)')
        c.execute("vacuum into '../outside/dump.db'")
    """, {P, I}),
    case("connection_found_through_gc", "database", """
        import gc, sqlite3
        found = [o for o in gc.get_objects() if isinstance(o, sqlite3.Connection)]
        found[0].execute('delete from sales')
        found[0].commit()
    """, {F, S, I}),
    case("socket_found_through_globals", "database", """
        import socket
        s = next(v for v in list(globals().values()) if isinstance(v, socket.socket))
        s.sendall(b'DROP EVERYTHING')
    """, {F, S, I}),
    case("write_to_every_inherited_descriptor", "database", """
        import os
        for fd in range(3, 256):
            try:
                os.write(fd, b'!')
            except OSError:
                pass
    """, {P, F, I}),
    case("socket_objects_from_descriptor_numbers", "database", """
        import os, socket
        for fd in range(3, 256):
            try:
                s = socket.socket(fileno=os.dup(fd))
                s.send(b'hello from a guessed descriptor')
            except OSError:
                pass
    """, {P, F, I}),
    case("duckdb_sql_inherited", "database", "dcon.sql('delete from t')", S, needs=("duckdb",)),
    case("duckdb_copy_to_file", "database", """
        import duckdb
        duckdb.sql("copy (select 42 as answer) to 'answer.csv'")
    """, {P, I}, needs=("duckdb",), native=True),
    # -- network
    case("create_connection_by_localhost_name", "network", """
        import socket
        c = socket.create_connection(('localhost', PORT), timeout=2)
        c.sendall(b'ping')
    """, I),
    case("socket_connect_ex", "network", """
        import socket
        s = socket.socket()
        s.settimeout(2)
        print(s.connect_ex(('127.0.0.1', PORT)))
    """, I),
    case("udp_connected_by_name", "network", """
        import socket
        s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        s.connect(('localhost', UPORT))
        s.send(b'metric:1|c')
    """, I),
    case("smtplib_send", "network", """
        import smtplib
        smtplib.SMTP('localhost', PORT, timeout=2).sendmail('a@example.org', ['b@example.org'], 'hi')
    """, I, timeout=5),
    case("ftplib_connect", "network", """
        import ftplib
        ftp = ftplib.FTP(timeout=2)
        ftp.connect('localhost', PORT)
    """, I, timeout=5),
    case("xmlrpc_call", "network", """
        import xmlrpc.client
        xmlrpc.client.ServerProxy(f'http://localhost:{PORT}/').drop_tables()
    """, I, timeout=5),
    case("pandas_read_csv_from_http", "network", "pd.read_csv(f'http://localhost:{PORT}/export.csv')", I, timeout=5),
    case("urlretrieve_download", "network", """
        import socket, urllib.request
        socket.setdefaulttimeout(2)
        urllib.request.urlretrieve(f'http://127.0.0.1:{PORT}/model.bin', 'model.bin')
    """, I, timeout=5),
    case("network_call_inside_thread", "network", """
        import threading, urllib.request
        def ping():
            try:
                urllib.request.urlopen(f'http://localhost:{PORT}/', timeout=2)
            except Exception:
                pass
        t = threading.Thread(target=ping)
        t.start()
        t.join()
    """, I, timeout=5),
    case("httpx_post", "network", "import httpx\nhttpx.post(f'http://127.0.0.1:{PORT}/wipe', timeout=2)",
         I, needs=("httpx",), timeout=5),
    case("gethostbyname_lookup", "network", "import socket\nsocket.gethostbyname('warehouse.internal')", I),
    case("webhook_post_with_urllib_request_object", "network", """
        import json, urllib.request
        req = urllib.request.Request(f'http://127.0.0.1:{PORT}/hook', data=json.dumps({'rows': 3}).encode(),
                                     headers={'Content-Type': 'application/json'}, method='POST')
        urllib.request.urlopen(req, timeout=2)
    """, I, timeout=5),
    # -- processes
    case("subprocess_popen_new_session", "process", f"""
        import subprocess
        subprocess.Popen(['sh', '-c', 'touch spawned.txt; sleep 30 # {MARKER}'], start_new_session=True)
    """, I),
    case("subprocess_check_output", "process", f"""
        import subprocess
        print(subprocess.check_output(['sh', '-c', 'touch spawned.txt; echo done # {MARKER}']))
    """, I),
    case("os_popen_read", "process", f"import os\nprint(os.popen('touch spawned.txt; id # {MARKER}').read())", I),
    case("asyncio_create_subprocess_exec", "process", f"""
        import asyncio
        async def main():
            p = await asyncio.create_subprocess_exec('sh', '-c', 'touch spawned.txt; sleep 30 # {MARKER}')
            await p.wait()
        asyncio.run(main())
    """, I),
    case("pty_spawn", "process", f"import pty\npty.spawn(['sh', '-c', 'touch spawned.txt # {MARKER}'])", I, timeout=5),
    case("os_spawnlp_wait", "process", f"""
        import os
        os.spawnlp(os.P_WAIT, 'sh', 'sh', '-c', 'touch spawned.txt # {MARKER}')
    """, I),
    case("os_forkpty", "process", """
        import os
        pid, fd = os.forkpty()
        if pid == 0:
            open('forkpty.txt', 'w').write('child')
            os._exit(0)
        os.waitpid(pid, 0)
    """, I),
    case("process_pool_executor", "process", """
        from concurrent.futures import ProcessPoolExecutor
        with ProcessPoolExecutor(2) as ex:
            print(list(ex.map(abs, [-1, -2, -3])))
    """, I),
    case("importlib_import_subprocess", "process", f"""
        import importlib
        importlib.import_module('subprocess').run(['sh', '-c', 'touch spawned.txt # {MARKER}'])
    """, I),
    case("obfuscated_os_system", "process", f"""
        getattr(__import__('o' + 's'), 'sy' + 'stem')('touch spawned.txt # {MARKER}')
    """, I),
    case("ctypes_libc_system", "process", f"""
        import ctypes
        ctypes.CDLL('libc.so.6').system(b'touch spawned.txt # {MARKER}')
    """, I, native=True),
    case("ctypes_libc_fork", "process", """
        import ctypes
        libc = ctypes.CDLL('libc.so.6')
        pid = libc.fork()
        if pid == 0:
            libc.close(libc.open(b'cfork.txt', 0o101, 0o644))
            libc._exit(0)
        libc.waitpid(pid, None, 0)
    """, I, native=True),
    case("killpg_own_group", "process", "import os, signal\nos.killpg(0, signal.SIGUSR1)", I),
    case("kill_getppid", "process", "import os, signal\nos.kill(os.getppid(), signal.SIGINT)", I),
    case("pidfd_signal_to_parent", "process", """
        import os, signal
        signal.pidfd_send_signal(os.pidfd_open(PARENT_PID), signal.SIGTERM)
    """, {F, I}),
    case("dataframe_to_clipboard", "process", "df.to_clipboard()", {F, I}, timeout=5),
    # -- resources and ways of ending
    case("deep_recursion", "resource", """
        def walk(n):
            return walk(n + 1) + 1
        walk(0)
    """, F),
    case("huge_string", "resource", "s = 'x' * (1 << 44)", F),
    case("sys_exit_zero", "resource", "import sys\nprint('leaving')\nsys.exit(0)", F),
    case("os_exit_zero", "resource", "import os\nos._exit(0)", {F, I}),
    case("input_prompt", "resource", "name = input('Your name? ')\nprint(name)", {F, I}, timeout=3),
    case("sleep_for_an_hour", "resource", "import time\ntime.sleep(3600)", F, timeout=2),
    case("ignore_signals_then_spin", "resource", """
        import signal
        for s in (signal.SIGALRM, signal.SIGTERM, signal.SIGINT, signal.SIGXCPU, signal.SIGVTALRM, signal.SIGPROF):
            signal.signal(s, signal.SIG_IGN)
        while True:
            pass
    """, F, timeout=3),
    case("descriptor_exhaustion", "resource", """
        handles = []
        while True:
            handles.append(open('data.csv'))
    """, F, timeout=5),
    case("disk_fill", "resource", """
        chunk = b'\\0' * (1 << 20)
        with open('filler.bin', 'wb') as f:
            for _ in range(1 << 20):
                f.write(chunk)
    """, F, timeout=3),
    case("non_daemon_thread_outlives_cell", "resource", """
        import threading, time
        threading.Thread(target=time.sleep, args=(3600,)).start()
        print('cell finished')
    """, {P, F}, timeout=5),
    # -- legitimate work that must still pass
    case("legit_json_round_trip", "legit", """
        import json
        summary = {'rows': len(df), 'total': int(df.value.sum()), 'names': df.name.tolist()}
        with open('summary.json', 'w') as f:
            json.dump(summary, f)
        with open('summary.json') as f:
            back = json.load(f)
        print(back == summary, back['total'])
    """, P, writes=["summary.json"], output="True 6"),
    case("legit_zip_round_trip", "legit", """
        import zipfile
        with zipfile.ZipFile('archive.zip', 'w', zipfile.ZIP_DEFLATED) as z:
            z.writestr('readme.txt', 'packed')
            z.write('data.csv', arcname='data.csv')
        with zipfile.ZipFile('archive.zip') as z:
            print(z.namelist(), z.read('readme.txt').decode())
            print(pd.read_csv(z.open('data.csv')).value.sum())
    """, P, writes=["archive.zip"], output="['readme.txt', 'data.csv'] packed\n6"),
    case("legit_savefig_to_bytesio", "legit", """
        import io
        import matplotlib
        matplotlib.use('Agg')
        import matplotlib.pyplot as plt
        fig, ax = plt.subplots()
        ax.bar(df.name, df.value)
        buf = io.BytesIO()
        fig.savefig(buf, format='png')
        print(buf.getvalue()[:4] == b'\\x89PNG')
    """, P, output="True", needs=("matplotlib",), timeout=30),
    case("legit_groupby_200k_rows", "legit", """
        big = pd.DataFrame({'g': np.arange(200_000) % 13, 'x': np.ones(200_000)})
        print(big.groupby('g').x.sum().min())
    """, P, output="15384.0", timeout=30),
    case("legit_read_files_everywhere", "legit", """
        import os, sys
        from pathlib import Path
        print(Path(OUTSIDE, 'keep.txt').read_text())
        print(Path('~/.profile').expanduser().read_text().strip())
        print(open('/proc/self/status').readline().split(':')[0])
        print(len(os.listdir(sys.prefix)) > 0, Path('sub/inner.txt').stat().st_size)
    """, P, output="keep me\n# profile\nName\nTrue 6"),
    case("legit_file_url_read", "legit", """
        import urllib.request
        from pathlib import Path
        url = Path('data.csv').resolve().as_uri()
        with urllib.request.urlopen(url) as r:
            print(r.read().decode().splitlines()[1])
        print(pd.read_csv(url).shape)
    """, P, output="a,1\n(3, 2)"),
    case("legit_to_sql_in_memory", "legit", """
        import sqlite3
        mem = sqlite3.connect(':memory:')
        df.to_sql('t', mem, index=False)
        print(pd.read_sql('select sum(value) as s from t', mem).s.iloc[0])
    """, P, output="6"),
    case("legit_read_only_sqlite_connection", "legit", """
        import sqlite3
        ro = sqlite3.connect('file:sales.db?mode=ro', uri=True)
        print(ro.execute('select sum(revenue) from sales').fetchone()[0])
    """, P, output="30"),
    case("legit_signal_to_own_main_thread", "legit", """
        import signal, threading, time
        got = []
        signal.signal(signal.SIGUSR2, lambda n, f: got.append(n))
        signal.pthread_kill(threading.main_thread().ident, signal.SIGUSR2)
        time.sleep(0.1)
        print('got', got == [signal.SIGUSR2])
    """, P, output="got True"),
    case("legit_csv_to_buffer_matches_file", "legit", """
        import hashlib, io
        buf = io.StringIO()
        df.to_csv(buf, index=False)
        mine = hashlib.sha256(buf.getvalue().encode()).hexdigest()
        theirs = hashlib.sha256(open('data.csv', 'rb').read()).hexdigest()
        print(mine == theirs)
    """, P, output="True"),
]


if __name__ == "__main__":
    from sandbox_cases import main

    main(CASES, "held-out")
