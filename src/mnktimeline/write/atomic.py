"""Write a file so that readers see the old content or the new, never half of either, and
never replace what is not a regular file.

``replace_file`` writes a temporary file in the same folder, gives it the old file's owner,
group and mode, fsyncs it, and renames it over the old one; a hard link keeps the old file
until the folder is synced, so that a failure at any step, the last ones included, puts the
old file back and leaves no temporary behind. ``write_output`` is what ``-o`` does: it
follows ``target.resolve`` (a FIFO, a character device or one of our own descriptors is
written into; a regular file is replaced).

Every file-system call goes through ``os`` (``os.open``, ``os.write``, ``os.fsync``...),
so that tests can make each one fail in turn.
"""

from __future__ import annotations

import contextlib
import errno
import os
import secrets
import stat
import tempfile
from collections.abc import Callable, Iterable

from . import WriteError
from .target import Target, describe, resolve

__all__ = ["WriteError", "replace_file", "write_atomic", "write_output"]

BLOCK = 1 << 16  # bytes handed to each os.write

# A file system without hard links (FAT, some network and FUSE file systems) says so with
# one of these; the old file then cannot be kept as a backup, and the write goes on without.
_NO_LINKS = {errno.EPERM, errno.EOPNOTSUPP, errno.ENOTSUP, errno.EMLINK, errno.EXDEV}
# fsync of a folder is not supported everywhere; where it is not, there is nothing to sync.
_NO_FOLDER_SYNC = {errno.EINVAL, errno.EOPNOTSUPP, errno.ENOTSUP, errno.EBADF}


def _reason(exc: OSError) -> str:
    return exc.strerror or str(exc)


def write_all(fd: int, chunks: Iterable[str]) -> None:
    """Write ``chunks`` to ``fd`` as UTF-8 in blocks of about 64 KiB, however the system
    splits the writes. A lone surrogate (a path argument that is not UTF-8) is written as
    a backslash escape rather than failing."""
    block: list[str] = []
    size = 0
    for chunk in chunks:
        block.append(chunk)
        size += len(chunk)
        if size >= BLOCK:
            _write_bytes(fd, "".join(block).encode("utf-8", "backslashreplace"))
            block, size = [], 0
    _write_bytes(fd, "".join(block).encode("utf-8", "backslashreplace"))


def _write_bytes(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        written = os.write(fd, view)
        view = view[written:]


def _mode_for_new() -> int:
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


def _keep_owner(fd: int, old: os.stat_result, path: str) -> None:
    """Give the temporary file the owner and group of the file it replaces."""
    new = os.fstat(fd)
    if (new.st_uid, new.st_gid) == (old.st_uid, old.st_gid):
        return
    try:
        os.fchown(fd, old.st_uid, old.st_gid)
    except PermissionError as exc:
        raise WriteError(
            f"cannot replace {path}: it belongs to user {old.st_uid} and group {old.st_gid}, "
            f"and a new copy written by you could not keep them ({_reason(exc)}); run this "
            "as its owner"
        ) from None


def _backup(path: str) -> str | None:
    """Return a second name for the file at ``path`` (a hard link named as the temporary
    files are, so that the next writer removes it if this one is killed), or None where
    the file system has no hard links."""
    folder, name = os.path.split(path)
    while True:
        backup = os.path.join(folder, f".{name}.{secrets.token_hex(4)}.tmp")
        try:
            os.link(path, backup)
            return backup
        except FileExistsError:
            continue
        except OSError as exc:
            if exc.errno in _NO_LINKS:
                return None
            raise


def sync_folder(folder: str) -> None:
    """fsync a folder, so that a rename in it survives a crash; raises OSError."""
    fd = os.open(folder, os.O_RDONLY | os.O_CLOEXEC)
    try:
        os.fsync(fd)
    except OSError as exc:
        if exc.errno not in _NO_FOLDER_SYNC:
            raise
    finally:
        os.close(fd)


def replace_file(
    path: str,
    chunks: Iterable[str],
    *,
    old: os.stat_result | None,
    hold: Callable[[int], None] | None = None,
) -> None:
    """Write ``chunks`` to ``path`` atomically; ``old`` is the stat of the file replaced
    (None for a new file), whose owner, group and mode the new one keeps.

    ``hold`` is called with the new file's descriptor before it takes the old one's name
    (the store's lock takes it, so that no writer starts on the new file before this one
    has finished). On any failure (OSError, or an interrupt) the old file is put back,
    every temporary file is removed, and WriteError (or the interrupt) is raised.
    """
    folder = os.path.dirname(path) or "."
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{os.path.basename(path)}.", suffix=".tmp", dir=folder)
    except OSError as exc:
        raise WriteError(f"cannot write {path}: {_reason(exc)}") from None
    pending: str | None = tmp  # a temporary file to remove if this fails
    backup: str | None = None
    try:
        write_all(fd, chunks)
        if old is not None:
            _keep_owner(fd, old, path)
        os.fchmod(fd, stat.S_IMODE(old.st_mode) if old is not None else _mode_for_new())
        os.fsync(fd)
        if hold is not None:
            hold(fd)
        if old is not None:
            backup = _backup(path)
        os.replace(tmp, path)
        pending = None
        _commit(path, folder, backup, created=old is None)
        backup = None
    except OSError as exc:
        raise WriteError(f"cannot write {path}: {_reason(exc)}") from None
    finally:
        with contextlib.suppress(OSError):  # synced already: a late error changes nothing
            os.close(fd)  # closing it releases what ``hold`` took
        for leftover in (pending, backup):
            if leftover is not None:
                with contextlib.suppress(OSError):
                    os.unlink(leftover)


def _commit(path: str, folder: str, backup: str | None, *, created: bool) -> None:
    """Make the rename durable and drop the backup; on failure put the old file back
    (or remove the file ``created``) and raise the OSError."""
    try:
        sync_folder(folder)
        if backup is not None:
            os.unlink(backup)
    except BaseException:
        with contextlib.suppress(OSError):
            if backup is not None:
                os.replace(backup, path)  # the old file back under its name, in one step
            elif created:
                os.unlink(path)
            sync_folder(folder)
        raise


def write_atomic(path: str | os.PathLike[str], chunks: Iterable[str]) -> None:
    """Replace or create the regular file at ``path`` (its symlinks followed) with
    ``chunks``, atomically; raise WriteError and leave it as it was on failure.

    Refuses what is not a regular file (a folder, a FIFO, a device) and a read-only file.
    """
    target = resolve(os.fspath(path))
    if target.kind not in ("file", "new"):
        raise WriteError(f"cannot write {path}: it is {describe(target)}, not a regular file")
    replace_file(target.path, chunks, old=target.stat)


def write_output(
    path: str, chunks: Iterable[str], to_stdout: Callable[[Iterable[str]], None]
) -> None:
    """Write an export to ``path`` as ``target.resolve`` says: replace a regular file
    atomically, write into a FIFO, a character device or a descriptor of ours (standard
    output through ``to_stdout``). Raises WriteError naming the path and the reason."""
    target = resolve(path)
    if target.kind in ("file", "new"):
        replace_file(target.path, chunks, old=target.stat)
    elif target.kind == "other":
        raise WriteError(f"cannot write {path}: it is {describe(target)}; give the name of a file")
    elif target.fd == 1:
        to_stdout(chunks)
    else:
        _write_into(target, chunks)


def _write_into(target: Target, chunks: Iterable[str]) -> None:
    """Write into a FIFO, a character device, or a descriptor of ours, never replacing it."""
    try:
        if target.fd is not None:
            os.fstat(target.fd)  # EBADF when the descriptor is not open
            write_all(target.fd, chunks)
            return
        fd = os.open(target.path, os.O_WRONLY | os.O_NOCTTY | os.O_CLOEXEC)
        try:
            mode = os.fstat(fd).st_mode
            if not (stat.S_ISFIFO(mode) or stat.S_ISCHR(mode)):
                raise WriteError(
                    f"cannot write {target.given}: it was replaced while it was being "
                    "opened; try again"
                )
            write_all(fd, chunks)
        finally:
            os.close(fd)
    except BrokenPipeError:
        raise WriteError(
            f"cannot write {target.given}: its reader closed it before the end"
        ) from None
    except OSError as exc:
        if exc.errno == errno.EBADF and target.fd is not None:
            raise WriteError(
                f"cannot write {target.given}: file descriptor {target.fd} is not open"
            ) from None
        raise WriteError(f"cannot write {target.given}: {_reason(exc)}") from None
