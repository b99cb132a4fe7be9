"""``timeline set``, ``rm`` and ``mv``: one record of a store changed, removed or renamed.

Each ``plan_*`` takes the document and its validated store and returns the new document
and what it did, without changing what it was given; ``update.locked_update`` checks the
result with the whole rule book and writes it, or ``update.preview`` shows the diff.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from ..errors import UsageError
from ..model import Store
from ..record import Record
from ..store import format_of
from ..store.schema import ID, LATEST, RECORD_OF_LIST
from ..suggest import closest
from . import EditError
from .canonical import Doc, ordered
from .fields import Assignment, a_kind, apply
from .references import Hit, cut, references, renamed

LISTS = {"event": "events", "actor": "actors", "source": "sources", "place": "places"}
KINDS = tuple(LISTS)


def version_of(doc: Doc) -> int:
    return format_of(doc) or LATEST


def check_kind(kind: str | None) -> str | None:
    """Return ``--kind`` in lower case; refuses (UsageError) a kind of record that is not
    one of event, actor, source, place."""
    if kind is None:
        return None
    folded = kind.strip().casefold()
    if folded not in LISTS:
        raise UsageError(f"--kind {kind}: use one of {', '.join(KINDS)}")
    return folded


class Found(Record):
    """A record of the store: its list (``events``), its kind (``event``), its position."""

    list: str
    kind: str
    position: int

    def record(self, doc: Doc) -> dict[str, Any]:
        value: dict[str, Any] = doc[self.list][self.position]
        return value


def find_record(doc: Doc, ident: str, kind: str | None = None) -> Found:
    """Return where the record with id ``ident`` is (among events, actors, sources and
    places, or only those of ``kind``).

    Refuses (EditError) an id no record has, suggesting the closest ids, and (UsageError)
    an id that records of two kinds have, unless ``kind`` says which.
    """
    lists = [LISTS[kind]] if kind else [k for k in LISTS.values() if isinstance(doc.get(k), list)]
    found = [
        Found(key, RECORD_OF_LIST[key], i)
        for key in lists
        for i, r in enumerate(doc.get(key) or ())
        if isinstance(r, dict) and r.get("id") == ident
    ]
    if len(found) == 1:
        return found[0]
    if found:
        kinds = [f.kind for f in found]
        raise UsageError(
            f"'{ident}' is the id of {' and of '.join(map(a_kind, kinds))}; "
            f"say which with {' or '.join(f'--kind {k}' for k in kinds)}"
        )
    raise EditError(_not_found(doc, ident, kind, lists))


def _not_found(doc: Doc, ident: str, kind: str | None, lists: Sequence[str]) -> str:
    """Return the sentence for an id no record has, with the closest ids."""
    ids = [str(r.get("id")) for key in lists for r in doc.get(key) or () if isinstance(r, dict)]
    close = closest(ident, ids)
    close += [i for i in ids if ident and ident in i and i not in close]
    hint = f"; did you mean {', '.join(close[:3])}?" if close else ""
    return f"no {kind or 'event, actor, source or place'} has the id '{ident}'{hint}"


def _replaced(doc: Doc, found: Found, record: Any) -> Doc:
    records = list(doc[found.list])
    records[found.position] = record
    return {**doc, found.list: records}


class Done(Record):
    """What a change did: to which record, the references it changed (``hits``), the
    records that went with it (``gone``, as kind and id), the fields it set."""

    kind: str
    id: str
    changed: bool = True
    hits: tuple[Hit, ...] = ()
    gone: tuple[tuple[str, str], ...] = ()
    fields: tuple[str, ...] = ()

    @property
    def referring(self) -> int:
        """Return how many records held the references changed."""
        return len({(h.list, h.id) for h in self.hits})


def plan_set(
    doc: Doc, store: Store, ident: str, kind: str | None, assignments: Sequence[Assignment]
) -> tuple[Doc, Done]:
    """Return the document with the record ``ident``'s fields set, and what was done.

    The assignments are made in order; see ``fields.apply`` for what each refuses.
    A result equal to the record is no change (``Done.changed`` False).
    """
    found = find_record(doc, ident, kind)
    old = found.record(doc)
    new = old
    version = version_of(doc)
    for a in assignments:
        new = apply(new, found.kind, version, a, store)
    new = ordered(new, found.kind, version)
    names = tuple(dict.fromkeys(a.name for a in assignments))
    if new == old:
        return doc, Done(found.kind, ident, changed=False, fields=names)
    return _replaced(doc, found, new), Done(found.kind, ident, fields=names)


def plan_rename(
    doc: Doc, store: Store, old_id: str, new_id: str, kind: str | None
) -> tuple[Doc, Done]:
    """Return the document with the record ``old_id`` renamed ``new_id`` and every
    reference to it changed, and what was done.

    Refuses (EditError) an id no record has, a new id that is not an id or that another
    record of the same kind has, and the same id twice.
    """
    found = find_record(doc, old_id, kind)
    if new_id == old_id:
        raise EditError(f"'{old_id}' and '{new_id}' are the same id; nothing to rename")
    if not ID.fullmatch(new_id):
        raise UsageError(
            f"'{new_id}' is not an id: it may hold only letters, digits and . _ : - "
            "and must start with a letter or digit"
        )
    taken = {r.get("id") for r in doc[found.list] if isinstance(r, dict)}
    if new_id in taken:
        raise EditError(
            f"{a_kind(found.kind)} with the id '{new_id}' "
            f"is already in the store; choose another id, or 'timeline rm {new_id}' first"
        )
    new_doc, hits = renamed(doc, version_of(doc), (found.list, old_id), new_id)
    record = dict(found.record(new_doc), id=new_id)
    return _replaced(new_doc, found, record), Done(found.kind, old_id, hits=tuple(hits))


def plan_remove(
    doc: Doc, store: Store, ident: str, kind: str | None, *, force: bool
) -> tuple[Doc, Done]:
    """Return the document without the record ``ident``, and what was done.

    Refuses (EditError, every referring record listed in its details) a record that
    others refer to, unless ``force``: then the references go too, and the records that
    cannot stand without them (an event whose last source goes), whose references go in
    turn; ``Done`` lists them all.
    """
    found = find_record(doc, ident, kind)
    version = version_of(doc)
    target = (found.list, ident)
    if not force:
        hits = references(doc, version, [target])
        if hits:
            raise EditError(refused_removal(found.kind, ident, hits), [str_hit(h) for h in hits])
    new_doc, hits, gone = cut(doc, version, [target])
    kinds = tuple((RECORD_OF_LIST[key], i) for key, i in gone)
    return new_doc, Done(found.kind, ident, hits=tuple(hits), gone=kinds)


def str_hit(hit: Hit) -> str:
    """Return a reference as a detail line says it: ``events '2014-talks': field 'actors'``."""
    return f"{hit.list} '{hit.id}': field '{hit.where}'"


def refused_removal(kind: str, ident: str, hits: Sequence[Hit]) -> str:
    """Return the sentence that refuses to remove a record others refer to."""
    holders = list(dict.fromkeys(f"{RECORD_OF_LIST[h.list]} '{h.id}'" for h in hits))
    shown = ", ".join(holders[:3]) + (f" and {len(holders) - 3} more" if len(holders) > 3 else "")
    return (
        f"{kind} '{ident}' was not removed: {len(holders)} record{'s' if len(holders) != 1 else ''} "
        f"refer{'s' if len(holders) == 1 else ''} to it ({shown}; each reference is listed above); "
        "change them first, or give --force to remove the references too, and any record "
        "left without a source"
    )
