"""The store's lock: one writer at a time, never a hang.

A writer killed mid-write (SIGKILL, power loss) may leave its temporary file
``.NAME.*.tmp`` next to the store. The next writer removes such files once it holds the
lock: every writer here takes the lock first, so a temporary file seen under the lock
belongs to nobody.
"""

from __future__ import annotations

import contextlib
import os
import re
import stat
import time
from collections.abc import Iterator
from pathlib import Path

from . import EditError, LockTimeout

LOCK_TIMEOUT = 5.0  # seconds a writer waits for another before giving up


def lock_path(path: Path) -> Path:
    """Return the sidecar lock file of a store: ``PATH.lock`` in the same folder."""
    return path.with_name(path.name + ".lock")


def _writable_target(path: Path) -> Path:
    """Return the real path to write (symlinks followed); refuse what cannot be written."""
    target = Path(os.path.realpath(path))
    try:
        mode = target.stat().st_mode
    except FileNotFoundError:
        if not os.path.isdir(target.parent):
            raise EditError(
                f"cannot write {path}: the folder {target.parent} does not exist"
            ) from None
        return target
    except OSError as exc:  # a name too long for the file system, for one
        raise EditError(f"cannot write {path}: {exc.strerror}") from None
    if stat.S_ISDIR(mode):
        raise EditError(f"cannot write {path}: it is a folder, not a store file")
    # As atomic.write_atomic does: no write bit means its owner marked it read-only,
    # even for root. Checked before taking the lock so no lock file is left behind.
    if mode & 0o222 == 0 or not os.access(target, os.W_OK):
        raise EditError(
            f"cannot write {path}: the file is read-only; make it writable (chmod u+w) "
            "or work on a copy"
        )
    return target


@contextlib.contextmanager
def locked(path: Path | str, timeout: float = LOCK_TIMEOUT) -> Iterator[Path]:
    """Hold the advisory lock of the store at ``path``; yield the real path to write.

    Waits up to ``timeout`` seconds for another writer, then raises LockTimeout.
    Refuses folders, read-only files and missing folders (EditError). Removes the
    temporary files that killed writers left next to the store.
    """
    import fcntl

    target = _writable_target(Path(path))
    lock_file = lock_path(target)
    try:
        fd = os.open(lock_file, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o666)
    except OSError as exc:
        raise EditError(
            f"cannot lock {path}: the lock file {lock_file} cannot be opened ({exc.strerror})"
        ) from None
    try:
        deadline = time.monotonic() + timeout
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    raise LockTimeout(
                        f"{path} is being changed by another timeline command and its lock "
                        f"({lock_file}) was not free within {timeout:g} seconds; try again "
                        "when that command has finished"
                    ) from None
                time.sleep(0.01)
        _remove_stale_temporaries(target)
        yield target
    finally:
        os.close(fd)  # closing the last descriptor releases the lock


def _remove_stale_temporaries(target: Path) -> None:
    # atomic.write_atomic names its temporary files ".NAME.<8 random characters>.tmp".
    for stale in target.parent.glob(f".{glob_escape(target.name)}.????????.tmp"):
        with contextlib.suppress(OSError):
            stale.unlink()


def glob_escape(name: str) -> str:
    """Return ``name`` with glob wildcards escaped."""
    return re.sub(r"([*?\[])", r"[\1]", name)
