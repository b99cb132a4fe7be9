"""Read a store to change it, change it under its lock, check the result, write it."""

from __future__ import annotations

import os
import re
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from ..errors import UsageError
from ..model import Problem, Store
from ..record import Record
from ..store import StoreError, bundled_store, check_document, format_of, is_packaged, read_json
from . import EditError, WriteError
from .atomic import replace_file
from .canonical import Doc, canonical_chunks, canonical_text, first_difference, lists
from .diff import unified
from .lock import LOCK_TIMEOUT, hold, locked
from .target import store_target

T = TypeVar("T")


def read_store(path: Path | str) -> tuple[Doc, Store]:
    """Return the parsed document at ``path`` and the validated store built from it.

    Raises StoreError (with every problem) if the file cannot be read or has errors.
    """
    doc = read_json(path)
    store, problems = check_document(doc, str(path))
    if store is None:
        errors = [p for p in problems if p.severity == "error"]
        raise StoreError(str(path), errors or problems)
    return doc, store


def refuse_packaged(path: Path | str) -> None:
    """Raise EditError if ``path`` is the store inside the installed package.

    The repository's ``data/events.json`` of a source checkout is an ordinary file and
    is not refused.
    """
    if is_packaged(path):
        raise EditError(
            f"{path} is the store bundled inside the installed package and is never "
            "changed; start your own copy with 'timeline init my-events.json'"
        )


def store_to_change(data: str | None, command: str) -> Path:
    """Return the store a writing command may change: ``--data`` (or the variable).

    Raises UsageError when none is given, and EditError for the bundled store.
    """
    if not data:
        raise UsageError(
            f"'timeline {command}' changes a store file and the bundled store is never "
            "written; give --data PATH or set MNKTIMELINE_DATA (make your own copy with "
            "'timeline init my-events.json')"
        )
    refuse_packaged(data)
    refuse_unwritable(data)
    return Path(data)


def refuse_unwritable(path: Path | str) -> None:
    """Raise EditError if ``path`` names something that cannot be a store to change (a
    folder, a FIFO, a device, a read-only file), before anything opens it: opening a FIFO
    to read it would wait for a writer. A missing file is left to the read that follows."""
    try:
        store_target(str(path), new=True)
    except WriteError as exc:
        raise EditError(str(exc)) from None


def exists(path: Path | str) -> bool:
    """Return whether ``path`` names something; False for a name the system refuses
    (over 255 bytes, for one), which the read or write that follows reports."""
    try:
        os.stat(path)
    except (OSError, ValueError):
        return False
    return True


def _checked(
    path: Path | str, change: Callable[[Doc, Store], tuple[Doc, T]], doc: Doc, store: Store
) -> tuple[Doc, T]:
    """Return what ``change`` makes of a store, refusing (EditError) a result with errors."""
    new_doc, result = change(doc, store)
    errors = [str(p) for p in result_problems(doc, store, new_doc, str(path))]
    if errors:
        raise EditError(
            f"{path} was not changed: the result would not validate "
            f"({len(errors)} problem{'s' if len(errors) != 1 else ''}: {errors[0]})",
            errors[1:],
        )
    return new_doc, result


def locked_update(
    path: Path | str,
    change: Callable[[Doc, Store], tuple[Doc, T]],
    *,
    timeout: float = LOCK_TIMEOUT,
) -> T:
    """Apply ``change`` to the store at ``path`` under its lock; return what it returns.

    ``change`` gets the freshly read document and its validated store and returns the new
    document (it must not mutate the one it got) and a result. Refuses, writing nothing:
    a store that does not validate (StoreError), a result that does not validate
    (EditError listing its problems), a lock not had in time (LockTimeout), a file that
    cannot be written (EditError). A change that returns the very document it got (as
    ``fmt`` does) writes only if the file is not already canonical.
    """
    if not exists(path):
        read_store(path)  # raises StoreError for what is missing
    with locked(path, timeout) as held:
        doc, store = read_store(path)
        new_doc, result = _checked(path, change, doc, store)
        try:
            if new_doc is not doc:
                replace_file(str(held.path), canonical_chunks(new_doc), old=held.stat, hold=hold)
            elif (text := canonical_text(doc)).encode("utf-8") != held.path.read_bytes():
                replace_file(str(held.path), [text], old=held.stat, hold=hold)
        except WriteError as exc:
            raise EditError(str(exc)) from None
        except OSError as exc:
            raise EditError(f"cannot write {path}: {exc.strerror or exc}") from None
        return result


class Preview(Record):
    """What a dry run found: the lines of the diff, and whether the file was canonical
    (if not, the write would also have rewritten its layout)."""

    diff: list[str]
    canonical: bool


def preview(
    path: Path | str, change: Callable[[Doc, Store], tuple[Doc, T]], *, layout: bool = False
) -> tuple[T, Preview]:
    """Return what ``change`` would return and the diff of what it would write, changing
    nothing: the canonical text before against the canonical text after, or with
    ``layout`` (``fmt``) the file as it is against its canonical text. Refuses what
    ``locked_update`` refuses, but takes no lock."""
    doc, store = read_store(path)
    new_doc, result = _checked(path, change, doc, store)
    raw = Path(path).read_bytes().decode("utf-8", errors="replace")
    before = canonical_text(doc)
    after = before if new_doc is doc else canonical_text(new_doc)
    lines = list(unified(raw if layout else before, after, str(path)))
    return result, Preview(lines, raw == before)


def _appended(old: Doc, new: Doc) -> dict[str, list[Any]] | None:
    """Return the records ``new`` appends to ``old``'s lists, or None if it does more."""
    if new.keys() != old.keys():
        return None
    out: dict[str, list[Any]] = {}
    for key in lists(old):
        before, after = old.get(key), new.get(key)
        if not isinstance(before, list) or not isinstance(after, list):
            return None
        if len(after) < len(before) or any(a is not b for a, b in zip(before, after, strict=False)):
            return None
        out[key] = after[len(before) :]
    return out


_EVENT_INDEX = re.compile(r"events\[(\d+)\]")


def result_problems(old: Doc, old_store: Store, new: Doc, path: str) -> list[Problem]:
    """Return the errors of the document ``new`` that a change made of ``old``.

    ``old`` must have validated into ``old_store``. When ``new`` only appends records
    (its lists start with the very same objects as ``old``'s), the old records cannot have
    gained an error except by a clash of ids, so ``store.check_document`` checks the
    sources, the actors and only the appended events, and their ids are checked against
    the old ones: the same verdict as checking the whole, at a fraction of the cost on a
    large store. Any other change is checked whole.
    """
    added = _appended(old, new)
    if added is not None and not any(added.values()):
        return []
    if added is None or any(isinstance(r, dict) and "part_of" in r for r in added["events"]):
        _, problems = check_document(new, path)  # a relation needs the whole to check
        return [p for p in problems if p.severity == "error"]
    offset = len(old["events"])
    context = {k: v for k, v in new.items() if k != "events"} | {"events": added["events"]}
    _, problems = check_document(context, path)
    errors = [
        Problem(
            _EVENT_INDEX.sub(lambda m: f"events[{int(m[1]) + offset}]", p.where, count=1),
            p.message,
        )
        for p in problems
        if p.severity == "error"
    ]
    return errors + _clashes(old_store, added["events"], offset)


def _clashes(old_store: Store, records: list[Any], offset: int) -> list[Problem]:
    """Return a problem for each appended event whose id an old event has."""
    old_ids = {e.id for e in old_store.events}
    idents = [r.get("id") if isinstance(r, dict) else None for r in records]
    return [
        Problem(f"events[{i + offset}] '{ident}'", f"duplicate event id '{ident}'")
        for i, ident in enumerate(idents)
        if isinstance(ident, str) and ident in old_ids
    ]


def check_canonical(path: Path | str) -> int | None:
    """Return None if the store at ``path`` is in the canonical layout, else the first
    line that differs. Raises StoreError if it cannot be read or does not validate."""
    doc, _ = read_store(path)
    text = canonical_text(doc)
    try:
        raw = Path(path).read_bytes()
    except OSError as exc:
        raise StoreError(str(path), [Problem("", f"cannot be read ({exc.strerror})")]) from None
    if raw == text.encode("utf-8"):
        return None
    return first_difference(raw.decode("utf-8", errors="replace"), text)


def init_store(path: Path | str, *, force: bool = False, dry_run: bool = False) -> InitResult:
    """Write the bundled store, in canonical layout, to ``path``; return what was written
    (with ``dry_run``, what would be, and the diff, changing nothing).

    Refuses an existing file unless ``force`` (EditError), a folder, a FIFO, a device,
    a missing folder, and the bundled store itself. Symlinks are followed: the file at the
    end of the chain is replaced, and the links stay.
    """
    doc, store = read_store(bundled_store())
    refuse_packaged(path)
    text = canonical_text(doc)
    try:
        target = store_target(str(path), new=True)
    except WriteError as exc:
        raise EditError(str(exc)) from None
    if target.kind == "file" and not force:
        raise EditError(
            f"{path} already exists; give --force to replace it with the bundled store, "
            "or choose another file name"
        )
    if dry_run:
        old = Path(target.path).read_bytes().decode("utf-8", "replace") if target.stat else ""
        created = target.stat is None
        return InitResult(store, list(unified(old, text, str(path), created=created)), created)
    try:
        if target.kind == "file":
            with locked(path) as held:
                replace_file(str(held.path), [text], old=held.stat, hold=hold)
        else:
            replace_file(target.path, [text], old=None)
    except WriteError as exc:
        raise EditError(str(exc)) from None
    return InitResult(store, [])


class InitResult(Record):
    store: Store
    diff: list[str]
    created: bool = False  # a dry run for a file that is not there yet


def format_store(path: Path | str, *, check_only: bool = False, dry_run: bool = False) -> Outcome:
    """Rewrite the store at ``path`` in the canonical layout; return the sentence to say
    (and with ``dry_run`` the diff of what would change, changing nothing).

    With ``check_only``, change nothing and raise EditError if the file is not canonical.
    A store that does not validate is neither checked nor formatted: EditError names its
    one error, or says how many there are, each listed in its details.
    """
    doing = "checked" if check_only else "formatted"
    if not check_only:
        refuse_unwritable(path)
    try:
        line = check_canonical(path)
        if line is None:
            return Outcome(f"{path} is in the canonical layout")
        if check_only:
            raise EditError(
                f"{path} is not in the canonical layout (it first differs at line {line}); "
                f"'timeline fmt {path}' rewrites it"
            )
        refuse_packaged(path)
        if dry_run:
            _, shown = preview(path, lambda d, s: (d, None), layout=True)
            return Outcome(
                f"dry run: {path} was not changed; formatting it would change the lines above",
                tuple(shown.diff),
            )
        locked_update(path, lambda d, s: (d, None))
    except StoreError as exc:
        errors = [p for p in exc.problems if p.severity == "error"] or exc.problems
        if len(errors) == 1:
            raise EditError(f"{exc.path}: {errors[0]}; it was not {doing}") from None
        raise EditError(
            f"{exc.path} was not {doing}: it has {len(errors)} errors, listed above",
            [f"{exc.path}: {p}" for p in errors],
        ) from None
    return Outcome(f"formatted {path}")


class Outcome(Record):
    """The sentence a command says of what it did, and the diff of a dry run."""

    sentence: str
    diff: tuple[str, ...] = ()


def upgrade_store(path: Path | str, *, dry_run: bool = False) -> Outcome:
    """Rewrite the store at ``path`` from format 1 in format 2, keeping every value; return
    the sentence that says what the upgrade decided (with ``dry_run``, would decide, and
    the diff, changing nothing).

    Refuses (EditError) a store already of format 2; a store that does not validate is not
    changed (StoreError).
    """
    from ..store.upgrade import upgrade

    def change(doc: Doc, store: Store) -> tuple[Doc, Doc]:
        if format_of(doc) != 1:
            raise EditError(f"{path} is already of format {doc.get('format')}; nothing to upgrade")
        new = upgrade(doc)
        return new, new

    refuse_packaged(path)
    diff: tuple[str, ...] = ()
    if dry_run:
        new, shown = preview(path, change, layout=True)
        diff = tuple(shown.diff)
    else:
        new = locked_update(path, change)
    kinds = Counter(n["kind"] for e in new["events"] for n in e.get("notes", ()))
    decided = ", ".join(f"{kinds[k]} {k}" for k in sorted(kinds)) or "none"
    done = "would upgrade" if dry_run else "upgraded"
    return Outcome(
        f"{'dry run: ' if dry_run else ''}{done} {path} to format 2: {len(new['places'])} place records made from the "
        f"events' place names, and each note given a kind by its wording ({decided}); "
        "check those with 'timeline list --disputed' and '--uncertain'",
        diff,
    )
