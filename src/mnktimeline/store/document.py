"""Check a whole parsed store document by the rule book, and build its records.

``check_document`` reads the format, checks the top level, runs the ``Checker`` over every
record of every list, applies the rules that span records (``rules.py``), and builds the
store when there is no error. A store of format 1 is checked by the rules of format 1,
then read as format 2 (``upgrade.py``), so that the rest of the program sees one model.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from ..dates import DateSpan
from ..model import (
    Actor,
    Coordinates,
    Event,
    Note,
    Office,
    Place,
    PlaceRef,
    Problem,
    Repost,
    Source,
    SourceRef,
    Store,
)
from .decode import Duplicated, kind_of
from .rules import late_message, late_start, relation_problems, within_problems
from .schema import FORMATS, LATEST, RECORD_OF_LIST, SCHEMA, TOP_LEVEL
from .validate import Checker


def label(kind: str, index: int, ident: Any) -> str:
    """Return how a problem names a record: ``events[3] '2014-talks'``, or ``events[3]``."""
    if isinstance(ident, str) and ident:
        return f"{kind}[{index}] '{ident}'"
    return f"{kind}[{index}]"


def format_of(doc: Any) -> int | None:
    """Return the format of a parsed store (1 when it names none), or None if it names
    one this version cannot read."""
    if not isinstance(doc, dict) or "format" not in doc:
        return 1
    version = doc["format"]
    return version if type(version) is int and version in FORMATS and version > 1 else None


def ids_in(doc: dict[str, Any], version: int) -> dict[str, set[str]]:
    """Return, per top-level list, the ids its records give (valid or not)."""
    out: dict[str, set[str]] = {}
    for key in TOP_LEVEL[version]:
        items = doc.get(key)
        out[key] = (
            {i["id"] for i in items if isinstance(i, dict) and isinstance(i.get("id"), str)}
            if isinstance(items, list)
            else set()
        )
    return out


def _records(ck: Checker, doc: dict[str, Any], key: str) -> Iterator[tuple[str, dict[str, Any]]]:
    """Yield the label and checked values of each record of a top-level list."""
    items = doc.get(key)
    if items is None:
        ck.error("", f"the top-level list '{key}' is missing")
        return
    if not isinstance(items, list):
        ck.error(key, f"must be a list, not {kind_of(items)}")
        return
    for i, item in enumerate(items):
        where = label(key, i, item.get("id") if isinstance(item, dict) else None)
        values = ck.record(RECORD_OF_LIST[key], item, where)
        if values is not None:
            yield where, values


def _top_level(ck: Checker, doc: Any) -> int | None:
    """Check the top level; return the format to check the lists by, or None."""
    if not isinstance(doc, dict):
        ck.error(
            "",
            "the top level must be a JSON object with 'sources', 'actors' and 'events', "
            f"not {kind_of(doc)}",
        )
        return None
    version = format_of(doc)
    if version is None:
        ck.error(
            "",
            f"top-level key 'format' is {doc['format']!r}; this version of timeline reads "
            f"format 2, or a store without 'format' (format 1)",
        )
        return None
    allowed = ("format", *TOP_LEVEL[version]) if version > 1 else TOP_LEVEL[version]
    for key in doc:
        if key not in allowed:
            ck.error("", f"top-level key '{key}' is not part of the schema ({', '.join(allowed)})")
    for key in doc.duplicates if type(doc) is Duplicated else ():
        ck.error(
            "",
            f"top-level key '{key}' is given more than once; only the last would be kept, "
            "so merge them into one",
        )
    return version


def check_document(
    doc: Any, path: str = "<store>", *, warnings: bool = True
) -> tuple[Store | None, list[Problem]]:
    """Return the store built from a parsed JSON document and every problem in it.

    The store is None when any problem is an error; warnings (control characters in
    text, for instance) still give a store. ``warnings`` False skips looking for them.
    """
    version = format_of(doc) or LATEST
    ck = Checker(ids_in(doc, version) if isinstance(doc, dict) else {}, version, warnings=warnings)
    if _top_level(ck, doc) is None:
        return None, ck.problems
    found = _build(ck, doc, version)
    if any(p.severity == "error" for p in ck.problems) or found is None:
        return None, ck.problems
    if version == 1:
        from .upgrade import upgrade

        store, problems = check_document(upgrade(doc), path, warnings=False)
        assert store is not None, problems  # a valid format-1 store upgrades to a valid one
        return store._replace(path=path, format=1), ck.problems
    sources, actors, places, events = found
    return Store(path, sources, actors, tuple(events.values()), places), ck.problems


def _build(
    ck: Checker, doc: dict[str, Any], version: int
) -> tuple[dict[str, Source], dict[str, Actor], dict[str, Place], dict[str, Event]] | None:
    sources = _keyed(_typed("source", v) for _, v in _records(ck, doc, "sources"))
    actors = _keyed(_typed("actor", v) for _, v in _records(ck, doc, "actors"))
    places: dict[str, Place] = {}
    where_place: dict[str, str] = {}
    for where, values in _records(ck, doc, "places") if version > 1 else ():
        if (place := _typed("place", values)) is not None:
            places[place.id] = place
            where_place[place.id] = where
    events: dict[str, Event] = {}
    where_event: dict[str, str] = {}
    for where, values in _records(ck, doc, "events"):
        if (ev := _event(ck, values, sources, where)) is not None:
            events[ev.id] = ev
            where_event[ev.id] = where
    if version == 1:
        return sources, actors, places, events
    for ident, message in within_problems(places):
        ck.error(where_place[ident], message)
    for ident, message in relation_problems(events):
        ck.error(where_event[ident], message)
    return sources, actors, places, events


def explain_events(
    items: Iterable[tuple[int, Any, Iterable[str]]],
    ids: dict[str, set[str]],
    sources: dict[str, Source],
    *,
    warnings: bool,
) -> list[Problem]:
    """Return the problems of some events of a store as ``check_document`` would name
    them. Each item is (the event's index, its parsed object, the ids of the events between
    the previous item and this one), in index order; ``ids`` are the ids of the store's
    records, valid or not. A repeated id is named where it is repeated, as it would be.

    An item's object may instead be ``(id, span, latest)``, an event known to be right in
    everything but its date, after every source's (``latest``): its one problem is said
    without checking it again."""
    ck = Checker(ids, LATEST, warnings=warnings)
    for index, item, between in items:
        ck.seen["event"].update(between)
        if isinstance(item, tuple):
            ident, span, latest = item
            ck.seen["event"].add(ident)
            ck.error(label("events", index, ident), late_message(span, latest))
            continue
        where = label("events", index, item.get("id") if isinstance(item, dict) else None)
        values = ck.record("event", item, where)
        if values is not None:
            _event(ck, values, sources, where)
    return ck.problems


def _keyed(records: Iterator[Any]) -> dict[str, Any]:
    return {r.id: r for r in records if r is not None}


def _complete(values: dict[str, Any] | None, kind: str, version: int = LATEST) -> bool:
    if values is None:
        return False
    return all(values.get(f.name) is not None for f in SCHEMA[version][kind] if f.required)


# The records whose fields come in the order the schema declares them, by record kind.
MODELS: dict[str, type] = {
    "source": Source,
    "repost": Repost,
    "actor": Actor,
    "office": Office,
    "place": Place,
    "coordinates": Coordinates,
}


def _typed(kind: str, values: dict[str, Any] | None) -> Any:
    """Return the record of a kind of ``MODELS`` made of its checked values, or None if a
    required value is missing (its problem is reported)."""
    if values is None or not _complete(values, kind):
        return None
    out: list[Any] = []
    for f in SCHEMA[LATEST][kind]:
        value = values.get(f.name)
        if f.type == "record":
            value = _typed(f.of or "", value)
        elif f.type == "records":
            value = tuple(r for r in (_typed(f.of or "", v) for v in value or ()) if r is not None)
        elif f.type == "texts" and value is None:
            value = ()
        out.append(value)
    return MODELS[kind](*out)


def _place_ref(link: Any) -> PlaceRef | None:
    if isinstance(link, str):
        return PlaceRef(link)
    return PlaceRef(link["place"], link["role"]) if _complete(link, "placeref") else None


def _late(
    ck: Checker,
    span: DateSpan,
    refs: tuple[SourceRef, ...],
    sources: dict[str, Source],
    where: str,
) -> bool:
    """Report an event dated after every source it cites; return whether it is."""
    published = [
        s.published.end if (s := sources.get(r.source)) and s.published else None
        for r in refs
        if r.source in sources
    ]
    latest = late_start(span, published)
    if latest is not None:
        ck.error(where, late_message(span, latest))
    return latest is not None


def _event(ck: Checker, v: dict[str, Any], sources: dict[str, Source], where: str) -> Event | None:
    refs = tuple(
        SourceRef(r["source"], r["locator"], r["quote"]) for r in v["sources"] if r["source"]
    )
    notes = tuple(
        Note(n["text"], n["sources"], n.get("kind") or "uncertainty")
        for n in v["notes"]
        if n["text"]
    )
    span = v["date"]
    if span is not None and refs and _late(ck, span, refs, sources, where):
        return None
    if not _complete(v, "event", ck.version) or not refs:
        return None
    places = tuple(p for p in map(_place_ref, v["places"]) if p is not None)
    return Event(
        v["id"],
        span,
        v["title"],
        v["summary"],
        v["category"],
        refs,
        v["actors"],
        v["tags"],
        places,
        notes,
        v.get("status") or "happened",
        v.get("part_of"),
        v.get("series"),
    )
