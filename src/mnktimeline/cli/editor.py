"""Run the user's editor on one record until what they save is valid or unchanged.

The editor is ``$VISUAL``, else ``$EDITOR`` (run by the shell, as git runs it, so that
``EDITOR='code --wait'`` works), else ``vi`` on a terminal. While it runs, Ctrl-C belongs
to the editor: this process ignores it, and the editor gets the default.
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from ..errors import UsageError
from ..record import Record
from ..render.messages import edit_cancelled, editor_failed
from ..write import EditError
from ..write.canonical import Doc, ordered
from ..write.change import Found, version_of
from ..write.editing import edit_text, judge, record_json
from .streams import terminal


def editor_command() -> str:
    """Return the editor to run; refuses (UsageError) to guess one off a terminal."""
    for name in ("VISUAL", "EDITOR"):
        value = os.environ.get(name, "").strip()
        if value:
            return value
    if terminal().interactive:
        return "vi"
    raise UsageError(
        "no editor to run: set VISUAL or EDITOR (such as EDITOR=nano), or change fields "
        "with 'timeline set ID FIELD=VALUE'"
    )


def _default_sigint() -> None:
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def run_editor(editor: str, file: str) -> int:
    """Run ``editor`` on ``file`` and return its exit status."""
    previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        return subprocess.call(
            ["/bin/sh", "-c", f'{editor} "$@"', editor, file], preexec_fn=_default_sigint
        )
    finally:
        signal.signal(signal.SIGINT, previous)


class Edited(Record):
    """The outcome of an editing session: the record to store (None: no change), the
    record as it was, and the file that holds what was saved."""

    record: Any
    original: Any
    file: str


@contextlib.contextmanager
def edit_file(found: Found, ident: str) -> Iterator[str]:
    """Yield a new private file for one record, removed afterwards unless it is kept
    (renamed away by ``keep``)."""
    safe = "".join(c if c.isalnum() or c in "-._" else "-" for c in ident)[:60]
    fd, name = tempfile.mkstemp(prefix=f"timeline-edit-{found.kind}-{safe}-", suffix=".json")
    os.close(fd)
    try:
        yield name
    finally:
        with contextlib.suppress(OSError):
            os.unlink(name)


def kept_name(file: str) -> str:
    """Return the name ``keep`` gives the file of a session."""
    return file.removesuffix(".json") + ".kept.json"


def keep(file: str) -> str:
    """Keep what the user saved: move ``file`` to a name that survives the session."""
    kept = kept_name(file)
    os.replace(file, kept)
    return kept


def session(doc: Doc, found: Found, path: str, file: str) -> Edited:
    """Open the record at ``found`` in the editor and reopen it with the problems at the
    top until what is saved is valid, unchanged or empty. Returns the valid record (None
    for no change); refuses (EditError) an editor that fails, and a save left with errors,
    keeping what was saved."""
    editor = editor_command()
    original = found.record(doc)
    ident = str(original["id"])
    body = record_json(ordered(original, found.kind, version_of(doc)))
    shown = edit_text(found.kind, ident, path, body, [])
    while True:
        Path(file).write_text(shown, encoding="utf-8")
        status = run_editor(editor, file)
        saved = Path(file).read_text(encoding="utf-8", errors="replace")
        if status != 0:
            kept = keep(file) if saved != shown else None
            raise EditError(editor_failed(editor, status, path, kept))
        verdict = judge(doc, found, saved, path)
        if verdict.outcome in ("empty", "unchanged"):
            return Edited(None, original, file)
        if verdict.outcome == "valid":
            return Edited(verdict.record, original, file)
        if saved == shown:  # reopened with errors, and left as it was: the user gives up
            raise EditError(edit_cancelled(found.kind, ident, path, keep(file)))
        shown = edit_text(found.kind, ident, path, verdict.body, verdict.problems)
