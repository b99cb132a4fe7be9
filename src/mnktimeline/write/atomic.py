"""Write a file so that readers see the old content or the new, never half of either.

The text goes to a temporary file in the same folder, is flushed and fsynced, then
renamed over the target (rename is atomic within one file system), and the folder is
fsynced so that the rename itself survives a crash. On any error the temporary file
is removed and the target is left as it was.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterable

from ..errors import Error


class WriteError(Error):
    """The file could not be written; the message names it and the reason."""


def write_atomic(
    path: str | os.PathLike[str], chunks: Iterable[str], *, encoding: str = "utf-8"
) -> None:
    """Write ``chunks`` to ``path`` atomically; raise WriteError and leave ``path`` untouched on failure.

    An existing file keeps its permission bits. Refuses a target that is a folder, and a
    read-only file (renaming over it would succeed, but its owner marked it not to change).
    """
    target = os.fspath(path)
    folder = os.path.dirname(os.path.abspath(target))
    if os.path.isdir(target):
        raise WriteError(f"cannot write {target}: it is a folder")
    try:
        mode = os.stat(target).st_mode & 0o7777
    except FileNotFoundError:
        mode = None
    except OSError as exc:
        raise WriteError(f"cannot write {target}: {exc.strerror}") from None
    # Mode bits as well as access(): root may write anything, but a file with no write
    # bit was marked read-only by its owner, and we respect that.
    if mode is not None and (mode & 0o222 == 0 or not os.access(target, os.W_OK)):
        raise WriteError(f"cannot write {target}: the file is read-only")
    try:
        fd, tmp = tempfile.mkstemp(
            prefix=f".{os.path.basename(target)}.", suffix=".tmp", dir=folder
        )
    except OSError as exc:
        raise WriteError(f"cannot write {target}: {exc.strerror}") from None
    try:
        with os.fdopen(fd, "w", encoding=encoding, newline="") as out:
            for chunk in chunks:
                out.write(chunk)
            out.flush()
            os.fsync(out.fileno())
        if mode is not None:
            os.chmod(tmp, mode)
        else:
            umask = os.umask(0)
            os.umask(umask)
            os.chmod(tmp, 0o666 & ~umask)
        os.replace(tmp, target)
    except BaseException as exc:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        if isinstance(exc, OSError):
            raise WriteError(f"cannot write {target}: {exc.strerror or exc}") from None
        raise
    _fsync_folder(folder)


def _fsync_folder(folder: str) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
