"""What a path to write names, decided once for every command that writes.

Symlinks are followed, one link at a time, the same way for a store (``add``, ``set``,
``init --force``...) and for an export (``-o``): the file at the end of the chain is
what is written, and the links stay links. What is at the end decides how:

- a regular file, or nothing yet: replaced (or created) atomically (``atomic.replace_file``);
- a FIFO or a character device (a terminal, a null device): written into directly, never
  replaced; an export only, since a store has to be read back;
- one of this process's own file descriptors (``/dev/stdout``, ``/dev/fd/3``,
  ``/proc/self/fd/1``, or a link to one): written into that descriptor, which keeps the
  offset and append mode the shell opened it with;
- a folder, a block device or a socket: refused, with a sentence naming it.
"""

from __future__ import annotations

import os
import stat
import threading
from typing import Literal

from ..record import Record
from . import WriteError

Kind = Literal["file", "new", "stream", "descriptor", "other"]

_MAX_LINKS = 40  # as the kernel's own limit (ELOOP)


class Target(Record):
    """Where a write goes: ``path`` with its symlinks followed, what it is, and for a
    descriptor its number. ``stat`` is that of the existing file (None when new)."""

    kind: Kind
    path: str
    given: str  # the path as the user gave it, for messages
    stat: os.stat_result | None = None
    fd: int | None = None


def _own_descriptor(path: str) -> int | None:
    """Return N when ``path`` names this process's descriptor N (``/proc/self/fd/N``,
    ``/dev/fd/N`` and the like), else None."""
    folder, name = os.path.split(path)
    if not (name.isascii() and name.isdigit()):
        return None
    pid, tid = os.getpid(), threading.get_native_id()
    try:
        real = os.path.realpath(folder)
    except (OSError, ValueError):
        return None
    if real in (f"/proc/{pid}/fd", f"/proc/{pid}/task/{tid}/fd"):
        return int(name)
    return None


def follow(path: str) -> tuple[str, int | None]:
    """Return the path at the end of ``path``'s chain of symlinks, and the descriptor it
    names if the chain reaches one of this process's own (then the path is where it did).

    Raises WriteError for a loop of links and for a path the system refuses.
    """
    here = path
    for _ in range(_MAX_LINKS):
        fd = _own_descriptor(here)
        if fd is not None:
            return here, fd
        try:
            link = os.readlink(here)
        except (FileNotFoundError, NotADirectoryError):
            return here, None
        except OSError as exc:
            if exc.errno == 22:  # EINVAL: not a symlink
                return here, None
            raise WriteError(f"cannot write {path}: {exc.strerror}") from None
        except ValueError:  # a NUL in the path
            raise WriteError(f"cannot write {path!r}: a path cannot hold a NUL character") from None
        here = os.path.join(os.path.dirname(here), link)
    raise WriteError(f"cannot write {path}: it is a loop of symbolic links")


def _describe(mode: int) -> str | None:
    """Return what a file that cannot be replaced is, as a message says it, or None."""
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISBLK(mode):
        return "a block device (a disk)"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISFIFO(mode):
        return "a FIFO (named pipe)"
    if stat.S_ISCHR(mode):
        return "a character device"
    return None


def resolve(path: str) -> Target:
    """Return where a write to ``path`` goes (see the module docstring).

    A folder, a block device or a socket is ``other``, for the caller to refuse in its
    own words. Raises WriteError for a missing folder, a loop of links, and a regular
    file marked read-only (no write bit: its owner marked it not
    to change, and we respect that even as root).
    """
    if not path:
        raise WriteError("cannot write to an empty file name; give the name of a file")
    end, fd = follow(path)
    if fd is not None:
        return Target("descriptor", end, path, None, fd)
    try:
        info = os.stat(end)
    except FileNotFoundError:
        folder = os.path.dirname(end) or "."
        if not os.path.isdir(folder):
            raise WriteError(f"cannot write {path}: the folder {folder} does not exist") from None
        return Target("new", end, path)
    except OSError as exc:  # a name too long for the file system, for one
        raise WriteError(f"cannot write {path}: {exc.strerror}") from None
    what = _describe(info.st_mode)
    if what is None:
        if info.st_mode & 0o222 == 0 or not os.access(end, os.W_OK):
            raise WriteError(
                f"cannot write {path}: the file is read-only; make it writable (chmod u+w) "
                "or work on a copy"
            )
        return Target("file", end, path, info)
    if stat.S_ISFIFO(info.st_mode) or stat.S_ISCHR(info.st_mode):
        return Target("stream", end, path, info)
    return Target("other", end, path, info)  # each caller says why it cannot be written


def describe(target: Target) -> str:
    """Return what a target that is not a regular file is: "a folder", "a FIFO (named
    pipe)", "the file descriptor 1"..."""
    if target.fd is not None:
        return f"the file descriptor {target.fd}"
    assert target.stat is not None
    return _describe(target.stat.st_mode) or "not a file"


def store_target(path: str, *, new: bool = False) -> Target:
    """Return where a store at ``path`` is written: a regular file (or, with ``new``, a
    file not there yet), its symlinks followed.

    Refuses (WriteError) anything else with a sentence: a store is read back, so a FIFO,
    a device or a descriptor cannot be one.
    """
    target = resolve(path)
    if target.kind == "file" or target.kind == "new":
        if target.kind == "new" and not new:
            raise WriteError(f"cannot write {path}: no such file")
        return target
    raise WriteError(
        f"cannot write {path}: it is {describe(target)}, not a store file; a store is a "
        "regular file"
    )
