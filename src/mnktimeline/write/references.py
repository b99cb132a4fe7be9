"""What refers to a record, and the store with those references renamed or cut.

The references are read from the schema's declarations (``ref`` on a field, the place
links of events), so a reference added to the schema is found, renamed and cut here
without a change. One walk serves all three: it visits every value that refers to a
record of one of the ``targets`` and lets a function keep it, replace it, or drop it.

What dropping does follows the schema: an item of a list goes from the list; a field that
is not required goes from its record; a record that loses a required field or the last
item of a list it needs (an event's last source, a note's last source) goes itself, from
its list or its parent's field, and a top-level record that goes is reported, so that
what refers to it can be cut in turn.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from ..record import Record
from ..store.schema import RECORD_OF_LIST, SCHEMA, TOP_LEVEL, Field
from .canonical import Doc

DROP = object()  # what a visit returns for a reference to cut

# (list, id) of a top-level record: ("actors", "mongolia")
Key = tuple[str, str]
Visit = Callable[[str, str], Any]  # (list referred to, id) -> the new id, the same, or DROP


class Hit(Record):
    """A record that refers to a target, and where: ``events`` '2014-talks' ``actors``."""

    list: str
    id: str
    where: str  # the field path, "actors", "sources[1] source", "notes[0] sources"


def _walk(value: Any, kind: str, version: int, visit: Visit, where: str, hits: list[str]) -> Any:
    """Return ``value`` (a record of ``kind``) with its references visited: the very same
    object when nothing changed, a new one when something did, DROP when it must go."""
    if not isinstance(value, dict):
        return value
    out: dict[str, Any] | None = None
    for field in SCHEMA[version][kind]:
        if field.name not in value:
            continue
        old = value[field.name]
        new = _field(old, field, version, visit, f"{where}{field.name}", hits)
        if new is old:
            continue
        if new is DROP:
            if field.required:
                return DROP
            out = dict(value if out is None else out)
            del out[field.name]
            continue
        out = dict(value if out is None else out)
        out[field.name] = new
    return value if out is None else out


def _field(old: Any, field: Field, version: int, visit: Visit, where: str, hits: list[str]) -> Any:
    if field.type == "text" and field.ref is not None and isinstance(old, str):
        return _one(field.ref, old, visit, where, hits)
    if field.type == "record" and field.of is not None:
        return _walk(old, field.of, version, visit, f"{where} ", hits)
    if isinstance(old, list) and field.type in ("texts", "links", "records"):
        return _items(old, field, version, visit, where, hits)
    return old


def _items(
    old: list[Any], field: Field, version: int, visit: Visit, where: str, hits: list[str]
) -> Any:
    """Return a list field with its items visited (see ``_walk``)."""
    items: list[Any] = []
    changed = False
    for i, item in enumerate(old):
        if isinstance(item, str) and field.ref is not None:
            new = _one(field.ref, item, visit, where, hits)
        elif isinstance(item, dict) and field.of is not None:
            new = _walk(item, field.of, version, visit, f"{where}[{i}] ", hits)
        else:
            new = item
        changed = changed or new is not item
        if new is not DROP:
            items.append(new)
    if not changed:
        return old
    if len(items) < field.min_items or (field.type == "records" and not items):
        # A list a record needs goes with the record (the caller sees a required field
        # go); an emptied list of notes or offices goes from its record. Lists of texts
        # and links stay, empty, as the store writes them.
        return DROP
    return items


def _one(ref: str, value: str, visit: Visit, where: str, hits: list[str]) -> Any:
    new = visit(ref, value)
    if new is not value:
        hits.append(where)
        return new
    return value


def rewrite(doc: Doc, version: int, visit: Visit) -> tuple[Doc, list[Hit], list[Key]]:
    """Return ``doc`` with every reference visited, the records whose references changed
    (each reference once), and the top-level records that had to go. ``doc`` itself is
    not changed; records without a change stay the same objects."""
    out = dict(doc)
    hits: list[Hit] = []
    gone: list[Key] = []
    for key in TOP_LEVEL[version]:
        records = doc.get(key)
        if not isinstance(records, list):
            continue
        kept: list[Any] = []
        for record in records:
            found: list[str] = []
            new = _walk(record, RECORD_OF_LIST[key], version, visit, "", found)
            ident = str(record.get("id")) if isinstance(record, dict) else ""
            hits.extend(Hit(key, ident, where) for where in found)
            if new is DROP:
                gone.append((key, ident))
            else:
                kept.append(new)
        out[key] = kept
    return out, hits, gone


def references(doc: Doc, version: int, targets: Iterable[Key]) -> list[Hit]:
    """Return every reference to the records ``targets``, by the record that holds it."""
    wanted = frozenset(targets)
    # Dropping only to find: the hits are what refers; nothing is kept of the result.
    _, hits, _ = rewrite(doc, version, _dropping(wanted))
    return [h for h in hits if (h.list, h.id) not in wanted]


def renamed(doc: Doc, version: int, target: Key, new_id: str) -> tuple[Doc, list[Hit]]:
    """Return ``doc`` with every reference to ``target`` made ``new_id``, and where they were."""

    def visit(ref: str, value: str) -> Any:
        return new_id if (ref, value) == target else value

    new_doc, hits, _ = rewrite(doc, version, visit)
    return new_doc, hits


def cut(doc: Doc, version: int, targets: Iterable[Key]) -> tuple[Doc, list[Hit], list[Key]]:
    """Return ``doc`` without the records ``targets`` and without every reference to them,
    the references cut, and the other records that had to go with them (an event left
    without a source), whose references are cut in turn."""
    removing = set(targets)
    out = {
        key: [r for r in records if (key, _ident(r)) not in removing]
        if isinstance(records, list)
        else records
        for key, records in doc.items()
    }
    all_hits: list[Hit] = []
    also: list[Key] = []
    while True:
        out, hits, gone = rewrite(out, version, _dropping(frozenset(removing)))
        all_hits.extend(hits)
        if not gone:
            break
        also.extend(gone)
        removing |= set(gone)
    gone_set = set(also)
    return out, [h for h in all_hits if (h.list, h.id) not in gone_set], also


def _dropping(targets: frozenset[Key]) -> Visit:
    def visit(ref: str, value: str) -> Any:
        return DROP if (ref, value) in targets else value

    return visit


def _ident(record: Any) -> str:
    return str(record.get("id")) if isinstance(record, dict) else ""
