"""The store as tidy tables: one value per cell, ids as keys, a table for every list.

Each table is declared once, with its columns (name, Table Schema type, whether required,
the closed vocabulary if any), its primary key, its foreign keys and the function that
gives its rows; render/datapackage.py writes them as CSV with a Table Schema each.

The tables of events (``events``, ``event_*``, ``notes``, ``note_sources``) hold the
events given; the others (actors, places, sources and what hangs from them) hold the
whole store, so that every key the events use is there.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence

from .. import model
from ..dates import DateSpan
from ..model import Event, Store
from ..record import Record

Cell = str | int | float | bool | None
Rows = Callable[[Sequence[Event], Store], Iterable[Sequence[Cell]]]


class Column(Record):
    name: str
    type: str = "string"  # a Table Schema type: string, integer, number, boolean, date
    required: bool = False
    description: str = ""
    enum: tuple[str, ...] = ()


class ForeignKey(Record):
    fields: tuple[str, ...]
    table: str  # the table referred to
    keys: tuple[str, ...]  # its fields


class Table(Record):
    name: str
    description: str
    columns: tuple[Column, ...]
    primary_key: tuple[str, ...]
    foreign_keys: tuple[ForeignKey, ...]
    rows: Rows


def _id(name: str, what: str) -> Column:
    return Column(name, required=True, description=f"The id of the {what}.")


def _position(what: str) -> Column:
    return Column("position", "integer", True, f"The order of the {what}, from 1.")


def _date_columns(what: str) -> tuple[Column, ...]:
    return (
        Column(
            "date",
            description=f"The {what} as stored (EDTF level 1: 2014, 2014-05, 1956~, 2015/2016).",
        ),
        Column("start", "date", description="The first day the date covers."),
        Column("end", "date", description="The last day the date covers."),
    )


def _span(span: DateSpan | None) -> tuple[Cell, Cell, Cell]:
    if span is None:
        return None, None, None
    return span.text, span.start.isoformat(), span.end.isoformat()


def _events(evs: Sequence[Event], _store: Store) -> Iterator[Sequence[Cell]]:
    for ev in evs:
        yield (
            ev.id,
            *_span(ev.date),
            ev.date.human(),
            ev.date.approximate,
            ev.date.uncertain,
            ev.status,
            ev.title,
            ev.summary,
            ev.category,
            ev.part_of,
            ev.series,
        )


def _numbered(pairs: Iterable[tuple[str, Iterable[Sequence[Cell]]]]) -> Iterator[Sequence[Cell]]:
    """Yield ``(key, position, *values)`` for each key's values, numbered from 1."""
    for key, values in pairs:
        for n, value in enumerate(values, 1):
            yield (key, n, *value)


EVENT_TABLES = (
    Table(
        "events",
        "One row per event.",
        (
            Column("id", required=True, description="The event's id."),
            *_date_columns("date of the event"),
            Column("display_date", required=True, description="The date as people read it."),
            Column("approximate", "boolean", True, "Whether the date is approximate (~)."),
            Column("uncertain", "boolean", True, "Whether the date is uncertain (?)."),
            Column("status", required=True, enum=model.STATUSES),
            Column("title", required=True),
            Column("summary", required=True),
            Column("category", required=True, enum=tuple(model.CATEGORIES)),
            Column("part_of", description="The id of the event this one is a part of."),
            Column("series", description="The name of the series the event belongs to."),
        ),
        ("id",),
        (ForeignKey(("part_of",), "events", ("id",)),),
        _events,
    ),
    Table(
        "event_actors",
        "Who took part in each event.",
        (_id("event_id", "event"), _position("actor"), _id("actor_id", "actor")),
        ("event_id", "position"),
        (
            ForeignKey(("event_id",), "events", ("id",)),
            ForeignKey(("actor_id",), "actors", ("id",)),
        ),
        lambda evs, _s: _numbered((ev.id, ((a,) for a in ev.actors)) for ev in evs),
    ),
    Table(
        "event_places",
        "The places each event names, and why: where it happened (venue), what it is "
        "about (subject), or where it was to happen (proposed).",
        (
            _id("event_id", "event"),
            _position("place"),
            _id("place_id", "place"),
            Column("role", required=True, enum=model.PLACE_ROLES),
        ),
        ("event_id", "position"),
        (
            ForeignKey(("event_id",), "events", ("id",)),
            ForeignKey(("place_id",), "places", ("id",)),
        ),
        lambda evs, _s: _numbered((ev.id, ((p.place, p.role) for p in ev.places)) for ev in evs),
    ),
    Table(
        "event_tags",
        "The free tags of each event.",
        (_id("event_id", "event"), _position("tag"), Column("tag", required=True)),
        ("event_id", "position"),
        (ForeignKey(("event_id",), "events", ("id",)),),
        lambda evs, _s: _numbered((ev.id, ((t,) for t in ev.tags)) for ev in evs),
    ),
    Table(
        "event_sources",
        "The sources of each event, with where in the source (locator) and any quotation.",
        (
            _id("event_id", "event"),
            _position("source"),
            _id("source_id", "source"),
            Column("locator", description="Where in the source: para. 3, p. 12."),
            Column("quote", description="A short quotation of the source."),
        ),
        ("event_id", "position"),
        (
            ForeignKey(("event_id",), "events", ("id",)),
            ForeignKey(("source_id",), "sources", ("id",)),
        ),
        lambda evs, _s: _numbered(
            (ev.id, ((r.source, r.locator, r.quote) for r in ev.sources)) for ev in evs
        ),
    ),
    Table(
        "notes",
        "Notes on events: where sources disagree, what they leave open, how a value was "
        "worked out.",
        (
            _id("event_id", "event"),
            Column("note", "integer", True, "The note's number within its event, from 1."),
            Column("kind", required=True, enum=model.NOTE_KINDS),
            Column("text", required=True),
        ),
        ("event_id", "note"),
        (ForeignKey(("event_id",), "events", ("id",)),),
        lambda evs, _s: _numbered((ev.id, ((n.kind, n.text) for n in ev.notes)) for ev in evs),
    ),
    Table(
        "note_sources",
        "The sources behind each note.",
        (
            _id("event_id", "event"),
            Column("note", "integer", True, "The note's number within its event."),
            _position("source"),
            _id("source_id", "source"),
        ),
        ("event_id", "note", "position"),
        (
            ForeignKey(("event_id", "note"), "notes", ("event_id", "note")),
            ForeignKey(("source_id",), "sources", ("id",)),
        ),
        lambda evs, _s: (
            (ev.id, n, m, source)
            for ev in evs
            for n, note in enumerate(ev.notes, 1)
            for m, source in enumerate(note.sources, 1)
        ),
    ),
)

STORE_TABLES = (
    Table(
        "actors",
        "People, states and organisations.",
        (
            Column("id", required=True, description="The actor's id."),
            Column("name", required=True),
            Column("kind", required=True, enum=model.ACTOR_KINDS),
            Column("country", description="ISO 3166-1 alpha-3 code."),
        ),
        ("id",),
        (),
        lambda _e, store: ((a.id, a.name, a.kind, a.country) for a in store.actors.values()),
    ),
    Table(
        "actor_aliases",
        "Other spellings of actors' names, and their names in their own scripts.",
        (_id("actor_id", "actor"), _position("alias"), Column("alias", required=True)),
        ("actor_id", "position"),
        (ForeignKey(("actor_id",), "actors", ("id",)),),
        lambda _e, store: _numbered(
            (a.id, ((x,) for x in a.aliases)) for a in store.actors.values()
        ),
    ),
    Table(
        "actor_offices",
        "The offices people held, with the source that states them.",
        (
            _id("actor_id", "actor"),
            _position("office"),
            Column("title", required=True),
            *_date_columns("time in office"),
            Column("source_id", description="The id of the source that states the office."),
        ),
        ("actor_id", "position"),
        (
            ForeignKey(("actor_id",), "actors", ("id",)),
            ForeignKey(("source_id",), "sources", ("id",)),
        ),
        lambda _e, store: _numbered(
            (a.id, ((o.title, *_span(o.date), o.source) for o in a.offices))
            for a in store.actors.values()
        ),
    ),
    Table(
        "places",
        "Countries, regions, cities and venues, with coordinates where a source gives them.",
        (
            Column("id", required=True, description="The place's id."),
            Column("name", required=True),
            Column("kind", enum=model.PLACE_KINDS),
            Column("within", description="The id of the place that contains it."),
            Column("country", description="ISO 3166-1 alpha-3 code."),
            Column("lat", "number", description="Latitude, WGS 84 degrees."),
            Column("lon", "number", description="Longitude, WGS 84 degrees."),
            Column("coordinates_source", description="The id of the source of lat and lon."),
        ),
        ("id",),
        (
            ForeignKey(("within",), "places", ("id",)),
            ForeignKey(("coordinates_source",), "sources", ("id",)),
        ),
        lambda _e, store: (
            (
                p.id,
                p.name,
                p.kind,
                p.within,
                p.country,
                *(
                    (p.coordinates.lat, p.coordinates.lon, p.coordinates.source)
                    if p.coordinates
                    else (None, None, None)
                ),
            )
            for p in store.places.values()
        ),
    ),
    Table(
        "place_aliases",
        "Other names of places.",
        (_id("place_id", "place"), _position("alias"), Column("alias", required=True)),
        ("place_id", "position"),
        (ForeignKey(("place_id",), "places", ("id",)),),
        lambda _e, store: _numbered(
            (p.id, ((x,) for x in p.aliases)) for p in store.places.values()
        ),
    ),
    Table(
        "sources",
        "The pages and documents the events rest on.",
        (
            Column("id", required=True, description="The source's id."),
            Column("title", required=True, description="Its title, or [a description]."),
            Column("author"),
            Column("publisher", description="The original's, for a copy on another site."),
            Column("published", description="When (the original was) published, EDTF."),
            Column("url", description="The page read."),
            Column("kind", enum=model.SOURCE_KINDS),
            Column("language", description="ISO 639 code."),
            Column("repost_host", description="The site whose copy url points to."),
            Column("repost_published", description="When that site put up its copy, EDTF."),
            Column("accessed", description="When the page was read, EDTF."),
        ),
        ("id",),
        (),
        lambda _e, store: (
            (
                s.id,
                s.title,
                s.author,
                s.publisher,
                s.published.text if s.published else None,
                s.url,
                s.kind,
                s.language,
                s.repost.host if s.repost else None,
                s.repost.published.text if s.repost and s.repost.published else None,
                s.accessed.text if s.accessed else None,
            )
            for s in store.sources.values()
        ),
    ),
)

TABLES = EVENT_TABLES + STORE_TABLES
