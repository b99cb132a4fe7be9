"""JSON and JSON Lines: the contract scripts depend on. Never goes through rich."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import TYPE_CHECKING, Any

from ..model import Actor, Event, Place, Problem, Source, Store
from . import Options

if TYPE_CHECKING:
    from ..relations import Relations


def source_record(source: Source) -> dict[str, Any]:
    """Return the JSON shape of a source, the same wherever a source is given."""
    repost = source.repost
    return {
        "id": source.id,
        "title": source.title,
        "author": source.author,
        "publisher": source.publisher,
        "published": source.published.text if source.published else None,
        "url": source.url,
        "kind": source.kind,
        "language": source.language,
        "repost": {
            "host": repost.host,
            "published": repost.published.text if repost.published else None,
        }
        if repost is not None
        else None,
        "accessed": source.accessed.text if source.accessed else None,
    }


def event_record(
    ev: Event,
    store: Store,
    relations: Relations | None = None,
    sources: dict[str, dict[str, Any]] | None = None,
) -> dict[str, Any]:
    """Return the JSON shape of one event (pinned by tests/test_contract.py).

    ``relations`` and ``sources`` (the JSON of each source, by id, filled as it goes) may
    be shared between the events of one output, so that each is made once.
    """
    if relations is None:
        from ..relations import Relations  # not needed where the events come made

        relations = Relations(store)
    sources = {} if sources is None else sources
    for ref in ev.sources:
        if ref.source not in sources:
            sources[ref.source] = source_record(store.sources[ref.source])
    return {
        "id": ev.id,
        "date": ev.date.text,
        "start": ev.date.start.isoformat(),
        "end": ev.date.end.isoformat(),
        "display_date": ev.date.human(),
        "approximate": ev.date.approximate,
        "uncertain": ev.date.uncertain,
        "status": ev.status,
        "title": ev.title,
        "summary": ev.summary,
        "category": ev.category,
        "tags": list(ev.tags),
        "actors": [{"id": a, "name": store.actors[a].name} for a in ev.actors],
        "places": [
            {"id": p.place, "name": store.places[p.place].name, "role": p.role} for p in ev.places
        ],
        "part_of": ev.part_of,
        "series": ev.series,
        "related": [
            {"id": r.event.id, "title": r.event.title, "relation": r.relation}
            for r in relations.of(ev)
        ],
        "sources": [
            {**sources[ref.source], "locator": ref.locator, "quote": ref.quote}
            for ref in ev.sources
        ],
        "notes": [{"kind": n.kind, "text": n.text, "sources": list(n.sources)} for n in ev.notes],
    }


def _event_records(evs: Sequence[Event], store: Store) -> Iterator[dict[str, Any]]:
    from ..relations import Relations

    relations = Relations(store, evs)
    sources: dict[str, dict[str, Any]] = {}
    return (event_record(ev, store, relations, sources) for ev in evs)


def encoded(store: Store) -> dict[str, str]:
    """Return each event's record as compact JSON, by id: what ``events`` prints for it.

    The bundled store's snapshot keeps these (``Store.encoded``), made at wheel build; a
    record depends on the store alone (its sources, actors, places and related events),
    never on the query, so the strings stay true for every listing of that store.
    """
    dump = _encoder()
    return {record["id"]: dump(record) for record in _event_records(store.events, store)}


def _made(evs: Sequence[Event], store: Store, fields: Sequence[str] | None) -> list[str] | None:
    """Return the events' JSON made with the store, or None where it must be made now."""
    if store.encoded is None or fields is not None:
        return None
    made = store.encoded()
    if made is None:
        return None
    return [made[ev.id] for ev in evs]


def _encoder() -> Callable[[Any], str]:
    """Return the function that encodes one record as compact JSON.

    When a large store was loaded, msgspec is already imported: its encoder writes the
    same bytes as the json module with these settings (tests/test_render.py checks),
    three times as fast, which counts when 100,000 events are printed.
    """
    import json  # here and below: not imported to print the strings made in advance

    # One encoder for every record: json.dumps with options would build one per call.
    plain = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode
    if "msgspec" not in sys.modules:
        return plain
    import msgspec

    fast = msgspec.json.Encoder().encode

    def encode(obj: Any) -> str:
        try:
            return fast(obj).decode("utf-8")
        except UnicodeEncodeError:
            # A lone surrogate (from a file name given on the command line, say), which
            # msgspec refuses: the json module writes it, and the output escapes it.
            return plain(obj)

    return encode


def _pretty(opts: Options | None) -> bool:
    return opts is not None and opts.tty


def _indented() -> Callable[[Any], str]:
    # JSON strings hold no raw newline, so indenting every line indents the structure.
    import json

    encode = json.JSONEncoder(ensure_ascii=False, indent=2).encode
    return lambda obj: "  " + encode(obj).replace("\n", "\n  ")


# The fields of each record, for --fields (render.pick_fields); tests/test_contract.py
# checks them against the records.
_EVENT = (
    "id", "date", "start", "end", "display_date", "approximate", "uncertain", "status",
    "title", "summary", "category", "tags", "actors", "places", "part_of", "series",
    "related", "sources", "notes",
)  # fmt: skip
_SOURCE = (
    "id", "title", "author", "publisher", "published", "url", "kind", "language",
    "repost", "accessed",
)  # fmt: skip
FIELDS: dict[str, tuple[str, ...]] = {
    "events": _EVENT,
    "actor": _EVENT,
    "event": _EVENT,
    "actors": ("id", "name", "aliases", "kind", "country", "offices", "events"),
    "sources": (*_SOURCE, "events"),
    "places": ("id", "name", "kind", "aliases", "within", "country", "coordinates", "events"),
    "tags": ("tag", "events"),
}


def _project(items: Iterable[dict[str, Any]], fields: Sequence[str] | None) -> Iterator[Any]:
    if fields is None:
        return iter(items)
    return ({name: record[name] for name in fields} for record in items)


def _array(
    items: Iterable[dict[str, Any]],
    opts: Options | None = None,
    fields: Sequence[str] | None = None,
) -> Iterator[str]:
    # In a pipe, one element per line: valid JSON, and each line encoded by the C encoder
    # as the whole list streams out. On a terminal, indented for a person to read.
    items = _project(items, fields)
    dump = _indented() if _pretty(opts) else _encoder()
    first = True
    for item in items:
        yield ("[\n" if first else ",\n") + dump(item)
        first = False
    yield "[]\n" if first else "\n]\n"


def _one(obj: dict[str, Any], opts: Options | None, fields: Sequence[str] | None) -> str:
    import json

    obj = next(_project([obj], fields))
    if _pretty(opts):
        return json.dumps(obj, ensure_ascii=False, indent=2) + "\n"
    return json.dumps(obj, ensure_ascii=False, separators=(",", ":")) + "\n"


def events(
    evs: Sequence[Event],
    store: Store,
    *,
    opts: Options | None = None,
    fields: Sequence[str] | None = None,
    **_: Any,
) -> Iterator[str]:
    made = None if _pretty(opts) else _made(evs, store, fields)
    if made is not None:
        return iter(("[\n" + ",\n".join(made) + "\n]\n",) if made else ("[]\n",))
    return _array(_event_records(evs, store), opts, fields)


def events_lines(
    evs: Sequence[Event], store: Store, *, fields: Sequence[str] | None = None, **_: Any
) -> Iterator[str]:
    made = _made(evs, store, fields)
    if made is not None:
        yield from (line + "\n" for line in made)
        return
    dump = _encoder()
    for record in _project(_event_records(evs, store), fields):
        yield dump(record) + "\n"


def event(
    ev: Event,
    store: Store,
    *,
    opts: Options | None = None,
    fields: Sequence[str] | None = None,
    **_: Any,
) -> Iterator[str]:
    yield _one(event_record(ev, store), opts, fields)


def record(obj: Any, **_: Any) -> Iterator[str]:
    """Yield one record as indented JSON (a record as it would be stored)."""
    import json

    yield json.dumps(obj, ensure_ascii=False, indent=2) + "\n"


def actor_record(actor: Actor, count: int) -> dict[str, Any]:
    return {
        "id": actor.id,
        "name": actor.name,
        "aliases": list(actor.aliases),
        "kind": actor.kind,
        "country": actor.country,
        "offices": [
            {"title": o.title, "date": o.date.text if o.date else None, "source": o.source}
            for o in actor.offices
        ],
        "events": count,
    }


def actors(
    rows: Sequence[tuple[Actor, int]],
    *,
    opts: Options | None = None,
    fields: Sequence[str] | None = None,
    **_: Any,
) -> Iterator[str]:
    return _array((actor_record(a, n) for a, n in rows), opts, fields)


def actors_lines(
    rows: Sequence[tuple[Actor, int]], *, fields: Sequence[str] | None = None, **_: Any
) -> Iterator[str]:
    dump = _encoder()
    for record in _project((actor_record(a, n) for a, n in rows), fields):
        yield dump(record) + "\n"


def problems(
    items: Sequence[Problem],
    path: str,
    *,
    opts: Options | None = None,
    fields: Sequence[str] | None = None,
    **_: Any,
) -> Iterator[str]:
    return _array(
        (
            {"file": path, "where": p.where, "message": p.message, "severity": p.severity}
            for p in items
        ),
        opts,
        fields,
    )


def stats(
    rows: Sequence[tuple[str, int]],
    *,
    opts: Options | None = None,
    fields: Sequence[str] | None = None,
    **_: Any,
) -> Iterator[str]:
    """Yield ``[{"key": "2014", "count": 3}, ...]``; keys are always strings."""
    return _array(({"key": key, "count": count} for key, count in rows), opts, fields)


def sources(
    rows: Sequence[tuple[Source, int]],
    *,
    opts: Options | None = None,
    fields: Sequence[str] | None = None,
    **_: Any,
) -> Iterator[str]:
    return _array(({**source_record(s), "events": n} for s, n in rows), opts, fields)


def place_record(place: Place, count: int) -> dict[str, Any]:
    c = place.coordinates
    return {
        "id": place.id,
        "name": place.name,
        "kind": place.kind,
        "aliases": list(place.aliases),
        "within": place.within,
        "country": place.country,
        "coordinates": {"lat": c.lat, "lon": c.lon, "source": c.source} if c else None,
        "events": count,
    }


def places(
    rows: Sequence[tuple[Place, int]],
    *,
    opts: Options | None = None,
    fields: Sequence[str] | None = None,
    **_: Any,
) -> Iterator[str]:
    return _array((place_record(p, n) for p, n in rows), opts, fields)


def tags(
    rows: Sequence[tuple[str, int]],
    *,
    opts: Options | None = None,
    fields: Sequence[str] | None = None,
    **_: Any,
) -> Iterator[str]:
    """Yield ``[{"tag": "abductions", "events": 7}, ...]``."""
    return _array(({"tag": tag, "events": n} for tag, n in rows), opts, fields)
