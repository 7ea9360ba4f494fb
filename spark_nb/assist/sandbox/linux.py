"""Linux containment: the child in its own user, mount and network namespaces.

After ``unshare(CLONE_NEWUSER | CLONE_NEWNS | CLONE_NEWNET)`` the child maps its own user
and group to themselves, makes every mount it sees read-only (``mount_setattr`` with
``AT_RECURSIVE``, or a read-only remount of each mount on kernels before 5.12), mounts a
private tmpfs on the scratch folder, and drops every capability, so that neither Python
nor C code can write the user's files or make them writable again. The new network
namespace has no interfaces but a loopback that is down: no connection leaves it, to
another host or to a server on this one. The kernel refuses new user namespaces in
some containers and under some security policies; the caller then falls back to the
Python hooks alone and says so.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import os

CLONE_NEWNS = 0x00020000
CLONE_NEWUSER = 0x10000000
CLONE_NEWNET = 0x40000000
MS_RDONLY, MS_NOSUID, MS_NODEV, MS_NOEXEC = 1, 2, 4, 8
MS_REMOUNT, MS_BIND, MS_REC, MS_PRIVATE = 32, 4096, 16384, 1 << 18
MOUNT_ATTR_RDONLY = 1
AT_FDCWD, AT_RECURSIVE = -100, 0x8000
SYS_MOUNT_SETATTR = 442  # the same number on every architecture
_FLAGS = {"nosuid": MS_NOSUID, "nodev": MS_NODEV, "noexec": MS_NOEXEC, "noatime": 1024,
          "nodiratime": 2048, "relatime": 1 << 21}


class _MountAttr(ctypes.Structure):
    _fields_ = [("attr_set", ctypes.c_uint64), ("attr_clr", ctypes.c_uint64),
                ("propagation", ctypes.c_uint64), ("userns_fd", ctypes.c_uint64)]


class _CapHeader(ctypes.Structure):
    _fields_ = [("version", ctypes.c_uint32), ("pid", ctypes.c_int)]


class _CapData(ctypes.Structure):
    _fields_ = [("effective", ctypes.c_uint32), ("permitted", ctypes.c_uint32),
                ("inheritable", ctypes.c_uint32)]


def _libc():
    return ctypes.CDLL(ctypes.util.find_library("c") or None, use_errno=True)


def contain(scratch: str, scratch_bytes: int) -> str:
    """Enter the namespaces; return "" on success, else why they were not available.

    Call only in a single-threaded child (a new user namespace requires it).
    """
    libc = _libc()
    uid, gid = os.getuid(), os.getgid()
    if libc.unshare(CLONE_NEWUSER | CLONE_NEWNS | CLONE_NEWNET) != 0:
        return f"new namespaces refused ({os.strerror(ctypes.get_errno())})"
    try:
        _write("/proc/self/setgroups", "deny")
        _write("/proc/self/uid_map", f"{uid} {uid} 1")
        _write("/proc/self/gid_map", f"{gid} {gid} 1")
    except OSError as exc:
        return f"the user namespace could not be set up ({exc.strerror})"
    if libc.mount(None, b"/", None, MS_REC | MS_PRIVATE, None) != 0:
        return f"mounts could not be made private ({os.strerror(ctypes.get_errno())})"
    problem = _read_only(libc)
    if problem:
        return problem
    options = f"size={max(scratch_bytes, 1 << 20)},mode=0700".encode()
    if libc.mount(b"tmpfs", os.fsencode(scratch), b"tmpfs", MS_NOSUID | MS_NODEV, options) != 0:
        return f"the scratch folder could not be mounted ({os.strerror(ctypes.get_errno())})"
    header, data = _CapHeader(0x20080522, 0), (_CapData * 2)()
    if libc.capset(ctypes.byref(header), data) != 0:
        return f"capabilities could not be dropped ({os.strerror(ctypes.get_errno())})"
    return ""


def _read_only(libc) -> str:
    attr = _MountAttr(MOUNT_ATTR_RDONLY, 0, 0, 0)
    libc.syscall.restype = ctypes.c_long
    if libc.syscall(SYS_MOUNT_SETATTR, AT_FDCWD, b"/", AT_RECURSIVE, ctypes.byref(attr),
                    ctypes.sizeof(attr)) == 0:
        return ""
    # Before Linux 5.12: remount each mount read-only, keeping the flags it is locked with.
    left = []
    for point, flags in _mounts():
        if libc.mount(None, os.fsencode(point), None, MS_REMOUNT | MS_BIND | MS_RDONLY | flags, None) != 0:
            left.append(point)
    writable = [p for p in left if not p.startswith(("/proc", "/sys"))]
    if writable:
        return f"mounts stayed writable: {', '.join(writable[:5])}"
    return ""


def _mounts() -> list[tuple[str, int]]:
    found = []
    with open("/proc/self/mountinfo", encoding="utf-8") as f:
        for line in f:
            parts = line.split()
            point = parts[4].encode().decode("unicode_escape")
            flags = 0
            for option in parts[5].split(","):
                flags |= _FLAGS.get(option, 0)
            found.append((point, flags))
    return found


def _write(path: str, text: str) -> None:
    fd = os.open(path, os.O_WRONLY)
    try:
        os.write(fd, text.encode())
    finally:
        os.close(fd)
