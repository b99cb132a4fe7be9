"""Fault injection for tests/test_faults.py: Python imports this at start-up when this
folder is on PYTHONPATH, and it does nothing unless MNK_FAULT_ROOT is set.

Then every file-system call of the process that touches a path under MNK_FAULT_ROOT (or
a descriptor opened there) is counted: ``open`` (os.open, io.open and the built-in open),
``write``, ``fsync``, ``flock``, ``rename``/``replace``, ``link``, ``unlink``,
``chmod``/``fchmod`` and ``chown``/``fchown``. MNK_FAULT_LOG names a file that receives
one line per call ("3 write 5"). The call numbered MNK_FAULT_AT (from 1) does not happen:
it fails with the errno named by MNK_FAULT_MODE (EIO, ENOSPC, EACCES...), or with
MNK_FAULT_MODE=crash the process kills itself with SIGKILL just before it.
"""

from __future__ import annotations

import os

_ROOT = os.environ.get("MNK_FAULT_ROOT")


def _install(root: str) -> None:
    import builtins
    import errno
    import fcntl
    import io
    import signal
    from typing import Any

    at = int(os.environ.get("MNK_FAULT_AT", "0"))
    mode = os.environ.get("MNK_FAULT_MODE", "EIO")
    log = os.environ.get("MNK_FAULT_LOG")
    real = {name: getattr(os, name) for name in (
        "open", "write", "fsync", "close", "replace", "rename", "link", "unlink", "remove",
        "chmod", "fchmod", "chown", "fchown",
    )}  # fmt: skip
    real_open = builtins.open
    real_flock = fcntl.flock
    fds: set[int] = set()
    count = 0

    def inside(path: Any) -> bool:
        if isinstance(path, int) or path is None:
            return False
        try:
            text = os.fsdecode(path)
        except TypeError:
            return False
        full = os.path.abspath(text)
        return full == root or full.startswith(root + os.sep)

    def hit(name: str, what: Any) -> None:
        nonlocal count
        count += 1
        if log:
            fd = real["open"](log, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
            real["write"](fd, f"{count} {name} {what}\n".encode("utf-8", "replace"))
            real["close"](fd)
        if count != at:
            return
        if mode == "crash":
            os.kill(os.getpid(), signal.SIGKILL)
        code = getattr(errno, mode)
        raise OSError(
            code, os.strerror(code), os.fsdecode(what) if not isinstance(what, int) else None
        )

    def on_path(name: str, real_name: str, *arg_indexes: int) -> Any:
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            if any(inside(args[i]) for i in arg_indexes if i < len(args)):
                hit(name, args[arg_indexes[0]])
            return real[real_name](*args, **kwargs)

        return wrapper

    def on_fd(name: str, real_name: str) -> Any:
        def wrapper(fd: int, *args: Any, **kwargs: Any) -> Any:
            if fd in fds:
                hit(name, fd)
            return real[real_name](fd, *args, **kwargs)

        return wrapper

    def os_open(path: Any, flags: int, *args: Any, **kwargs: Any) -> int:
        watched = inside(path)
        if watched:
            hit("open", path)
        fd: int = real["open"](path, flags, *args, **kwargs)
        if watched:
            fds.add(fd)
        return fd

    def os_close(fd: int) -> None:
        fds.discard(fd)
        real["close"](fd)

    def builtin_open(file: Any, *args: Any, **kwargs: Any) -> Any:
        if inside(file):
            hit("open", file)
        return real_open(file, *args, **kwargs)

    def flock(fd: Any, operation: int) -> None:
        number = fd if isinstance(fd, int) else fd.fileno()
        if number in fds:
            hit("flock", number)
        real_flock(fd, operation)

    os.open = os_open
    os.close = os_close
    os.write = on_fd("write", "write")
    os.fsync = on_fd("fsync", "fsync")
    os.fchmod = on_fd("chmod", "fchmod")
    os.fchown = on_fd("chown", "fchown")
    os.replace = on_path("rename", "replace", 0, 1)
    os.rename = on_path("rename", "rename", 0, 1)
    os.link = on_path("link", "link", 0, 1)
    os.unlink = on_path("unlink", "unlink", 0)
    os.remove = on_path("unlink", "remove", 0)
    os.chmod = on_path("chmod", "chmod", 0)
    os.chown = on_path("chown", "chown", 0)
    builtins.open = builtin_open
    io.open = builtin_open
    fcntl.flock = flock


if _ROOT:
    _install(os.path.abspath(_ROOT))
