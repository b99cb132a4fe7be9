"""Typed records of the event store. No I/O here: store/ builds these from JSON.

Records are NamedTuples: immutable like frozen dataclasses, but made several times
faster and smaller, which counts when a store holds a million events.
"""

from __future__ import annotations

from datetime import date
from typing import Literal, NamedTuple

from .dates import DateSpan

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


def category_named(text: str) -> str | None:
    """Return the category ``text`` names, in any case ("Diplomacy"), or None."""
    folded = text.strip().casefold()
    return folded if folded in CATEGORIES else None


class Source(NamedTuple):
    id: str
    title: str
    author: str | None
    publisher: str | None
    published: DateSpan | None
    url: str | None

    @property
    def title_is_supplied(self) -> bool:
        """True when the title is a description we wrote in [square brackets], as
        bibliographies do for untitled items, rather than the source's own title."""
        return self.title.startswith("[") and self.title.endswith("]")


class Office(NamedTuple):
    title: str
    date: DateSpan | None = None
    source: str | None = None  # the source that states the office and its years


class Actor(NamedTuple):
    id: str
    name: str
    kind: ActorKind
    country: str | None = None
    aliases: tuple[str, ...] = ()
    offices: tuple[Office, ...] = ()


class SourceRef(NamedTuple):
    source: str
    locator: str | None = None
    quote: str | None = None


class Note(NamedTuple):
    """A sentence in the project's words on where sources disagree or what is uncertain."""

    text: str
    sources: tuple[str, ...] = ()


class Event(NamedTuple):
    id: str
    date: DateSpan
    title: str
    summary: str
    category: str
    sources: tuple[SourceRef, ...]
    actors: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    places: tuple[str, ...] = ()
    notes: tuple[Note, ...] = ()


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


class Store(NamedTuple):
    """A loaded, validated store: records in file order, with lookups by id."""

    path: str
    sources: dict[str, Source]
    actors: dict[str, Actor]
    events: tuple[Event, ...]

    def event(self, event_id: str) -> Event | None:
        """Return the event with this id, or None."""
        for ev in self.events:
            if ev.id == event_id:
                return ev
        return None


class Problem(NamedTuple):
    """One thing wrong with a store file; ``where`` names the record and field."""

    where: str
    message: str
    severity: Literal["error", "warning"] = "error"

    def __str__(self) -> str:
        return f"{self.where}: {self.message}" if self.where else self.message
