"""Typed records of the event store. No I/O here: store/ builds these from JSON.

Records are NamedTuples: immutable like frozen dataclasses, but made several times
faster and smaller, which counts when a store holds a million events.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from datetime import date
from typing import Literal

from .dates import DateSpan
from .record import Record

ActorKind = Literal["person", "state", "organisation"]
ACTOR_KINDS: tuple[ActorKind, ...] = ("person", "state", "organisation")

# The closed vocabulary of event categories, with the one-line definitions that the
# README repeats (a test keeps the two in step).
CATEGORIES: dict[str, str] = {
    "diplomacy": "Recognition, visits, talks, letters, embassies and treaties between states.",
    "economy": "Trade, investment, aid, transport and infrastructure projects.",
    "labour": "North Korean workers in Mongolia: agreements, numbers and departures.",
    "refugees": "North Koreans fleeing through Mongolia, and Mongolia's policy towards them.",
    "security-dialogue": "The Ulaanbaatar Dialogue and other forums on Northeast Asian security.",
    "mediation": "Mongolia as go-between or venue for other states' talks with the DPRK.",
    "culture": "Anniversaries, commemorations, exchanges of art, education and sport.",
    "sanctions": "Implementation of UN sanctions on the DPRK and illicit-finance cases.",
    "security": "Defence, policing and justice cooperation between the two states.",
    "humanitarian": "Aid in war, famine or epidemic, and care for orphans or the sick.",
}


# What a note says of an event: sources differ on a fact (say which values, which sources);
# a fact the sources leave open or unconfirmed; how a stored value was worked out.
NOTE_KINDS = ("disagreement", "uncertainty", "derivation")
# Whether the event took place as far as the sources know: reported as done; intended or
# scheduled; reported in advance, with no report that it took place; called off.
STATUSES = ("happened", "planned", "announced", "cancelled")
SOURCE_KINDS = (
    "archive-document",
    "official-statement",
    "state-media",
    "wire",
    "newspaper",
    "blog",
    "reference",
    "scholarly",
)
PLACE_KINDS = ("country", "region", "city", "venue")
# Why a place is named by an event: where it happened; what it is about; where it was to be.
PLACE_ROLES = ("venue", "subject", "proposed")


def category_named(text: str) -> str | None:
    """Return the category ``text`` names, in any case ("Diplomacy"), or None."""
    folded = text.strip().casefold()
    return folded if folded in CATEGORIES else None


class Repost(Record):
    """The site that carries a copy of a source, and when it put it up."""

    host: str
    published: DateSpan | None = None


class Source(Record):
    """A page or document. For a repost, ``publisher`` and ``published`` are the
    original's, and ``repost`` names the host whose copy ``url`` points to."""

    id: str
    title: str
    author: str | None
    publisher: str | None
    published: DateSpan | None
    url: str | None
    kind: str | None = None
    language: str | None = None
    repost: Repost | None = None
    accessed: DateSpan | None = None

    @property
    def title_is_supplied(self) -> bool:
        """True when the title is a description we wrote in [square brackets], as
        bibliographies do for untitled items, rather than the source's own title."""
        return self.title.startswith("[") and self.title.endswith("]")


class Office(Record):
    title: str
    date: DateSpan | None = None
    source: str | None = None  # the source that states the office and its years


class Actor(Record):
    id: str
    name: str
    kind: ActorKind
    country: str | None = None
    aliases: tuple[str, ...] = ()
    offices: tuple[Office, ...] = ()


class Coordinates(Record):
    lat: float
    lon: float
    source: str  # the source that gives them


class Place(Record):
    id: str
    name: str
    kind: str | None = None
    aliases: tuple[str, ...] = ()
    within: str | None = None  # the id of the place that contains it
    country: str | None = None
    coordinates: Coordinates | None = None


class PlaceRef(Record):
    """A place an event names, and why: where it happened, what it is about, or where
    it was to happen."""

    place: str
    role: str = "venue"


class SourceRef(Record):
    source: str
    locator: str | None = None
    quote: str | None = None


class Note(Record):
    """A sentence in the project's words: where sources disagree, what is uncertain, or how
    a value was worked out (``kind``, one of NOTE_KINDS), with the sources behind it."""

    text: str
    sources: tuple[str, ...]
    kind: str


class Event(Record):
    id: str
    date: DateSpan
    title: str
    summary: str
    category: str
    sources: tuple[SourceRef, ...]
    actors: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    places: tuple[PlaceRef, ...] = ()
    notes: tuple[Note, ...] = ()
    status: str = "happened"
    part_of: str | None = None  # the id of the event this one is a part (a stop) of
    series: str | None = None  # the name of a series of events (the Ulaanbaatar Dialogue)

    def noted(self, kind: str) -> bool:
        """Return whether the event has a note of this kind."""
        return any(n.kind == kind for n in self.notes)


def chronological(span: DateSpan | None, ident: str) -> tuple[date, date, str]:
    """Return the sort key of the chronology: first day, last day, then id.

    A record whose date cannot be read (None) sorts last; a store with one does not
    validate, so the key only has to be total for ``timeline fmt`` to sort it.
    """
    if span is None:
        return (date.max, date.max, ident)
    return (span.start, span.end, ident)


def order_key(event: Event) -> tuple[date, date, str]:
    """Return the sort key of an event in the chronology (see ``chronological``)."""
    return chronological(event.date, event.id)


class Store(Record):
    """A loaded, validated store: records in file order, with lookups by id.

    ``format`` is that of the file (1 or 2); a store of format 1 is read as format 2.
    ``encoded`` is only in the bundled store read from its snapshot: it returns each
    event's compact JSON by id, as ``render.json`` writes it, made from this very store
    at wheel build (None if it cannot be read: then make them).
    """

    path: str
    sources: Mapping[str, Source]  # a dict, or for the bundled store read when first asked for
    actors: Mapping[str, Actor]
    events: Sequence[Event]  # a tuple, or for a large store events decoded when asked for
    places: Mapping[str, Place]
    format: int = 2
    encoded: Callable[[], Mapping[str, str] | None] | None = None

    def event(self, event_id: str) -> Event | None:
        """Return the event with this id, or None."""
        find = getattr(self.events, "find", None)  # a large store's events know where each is
        if find is not None:
            return find(event_id)  # type: ignore[no-any-return]
        for ev in self.events:
            if ev.id == event_id:
                return ev
        return None


def quotations(store: Store) -> int:
    """Return how many quotations the store's events hold (a large store counted them as
    it read them)."""
    counted = getattr(store.events, "quotations", None)
    if counted is not None:
        return int(counted)
    return sum(ref.quote is not None for ev in store.events for ref in ev.sources)


class Problem(Record):
    """One thing wrong with a store file; ``where`` names the record and field."""

    where: str
    message: str
    severity: Literal["error", "warning"] = "error"

    def __str__(self) -> str:
        return f"{self.where}: {self.message}" if self.where else self.message
