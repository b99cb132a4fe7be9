"""Write a folder of files (a Data Package) so that a failure leaves no half-written folder.

Every file is rendered before anything is written, and each goes through
``write_atomic``. A folder that does not exist yet is built beside its place under a
temporary name and renamed into place at the end: readers see no folder or the whole one.
An existing folder must be empty, unless ``force``: then each file in it is replaced in
one step (the descriptor last), and files of other names are left alone.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterable, Sequence

from .atomic import WriteError, sync_folder, write_atomic


def write_folder(
    path: str | os.PathLike[str],
    files: Sequence[tuple[str, Iterable[str]]],
    *,
    force: bool = False,
) -> None:
    """Write ``files`` (``(name, chunks)``, in order) into the folder ``path``.

    Raises WriteError, leaving ``path`` as it was, for a path that is not a folder, a
    folder that holds files (unless ``force``), or a folder that cannot be made or written.
    """
    target = os.fspath(path)
    texts = [(name, "".join(chunks)) for name, chunks in files]
    if os.path.lexists(target) and not os.path.isdir(target):
        raise WriteError(f"cannot write the package to {target}: it is not a folder")
    if not os.path.isdir(target):
        _write_new(target, texts)
        return
    try:
        held = os.listdir(target)
    except OSError as exc:
        raise WriteError(f"cannot write the package to {target}: {exc.strerror}") from None
    if held and not force:
        raise WriteError(
            f"cannot write the package to {target}: the folder holds {len(held)} "
            f"file{'s' if len(held) != 1 else ''}; give an empty or new folder, or --force "
            "to replace the package's files in it"
        )
    for name, text in texts:
        write_atomic(os.path.join(target, name), [text])


def _write_new(target: str, texts: Sequence[tuple[str, str]]) -> None:
    parent = os.path.dirname(os.path.abspath(target))
    try:
        tmp = tempfile.mkdtemp(prefix=f".{os.path.basename(target)}.", suffix=".tmp", dir=parent)
    except OSError as exc:
        raise WriteError(f"cannot write the package to {target}: {exc.strerror}") from None
    try:
        for name, text in texts:
            write_atomic(os.path.join(tmp, name), [text])
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o777 & ~umask)
        # rename() does not replace a folder that has appeared there meanwhile and holds
        # files (ENOTEMPTY), so nothing written by someone else is lost.
        os.rename(tmp, target)
    except BaseException as exc:
        shutil.rmtree(tmp, ignore_errors=True)
        raise _reworded(exc, tmp, target) from None
    try:
        sync_folder(parent)  # the same durability step as a single file's write
    except OSError as exc:
        raise _reworded(exc, tmp, target) from None


def _reworded(exc: BaseException, tmp: str, target: str) -> BaseException:
    """Return the error to raise for ``exc``: a WriteError that names the folder asked for
    (not the temporary one), or ``exc`` itself when it is not about writing (Ctrl-C)."""
    if isinstance(exc, WriteError):
        return WriteError(str(exc).replace(tmp, target))
    if isinstance(exc, OSError):
        return WriteError(f"cannot write the package to {target}: {exc.strerror or exc}")
    return exc
