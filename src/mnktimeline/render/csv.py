"""CSV for spreadsheets, in the dialect of ``csvformat`` (which ``timeline import`` reads)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from ..csvformat import (
    ACTOR_COLUMNS,
    BOM,
    EVENT_COLUMNS,
    PLACE_COLUMNS,
    SOURCE_COLUMNS,
    join_list,
    list_cell,
    named_cell,
    notes_cell,
    rows,
    sources_cell,
)
from ..model import Actor, Event, Place, Source, Store

_TAG_COLUMNS = ("tag", "events")
# The columns of each kind, for --fields (render.pick_fields).
FIELDS: dict[str, Sequence[str]] = {
    "events": EVENT_COLUMNS,
    "actor": EVENT_COLUMNS,
    "actors": ACTOR_COLUMNS,
    "sources": SOURCE_COLUMNS,
    "places": PLACE_COLUMNS,
    "tags": _TAG_COLUMNS,
}


def _rows(
    header: Sequence[str], records: Iterable[Sequence[str]], fields: Sequence[str] | None
) -> Iterator[str]:
    """Yield the CSV of ``records`` in the columns ``header``, or only the ``fields``."""
    if fields is None:
        return rows(header, records)
    at = [header.index(name) for name in fields]
    return rows(fields, ([record[i] for i in at] for record in records))


def events(
    evs: Sequence[Event],
    store: Store,
    bom: bool = False,
    fields: Sequence[str] | None = None,
    **_: Any,
) -> Iterator[str]:
    """Yield one row per event with every field, in the columns of ``EVENT_COLUMNS``, so
    that ``timeline import`` reads back what was exported (``csvformat`` says how each
    list is written); with ``bom``, a byte-order mark first (for Excel)."""
    actor_names = Counter(a.name for a in store.actors.values())
    place_names = Counter(p.name for p in store.places.values())

    def actor_unique(name: str) -> bool:
        return actor_names[name] == 1

    def place_unique(name: str) -> bool:
        return place_names[name] == 1

    if bom:
        yield BOM
    yield from _rows(
        EVENT_COLUMNS,
        (
            (
                ev.id,
                ev.date.text,
                ev.date.start.isoformat(),
                ev.date.end.isoformat(),
                ev.status,
                ev.title,
                ev.summary,
                ev.category,
                list_cell(ev.tags),
                named_cell([(a, store.actors[a].name, "venue") for a in ev.actors], actor_unique),
                named_cell(
                    [(p.place, store.places[p.place].name, p.role) for p in ev.places],
                    place_unique,
                ),
                ev.part_of or "",
                ev.series or "",
                sources_cell(ev.sources),
                join_list(store.sources[r.source].title for r in ev.sources),
                join_list(store.sources[r.source].url or "" for r in ev.sources),
                notes_cell(ev.notes),
            )
            for ev in evs
        ),
        fields,
    )


def actors(
    items: Sequence[tuple[Actor, int]],
    fields: Sequence[str] | None = None,
    **_: Any,
) -> Iterator[str]:
    return _rows(
        ACTOR_COLUMNS,
        (
            (
                a.id,
                a.name,
                join_list(a.aliases),
                a.kind,
                a.country or "",
                join_list(f"{o.title} ({o.date.text})" if o.date else o.title for o in a.offices),
                str(n),
            )
            for a, n in items
        ),
        fields,
    )


def sources(
    items: Sequence[tuple[Source, int]],
    fields: Sequence[str] | None = None,
    **_: Any,
) -> Iterator[str]:
    return _rows(
        SOURCE_COLUMNS,
        (
            (
                s.id,
                s.title,
                s.author or "",
                s.publisher or "",
                s.published.text if s.published else "",
                s.url or "",
                str(n),
            )
            for s, n in items
        ),
        fields,
    )


def places(
    items: Sequence[tuple[Place, int]],
    fields: Sequence[str] | None = None,
    **_: Any,
) -> Iterator[str]:
    return _rows(
        PLACE_COLUMNS,
        (
            (
                p.id,
                p.name,
                join_list(p.aliases),
                p.kind or "",
                p.within or "",
                p.country or "",
                str(p.coordinates.lat) if p.coordinates else "",
                str(p.coordinates.lon) if p.coordinates else "",
                str(n),
            )
            for p, n in items
        ),
        fields,
    )


def tags(
    items: Sequence[tuple[str, int]], fields: Sequence[str] | None = None, **_: Any
) -> Iterator[str]:
    return _rows(_TAG_COLUMNS, ((tag, str(n)) for tag, n in items), fields)
