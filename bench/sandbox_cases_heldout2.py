"""A second held-out corpus of cells that try to change the world, for the dry-run sandbox.

    .venv/bin/python bench/sandbox_cases_heldout2.py     # run every case and print a table

Like ``bench/sandbox_cases_heldout.py``, these cases were written apart from the sandbox:
without reading its code or the tests that exercise it, and without running them against
it. None of them repeats a technique of the development corpus ``bench/sandbox_cases.py``
or of the first held-out corpus. Where those corpora try a door once, these try the ones
beside it, and they lean towards what notebooks do every day: many small files written in
a loop, folders made that already exist, trees that are renamed and then read from, files
reached through descriptors (``opener=``, ``os.fdopen``, ``pwrite``, ``writev``,
``sendfile``, ``ftruncate``), spooled and anonymous temporary files, pandas, numpy,
matplotlib, Pillow and stdlib writers not tried before, SQLite and DuckDB used in ways
the kernel's connections allow or forbid, network clients hidden in logging handlers and
``multiprocessing``, processes started by library helpers, and signals a cell sends
itself. The share of them the sandbox handles is a second held-out figure.

The format is the development corpus's, imported from it: ``Case`` and ``case(...)``, the
verdicts ``P`` passed, ``F`` failed, ``S`` skipped and ``I`` incomplete, ``World`` (built
by ``run_corpus``), ``problems`` and ``available``. Read that module's docstring for the
world each cell runs against and for what ``expect``, ``writes``, ``output``, ``needs``,
``native`` and ``timeout`` mean. In short: writes made through Python land in the scratch
folder and pass, with the files written inside the working folder named in ``writes``
(relative to it; files written elsewhere, and files written then deleted, are not named);
network, processes, signals to other processes and writes made by C code are refused
(incomplete); cells that use the kernel's open connections (``con``, ``dcon``, ``sock``,
``holder.sock``) are skipped; errors, exhausted memory and endless cells fail. A case that
could fairly get more than one verdict lists each of them, and then asserts no output,
since a refused cell prints nothing.

    ==========  =====
    category    cases
    ==========  =====
    files         25
    data          11
    database      12
    network        9
    process        9
    resource       5
    legit         10
    ==========  =====
    all           81
    ==========  =====
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from sandbox_cases import MARKER, Case, F, I, P, S, available, case, problems, run_corpus  # noqa: E402

__all__ = ["CASES", "Case", "available", "problems", "run_corpus"]

CASES: list[Case] = [
    # -- files: everyday and careless uses of the file system, redirected and read back
    case("write_text_in_a_loop_of_200_files", "files", """
        from pathlib import Path
        for i in range(200):
            Path(f'part_{i:03d}.txt').write_text(f'row {i}\\n')
        print(len(list(Path('.').glob('part_*.txt'))), Path('part_199.txt').read_text().strip())
    """, P, writes=["part_000.txt", "part_199.txt"], output="200 row 199"),
    case("makedirs_exist_ok_on_existing_folders", "files", """
        import os
        os.makedirs('sub', exist_ok=True)
        os.makedirs('emptydir/inside', exist_ok=True)
        os.makedirs('sub', exist_ok=True)
        open('sub/added.txt', 'w').write('added')
        open('emptydir/inside/leaf.txt', 'w').write('leaf')
        print(sorted(os.listdir('sub')), os.listdir('emptydir'))
    """, P, writes=["sub/added.txt", "emptydir/inside/leaf.txt"], output="['added.txt', 'inner.txt'] ['inside']"),
    case("nested_new_folders_then_rglob", "files", """
        from pathlib import Path
        for part in ('2024/01', '2024/02', '2025/01'):
            d = Path('reports', part)
            d.mkdir(parents=True)
            (d / 'summary.txt').write_text(part)
        print(sorted(str(p) for p in Path('reports').rglob('*.txt')))
    """, P, writes=["reports/2024/01/summary.txt", "reports/2024/02/summary.txt", "reports/2025/01/summary.txt"],
         output="['reports/2024/01/summary.txt', 'reports/2024/02/summary.txt', 'reports/2025/01/summary.txt']"),
    case("copyfileobj_then_edit_the_copy", "files", """
        import shutil
        with open('data.csv', 'rb') as src, open('data_copy.csv', 'wb') as dst:
            shutil.copyfileobj(src, dst)
        with open('data_copy.csv', 'a') as f:
            f.write('d,4\\n')
        print(len(open('data_copy.csv').read().splitlines()), len(open('data.csv').read().splitlines()))
    """, P, writes=["data_copy.csv"], output="5 4"),
    case("os_renames_into_new_folders", "files", """
        import os
        os.renames('notes.txt', 'archive/2024/notes.txt')
        print(os.path.exists('notes.txt'), open('archive/2024/notes.txt').read().strip())
    """, P, output="False first line"),
    case("rename_folder_then_read_moved_file", "files", """
        from pathlib import Path
        Path('sub').rename('sub_moved')
        print(Path('sub').exists(), Path('sub_moved/inner.txt').read_text().strip())
    """, P, output="False inner"),
    case("append_mode_creates_a_new_file", "files", """
        for word in ('one', 'two', 'three'):
            with open('journal.txt', 'a') as f:
                print(word, file=f)
        print(open('journal.txt').read().split())
    """, P, writes=["journal.txt"], output="['one', 'two', 'three']"),
    case("read_after_remove_raises", "files", """
        import os
        os.remove('sub/inner.txt')
        try:
            open('sub/inner.txt').read()
        except FileNotFoundError as e:
            print('gone', type(e).__name__)
    """, P, output="gone FileNotFoundError"),
    case("getmtime_moves_after_a_write", "files", """
        import os, time
        before = os.path.getmtime('notes.txt')
        time.sleep(0.05)
        with open('notes.txt', 'a') as f:
            f.write('more\\n')
        print(os.path.getmtime('notes.txt') > before, os.path.getsize('notes.txt'))
    """, P, writes=["notes.txt"], output="True 16"),
    case("scandir_kinds_after_writes", "files", """
        import os
        os.mkdir('made_dir')
        open('made.csv', 'w').write('x')
        with os.scandir('.') as it:
            kinds = {e.name: (e.is_file(), e.is_dir()) for e in it}
        print(kinds['made.csv'], kinds['made_dir'], kinds['data.csv'], kinds['sub'])
    """, P, writes=["made.csv"], output="(True, False) (False, True) (True, False) (False, True)"),
    case("text_wrapper_over_bytesio", "files", """
        import io
        raw = io.BytesIO()
        text = io.TextIOWrapper(raw, encoding='utf-8')
        text.write('héllo\\n')
        text.flush()
        print(raw.getvalue(), raw.tell())
    """, P, output="b'h\\xc3\\xa9llo\\n' 7"),
    case("path_home_config_file", "files", """
        from pathlib import Path
        cfg = Path.home() / '.config' / 'cellapp' / 'settings.ini'
        cfg.parent.mkdir(parents=True, exist_ok=True)
        cfg.write_text('[run]\\nrows = 3\\n')
        print(cfg.read_text().splitlines()[1], (Path.home() / '.profile').exists())
    """, P, output="rows = 3 True"),
    case("contextlib_chdir_into_new_folder", "files", """
        import contextlib, os
        os.mkdir('job')
        with contextlib.chdir('job'):
            open(os.path.join(os.getcwd(), 'result.txt'), 'w').write('inside job')
            here = os.path.basename(os.getcwd())
        print(here, open('job/result.txt').read())
    """, P, writes=["job/result.txt"], output="job inside job"),
    case("open_with_custom_opener", "files", """
        import os
        def private(path, flags):
            return os.open(path, flags, 0o600)
        with open('secret.txt', 'w', opener=private) as f:
            f.write('token')
        print(oct(os.stat('secret.txt').st_mode & 0o777), open('secret.txt').read())
    """, P, writes=["secret.txt"], output="0o600 token"),
    case("open_on_a_descriptor_number", "files", """
        import os
        fd = os.open('via_fd.txt', os.O_RDWR | os.O_CREAT | os.O_TRUNC, 0o644)
        with open(fd, 'w+') as f:
            f.write('through a descriptor')
            f.seek(0)
            print(f.read())
        print(os.path.getsize('via_fd.txt'))
    """, P, writes=["via_fd.txt"], output="through a descriptor\n20"),
    case("fdopen_read_write_existing", "files", """
        import os
        fd = os.open('data.csv', os.O_RDWR)
        with os.fdopen(fd, 'r+') as f:
            f.seek(0, os.SEEK_END)
            f.write('d,4\\n')
        print(pd.read_csv('data.csv').value.sum())
    """, P, writes=["data.csv"], output="10"),
    case("pwrite_pread_on_anonymous_tempfile", "files", """
        import os, tempfile
        with tempfile.TemporaryFile() as t:
            fd = t.fileno()
            os.write(fd, b'0123456789')
            os.pwrite(fd, b'AB', 3)
            print(os.pread(fd, 10, 0))
    """, P, output="b'012AB56789'"),
    case("spooled_tempfile_rolls_over", "files", """
        import tempfile
        with tempfile.SpooledTemporaryFile(max_size=64, mode='w+') as f:
            f.write('small')
            before = f._rolled
            f.write('x' * 100)
            after = f._rolled
            f.seek(0)
            print(before, after, len(f.read()))
    """, P, output="False True 105"),
    case("ftruncate_through_descriptor", "files", """
        import os
        fd = os.open('notes.txt', os.O_RDWR)
        os.ftruncate(fd, 5)
        os.close(fd)
        print(repr(open('notes.txt').read()))
    """, P, writes=["notes.txt"], output="'first'"),
    case("utime_ns_by_path_and_descriptor", "files", """
        import os
        stamp = 1_600_000_000 * 10**9
        os.utime('data.csv', ns=(stamp, stamp))
        fd = os.open('notes.txt', os.O_RDONLY)
        os.utime(fd, ns=(stamp, stamp))
        os.close(fd)
        print(os.stat('data.csv').st_mtime_ns == stamp, os.stat('notes.txt').st_mtime_ns == stamp)
    """, P, output="True True"),
    case("writev_gathered_into_exclusive_file", "files", """
        import os
        fd = os.open('gathered.txt', os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
        os.writev(fd, [b'alpha ', b'beta ', b'gamma'])
        os.close(fd)
        print(open('gathered.txt').read())
    """, P, writes=["gathered.txt"], output="alpha beta gamma"),
    case("sendfile_file_to_file", "files", """
        import os
        src = os.open('data.csv', os.O_RDONLY)
        dst = os.open('sent.csv', os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
        os.sendfile(dst, src, 0, os.fstat(src).st_size)
        os.close(src)
        os.close(dst)
        print(open('sent.csv').read().splitlines()[-1])
    """, P, writes=["sent.csv"], output="c,3"),
    case("codecs_open_latin1", "files", """
        import codecs
        with codecs.open('latin.txt', 'w', encoding='latin-1') as f:
            f.write('café')
        print(open('latin.txt', 'rb').read())
    """, P, writes=["latin.txt"], output="b'caf\\xe9'"),
    case("tar_extractall_into_new_folder", "files", """
        import io, tarfile
        buf = io.BytesIO()
        with tarfile.open(fileobj=buf, mode='w') as t:
            payload = b'0.5 0.25'
            info = tarfile.TarInfo('model/weights.txt')
            info.size = len(payload)
            t.addfile(info, io.BytesIO(payload))
        buf.seek(0)
        with tarfile.open(fileobj=buf) as t:
            t.extractall('unpacked', filter='data')
        print(open('unpacked/model/weights.txt').read())
    """, P, writes=["unpacked/model/weights.txt"], output="0.5 0.25"),
    case("fifo_and_mknod_special_files", "files", """
        import os, stat
        os.mkfifo('pipe')
        os.mknod('node.txt', 0o644 | stat.S_IFREG)
        print(stat.S_ISFIFO(os.stat('pipe').st_mode), os.path.isfile('node.txt'))
    """, {P, I}),
    # -- data writers not tried before
    case("to_csv_xz_inferred_compression", "data", """
        import lzma
        df.to_csv('export.csv.xz', index=False)
        print(lzma.open('export.csv.xz', 'rt').read().splitlines()[0], pd.read_csv('export.csv.xz').value.sum())
    """, P, writes=["export.csv.xz"], output="name,value 6"),
    case("to_string_into_a_file", "data", """
        df.to_string('table.txt', index=False)
        print(open('table.txt').read().split()[:2])
    """, P, writes=["table.txt"], output="['name', 'value']"),
    case("savez_compressed_round_trip", "data", """
        np.savez_compressed('weights.npz', w=np.eye(3), b=np.zeros(3))
        with np.load('weights.npz') as z:
            print(z['w'].trace(), z['b'].shape)
    """, P, writes=["weights.npz"], output="3.0 (3,)"),
    case("npy_open_memmap_write", "data", """
        from numpy.lib.format import open_memmap
        m = open_memmap('grid.npy', mode='w+', dtype='int16', shape=(2, 3))
        m[:] = 7
        m.flush()
        del m
        print(np.load('grid.npy').sum())
    """, P, writes=["grid.npy"], output="42"),
    case("ndarray_dump_pickle", "data", """
        np.arange(4).dump('arr.pkl')
        print(np.load('arr.pkl', allow_pickle=True).tolist())
    """, P, writes=["arr.pkl"], output="[0, 1, 2, 3]"),
    case("matplotlib_pdfpages_and_svg", "data", """
        import matplotlib
        matplotlib.use('Agg')
        import matplotlib.pyplot as plt
        from matplotlib.backends.backend_pdf import PdfPages
        with PdfPages('report.pdf') as pdf:
            fig, ax = plt.subplots()
            ax.plot(df.value)
            ax.set_title('value')
            pdf.savefig(fig)
            fig.savefig('value.svg')
            plt.close(fig)
        print(open('report.pdf', 'rb').read(5), '<svg' in open('value.svg').read())
    """, P, writes=["report.pdf", "value.svg"], output="b'%PDF-' True", needs=("matplotlib",), timeout=30),
    case("plistlib_dump_and_load", "data", """
        import plistlib
        with open('settings.plist', 'wb') as f:
            plistlib.dump({'rows': len(df), 'cols': [str(c) for c in df.columns]}, f)
        with open('settings.plist', 'rb') as f:
            print(plistlib.load(f))
    """, P, writes=["settings.plist"], output="{'cols': ['name', 'value'], 'rows': 3}"),
    case("csv_dictwriter_records", "data", """
        import csv
        with open('people.csv', 'w', newline='') as f:
            w = csv.DictWriter(f, fieldnames=['name', 'value'])
            w.writeheader()
            w.writerows(df.to_dict('records'))
        print(next(csv.DictReader(open('people.csv'))))
    """, P, writes=["people.csv"], output="{'name': 'a', 'value': '1'}"),
    case("pillow_image_save", "data", """
        from PIL import Image
        Image.new('RGB', (8, 4), 'red').save('thumb.png')
        im = Image.open('thumb.png')
        print(im.size, im.getpixel((0, 0)))
    """, P, writes=["thumb.png"], output="(8, 4) (255, 0, 0)", needs=("PIL",)),
    case("wave_writer", "data", """
        import wave
        with wave.open('tone.wav', 'wb') as w:
            w.setnchannels(1)
            w.setsampwidth(2)
            w.setframerate(8000)
            w.writeframes((np.sin(np.arange(800) / 5) * 3000).astype('<i2').tobytes())
        with wave.open('tone.wav') as r:
            print(r.getnframes(), r.getframerate())
    """, P, writes=["tone.wav"], output="800 8000"),
    case("pyarrow_csv_writer", "data", """
        import pyarrow as pa, pyarrow.csv as pacsv
        pacsv.write_csv(pa.Table.from_pandas(df), 'arrow.csv')
    """, {P, I}, writes=["arrow.csv"], needs=("pyarrow",), native=True),
    # -- databases: the kernel's connections, new connections, in-memory engines
    case("read_sql_query_inherited", "database", "print(pd.read_sql_query('select region from sales', con))", S),
    case("executemany_inherited", "database", """
        con.executemany('insert into sales values (?, ?)', [('south', 5), ('north', 7)])
        con.commit()
    """, S),
    case("create_function_on_inherited", "database", """
        con.create_function('double', 1, lambda x: x * 2)
        print(con.execute('select double(revenue) from sales').fetchall())
    """, S),
    case("new_connection_update_returning", "database", """
        import sqlite3
        from pathlib import Path
        with sqlite3.connect(Path('sales.db')) as c:
            rows = c.execute('update sales set revenue = revenue + 1 returning revenue').fetchall()
            print(sorted(rows), c.execute('select sum(revenue) from sales').fetchone()[0])
    """, P, output="[(11,), (21,)] 32"),
    case("wal_mode_on_user_database", "database", """
        import sqlite3
        c = sqlite3.connect('sales.db')
        c.execute('pragma journal_mode=wal')
        c.execute("insert into sales values ('north', 1)")
        c.commit()
    """, {P, I}),
    case("shared_cache_memory_database", "database", """
        import sqlite3
        uri = 'file:scratchpad?mode=memory&cache=shared'
        a = sqlite3.connect(uri, uri=True)
        b = sqlite3.connect(uri, uri=True)
        a.execute('create table t (x)')
        a.execute('insert into t values (5)')
        a.commit()
        print(b.execute('select x from t').fetchone()[0])
    """, P, output="5"),
    case("sqlite_opens_the_duckdb_file", "database", """
        import sqlite3
        c = sqlite3.connect(WAREHOUSE)
        print(c.execute('select count(*) from sqlite_master').fetchone())
    """, F, needs=("duckdb",)),
    case("duckdb_in_memory_connection", "database", """
        import duckdb
        c = duckdb.connect()
        c.execute('create table m as select range as i from range(5)')
        print(c.execute('select sum(i) from m').fetchone()[0])
    """, P, output="10", needs=("duckdb",)),
    case("duckdb_query_over_dataframe", "database", """
        import duckdb
        print(duckdb.sql('select sum(value) as s from df').fetchone()[0])
    """, P, output="6", needs=("duckdb",)),
    case("duckdb_inherited_table_read", "database", "print(dcon.table('t').df())", S, needs=("duckdb",)),
    case("holder_socket_makefile_write", "database", """
        w = holder.sock.makefile('wb')
        w.write(b'ROLLBACK ALL')
        w.flush()
    """, {F, S}),
    case("inherited_socket_shutdown", "database", "import socket\nsock.shutdown(socket.SHUT_RDWR)", S),
    # -- network through other clients
    case("ssl_wrapped_socket_connect", "network", """
        import socket, ssl
        ctx = ssl.create_default_context()
        s = ctx.wrap_socket(socket.socket(), server_hostname='localhost')
        s.settimeout(2)
        s.connect(('127.0.0.1', PORT))
    """, I, timeout=5),
    case("asyncio_datagram_endpoint", "network", """
        import asyncio
        async def main():
            loop = asyncio.get_running_loop()
            transport, _ = await loop.create_datagram_endpoint(asyncio.DatagramProtocol, remote_addr=('127.0.0.1', UPORT))
            transport.sendto(b'metric:1|c')
            await asyncio.sleep(0.1)
            transport.close()
        asyncio.run(main())
    """, I, timeout=5),
    case("unix_socket_to_docker", "network", """
        import socket
        s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        s.settimeout(2)
        s.connect('/var/run/docker.sock')
        s.sendall(b'GET /containers/json HTTP/1.0\\r\\n\\r\\n')
    """, {F, I}, timeout=5),
    case("getfqdn_lookup", "network", "import socket\nprint(socket.getfqdn())", {P, I}, timeout=5),
    case("multiprocessing_connection_client", "network", """
        from multiprocessing.connection import Client
        c = Client(('127.0.0.1', PORT))
        c.send({'cmd': 'drop'})
    """, I, timeout=5),
    case("udp_sendmsg_scatter", "network", """
        import socket
        s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        s.sendmsg([b'part one ', b'part two'], [], 0, ('127.0.0.1', UPORT))
    """, I),
    case("logging_socket_handler", "network", """
        import logging, logging.handlers
        log = logging.getLogger('cell.remote')
        log.addHandler(logging.handlers.SocketHandler('127.0.0.1', PORT))
        log.error('shipped to a log server')
    """, I, timeout=5),
    case("logging_syslog_udp_handler", "network", """
        import logging, logging.handlers
        log = logging.getLogger('cell.syslog')
        log.addHandler(logging.handlers.SysLogHandler(address=('127.0.0.1', UPORT)))
        log.warning('to syslog')
    """, I, timeout=5),
    case("socketserver_listens_on_a_port", "network", """
        import socketserver
        with socketserver.TCPServer(('127.0.0.1', 0), socketserver.BaseRequestHandler) as srv:
            print('listening', srv.server_address[1] > 0)
    """, {P, I}),
    # -- processes and signals
    case("subprocess_call", "process", f"""
        import subprocess
        subprocess.call(['sh', '-c', 'touch spawned.txt # {MARKER}'])
    """, I),
    case("subprocess_getoutput", "process", f"""
        import subprocess
        print(subprocess.getoutput('touch spawned.txt; uname -a # {MARKER}'))
    """, I),
    case("os_spawnv_nowait", "process", f"""
        import os
        os.spawnv(os.P_NOWAIT, '/bin/sh', ['sh', '-c', 'touch spawned.txt; sleep 30 # {MARKER}'])
    """, I),
    case("os_execlp", "process", f"""
        import os
        os.execlp('sh', 'sh', '-c', 'touch spawned.txt # {MARKER}')
    """, I),
    case("multiprocessing_pool_map", "process", """
        import multiprocessing
        with multiprocessing.Pool(2) as pool:
            print(pool.map(abs, [-1, -2, -3]))
    """, I),
    # Signal 0 delivers nothing: it only asks whether the parent exists. Refusing it, as
    # every signal aimed at another process is refused, is the safe rule; letting it
    # through does no harm either, so both verdicts are right.
    case("kill_parent_signal_zero_probe", "process", "import os\nos.kill(PARENT_PID, 0)\nprint('parent is alive')",
         {P, I}),
    case("raise_signal_on_itself", "process", """
        import signal
        seen = []
        signal.signal(signal.SIGUSR1, lambda n, f: seen.append(signal.Signals(n).name))
        signal.raise_signal(signal.SIGUSR1)
        print('handled', seen)
    """, P, output="handled ['SIGUSR1']"),
    case("webbrowser_open", "process", f"""
        import webbrowser
        webbrowser.open('http://localhost/#{MARKER}')
    """, {P, I}, timeout=5),
    case("platform_architecture_runs_file", "process", """
        import platform, sys
        print(platform.architecture(sys.executable)[0])
    """, {P, I}),
    # -- resources
    case("list_of_an_endless_generator", "resource", """
        import itertools
        squares = list(n * n for n in itertools.count())
    """, F, timeout=3),
    case("recursion_with_raised_limit", "resource", """
        import sys
        sys.setrecursionlimit(10 ** 7)
        def down(n):
            return down(n + 1)
        down(0)
    """, F, timeout=5),
    case("print_five_megabytes_at_once", "resource", "print('x' * 5_000_000)", {P, F}, timeout=5),
    case("wait_on_an_event_forever", "resource", "import threading\nthreading.Event().wait()", F, timeout=2),
    case("huge_integer_power", "resource", "base, exponent = 7, 10 ** 10\nx = base ** exponent", F, timeout=3),
    # -- legitimate work that must still pass
    case("legit_merge_and_pivot", "legit", """
        regions = pd.DataFrame({'name': ['a', 'b', 'c'], 'region': ['east', 'west', 'east']})
        joined = df.merge(regions, on='name')
        table = joined.pivot_table(index='region', values='value', aggfunc='sum')
        print(table['value'].to_dict(), joined.groupby('region').value.mean().round(1).to_dict())
    """, P, output="{'east': 4, 'west': 2} {'east': 2.0, 'west': 2.0}"),
    case("legit_read_csv_with_options", "legit", """
        t = pd.read_csv('data.csv', index_col='name', dtype={'value': 'int32'})
        print(t.loc['b', 'value'], t.value.dtype, t.index.tolist())
    """, P, output="2 int32 ['a', 'b', 'c']"),
    case("legit_labelled_plot_rendered_in_memory", "legit", """
        import matplotlib
        matplotlib.use('Agg')
        import matplotlib.pyplot as plt
        fig, ax = plt.subplots(figsize=(4, 3), dpi=50)
        ax.plot(df.value, marker='o', label='value')
        ax.set_xlabel('row')
        ax.set_ylabel('value')
        ax.set_title('Values')
        ax.legend()
        fig.canvas.draw()
        pixels = np.asarray(fig.canvas.buffer_rgba())
        print(pixels.shape, ax.get_title())
        plt.close(fig)
    """, P, output="(150, 200, 4) Values", needs=("matplotlib",), timeout=30),
    case("legit_linear_algebra", "legit", """
        A = np.array([[3.0, 1.0], [1.0, 2.0]])
        b = np.array([9.0, 8.0])
        x = np.linalg.solve(A, b)
        print(x.round(6).tolist(), np.allclose(A @ x, b), round(float(np.linalg.det(A)), 6))
    """, P, output="[2.0, 3.0] True 5.0"),
    case("legit_iterdir_listing", "legit", """
        from pathlib import Path
        print(sorted(p.name for p in Path('.').iterdir()))
    """, P, output="['data.csv', 'emptydir', 'notes.txt', 'sales.db', 'sub'"),
    case("legit_low_level_read_elsewhere", "legit", """
        import os
        fd = os.open(OUTSIDE + '/keep.txt', os.O_RDONLY)
        print(os.read(fd, 100).decode(), os.fstat(fd).st_size)
        os.close(fd)
    """, P, output="keep me 7"),
    case("legit_string_processing", "legit", """
        import re
        from collections import Counter
        text = 'The quick brown fox; the lazy dog. THE END'
        words = re.findall(r'[a-z]+', text.lower())
        print(Counter(words).most_common(1), '-'.join(w.capitalize() for w in words[:3]))
    """, P, output="[('the', 3)] The-Quick-Brown"),
    case("legit_datetime_arithmetic", "legit", """
        from datetime import date, datetime, timedelta, timezone
        start = date(2024, 2, 27)
        days = [start + timedelta(days=i) for i in range(4)]
        print(days[-1].isoformat(), days[2].strftime('%A'))
        print(datetime(2024, 3, 10, 12, tzinfo=timezone.utc).astimezone(timezone(timedelta(hours=-5))).hour)
    """, P, output="2024-03-01 Thursday\n7"),
    case("legit_dataclass_definition", "legit", """
        from dataclasses import dataclass, field
        @dataclass
        class Ledger:
            owner: str
            entries: list = field(default_factory=list)
            def add(self, amount):
                self.entries.append(amount)
                return self
            @property
            def balance(self):
                return sum(self.entries)
        book = Ledger('ana').add(10).add(-3).add(5)
        print(book.owner, book.balance, repr(Ledger('bo')))
    """, P, output="ana 12 Ledger(owner='bo', entries=[])"),
    case("legit_zero_division_handled", "legit", """
        ratios = []
        for num, den in [(6, 3), (1, 0), (9, 3)]:
            try:
                ratios.append(num / den)
            except ZeroDivisionError as e:
                ratios.append(float('nan'))
                print('skipped:', e)
        print(ratios[0], ratios[2], np.isnan(ratios[1]))
    """, P, output="skipped: division by zero\n2.0 3.0 True"),
]


if __name__ == "__main__":
    from sandbox_cases import main

    main(CASES, "second held-out")
