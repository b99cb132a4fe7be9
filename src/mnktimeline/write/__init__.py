"""Change a store file safely: canonical layout, locks, atomic writes, new records, imports.

Nothing here imports typer or rich; the CLI turns options into the values these functions
take. Every change goes through ``update.locked_update``, which

- takes the store's lock: the kernel's ``flock`` on the store file itself, which dies
  with the process that holds it, so nothing is left behind (``lock``);
- re-reads and validates the store under the lock, so two writers never both change
  the same old version and an invalid store is never written to;
- applies the change, validates the result with the store's rule book (only the new
  records when the change just appends, see ``update.result_problems``), and writes the
  canonical text with ``atomic.replace_file`` (temporary file, fsync, rename, with the
  old file kept until the rename is synced, so that any failure puts it back).

Modules: ``target`` (what a path to write is), ``atomic``, ``lock``, ``canonical`` (the
layout), ``update`` (read, change, validate, write; dry runs), ``diff``, ``ids``,
``records`` (new actors, sources and events), ``add``, ``importing`` (CSV and JSON files
of events), ``references`` (what refers to a record), ``fields`` (``set``'s FIELD=VALUE),
``change`` (``set``, ``rm``, ``mv``), ``editing`` (``edit``).
"""

from __future__ import annotations

from collections.abc import Sequence

from ..errors import Error


class EditError(Error):
    """A change that was not made. The message is one sentence; ``details`` are extra
    lines (every rejected row, every problem) to print before it."""


class FieldError(EditError):
    """A change refused because of one field of what the user gave: ``option`` names it
    as the command line does (``--date``), so that a prompt can ask for it again."""

    def __init__(self, message: str, option: str, details: Sequence[str] = ()) -> None:
        super().__init__(message, details)
        self.option = option


class WriteError(Error):
    """A file that could not be written; the message names it and the reason."""


class LockTimeout(EditError):
    """Another command held the store's lock for longer than the timeout."""
