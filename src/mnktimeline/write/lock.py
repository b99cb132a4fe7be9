"""The store's lock: one writer at a time, never a hang, nothing left behind.

The lock is the kernel's ``flock`` on the store file itself. The kernel drops it when the
process that holds it ends, however it ends (SIGKILL, a crash), so a killed writer leaves
no lock to clean up and the next writer takes over at once; and there is no lock file to
show up in ``git status``.

Every write replaces the store by a rename, so the file a waiting writer opened may no
longer be the store when it gets the lock. A writer that gets the lock therefore checks
that the path still names the very file it locked (same device and inode) and, if not,
locks the new one. The writer that replaces the store locks its new file before the
rename (``atomic.replace_file``'s ``hold``), so no one starts on the new store before it
has finished. Only a writer holding the lock of the file the path names changes it.

A writer killed mid-write (SIGKILL, power loss) may leave its temporary file, or the
backup name of the old store, as ``.NAME.*.tmp`` next to the store. The next writer
removes such files once it holds the lock: every writer here takes the lock first, so a
temporary file seen under the lock belongs to nobody.
"""

from __future__ import annotations

import contextlib
import os
import re
import stat
import time
from collections.abc import Iterator
from pathlib import Path

from ..record import Record
from ..store import StoreError
from ..store.decode import failure
from . import EditError, LockTimeout, WriteError
from .target import store_target

LOCK_TIMEOUT = 5.0  # seconds a writer waits for another before giving up
_POLL = 0.01


class Locked(Record):
    """A store held by this process: the real path to write and the file's stat."""

    path: Path
    stat: os.stat_result
    fd: int


def writable_store(path: Path | str) -> str:
    """Return the real path of the store file at ``path`` (symlinks followed), refusing
    what cannot be written as one (EditError) and what is not there (StoreError)."""
    try:
        target = store_target(str(path), new=True)
    except WriteError as exc:
        raise EditError(str(exc)) from None
    if target.kind == "new":
        raise failure(path, "no such file")
    return target.path


def _open(target: str, path: Path | str) -> int:
    # O_NONBLOCK: should a FIFO take the store's place, opening it must not wait for a writer.
    flags = os.O_RDONLY | os.O_NONBLOCK | os.O_NOCTTY | os.O_CLOEXEC
    try:
        return os.open(target, flags)
    except FileNotFoundError:
        raise failure(path, "no such file") from None
    except OSError as exc:
        raise EditError(f"cannot lock {path}: {exc.strerror or exc}") from None


def _wait(fd: int, deadline: float, path: Path | str, timeout: float) -> None:
    import fcntl

    while True:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return
        except BlockingIOError:
            if time.monotonic() >= deadline:
                raise LockTimeout(
                    f"{path} is being changed by another timeline command, which did not "
                    f"finish within {timeout:g} seconds; try again when it has"
                ) from None
            time.sleep(_POLL)
        except OSError as exc:
            raise EditError(f"cannot lock {path}: {exc.strerror or exc}") from None


def _still_the_store(fd: int, target: str, path: Path | str) -> os.stat_result | None:
    """Return the stat of the locked file if ``target`` still names it, else None."""
    held = os.fstat(fd)
    if not stat.S_ISREG(held.st_mode):
        raise EditError(f"cannot write {path}: it is no longer a regular file")
    try:
        now = os.stat(target)
    except FileNotFoundError:
        raise failure(path, "no such file") from None
    return held if (now.st_dev, now.st_ino) == (held.st_dev, held.st_ino) else None


def hold(fd: int) -> None:
    """Take the lock of a store's new file before it replaces the old (it cannot be held
    by anyone else: no other process knows the file yet)."""
    import fcntl

    fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)


@contextlib.contextmanager
def locked(path: Path | str, timeout: float = LOCK_TIMEOUT) -> Iterator[Locked]:
    """Hold the lock of the store at ``path``; yield the real path to write and its stat.

    Waits up to ``timeout`` seconds for another writer, then raises LockTimeout.
    Refuses folders, FIFOs, devices, read-only files (EditError) and a missing file
    (StoreError). Removes the temporary files that killed writers left next to the store.
    """
    target = writable_store(path)
    deadline = time.monotonic() + timeout
    while True:
        fd = _open(target, path)
        try:
            _wait(fd, deadline, path, timeout)
            held = _still_the_store(fd, target, path)
        except BaseException:
            os.close(fd)
            raise
        if held is not None:
            break
        os.close(fd)  # another writer replaced the store while this one waited
    try:
        _remove_stale_temporaries(target)
        yield Locked(Path(target), held, fd)
    finally:
        os.close(fd)  # closing the last descriptor releases the lock


def _remove_stale_temporaries(target: str) -> None:
    # atomic.replace_file names its temporary files and backups ".NAME.<8 characters>.tmp".
    folder, name = os.path.split(target)
    for stale in Path(folder or ".").glob(f".{glob_escape(name)}.????????.tmp"):
        with contextlib.suppress(OSError):
            stale.unlink()


def glob_escape(name: str) -> str:
    """Return ``name`` with glob wildcards escaped."""
    return re.sub(r"([*?\[])", r"[\1]", name)


__all__ = ["LOCK_TIMEOUT", "Locked", "StoreError", "hold", "locked", "writable_store"]
