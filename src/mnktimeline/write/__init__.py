"""Change a store file safely: canonical layout, locks, atomic writes, new records, imports.

Nothing here imports typer or rich; the CLI turns options into the values these functions
take. Every change goes through ``update.locked_update``, which

- takes an advisory lock on a sidecar file ``PATH.lock`` (the store itself is replaced
  by a rename on every write, so a lock on it would guard a file that is about to go);
- re-reads and validates the store under the lock, so two writers never both change
  the same old version and an invalid store is never written to;
- applies the change, validates the result with the store's rule book (only the new
  records when the change just appends, see ``update.result_problems``), and writes the
  canonical text with ``atomic.write_atomic`` (temporary file, fsync, rename).

Modules: ``canonical`` (the layout), ``lock``, ``atomic``, ``update`` (read, change,
validate, write), ``ids``, ``records`` (new actors, sources and events), ``add``,
``importing`` (CSV and JSON files of events).
"""

from __future__ import annotations

from ..errors import Error


class EditError(Error):
    """A change that was not made. The message is one sentence; ``details`` are extra
    lines (every rejected row, every problem) to print before it."""


class LockTimeout(EditError):
    """Another command held the store's lock for longer than the timeout."""
