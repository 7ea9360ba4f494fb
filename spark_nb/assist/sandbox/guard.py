"""The audit hook (PEP 578) of a dry run's child: what the copy may not do, refused.

The copy-on-write layer (``overlay.py``) sends Python's writes to the scratch folder;
this hook is the backstop behind it. It sees every ``open`` and ``os.*`` call that
CPython audits, whoever makes it, and refuses writes outside the scratch folder, network
connections and lookups, new processes, signals to other processes, and the C functions
that would do those things through ``ctypes``. A refusal raises :class:`Refused` (a
``PermissionError`` naming what the code would have done) and is recorded, so a refusal
the code catches still makes the verdict *incomplete*.
"""

from __future__ import annotations

import errno
import os
import sys
from typing import Any

# Flags of os.open that change or create a file.
_WRITE_FLAGS = os.O_WRONLY | os.O_RDWR | os.O_CREAT | os.O_TRUNC | os.O_APPEND
_DEVICES = ("/dev/null", "/dev/stdout", "/dev/stderr", "/dev/tty", "/dev/zero")

# Events whose first argument is a path the call changes.
_PATH_EVENTS = {
    "os.remove": "delete", "os.rmdir": "delete", "os.mkdir": "create the folder",
    "os.chmod": "change the mode of", "os.chown": "change the owner of", "os.utime": "touch",
    "os.truncate": "truncate", "os.setxattr": "change attributes of",
    "os.removexattr": "change attributes of", "os.chflags": "change flags of",
    "os.lchflags": "change flags of", "os.lchmod": "change the mode of",
    "os.mkfifo": "create", "os.mknod": "create",
}
_TWO_PATH_EVENTS = {"os.rename": "rename", "os.link": "link", "os.symlink": "link"}

_PROCESS_EVENTS = {"subprocess.Popen", "os.system", "os.exec", "os.spawn", "os.posix_spawn",
                   "os.fork", "os.forkpty", "os.startfile", "pty.spawn"}
_NETWORK_EVENTS = {"socket.connect", "socket.sendto", "socket.sendmsg", "socket.bind",
                   "socket.getaddrinfo", "socket.gethostbyname", "socket.gethostbyname_ex",
                   "socket.gethostbyaddr", "socket.getnameinfo", "urllib.Request",
                   "http.client.connect", "ftplib.connect", "smtplib.connect", "imaplib.open",
                   "poplib.connect", "nntplib.connect", "telnetlib.Telnet.open",
                   "socket.sethostname"}
# C functions that write, connect or start and signal processes, called through ctypes.
_C_FUNCTIONS = {
    "open", "open64", "openat", "openat64", "creat", "creat64", "fopen", "fopen64", "freopen",
    "unlink", "unlinkat", "remove", "rename", "renameat", "renameat2", "rmdir", "mkdir",
    "mkdirat", "truncate", "truncate64", "chmod", "fchmodat", "chown", "lchown", "fchownat",
    "link", "linkat", "symlink", "symlinkat", "utime", "utimes", "utimensat",
    "system", "popen", "fork", "vfork", "clone", "clone3", "execv", "execve", "execvp",
    "execvpe", "execl", "execle", "execlp", "fexecve", "posix_spawn", "posix_spawnp",
    "kill", "killpg", "tgkill", "tkill", "sigqueue", "connect", "sendto", "sendmsg", "bind",
    "ptrace", "mount", "umount", "umount2", "unshare", "setns", "syscall", "prctl",
    "setrlimit", "prlimit", "prlimit64", "dlopen",
}


# Read-only probes that libraries run as subprocesses (matplotlib's fc-list, platform's
# uname): refused as if the program were not installed, which libraries handle, and
# not counted against the code.
QUIET_PROGRAMS = {"fc-list", "fc-match", "uname", "ldconfig", "nvidia-smi", "sysctl", "lscpu",
                  "getconf", "locale", "lsb_release"}


class Refused(PermissionError):
    """Something the dry run's copy may not do; the message says what it would have done."""

    def __init__(self, what: str) -> None:
        super().__init__(errno.EPERM, f"the dry run's sandbox refused this: it {what}")
        self.what = what


class Guard:
    """The child's record of refusals and the hook that makes them."""

    def __init__(self, scratch: str, local: Any = None) -> None:
        self.scratch = os.path.realpath(scratch)
        self.local = local  # the copy-on-write layer's per-thread state
        self.refusals: list[str] = []
        self.quiet: list[str] = []  # library probes refused quietly
        self.me = os.getpid()
        self.allowed_writes: set[str] = set()  # paths our own code writes (the result pipe is an fd)

    def refuse(self, what: str) -> None:
        if what not in self.refusals and len(self.refusals) < 50:
            self.refusals.append(what)
        raise Refused(what)

    # -- the hook ----------------------------------------------------------------------
    def __call__(self, event: str, args: tuple) -> None:
        if event == "open":
            self._open(*args[:3])
        elif event in _PATH_EVENTS:
            self._path(args[0], _PATH_EVENTS[event], args)
        elif event in _TWO_PATH_EVENTS:
            self._path(args[1], _TWO_PATH_EVENTS[event], args, src=args[0])
        elif event in _PROCESS_EVENTS:
            program = _program(event, args)
            if program in QUIET_PROGRAMS:
                self.quiet.append(program)
                raise FileNotFoundError(2, "not available in the dry run", program)
            self.refuse(f"would run {_command(event, args)}")
        elif event in _NETWORK_EVENTS:
            self._network(event, args)
        elif event in ("os.kill", "os.killpg"):
            self._signal(event, *args[:2])
        elif event == "ctypes.dlsym":
            name = args[1] if len(args) > 1 else ""
            if isinstance(name, bytes):
                name = name.decode(errors="replace")
            if isinstance(name, str) and name in _C_FUNCTIONS:
                self.refuse(f"would call the C function {name}() through ctypes")
        elif event in ("resource.setrlimit", "resource.prlimit"):
            self.refuse("would change the dry run's resource limits")
        elif event == "sqlite3.connect":
            self._database(args[0] if args else None)

    def _open(self, path: Any, mode: Any, flags: Any) -> None:
        if path is None or isinstance(path, int):
            return
        writing = isinstance(flags, int) and flags & _WRITE_FLAGS
        if isinstance(mode, str) and any(c in mode for c in "wax+"):
            writing = True
        if writing and not self._inside(path):
            if self.local is not None and getattr(self.local, "opener_path", None) == os.fsdecode(path):
                return  # opened by an opener, which goes through the copy-on-write layer
            self.refuse(f"would write {_show(path)}")

    def _path(self, path: Any, verb: str, args: tuple, src: Any = None) -> None:
        if isinstance(path, int):  # a descriptor: chmod, utime, chown through it change its file
            target = _fd_path(path)
            if target is not None and target.startswith("/") and not self._inside(target):
                self.refuse(f"would {verb} {_show(target)}")
            return
        dir_fd = next((a for a in args[2:] if isinstance(a, int) and a >= 0), None)
        if dir_fd is not None and not os.path.isabs(os.fsdecode(path)):
            base = _fd_path(dir_fd)
            if base is None:
                self.refuse(f"would {verb} {_show(path)} (relative to an open folder)")
            path = os.path.join(base, os.fsdecode(path))
        if not self._inside(path):
            self.refuse(f"would {verb} {_show(path)}")

    def _inside(self, path: Any) -> bool:
        try:
            text = os.fsdecode(path)
        except TypeError:
            return False
        if text in _DEVICES or text.startswith("/dev/fd/") or text.startswith("/proc/self/fd/"):
            return text in _DEVICES
        real = os.path.realpath(os.path.join(_real_cwd(), text))
        return real == self.scratch or real.startswith(self.scratch + os.sep)

    def _network(self, event: str, args: tuple) -> None:
        if event == "socket.sendmsg" and (len(args) < 2 or args[1] is None):
            return  # on a connected socket: it could only have connected through this hook
        if event == "socket.bind" and args and getattr(args[0], "family", None) == getattr(os, "AF_UNIX", 1) \
                and isinstance(args[1], str) and self._inside(args[1]):
            return
        if event == "urllib.Request":
            if isinstance(args[0], str) and args[0].lower().startswith(("file:", "data:")):
                return  # a local file is read through open(), which the layers above watch
            self.refuse(f"would request {args[0]}")
        if event == "socket.getaddrinfo":
            host, port = args[0], args[1]
            self.refuse(f"would connect to {_host(host)}" + (f":{port}" if port not in (None, 0) else ""))
        if event in ("socket.connect", "socket.sendto", "socket.bind"):
            address = args[1] if len(args) > 1 else None
            verb = {"socket.connect": "connect to", "socket.sendto": "send to",
                    "socket.bind": "listen on"}[event]
            self.refuse(f"would {verb} {_address(address)}")
        if event in ("http.client.connect", "ftplib.connect", "smtplib.connect", "poplib.connect",
                     "nntplib.connect", "imaplib.open", "telnetlib.Telnet.open"):
            host, port = args[1], args[2] if len(args) > 2 else None
            self.refuse(f"would connect to {_host(host)}" + (f":{port}" if port else ""))
        self.refuse(f"would use the network ({event})")

    def _signal(self, event: str, target: Any, sig: Any) -> None:
        own = {0, self.me} if event == "os.kill" else {0, self.me, _pgid()}
        if isinstance(target, int) and (target in own or (event == "os.kill" and -target == self.me)):
            return
        self.refuse(f"would send signal {_signame(sig)} to process {target}")

    def _database(self, path: Any) -> None:
        if path is None or isinstance(path, int):
            return
        text = os.fsdecode(path) if not isinstance(path, str) else path
        if text in ("", ":memory:") or text.startswith("file::memory:") or "mode=memory" in text:
            return
        if text.startswith("file:"):
            path, _, query = text[5:].partition("?")
            if "mode=ro" in query.split("&") or "immutable=1" in query.split("&"):
                return  # opened read-only: SQLite will not write it
            text = path
        if not self._inside(text):
            self.refuse(f"would open the database {_show(text)} directly")


def _real_cwd() -> str:
    import posix

    try:
        return posix.getcwd()
    except OSError:
        return "/"


def _fd_path(fd: int) -> str | None:
    try:
        return os.readlink(f"/proc/self/fd/{fd}")
    except OSError:
        return None


def _pgid() -> int:
    try:
        return os.getpgid(0)
    except OSError:
        return -1


def _show(path: Any) -> str:
    try:
        text = os.fsdecode(path)
    except TypeError:
        return repr(path)
    cwd = _real_cwd()
    full = os.path.normpath(os.path.join(cwd, text))
    if full.startswith(cwd + os.sep):
        return os.path.relpath(full, cwd)
    return full


def _host(host: Any) -> str:
    return host.decode(errors="replace") if isinstance(host, bytes) else str(host)


def _address(address: Any) -> str:
    if isinstance(address, tuple) and len(address) >= 2:
        return f"{_host(address[0])}:{address[1]}"
    if isinstance(address, (str, bytes)):
        return _host(address) or "an unnamed socket"
    return repr(address)


def _command(event: str, args: tuple) -> str:
    if event == "os.system":
        return f"`{_host(args[0])}`"
    if event == "subprocess.Popen":
        argv = args[1]
        text = argv if isinstance(argv, (str, bytes)) else " ".join(_host(a) for a in argv or [])
        return f"`{_host(text)}`"
    if event in ("os.exec", "os.spawn", "os.posix_spawn"):
        argv = args[1] if event != "os.spawn" else args[2]
        try:
            return f"`{' '.join(_host(a) for a in argv)}`"
        except TypeError:
            return f"`{_host(args[0])}`"
    if event in ("os.fork", "os.forkpty"):
        return "a copy of itself (fork)"
    return f"a program ({event})"


def _program(event: str, args: tuple) -> str:
    """The program's base name, for subprocess.Popen and the exec family."""
    try:
        if event == "subprocess.Popen":
            argv = args[1]
            first = argv.split()[0] if isinstance(argv, (str, bytes)) else list(argv)[0]
        elif event in ("os.exec", "os.posix_spawn"):
            first = args[0]
        else:
            return ""
        return os.path.basename(_host(os.fsdecode(first)))
    except (IndexError, TypeError, AttributeError):
        return ""


def _signame(sig: Any) -> str:
    import signal

    try:
        return signal.Signals(sig).name
    except (ValueError, TypeError):
        return str(sig)


def install(guard: Guard) -> None:
    """Install the hook for the rest of the child's life (audit hooks cannot be removed).

    Signals sent through a process descriptor are not audited by CPython, so
    ``os.pidfd_open`` of another process and ``signal.pidfd_send_signal`` are refused here.
    """
    import signal

    sys.addaudithook(guard)
    pidfd_open = getattr(os, "pidfd_open", None)
    if pidfd_open is not None:
        def guarded_pidfd_open(pid, flags=0):
            if pid != guard.me:
                guard.refuse(f"would open process {pid} to signal it")
            return pidfd_open(pid, flags)
        os.pidfd_open = guarded_pidfd_open
    if hasattr(signal, "pidfd_send_signal"):
        def guarded_send(pidfd, sig, siginfo=None, flags=0):
            guard.refuse(f"would send signal {_signame(sig)} through a process descriptor")
        signal.pidfd_send_signal = guarded_send
